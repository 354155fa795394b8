"""Benchmark of one timeline step in the explorer, against the common tutorial approach.

Measured in one run, on the bundled dataset and on a synthetic 200-country network with about
2,000 active ties, for both of the page's painters (WebGL, which headless Chromium gets from
SwiftShader, and SVG; chosen through localStorage "realpolitik.renderer"):

- browser: in headless Chromium, the time from an ArrowLeft key press on the slider handle to
  the first frame that shows the new month (Realpolitik's quick frame, assets/quick_frames.js,
  at the next animation frame, the one that commits it; for the baseline, plotly's
  ``plotly_afterplot``, before the browser paints plotly's SVG)
  and to plotly's own graph of that month (hover and clicks work on it), median, p90, p95;
  for Realpolitik also to the frame the screen presents (Event Timing's duration of the key
  press, as INP reports it: the quick frame's own raster and compositing included); the
  browser's floor, measured the same way (a key press whose only answer is one changed
  word);
  the bytes the page receives per step (``_dash-update-component`` responses); the time to
  the first graph of a cold load of a month's link; for the default view (five cold loads),
  the time to a graph on screen (assets/first_paint.js's picture) and to the page's own,
  interactive graph; the month pack's compressed size; the page's JS heap; and, for
  Realpolitik, the months painted per second while playing at the fastest speed, and the
  months Play skipped;
- server: the time of one slider-step request on loopback (the ``draw`` callback through
  Dash's HTTP endpoint, as when the browser holds no month pack) and its bytes (gzip).

Realpolitik's page fetches the view's month pack after the first graph and then draws steps
itself (assets/timeline.js); the benchmark waits for it before stepping.

Baseline: a Dash page that, at every step, recomputes ``networkx.spring_layout`` and builds
one plotly trace per edge with ``plotly.graph_objects`` (the approach of most tutorials).

    python bench/ui.py                 # both datasets, 40 steps each
    python bench/ui.py --steps 15 --quick --no-play
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CHROMIUM = "/usr/bin/chromium"


# --- the baseline app ------------------------------------------------------------------------


def serve_baseline(data_folder: str, port: int) -> None:
    """The tutorial approach: spring_layout per step, one trace per edge."""
    import dash
    import networkx as nx
    import plotly.graph_objects as go
    from dash import Input, Output, dcc, html

    from graph.temporal import Window, snapshot_graph
    from graph.timeline import load_or_compute_timeline
    from graph.validate import load_dataset

    dataset = load_dataset(data_folder)
    months = load_or_compute_timeline(dataset).months
    app = dash.Dash(__name__, compress=True)
    app.layout = html.Div([
        dcc.Graph(id="network-graph", style={"height": "72vh"}),
        html.Div(dcc.Slider(id="timeline-slider", min=0, max=len(months) - 1, step=1,
                            value=len(months) - 1, allow_direct_input=False)),
    ])

    @app.callback(Output("network-graph", "figure"), Input("timeline-slider", "value"))
    def draw(step: int) -> go.Figure:
        month = months[step]
        window = Window.month(__import__("datetime").date.fromisoformat(month + "-01"))
        graph = snapshot_graph(dataset, window)
        graph.remove_nodes_from([n for n in list(graph) if graph.degree(n) == 0])
        positions = nx.spring_layout(graph, seed=1)
        figure = go.Figure()
        for a, b, attributes in graph.edges(data=True):
            figure.add_trace(go.Scatter(
                x=[positions[a][0], positions[b][0]], y=[positions[a][1], positions[b][1]],
                mode="lines", line={"width": 1 + 3 * attributes["weight"],
                                    "color": "blue" if attributes["sign"] >= 0 else "red"},
                hoverinfo="none", showlegend=False))
        figure.add_trace(go.Scatter(
            x=[positions[n][0] for n in graph], y=[positions[n][1] for n in graph],
            mode="markers+text", text=[graph.nodes[n]["name"] for n in graph],
            marker={"size": 10}, showlegend=False))
        figure.update_layout(title=month)
        return figure

    app.run(host="127.0.0.1", port=port, debug=False)


# --- synthetic data --------------------------------------------------------------------------


def write_synthetic(folder: Path, countries: int = 200, active: int = 2000, months: int = 120,
                    seed: int = 3) -> Path:
    """A dataset of ``countries`` actors with about ``active`` ties active in every month."""
    from graph.dataset import TABLES, datapackage_descriptor

    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    ids = [f"{chr(65 + i // 26 % 26)}{chr(65 + i % 26)}X" for i in range(countries)]
    regions = ["Africa", "Americas", "Asia", "Europe", "Oceania"]
    rows = {
        "countries": [[c, f"Country {c}", "state", regions[i % 5], "",
                       f"{rng.uniform(-60, 70):.2f}", f"{rng.uniform(-170, 170):.2f}", "", "",
                       ""] for i, c in enumerate(ids)],
        "sources": [["s", "Synthetic", "Synthetic benchmark data", "2020", ""]],
        "blocs": [], "memberships": [], "events": [],
    }
    ties = []
    mean_length = 24
    total = active * months // mean_length + active
    for number in range(total):
        a, b = rng.sample(ids, 2)
        start_month = rng.randrange(-mean_length, months)
        length = max(1, int(rng.expovariate(1 / mean_length)))
        # Ties that began before the span start with it, and last at least a month.
        end_month = max(start_month + length, 0)
        start_month = max(start_month, 0)
        start = f"{2010 + start_month // 12}-{start_month % 12 + 1:02d}"
        end = "" if end_month >= months else f"{2010 + end_month // 12}-{end_month % 12 + 1:02d}"
        kind = rng.choice(["alliance", "economic_cooperation", "friction", "sanctions"])
        sign = "1" if kind in {"alliance", "economic_cooperation"} else "-1"
        directed = "true" if kind == "sanctions" else "false"
        ties.append([f"t{number}", a, b, kind, sign, f"{rng.uniform(0.1, 1):.2f}", directed,
                     start, end, "", "s", rng.choice(["high", "medium", "low"])])
    rows["ties"] = ties
    for name, table in TABLES.items():
        with (folder / table.filename).open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(table.column_names)
            writer.writerows(rows[name])
    descriptor = datapackage_descriptor({"name": "synthetic", "version": "1",
                                         "temporalCoverage": {"start": "2010-01-01"}})
    (folder / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    return folder


# --- servers ---------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def running(arguments: list[str], env: dict[str, str]) -> Iterator[str]:
    port = free_port()
    process = subprocess.Popen([sys.executable, *arguments, str(port)], cwd=ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 600
        while True:
            try:
                with urllib.request.urlopen(url, timeout=2):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"server {arguments} did not start") from None
                time.sleep(0.5)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


# --- measurements ----------------------------------------------------------------------------


def layout_values(layout: object) -> dict[tuple[str, str], object]:
    """Every (component id, property) value of an app's first layout (``/_dash-layout``)."""
    values: dict[tuple[str, str], object] = {}

    def walk(node: object) -> None:
        if isinstance(node, dict):
            props = node.get("props", {})
            if isinstance(props, dict) and isinstance(props.get("id"), str):
                for key, value in props.items():
                    values[(props["id"], key)] = value
            for child in node.values():
                walk(child)
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk(layout)
    return values


