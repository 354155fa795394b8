"""A story as one self-contained HTML page: its title, and for each step the graph the app
draws at that step, the step's text and its sources, with Back, Next and the arrow keys.

The page is built like the standalone page of a view (:mod:`ui.export_media.page`): plotly.js
is stored once, gzip-compressed and base64-encoded, and inflated by the browser; the steps'
figures are the page's own (``ui.figures.view_figure`` of ``ui.model.build_scene`` at
``Story.state_at(step)``), packed into one compressed blob whose strings are stored once and
whose identical traces and layouts are shared between steps; the world map is inlined when a
step uses it. Nothing is fetched from the network but the sources' own links.

The text of every step is written into the page as escaped HTML, so the story reads (and is
found by a search) without the script; the script shows one step at a time. The file is
downloaded, not served, so it has no Content-Security-Policy of its own (its script runs the
inflated plotly.js with an indirect ``eval``, as the standalone page's does).
"""

from __future__ import annotations

import html
import json
from functools import lru_cache
from importlib.resources import files
from string import Template
from typing import TYPE_CHECKING, Any

from graph.export.text import safe_url
from graph.stories import Step, Story
from ui.export_media.images import WORLD_TOPOJSON, caption_text
from ui.export_media.page import (
    STANDALONE_CONFIG,
    _gzip_b64,
    _json_default,
    _lean_traces,
    _pack_frames,
    _plotly_js_gzip_b64,
    _script_json,
    _sipri_credit,
)

if TYPE_CHECKING:
    from ui.model import ExplorerData

__all__ = [
    "story_basename",
    "story_html",
]


@lru_cache(maxsize=1)
def _template() -> tuple[Template, str]:
    """The page (``ui/templates/story.html``) and its script (``story.js``, inlined)."""
    folder = files("ui") / "templates"
    return (
        Template(folder.joinpath("story.html").read_text(encoding="utf-8")),
        folder.joinpath("story.js").read_text(encoding="utf-8"),
    )


def story_basename(story: Story) -> str:
    """The file name of a story's page.

    >>> from graph.stories import Story
    >>> story_basename(Story("russia-iran", "Russia and Iran", "", ()))
    'realpolitik-story-russia-iran.html'
    """
    # Story ids are lower-case letters, digits and hyphens (graph.stories checks them).
    return f"realpolitik-story-{story.id}.html"


def _sources(index: dict[str, dict[str, Any]], step: Step) -> str:
    """The step's sources as the app's story box lists them: publisher, title, date, and a
    link when the URL is http(s). ``index`` holds the sources by id."""
    items = []
    for source_id in step.sources:
        source = index.get(source_id)
        if source is None:
            items.append(f"<li>{html.escape(source_id)} (not in sources.csv)</li>")
            continue
        label = html.escape(f"{source['publisher']}: {source['title']}")
        date = f" ({html.escape(str(source['date']))})" if source.get("date") else ""
        url = safe_url(source.get("url"))
        if url:
            link = f'<a href="{html.escape(url)}" rel="noopener noreferrer">{label}</a>'
            items.append(f"<li>{link}{date}</li>")
        else:
            items.append(f'<li>{label}{date}<span class="no-link"> · no link</span></li>')
    return f'<ul class="sources">{"".join(items)}</ul>'


def _step_section(
    data: ExplorerData, story: Story, number: int, sources: dict[str, dict[str, Any]]
) -> str:
    from ui.figures import encoding_note

    step = story.steps[number - 1]
    state = story.state_at(number)
    paragraphs = "".join(f"<p>{html.escape(text)}</p>" for text in step.paragraphs)
    caption = f"{encoding_note(state.size, state.color)} · {caption_text(data, state)}"
    first = " current" if number == 1 else ""
    return (
        f'<section class="step{first}" aria-labelledby="step-{number}-title">'
        f'<h2 id="step-{number}-title">{html.escape(step.title)}</h2>'
        f'<p class="caption">Step {number} of {len(story.steps)} · {html.escape(caption)}</p>'
        f"{paragraphs}"
        f"<h3>Sources ({len(step.sources)})</h3>{_sources(sources, step)}"
        "</section>"
    )


def _figures(data: ExplorerData, story: Story) -> tuple[dict[str, Any], bool]:
    """The steps' figures, packed: each step names its traces (``frame``) and its layout,
    both shared with any step that draws the same. True when a step draws the world map."""
    from ui.figures import view_figure
    from ui.model import build_scene

    traces_of_frame: list[list[dict[str, Any]]] = []
    frame_of_text: dict[str, int] = {}
    layouts: list[dict[str, Any]] = []
    layout_of_text: dict[str, int] = {}
    steps = []
    geo = False
    for number in range(1, len(story.steps) + 1):
        state = story.state_at(number)
        geo = geo or state.layout == "map"
        # As the app draws a step: its figure without the notes, which the caption carries.
        figure = view_figure(build_scene(data, state), state, caption=caption_text(data, state),
                             notes=False)
        traces = _lean_traces(figure["data"])
        layout = dict(figure["layout"])
        layout.pop("uirevision", None)  # each step is a framing of its own
        frame_text = json.dumps(traces, sort_keys=True, default=_json_default)
        layout_text = json.dumps(layout, sort_keys=True, default=_json_default)
        if frame_text not in frame_of_text:
            frame_of_text[frame_text] = len(traces_of_frame)
            traces_of_frame.append(traces)
        if layout_text not in layout_of_text:
            layout_of_text[layout_text] = len(layouts)
            layouts.append(layout)
        steps.append({"frame": frame_of_text[frame_text], "layout": layout_of_text[layout_text]})
    packed = _pack_frames(traces_of_frame)
    return {**packed, "layouts": layouts, "steps": steps}, geo


def story_html(data: ExplorerData, story: Story) -> str:
    """One self-contained HTML page of ``story``: each step's graph (as the app draws it),
    text and sources, moved through with Back, Next and the arrow keys."""
    packed, geo = _figures(data, story)
    geo_script = ""
    if geo:
        geo_script = (
            "<script>window.PlotlyGeoAssets = {topojson: {world_110m: "
            + _script_json(json.loads(WORLD_TOPOJSON.read_text(encoding="utf-8")))
            + "}};</script>\n"
        )
    dataset = data.dataset
    sources = {str(row["id"]): row for row in dataset.sources.to_dict("records")}
    page, script = _template()
    return page.substitute(
        {
            "title": html.escape(story.title),
            "heading": html.escape(story.title),
            "summary": html.escape(story.summary),
            "count": f"Step 1 of {len(story.steps)}",
            "steps": "\n".join(
                _step_section(data, story, number, sources)
                for number in range(1, len(story.steps) + 1)
            ),
            "credit": html.escape(
                f"A story of Realpolitik. Data: {dataset.name}, version {dataset.version} "
                "(CC BY 4.0); every step cites its sources." + _sipri_credit(data)
            ),
            "spec": _script_json({"config": STANDALONE_CONFIG}),
            "plotly": _plotly_js_gzip_b64(),
            "figures": _gzip_b64(_script_json(packed)),
            "geo": geo_script,
            "script": script,
        }
    )
