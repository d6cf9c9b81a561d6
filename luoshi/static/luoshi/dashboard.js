// Draws the leader dashboard's charts with ECharts from the json_script data on the page.
// The tables carry the same numbers, so without ECharts (assets not built) the page still reads fine.
(function () {
  "use strict";
  var data = window.luoshiCharts.data, show = window.luoshiCharts.show;

  function short(label) {
    return label.length > 14 ? label.slice(0, 13) + "…" : label;
  }

  // A line's bar takes its light's colour, so a red line never reads as a calm blue bar.
  var LIGHT_COLOURS = { green: "#1a8f3c", yellow: "#d89b00", red: "#c8161d" };
  function coloured(d) {
    return d.progress.map(function (value, i) {
      var colour = d.lights && LIGHT_COLOURS[d.lights[i]];
      return colour ? { value: value, itemStyle: { color: colour } } : value;
    });
  }

  function progressBars(id, d) {
    if (!d || !d.labels.length) return;
    var chart = show(id, Math.max(200, 28 * d.labels.length + 60));
    if (!chart) return;
    chart.setOption({
      grid: { left: 8, right: 40, top: 10, bottom: 20, containLabel: true },
      tooltip: { trigger: "axis", valueFormatter: function (v) { return v.toFixed(1) + "%"; } },
      xAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
      yAxis: { type: "category", inverse: true, data: d.labels, axisLabel: { formatter: short } },
      series: [{ type: "bar", data: coloured(d), itemStyle: { color: "#1f5fbf" },
                 label: { show: true, position: "right", formatter: function (p) { return p.value.toFixed(1) + "%"; } } }]
    });
  }

  function trend(d) {
    if (!d || !d.labels.length) return;
    var chart = show("chart-trend");
    if (!chart) return;
    chart.setOption({
      grid: { left: 8, right: 8, top: 40, bottom: 20, containLabel: true },
      tooltip: { trigger: "axis" },
      legend: { data: ["已采纳报送", "平均报送进度"] },
      xAxis: { type: "category", data: d.labels },
      yAxis: [{ type: "value", name: "份", minInterval: 1 },
              { type: "value", name: "%", max: 100, splitLine: { show: false } }],
      series: [
        { name: "已采纳报送", type: "bar", data: d.accepted, itemStyle: { color: "#1f5fbf" } },
        { name: "平均报送进度", type: "line", yAxisIndex: 1, data: d.mean, connectNulls: false,
          itemStyle: { color: "#c8161d" } }
      ]
    });
  }

  // Units: vertical bars at a fixed height, so a page of fifty units stays one screen tall.
  function drawUnits() {
    var d = data("units-data");
    if (!d || !d.labels.length) return;
    var chart = show("chart-units");
    if (!chart) return;
    chart.setOption({
      grid: { left: 8, right: 8, top: 20, bottom: 10, containLabel: true },
      tooltip: { trigger: "axis", valueFormatter: function (v) { return v.toFixed(1) + "%"; } },
      xAxis: { type: "category", data: d.labels, axisLabel: { interval: 0, rotate: d.labels.length > 12 ? 45 : 0, formatter: short } },
      yAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
      series: [{ type: "bar", data: d.progress, itemStyle: { color: "#1f5fbf" } }]
    });
  }

  function draw() {
    var d = data("dashboard-data");
    if (!d || !window.echarts) return;
    progressBars("chart-lines", d.lines);
    drawUnits();
    trend(d.trend);
  }

  window.luoshiCharts.ready(draw);
  // After htmx swaps in another page of units, draw its chart (htmx:load fires on the new content).
  document.addEventListener("htmx:load", function (e) {
    if (e.detail.elt && e.detail.elt.id === "units") drawUnits();
  });
})();
