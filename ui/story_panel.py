"""The stories on the page: the offer on a first visit, the step box above the graph with
Back, Next and Close, and the callbacks that move through a story.

A step is a view: moving to it sets every control to the step's view (``Story.state_at``),
and the URL carries ``story`` and ``step`` with it, so a step can be linked and shared. The
open story downloads as one self-contained HTML page (``ui.export_media.story_html``).
"""

from __future__ import annotations

from typing import Any

import dash
from dash import ALL, Input, Output, State, dcc, html, no_update

from graph.export.text import safe_filename
from graph.stories import Story
from graph.view_state import ViewState
from ui import ids
from ui.model import ExplorerData
from ui.panels import source_list

__all__ = [
    "register_story_callbacks", "story_box", "story_menu", "story_offer", "story_section",
]


def _story(data: ExplorerData, story_id: object) -> Story | None:
    return next((story for story in data.stories if story.id == story_id), None)


def story_offer(data: ExplorerData) -> html.Section:
    """The stories, offered on a first visit (hidden once dismissed; the menu reopens it)."""
    items = [
        html.Li(
            [
                html.Button(
                    story.title,
                    id={"type": ids.STORY_START, "story": story.id},
                    className="story-start",
                    n_clicks=0,
                ),
                html.Span(f" {story.summary} ({len(story.steps)} steps)",
                          className="story-summary"),
            ]
        )
        for story in data.stories
    ]
    return html.Section(
        [
            html.H2("Start with a story"),
            html.P(
                "Each story walks through the network step by step: every step sets the "
                "date, the countries and the filters, says what changed, and cites its "
                "sources. You can leave a story at any time and explore on your own.",
                className="muted",
            ),
            html.Ul(items, className="story-list"),
            html.Button("Explore on my own", id=ids.STORY_OFFER_DISMISS,
                        className="button secondary", n_clicks=0),
        ],
        id=ids.STORY_OFFER,
        className="story-offer",
        style={"display": "none"},
        **{"aria-label": "Stories"},
    )


def story_menu() -> html.Button:
    return html.Button("Stories", id=ids.STORY_MENU, className="button secondary", n_clicks=0,
                       **{"aria-controls": ids.STORY_OFFER})


def story_section() -> html.Section:
    """The box of the open story above the graph: its step (filled by a callback) and the
    Back, Next and Close buttons (always in the page, so that keyboard focus stays on them)."""
    return html.Section(
        [
            html.Div(id=ids.STORY_CONTENT),
            html.Div(
                [
                    html.Button("← Back", id=ids.STORY_BACK, className="button secondary",
                                n_clicks=0),
                    html.Button("Next →", id=ids.STORY_NEXT, className="button", n_clicks=0),
                    html.Button("Close the story", id=ids.STORY_CLOSE,
                                className="button secondary", n_clicks=0),
                    html.Button("Download this story (HTML)", id=ids.STORY_DOWNLOAD_BUTTON,
                                className="button secondary", n_clicks=0,
                                title="Every step's graph, text and sources in one page that "
                                      "reads offline"),
                    dcc.Download(id=ids.STORY_DOWNLOAD),
                ],
                className="story-buttons",
            ),
        ],
        id=ids.STORY_BOX,
        className="story-box",
        style={"display": "none"},
        **{"aria-label": "Story"},
    )


def story_box(data: ExplorerData, state: ViewState) -> list[Any]:
    """The open story's step: where it is, its title, its text and its sources."""
    story = _story(data, state.story)
    if story is None:
        return []
    number = max(1, min(state.story_step or 1, len(story.steps)))
    step = story.steps[number - 1]
    return [
        html.Div(
            [
                html.Span(story.title, className="story-title"),
                html.Span(f"Step {number} of {len(story.steps)}", className="story-count"),
            ],
            className="story-head",
        ),
        html.H2(step.title, className="story-step-title", **{"aria-live": "polite"}),
        *[html.P(paragraph) for paragraph in step.paragraphs],
        html.Details(
            [
                html.Summary(f"Sources ({len(step.sources)})"),
                source_list(data, ";".join(step.sources)),
            ],
            className="story-sources",
        ),
    ]


