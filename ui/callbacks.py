"""Callbacks: thin wrappers that read controls, call the core and return outputs.

Every callback is a public API (anyone can POST to it), so inputs are read defensively by
:func:`state_from_controls`: a forged or malformed value falls back to the default.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any

import dash
import dash_ag_grid as dag
from dash import ALL, ClientsideFunction, Input, Output, State, dcc, html, no_update

from graph import export
from graph.dataset import CONFIDENCE_LEVELS
from graph.view_state import NOTHING, ViewState, parse_query, state_from_params, to_query
from ui import changes, export_media, ids, layers, panels, story_panel
from ui.figures import encoding_note, view_figure
from ui.layout import COOPERATION_TYPES, HOSTILITY_TYPES, month_title
from ui.model import ExplorerData, build_scene
from ui.month_pack import pack_key, packable
from ui.month_server import months_url, register_month_route

__all__ = ["CONTROL_INPUTS", "controls_from_state", "register_callbacks", "state_from_controls"]

log = logging.getLogger(__name__)

# (component id, property) of every control that defines the view, in a fixed order.
CONTROL_INPUTS: list[tuple[str, str]] = [
    (ids.SLIDER, "value"),
    (ids.RANGE_SLIDER, "value"),
    (ids.WINDOW_MODE, "value"),
    (ids.LAYOUT, "value"),
    (ids.SIZE, "value"),
    (ids.COLOR, "value"),
    (ids.TYPES + "-cooperation", "value"),
    (ids.TYPES + "-hostility", "value"),
    (ids.SIGN, "value"),
    (ids.MIN_WEIGHT, "value"),
    (ids.CONFIDENCE, "value"),
    (ids.REGION, "value"),
    (ids.BLOC, "value"),
    (ids.FOCUS, "value"),
    (ids.HOPS, "value"),
    (ids.FOCUS_MODE, "value"),
    (ids.FLOWS, "value"),
    (ids.HIDE_ISOLATES, "value"),
    (ids.COMPARE, "value"),
    (ids.DYAD_FIRST, "value"),
    (ids.DYAD_SECOND, "value"),
    (ids.STORY, "data"),
]
ALL_TYPES = (*COOPERATION_TYPES, *HOSTILITY_TYPES)
#: What assets/timeline.js draws into and talks to, sent with every order.
PAINTER_IDS = {"graph": ids.GRAPH, "slider": ids.SLIDER, "held": ids.MONTHS_HELD,
               "date": ids.CURRENT_DATE}


def _text(value: Any) -> str | None:
    """A control's value as URL text; None for what no control sends (a forged request)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return f"{value:g}" if value == value else None
    return None


def _month(value: Any, data: ExplorerData) -> str | None:
    months = data.vocabulary.months
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
        return None
    return months[int(value)] if 0 <= value < len(months) else None


def _checked(value: Any, every: tuple[str, ...]) -> str | None:
    """A checklist as URL text: left out when every box is ticked, ``none`` when none is."""
    chosen = [item for item in value if isinstance(item, str)] if isinstance(value, list) else []
    if set(every) <= set(chosen):
        return None
    return ",".join(chosen) if chosen else NOTHING


def state_from_controls(values: list[Any], data: ExplorerData) -> ViewState:
    """The view the controls describe. The controls are turned into the URL's parameters and
    read by the URL's own validator (``graph.view_state.state_from_params``), so a forged or
    malformed value falls back to its default exactly as in a link."""
    (
        step, window, window_mode, layout, size, colour, cooperation, hostility, sign,
        min_weight, confidence, region, bloc, focus, hops, focus_mode, flows, hide, compare,
        dyad_first, dyad_second, story,
    ) = values
    opened = story if isinstance(story, dict) else {}
    window_on = isinstance(window_mode, list) and "on" in window_mode
    bounds = window if isinstance(window, list | tuple) and len(window) == 2 else (None, None)
    types = [
        *(cooperation if isinstance(cooperation, list) else []),
        *(hostility if isinstance(hostility, list) else []),
    ]
    params = {
        "date": _month(step, data),
        "from": _month(bounds[0], data) if window_on else None,
        "to": _month(bounds[1], data) if window_on else None,
        "layout": _text(layout),
        "size": _text(size),
        "color": _text(colour),
        "types": _checked(types, ALL_TYPES),
        "sign": _text(sign),
        "min_weight": _text(min_weight),
        "confidence": _checked(confidence, CONFIDENCE_LEVELS),
        "region": ",".join(item for item in region if isinstance(item, str))
        if isinstance(region, list) else None,
        "bloc": _text(bloc),
        "focus": _text(focus),
        "hops": _text(hops),
        "focus_mode": _text(focus_mode),
        "flows": "on" if isinstance(flows, list) and "on" in flows else "off",
        "isolates": "hide" if isinstance(hide, list) and "hide" in hide else "show",
        "compare": _month(compare, data),
        "dyad": f"{dyad_first},{dyad_second}"
        if isinstance(dyad_first, str) and isinstance(dyad_second, str) else None,
        "story": _text(opened.get("story")),
        "step": _text(opened.get("step")),
    }
    given = {key: value for key, value in params.items() if value not in (None, "")}
    # Notices are for links; a control cannot be set to a value its options do not offer.
    return replace(state_from_params(given, data.vocabulary), notices=())


