// The page's clientside callbacks: they run in the browser, with no round trip to the server.
// ui/callbacks.py registers each with ClientsideFunction("realpolitik", name). Component ids
// come from the callback's own inputs (callback_context.inputs_list) or states, never from a
// copy of ui/ids.py, so renaming an id cannot silently break them. A file served from the
// app's origin, not an inline script: the Content-Security-Policy allows it without a hash.
window.dash_clientside = window.dash_clientside || {};

window.dash_clientside.realpolitik = {
    // The Export menu's PNG and SVG: drawn by plotly.js from the graph on the page, instantly
    // and with no dependency on the server.
    download_image: function (clicks, scale, label, graphId) {
        const context = window.dash_clientside.callback_context;
        const trigger = (context.triggered[0] || {}).prop_id || "";
        if (!trigger || !clicks.some(Boolean)) {
            return window.dash_clientside.no_update;
        }
        const format = JSON.parse(trigger.slice(0, trigger.lastIndexOf("."))).format;
        const graph = document.querySelector("#" + graphId + " .js-plotly-plot");
        const name = ("realpolitik-" + (label || "view")).replace(/[^A-Za-z0-9._-]+/g, "-");
        window.Plotly.downloadImage(graph, {
            format: format,
            filename: name,
            scale: format === "png" ? (scale || 2) : 1,
            width: graph.clientWidth,
            height: graph.clientHeight,
        });
        return "Saved " + name + "." + format;
    },

    // "Copy link to this view": the address bar holds the view.
    copy_link: function () {
        return window.location.href;
    },

    // A new history entry only when the view really changed: restoring a view from the URL (on
    // load, back or forward) must not push the same address again and cut off "forward".
    push_history: function (query) {
        if (typeof query !== "string") {
            return window.dash_clientside.no_update;
        }
        const wanted = query === "?" ? "" : query;
        if (wanted !== window.location.search) {
            window.history.pushState(null, "", window.location.pathname + wanted);
        }
        return wanted;
    },

    // Play, step and event ticks: a tick that comes while the previous month is still being
    // drawn is skipped instead of queued. Inputs: the play interval, back, forward, play, the
    // event ticks; states: the slider's value, the month drawn, the slider's last month,
    // whether the play interval is off, and its milliseconds a month.
    step_slider: function (tick, back, forward, play, events, value, rendered, max, paused,
                           interval) {
        const context = window.dash_clientside.callback_context;
        const [intervalId, backId, forwardId, playId] = context.inputs_list.map((input) => input.id);
        // A tick of Play and a click on Pause can arrive in one batch: the click wins, or the
        // play would go on under a Pause button.
        const triggers = (context.triggered || []).map((t) => t.prop_id || "");
        const trigger = triggers.includes(playId + ".n_clicks") ? playId + ".n_clicks"
            : triggers[0] || "";
        const source = trigger.slice(0, trigger.lastIndexOf("."));
        const painter = window.realpolitikTimeline;
        // With the view's months in the browser, the month is drawn here and now; the server
        // only hears of it (the URL, the panels).
        const drawn = painter && painter.holds();
        const go = function (step) {
            if (drawn) {
                painter.drawIfHeld(step);
            }
            return step;
        };
        if (source === intervalId) {
            if (paused || (painter && painter.paused)) {
                // A tick already on its way when Pause was pressed.
                return window.dash_clientside.no_update;
            }
            if (drawn) {
                // Playing from the browser's months: this script's clock draws them (see
                // play in assets/timeline.js), each tick keeps it going; the slider (and through
                // it the URL, the panels, the list of changes) is told every tenth month, about
                // once a second at 8x, and at the end: Dash's pass over every callback, and the
                // answers it brings, would otherwise hold back the months.
                const shownStep = painter.shownStep();
                const current = shownStep === null ? value : shownStep;
                if (current >= max) {
                    return current === value ? window.dash_clientside.no_update : current;
                }
                painter.play(interval || 800, current, max);
                return Math.floor(current / 10) > Math.floor(value / 10)
                    ? current : window.dash_clientside.no_update;
            }
            if (rendered !== value) {
                return window.dash_clientside.no_update;
            }
            return value >= max ? window.dash_clientside.no_update : go(value + 1);
        }
        if (source === backId) {
            return go(Math.max(0, value - 1));
        }
        if (source === forwardId) {
            return go(Math.min(max, value + 1));
        }
        if (source === playId) {
            if (painter) {
                // Noted at once: a tick queued behind this click must not draw another month.
                painter.paused = !paused;
            }
            const shownStep = drawn ? painter.shownStep() : null;
            if (shownStep !== null && shownStep !== value) {
                // Pausing a play drawn here: the slider (and the URL) catch up with the month
                // on screen, which they heard of only every tenth month.
                return shownStep;
            }
            return value >= max ? go(0) : window.dash_clientside.no_update;
        }
        const tickElement = document.getElementById(source);
        if (tickElement && tickElement.dataset.step !== undefined) {
            return go(parseInt(tickElement.dataset.step, 10));
        }
        return window.dash_clientside.no_update;
    },

    // The server's order for the month painter (assets/timeline.js). Its output is a property
    // nothing reads: the painter draws straight into the graph.
    months: function (order) {
        if (window.realpolitikTimeline) {
            window.realpolitikTimeline.receive(order);
        }
        return window.dash_clientside.no_update;
    },

    // The Play button and the interval that drives it.
    toggle_play: function (clicks, value, max, disabled) {
        const context = window.dash_clientside.callback_context;
        const play = context.inputs_list[0].id + ".n_clicks";
        // A click and a slider move can arrive in one batch: look at every trigger, so that a
        // click on Pause is never lost behind the month it interrupts.
        const clicked = (context.triggered || []).some((t) => t.prop_id === play);
        let playing = !disabled;
        if (clicked) {
            playing = !playing;
        } else if (playing && value >= max) {
            playing = false;
        }
        return [!playing, playing ? "❚❚ Pause" : "▶ Play"];
    },

    // The chosen speed, in milliseconds a month.
    play_interval: function (speed) {
        return speed || 800;
    },
};
