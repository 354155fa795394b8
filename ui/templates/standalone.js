// The standalone page's own script (ui/export_media/page.py inlines it into standalone.html):
// inflate plotly.js and the monthly frames, draw the view's month, and move through the months
// with the slider, the arrows and Play.
(function () {
  "use strict";
  var status = document.getElementById("status");
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
    status.textContent = "This page needs a recent browser (with DecompressionStream).";
    return;
  }
  var spec = JSON.parse(document.getElementById("figure").textContent);
  Promise.all([inflate("plotly-js"), inflate("frames")]).then(function (texts) {
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
    var slider = spec.layout.sliders[0];
    var current = slider.active;
    var timer = null;
    function layoutAt(step) {
      var layout = Object.assign({}, spec.layout);
      layout.sliders = [Object.assign({}, slider, {active: step})];
      return layout;
    }
    function show(step) {
      step = Math.max(0, Math.min(spec.months.length - 1, step));
      current = step;
      document.getElementById("date").textContent = spec.titles[step];
      gd.setAttribute("data-month", spec.months[step]);
      return Plotly.react(gd, frames[spec.frame_of_month[step]], layoutAt(step), spec.config);
    }
    function stop() {
      if (timer !== null) { clearInterval(timer); timer = null; }
      document.getElementById("play").textContent = "Play";
    }
    Plotly.newPlot(gd, frames[spec.frame_of_month[current]], layoutAt(current), spec.config)
      .then(function () {
        status.remove();
        gd.setAttribute("data-month", spec.months[current]);
        gd.on("plotly_sliderchange", function (event) {
          var step = spec.months.indexOf(event.step.value);
          if (step >= 0 && step !== current) { show(step); }
        });
        document.getElementById("back").onclick = function () { stop(); show(current - 1); };
        document.getElementById("forward").onclick = function () { stop(); show(current + 1); };
        document.getElementById("play").onclick = function () {
          if (timer !== null) { stop(); return; }
          if (current >= spec.months.length - 1) { show(0); }
          document.getElementById("play").textContent = "Pause";
          timer = setInterval(function () {
            if (current >= spec.months.length - 1) { stop(); } else { show(current + 1); }
          }, 350);
        };
      });
  }).catch(function (error) { status.textContent = "Could not draw the graph: " + error; });
})();
