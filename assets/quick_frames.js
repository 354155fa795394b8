/* Quick frames: a month of the timeline painted on a canvas over the graph, in a few
 * milliseconds, while the reader moves through time.
 *
 * plotly.js needs about 120 ms to redraw the graph (measured in bench/ui.py; most of it is
 * styling a DOM element per country and per tie), which caps a key press at that and Play at
 * about five months a second. assets/timeline.js therefore answers the reader's moves (keys,
 * drag, Play, Back, Forward) with a quick frame: the marks of the month's figure, the very
 * figure plotly is about to draw (figureAt), painted with the canvas 2D API at plotly's own
 * coordinates, line dashes, marker sizes, colours and opacities. When the reader pauses,
 * plotly draws that figure (timeline.js settles it), the canvas is cleared, and hover, clicks
 * and exports work on plotly's graph as before.
 *
 * Motion: from one month to the next, countries glide from where they were, ties that formed
 * fade in and ties that ended fade out (GLIDE_MS). A glide never delays the next step: a new
 * frame starts from where the last one is. Held keys and drags skip it (they jump), and so do
 * a reader who prefers reduced motion and a browser too slow to show it.
 *
 * Maps (geo) are not painted here: timeline.js draws them with plotly directly.
 */
(function () {
  "use strict";

  const GLIDE_MS = 140;
  const SLOW_FRAME_MS = 45;
  const FRAME_MS = 1000 / 60;
  const STRAND_SPACING = 0.5;
  const HALO = "rgba(255,255,255,0.9)";

  let canvas = null;
  let animation = null;
  // What the canvas shows, for the next frame's glide: countries' pixel positions by id and
  // ties by their two ends.
  let onScreen = null;
  // No glide for a reader who asked the system for less motion.
  const reducedMotion = Boolean(window.matchMedia &&
    window.matchMedia("(prefers-reduced-motion: reduce)").matches);
  // Whether the last quick frame reached the next animation frame within SLOW_FRAME_MS:
  // glides only then (see paint).
  let fast = true;
  let painted = null;  // what the last frame drew, for the tests
  let motion = null;   // whether it glides, and how far it has gone, for the tests

  function isArray(value) {
    return Array.isArray(value) || ArrayBuffer.isView(value);
  }

  function at(value, index, fallback) {
    if (value === undefined || value === null) { return fallback; }
    if (isArray(value)) {
      const item = value[index];
      return item === undefined || item === null ? fallback : item;
    }
    return value;
  }

  // plotly's own dash patterns (Drawing.dashStyle), so the canvas and the SVG agree.
  function dashPattern(dash, width) {
    const unit = Math.max(width, 3);
    switch (dash) {
      case "dot": return [unit, unit];
      case "dash": return [3 * unit, 3 * unit];
      case "longdash": return [5 * unit, 5 * unit];
      case "dashdot": return [3 * unit, unit, unit, unit];
      case "longdashdot": return [5 * unit, 2 * unit, unit, 2 * unit];
      default: return [];
    }
  }

  function paintable(figure) {
    return figure && figure.layout && !figure.layout.geo;
  }

  // Data to pixels, as plotly maps them: the plot area of the graph on screen and the
  // month's ranges (or the reader's zoom, which plotly keeps across months).
  function projection(graph, figure, zoomed) {
    const full = graph._fullLayout;
    const size = full._size;
    const xRange = zoomed ? full.xaxis.range : figure.layout.xaxis.range;
    const yRange = zoomed ? full.yaxis.range : figure.layout.yaxis.range;
    const xScale = size.w / (xRange[1] - xRange[0]);
    const yScale = size.h / (yRange[1] - yRange[0]);
    return {
      x: function (value) { return size.l + (value - xRange[0]) * xScale; },
      y: function (value) { return size.t + (yRange[1] - value) * yScale; },
      width: full.width,
      height: full.height,
    };
  }

  function key(x, y) {
    return Math.fround(x) + "," + Math.fround(y);
  }

  // The month's marks in pixels: ties (per trace, by their ends' ids), countries, names.
  function marks(graph, figure, zoomed) {
    const project = projection(graph, figure, zoomed);
    const countries = figure.data.find(function (trace) { return trace.name === "countries"; });
    const idAt = new Map();
    const nodes = [];
    if (countries && countries.x) {
      const marker = countries.marker || {};
      const line = marker.line || {};
      for (let i = 0; i < countries.x.length; i++) {
        const x = countries.x[i], y = countries.y[i];
        if (x === null || y === null || Number.isNaN(x) || Number.isNaN(y)) { continue; }
        const id = at(countries.customdata, i, String(i));
        idAt.set(key(x, y), id);
        nodes.push({
          id: id, x: project.x(x), y: project.y(y),
          radius: at(marker.size, i, 6) / 2,
          fill: at(marker.color, i, "#888"),
          opacity: at(marker.opacity, i, 1) * (countries.opacity === undefined ? 1 : countries.opacity),
          stroke: at(line.color, i, "#fff"),
          strokeWidth: at(line.width, i, 0),
        });
      }
    }
    const ties = [];
    figure.data.forEach(function (trace) {
      if (!trace.mode || trace.mode.indexOf("lines") < 0 || !trace.x) { return; }
      const line = trace.line || {};
      const style = {
        color: line.color || "#444", width: line.width === undefined ? 2 : line.width,
        dash: dashPattern(line.dash, line.width || 2),
        opacity: trace.opacity === undefined ? 1 : trace.opacity,
      };
      let start = null;
      for (let i = 0; i < trace.x.length; i++) {
        const x = trace.x[i], y = trace.y[i];
        if (x === null || y === null || Number.isNaN(x) || Number.isNaN(y)) {
          start = null;
          continue;
        }
        const point = {x: project.x(x), y: project.y(y), id: idAt.get(key(x, y))};
        if (start) {
          const ends = [start.id, point.id].sort().join("|");
          ties.push({from: start, to: point, style: style, key: ends + "|" + style.color});
        }
        start = point;
      }
    });
    const names = [];
    const labels = figure.data.find(function (trace) { return trace.name === "labels"; });
    if (labels && labels.text) {
      const font = labels.textfont || {};
      for (let i = 0; i < labels.x.length; i++) {
        names.push({
          text: String(labels.text[i]), x: project.x(labels.x[i]), y: project.y(labels.y[i]),
          position: at(labels.textposition, i, "top center"),
          offset: at((labels.marker || {}).size, i, 6) / 2 + 2,
          size: font.size || 10, color: font.color || "#222", weight: at((labels.marker || {}).size, i, 6),
        });
      }
    }
    (figure.layout.annotations || []).forEach(function (note) {
      if (note.x === undefined || note.xref === "paper") { return; }
      const position = note.yanchor === "top" ? "bottom center" :
        note.xanchor === "left" ? "middle right" : note.xanchor === "right" ? "middle left" :
          "top center";
      names.push({
        text: String(note.text), x: project.x(note.x), y: project.y(note.y), position: position,
        offset: Math.abs(note.yshift || note.xshift || 0),
        size: (note.font || {}).size || 10, color: (note.font || {}).color || "#222",
        weight: Math.abs(note.yshift || note.xshift || 0),
      });
    });
    return {ties: ties, nodes: nodes, names: names, width: project.width,
            background: figure.layout.plot_bgcolor || figure.layout.paper_bgcolor || "#fff",
            height: project.height, fontFamily: (figure.layout.font || {}).family || "sans-serif"};
  }

  function surface(graph, width, height) {
    const container = graph.querySelector(".svg-container");
    if (!container) { return null; }
    if (!canvas || !container.contains(canvas)) {
      canvas = document.createElement("canvas");
      canvas.className = "quick-frame";
      canvas.setAttribute("aria-hidden", "true");
      canvas.style.position = "absolute";
      canvas.style.left = "0";
      canvas.style.top = "0";
      canvas.style.pointerEvents = "none";
      // A layer of its own: a canvas painted into the graph's layer makes the compositor
      // rasterize, at every frame, the SVG beneath it too (thousands of ties, 100-200 ms).
      canvas.style.willChange = "transform";
      // Above plotly's drawing (its SVG marks and WebGL canvas), below its legend and hover
      // layer (the last SVG).
      const layers = container.querySelectorAll(":scope > .main-svg");
      container.insertBefore(canvas, layers.length ? layers[layers.length - 1] : null);
    }
    const ratio = window.devicePixelRatio || 1;
    if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round(height * ratio);
      canvas.style.width = width + "px";
      canvas.style.height = height + "px";
    }
    // Drawn by the processor: a GPU-backed canvas costs a round trip per frame, and far more
    // where the GPU is emulated (SwiftShader).
    const context = canvas.getContext("2d", {willReadFrequently: true});
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    return context;
  }

  function between(from, to, t) {
    return from + (to - from) * t;
  }

  // What a glide from ``before`` to ``frame`` needs, worked out once for all its frames:
  // where each country was, and which ties are new or gone.
  function glideOf(frame, before) {
    const previous = new Map();
    before.nodes.forEach(function (node) { previous.set(node.id, node); });
    return {
      before: before,
      previous: previous,
      had: new Set(before.ties.map(function (tie) { return tie.key; })),
      kept: new Set(frame.ties.map(function (tie) { return tie.key; })),
      move: function (point, t) {
        const old = point.id !== undefined && previous.get(point.id);
        // A place and its country: all that the next glide reads of a mark.
        return old && t < 1 ?
          {id: point.id, x: between(old.x, point.x, t), y: between(old.y, point.y, t)} : point;
      },
    };
  }

  // A tie of width w as parallel hairlines half a pixel apart, all the batch's ties in one
  // path. The rasterizer draws a hairline (a 1-pixel line) several times faster than a wide
  // anti-aliased stroke, which it must outline and fill: 2,000 ties rasterize in about 45 ms
  // instead of 85-95 ms (headless Chromium, timed with getImageData). Every pixel of the band
  // is covered about 1/spacing times (twice), so each hairline has the opacity that, laid
  // that many times, gives the tie's own. Hairlines a whole pixel apart would be cheaper
  // (about 28 ms) but show stripes along nearly level ties. The band looks the same at a
  // glance and lasts only while the reader moves; plotly draws the exact strokes when the
  // reader pauses.
  function strokeAsHairlines(context, points, width, alpha) {
    const strands = Math.max(1, Math.round((width - 1) / STRAND_SPACING) + 1);
    const spacing = strands > 1 ? (width - 1) / (strands - 1) : 0;
    context.globalAlpha = strands > 1 ? 1 - Math.pow(1 - alpha, spacing) : alpha;
    context.lineWidth = 1;
    context.beginPath();
    for (let i = 0; i < points.length; i += 4) {
      const x0 = points[i], y0 = points[i + 1], x1 = points[i + 2], y1 = points[i + 3];
      const length = Math.hypot(x1 - x0, y1 - y0) || 1;
      const normalX = (y0 - y1) / length, normalY = (x1 - x0) / length;
      for (let strand = 0; strand < strands; strand++) {
        const offset = (strand - (strands - 1) / 2) * spacing;
        context.moveTo(x0 + normalX * offset, y0 + normalY * offset);
        context.lineTo(x1 + normalX * offset, y1 + normalY * offset);
      }
    }
    context.stroke();
  }

  // ``glide``: from glideOf, or null for a frame shown at once; ``t``: how far it has gone.
  function paintFrame(context, frame, glide, t) {
    // Opaque: plotly's marks of the month before are covered, not restyled (hiding thousands
    // of SVG elements costs the browser a style pass over all of them, twice a step).
    context.globalAlpha = 1;
    context.fillStyle = frame.background;
    context.fillRect(0, 0, frame.width, frame.height);
    const moving = glide !== null && t < 1;
    // Marks are grouped by style, so that the canvas's state (colour, width, dashes, opacity)
    // is set once per style.
    const lines = new Map();
    const addTie = function (tie, from, to, alpha) {
      const style = tie.style;
      const group = style.color + "|" + style.width + "|" + style.dash.join(",") + "|" +
        style.opacity * alpha;
      let batch = lines.get(group);
      if (!batch) {
        batch = {style: style, alpha: style.opacity * alpha, points: []};
        lines.set(group, batch);
      }
      batch.points.push(from.x, from.y, to.x, to.y);
    };
    if (moving) {
      // Ties that ended fade out where they were.
      glide.before.ties.forEach(function (tie) {
        if (!glide.kept.has(tie.key)) { addTie(tie, tie.from, tie.to, 1 - t); }
      });
    }
    frame.ties.forEach(function (tie) {
      if (!moving) {
        addTie(tie, tie.from, tie.to, 1);
        return;
      }
      addTie(tie, glide.move(tie.from, t), glide.move(tie.to, t), glide.had.has(tie.key) ? 1 : t);
    });
    lines.forEach(function (batch) {
      context.strokeStyle = batch.style.color;
      context.setLineDash(batch.style.dash);
      strokeAsHairlines(context, batch.points, batch.style.width, batch.alpha);
    });
    context.setLineDash([]);
    const dots = new Map();
    frame.nodes.forEach(function (node) {
      const place = moving ? glide.move(node, t) : node;
      const fresh = moving && !glide.previous.has(node.id);
      const alpha = node.opacity * (fresh ? t : 1);
      const group = node.fill + "|" + alpha + "|" + node.stroke + "|" + node.strokeWidth;
      let batch = dots.get(group);
      if (!batch) {
        batch = {node: node, alpha: alpha, points: []};
        dots.set(group, batch);
      }
      batch.points.push(place.x, place.y, node.radius);
    });
    dots.forEach(function (batch) {
      context.globalAlpha = batch.alpha;
      context.beginPath();
      for (let i = 0; i < batch.points.length; i += 3) {
        context.moveTo(batch.points[i] + batch.points[i + 2], batch.points[i + 1]);
        context.arc(batch.points[i], batch.points[i + 1], batch.points[i + 2], 0, 2 * Math.PI);
      }
      context.fillStyle = batch.node.fill;
      context.fill();
      if (batch.node.strokeWidth > 0) {
        context.lineWidth = batch.node.strokeWidth;
        context.strokeStyle = batch.node.stroke;
        context.stroke();
      }
    });
    if (!moving) { paintNames(context, frame); }
    context.globalAlpha = 1;
    // plotly's legend shows through: the canvas would hide it for as long as the reader moves.
    if (frame.legend) {
      context.clearRect(frame.legend.left, frame.legend.top, frame.legend.width, frame.legend.height);
    }
  }

  // Names as assets/labels.js keeps them: the largest countries first, none over another.
  function paintNames(context, frame) {
    const placed = [];
    const order = frame.names.slice().sort(function (one, other) { return other.weight - one.weight; });
    context.globalAlpha = 1;
    context.lineJoin = "round";
    order.forEach(function (name) {
      context.font = name.size + "px " + frame.fontFamily;
      const width = context.measureText(name.text).width;
      const height = name.size * 1.2;
      let left = name.x - width / 2;
      let top = name.y - name.offset - height;
      if (name.position.indexOf("bottom") === 0) { top = name.y + name.offset; }
      if (name.position.indexOf("middle") === 0) {
        top = name.y - height / 2;
        left = name.position.indexOf("left") > 0 ? name.x - name.offset - width : name.x + name.offset;
      }
      const box = {left: left, top: top, right: left + width, bottom: top + height};
      if (placed.some(function (other) {
        return box.left < other.right && other.left < box.right &&
               box.top < other.bottom && other.top < box.bottom;
      })) { return; }
      placed.push(box);
      context.textBaseline = "top";
      context.lineWidth = 3;
      context.strokeStyle = HALO;
      context.strokeText(name.text, left, top);
      context.fillStyle = name.color;
      context.fillText(name.text, left, top);
    });
  }

  // Where plotly's legend is, in the graph's pixels (null when there is none).
  function legendBox(graph) {
    const legend = graph.querySelector(".legend");
    const container = graph.querySelector(".svg-container");
    if (!legend || !container) { return null; }
    const box = legend.getBoundingClientRect();
    const origin = container.getBoundingClientRect();
    if (!box.width || !box.height) { return null; }
    return {left: box.left - origin.left, top: box.top - origin.top, width: box.width,
            height: box.height};
  }

  // Paints ``figure`` on the graph; ``glide``: move from the frame on screen. Returns false
  // when the figure is not one this painter draws (a map), or the graph is not drawn yet.
  function paint(graph, figure, options) {
    if (!paintable(figure) || !graph || !graph._fullLayout || !graph._fullLayout._size) {
      return false;
    }
    const frame = marks(graph, figure, Boolean(options && options.zoomed));
    frame.legend = legendBox(graph);
    painted = {countries: frame.nodes.length, ties: frame.ties.length};
    const context = surface(graph, frame.width, frame.height);
    if (!context) { return false; }
    if (animation) { window.cancelAnimationFrame(animation.request); }
    let glide = null;
    if (options && options.glide && fast && !reducedMotion) {
      // From the canvas's last frame, or from plotly's drawing (plotly's own reading of it,
      // at the ranges on screen) when the canvas has none: the first move glides too.
      const full = graph._fullLayout;
      const before = onScreen ? onScreen.current() : full.xaxis && full.yaxis && !full.geo ?
        marks(graph, {data: graph._fullData || [], layout: full}, true) : null;
      glide = before ? glideOf(frame, before) : null;
    }
    graph.classList.add("quick-frames");
    // The first frame is painted now, one frame's time into the glide, so that the frame the
    // browser presents next already shows the move.
    const started = performance.now() - FRAME_MS;
    let last = performance.now();
    // Where the browser cannot keep up (a frame takes longer than a glide's share of it, as
    // on an emulated GPU or at thousands of ties), the glide ends at once and the next moves
    // jump: motion must never slow the steps down. Measured at every move, so that a single
    // pause (garbage collection, an answer from the server) costs one glide, not all of them.
    const step = function (first) {
      const now = performance.now();
      if (glide && !first && now - last > SLOW_FRAME_MS) { fast = false; }
      last = now;
      const t = glide && fast ? Math.min(1, (now - started) / GLIDE_MS) : 1;
      // Ease out: most of the way at once, then settle.
      const eased = 1 - Math.pow(1 - t, 3);
      paintFrame(context, frame, glide, eased);
      motion = {glide: Boolean(glide && fast), progress: eased};
      onScreen = {current: function () { return interpolated(frame, glide, eased); }};
      if (first) {
        // The next animation frame presents this one: it says how long the frame took, and
        // painting again in it would only replace it unseen and hold the browser back by a
        // second raster.
        animation = {request: window.requestAnimationFrame(function () {
          last = performance.now();
          fast = last - now <= SLOW_FRAME_MS;
          animation = t < 1 ?
            {request: window.requestAnimationFrame(function () { step(false); })} : null;
        })};
      } else {
        animation = t < 1 ?
          {request: window.requestAnimationFrame(function () { step(false); })} : null;
      }
    };
    step(true);
    return true;
  }

  // The frame as it stands mid-glide, so that the next glide starts from there.
  function interpolated(frame, glide, t) {
    if (!glide || t >= 1) { return frame; }
    return {
      nodes: frame.nodes.map(function (node) { return glide.move(node, t); }),
      ties: frame.ties.map(function (tie) {
        return Object.assign({}, tie, {from: glide.move(tie.from, t), to: glide.move(tie.to, t)});
      }),
    };
  }

  // plotly has drawn the month: its drawing shows again, the canvas is emptied.
  function clear(graph) {
    if (animation) {
      window.cancelAnimationFrame(animation.request);
      animation = null;
    }
    if (graph) { graph.classList.remove("quick-frames"); }
    if (canvas) {
      const context = canvas.getContext("2d", {willReadFrequently: true});
      context.setTransform(1, 0, 0, 1, 0, 0);
      context.clearRect(0, 0, canvas.width, canvas.height);
    }
  }

  function forget() {
    onScreen = null;
  }

  window.realpolitikQuickFrames = {
    paint: paint, clear: clear, forget: forget,
    last: function () { return painted; },
    motion: function () { return motion; },
  };
})();
