"""The page: header, controls, the graph, and the timeline with its event ticks."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import plotly.io.json
from dash import dcc, html

from graph.dataset import CONFIDENCE_LEVELS, TIE_TYPE_GROUPS, TIE_TYPES
from graph.metrics import METRIC_DESCRIPTIONS
from graph.view_state import SIZE_METRICS, ViewState
from ui import ids
from ui.export_media import BROWSER_FORMATS, FILE_FORMATS, caption_text
from ui.figures import encoding_note, view_figure
from ui.layers import MAX_UPLOAD_BYTES, BuiltinLayer, layer_options
from ui.methodology import METHODOLOGY_PATH
from ui.model import ExplorerData, build_scene
from ui.story_panel import story_menu, story_offer, story_section

__all__ = ["build_layout", "month_title", "page_scripts", "page_template"]

SPEEDS = {"0.5×": 1600, "1×": 800, "2×": 400, "4×": 200, "8×": 100}
COOPERATION_TYPES = list(TIE_TYPE_GROUPS["cooperation"])
HOSTILITY_TYPES = list(TIE_TYPE_GROUPS["hostility"])


def month_title(label: str) -> str:
    """``2023-06`` as ``June 2023``.

    >>> month_title("2023-06")
    'June 2023'
    """
    return dt.date.fromisoformat(label + "-01").strftime("%B %Y")


def _year_marks(months: tuple[str, ...]) -> dict[int, dict[str, object]]:
    marks: dict[int, dict[str, object]] = {}
    for index, label in enumerate(months):
        if label.endswith("-01") and int(label[:4]) % 5 == 0:
            marks[index] = {"label": label[:4], "style": {"fontSize": "11px"}}
    return marks


def _labelled(label: str, control: object, hint: str = "") -> html.Div:
    children: list[object] = [html.Label(label, className="control-label")]
    if hint:
        children.append(html.Span(hint, className="control-hint"))
    children.append(control)
    return html.Div(children, className="control")


def _type_options(names: list[str]) -> list[dict[str, Any]]:
    """A checklist option per tie type: its plain-words label, and what it covers on hover."""
    return [
        {"label": html.Span(" " + TIE_TYPES[name].label, title=TIE_TYPES[name].description),
         "value": name}
        for name in names
    ]


def _event_strip(data: ExplorerData) -> html.Div:
    months = data.vocabulary.months
    last = max(len(months) - 1, 1)
    ticks = []
    for position, event in enumerate(data.dataset.events.to_dict("records")):
        try:
            step = data.vocabulary.month_of(event["date"])
        except ValueError:
            continue
        if step is None:
            continue
        title = f"{event['date']} — {event['title']}"
        ticks.append(
            html.Button(
                "",
                id={"type": ids.EVENT_TICK, "index": position},
                className="event-tick",
                title=title,
                **{"aria-label": title, "data-step": str(step)},
                style={"left": f"{100 * step / last:.3f}%"},
                n_clicks=0,
            )
        )
    return html.Div(
        ticks,
        id=ids.EVENT_STRIP,
        className="event-strip",
        **{"aria-label": "Key events; click one to jump to its month"},
    )


def _layers_section(builtin: tuple[BuiltinLayer, ...]) -> html.Div:
    """Layers: the curated data, the bundled layers (unticked) and the user's uploads, each
    toggleable."""
    limit_mb = MAX_UPLOAD_BYTES // (1024 * 1024)
    options, ticked = layer_options([], [ids.CURATED], builtin)
    return html.Div(
        [
            html.Label("Layers", className="control-label"),
            dcc.Checklist(id=ids.LAYER_TOGGLE, className="check-list",
                          options=options, value=ticked),
            *[html.Span(layer.spec.credit, className="control-hint") for layer in builtin],
            dcc.Upload(
                id=ids.UPLOAD, max_size=MAX_UPLOAD_BYTES, multiple=False,
                children=html.Div(["Drop or ", html.A("choose a file"),
                                   html.Br(),
                                   html.Span(f"SIPRI, GDELT, ATOP, ties CSV, GEXF, GraphML or a "
                                             f"dataset zip; up to {limit_mb} MB",
                                             className="control-hint")]),
                className="upload",
            ),
            html.Div(id=ids.UPLOAD_REPORT, role="status"),
            html.Button("Show as a layer", id=ids.ADD_LAYER, className="button",
                        n_clicks=0, disabled=True),
        ],
        className="control layers",
    )


def _export_menu() -> html.Details:
    """The Export menu, one item per registered format (``ui.export_media.FILE_FORMATS``):
    images are made in the browser, every other file on the server."""
    return html.Details(
        [
            html.Summary("Export ▾", className="button"),
            html.Div(
                [
                    html.Div([
                        *[html.Button(FILE_FORMATS[name].label,
                                      id={"type": ids.EXPORT_IMAGE, "format": name},
                                      className="button", n_clicks=0)
                          for name in BROWSER_FORMATS],
                        dcc.Dropdown(id=ids.EXPORT_SCALE, value=2, clearable=False,
                                     searchable=False, className="scale",
                                     options=[{"label": f"PNG ×{scale}", "value": scale}
                                              for scale in (1, 2, 3, 4)]),
                    ], className="export-row"),
                    # Every other registered format, made on the server, in the registry's order.
                    *[html.Button(spec.label, id={"type": ids.EXPORT_BUTTON, "format": name},
                                  className="export-item", n_clicks=0)
                      for name, spec in FILE_FORMATS.items() if name not in BROWSER_FORMATS],
                    html.Div([
                        dcc.Clipboard(id=ids.COPY_LINK, title="Copy the link to this view",
                                      className="copy"),
                        html.Span("Copy link to this view"),
                    ], className="export-row"),
                    html.Div(id=ids.EXPORT_STATUS, className="muted", role="status"),
                    dcc.Download(id=ids.EXPORT_DOWNLOAD),
                ],
                className="export-items",
            ),
        ],
        id=ids.EXPORT_MENU,
        className="export-menu",
    )


def _panels(data: ExplorerData, country_options: list[dict[str, str]]) -> html.Section:
    months = data.vocabulary.months
    month_options = [
        {"label": month_title(month), "value": index}
        for index, month in reversed(list(enumerate(months)))
    ]
    pickers = html.Div(
        [
            html.Div(
                [
                    html.Label("Relationship between", className="control-label"),
                    html.Div(
                        [
                            dcc.Dropdown(
                                id=ids.DYAD_FIRST,
                                options=country_options,
                                placeholder="First country…",
                            ),
                            dcc.Dropdown(
                                id=ids.DYAD_SECOND,
                                options=country_options,
                                placeholder="Second country…",
                            ),
                        ],
                        className="pair",
                    ),
                ],
                className="picker",
            ),
            html.Div(
                [
                    html.Label("Compare with", className="control-label"),
                    dcc.Dropdown(id=ids.COMPARE, options=month_options, placeholder="Second date…"),
                ],
                className="picker",
            ),
        ],
        className="pickers",
    )
    return html.Section(
        [
            # The panels' headings are h3: this keeps the outline h1 > h2 > h3 for readers.
            html.H2("Details", className="visually-hidden"),
            pickers,
            # Radio buttons styled as tabs: reachable and switchable from the keyboard.
            dcc.RadioItems(
                id=ids.PANEL_TABS,
                value="country",
                className="tab-bar",
                inputClassName="tab-input",
                labelClassName="tab-label",
                options=[
                    {"label": label, "value": value}
                    for label, value in (
                        ("Country", "country"),
                        ("Relationship", "dyad"),
                        ("Metrics table", "metrics"),
                        ("Balance", "balance"),
                        ("Compare dates", "compare"),
                    )
                ],
            ),
            dcc.Loading(
                html.Div(id=ids.PANEL_CONTENT, className="panel-content"),
                type="dot",
                delay_show=300,
            ),
        ],
        className="panels",
        **{"aria-label": "Details"},
    )


def page_template(template: str) -> str:
    """Dash's page shell, with the page's language declared and its script block out of a
    ``<footer>`` (a second "contentinfo" landmark beside the page's own footer).

    >>> page_template("<html><body>{%app_entry%}<footer>{%scripts%}</footer></body></html>")
    '<html lang="en"><body>{%app_entry%}<div class="dash-scripts">{%scripts%}</div></body></html>'
    """
    return (template.replace("<html>", '<html lang="en">', 1)
            .replace("<footer>", '<div class="dash-scripts">', 1)
            .replace("</footer>", "</div>", 1))


POLYFILL = re.compile(r'<script src="[^"]*/polyfill@[^"]*"></script>\s*')


def page_scripts(scripts: str) -> str:
    """The page's script tags without Dash's Babel polyfill: every browser the page supports
    (plotly's own build targets ES2016) has what it provides, and its slow stand-in for
    ``String.prototype.trim`` cost plotly about a tenth of every redraw.

    >>> tags = '<script src="/polyfill@7.12.1.min.js"></script>\\n<script src="/r.js"></script>'
    >>> page_scripts(tags)
    '<script src="/r.js"></script>'
    """
    return POLYFILL.sub("", scripts)


def _region_options(data: ExplorerData) -> list[dict[str, str]]:
    """Regions, each followed by its subregions ("Western Asia · Asia")."""
    countries = data.dataset.countries
    parent = dict(zip(countries["subregion"], countries["region"], strict=True))
    regions = [region for region in data.vocabulary.regions if region not in parent
               or parent[region] == region]
    options = []
    for region in regions:
        options.append({"label": region, "value": region})
        options += [{"label": f"  {sub} · {region}", "value": sub}
                    for sub in data.vocabulary.regions if parent.get(sub) == region
                    and sub != region]
    return options


def first_view(data: ExplorerData) -> tuple[dict[str, Any], list[html.Span]]:
    """The default view's figure and caption, drawn once at start and sent with the layout
    (the first graph needs plotly.js, not a callback) and in the page itself
    (:func:`first_paint_block`)."""
    state = ViewState(step=len(data.vocabulary.months) - 1)
    figure = view_figure(build_scene(data, state), state, caption=caption_text(data, state),
                         notes=False)
    caption = [html.Span(encoding_note(state.size, state.color)),
               html.Span(caption_text(data, state))]
    return figure, caption


def first_paint_block(figure: dict[str, Any]) -> str:
    """The default view's figure as a JSON data block in the page, for assets/first_paint.js
    to draw while the Dash renderer is still fetching and building the layout. A data block
    is never run, so the Content-Security-Policy has nothing to allow; ``<`` is escaped (plotly
    escapes it already; the page must not depend on that), so no string can close the block.

    >>> block = first_paint_block({"layout": {"title": "</script>"}})
    >>> print(block.removeprefix('<script type="application/json" id="first-figure">'))
    {"layout":{"title":"\\u003c\\u002fscript\\u003e"}}</script>
    """
    payload = plotly.io.json.to_json_plotly(figure).replace("<", "\\u003c")
    return f'<script type="application/json" id="{ids.FIRST_FIGURE}">{payload}</script>'


def build_layout(data: ExplorerData,
                 first: tuple[dict[str, Any], list[html.Span]] | None = None) -> html.Div:
    """The page's layout; ``first`` is :func:`first_view` when the caller has drawn it."""
    first_figure, first_caption = first if first is not None else first_view(data)
    vocabulary = data.vocabulary
    months = vocabulary.months
    last = len(months) - 1
    countries = data.dataset.countries.sort_values("name")
    country_options = [
        {"label": f"{name} ({country})", "value": country}
        for country, name in zip(countries["id"], countries["name"], strict=True)
    ]
    bloc_options = [
        {"label": name, "value": bloc}
        for bloc, name in zip(data.dataset.blocs["id"], data.dataset.blocs["name"], strict=True)
    ]
    controls = html.Aside(
        [
            _labelled(
                "Focus on a country",
                dcc.Dropdown(
                    id=ids.FOCUS,
                    options=country_options,
                    value=None,
                    placeholder="Type a country…",
                    clearable=True,
                    searchable=True,
                ),
            ),
            _labelled(
                "Ego network",
                dcc.RadioItems(
                    id=ids.HOPS,
                    options=[{"label": " 1 hop", "value": 1}, {"label": " 2 hops", "value": 2}],
                    value=1,
                    inline=True,
                    className="radio-row",
                ),
            ),
            _labelled(
                "Around the focus",
                dcc.RadioItems(
                    id=ids.FOCUS_MODE,
                    options=[
                        {"label": " Dim the others", "value": "dim"},
                        {"label": " Hide the others", "value": "cut"},
                    ],
                    value="dim",
                    inline=True,
                    className="radio-row",
                ),
            ),
            _labelled(
                "Layout",
                dcc.RadioItems(
                    id=ids.LAYOUT,
                    options=[
                        {"label": " Force", "value": "force"},
                        {"label": " Map", "value": "map"},
                        {"label": " Circle", "value": "circle"},
                    ],
                    value="force",
                    inline=True,
                    className="radio-row",
                ),
            ),
            _labelled(
                "Node size",
                dcc.Dropdown(
                    id=ids.SIZE,
                    options=[
                        {"label": METRIC_DESCRIPTIONS[metric][0].capitalize(), "value": metric,
                         "title": METRIC_DESCRIPTIONS[metric][1]}
                        for metric in SIZE_METRICS
                    ],
                    value=ViewState().size,
                    clearable=False,
                ),
            ),
            _labelled(
                "Node colour",
                dcc.Dropdown(
                    id=ids.COLOR,
                    options=[
                        {"label": "Bloc (computed: allies together)", "value": "bloc",
                         "title": METRIC_DESCRIPTIONS["bloc"][1]},
                        {"label": "Region", "value": "region"},
                        {"label": "Main organisation (NATO, CSTO...)", "value": "organisation"},
                    ],
                    value=ViewState().color,
                    clearable=False,
                ),
            ),
            _labelled(
                "Cooperation ties",
                dcc.Checklist(
                    id=ids.TYPES + "-cooperation",
                    options=_type_options(COOPERATION_TYPES),
                    value=COOPERATION_TYPES,
                    className="check-list",
                ),
            ),
            _labelled(
                "Hostility ties",
                dcc.Checklist(
                    id=ids.TYPES + "-hostility",
                    options=_type_options(HOSTILITY_TYPES),
                    value=HOSTILITY_TYPES,
                    className="check-list",
                ),
            ),
            _labelled(
                "Sign",
                dcc.RadioItems(
                    id=ids.SIGN,
                    options=[
                        {"label": " All", "value": 0},
                        {"label": " Cooperation", "value": 1},
                        {"label": " Hostility", "value": -1},
                    ],
                    value=0,
                    inline=True,
                    className="radio-row",
                ),
            ),
            _labelled(
                "Minimum weight",
                dcc.Slider(
                    id=ids.MIN_WEIGHT,
                    min=0,
                    max=1,
                    step=0.1,
                    value=0,
                    marks={0: "0", 0.5: "0.5", 1: "1"},
                    tooltip={"placement": "bottom"},
                ),
            ),
            _labelled(
                "Confidence",
                dcc.Checklist(
                    id=ids.CONFIDENCE,
                    options=[
                        {"label": " " + level, "value": level}
                        for level in CONFIDENCE_LEVELS
                    ],
                    value=list(CONFIDENCE_LEVELS),
                    inline=True,
                    className="radio-row",
                ),
            ),
            _labelled(
                "Region",
                dcc.Dropdown(
                    id=ids.REGION,
                    options=_region_options(data),
                    value=[],
                    multi=True,
                    placeholder="All regions",
                ),
            ),
            _labelled(
                "Bloc",
                dcc.Dropdown(id=ids.BLOC, options=bloc_options, value=None, placeholder="Any bloc"),
            ),
            dcc.Checklist(
                id=ids.HIDE_ISOLATES,
                options=[{"label": " Hide countries without ties", "value": "hide"}],
                value=["hide"],
                className="check-list",
            ),
            dcc.Checklist(
                id=ids.FLOWS,
                options=[
                    {"label": " Show flows (direction of arms, sanctions, strikes)", "value": "on"}
                ],
                value=[],
                className="check-list",
            ),
            _layers_section(data.layers),
            html.Button("Reset view", id=ids.RESET, className="button secondary", n_clicks=0),
        ],
        id=ids.CONTROLS,
        className="controls",
        **{"aria-label": "Filters and display options"},
    )
    timeline = html.Section(
        [
            html.Div(
                [
                    html.Button(
                        "◀",
                        id=ids.STEP_BACK,
                        className="button step",
                        title="Previous month",
                        n_clicks=0,
                        **{"aria-label": "Previous month"},
                    ),
                    html.Button(
                        "▶ Play",
                        id=ids.PLAY,
                        className="button play",
                        n_clicks=0,
                        **{"aria-label": "Play or pause the timeline"},
                    ),
                    html.Button(
                        "▶",
                        id=ids.STEP_FORWARD,
                        className="button step",
                        title="Next month",
                        n_clicks=0,
                        **{"aria-label": "Next month"},
                    ),
                    dcc.Dropdown(
                        id=ids.PLAY_SPEED,
                        options=[
                            {"label": f"Speed {label}", "value": interval}
                            for label, interval in SPEEDS.items()
                        ],
                        value=800,
                        clearable=False,
                        searchable=False,
                        className="speed",
                    ),
                    dcc.Checklist(
                        id=ids.WINDOW_MODE,
                        options=[{"label": " Window (from – to)", "value": "on"}],
                        value=[],
                        className="check-inline",
                    ),
                ],
                className="timeline-buttons",
            ),
            html.Div(id=ids.CHANGES, className="changes", role="status",
                     **{"aria-live": "polite", "aria-label": "What changed"}),
            dcc.Store(id=ids.CHANGES_FROM, data=None),
            html.Div(
                [
                    dcc.Slider(
                        id=ids.SLIDER,
                        min=0,
                        max=last,
                        step=1,
                        value=last,
                        marks=_year_marks(months),
                        included=False,
                        updatemode="mouseup",
                        allow_direct_input=False,
                    )
                ],
                id=ids.SLIDER_CONTAINER,
                className="slider",
                # assets/a11y.js reads the months so the handle announces "June 2023".
                **{"data-months": ",".join(months), "data-slider-label": "Month shown"},
            ),
            html.Div(
                [
                    dcc.RangeSlider(
                        id=ids.RANGE_SLIDER,
                        min=0,
                        max=last,
                        step=1,
                        value=[max(0, last - 24), last],
                        marks=_year_marks(months),
                        allowCross=False,
                        pushable=0,
                        allow_direct_input=False,
                    )
                ],
                id=ids.RANGE_CONTAINER,
                className="slider",
                **{"data-months": ",".join(months), "data-slider-label": "Window"},
                style={"display": "none"},
            ),
            _event_strip(data),
            dcc.Interval(id=ids.PLAY_INTERVAL, interval=800, disabled=True),
        ],
        className="timeline",
        **{"aria-label": "Timeline"},
    )
    return html.Div(
        [
            dcc.Location(id=ids.URL, refresh=False),
            dcc.Store(id=ids.URL_WRITE, data=None),
            dcc.Store(id=ids.URL_PUSHED, data=None),
            dcc.Store(id=ids.RENDERED, data=None),
            dcc.Store(id=ids.MONTHS, data=None),
            dcc.Store(id=ids.MONTHS_HELD, data=None),
            dcc.Store(id=ids.HISTORY, data=None),
            dcc.Store(id=ids.HIGHLIGHT, data=None),
            dcc.Store(id=ids.STORY, data=None),
            # Local storage: the stories are offered once, not on every visit.
            dcc.Store(id=ids.STORY_OFFER_SEEN, data=False, storage_type="local"),
            dcc.Store(id=ids.PENDING_LAYER, data=None),
            # Session storage: the user's layers survive a reload, and stay in their tab.
            dcc.Store(id=ids.LAYERS, data=[], storage_type="session"),
            html.Header(
                [
                    html.Div(
                        [
                            html.H1("Realpolitik"),
                            html.Span(
                                f"{data.dataset.name} · v{data.dataset.version}",
                                id=ids.DATASET_LABEL,
                                className="dataset-label",
                            ),
                            # Relative: it stays under the app's path prefix, wherever served.
                            html.A("How to read this / methodology", href=METHODOLOGY_PATH,
                                   id=ids.METHODOLOGY_LINK, className="methodology-link"),
                        ]
                    ),
                    html.Div(
                        [
                            story_menu(),
                            _export_menu(),
                            html.Div(
                                month_title(months[last]),
                                id=ids.CURRENT_DATE,
                                className="current-date",
                                **{"aria-live": "polite"},
                            ),
                        ],
                        className="header-right",
                    ),
                ],
                className="header",
            ),
            html.Div(id=ids.NOTICES, className="notices", role="status"),
            html.Main(
                [
                    # On a narrow screen the controls fold into a drawer under this button
                    # (assets/drawer.js), and the graph comes first.
                    html.Button("☰ Filters and options", id=ids.CONTROLS_TOGGLE,
                                className="button controls-toggle", n_clicks=0,
                                **{"aria-expanded": "false", "aria-controls": ids.CONTROLS}),
                    controls,
                    html.Div(
                        [
                            story_offer(data),
                            story_section(),
                            html.Div(
                                id=ids.EMPTY_MESSAGE, className="empty-message", role="status"
                            ),
                            html.Div(first_caption, id=ids.GRAPH_CAPTION,
                                     className="graph-caption"),
                            dcc.Graph(
                                id=ids.GRAPH,
                                figure=first_figure,
                                className="network",
                                config={
                                    "displaylogo": False,
                                    "scrollZoom": True,
                                    "typesetMath": False,
                                    # Served by the app: the map must not depend
                                    # on a CDN the reader may not reach.
                                    "topojsonURL": "/assets/topojson/",
                                    "toImageButtonOptions": {"format": "png", "scale": 2},
                                },
                                style={"height": "72vh"},
                            ),
                            timeline,
                            _panels(data, country_options),
                        ],
                        className="stage",
                    ),
                ],
                className="main",
            ),
            html.Footer(
                "Data: Realpolitik curated alliance network (CC BY 4.0). Every tie lists its "
                "sources; hover a tie for its types and confidence.",
                className="footer",
            ),
        ],
        className="page",
    )