def dash_payload(url: str, step: int) -> tuple[bytes, str]:
    """The request the page sends when the slider moves, built from the app's own layout."""
    with urllib.request.urlopen(url + "/_dash-dependencies") as response:
        dependencies = json.load(response)
    with urllib.request.urlopen(url + "/_dash-layout") as response:
        values = layout_values(json.load(response))
    for dependency in dependencies:
        if "network-graph.figure" in dependency["output"]:
            inputs = []
            for item in dependency["inputs"]:
                value = step if item["id"] == "timeline-slider" else values.get(
                    (item["id"], item["property"]))
                inputs.append({"id": item["id"], "property": item["property"], "value": value})
            output = dependency["output"]
            parts = [part.rsplit(".", 1) for part in output.strip(".").split("...")]
            outputs: object = [{"id": i, "property": p} for i, p in parts]
            if not output.startswith(".."):
                outputs = outputs[0]  # type: ignore[index]
            state = [{"id": item["id"], "property": item["property"],
                      "value": values.get((item["id"], item["property"]))}
                     for item in dependency.get("state", [])]
            body = {"output": output, "outputs": outputs, "inputs": inputs,
                    "changedPropIds": ["timeline-slider.value"], "state": state}
            return json.dumps(body).encode(), dependency["output"]
    raise RuntimeError("no callback draws the graph")


