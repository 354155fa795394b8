/* The first graph before the page's controls.
 *
 * On a cold page the Dash renderer spends about a second and a half after its scripts have run
 * before the graph is drawn: it fetches the layout, renders every control, fetches the graph's
 * code, runs the first callbacks, and only then does plotly.js draw. The page carries the
 * default view's figure as a JSON block (ui/layout.first_paint_block, the same figure the
 * layout holds). This script draws it while the renderer waits for the layout, out of sight,
 * at the size the page's style sheet will give the graph; as soon as the layout's first pass
 * gives the graph its place, the picture is shown there, on top, and follows the place until
 * the page's own graph has drawn itself; then it is removed. It is a picture: no hover, no
 * clicks (pointer events pass through), hidden from assistive technology; the page's graph is
 * the interactive one a moment later (about 0.3 s later than without the picture, measured
 * with bench/ui.py, for a graph on screen about 1.2 s sooner).
 *
 * Only the default view is drawn this way: a link to another view (any query) waits for the
 * page, which draws that view.
 */
(function () {
  "use strict";

  const GIVE_UP_MS = 20000;
  const source = document.getElementById("first-figure");
  if (!source || window.location.search.replace("?", "") !== "") { return; }

  let frame = null;
  let host = null;
  let started = 0;

  function remove() {
    if (!frame) { return; }
    if (window.Plotly && host) { window.Plotly.purge(host); }
    frame.remove();
    frame = null;
  }

  function pageGraphDrawn() {
    return document.querySelector("#network-graph .js-plotly-plot .scatterlayer .trace");
  }

  // The graph's box on the page: the graph itself once mounted; before that, the caption
  // above it (same column, same width), which the layout renders in its first pass.
  function anchor() {
    const graph = document.getElementById("network-graph");
    if (graph && graph.offsetWidth > 0) {
      const box = graph.getBoundingClientRect();
      return {left: box.left, top: box.top, width: box.width};
    }
    const caption = document.getElementById("graph-caption");
    if (caption && caption.offsetWidth > 0) {
      const box = caption.getBoundingClientRect();
      return {left: box.left, top: box.bottom, width: box.width};
    }
    return null;
  }

  function follow() {
    if (!frame) { return; }
    if (pageGraphDrawn() || window.location.search.replace("?", "") !== "" ||
        performance.now() - started > GIVE_UP_MS) {
      remove();
      return;
    }
    const place = anchor();
    if (place) {
      frame.style.left = (place.left + window.scrollX) + "px";
      frame.style.top = (place.top + window.scrollY) + "px";
      // A scroll bar that came with the layout narrows the column by its width: the
      // picture is scaled to it rather than drawn again.
      const scale = place.width / host.offsetWidth;
      frame.style.transform = Math.abs(scale - 1) > 0.002 ? "scale(" + scale + ")" : "";
    }
    window.requestAnimationFrame(follow);
  }

  function part(className, parent) {
    const element = document.createElement("div");
    element.className = className;
    if (parent) { parent.appendChild(element); }
    return element;
  }

  // The graph's size as the page's style sheet will lay it out: the page's grid, the stage
  // column, and the graph's height (72vh, or the narrow screens' rule).
  function measure() {
    const page = part("page");
    const main = part("main", page);
    part("controls-toggle", main);
    part("controls", main);
    const box = part("network", part("stage", main));
    box.style.height = "72vh";
    Object.assign(page.style, {
      position: "absolute", visibility: "hidden", left: "0", top: "0", width: "100%",
    });
    document.body.appendChild(page);
    const size = {width: box.offsetWidth, height: box.offsetHeight};
    page.remove();
    return size;
  }

  // Drawn while the renderer waits for the layout and renders it, out of sight; shown when
  // the layout's first pass gives the graph its place.
  function draw() {
    if (!window.Plotly || pageGraphDrawn()) { return; }
    let figure;
    try {
      figure = JSON.parse(source.textContent);
    } catch (error) {
      return;
    }
    const size = measure();
    frame = part("first-paint");
    frame.setAttribute("aria-hidden", "true");
    Object.assign(frame.style, {
      position: "absolute", left: "0", top: "0", zIndex: "4", visibility: "hidden",
      pointerEvents: "none", transformOrigin: "0 0",
    });
    host = part("", frame);
    Object.assign(host.style, {width: size.width + "px", height: size.height + "px"});
    document.body.appendChild(frame);
    started = performance.now();
    window.Plotly.newPlot(host, figure.data, Object.assign({}, figure.layout, size),
      {staticPlot: true, displayModeBar: false})
      .then(function () {
        if (frame && window.realpolitikLabels) { window.realpolitikLabels.declutter(host); }
      }, remove);
    window.requestAnimationFrame(wait);
  }

  function wait() {
    if (!frame) { return; }
    if (anchor()) {
      frame.style.visibility = "";
      follow();
      return;
    }
    if (pageGraphDrawn() || performance.now() - started > GIVE_UP_MS) {
      remove();
      return;
    }
    window.requestAnimationFrame(wait);
  }

  // After the renderer's scripts have run (it asks for the layout as it starts).
  function soon() { window.setTimeout(draw, 0); }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", soon);
  } else {
    soon();
  }
})();
