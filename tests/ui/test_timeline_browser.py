"""The timeline drawn in the browser (assets/timeline.js), with both painters: WebGL (headless
Chromium gets it from SwiftShader) and SVG.

A month the browser draws from the pack must be the month the server draws: the landing
month is drawn first by the server (the figure sent with the page), then again by the painter
from the pack, and the two are compared mark by mark. Steps then draw with no figure from the
server, first as a quick frame on a canvas, then with plotly when the reader pauses; Play runs
from the browser's months and the slider and the URL follow.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_helpers import GRAPH, open_view

PAINTERS = ("svg", "webgl")
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
COMMON_FLAGS = ["--no-sandbox", "--disable-background-networking",
                "--disable-component-update", "--disable-dev-shm-usage"]
#: SwiftShader gives headless Chromium WebGL; the SVG runs keep the suite's --disable-gpu.
FLAGS = {"svg": [*COMMON_FLAGS, "--disable-gpu"],
         "webgl": [*COMMON_FLAGS, "--use-angle=swiftshader", "--enable-unsafe-swiftshader"]}

# What a figure shows, whoever drew it: each country's hover, each tie's hover, the names
# shown (trace text with SVG, annotations above the WebGL canvas) and the segments per style.
SUMMARY = """() => { const g = document.querySelector('%s');
  const out = {countries: {}, ties: {}, names: [], segments: {}, types: []};
  // _fullData: plotly's own reading, where the server's base64 arrays are decoded.
  g._fullData.forEach(t => {
    out.types.push(t.type);
    const hovers = {countries: out.countries, ties: out.ties}[t.name];
    if (hovers) t.customdata.forEach((key, i) => { hovers[key] = t.hovertext[i]; });
    else if (t.name === 'labels') t.text.forEach(text => out.names.push(text));
    else if (t.mode === 'lines' && t.line) {
      const name = t.name + ' ' + t.line.width + ' ' + t.opacity;
      out.segments[name] = (out.segments[name] || 0) + Math.round(t.x.length / 3);
    }
  });
  (g.layout.annotations || []).forEach(a => { if (a.bgcolor) out.names.push(a.text); });
  out.names.sort();
  return out; }""" % GRAPH


@pytest.fixture(params=PAINTERS)
def painted(request: pytest.FixtureRequest, browser: Any) -> Iterator[tuple[Any, str]]:
    painter = request.param
    # A browser of its own (the painter needs its flags), from the session's Playwright: a
    # second Playwright cannot run beside it.
    launched = browser.browser_type.launch(executable_path=CHROMIUM, args=FLAGS[painter])
    context = launched.new_context(viewport={"width": 1400, "height": 950})
    context.add_init_script(f"window.localStorage.setItem('realpolitik.renderer', '{painter}')")
    page = context.new_page()
    page.console_errors = []
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    page.on("console", lambda message: page.console_errors.append(message.text)
            if message.type == "error" else None)
    yield page, painter
    launched.close()


def _wait_for_painter(page: Any, painter: str) -> None:
    page.wait_for_function(
        "p => { const g = document.querySelector('%s'); return g && g.dataset.painter === p; }"
        % GRAPH, arg=painter, timeout=120_000)


def test_the_browser_draws_the_month_the_server_drew(painted: tuple[Any, str],
                                                     app_url: str) -> None:
    page, painter = painted
    open_view(page, app_url, "?date=2023-06")
    served = page.evaluate(SUMMARY)
    _wait_for_painter(page, painter)
    drawn = page.evaluate(SUMMARY)
    assert drawn["countries"] == served["countries"]
    assert drawn["ties"] == served["ties"]
    assert drawn["names"] == served["names"]
    assert drawn["segments"] == served["segments"]
    expected = "scattergl" if painter == "webgl" else "scatter"
    assert expected in drawn["types"]
    assert not page.console_errors


def test_steps_are_drawn_without_a_figure_from_the_server(painted: tuple[Any, str],
                                                          app_url: str) -> None:
    page, painter = painted
    open_view(page, app_url, "?date=2023-06")
    _wait_for_painter(page, painter)
    figures: list[str] = []

    def record(response: Any) -> None:
        if "_dash-update-component" in response.url and response.status == 200:
            body = json.loads(response.body())
            if "figure" in body.get("response", {}).get("network-graph", {}):
                figures.append(response.url)

    page.on("response", record)
    start = int(page.evaluate("document.querySelector('%s').dataset.month" % GRAPH))
    page.locator("#timeline-slider [role=slider]").first.focus()
    for _ in range(3):
        page.keyboard.press("ArrowLeft")
        page.wait_for_timeout(300)
    page.wait_for_function("() => window.location.search.includes('date=2023-03')",
                           timeout=15_000)
    page.wait_for_load_state("networkidle")
    assert int(page.evaluate("document.querySelector('%s').dataset.month" % GRAPH)) == start - 3
    assert page.inner_text("#current-date") == "March 2023"
    assert figures == []
    # The month shown carries its own caption, as a figure from the server would.
    caption = page.evaluate("document.querySelector('%s').layout.meta.caption" % GRAPH)
    assert "2023-03" in caption
    assert not page.console_errors


def test_play_runs_from_the_browsers_months_and_the_slider_follows(
    painted: tuple[Any, str], app_url: str
) -> None:
    page, painter = painted
    open_view(page, app_url, "?date=2020-01")
    _wait_for_painter(page, painter)
    # Play paints quick frames (assets/quick_frames.js); plotly draws when it pauses.
    page.evaluate("""() => { const g = document.querySelector('%s'); window.__months = new Set();
        g.addEventListener('realpolitik:painted', e => window.__months.add(e.detail.step)); }"""
                  % GRAPH)
    start = int(page.evaluate("document.querySelector('%s').dataset.month" % GRAPH))
    page.locator("#play-speed").click()
    page.get_by_text("Speed 8×").click()
    page.locator("#play").click()
    page.wait_for_function("() => window.__months.size >= 12", timeout=30_000)
    page.locator("#play").click()
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)
    shown = page.evaluate("document.querySelector('%s').dataset.month" % GRAPH)
    handle = page.locator("#timeline-slider [role=slider]").first
    assert handle.get_attribute("aria-valuenow") == shown
    # Every month on the way, in order, none skipped.
    played = page.evaluate("[...window.__months]")
    assert played == list(range(start + 1, int(shown) + 1))
    assert not page.console_errors


def test_a_key_press_is_answered_by_a_quick_frame_then_by_plotly(
    painted: tuple[Any, str], app_url: str
) -> None:
    page, painter = painted
    open_view(page, app_url, "?date=2023-06")
    _wait_for_painter(page, painter)
    # With each frame: how opaque the canvas is over the middle of plotly's legend.
    page.evaluate("""() => { const g = document.querySelector('%s'); window.__frames = [];
        g.addEventListener('realpolitik:painted', e => {
            const canvas = g.querySelector('canvas.quick-frame');
            const legend = g.querySelector('.legend').getBoundingClientRect();
            const origin = canvas.getBoundingClientRect();
            const ratio = canvas.width / origin.width;
            const alpha = canvas.getContext('2d', {willReadFrequently: true}).getImageData(
                Math.round((legend.left + legend.width / 2 - origin.left) * ratio),
                Math.round((legend.top + legend.height / 2 - origin.top) * ratio), 1, 1).data[3];
            window.__frames.push([e.detail.step, e.detail.quick,
                                  g.classList.contains('quick-frames'), alpha]); }); }"""
                  % GRAPH)
    start = int(page.evaluate("document.querySelector('%s').dataset.month" % GRAPH))
    handle = page.locator("#timeline-slider [role=slider]").first
    handle.focus()
    page.keyboard.press("ArrowLeft")
    page.wait_for_function("() => window.__frames.length > 0")
    # The canvas covers plotly's marks but leaves its legend in sight.
    assert page.evaluate("window.__frames[0]") == [start - 1, True, True, 0]
    frame = page.evaluate("window.realpolitikQuickFrames.last()")
    # Once the reader pauses, plotly draws that month and the canvas gives way to it.
    page.wait_for_function(
        "() => !document.querySelector('%s').classList.contains('quick-frames')" % GRAPH,
        timeout=15_000)
    caption = page.evaluate("document.querySelector('%s').layout.meta.caption" % GRAPH)
    assert " · 2023-05 · " in caption
    drawn = page.evaluate(SUMMARY)
    # The quick frame left hover out; plotly's graph has it all.
    assert drawn["countries"] and all(drawn["countries"].values())
    assert drawn["ties"] and all(drawn["ties"].values())
    assert frame == {"countries": len(drawn["countries"]),
                     "ties": sum(drawn["segments"].values())}
    # The slider, and through it the address, hear of the month after its frame.
    page.wait_for_function("() => window.location.search.includes('date=2023-05')",
                           timeout=15_000)
    assert handle.get_attribute("aria-valuenow") == str(start - 1)
    assert not page.console_errors


@pytest.mark.parametrize("reduced", [False, True], ids=["motion", "reduced-motion"])
def test_a_press_glides_a_held_key_jumps_and_reduced_motion_never_glides(
    painted: tuple[Any, str], app_url: str, reduced: bool
) -> None:
    page, painter = painted
    if reduced:
        page.emulate_media(reduced_motion="reduce")
    open_view(page, app_url, "?date=2023-06")
    _wait_for_painter(page, painter)
    page.evaluate("""() => { window.__motion = [];
        document.querySelector('%s').addEventListener('realpolitik:painted',
            () => window.__motion.push(window.realpolitikQuickFrames.motion())); }""" % GRAPH)
    handle = page.locator("#timeline-slider [role=slider]").first
    handle.focus()
    page.keyboard.press("ArrowLeft")
    page.wait_for_function("() => window.__motion.length === 1")
    pressed = page.evaluate("window.__motion[0]")
    if reduced:
        assert pressed == {"glide": False, "progress": 1}
    else:
        # The first frame is already on its way (not the month before, not yet the new one).
        assert pressed["glide"] and 0 < pressed["progress"] < 1
    page.wait_for_timeout(400)
    # A held key repeats: its months jump, they do not glide.
    page.keyboard.down("ArrowLeft")
    page.keyboard.down("ArrowLeft")
    page.keyboard.up("ArrowLeft")
    page.wait_for_function("() => window.__motion.length === 3")
    assert page.evaluate("window.__motion[2]") == {"glide": False, "progress": 1}
    assert not page.console_errors


def test_a_filtered_views_months_are_fetched_when_the_reader_moves_in_time(
    page: Any, app_url: str
) -> None:
    # A pack made by an earlier run (a shared cache folder) would rightly be fetched at once.
    cache = os.environ.get("REALPOLITIK_CACHE")
    for made in Path(cache, "packs").glob("*.rpk") if cache else ():
        made.unlink()
    open_view(page, app_url, "?date=2023-06&sign=-1&min_weight=0.3")
    page.wait_for_timeout(1500)
    assert page.evaluate("window.__realpolitikTimeline === undefined")
    page.locator("#timeline-slider [role=slider]").first.focus()
    page.keyboard.press("ArrowLeft")
    page.wait_for_function("() => window.__realpolitikTimeline", timeout=120_000)
    assert "sign=-1" in page.evaluate("window.__realpolitikTimeline.key")
    _wait_for_painter(page, "svg")
