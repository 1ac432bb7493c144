/* Dashboards: draws the charts and the map from the data the page holds in json_script
   elements (#dashboard-data, #map-data), with plotly.js. No inline scripts: the CSP forbids them. */
(function () {
  "use strict";

  // Okabe–Ito colours: distinguishable with the common colour-vision deficiencies.
  var COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#999999"];
  var INK = "#1d1d1b";
  var FONT = {
    family: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
    size: 13,
    color: INK
  };
  var CONFIG = { displayModeBar: false, responsive: true, scrollZoom: false };
  var drawn = [];

  function readData(id) {
    var element = document.getElementById(id);
    return element ? JSON.parse(element.textContent) : null;
  }

  function isNarrow() {
    return window.matchMedia("(max-width: 40rem)").matches;
  }

  function lineTrace(line, quarters) {
    var own = line.role === "own";
    var median = line.role === "median";
    var colour = own ? INK : COLOURS[line.colour % COLOURS.length];
    return {
      type: "scatter",
      mode: median ? "lines" : "lines+markers",
      name: line.name,
      x: quarters,
      y: line.values,
      connectgaps: false,
      line: { color: colour, width: own ? 3.5 : median ? 1.5 : 2, dash: median ? "dot" : "solid" },
      marker: { size: own ? 7 : 5, color: colour },
      // A group's median is toggled together with the group in the legend.
      legendgroup: own ? "own" : "group-" + line.colour,
      showlegend: !median,
      hovertemplate: "%{y:.1f} %"
    };
  }

  function drawCharts(data) {
    data.charts.forEach(function (chart) {
      var element = document.getElementById(chart.id);
      if (!element) {
        return;
      }
      var traces = chart.lines.map(function (line) {
        return lineTrace(line, data.quarters);
      });
      var layout = {
        font: FONT,
        separators: ",.",
        margin: { l: 48, r: 12, t: 8, b: 8 },
        paper_bgcolor: "rgba(0,0,0,0)",
        plot_bgcolor: "#ffffff",
        hovermode: "x unified",
        hoverlabel: { font: FONT },
        xaxis: { type: "category", tickangle: isNarrow() ? -60 : -35, automargin: true, fixedrange: true },
        yaxis: { ticksuffix: " %", rangemode: "tozero", gridcolor: "#e3e7ec", fixedrange: true, automargin: true },
        legend: { orientation: "h", x: 0, y: -0.25, yanchor: "top", font: { size: 12 } },
        showlegend: chart.lines.length > 1
      };
      Plotly.newPlot(element, traces, layout, CONFIG);
      drawn.push(element);
    });
  }

  function drawMap(data) {
    var element = document.getElementById("kaart");
    if (!element) {
      return;
    }
    var outline = { color: "#ffffff", width: 0.6 };
    var base = { type: "choropleth", geojson: data.geojson, featureidkey: "properties.geoitem" };
    var traces = [
      Object.assign({}, base, {
        name: "Geen cijfer",
        locations: data.missing,
        z: data.missing.map(function () { return 0; }),
        text: data.missingNames,
        colorscale: [[0, "#c4c8cc"], [1, "#c4c8cc"]],
        showscale: false,
        marker: { line: outline },
        hovertemplate: "%{text}: geen cijfer of n<10<extra></extra>"
      }),
      Object.assign({}, base, {
        name: data.indicator,
        locations: data.locations,
        z: data.values,
        text: data.names,
        colorscale: [[0, "#e3eef9"], [0.5, "#5b9bd5"], [1, "#08306b"]],
        marker: { line: outline },
        colorbar: {
          title: { text: "%", side: "top" },
          ticksuffix: " %",
          thickness: 14,
          len: 0.8,
          orientation: isNarrow() ? "h" : "v",
          y: isNarrow() ? -0.05 : 0.5,
          yanchor: isNarrow() ? "top" : "middle"
        },
        hovertemplate: "%{text}: %{z:.1f} %<extra></extra>"
      })
    ];
    if (data.highlight.length) {
      traces.push(Object.assign({}, base, {
        name: "Uw gemeente",
        locations: data.highlight,
        z: data.highlight.map(function () { return 0; }),
        colorscale: [[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]],
        showscale: false,
        marker: { line: { color: INK, width: 3 } },
        hoverinfo: "skip"
      }));
    }
    var layout = {
      font: FONT,
      separators: ",.",
      margin: { l: 0, r: 0, t: 0, b: 0 },
      paper_bgcolor: "rgba(0,0,0,0)",
      geo: {
        fitbounds: "locations",
        visible: false,
        projection: { type: "mercator" },
        bgcolor: "rgba(0,0,0,0)"
      },
      dragmode: false
    };
    var config = Object.assign({}, CONFIG, { topojsonURL: data.topojsonURL });
    Plotly.newPlot(element, traces, layout, config);
    drawn.push(element);
  }

  function resizeAll() {
    drawn.forEach(function (element) {
      Plotly.Plots.resize(element);
    });
  }

  function setUpPrinting() {
    document.querySelectorAll("[data-action=print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        window.print();
      });
    });
    // Charts take the width of the printed page, and the screen's width again afterwards.
    window.addEventListener("beforeprint", resizeAll);
    window.addEventListener("afterprint", resizeAll);
  }

  function start() {
    if (typeof Plotly === "undefined") {
      return;
    }
    var charts = readData("dashboard-data");
    if (charts) {
      drawCharts(charts);
    }
    var map = readData("map-data");
    if (map) {
      drawMap(map);
    }
    setUpPrinting();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
