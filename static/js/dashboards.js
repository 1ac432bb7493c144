/* Dashboards: draws the charts and the map from the data the page holds in json_script
   elements (#dashboard-data, #map-data), with plotly.js. No inline scripts: the CSP forbids them. */
(function () {
  "use strict";

  // Okabe–Ito colours, darkened to 3:1 against white at least (WCAG 1.4.11), and still apart
  // for the common colour-vision deficiencies; each group's markers have their own shape too.
  // The page's own legend for phones uses the same colours and shapes (.chart-legend in
  // dashboards.css); tests/dashboards/test_chart_colours.py checks both.
  var COLOURS = ["#0072B2", "#BF8400", "#00694B", "#8F5374", "#4797C5", "#B34E00", "#8A8A8A"];
  var SYMBOLS = ["square", "diamond", "triangle-up", "triangle-down", "cross", "x", "star"];
  var INK = "#1d1d1b";
  // The map: a rate from the lowest shown (light end) to the highest (dark end), and the
  // municipalities without a figure (.map-scale__bar and .swatch--missing in dashboards.css).
  var MAP_SCALE = [[0, "#4A8FC2"], [0.5, "#225EA8"], [1, "#0B2A6F"]];
  var NO_FIGURE = "#8C8C8C";
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
      line: { color: colour, width: own ? 3.5 : 2, dash: median ? "dot" : "solid" },
      marker: {
        size: 7,
        color: colour,
        symbol: own ? "circle" : SYMBOLS[line.colour % SYMBOLS.length]
      },
      // The medians are shown and hidden together, with one legend entry (medianLegend).
      legendgroup: median ? "median" : own ? "own" : "group-" + line.colour,
      showlegend: !median,
      customdata: line.statuses || [],
      hovertemplate: "%{y:.1f} % (%{customdata})"
    };
  }

  // The legend's entry for every median: a dotted line, told apart by its pattern and name.
  function medianLegend() {
    return {
      type: "scatter",
      mode: "lines",
      name: "Mediaan (stippellijn)",
      x: [null],
      y: [null],
      line: { color: INK, width: 2, dash: "dot" },
      legendgroup: "median",
      hoverinfo: "skip"
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
      if (chart.lines.some(function (line) { return line.role === "median"; })) {
        traces.push(medianLegend());
      }
      var layout = {
        font: FONT,
        separators: ",.",
        margin: { l: 48, r: 12, t: 12, b: 8 },
        paper_bgcolor: "rgba(0,0,0,0)",
        plot_bgcolor: "#ffffff",
        hovermode: "x unified",
        hoverlabel: { font: FONT },
        xaxis: {
          type: "category",
          tickangle: -45,
          nticks: isNarrow() ? 6 : 12,
          automargin: true,
          fixedrange: true
        },
        yaxis: { ticksuffix: " %", gridcolor: "#e3e7ec", fixedrange: true, automargin: true },
        // Above the plot, so that it never meets the slanted quarter labels below it.
        legend: { orientation: "h", x: 0, y: 1.02, yanchor: "bottom", font: { size: 12 } },
        // On a phone the page shows one legend for all charts instead (.chart-legend).
        showlegend: chart.lines.length > 2 && !isNarrow()
      };
      Plotly.newPlot(element, traces, layout, CONFIG);
      drawn.push(element);
    });
  }

  // The longitude and latitude ranges around the municipalities of `codes`, with a margin:
  // the frame of the map (all Flanders, or a province manager's provinces).
  function frameOf(geojson, codes) {
    var wanted = {};
    codes.forEach(function (code) { wanted[code] = true; });
    var box = [Infinity, Infinity, -Infinity, -Infinity];
    function extend(coordinates) {
      if (typeof coordinates[0] === "number") {
        box = [Math.min(box[0], coordinates[0]), Math.min(box[1], coordinates[1]),
               Math.max(box[2], coordinates[0]), Math.max(box[3], coordinates[1])];
        return;
      }
      coordinates.forEach(extend);
    }
    geojson.features.forEach(function (feature) {
      if (wanted[feature.properties.geoitem]) {
        extend(feature.geometry.coordinates);
      }
    });
    if (box[0] === Infinity) {
      return null;
    }
    var lon = (box[2] - box[0]) * 0.02;
    var lat = (box[3] - box[1]) * 0.02;
    return { lon: [box[0] - lon, box[2] + lon], lat: [box[1] - lat, box[3] + lat] };
  }

  // A frame taller than the map's box (a province) is widened to the box's proportions, so
  // that the neighbouring municipalities fill the sides instead of blank space. In Mercator a
  // degree of latitude is 1/cos(latitude) degrees of longitude long.
  function widened(frame, element) {
    var width = element.clientWidth;
    var height = element.clientHeight;
    if (!width || !height) {
      return frame;
    }
    var middle = (frame.lat[0] + frame.lat[1]) / 2;
    var stretch = 1 / Math.cos(middle * Math.PI / 180);
    var wanted = (frame.lat[1] - frame.lat[0]) * stretch * width / height;
    var span = frame.lon[1] - frame.lon[0];
    if (wanted <= span) {
      return frame;
    }
    var centre = (frame.lon[0] + frame.lon[1]) / 2;
    return { lon: [centre - wanted / 2, centre + wanted / 2], lat: frame.lat };
  }

  function drawMap(data) {
    var element = document.getElementById("kaart");
    if (!element) {
      return;
    }
    // The municipalities' shapes are read once, for the frame and for plotly.js alike.
    fetch(data.geojson, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (geojson) { drawMapWith(element, data, geojson); });
  }

  function drawMapWith(element, data, geojson) {
    var openable = {};
    (data.openable || []).forEach(function (code) { openable[code] = true; });
    // The hover names a municipality that opens on a click as such.
    function hint(codes, names) {
      return names.map(function (name, index) {
        return openable[codes[index]] ? name + " (klik voor het dashboard)" : name;
      });
    }
    var outline = { color: "#ffffff", width: 0.6 };
    var base = { type: "choropleth", geojson: geojson, featureidkey: "properties.geoitem" };
    var traces = [
      Object.assign({}, base, {
        name: "Geen cijfer",
        locations: data.missing,
        z: data.missing.map(function () { return 0; }),
        text: hint(data.missing, data.missingNames),
        colorscale: [[0, NO_FIGURE], [1, NO_FIGURE]],
        showscale: false,
        marker: { line: outline },
        hovertemplate: "%{text}: geen cijfer of n<10<extra></extra>"
      }),
      Object.assign({}, base, {
        name: data.indicator,
        locations: data.locations,
        z: data.values,
        text: hint(data.locations, data.names),
        customdata: data.statuses || [],
        // The same colours as the legend on the page (.map-scale__bar in dashboards.css);
        // plotly's own colour bar would set a style attribute, which the CSP refuses.
        colorscale: MAP_SCALE,
        zmin: data.scale[0],
        zmax: data.scale[1],
        showscale: false,
        marker: { line: outline },
        // "%" or "‰" (leefloongerechtigden per 1.000 inwoners).
        hovertemplate: "%{text}: %{z:.1f} " + data.unit + " (%{customdata})<extra></extra>"
      })
    ];
    var frame = widened(
      frameOf(geojson, data.frame) || { lon: [2.5, 5.95], lat: [50.65, 51.54] }, element
    );
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
      // The frame of the map is the bounding box of the municipalities the page frames
      // (data.frame), so that the map fills the width of the page.
      geo: {
        visible: false,
        projection: { type: "mercator" },
        lonaxis: { range: frame.lon },
        lataxis: { range: frame.lat },
        bgcolor: "rgba(0,0,0,0)"
      },
      dragmode: false
    };
    var config = Object.assign({}, CONFIG, { topojsonURL: data.topojsonURL });
    Plotly.newPlot(element, traces, layout, config).then(function () {
      // A click on a municipality the user may see in full opens its dashboard.
      element.on("plotly_click", function (event) {
        var point = event.points && event.points[0];
        if (point && openable[point.location]) {
          window.location.href = data.dashboardURL.replace("00000", point.location);
        }
      });
    });
    drawn.push(element);
  }

  function resizeAll() {
    drawn.forEach(function (element) {
      Plotly.Plots.resize(element);
    });
  }

  // On paper: the page's single legend (.chart-legend) replaces the charts' own, and each chart
  // is drawn at once at its printed size (A4 portrait, 12 mm margins, see the print styles of
  // dashboards.css), because the browser lays out the printed page before plotly.js would
  // have redrawn it on its own.
  var PRINTED_PAGE_WIDTH = 700; // CSS pixels of A4's width less the margins
  var CM = 96 / 2.54;

  function printedSize(element) {
    if (element.id === "kaart") {
      return { width: PRINTED_PAGE_WIDTH, height: Math.round(9 * CM) };
    }
    var small = element.classList.contains("chart--small");
    return { width: Math.floor(PRINTED_PAGE_WIDTH / 2) - 16, height: Math.round((small ? 4.8 : 5.2) * CM) };
  }

  function beforePrint() {
    drawn.forEach(function (element) {
      var update = printedSize(element);
      if (element.layout && element.layout.showlegend) {
        element.dataset.legend = "shown";
        update.showlegend = false;
      }
      Plotly.relayout(element, update);
    });
  }

  function afterPrint() {
    drawn.forEach(function (element) {
      var update = { width: null, height: null, autosize: true };
      if (element.dataset.legend === "shown") {
        delete element.dataset.legend;
        update.showlegend = true;
      }
      Plotly.relayout(element, update);
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
    window.addEventListener("beforeprint", beforePrint);
    window.addEventListener("afterprint", afterPrint);
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