def register_story_callbacks(app: dash.Dash, data: ExplorerData,
                             control_outputs: list[Output],
                             controls_of: Any) -> None:
    """``controls_of(state)`` gives the control values showing a state (the page's
    ``controls_from_state``); moving in a story sets them all."""

    @app.callback(
        control_outputs,
        Input({"type": ids.STORY_START, "story": ALL}, "n_clicks"),
        Input(ids.STORY_BACK, "n_clicks"),
        Input(ids.STORY_NEXT, "n_clicks"),
        Input(ids.STORY_CLOSE, "n_clicks"),
        State(ids.STORY, "data"),
        prevent_initial_call=True,
    )
    def move(starts: Any, back: Any, forward: Any, close: Any, current: Any) -> list[Any]:
        trigger = dash.ctx.triggered_id
        clicked = dash.ctx.triggered[0].get("value") if dash.ctx.triggered else None
        unchanged = [no_update] * len(control_outputs)
        if not clicked:  # a button appearing in the layout, not a click
            return unchanged
        if isinstance(trigger, dict) and trigger.get("type") == ids.STORY_START:
            story = _story(data, trigger.get("story"))
            return unchanged if story is None else list(controls_of(story.state_at(1)))
        opened = current if isinstance(current, dict) else {}
        story = _story(data, opened.get("story"))
        if story is None:
            return unchanged
        number = opened.get("step") if isinstance(opened.get("step"), int) else 1
        if trigger == ids.STORY_CLOSE:
            values = list(unchanged)
            values[_story_index(control_outputs)] = None
            return values
        number += 1 if trigger == ids.STORY_NEXT else -1
        return list(controls_of(story.state_at(number)))

    @app.callback(
        Output(ids.STORY_CONTENT, "children"),
        Output(ids.STORY_BOX, "style"),
        Output(ids.STORY_BACK, "disabled"),
        Output(ids.STORY_NEXT, "disabled"),
        Input(ids.STORY, "data"),
    )
    def show(opened: Any) -> tuple[list[Any], dict[str, str], bool, bool]:
        opened = opened if isinstance(opened, dict) else {}
        step = opened.get("step")
        state = ViewState(story=str(opened.get("story") or ""),
                          story_step=step if isinstance(step, int) else 1)
        story = _story(data, state.story)
        if story is None:
            return [], {"display": "none"}, True, True
        number = max(1, min(state.story_step, len(story.steps)))
        return story_box(data, state), {}, number == 1, number == len(story.steps)

    @app.callback(
        Output(ids.STORY_DOWNLOAD, "data"),
        Input(ids.STORY_DOWNLOAD_BUTTON, "n_clicks"),
        State(ids.STORY, "data"),
        prevent_initial_call=True,
    )
    def download(clicks: Any, opened: Any) -> Any:
        story = _story(data, opened.get("story")) if isinstance(opened, dict) else None
        if not clicks or story is None:
            return no_update
        from ui.export_media import story_basename, story_html

        return dcc.send_string(story_html(data, story),
                               filename=safe_filename(story_basename(story)))

    @app.callback(
        Output(ids.STORY_OFFER, "style"),
        Output(ids.STORY_OFFER_SEEN, "data"),
        Input(ids.STORY_OFFER_SEEN, "modified_timestamp"),
        Input(ids.STORY_MENU, "n_clicks"),
        Input(ids.STORY_OFFER_DISMISS, "n_clicks"),
        Input({"type": ids.STORY_START, "story": ALL}, "n_clicks"),
        State(ids.STORY_OFFER_SEEN, "data"),
        State(ids.URL, "search"),
    )
    def offer(_: Any, menu: Any, dismiss: Any, starts: Any, seen: Any,
              search: Any) -> tuple[Any, Any]:
        trigger = dash.ctx.triggered_id
        if not data.stories:
            return {"display": "none"}, no_update
        if trigger == ids.STORY_MENU and menu:
            return {}, no_update
        started = isinstance(trigger, dict) and any(starts or [])
        if (trigger == ids.STORY_OFFER_DISMISS and dismiss) or started:
            return {"display": "none"}, True
        # A first visit to the plain page: offer the stories; a shared link goes straight to
        # its view.
        first_visit = not seen and not (isinstance(search, str) and search.strip("?"))
        return ({} if first_visit else {"display": "none"}), no_update


def _story_index(control_outputs: list[Output]) -> int:
    return next(index for index, output in enumerate(control_outputs)
                if output.component_id == ids.STORY)
