/* Country names never overlap, whatever the size of the graph on screen. The server places
 * names for a nominal drawing area (ui/labels.py); here, after every redraw (a new month, a
 * zoom, a resized window), a name that would cover one of a larger country is hidden. The
 * hover still names every country. */
(function () {
  "use strict";

  function overlaps(one, other) {
    return one.left < other.right && other.left < one.right &&
           one.top < other.bottom && other.top < one.bottom;
  }

  function declutter(graph) {
    const points = Array.from(graph.querySelectorAll(".textpoint")).filter(function (point) {
      const text = point.querySelector("text");
      return text && text.textContent;
    });
    // The largest countries keep their names first (plotly keeps each point's marker size).
    points.sort(function (one, other) {
      return ((other.__data__ || {}).ms || 0) - ((one.__data__ || {}).ms || 0);
    });
    const kept = [];
    points.forEach(function (point) {
      const text = point.querySelector("text");
      text.style.display = "";
      const box = text.getBoundingClientRect();
      if (kept.some(function (other) { return overlaps(box, other); })) {
        text.style.display = "none";
      } else {
        kept.push(box);
      }
    });
  }

  function watch(graph) {
    if (graph.__decluttered || typeof graph.on !== "function") { return; }
    graph.__decluttered = true;
    graph.on("plotly_afterplot", function () { declutter(graph); });
    declutter(graph);
  }

  // assets/first_paint.js declutters the first graph it draws before the page's own.
  window.realpolitikLabels = {declutter: declutter};

  new MutationObserver(function () {
    const graph = document.querySelector("#network-graph .js-plotly-plot");
    if (graph) { watch(graph); }
  }).observe(document.documentElement, {subtree: true, childList: true});
})();
