"""A story as one downloaded HTML page: every bundled story's steps, texts and sources, one
figure per step (the app's own), well-formed, offline, escaped; walked with the arrow keys in
Chromium; downloaded from the story box of the running app."""

from __future__ import annotations

import base64
import gzip
import html
import json
import os
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from server_helpers import write_hostile_dataset

from graph.dataset import BUNDLED_DATA
from graph.stories import Story, parse_story
from ui.export_media import story_basename, story_html
from ui.export_media.page import _json_default, _lean_traces
from ui.figures import network_figure
from ui.model import ExplorerData, build_scene, load_explorer_data

STORY_IDS = sorted(
    path.stem for path in (BUNDLED_DATA / "stories").glob("*.md") if path.stem != "README"
)
MB = 1024 * 1024
VOID = {"meta", "link", "br", "img", "input", "hr", "wbr", "source", "area", "col", "base"}


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> ExplorerData:
    cache = os.environ.get("REALPOLITIK_CACHE") or str(tmp_path_factory.mktemp("cache"))
    return load_explorer_data(cache_dir=Path(cache))


@pytest.fixture(scope="module")
def pages(bundled: ExplorerData) -> dict[str, str]:
    return {story.id: story_html(bundled, story) for story in bundled.stories}


def story_of(data: ExplorerData, story_id: str) -> Story:
    return next(story for story in data.stories if story.id == story_id)


class Tree(HTMLParser):
    """Checks that elements nest (every one closed, in order) and keeps the headings."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.problems: list[str] = []
        self.headings: dict[str, list[str]] = {"h1": [], "h2": []}
        self._heading: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID:
            self.open.append(tag)
        if tag in self.headings:
            self._heading = tag
            self.headings[tag].append("")

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.open[-1:]}")
        else:
            self.open.pop()
        if tag == self._heading:
            self._heading = None

    def handle_data(self, data: str) -> None:
        if self._heading:
            self.headings[self._heading][-1] += data


def parsed(page: str) -> Tree:
    tree = Tree()
    tree.feed(page)
    tree.close()
    return tree


def figures_of(page: str) -> dict[str, Any]:
    found = re.search(
        r'<script type="application/gzip;base64" id="figures">(.*?)</script>', page, re.S
    )
    assert found, "no figures block"
    return json.loads(gzip.decompress(base64.b64decode(found.group(1))))


def unpacked(packed: dict[str, Any], frame: int) -> list[dict[str, Any]]:
    """A frame's traces with their strings put back, as the page's script does."""
    traces = []
    for trace in packed["frames"][frame]:
        trace = dict(trace)
        for key in ("hovertext", "text"):
            if isinstance(trace.get(key), dict):
                trace[key] = [packed["strings"][index] for index in trace[key]["strings"]]
        traces.append(trace)
    return traces


def test_every_bundled_story_is_loaded(bundled: ExplorerData) -> None:
    assert sorted(story.id for story in bundled.stories) == STORY_IDS


@pytest.mark.parametrize("story_id", STORY_IDS)
def test_the_page_holds_every_steps_text_and_sources(
    bundled: ExplorerData, pages: dict[str, str], story_id: str
) -> None:
    story, page = story_of(bundled, story_id), pages[story_id]
    titles = dict(zip(bundled.dataset.sources["id"], bundled.dataset.sources["title"], strict=True))
    assert f"<h1>{html.escape(story.title)}</h1>" in page
    assert parsed(page).headings["h2"] == [step.title for step in story.steps]
    for step in story.steps:
        for paragraph in step.paragraphs:
            assert f"<p>{html.escape(paragraph)}</p>" in page
        assert step.sources
        for source in step.sources:
            assert html.escape(str(titles[source])) in page, source


@pytest.mark.parametrize("story_id", STORY_IDS)
def test_the_page_is_well_formed_offline_and_small(pages: dict[str, str], story_id: str) -> None:
    page = pages[story_id]
    tree = parsed(page)
    assert tree.problems == [] and tree.open == []
    assert len(tree.headings["h1"]) == 1
    assert not re.search(r"<script[^>]*\ssrc\s*=", page, re.I)
    assert not re.search(r"<link[^>]*\shref\s*=", page, re.I)
    # The only addresses are the sources' own links.
    for href in re.findall(r'href="([^"]*)"', page):
        assert href.startswith(("https://", "http://")), href
    assert len(page.encode("utf-8")) < 3 * MB


@pytest.mark.parametrize("story_id", STORY_IDS)
def test_each_step_has_the_figure_the_app_draws(
    bundled: ExplorerData, pages: dict[str, str], story_id: str
) -> None:
    story = story_of(bundled, story_id)
    packed = figures_of(pages[story_id])
    assert len(packed["steps"]) == len(story.steps)
    for number, step in enumerate(packed["steps"], start=1):
        state = story.state_at(number)
        drawn = network_figure(
            build_scene(bundled, state),
            layout=state.layout,
            size=state.size,
            colour_by=state.color,
            flows=state.flows,
            notes=False,
        )
        expected = json.loads(json.dumps(_lean_traces(drawn["data"]), default=_json_default))
        assert unpacked(packed, step["frame"]) == expected, f"step {number}"
        assert ("geo" in packed["layouts"][step["layout"]]) == (state.layout == "map")


def test_a_map_step_brings_the_world_outline(pages: dict[str, str], bundled: ExplorerData) -> None:
    for story in bundled.stories:
        has_map = any(step.state.layout == "map" for step in story.steps)
        assert ("window.PlotlyGeoAssets" in pages[story.id]) == has_map, story.id


HOSTILE_STORY = """---
id: evil
title: <script>alert('title')</script> & co
summary: <img src=x onerror=alert(1)>
---

