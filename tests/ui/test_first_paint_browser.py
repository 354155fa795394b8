"""The first graph before the page's controls (assets/first_paint.js), under the page's CSP.

A cold load of the default view draws the layout's first figure as a picture, out of sight,
shows it over the graph's place as soon as the layout gives it one, and removes it when the
page's own graph is drawn.
"""

from __future__ import annotations

from typing import Any

import pytest
from browser_helpers import GRAPH

# Polled every frame from the first script on: when the picture and the page's graph first
# appear, where they are, and what the picture drew.
RECORD = """(() => {
  window.__firstPaint = {picture: null, graph: null, boxes: null, traces: null, hidden: null,
                         everPicture: false};
  const box = e => { const r = e.getBoundingClientRect();
    return [r.left, r.top, r.width, r.height].map(Math.round); };
  const tick = () => {
    const seen = window.__firstPaint;
    const frame = document.querySelector('.first-paint');
    const picture = frame && frame.querySelector('.js-plotly-plot');
    if (picture && picture.querySelector('.scatterlayer .trace') && seen.picture === null
        && getComputedStyle(frame).visibility === 'visible') {
      seen.picture = performance.now();
      seen.everPicture = true;
      // Measured after this frame's callbacks, the picture's own placing among them.
      setTimeout(() => { const graph = document.getElementById('network-graph');
        seen.boxes = [box(frame), graph ? box(graph) : null]; }, 0);
      seen.traces = picture.data.map(t => t.name);
      seen.hidden = [frame.getAttribute('aria-hidden'), getComputedStyle(frame).pointerEvents];
    }
    if (document.querySelector('#network-graph .scatterlayer .trace') && seen.graph === null) {
      seen.graph = performance.now();
    }
    if (seen.graph === null) { requestAnimationFrame(tick); }
  };
  requestAnimationFrame(tick);
})()"""

VIEWPORTS = {"desktop": (1440, 900), "phone": (390, 844)}


@pytest.mark.parametrize("viewport", list(VIEWPORTS), ids=list(VIEWPORTS))
def test_the_default_view_is_pictured_in_the_graphs_place_until_the_graph_draws(
        page: Any, app_url: str, viewport: str) -> None:
    width, height = VIEWPORTS[viewport]
    page.set_viewport_size({"width": width, "height": height})
    page.add_init_script(RECORD)
    page.goto(app_url + "/")
    page.wait_for_selector(f"{GRAPH} .scatterlayer .trace", timeout=60_000)
    page.wait_for_timeout(300)
    seen = page.evaluate("window.__firstPaint")
    assert seen["everPicture"], "the first figure was pictured"
    assert seen["picture"] <= seen["graph"]
    picture_box, graph_box = seen["boxes"]
    assert graph_box is not None, "pictured once the layout gave the graph its place"
    assert all(abs(a - b) <= 2 for a, b in zip(picture_box[:3], graph_box[:3], strict=True))
    assert seen["hidden"] == ["true", "none"], "a picture: not read out, not clickable"
    # The same figure: the layout's own traces, in order.
    assert seen["traces"] == page.evaluate(
        "document.querySelector('#network-graph .js-plotly-plot').data.map(t => t.name)")
    assert page.locator(".first-paint").count() == 0, "removed once the graph is drawn"
    assert page.console_errors == []


@pytest.mark.parametrize("query", ["?date=2023-06", "?story=russia-iran&step=1"],
                         ids=["a month", "a story step"])
def test_a_link_to_another_view_is_not_pictured_as_the_default(
        page: Any, app_url: str, query: str) -> None:
    page.add_init_script(RECORD)
    page.goto(app_url + "/" + query)
    page.wait_for_selector(f"{GRAPH} .scatterlayer .trace", timeout=60_000)
    page.wait_for_timeout(300)
    assert page.evaluate("window.__firstPaint.everPicture") is False
    assert page.console_errors == []
