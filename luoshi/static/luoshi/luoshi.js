// Behaviour the pages once wrote inline (the Content-Security-Policy forbids inline script):
//   data-confirm="question" on a form asks before it is sent;
//   data-close-editor on a button empties the node editor it sits in.
document.addEventListener("submit", function (event) {
  var form = event.target.closest("form[data-confirm]");
  if (form && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
    event.stopImmediatePropagation();
  }
}, true);

document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-close-editor]");
  if (button) {
    var editor = button.closest(".node-editor");
    if (editor) editor.innerHTML = "";
  }
});
