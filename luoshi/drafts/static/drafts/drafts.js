// Edits are sent as they happen (a renamed title on blur, then a click elsewhere), so two answers can
// arrive out of order. Each answer carries the draft's revision; never let an older tree replace a newer one.
document.addEventListener("htmx:beforeSwap", function (event) {
  var current = document.getElementById("tree");
  var match = /data-revision="(\d+)"/.exec(event.detail.serverResponse || "");
  if (current && match && Number(match[1]) < Number(current.dataset.revision)) {
    event.detail.shouldSwap = false;
  }
});
