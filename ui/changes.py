"""What changed: beside the month, the ties that formed, ended or flipped since the month shown
before (the previous month when stepping, the last one seen when jumping), each a button that
opens the pair. While the timeline plays it reads like a news ticker."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import dash
from dash import ALL, Input, Output, State, html, no_update

from graph.dataset import tie_type_label
from graph.diff import dyad_changes
from graph.view_state import ViewState
from ui import ids
from ui.model import ExplorerData, view_of

__all__ = ["SHOWN_CHANGES", "changes_items", "register_changes_callbacks"]

#: Items listed; the rest are counted.
SHOWN_CHANGES = 5
_SYMBOLS = {"formed": ("+", "formed"), "ended": ("−", "ended"), "flipped": ("⇄", "flipped")}


def changes_items(data: ExplorerData, state: ViewState, since: int) -> list[Any]:
    """The list of changes from month ``since`` to the state's month, in the state's view."""
    if state.window is not None:
        return []
    step = data.step_of(state)
    if since == step or not 0 <= since < len(data.vocabulary.months):
        return []
    view = replace(view_of(data, state), focus=None, hide_isolates=False)
    now = data.select(view).dyads
    then = data.select(replace(view, window=data.window_of(replace(state, step=since)))).dyads
    changes = dyad_changes(then, now)
    months = data.vocabulary.months
    label = "last month" if since == step - 1 else months[since]
    if changes.empty:
        return [html.Span(f"No tie formed, ended or flipped since {label}.", className="muted")]
    names = data.names
    items: list[Any] = [html.Span(f"Since {label}:", className="changes-label")]
    for row in changes.head(SHOWN_CHANGES).to_dict("records"):
        symbol, word = _SYMBOLS[row["change"]]
        kind = tie_type_label(str(row["types"]).split(";")[0])
        source, target = row["source"], row["target"]
        pair = f"{names.get(source, source)} – {names.get(target, target)}"
        items.append(html.Button(
            f"{symbol} {pair}" + (f" ({kind})" if kind else ""),
            id={"type": ids.CHANGE_ITEM, "pair": f"{row['source']},{row['target']}"},
            className=f"change change-{row['change']}", n_clicks=0,
            title=f"{word}: net {row['net_before']:+.1f} → {row['net_after']:+.1f}; "
                  "open the relationship",
        ))
    if len(changes) > SHOWN_CHANGES:
        items.append(html.Span(f"+{len(changes) - SHOWN_CHANGES} more", className="muted"))
    return items


def register_changes_callbacks(app: dash.Dash, data: ExplorerData, control_states: list[State],
                               state_of: Any) -> None:
    """``state_of(values)`` reads the controls' values (the page's ``state_from_controls``)."""

    @app.callback(
        Output(ids.CHANGES, "children"),
        Output(ids.CHANGES_FROM, "data"),
        Input(ids.RENDERED, "data"),
        State(ids.CHANGES_FROM, "data"),
        control_states,
    )
    def list_changes(rendered: Any, since: Any, *values: Any) -> tuple[Any, Any]:
        if not isinstance(rendered, int):
            return no_update, no_update
        state = state_of(list(values))
        step = data.step_of(state)
        previous = since if isinstance(since, int) and since != step else step - 1
        return changes_items(data, state, previous), step

    @app.callback(
        Output(ids.DYAD_FIRST, "value", allow_duplicate=True),
        Output(ids.DYAD_SECOND, "value", allow_duplicate=True),
        Input({"type": ids.CHANGE_ITEM, "pair": ALL}, "n_clicks"),
        prevent_initial_call=True,
    )
    def open_pair(clicks: Any) -> tuple[Any, Any]:
        trigger = dash.ctx.triggered_id
        if not any(clicks or []) or not isinstance(trigger, dict):
            return no_update, no_update
        first, _, second = str(trigger.get("pair", "")).partition(",")
        countries = data.vocabulary.countries
        if first in countries and second in countries:
            return first, second
        return no_update, no_update
