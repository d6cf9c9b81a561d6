// The one helper for drawing ECharts from the json_script data on a page (dashboard, assessment pages).
// Every chart has its table beside it with the same numbers, so without ECharts the page still reads fine.
window.luoshiCharts = (function () {
  "use strict";
  var charts = [];

  function data(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  // The chart in element `id` (shown, `height` px tall), replacing one drawn there before; null without ECharts.
  function show(id, height) {
    var el = document.getElementById(id);
    if (!el || !window.echarts) return null;
    el.hidden = false;
    if (height) el.style.height = height + "px";
    var old = window.echarts.getInstanceByDom(el);
    if (old) old.dispose();
    var chart = window.echarts.init(el);
    charts.push(chart);
    return chart;
  }

  function ready(draw) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw); else draw();
  }

  window.addEventListener("resize", function () { charts.forEach(function (c) { if (!c.isDisposed()) c.resize(); }); });
  return { data: data, show: show, ready: ready };
})();
