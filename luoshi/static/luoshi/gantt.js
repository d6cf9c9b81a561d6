// Draws a plan's 甘特图 with ECharts from the json_script data on the page (no inline script: CSP).
// Each task is a bar from the plan's start to its deadline; the part done is filled in its light's colour.
// The table below carries the same rows, so without ECharts the page still reads and prints.
(function () {
  "use strict";
  var COLOURS = { green: "#1a8f3c", yellow: "#d89b00", red: "#c8161d" };
  var PALE = { green: "#cfe9d6", yellow: "#f5e4b3", red: "#f3c5c7" };

  function draw() {
    var holder = document.getElementById("gantt");
    var source = document.getElementById("gantt-data");
    if (!holder || !source || !window.echarts) return;
    var rows = JSON.parse(source.textContent).rows.filter(function (r) { return r.start && r.end; });
    if (!rows.length) return;
    holder.hidden = false;
    holder.style.height = Math.max(240, rows.length * 28 + 60) + "px";
    var labels = rows.map(function (r) {
      var text = r.code + " " + r.title;
      return (r.depth > 1 ? "　" : "") + (text.length > 18 ? text.slice(0, 17) + "…" : text);
    });
    var data = rows.map(function (r, i) {
      return { value: [i, +new Date(r.start), +new Date(r.end), r.progress], light: r.light };
    });
    var chart = window.echarts.init(holder, null, { renderer: "svg" });
    chart.setOption({
      animation: false,
      grid: { left: 230, right: 30, top: 30, bottom: 30 },
      xAxis: { type: "time", position: "top", axisLabel: { formatter: "{M}月" } },
      yAxis: { type: "category", data: labels, inverse: true, axisTick: { show: false } },
      tooltip: {
        formatter: function (p) {
          var r = rows[p.value[0]];
          return r.code + " " + r.title + "<br>完成时限：" + r.end + "<br>进度：" + r.progress + "%";
        }
      },
      series: [{
        type: "custom",
        encode: { x: [1, 2], y: 0 },
        data: data,
        renderItem: function (params, api) {
          var y = api.coord([api.value(1), api.value(0)])[1];
          var x0 = api.coord([api.value(1), 0])[0];
          var x1 = api.coord([api.value(2), 0])[0];
          var h = api.size([0, 1])[1] * 0.55;
          var done = x0 + (x1 - x0) * Math.min(100, api.value(3)) / 100;
          var light = data[params.dataIndex].light;
          return {
            type: "group",
            children: [
              { type: "rect", shape: { x: x0, y: y - h / 2, width: Math.max(1, x1 - x0), height: h },
                style: { fill: PALE[light] || "#e5e7eb" } },
              { type: "rect", shape: { x: x0, y: y - h / 2, width: Math.max(0, done - x0), height: h },
                style: { fill: COLOURS[light] || "#6b7280" } }
            ]
          };
        }
      }]
    });
    window.addEventListener("resize", function () { chart.resize(); });
    window.addEventListener("beforeprint", function () { chart.resize({ width: 1000 }); });
    window.addEventListener("afterprint", function () { chart.resize(); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