def controls_from_state(state: ViewState, data: ExplorerData) -> list[Any]:
    """Control values showing ``state``, in the order of :data:`CONTROL_INPUTS`."""
    last = len(data.vocabulary.months) - 1
    step = last if state.step is None else state.step
    window = list(state.window) if state.window else [max(0, step - 24), step]
    types = set(state.types) if state.types else set(ALL_TYPES)
    return [
        state.window[1] if state.window else step,
        window,
        ["on"] if state.window else [],
        state.layout,
        state.size,
        state.color,
        [name for name in COOPERATION_TYPES if name in types],
        [name for name in HOSTILITY_TYPES if name in types],
        state.sign,
        state.min_weight,
        list(state.confidence) if state.confidence else list(CONFIDENCE_LEVELS),
        list(state.region),
        state.bloc or None,
        state.focus or None,
        state.hops,
        state.focus_mode,
        ["on"] if state.flows else [],
        ["hide"] if state.hide_isolates else [],
        state.compare,
        state.dyad[0] if state.dyad else None,
        state.dyad[1] if state.dyad else None,
        {"story": state.story, "step": state.story_step or 1} if state.story else None,
    ]


def _two_years_before(data: ExplorerData, state: ViewState) -> Any:
    from graph.dates import add_months

    return add_months(data.window_of(state).last, -23)


def caption_of(data: ExplorerData, state: ViewState) -> str:
    """The caption drawn on the graph (the same line exported images carry)."""
    return export_media.caption_text(data, state)


