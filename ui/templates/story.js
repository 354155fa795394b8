// The story page's own script (ui/export_media/story_page.py inlines it into story.html):
// inflate plotly.js and the steps' figures, then show one step at a time, moved by Back, Next
// and the arrow keys. The step is kept in the address (#step-3) so that a step can be linked;
// no element has that id, or the browser would scroll the graph away to reach it.
(function () {
  "use strict";
  var status = document.getElementById("status");
  var spec = JSON.parse(document.getElementById("spec").textContent);
  var sections = Array.prototype.slice.call(document.querySelectorAll(".step"));
  var back = document.getElementById("back");
  var next = document.getElementById("next");
  var current = 0;
  var draw = function () { return Promise.resolve(); };

  function stepOfHash() {
    var match = /^#step-(\d+)$/.exec(window.location.hash);
    var step = match ? parseInt(match[1], 10) - 1 : 0;
    return Math.max(0, Math.min(sections.length - 1, step));
  }
  function show(step) {
    current = Math.max(0, Math.min(sections.length - 1, step));
    sections.forEach(function (section, index) {
      section.classList.toggle("current", index === current);
    });
    document.getElementById("count").textContent =
      "Step " + (current + 1) + " of " + sections.length;
    back.disabled = current === 0;
    next.disabled = current === sections.length - 1;
    if (window.location.hash !== "#step-" + (current + 1)) {
      history.replaceState(null, "", "#step-" + (current + 1));
    }
    return draw(current);
  }

  document.body.classList.add("stepping");
  back.onclick = function () { show(current - 1); };
  next.onclick = function () { show(current + 1); };
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.altKey || event.ctrlKey || event.metaKey ||
        (target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) {
      return;
    }
    if (event.key === "ArrowRight") { event.preventDefault(); show(current + 1); }
    if (event.key === "ArrowLeft") { event.preventDefault(); show(current - 1); }
  });
  window.addEventListener("hashchange", function () { show(stepOfHash()); });
  show(stepOfHash());

  function bytesOf(id) {
    var text = atob(document.getElementById(id).textContent.trim());
    var bytes = new Uint8Array(text.length);
    for (var i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    return bytes;
  }
  function inflate(id) {
    var stream = new Blob([bytesOf(id)]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(stream).text();
  }
  if (typeof DecompressionStream === "undefined") {
    status.textContent = "The graph needs a recent browser (with DecompressionStream).";
    return;
  }
  Promise.all([inflate("plotly-js"), inflate("figures")]).then(function (texts) {
    (0, eval)(texts[0]);  // plotly.js, defines window.Plotly
    var packed = JSON.parse(texts[1]);
    var frames = packed.frames.map(function (traces) {
      return traces.map(function (trace) {
        ["hovertext", "text"].forEach(function (key) {
          if (trace[key] && trace[key].strings) {
            trace[key] = trace[key].strings.map(function (i) { return packed.strings[i]; });
          }
        });
        return trace;
      });
    });
    var gd = document.getElementById("graph");
    draw = function (step) {
      var figure = packed.steps[step];
      gd.setAttribute("data-step", String(step + 1));
      return Plotly.react(gd, frames[figure.frame], packed.layouts[figure.layout], spec.config);
    };
    return draw(current).then(function () { status.remove(); });
  }).catch(function (error) { status.textContent = "Could not draw the graph: " + error; });
})();