def measure_server(url: str, steps: list[int]) -> tuple[list[float], list[int]]:
    times, sizes = [], []
    template, _ = dash_payload(url, 0)
    body_template = json.loads(template)
    for step in steps:
        for item in body_template["inputs"]:
            if item["id"] == "timeline-slider":
                item["value"] = step
        body = json.dumps(body_template).encode()
        request = urllib.request.Request(
            url + "/_dash-update-component", data=body,
            headers={"Content-Type": "application/json", "Accept-Encoding": "gzip"})
        started = time.perf_counter()
        with urllib.request.urlopen(request) as response:
            payload = response.read()
        times.append((time.perf_counter() - started) * 1000)
        sizes.append(len(payload))
    return times, sizes


def _flags(painter: str) -> list[str]:
    """Chromium's flags: SwiftShader gives headless Chromium WebGL (software), which the
    WebGL painter needs; the SVG runs keep the usual ``--disable-gpu``."""
    base = ["--no-sandbox", "--disable-background-networking", "--disable-component-update",
            "--enable-precise-memory-info"]
    if painter == "webgl":
        return [*base, "--use-angle=swiftshader", "--enable-unsafe-swiftshader"]
    return [*base, "--disable-gpu"]


GRAPH_READY = ("() => { const g = document.querySelector('#network-graph .js-plotly-plot');"
               " return g && g.data && g.data.length; }")


def _open_page(playwright: Any, painter: str) -> tuple[Any, Any]:
    """A browser and a fresh page (cold cache) that draws with ``painter``."""
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=_flags(painter))
    context = browser.new_context(viewport={"width": 1400, "height": 950})
    context.add_init_script(f"window.localStorage.setItem('realpolitik.renderer', '{painter}')")
    return browser, context.new_page()