def register_callbacks(app: dash.Dash, data: ExplorerData) -> None:
    control_outputs = [
        Output(component, prop, allow_duplicate=True) for component, prop in CONTROL_INPUTS
    ]
    control_states = [State(component, prop) for component, prop in CONTROL_INPUTS]
    control_inputs = [Input(component, prop) for component, prop in CONTROL_INPUTS]
    # The bundled layers (SIPRI arms transfers): read once, immutable, shared by all users.
    builtin = data.layers
    known_layers = {ids.CURATED, *(layer.spec.id for layer in builtin)}
    packs = register_month_route(app, data)
    default_key = pack_key(ViewState(), data, (ids.CURATED,))
    story_panel.register_story_callbacks(
        app, data, control_outputs, lambda state: controls_from_state(state, data))
    changes.register_changes_callbacks(
        app, data, control_states, lambda values: state_from_controls(values, data))

    @app.callback(
        [*control_outputs, Output(ids.NOTICES, "children")],
        Input(ids.URL, "search"),
        Input(ids.HISTORY, "data"),
        control_states,
        prevent_initial_call="initial_duplicate",
    )
    def restore_from_url(search: Any, moved: Any, *current: Any) -> list[Any]:
        if dash.ctx.triggered_id == ids.HISTORY and isinstance(moved, dict):
            search = moved.get("search")
        state = parse_query(search if isinstance(search, str) else "", data.vocabulary)
        story = next((story for story in data.stories if story.id == state.story), None)
        if story is not None:
            # A step's link opens the step's view, whatever else the link says.
            state = replace(story.state_at(state.story_step), notices=state.notices)
        wanted = controls_from_state(state, data)
        # Only changed controls are set, so writing the URL back does not loop.
        updates = [
            no_update if value == now else value for value, now in zip(wanted, current, strict=True)
        ]
        notices = [
            # A string child: React shows it as text (escaping it here would show "&lt;").
            html.P("Link not fully understood — " + notice, className="notice")
            for notice in state.notices
        ]
        return [*updates, notices]

    @app.callback(
        Output(ids.URL_WRITE, "data"),
        control_inputs,
        prevent_initial_call=True,
    )
    def write_url(*values: Any) -> str:
        state = state_from_controls(list(values), data)
        return to_query(state, data.vocabulary) or "?"

    @app.callback(
        Output(ids.GRAPH, "figure"),
        Output(ids.EMPTY_MESSAGE, "children"),
        Output(ids.CURRENT_DATE, "children"),
        Output(ids.RENDERED, "data"),
        Output(ids.GRAPH_CAPTION, "children"),
        Output(ids.MONTHS, "data"),
        control_inputs,
        Input(ids.HIGHLIGHT, "data"),
        Input(ids.LAYER_TOGGLE, "value"),
        Input(ids.MONTHS_HELD, "data"),
        State(ids.LAYERS, "data"),
    )
    def draw(*values: Any) -> tuple[Any, ...]:
        state = state_from_controls(list(values[:-4]), data)
        highlight, enabled, held, stored = values[-4:]
        triangle = (
            tuple(country for country in highlight if country in data.vocabulary.countries)
            if isinstance(highlight, list)
            else ()
        )
        shown = tuple(sorted(item for item in enabled if isinstance(item, str))) \
            if isinstance(enabled, list) else ()
        step = data.step_of(state)
        order: dict[str, Any] = {"key": None, "step": step, "ids": PAINTER_IDS}
        if packable(state, highlight=bool(triangle[:3]),
                    uploaded=not set(shown) <= known_layers):
            key = pack_key(state, data, shown)
            # Fetched at once when cheap (made already) or likely (the view every reader
            # starts from); otherwise when the reader first moves through time.
            order = {"key": key, "url": months_url(key, data), "step": step,
                     "draw": held == key, "ids": PAINTER_IDS,
                     "eager": key == default_key or packs.has(key)}
        if dash.ctx.triggered_id is None:
            # The page's first call: the layout already holds this figure (drawn at start),
            # so the first paint waits for no round trip; the months come after it.
            return no_update, no_update, no_update, step, no_update, order
        scene = build_scene(
            data,
            state,
            highlight=triangle[:3],
            layers=layers.layer_frames(stored, enabled, builtin, data.cache),
            curated=isinstance(enabled, list) and ids.CURATED in enabled,
        )
        figure: Any = no_update
        if not order.get("draw"):
            figure = view_figure(scene, state, caption=caption_of(data, state), notes=False)
        # Above the graph as text, not drawn in it: it wraps on a narrow screen.
        caption = [html.Span(encoding_note(state.size, state.color)),
                   html.Span(caption_of(data, state))]
        months = data.vocabulary.months
        if state.window is not None:
            title = (
                f"{month_title(months[state.window[0]])} – {month_title(months[state.window[1]])}"
            )
        else:
            title = month_title(months[step])
        return figure, scene.message, title, step, caption, order

    # The browser draws the months of a packed view itself (assets/timeline.js).
    app.clientside_callback(
        ClientsideFunction("realpolitik", "months"),
        Output(ids.MONTHS, "id"),
        Input(ids.MONTHS, "data"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output(ids.PANEL_CONTENT, "children"),
        Input(ids.PANEL_TABS, "value"),
        control_inputs,
    )
    def show_panel(tab: Any, *values: Any) -> Any:
        state = state_from_controls(list(values), data)
        if tab == "dyad":
            return panels.dyad_panel(data, state)
        if tab == "metrics":
            return dag.AgGrid(
                id=ids.METRICS_GRID,
                rowData=panels.metric_rows(data, state),
                columnDefs=panels.metric_columns(),
                defaultColDef={"sortable": True, "resizable": True},
                dashGridOptions={
                    "rowSelection": {"mode": "singleRow"},
                    "ensureDomOrder": True,
                    "animateRows": False,
                },
                getRowId="params.data.id",
                style={"height": "420px"},
                className="ag-theme-alpine",
            )
        if tab == "balance":
            return panels.balance_panel(data, state)
        if tab == "compare":
            return panels.compare_panel(data, state)
        return panels.country_panel(data, state)

    @app.callback(
        Output(ids.FOCUS, "value", allow_duplicate=True),
        Output(ids.DYAD_FIRST, "value", allow_duplicate=True),
        Output(ids.DYAD_SECOND, "value", allow_duplicate=True),
        Output(ids.PANEL_TABS, "value", allow_duplicate=True),
        Input(ids.GRAPH, "clickData"),
        prevent_initial_call=True,
    )
    def select_from_graph(click: Any) -> tuple[Any, Any, Any, Any]:
        try:
            key = click["points"][0]["customdata"]
        except (KeyError, IndexError, TypeError):
            return no_update, no_update, no_update, no_update
        if isinstance(key, str) and key in data.vocabulary.countries:
            return key, no_update, no_update, "country"
        if isinstance(key, str) and key.count(",") == 1:
            first, second = key.split(",")
            if first in data.vocabulary.countries and second in data.vocabulary.countries:
                return no_update, first, second, "dyad"
        return no_update, no_update, no_update, no_update

    @app.callback(
        Output(ids.PANEL_TABS, "value", allow_duplicate=True),
        Input(ids.DYAD_FIRST, "value"),
        Input(ids.DYAD_SECOND, "value"),
        Input(ids.FOCUS, "value"),
        prevent_initial_call="initial_duplicate",
    )
    def open_panel(first: Any, second: Any, focus: Any) -> Any:
        """A chosen pair opens the Relationship panel, a chosen country its own (from the
        controls, a story step or a shared link alike)."""
        countries = data.vocabulary.countries
        changed = set(dash.ctx.triggered_prop_ids.values())
        pair = first in countries and second in countries and first != second
        # Set together (a link, a story step), the pair is the more precise question.
        if pair and (changed != {ids.FOCUS}):
            return "dyad"
        if focus in countries:
            return "country"
        return no_update

    @app.callback(
        Output(ids.FOCUS, "value", allow_duplicate=True),
        Input(ids.METRICS_GRID, "cellClicked"),
        prevent_initial_call=True,
    )
    def select_from_table(cell: Any) -> Any:
        country = cell.get("rowId") if isinstance(cell, dict) else None
        return country if country in data.vocabulary.countries else no_update

    @app.callback(
        Output(ids.HIGHLIGHT, "data"),
        # Not an input of the slider: the graph would then wait for this callback at every
        # step. A new balance list (after a step) has unclicked buttons, which clears it.
        Input({"type": ids.TRIAD, "index": ALL}, "n_clicks"),
        prevent_initial_call=True,
    )
    def highlight_triad(clicks: Any) -> Any:
        trigger = dash.ctx.triggered_id
        if isinstance(trigger, dict) and any(clicks or []):
            countries = str(trigger.get("index", "")).split(",")
            return [country for country in countries if country in data.vocabulary.countries]
        return None

    @app.callback(
        Output(ids.EXPORT_DOWNLOAD, "data"),
        Output(ids.EXPORT_STATUS, "children"),
        Input({"type": ids.EXPORT_BUTTON, "format": ALL}, "n_clicks"),
        control_states,
        prevent_initial_call=True,
    )
    def export_file(clicks: Any, *values: Any) -> tuple[Any, str]:
        trigger = dash.ctx.triggered_id
        fmt = trigger.get("format") if isinstance(trigger, dict) else None
        if fmt not in export_media.FILE_FORMATS or not any(clicks or []):
            return no_update, ""
        state = state_from_controls(list(values), data)
        permalink = to_query(state, data.vocabulary) or "?"
        if fmt in export.FORMATS and fmt != "bundle":
            view = export_media.export_view(data, state)
            name, content = export.export_data(data.dataset, view, fmt, permalink=permalink)
            return dcc.send_bytes(content, filename=export.safe_filename(name)), f"Saved {name}"
        # The bundle's image, the standalone page and the animation are rendered here; without
        # Chromium on the server the bundle comes without its image, and says so.
        try:
            made = export_media.export_file(data, state, fmt, permalink=permalink,
                                            scale=2.0, every=1,
                                            start=_two_years_before(data, state)
                                            if fmt == "gif" else None)
        except export_media.ExportError as error:
            if fmt != "bundle":
                return no_update, f"Not available on this server: {error}"
            made = export_media.export_file(data, state, fmt, permalink=permalink,
                                            render=False)
        notes = " ".join(made.warnings)
        return (dcc.send_bytes(made.payload, filename=export.safe_filename(made.name)),
                f"Saved {made.name}. {notes}".strip())

    # Images are drawn by plotly.js in the browser: instant, and no server dependency.
    # The clientside callbacks are in assets/clientside.js.
    app.clientside_callback(
        ClientsideFunction("realpolitik", "download_image"),
        Output(ids.EXPORT_STATUS, "children", allow_duplicate=True),
        Input({"type": ids.EXPORT_IMAGE, "format": ALL}, "n_clicks"),
        State(ids.EXPORT_SCALE, "value"),
        State(ids.CURRENT_DATE, "children"),
        State(ids.GRAPH, "id"),
        prevent_initial_call=True,
    )

    app.clientside_callback(
        ClientsideFunction("realpolitik", "copy_link"),
        Output(ids.COPY_LINK, "content"),
        Input(ids.COPY_LINK, "n_clicks"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output(ids.PENDING_LAYER, "data"),
        Output(ids.UPLOAD_REPORT, "children"),
        Output(ids.ADD_LAYER, "disabled"),
        Input(ids.UPLOAD, "contents"),
        State(ids.UPLOAD, "filename"),
        prevent_initial_call=True,
    )
    def upload(contents: Any, filename: Any) -> tuple[Any, Any, bool]:
        payload, report = layers.read_upload(filename, contents, data.vocabulary.countries)
        return payload, layers.report_view(report), payload is None

    @app.callback(
        Output(ids.LAYERS, "data"),
        Output(ids.PENDING_LAYER, "data", allow_duplicate=True),
        Output(ids.ADD_LAYER, "disabled", allow_duplicate=True),
        Input(ids.ADD_LAYER, "n_clicks"),
        State(ids.PENDING_LAYER, "data"),
        State(ids.LAYERS, "data"),
        prevent_initial_call=True,
    )
    def add_layer(_: Any, pending: Any, stored: Any) -> tuple[Any, Any, bool]:
        if not isinstance(pending, dict) or "id" not in pending:
            return no_update, no_update, True
        kept = [
            layer
            for layer in (stored if isinstance(stored, list) else [])
            if isinstance(layer, dict) and layer.get("id") != pending["id"]
        ]
        return [*kept, pending], None, True

    @app.callback(
        Output(ids.LAYER_TOGGLE, "options"),
        Output(ids.LAYER_TOGGLE, "value"),
        Input(ids.LAYERS, "data"),
        State(ids.LAYER_TOGGLE, "value"),
    )
    def list_layers(stored: Any, enabled: Any) -> tuple[list[dict[str, str]], list[str]]:
        return layers.layer_options(
            stored, enabled, builtin, uploaded=dash.ctx.triggered_id == ids.LAYERS
        )

    @app.callback(
        Output(ids.RANGE_CONTAINER, "style"),
        Output(ids.SLIDER_CONTAINER, "style"),
        Input(ids.WINDOW_MODE, "value"),
    )
    def toggle_window(mode: Any) -> tuple[dict[str, str], dict[str, str]]:
        on = isinstance(mode, list) and "on" in mode
        return (
            {"display": "block"} if on else {"display": "none"},
            {"display": "none"} if on else {"display": "block"},
        )

    @app.callback(
        [*control_outputs, Output(ids.URL_WRITE, "data", allow_duplicate=True)],
        Input(ids.RESET, "n_clicks"),
        prevent_initial_call=True,
    )
    def reset(_: Any) -> list[Any]:
        return [*controls_from_state(ViewState(), data), "?"]

    # A new history entry only when the view really changed: restoring a view from the URL
    # (on load, back or forward) must not push the same address again and cut off "forward".
    app.clientside_callback(
        ClientsideFunction("realpolitik", "push_history"),
        Output(ids.URL_PUSHED, "data"),
        Input(ids.URL_WRITE, "data"),
        prevent_initial_call=True,
    )

    # Play, step and event ticks run in the browser: no round trip, and a tick that comes
    # while the previous month is still being drawn is skipped instead of queued.
    app.clientside_callback(
        ClientsideFunction("realpolitik", "step_slider"),
        Output(ids.SLIDER, "value", allow_duplicate=True),
        Input(ids.PLAY_INTERVAL, "n_intervals"),
        Input(ids.STEP_BACK, "n_clicks"),
        Input(ids.STEP_FORWARD, "n_clicks"),
        Input(ids.PLAY, "n_clicks"),
        Input({"type": ids.EVENT_TICK, "index": ALL}, "n_clicks"),
        State(ids.SLIDER, "value"),
        State(ids.RENDERED, "data"),
        State(ids.SLIDER, "max"),
        State(ids.PLAY_INTERVAL, "disabled"),
        State(ids.PLAY_INTERVAL, "interval"),
        prevent_initial_call=True,
    )

    app.clientside_callback(
        ClientsideFunction("realpolitik", "toggle_play"),
        Output(ids.PLAY_INTERVAL, "disabled"),
        Output(ids.PLAY, "children"),
        Input(ids.PLAY, "n_clicks"),
        Input(ids.SLIDER, "value"),
        State(ids.SLIDER, "max"),
        State(ids.PLAY_INTERVAL, "disabled"),
        prevent_initial_call=True,
    )

    app.clientside_callback(
        ClientsideFunction("realpolitik", "play_interval"),
        Output(ids.PLAY_INTERVAL, "interval"),
        Input(ids.PLAY_SPEED, "value"),
    )
