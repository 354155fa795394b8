"""The first screen as a reader meets it, at three screen sizes: nothing cut or overlapping,
no serious accessibility violation (axe-core), and the Russia–Iran story walked end to end.

Screenshots are written to ``$REALPOLITIK_SCREENSHOTS`` (or the test's temporary folder) so a
person can look at them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_helpers import GRAPH

JS = Path(__file__).resolve().parent / "js"
VIEWPORTS = {"desktop": (1440, 900), "laptop": (1024, 768), "phone": (390, 844)}
SCREENS = {
    "landing": "",
    "story-step": "?story=russia-iran&step=5",
    "panel": "?date=2023-06&dyad=IRN,RUS",
}

Box = tuple[float, float, float, float]


def _overlap(one: Box, other: Box) -> float:
    """The area two boxes (x, y, width, height) share."""
    width = min(one[0] + one[2], other[0] + other[2]) - max(one[0], other[0])
    height = min(one[1] + one[3], other[1] + other[3]) - max(one[1], other[1])
    return max(width, 0) * max(height, 0)


def _boxes(page: Any, selector: str) -> list[Box]:
    return [
        (box["x"], box["y"], box["width"], box["height"])
        for box in page.evaluate(
            """selector => Array.from(document.querySelectorAll(selector))
                .filter(e => (e.textContent || '').trim() && e.getClientRects().length)
                .map(e => { const r = e.getBoundingClientRect();
                            return {x: r.x, y: r.y, width: r.width, height: r.height}; })""",
            selector,
        )
    ]


def _overlapping(boxes: list[Box], tolerance: float = 4.0) -> list[tuple[Box, Box]]:
    return [
        (one, other)
        for index, one in enumerate(boxes)
        for other in boxes[index + 1:]
        if _overlap(one, other) > tolerance
    ]


@pytest.fixture(scope="module")
def axe_source() -> str:
    """axe-core's script, installed by npm from tests/ui/js (locked version)."""
    script = JS / "node_modules" / "axe-core" / "axe.min.js"
    if not script.is_file():
        npm = shutil.which("npm")
        reason = ""
        if npm is None:
            reason = "npm is needed to install axe-core"
        else:
            done = subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
                                  cwd=JS, capture_output=True, text=True, timeout=300,
                                  check=False)
            if done.returncode != 0:
                reason = f"npm could not install axe-core: {done.stderr.strip()[-300:]}"
        if reason:
            if os.environ.get("REALPOLITIK_REQUIRE_NODE") == "1":
                pytest.fail(reason)
            pytest.skip(reason)
    return script.read_text(encoding="utf-8")