def measure_browser(url: str, query: str, presses: int, painter: str,
                    packed: bool) -> dict[str, list[float]]:
    """Key press to repaint, bytes per step, time to first graph, the month pack's size and
    the page's memory, in headless Chromium with the given painter (``svg`` or ``webgl``).

    ``packed``: wait until the page holds the view's months (Realpolitik) before stepping.
    """
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser, page = _open_page(playwright, painter)
        started = time.perf_counter()
        page.goto(url + "/" + query)
        page.wait_for_function(GRAPH_READY, timeout=120_000)
        first_graph = (time.perf_counter() - started) * 1000
        payload: list[float] = []
        if packed:
            page.wait_for_function("() => window.__realpolitikTimeline", timeout=600_000)
            payload.append(page.evaluate(
                "() => { const e = performance.getEntriesByType('resource').find("
                "r => r.name.includes('/_realpolitik/months')); return e ? e.transferSize : 0; }"
            ) / 1024)
            page.wait_for_function(
                "() => document.querySelector('#network-graph .js-plotly-plot').dataset.painter",
                timeout=120_000)
        page.wait_for_timeout(1500)
        # A repaint is the first frame that shows the new month: Realpolitik's quick frame
        # (the "realpolitik:painted" event, presented at the next animation frame) or, where
        # there is none (the baseline, a view the server draws), plotly's own redraw.
        page.evaluate("""() => { const g = document.querySelector('#network-graph .js-plotly-plot');
            window.__painted = 0; window.__plotted = 0;
            // The first frame after a press counts, whichever painter made it.
            const painted = () => { if (!window.__armed) { return; } window.__armed = false;
                window.__painted += 1; window.__paintedAt = performance.now(); };
            g.addEventListener('realpolitik:painted', () => requestAnimationFrame(painted));
            g.on('plotly_afterplot', () => { window.__plotted += 1;
                window.__plottedAt = performance.now(); painted(); });
            // Event Timing: from the key press to the next frame the screen presents (what
            // INP reports); only events of 16 ms or more are reported.
            window.__presented = [];
            new PerformanceObserver(list => list.getEntries().forEach(entry => {
                if (entry.name === 'keydown') { window.__presented.push(entry.duration); } }))
              .observe({type: 'event', durationThreshold: 16}); }""")
        handle = page.locator("#timeline-slider [role=slider]").first
        handle.focus()
        latencies, settled, step_bytes = [], [], []
        for _ in range(presses):
            before = page.evaluate("[window.__painted, window.__plotted]")
            page.evaluate("performance.clearResourceTimings()")
            started_at = page.evaluate("window.__armed = true; performance.now()")
            page.keyboard.press("ArrowLeft")
            page.wait_for_function("before => window.__painted > before[0]", arg=before,
                                   timeout=60_000)
            page.wait_for_function("before => window.__plotted > before[1]", arg=before,
                                   timeout=60_000)
            # Let the step's callbacks finish: the next press must not queue behind them.
            page.wait_for_timeout(250)
            latencies.append(page.evaluate("window.__paintedAt") - started_at)
            settled.append(page.evaluate("window.__plottedAt") - started_at)
            step_bytes.append(page.evaluate(
                "() => performance.getEntriesByType('resource').filter("
                "r => r.name.includes('_dash-update-component'))"
                ".reduce((sum, r) => sum + r.transferSize, 0)") / 1024)
        memory = page.evaluate("() => performance.memory ? performance.memory.usedJSHeapSize : 0")
        presented = page.evaluate("window.__presented")
        # A press whose frame came in under 16 ms has no entry: counted as 16 ms.
        presented += [16.0] * (presses - len(presented))
        floor = measure_frame_floor(page)
        browser.close()
    return {"browser": latencies, "plotly": settled, "step bytes": step_bytes,
            "presented": presented if packed else [], "floor": floor,
            "first graph": [first_graph],
            "payload": payload, "memory": [memory / 2**20]}


FLOOR_SETUP = """() => {
  const word = document.createElement('div');
  word.style.cssText = 'position:fixed;left:0;top:0;font:12px sans-serif;background:#fff';
  document.body.appendChild(word);
  window.__floor = [];
  document.addEventListener('keydown', event => {
    if (event.key === 'F9') { word.textContent = String(event.timeStamp); } }, true);
  new PerformanceObserver(list => list.getEntries().forEach(entry => {
    if (entry.name === 'keydown') { window.__floor.push(entry.duration); } }))
    .observe({type: 'event', durationThreshold: 16}); }"""


def measure_frame_floor(page: Any, presses: int = 15) -> list[float]:
    """The browser's floor under a repaint on this page: Event Timing's duration of a key
    press whose only answer is one changed word (no script work to speak of), measured as
    "key press to repaint presented" is. Presses under 16 ms have no entry: counted as 16."""
    page.evaluate(FLOOR_SETUP)
    page.locator("body").focus()
    for _ in range(presses):
        page.keyboard.press("F9")
        page.wait_for_timeout(300)
    floor = [float(value) for value in page.evaluate("window.__floor")]
    return floor + [16.0] * (presses - len(floor))


FIRST_SEEN = """(() => { const seen = window.__firstSeen = {picture: 0, graph: 0};
  const tick = () => {
    if (!seen.picture && document.querySelector('.first-paint .scatterlayer .trace')) {
      seen.picture = performance.now(); }
    if (!seen.graph && document.querySelector('#network-graph .scatterlayer .trace')) {
      seen.graph = performance.now(); }
    if (!seen.graph) { requestAnimationFrame(tick); } };
  requestAnimationFrame(tick); })()"""