## <b>Step</b> one
view: ?date=2022-03&dyad=RUS,UKR
ties: t-rus-ukr-war

A text with <a href="javascript:alert(2)">markup</a> & an ampersand.
"""


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[ExplorerData, Story]:
    folder = write_hostile_dataset(tmp_path_factory.mktemp("data") / "evil")
    data = load_explorer_data(folder, cache_dir=tmp_path_factory.mktemp("cache"))
    story, problems = parse_story(HOSTILE_STORY, "evil.md", data.dataset)
    assert story is not None, problems
    return data, story


def test_text_from_the_story_and_the_data_reaches_the_page_as_text(
    hostile: tuple[ExplorerData, Story],
) -> None:
    data, story = hostile
    page = story_html(data, story)
    tree = parsed(page)
    assert tree.problems == []
    # Only the page's own script runs: four script blocks, none from the data.
    assert len(re.findall(r"<script", page)) == 4
    for raw in (
        "<script>alert('title')</script>",
        "<img src=x onerror=alert(1)>",
        '<a href="javascript:alert(2)">',
        "<b>Step</b>",
        "<script>x</script>",
    ):
        assert raw not in page
        assert html.escape(raw) in page
    assert "javascript:" not in re.sub(r"&lt;.*?&gt;", "", page)
    assert story_basename(story) == "realpolitik-story-evil.html"


# --------------------------------------------------------------------------------------------
# In a browser


@pytest.fixture(scope="module")
def saved(pages: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("stories")
    paths = {}
    for story_id, page in pages.items():
        paths[story_id] = folder / f"{story_id}.html"
        paths[story_id].write_text(page, encoding="utf-8")
    return paths


@pytest.fixture
def tab(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 850})
    opened = context.new_page()
    opened.errors = []
    opened.on("pageerror", lambda error: opened.errors.append(str(error)))
    opened.on(
        "console",
        lambda message: opened.errors.append(message.text) if message.type == "error" else None,
    )
    yield opened
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("story_id", STORY_IDS)
def test_the_arrow_keys_walk_through_the_story(
    tab: Any, saved: dict[str, Path], bundled: ExplorerData, story_id: str
) -> None:
    story = story_of(bundled, story_id)
    tab.goto(saved[story_id].as_uri())
    tab.wait_for_selector("#graph .main-svg", timeout=30_000)
    for number, step in enumerate(story.steps, start=1):
        tab.wait_for_function(
            "n => document.getElementById('graph').getAttribute('data-step') === String(n)",
            arg=number,
            timeout=15_000,
        )
        assert tab.inner_text(".step.current h2") == step.title
        assert tab.inner_text("#count") == f"Step {number} of {len(story.steps)}"
        assert tab.locator(".step h2").filter(has_text=step.title).is_visible()
        tab.keyboard.press("ArrowRight")
    assert tab.locator("#next").is_disabled()
    tab.keyboard.press("ArrowLeft")
    tab.wait_for_function("() => location.hash === '#step-%d'" % (len(story.steps) - 1))
    assert tab.errors == []


@pytest.mark.browser
def test_the_story_box_downloads_the_story(page: Any, app_url: str, tmp_path: Path) -> None:
    page.goto(f"{app_url}/?story=russia-iran&step=2")
    page.wait_for_selector("#story-box .story-step-title", timeout=30_000)
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="Download this story (HTML)").click()
    assert download.value.suggested_filename == "realpolitik-story-russia-iran.html"
    path = tmp_path / "story.html"
    download.value.save_as(path)
    text = path.read_text(encoding="utf-8")
    assert "<h1>Russia and Iran, from arms client to drone supplier</h1>" in text
    assert len(figures_of(text)["steps"]) == int(
        page.inner_text("#story-box .story-count").split(" of ")[1]
    )
