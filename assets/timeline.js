/* The timeline at drawing speed: every month of the view, drawn in the browser.
 *
 * The server packs every month's marks of the view once (ui/month_pack.py says how); this
 * script fetches the pack after the first graph is on screen and from then on draws any month
 * itself, with Plotly.react and no round trip: on a key press on the timeline's handle (before
 * the Dash renderer sees it), while the handle is dragged, and on Play, Back, Forward and the
 * event ticks (assets/clientside.js calls draw). The traces are assembled from the pack's own
 * trace styles and hover templates, exactly as ui/marks.py's figure_of assembles the server's
 * figure, so both painters draw one month alike (tests/ui/test_timeline_browser.py checks it).
 *
 * Edges are drawn with WebGL (scattergl) where the browser has it and SVG otherwise; names,
 * markers and hover targets stay SVG (their labels keep the halo and assets/labels.js).
 * localStorage "realpolitik.renderer" = "svg" | "webgl" overrides the choice (tests, bench).
 *
 * Talks to Dash through two stores: the server's draw callback writes the months order
 * ({key, url, step, draw}) that the clientside callback "months" hands to receive(); when a
 * pack is loaded, its key goes to the held store (dash_clientside.set_props), and the server
 * stops sending figures for that view.
 */
(function () {
  "use strict";

  // The components' ids come with the server's first order (ui/ids.py is their one home).
  let names = {graph: null, slider: null, held: null, date: null};
  const TYPES = {
    uint8: Uint8Array, int8: Int8Array, uint16: Uint16Array, int16: Int16Array,
    int32: Int32Array,
  };
  const KEPT_PACKS = 3;

  const packs = new Map();  // key -> decoded pack, most recent last
  // Months drawn here on the reader's input, and when: the server's confirmations of them are
  // not drawn again.
  const drawnLocally = new Map();
  const LOCAL_MS = 2000;
  let order = null;          // the server's last order: {key, url, step, draw}
  let shown = null;          // {key, step, gl} of the figure on screen, when drawn here
  let loading = null;        // key being fetched
  let pointerOnSlider = false;

  function graphDiv() {
    return names.graph && document.querySelector("#" + names.graph + " .js-plotly-plot");
  }

  let webglKnown = null;

  // Asked once: every probe costs the browser a WebGL context, and it keeps only a few.
  function webgl() {
    if (webglKnown !== null) { return webglKnown; }
    const chosen = window.localStorage && window.localStorage.getItem("realpolitik.renderer");
    if (chosen === "svg" || chosen === "webgl") {
      webglKnown = chosen === "webgl";
      return webglKnown;
    }
    try {
      const canvas = document.createElement("canvas");
      const context = canvas.getContext("webgl2") || canvas.getContext("webgl");
      const info = context && context.getExtension("WEBGL_debug_renderer_info");
      const renderer = info ? String(context.getParameter(info.UNMASKED_RENDERER_WEBGL)) : "";
      // WebGL drawn by the processor (SwiftShader, llvmpipe) gains little over SVG and loses
      // the names' halo: SVG then, unless asked for.
      webglKnown = Boolean(context) && !/swiftshader|llvmpipe|software/i.test(renderer);
      const lose = context && context.getExtension("WEBGL_lose_context");
      if (lose) { lose.loseContext(); }
    } catch (error) {
      webglKnown = false;
    }
    return webglKnown;
  }

  // --- decoding -------------------------------------------------------------------------

  function decode(buffer) {
    const bytes = new Uint8Array(buffer);
    const magic = String.fromCharCode(bytes[0], bytes[1], bytes[2], bytes[3]);
    if (magic !== "RPK1") { throw new Error("not a month pack"); }
    const length = new DataView(buffer).getUint32(4, true);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + length)));
    let start = 8 + length;
    start += (8 - start % 8) % 8;
    const arrays = {};
    header.arrays.forEach(function (entry) {
      const Type = TYPES[entry.dtype];
      const count = entry.shape.reduce(function (a, b) { return a * b; }, 1);
      const values = new Type(buffer, start + entry.offset, count);
      if (entry.delta && entry.shape.length === 2) {
        const width = entry.shape[1];
        // Each month was stored as its difference from the month before; typed arrays wrap
        // as the server's integers did.
        for (let i = width; i < count; i++) { values[i] += values[i - width]; }
      }
      arrays[entry.name] = values;
    });
    const where = new Map(header.countries.map(function (id, i) { return [id, i]; }));
    const ends = function (pair) { return [where.get(pair[0]), where.get(pair[1])]; };
    return {header: header, arrays: arrays, dyadEnds: header.dyads.map(ends),
            flowEnds: header.flowEnds.map(ends)};
  }

  // --- the figure of a month ----------------------------------------------------------------

  const FIELD = /\{(\d+)(?::(\+?)\.(\d)f)?\}/g;

  // Fills a ui/marks.py template ({n}, {n:.Kf}, {n:+.Kf}) as Python's str.format does.
  function fill(template, values) {
    return template.replace(FIELD, function (_, index, plus, digits) {
      const value = values[Number(index)];
      if (digits === undefined) { return String(value); }
      const text = value.toFixed(Number(digits));
      return (plus && value >= 0 ? "+" : "") + text;
    });
  }

  function segments(ends, X, Y, reach) {
    const x = new Float32Array(ends.length * 3);
    const y = new Float32Array(ends.length * 3);
    ends.forEach(function (pair, i) {
      const a = pair[0], b = pair[1];
      x[3 * i] = X[a]; y[3 * i] = Y[a];
      x[3 * i + 1] = X[a] + reach * (X[b] - X[a]);
      y[3 * i + 1] = Y[a] + reach * (Y[b] - Y[a]);
      x[3 * i + 2] = NaN; y[3 * i + 2] = NaN;
    });
    return [x, y];
  }

  function trace(geo, type, x, y, properties) {
    const made = Object.assign({type: geo ? "scattergeo" : type}, properties);
    if (geo) { made.lon = x; made.lat = y; } else { made.x = x; made.y = y; }
    return made;
  }

  // A name beside its node as labels.py placed it: above, below, right or left, clear of
  // the marker's radius.
  function nameNote(text, position, x, y, offset, font) {
    const note = {x: x, y: y, text: text, showarrow: false, font: {size: font.size, color: font.color},
                  bgcolor: "rgba(255,255,255,0.7)", borderpad: 0, captureevents: false};
    if (position === "top center") { note.yanchor = "bottom"; note.yshift = offset; }
    if (position === "bottom center") { note.yanchor = "top"; note.yshift = -offset; }
    if (position === "middle right") { note.xanchor = "left"; note.xshift = offset; }
    if (position === "middle left") { note.xanchor = "right"; note.xshift = -offset; }
    return note;
  }

  function copy(value) {
    return JSON.parse(JSON.stringify(value));
  }

  // The month's figure, as the server would draw it. ``withHover`` false leaves out the hover
  // texts, most of the work at thousands of ties (about 14 of 20 ms at 2,000): a quick frame
  // shows no hover, and plotly gets the whole figure when the reader pauses.
  function figureAt(pack, month, gl, withHover) {
    const hovered = withHover !== false;
    const h = pack.header, A = pack.arrays, geo = h.geo;
    const count = h.countries.length;
    const row = month * count;
    const style = h.nodeStyle;
    const strings = h.strings;
    const X = new Float64Array(count), Y = new Float64Array(count);
    const nodes = [];
    for (let c = 0; c < count; c++) {
      if (!A.present[row + c]) { continue; }
      nodes.push(c);
      X[c] = h.extent.x[0] + A.x[row + c] * h.extent.x[1];
      Y[c] = h.extent.y[0] + A.y[row + c] * h.extent.y[1];
    }
    const data = [];
    let glNames = [];
    // With WebGL every mark is drawn on its one canvas, in order (names last, on top): an SVG
    // name would sit under the canvas. Names then lose their halo and assets/labels.js, but
    // the server placed them clear of each other.
    const lineType = gl && !geo ? "scattergl" : "scatter";
    const markType = lineType;
    if (h.pair && A.present[row + h.pair[0]] && A.present[row + h.pair[1]]) {
      const [x, y] = segments([h.pair], X, Y, 1);
      data.push(trace(geo, markType, x.subarray(0, 2), y.subarray(0, 2), copy(h.traces.pair)));
    }
    // Dyads: grouped by class (sign, width, confidence, dimming), in the server's order.
    const dyadCount = h.dyads.length;
    const dyadRow = month * dyadCount;
    const byClass = h.edgeStyles.map(function () { return []; });
    const present = [];
    for (let d = 0; d < dyadCount; d++) {
      const kind = A.dyad_class[dyadRow + d];
      if (!kind) { continue; }
      const ends = pack.dyadEnds[d];
      byClass[kind - 1].push(ends);
      present.push([d, ends]);
    }
    if (present.length) {
      const legendShown = new Set();
      byClass.forEach(function (ends, index) {
        if (!ends.length) { return; }
        const edgeStyle = h.edgeStyles[index];
        const [x, y] = segments(ends, X, Y, 1);
        data.push(trace(geo, lineType, x, y, Object.assign(copy(h.traces.edge), copy(edgeStyle), {
          legendgroup: edgeStyle.name, showlegend: !legendShown.has(edgeStyle.name),
        })));
        legendShown.add(edgeStyle.name);
      });
      const mx = new Float32Array(present.length), my = new Float32Array(present.length);
      const keys = [], hover = [];
      const scales = h.scales;
      present.forEach(function (item, i) {
        const d = item[0], a = item[1][0], b = item[1][1];
        mx[i] = (X[a] + X[b]) / 2; my[i] = (Y[a] + Y[b]) / 2;
        keys.push(h.dyads[d][0] + "," + h.dyads[d][1]);
        if (!hovered) { return; }
        hover.push(fill(h.templates.dyad, [
          h.names[a], h.names[b], strings[A.dyad_types[dyadRow + d]],
          A.dyad_cooperation[dyadRow + d] / scales.cooperation,
          A.dyad_hostility[dyadRow + d] / scales.hostility,
          A.dyad_net[dyadRow + d] / scales.net,
          strings[A.dyad_confidence[dyadRow + d]],
        ]));
      });
      const ties = Object.assign(copy(h.traces.ties), {hovertext: hover, customdata: keys});
      if (markType === "scattergl") {
        // WebGL picks points without an element each: drawn, unseen.
        ties.mode = "markers";
        ties.marker = {size: 10, color: style.unseen};
        delete ties.hoveron;
      }
      data.push(trace(geo, markType, mx, my, ties));
    }
    if (h.flows && A.flow) {
      const flowCount = h.flowEnds.length;
      h.flowStyles.forEach(function (flowStyle, index) {
        const ends = [];
        for (let f = 0; f < flowCount; f++) {
          if (A.flow[month * flowCount + f] === index + 1) {
            ends.push(pack.flowEnds[f]);
          }
        }
        if (!ends.length) { return; }
        const [x, y] = segments(ends, X, Y, style.flowReach);
        const sizes = new Float32Array(x.length);
        for (let i = 1; i < sizes.length; i += 3) { sizes[i] = style.arrowSize; }
        data.push(trace(false, "scatter", x, y, Object.assign(copy(h.traces.flow), {
          name: flowStyle.name, line: copy(flowStyle.line),
          marker: Object.assign(copy(flowStyle.marker), {size: sizes}),
        })));
      });
    }
    if (nodes.length) {
      h.legend[month].forEach(function (entry) {
        data.push(trace(geo, "scatter", [NaN], [NaN], Object.assign(copy(h.traces.legend), {
          name: strings[entry[1]], marker: {size: style.legendSize, color: h.colours[entry[0]]},
        })));
      });
      const n = nodes.length;
      const x = new Float32Array(n), y = new Float32Array(n), size = new Float32Array(n);
      const opacity = new Float32Array(n);
      const colour = [], symbol = [], width = [], hover = [], ids = [];
      const named = [];
      const scales = h.scales, metrics = h.metrics;
      nodes.forEach(function (c, i) {
        const at = row + c;
        const flags = A.flags[at];
        x[i] = X[c]; y[i] = Y[c];
        size[i] = A.size[at] / 100;
        opacity[i] = style.opacity[flags & 1];
        colour.push(h.colours[A.colour[at]]);
        symbol.push(style.symbol[(flags >> 1) & 1]);
        width.push(style.lineWidth[(flags >> 1) & 1]);
        if (A.label[at]) { named.push(i); }
        ids.push(h.countries[c]);
        if (!hovered) { return; }
        const strongest = [];
        for (let rank = 0; rank < 3; rank++) {
          const partner = A["strongest" + rank][at];
          if (!partner) { break; }
          strongest.push(fill(h.templates.strongest, [
            h.names[partner - 1], A["strongest_net" + rank][at] / scales.strongest_net]));
        }
        const shownMetrics = metrics.map(function (name) { return A[name][at] / scales[name]; });
        hover.push(fill(h.templates.node, [
          h.names[c], h.regions[c], strings[A.bloc_line[at]],
          A.cooperation_degree[at], shownMetrics[0], A.hostility_degree[at],
        ].concat(shownMetrics.slice(1), [
          strongest.length ? h.templates.strongestPrefix + strongest.join(", ") : "",
        ])));
      });
      data.push(trace(geo, markType, x, y, Object.assign(copy(h.traces.countries), {
        hovertext: hover, customdata: ids,
        marker: {
          size: size, color: colour, opacity: opacity, symbol: symbol,
          line: {width: width, color: style.lineColour},
        },
      })));
      if (named.length && markType === "scattergl") {
        glNames = named.map(function (i) {
          return nameNote(h.names[nodes[i]], h.positions[A.label[row + nodes[i]] - 1], x[i], y[i],
                          size[i] / 2 + style.labelGap, h.traces.labels.textfont);
        });
      } else if (named.length) {
        const pick = function (values) {
          return Float32Array.from(named, function (i) { return values[i]; });
        };
        data.push(trace(geo, "scatter", pick(x), pick(y), Object.assign(copy(h.traces.labels), {
          text: named.map(function (i) { return h.names[nodes[i]]; }),
          textposition: named.map(function (i) {
            return h.positions[A.label[row + nodes[i]] - 1];
          }),
          marker: {size: pick(size), color: style.unseen},
        })));
      }
    }
    const layout = Object.assign(copy(h.layout), copy(h.patches[month]));
    if (glNames.length) {
      // Over a WebGL canvas, SVG text in a trace would sit under it: names become annotations,
      // which plotly draws above, on a light box in place of the halo.
      layout.annotations = (layout.annotations || []).concat(glNames);
    }
    return {data: data, layout: layout};
  }

  // --- drawing ------------------------------------------------------------------------------

  function currentPack() {
    if (!order || !order.key) { return null; }
    return packs.get(order.key) || null;
  }

  // The reader's moves are answered with quick frames (assets/quick_frames.js) and plotly
  // draws the month once the reader pauses this long: Play, a held key and a drag never wait
  // for plotly.
  const SETTLE_MS = 160;
  let pending = null;       // the month plotly is to draw when the reader pauses
  let settleTimer = null;
  let passedRange = null;   // the x range last given to plotly: another one on screen is a zoom

  function zoomed(graph) {
    const full = graph._fullLayout;
    return Boolean(passedRange && full && full.xaxis && full.xaxis.range &&
      (full.xaxis.range[0] !== passedRange[0] || full.xaxis.range[1] !== passedRange[1]));
  }

  function plot(graph, figure) {
    passedRange = figure.layout.xaxis && figure.layout.xaxis.range ?
      figure.layout.xaxis.range.slice() : null;
    return window.Plotly.react(graph, figure.data, figure.layout);
  }

  function settle() {
    settleTimer = null;
    const graph = graphDiv();
    const month = pending;
    pending = null;
    if (!graph || !month) { return; }
    plot(graph, figureAt(month.pack, month.step, month.gl)).then(function () {
      // A newer quick frame keeps the canvas until its own month is drawn.
      if (!pending && window.realpolitikQuickFrames) { window.realpolitikQuickFrames.clear(graph); }
    });
  }

  // The server's figure replaces whatever this script drew.
  function dropQuick() {
    if (settleTimer !== null) { window.clearTimeout(settleTimer); }
    settleTimer = null;
    pending = null;
    const frames = window.realpolitikQuickFrames;
    if (frames) {
      frames.clear(graphDiv());
      frames.forget();
    }
  }

  function announcePainted(graph, step, quick) {
    graph.dispatchEvent(new CustomEvent("realpolitik:painted", {detail: {step: step, quick: quick}}));
  }

  // ``local``: the reader's own move (drawn at once, quick); ``motion``: "glide" when the
  // move is one the eye should follow (a press, a tick of Play), "jump" when held or dragged.
  function draw(step, local, motion) {
    const pack = currentPack();
    const graph = graphDiv();
    if (!pack || !graph || !window.Plotly || step < 0 || step >= pack.header.months) {
      return false;
    }
    const gl = webgl();
    if (shown && shown.key === pack.header.key && shown.step === step && shown.gl === gl) {
      return true;
    }
    const frames = window.realpolitikQuickFrames;
    const quick = Boolean(local && frames && graph._fullLayout && !pack.header.geo &&
      frames.paint(graph, figureAt(pack, step, gl, false), {
        glide: motion !== "jump", zoomed: zoomed(graph),
      }));
    if (quick) {
      if (settleTimer !== null) { window.clearTimeout(settleTimer); }
      pending = {pack: pack, step: step, gl: gl};
      settleTimer = window.setTimeout(settle, SETTLE_MS);
    } else {
      dropQuick();
      plot(graph, figureAt(pack, step, gl));
    }
    shown = {key: pack.header.key, step: step, gl: gl};
    if (local) {
      drawnLocally.set(step, performance.now());
      if (drawnLocally.size > 64) { drawnLocally.delete(drawnLocally.keys().next().value); }
    }
    // The month in the header follows at once (Dash rewrites it with the same words later).
    const title = names.date && document.getElementById(names.date);
    if (title && pack.header.titles) { title.textContent = pack.header.titles[step]; }
    graph.dataset.month = String(step);
    graph.dataset.painter = gl ? "webgl" : "svg";
    announcePainted(graph, step, quick);
    return true;
  }

  function announceHeld(key) {
    if (window.dash_clientside && window.dash_clientside.set_props) {
      window.dash_clientside.set_props(names.held, {data: key});
    }
  }

  function load(key, url) {
    if (packs.has(key)) {
      announceHeld(key);
      return;
    }
    if (loading === key) { return; }
    loading = key;
    const started = performance.now();
    fetch(url, {credentials: "same-origin"})
      .then(function (response) {
        if (!response.ok) { throw new Error("month pack: HTTP " + response.status); }
        return response.arrayBuffer();
      })
      .then(function (buffer) {
        const pack = decode(buffer);
        pack.header.key = key;
        pack.bytes = buffer.byteLength;
        packs.set(key, pack);
        while (packs.size > KEPT_PACKS) { packs.delete(packs.keys().next().value); }
        window.__realpolitikTimeline = {
          key: key, loadedMs: performance.now() - started, bytes: buffer.byteLength,
          months: pack.header.months,
        };
        if (loading === key) { loading = null; }
        announceHeld(key);
      })
      .catch(function (error) {
        if (loading === key) { loading = null; }
        // The server keeps drawing every month: nothing is lost but speed.
        window.console.warn("Realpolitik: the months could not be loaded;", error);
      });
  }

  // The server's order after every view change: which pack draws this view, and whether the
  // server left the drawing to this script.
  function receive(next) {
    if (!next || typeof next !== "object") { return; }
    order = next;
    if (next.ids) { names = next.ids; }
    if (!next.key) {
      shown = null;
      dropQuick();
      return;
    }
    if (next.draw) {
      const drawnHere = drawnLocally.get(next.step);
      const shownAt = shown ? drawnLocally.get(shown.step) : undefined;
      if (drawnHere !== undefined && shownAt !== undefined && shownAt >= drawnHere &&
          performance.now() - drawnHere < LOCAL_MS) {
        // The server confirms a month this script drew a moment ago (a key press, a tick of
        // Play), and the month on screen was drawn here since: it is newer, and stays.
        return;
      }
      if (!draw(next.step)) { shown = null; }
    } else {
      shown = null;  // the server's figure is on screen
      dropQuick();
      if (packs.has(next.key)) {
        announceHeld(next.key);
      } else if (next.eager) {
        afterFirstPaint(function () { load(next.key, next.url); });
      }
    }
  }

  // The pack never competes with the first graph: it is fetched once plotly has drawn and the
  // browser is idle.
  function afterFirstPaint(callback) {
    const idle = window.requestIdleCallback || function (run) { return setTimeout(run, 200); };
    const graph = graphDiv();
    if (graph && graph._fullLayout) {
      idle(callback, {timeout: 1500});
    } else {
      setTimeout(function () { afterFirstPaint(callback); }, 100);
    }
  }

  // --- the reader's hand on the slider ----------------------------------------------------

  const KEYS = {ArrowRight: 1, ArrowUp: 1, ArrowLeft: -1, ArrowDown: -1, PageUp: 10,
                PageDown: -10};

  function handleOf(target) {
    return names.slider && target && target.closest &&
      target.closest("#" + names.slider + " [role=slider]");
  }

  function valueOf(handle) {
    return Number(handle.getAttribute("aria-valuenow"));
  }

  // A view's months are made on the server for the asking (seconds of work): asked for when
  // the reader first moves through time in a view (the step itself goes to the server).
  function wanted() {
    if (order && order.key && !packs.has(order.key) && loading !== order.key) {
      load(order.key, order.url);
    }
  }

  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest(".timeline-buttons, .event-strip, #" + names.slider)) {
      wanted();
    }
  }, true);

  document.addEventListener("keydown", function (event) {
    const handle = handleOf(event.target);
    if (handle) { wanted(); }
    if (!handle || !currentPack()) { return; }
    const min = Number(handle.getAttribute("aria-valuemin"));
    const max = Number(handle.getAttribute("aria-valuemax"));
    let next = null;
    // Keys pressed before Dash has moved the handle go on from the month last asked for.
    const current = askedValue !== null && performance.now() - askedAt < LOCAL_MS ?
      askedValue : valueOf(handle);
    if (event.key in KEYS) {
      next = current + KEYS[event.key] * (event.shiftKey ? 10 : 1);
    } else if (event.key === "Home") {
      next = min;
    } else if (event.key === "End") {
      next = max;
    }
    if (next === null) { return; }
    const step = Math.max(min, Math.min(max, next));
    // Drawn now, and the slider (through Dash) is told after the frame is on screen: Dash's
    // pass over its callbacks, run in the key's own task, would hold the frame back.
    if (draw(step, true, event.repeat ? "jump" : "glide")) {
      event.preventDefault();
      event.stopPropagation();
      tellSlider(step);
    }
  }, true);

  // The slider's value, set once the month's frame is presented; keys pressed meanwhile
  // (a held key) send only their last month.
  let sliderValue = null;
  // The month last given to Dash, until the handle shows it.
  let askedValue = null;
  let askedAt = 0;
  function tellSlider(step) {
    const first = sliderValue === null;
    sliderValue = step;
    askedValue = step;
    askedAt = performance.now();
    if (!first) { return; }
    window.requestAnimationFrame(function () {
      window.setTimeout(function () {
        const value = sliderValue;
        sliderValue = null;
        if (window.dash_clientside && window.dash_clientside.set_props) {
          window.dash_clientside.set_props(names.slider, {value: value});
        }
      }, 0);
    });
  }

  document.addEventListener("pointerdown", function (event) {
    if (names.slider && event.target.closest && event.target.closest("#" + names.slider)) {
      wanted();
      pointerOnSlider = true;
    }
  }, true);
  document.addEventListener("pointerup", function () {
    pointerOnSlider = false;
  }, true);

  // While the handle is dragged, the month under it is drawn live (the slider tells Dash only
  // when it is let go).
  new MutationObserver(function (records) {
    if (askedValue !== null && records.some(function (record) {
      const handle = handleOf(record.target);
      return handle && valueOf(handle) === askedValue;
    })) {
      askedValue = null;
    }
    if (!pointerOnSlider) { return; }
    records.forEach(function (record) {
      const handle = handleOf(record.target);
      if (handle && record.attributeName === "aria-valuenow") {
        draw(valueOf(handle), true, "jump");
      }
    });
  }).observe(document.documentElement, {
    subtree: true, attributes: true, attributeFilter: ["aria-valuenow"],
  });

  // --- Play -------------------------------------------------------------------------------

  // Play's months are drawn on the browser's clock: the n-th month of a play is due n
  // intervals after it started, and a month that comes late (a Dash pass, a slow frame) is
  // made up at the next animation frames, one month a frame, none skipped. Drawn on the
  // ticks of dcc.Interval instead, each late tick pushed every later one back (setInterval
  // counts from the tick it ran), and 8x played about 8 months a second, not 10. The ticks
  // still come: each one keeps this clock going, and a play whose ticks stop (paused, ended,
  // another view) stops too.
  let player = null;

  // The month on screen when this script drew it from the view's current months, else null.
  function shownStep() {
    return shown && currentPack() && shown.key === currentPack().header.key ? shown.step : null;
  }

  function stopPlay() {
    if (player) { window.cancelAnimationFrame(player.request); }
    player = null;
  }

  function play(interval, from, last) {
    const now = performance.now();
    if (player && player.interval === interval && player.last === last) {
      player.heard = now;
      return;
    }
    stopPlay();
    player = {interval: interval, last: last, started: now, heard: now, drawn: 0, from: from,
              request: null};
    const tick = function () {
      const playing = player;
      if (!playing) { return; }
      const time = performance.now();
      const onScreen = shownStep();
      const current = onScreen === null ? playing.from : onScreen;
      if (window.realpolitikTimeline.paused || current >= playing.last ||
          time - playing.heard > 2 * playing.interval + 500) {
        stopPlay();
        return;
      }
      // The first month at once, then one per interval.
      if (Math.floor((time - playing.started) / playing.interval) + 1 > playing.drawn) {
        if (!draw(current + 1, true, "glide")) {
          stopPlay();
          return;
        }
        playing.drawn += 1;
      }
      playing.request = window.requestAnimationFrame(tick);
    };
    player.request = window.requestAnimationFrame(tick);
  }

  window.realpolitikTimeline = {
    // Set by Play/Pause (assets/clientside.js): a paused play draws no further month.
    paused: false,
    receive: receive,
    draw: draw,
    // For Play, Back, Forward and the event ticks: true when this script drew the month.
    drawIfHeld: function (step) { return Boolean(currentPack()) && draw(step, true, "glide"); },
    // Called at every tick of Play while this script holds the months (assets/clientside.js):
    // starts or keeps the clock that draws them; ``interval``: milliseconds a month.
    play: function (interval, from, last) {
      if (currentPack()) { play(interval, from, last); }
    },
    holds: function () { return Boolean(currentPack()); },
    shownStep: shownStep,
    figureAt: function (step, gl) {
      const pack = currentPack();
      return pack ? figureAt(pack, step, Boolean(gl)) : null;
    },
  };
})();