def measure_first_graph(url: str, painter: str, runs: int = 5) -> dict[str, list[float]]:
    """Cold loads of the default view (no query, a new browser context each): when a graph is
    first on screen (assets/first_paint.js's picture, or the page's graph if it came first) and
    when the page's own, interactive graph is drawn, both from navigation start."""
    from playwright.sync_api import sync_playwright

    on_screen: list[float] = []
    interactive: list[float] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=_flags(painter))
        for _ in range(runs):
            context = browser.new_context(viewport={"width": 1400, "height": 950})
            context.add_init_script(FIRST_SEEN)
            page = context.new_page()
            page.goto(url + "/")
            page.wait_for_function("() => window.__firstSeen && window.__firstSeen.graph",
                                   timeout=120_000)
            seen = page.evaluate("window.__firstSeen")
            on_screen.append(min(seen["picture"] or seen["graph"], seen["graph"]))
            interactive.append(seen["graph"])
            context.close()
        browser.close()
    return {"first graph on screen": on_screen, "interactive graph": interactive}


def measure_play(url: str, query: str, painter: str, seconds: float = 4.0) -> dict[str, float]:
    """Playing at the fastest speed (8x: a month every 100 ms): the months drawn a second
    from the first month drawn to the last (the rate Play holds once it runs; the click and
    Dash's start of the ticks come before), and the months it skipped on the way."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser, page = _open_page(playwright, painter)
        page.goto(url + "/" + query)
        page.wait_for_function("() => window.__realpolitikTimeline", timeout=600_000)
        page.wait_for_function(
            "() => document.querySelector('#network-graph .js-plotly-plot').dataset.painter",
            timeout=120_000)
        page.locator("#play-speed").click()
        page.get_by_text("Speed 8×").click()
        # Months on screen, each once with when it first showed: quick frames and plotly's
        # redraws alike.
        page.evaluate("""() => { const g = document.querySelector('#network-graph .js-plotly-plot');
            window.__months = new Map();
            const seen = step => { if (!window.__months.has(step)) {
                window.__months.set(step, performance.now()); } };
            g.addEventListener('realpolitik:painted', e => seen(Number(e.detail.step)));
            g.on('plotly_afterplot', () => seen(Number(g.dataset.month))); }""")
        start = int(page.evaluate(
            "Number(document.querySelector('#network-graph .js-plotly-plot').dataset.month)"))
        page.locator("#play").click()
        page.wait_for_timeout(seconds * 1000)
        page.locator("#play").click()
        months = page.evaluate("[...window.__months.entries()]")
        browser.close()
    played = sorted((step, at) for step, at in months if step > start)
    times = sorted(at for _, at in played)
    rate = (len(times) - 1) / ((times[-1] - times[0]) / 1000) if len(times) > 1 else 0.0
    skipped = played[-1][0] - start - len(played) if played else 0
    return {"rate": rate, "skipped": float(skipped)}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def row(name: str, values: list[float], unit: str) -> str:
    return (f"| {name} | {statistics.median(values):.1f} {unit} | "
            f"{percentile(values, 0.9):.1f} {unit} | {percentile(values, 0.95):.1f} {unit} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=40)
    parser.add_argument("--quick", action="store_true", help="bundled dataset only")
    parser.add_argument("--no-play", action="store_true", help="skip the play-rate runs")
    parser.add_argument("--serve-baseline", nargs=2, metavar=("DATA", "PORT"),
                        help=argparse.SUPPRESS)
    parser.add_argument("--serve-app", nargs=2, metavar=("DATA", "PORT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_baseline:
        serve_baseline(args.serve_baseline[0], int(args.serve_baseline[1]))
        return
    if args.serve_app:
        from app import create_app

        create_app(Path(args.serve_app[0])).run(host="127.0.0.1", port=int(args.serve_app[1]))
        return

    from graph.dataset import BUNDLED_DATA

    work = Path(tempfile.mkdtemp(prefix="realpolitik-bench-"))
    env = {**os.environ, "REALPOLITIK_CACHE": str(work / "cache")}
    datasets = [("bundled", BUNDLED_DATA, "?date=2023-06")]
    if not args.quick:
        datasets.append(("synthetic 200 countries", write_synthetic(work / "synthetic"),
                         "?date=2015-06"))
    print(f"# One timeline step ({args.steps} steps each; times in ms)\n")
    for label, folder, query in datasets:
        results: dict[str, dict[str, list[float]]] = {}
        for variant, flag in (("realpolitik", "--serve-app"), ("baseline", "--serve-baseline")):
            with running(["bench/ui.py", flag, str(folder)], env) as url:
                with urllib.request.urlopen(url + "/_dash-layout") as response:
                    layout = json.load(response)
                slider_max = _find_max(layout)
                start = slider_max - 30 if "2023" in query else slider_max // 2
                steps = [max(0, start - i) for i in range(args.steps)]
                server_times, sizes = measure_server(url, steps)
                for painter in ("webgl", "svg"):
                    measured = measure_browser(url, query, args.steps, painter,
                                               packed=variant == "realpolitik")
                    measured["server"] = server_times
                    measured["bytes"] = [size / 1024 for size in sizes]
                    if variant == "realpolitik" and not args.no_play:
                        played = measure_play(url, query, painter)
                        measured["play"] = [played["rate"]]
                        measured["play skipped"] = [played["skipped"]]
                    if variant == "realpolitik" and label == "bundled":
                        measured.update(measure_first_graph(url, painter))
                    results[f"{variant} {painter}"] = measured
        print(f"## {label}\n")
        print("| measure | median | p90 | p95 |")
        print("|---|---|---|---|")
        for name, measured in results.items():
            print(row(f"{name}: key press to repaint", measured["browser"], "ms"))
            if measured["presented"]:
                print(row(f"{name}: key press to repaint presented (Event Timing)",
                          measured["presented"], "ms"))
            print(row(f"{name}: key press to plotly's graph (hover, clicks)", measured["plotly"],
                      "ms"))
            print(row(f"{name}: browser floor: key press to a one-word change presented",
                      measured["floor"], "ms"))
            print(row(f"{name}: bytes sent per step (browser)", measured["step bytes"], "KB"))
            print(row(f"{name}: time to first graph (cold, {query})", measured["first graph"],
                      "ms"))
            for measure in ("first graph on screen", "interactive graph"):
                if measure in measured:
                    print(row(f"{name}: default view, {measure} (cold, 5 loads)",
                              measured[measure], "ms"))
            if measured["payload"]:
                print(row(f"{name}: month pack (compressed)", measured["payload"], "KB"))
            print(row(f"{name}: page memory (JS heap)", measured["memory"], "MB"))
            if "play" in measured:
                print(row(f"{name}: months drawn a second, playing at 8x", measured["play"],
                          "/s"))
                print(row(f"{name}: months skipped, playing at 8x", measured["play skipped"],
                          ""))
        for variant in ("realpolitik", "baseline"):
            print(row(f"{variant}: server step (graph callback)",
                      results[f"{variant} svg"]["server"], "ms"))
            print(row(f"{variant}: server step bytes", results[f"{variant} svg"]["bytes"], "KB"))
        print()
        for painter in ("webgl", "svg"):
            ours = results[f"realpolitik {painter}"]["browser"]
            theirs = results[f"baseline {painter}"]["browser"]
            print(f"baseline / realpolitik ({painter}), key press to repaint: median "
                  f"{statistics.median(theirs) / statistics.median(ours):.1f}x, p90 "
                  f"{percentile(theirs, 0.9) / percentile(ours, 0.9):.1f}x")
        print()


def _find_max(node: object) -> int:
    if isinstance(node, dict):
        props = node.get("props")
        if isinstance(props, dict) and props.get("id") == "timeline-slider":
            return int(props["max"])
        for child in node.values():
            found = _find_max(child)
            if found >= 0:
                return found
    elif isinstance(node, list):
        for child in node:
            found = _find_max(child)
            if found >= 0:
                return found
    return -1


if __name__ == "__main__":
    main()
