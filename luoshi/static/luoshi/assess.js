// Draws the assessment charts with ECharts from the json_script data on the page. Every chart has its
// table beside it with the same numbers, so without ECharts the page still reads fine.
(function () {
  "use strict";
  var data = window.luoshiCharts.data, show = window.luoshiCharts.show;

  function ranking(d) {
    if (!d.labels.length) return;
    var chart = show("chart-ranking", Math.max(200, 26 * d.labels.length + 40));
    if (!chart) return;
    chart.setOption({
      grid: { left: 8, right: 48, top: 10, bottom: 10, containLabel: true },
      tooltip: { trigger: "axis" },
      xAxis: { type: "value" },
      yAxis: { type: "category", inverse: true, data: d.labels },
      series: [{ type: "bar", data: d.totals, itemStyle: { color: "#c8161d" }, label: { show: true, position: "right" } }]
    });
  }

  function heat(d) {
    if (!d.units.length || !d.lines.length) return;
    var chart = show("chart-heat", Math.max(240, 26 * d.units.length + 80));
    if (!chart) return;
    chart.setOption({
      grid: { left: 8, right: 8, top: 10, bottom: 60, containLabel: true },
      tooltip: { formatter: function (p) { return d.units[p.value[1]] + "<br>" + d.lines[p.value[0]] + "：" + p.value[2] + "%"; } },
      xAxis: { type: "category", data: d.lines, axisLabel: { formatter: function (v) { return v.split(" ")[0]; } } },
      yAxis: { type: "category", data: d.units, inverse: true },
      visualMap: { min: 0, max: 100, orient: "horizontal", left: "center", bottom: 0, calculable: true,
                   inRange: { color: ["#c8161d", "#f2d68a", "#1a8f3c"] } },
      series: [{ type: "heatmap", data: d.cells, label: { show: d.units.length * d.lines.length <= 200 } }]
    });
  }

  function line(id, months, series) {
    var chart = show(id);
    if (!chart) return;
    chart.setOption({
      grid: { left: 8, right: 8, top: 40, bottom: 10, containLabel: true },
      tooltip: { trigger: "axis" },
      legend: { data: series.map(function (s) { return s.name; }) },
      xAxis: { type: "category", data: months },
      yAxis: { type: "value", minInterval: 1 },
      series: series
    });
  }

  function draw() {
    var r = data("assess-ranking-data");
    if (r) {
      ranking(r.ranking);
      heat(r.heat);
      if (r.trend.months.length) {
        line("chart-trend", r.trend.months, [{ name: "平均平时得分", type: "line", data: r.trend.mean, itemStyle: { color: "#c8161d" } }]);
      }
    }
    var u = data("assess-unit-data");
    if (u && u.months.length) {
      line("chart-profile", u.months, [
        { name: "绿灯", type: "bar", stack: "l", data: u.green, itemStyle: { color: "#1a8f3c" } },
        { name: "黄灯", type: "bar", stack: "l", data: u.yellow, itemStyle: { color: "#d89b00" } },
        { name: "红灯", type: "bar", stack: "l", data: u.red, itemStyle: { color: "#c8161d" } },
        { name: "迟报", type: "line", data: u.late, itemStyle: { color: "#555" } },
        { name: "未报", type: "line", data: u.missing, itemStyle: { color: "#999" } }
      ]);
      line("chart-score", u.months, [{ name: "平时得分", type: "line", data: u.score, itemStyle: { color: "#1f5fbf" } }]);
    }
  }

  window.luoshiCharts.ready(draw);
})();