@pytest.fixture
def screen(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    width, height = VIEWPORTS[request.param]
    # axe is injected as an inline script: only this context bypasses the page's CSP (the
    # CSP itself is tested without bypass in test_security_browser.py).
    context = browser.new_context(viewport={"width": width, "height": height}, bypass_csp=True)
    opened = context.new_page()
    opened.viewport_name = request.param
    yield opened
    context.close()


def _open(page: Any, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(f"{GRAPH} .scatterlayer .trace", timeout=60_000)
    page.wait_for_load_state("networkidle")  # the callbacks that follow the first paint


def _shots() -> Path:
    folder = Path(os.environ.get("REALPOLITIK_SCREENSHOTS") or "/tmp/realpolitik-screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.mark.parametrize("screen", list(VIEWPORTS), indirect=True)
@pytest.mark.parametrize("name", list(SCREENS))
def test_nothing_is_cut_or_overlapping(screen: Any, app_url: str, name: str) -> None:
    _open(screen, app_url + "/" + SCREENS[name])
    screen.screenshot(path=str(_shots() / f"{name}-{screen.viewport_name}.png"))
    width = screen.evaluate("window.innerWidth")
    assert screen.evaluate("document.documentElement.scrollWidth") <= width + 1, "cut sideways"
    labels = _boxes(screen, f"{GRAPH} .textpoint text")
    assert labels, "the graph names some countries"
    assert _overlapping(labels) == []
    assert _overlapping(_boxes(screen, "#graph-caption span")) == []
    header = _boxes(screen, ".header h1, .header .dataset-label, #current-date, .header .button, "
                            ".header summary, #methodology-link")
    assert _overlapping(header) == []
    # The month is whole, not cut ("Decembe").
    date = screen.locator("#current-date")
    assert date.evaluate("e => e.scrollWidth <= e.clientWidth + 1")


@pytest.mark.parametrize("screen", ["desktop"], indirect=True)
@pytest.mark.parametrize("name", list(SCREENS))
def test_no_serious_accessibility_violation(screen: Any, app_url: str, axe_source: str,
                                            name: str) -> None:
    _open(screen, app_url + "/" + SCREENS[name])
    screen.add_script_tag(content=axe_source)
    violations = screen.evaluate(
        """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
            .map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.length}))""")
    serious = [v for v in violations if v["impact"] in ("critical", "serious")]
    assert serious == []


@pytest.mark.parametrize("screen", ["desktop", "phone"], indirect=True)
def test_the_methodology_page_has_no_serious_accessibility_violation(
    screen: Any, app_url: str, axe_source: str
) -> None:
    screen.goto(app_url + "/methodology")
    screen.add_script_tag(content=axe_source)
    violations = screen.evaluate(
        """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
            .map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.length}))""")
    assert [v for v in violations if v["impact"] in ("critical", "serious")] == []
    width = screen.evaluate("window.innerWidth")
    assert screen.evaluate("document.documentElement.scrollWidth") <= width + 1, "cut sideways"


def test_the_header_links_to_the_methodology_and_back(page: Any, app_url: str) -> None:
    _open(page, app_url + "/?date=2023-06")
    page.get_by_role("link", name="How to read this / methodology").click()
    page.wait_for_url("**/methodology")
    assert page.inner_text("h1") == "How to read Realpolitik"
    # Under the app's own policy (no bypass here): the style sheet applies, nothing is refused.
    main = page.locator("main")
    assert main.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(255, 255, 255)"
    assert page.console_errors == []
    page.get_by_role("link", name="Back to the explorer").first.click()
    page.wait_for_selector(f"{GRAPH} .scatterlayer .trace", timeout=60_000)


@pytest.mark.parametrize("screen", ["phone"], indirect=True)
def test_the_drawer_opens_on_a_phone(screen: Any, app_url: str) -> None:
    _open(screen, app_url + "/?date=2023-06")
    assert not screen.is_visible("#controls")
    graph_top = screen.locator("#network-graph").bounding_box()["y"]
    toggle = screen.locator("#controls-toggle")
    assert toggle.bounding_box()["y"] > graph_top  # the graph comes first
    toggle.click()
    assert screen.is_visible("#controls")
    assert toggle.get_attribute("aria-expanded") == "true"


@pytest.mark.parametrize("screen", ["desktop"], indirect=True)
def test_the_russia_iran_story_end_to_end(screen: Any, app_url: str) -> None:
    _open(screen, app_url + "/")
    assert screen.is_visible("#story-offer")  # offered on a first visit
    screen.get_by_role("button", name="Russia and Iran", exact=False).first.click()
    screen.wait_for_selector("#story-box .story-step-title")
    total = int(screen.inner_text("#story-box .story-count").split(" of ")[1])
    assert total >= 7
    titles = []
    for number in range(1, total + 1):
        screen.wait_for_function(
            """n => new URLSearchParams(location.search).get('step') === String(n)
                && (document.querySelector('#story-box .story-count') || {}).textContent
                   === 'Step ' + n + ' of ' + %d""" % total, arg=number, timeout=30_000)
        assert "story=russia-iran" in screen.url
        titles.append(screen.inner_text("#story-box .story-step-title"))
        assert screen.locator("#story-box .sources li").count() >= 1  # its sources
        if number < total:
            # The keyboard alone moves through the story.
            screen.focus("#story-next")
            screen.keyboard.press("Enter")
    assert len(set(titles)) == total
    assert screen.locator("#story-next").is_disabled()
    screen.click("#story-back")
    screen.wait_for_function(
        "n => new URLSearchParams(location.search).get('step') === String(n)", arg=total - 1,
        timeout=30_000)
    # A reload keeps the step (it is in the URL) and no longer offers the stories.
    screen.reload()
    screen.wait_for_selector("#story-box .story-step-title")
    assert screen.inner_text("#story-box .story-count") == f"Step {total - 1} of {total}"
    assert not screen.is_visible("#story-offer")
    screen.click("#story-close")
    screen.wait_for_function("() => !location.search.includes('story=')")
    assert not screen.is_visible("#story-box")
