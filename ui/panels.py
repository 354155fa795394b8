"""Insight panels: a country, a dyad, the metrics table, structural balance, two dates compared.

Each panel is a plain function of the app's data and the view state, returning Dash components
(React escapes every string, so dataset text shows as literal text), and is tested as such.
Links are made only for http and https URLs and open in a new tab with ``rel=noopener``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd
from dash import dcc, html

from graph.balance import structural_balance
from graph.dataset import TABLES, TIE_TYPES, split_ids, tie_type_label
from graph.dates import OPEN_END
from graph.diff import diff_snapshots
from graph.export.text import safe_url
from graph.memberships import active_memberships
from graph.metrics import METRIC_COLUMNS, METRIC_DESCRIPTIONS
from graph.temporal import Window, active_ties, pair_history
from graph.view_state import ViewState
from ui import ids
from ui.figures import COOPERATION, HOSTILITY
from ui.model import ExplorerData, view_of

__all__ = [
    "balance_panel",
    "compare_panel",
    "country_panel",
    "dyad_panel",
    "metric_columns",
    "metric_rows",
    "polarisation_figure",
    "polarisation_section",
    "safe_url",
    "source_list",
]

TRAJECTORY_METRICS = ("cooperation_strength", "hostility_strength", "pn", "pagerank",
                      "betweenness")
NUMERIC_METRICS = [column for column in METRIC_COLUMNS if column != "bloc"]


def _sources_by_id(data: ExplorerData) -> dict[str, dict[str, Any]]:
    def index() -> dict[str, dict[str, Any]]:
        return {row["id"]: row for row in data.dataset.sources.to_dict("records")}

    return data.cache.get(("sources by id",), index)


def source_list(data: ExplorerData, source_ids: str) -> html.Ul:
    """The sources of a tie: publisher, title, date, and a link when the URL is http(s)."""
    index = _sources_by_id(data)
    items = []
    for source_id in split_ids(source_ids):
        source = index.get(source_id)
        if source is None:
            items.append(html.Li(f"{source_id} (not in sources.csv)"))
            continue
        label = f"{source['publisher']}: {source['title']}"
        date = f" ({source['date']})" if source.get("date") else ""
        url = safe_url(source.get("url"))
        if url:
            items.append(
                html.Li(
                    [
                        html.A(
                            label,
                            href=url,
                            target="_blank",
                            rel="noopener noreferrer",
                            className="source-link",
                        ),
                        date,
                    ]
                )
            )
        else:
            items.append(html.Li([label, date, html.Span(" · no link", className="muted")]))
    return html.Ul(items, className="sources")


def _tie_card(data: ExplorerData, tie: dict[str, Any], partner: str | None = None) -> html.Div:
    sign = int(tie["sign"])
    tie_type = TIE_TYPES.get(tie["type"])
    arrow = "→" if tie.get("directed") else "–"
    names = data.names
    heading = (
        f"{names.get(tie['source'], tie['source'])} {arrow} "
        f"{names.get(tie['target'], tie['target'])}"
    )
    if partner:
        heading = names.get(partner, partner)
    period = f"{tie['start']} – {tie['end'] or 'in force'}"
    return html.Div(
        [
            html.Div(
                [
                    html.Span(heading, className="tie-partner"),
                    html.Span(
                        tie_type_label(tie["type"]),
                        className="tie-type " + ("hostile" if sign < 0 else "cooperative"),
                    ),
                ],
                className="tie-head",
            ),
            html.Div(
                f"{period} · weight {float(tie['weight']):.2f} · sign {sign:+d} · "
                f"confidence {tie['confidence']}"
                + (f" · {tie_type.description}" if tie_type else ""),
                className="tie-meta",
            ),
            html.P(tie.get("description") or "", className="tie-description"),
            source_list(data, str(tie["sources"])),
        ],
        className="tie-card" + (" low-confidence" if tie["confidence"] == "low" else ""),
    )


def _current_metrics(data: ExplorerData, state: ViewState) -> pd.DataFrame:
    """The metrics of the countries the view shows (``graph.view.select``, as the graph)."""
    return data.select(view_of(data, state)).countries


def _trajectory(data: ExplorerData, metric: str) -> pd.DataFrame:
    return data.cache.get(("trajectory", metric), lambda: data.timeline.trajectory(metric))


def trajectory_figure(data: ExplorerData, country: str, step: int) -> dict[str, Any]:
    """Each metric of ``country`` over the whole timeline, a marker at the current month."""
    months = list(data.timeline.months)
    x = [month + "-15" for month in months]
    traces: list[dict[str, Any]] = []
    layout: dict[str, Any] = {
        "template": {},
        "height": 90 * len(TRAJECTORY_METRICS) + 40,
        "showlegend": False,
        "margin": {"l": 90, "r": 10, "t": 10, "b": 30},
        "hovermode": "x unified",
        "font": {"size": 11},
        "plot_bgcolor": "#ffffff",
        "paper_bgcolor": "#ffffff",
    }
    gap = 0.04
    height = (1 - gap * (len(TRAJECTORY_METRICS) - 1)) / len(TRAJECTORY_METRICS)
    for position, metric in enumerate(TRAJECTORY_METRICS):
        frame = _trajectory(data, metric)
        values = frame[country] if country in frame.columns else pd.Series(np.nan, frame.index)
        suffix = "" if position == 0 else str(position + 1)
        top = 1 - position * (height + gap)
        layout[f"xaxis{suffix}"] = {
            "domain": [0, 1],
            "anchor": f"y{suffix}",
            "showticklabels": position == len(TRAJECTORY_METRICS) - 1,
            "type": "date",
            "matches": "x" if position else None,
            "gridcolor": "#eee",
        }
        layout[f"yaxis{suffix}"] = {
            "domain": [top - height, top],
            "anchor": f"x{suffix}",
            "title": {"text": METRIC_DESCRIPTIONS[metric][0], "font": {"size": 11}},
            "gridcolor": "#eee",
            "rangemode": "tozero",
        }
        traces.append(
            {
                "type": "scatter",
                "mode": "lines",
                "x": x,
                "y": [None if pd.isna(v) else round(float(v), 5) for v in values],
                "xaxis": f"x{suffix}",
                "yaxis": f"y{suffix}",
                "name": METRIC_DESCRIPTIONS[metric][0],
                "line": {"color": HOSTILITY if metric.startswith("hostility") else COOPERATION,
                         "width": 1.6},
            }
        )
        current = values.iloc[step] if step < len(values) else np.nan
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "x": [x[step]],
                "y": [None if pd.isna(current) else float(current)],
                "xaxis": f"x{suffix}",
                "yaxis": f"y{suffix}",
                "name": "now",
                "marker": {"color": "#222222", "size": 8},
                "hoverinfo": "skip",
            }
        )
    return {"data": traces, "layout": layout}


def country_panel(data: ExplorerData, state: ViewState) -> html.Div:
    """Ties of the focused country at the date with sources, blocs, metrics with rank, and
    trajectories."""
    country = state.focus
    if not country:
        return html.Div(
            "Click a country on the graph, or pick one in “Focus on a country”, "
            "to see its ties, sources and metrics.",
            className="panel-hint",
        )
    window = data.window_of(state)
    name = data.names.get(country, country)
    ties = active_ties(data.dataset.ties, window)
    mine = ties[(ties["source"] == country) | (ties["target"] == country)]
    mine = mine.sort_values(["weight", "sign"], ascending=[False, False], kind="stable")
    in_force = active_memberships(data.dataset.memberships, window, status=None)
    blocs = in_force[in_force["country"] == country]
    bloc_names = dict(zip(data.dataset.blocs["id"], data.dataset.blocs["name"], strict=True))
    bloc_items = [
        f"{bloc_names.get(bloc, bloc)} ({status})"
        for bloc, status in zip(blocs["bloc"], blocs["status"], strict=True)
    ]
    metrics = _current_metrics(data, state)
    rows = []
    if country in metrics.index:
        tied = metrics[metrics["degree"] > 0]
        bloc = int(metrics.loc[country, "bloc"])
        if bloc >= 0:
            same = metrics.index[metrics["bloc"] == bloc]
            strongest = metrics.loc[same, "cooperation_strength"].sort_values(ascending=False)
            members = [data.names.get(str(member), str(member)) for member in strongest.index]
            rows.append(html.Tr([
                html.Td("bloc", title=METRIC_DESCRIPTIONS["bloc"][1]),
                html.Td(f"{bloc + 1}"),
                html.Td(", ".join(members[:6]) + (f" +{len(members) - 6}"
                                                  if len(members) > 6 else "")),
            ]))
        for metric in NUMERIC_METRICS:
            value = metrics.loc[country, metric]
            rank = int((tied[metric] > value).sum()) + 1 if country in tied.index else None
            label, meaning = METRIC_DESCRIPTIONS[metric]
            rows.append(
                html.Tr(
                    [
                        html.Td(label, title=meaning),
                        html.Td(f"{value:.4g}"),
                        html.Td(f"#{rank} of {len(tied)}" if rank else "no ties"),
                    ]
                )
            )
    cards: list[Any] = [
        _tie_card(data, tie, partner=tie["target"] if tie["source"] == country else tie["source"])
        for tie in mine.head(COUNTRY_CARDS).to_dict("records")
    ]
    if len(mine) > COUNTRY_CARDS:
        cards.append(html.P(
            f"… and {len(mine) - COUNTRY_CARDS} weaker ties. Pick a partner under "
            "“Relationship between” for a pair's whole history, or export the ties CSV.",
            className="muted"))
    return html.Div(
        [
            html.H3(f"{name} · {window.label}"),
            html.P(
                "Blocs: " + (", ".join(bloc_items) if bloc_items else "none recorded"),
                className="muted",
            ),
            html.Div(
                [
                    html.Div(
                        [
                            html.H4("Metrics and rank"),
                            html.Table(
                                [
                                    html.Thead(
                                        html.Tr(
                                            [html.Th("metric"), html.Th("value"), html.Th("rank")]
                                        )
                                    ),
                                    html.Tbody(rows),
                                ],
                                className="metrics-table",
                            ),
                        ],
                        className="panel-column",
                    ),
                    html.Div(
                        [
                            html.H4("Over the whole timeline"),
                            dcc.Graph(
                                figure=trajectory_figure(data, country, data.step_of(state)),
                                config={"displayModeBar": False},
                                id=ids.TRAJECTORY,
                            ),
                        ],
                        className="panel-column wide",
                    ),
                ],
                className="panel-row",
            ),
            html.H4(f"Active ties ({len(mine)}, strongest first)"),
            html.Div(
                cards or [html.P("No active ties at this date.")], className="tie-list scroll tall"
            ),
        ],
        className="panel",
    )


def dyad_timeline_figure(data: ExplorerData, ties: pd.DataFrame, step: int) -> dict[str, Any]:
    """Every tie of a dyad as a horizontal interval, coloured by sign, one row per type."""
    today = dt.date.fromisoformat(data.timeline.months[-1] + "-01")
    traces = []
    for tie in ties.sort_values("start_day").to_dict("records"):
        start = dt.date.fromordinal(int(tie["start_day"]))
        end = today if tie["end_day"] >= OPEN_END else dt.date.fromordinal(int(tie["end_day"]))
        colour = COOPERATION if int(tie["sign"]) > 0 else HOSTILITY
        label = tie_type_label(tie["type"])
        arrow = "→" if tie["directed"] else "–"
        traces.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "x": [start.isoformat(), end.isoformat()],
                "y": [label, label],
                "line": {
                    "color": colour,
                    "width": 4 + 10 * float(tie["weight"]),
                    "dash": "solid" if int(tie["sign"]) > 0 else "dot",
                },
                "marker": {"size": 6, "color": colour},
                "opacity": 0.45 if tie["confidence"] == "low" else 0.9,
                "hovertext": (
                    f"{tie['source']} {arrow} {tie['target']}: {label}<br>"
                    f"{tie['start']} – {tie['end'] or 'in force'} · weight "
                    f"{float(tie['weight']):.2f}"
                ),
                "hoverinfo": "text",
                "showlegend": False,
            }
        )
    month = data.timeline.months[step] + "-15"
    return {
        "data": traces,
        "layout": {
            "template": {},
            "height": 60 + 28 * max(1, ties["type"].nunique()),
            "margin": {"l": 150, "r": 10, "t": 10, "b": 30},
            "font": {"size": 11},
            "xaxis": {"type": "date", "gridcolor": "#eee"},
            "yaxis": {"type": "category", "automargin": True},
            "shapes": [
                {
                    "type": "line",
                    "x0": month,
                    "x1": month,
                    "yref": "paper",
                    "y0": 0,
                    "y1": 1,
                    "line": {"color": "#888", "dash": "dash"},
                }
            ],
            "plot_bgcolor": "#ffffff",
            "paper_bgcolor": "#ffffff",
        },
    }


def pair_score_figure(data: ExplorerData, first: str, second: str, step: int) -> dict[str, Any]:
    """The pair's standing month by month: cooperation up, hostility down, the net score as a
    line, and the dataset's events of either country as ticks, so "when did it sour?" is one
    glance."""
    months = list(data.timeline.months)

    def history() -> pd.DataFrame:
        windows = [Window.month(dt.date.fromisoformat(month + "-01")) for month in months]
        return pair_history(data.dataset.ties, first, second, windows)

    frame = data.cache.get(("pair history", first, second), history)
    x = [month + "-15" for month in months]
    events = data.dataset.events
    touching = events[events["countries"].map(
        lambda text: bool({first, second} & set(split_ids(str(text)))))]
    both = touching[touching["countries"].map(
        lambda text: {first, second} <= set(split_ids(str(text))))]
    shown = both if len(touching) > 30 else touching
    low = float(-frame["hostility"].max()) if len(frame) else 0.0
    traces: list[dict[str, Any]] = [
        {"type": "bar", "x": x, "y": frame["cooperation"].round(3).tolist(),
         "marker": {"color": COOPERATION}, "name": "cooperation", "hoverinfo": "x+y"},
        {"type": "bar", "x": x, "y": (-frame["hostility"]).round(3).tolist(),
         "marker": {"color": HOSTILITY}, "name": "hostility", "hoverinfo": "x+y"},
        {"type": "scatter", "mode": "lines", "x": x, "y": frame["net"].round(3).tolist(),
         "line": {"color": "#222", "width": 2}, "name": "net score"},
    ]
    if len(shown):
        traces.append({
            "type": "scatter", "mode": "markers", "name": "events",
            "x": shown["date"].astype(str).tolist(),
            "y": [min(low, 0.0) - 0.15] * len(shown),
            "marker": {"symbol": "line-ns-open", "size": 14, "color": "#555"},
            "hovertext": shown["title"].astype(str).tolist(), "hoverinfo": "text+x",
        })
    month = months[step] + "-15"
    return {
        "data": traces,
        "layout": {
            "template": {}, "height": 210, "barmode": "relative", "bargap": 0,
            "margin": {"l": 50, "r": 10, "t": 10, "b": 30}, "font": {"size": 11},
            "legend": {"orientation": "h", "y": 1.12, "x": 0},
            "xaxis": {"type": "date", "gridcolor": "#eee"},
            "yaxis": {"title": {"text": "net score"}, "zeroline": True,
                      "zerolinecolor": "#999", "gridcolor": "#eee"},
            "shapes": [{"type": "line", "x0": month, "x1": month, "yref": "paper", "y0": 0,
                        "y1": 1, "line": {"color": "#888", "dash": "dash"}}],
            "plot_bgcolor": "#ffffff", "paper_bgcolor": "#ffffff",
        },
    }


def dyad_panel(data: ExplorerData, state: ViewState) -> html.Div:
    """The full history of every tie between two countries, with sources."""
    if len(state.dyad) != 2:
        return html.Div(
            "Click a tie on the graph, or pick two countries above, to see the "
            "full history of their relationship.",
            className="panel-hint",
        )
    first, second = state.dyad
    ties = data.dataset.ties
    pair = ties[
        ((ties["source"] == first) & (ties["target"] == second))
        | ((ties["source"] == second) & (ties["target"] == first))
    ]
    names = (data.names.get(first, first), data.names.get(second, second))
    if pair.empty:
        return html.Div(
            f"No ties between {names[0]} and {names[1]} are recorded.", className="panel-hint"
        )
    cards = [_tie_card(data, tie) for tie in pair.sort_values("start_day").to_dict("records")]
    return html.Div(
        [
            html.H3(
                f"{names[0]} and {names[1]}: {len(pair)} ties, "
                f"{pair['start'].min()} to {pair['end'].replace('', 'today').max()}"
            ),
            html.P("Their standing month by month: cooperation above the line, hostility "
                   "below, the net score (cooperation minus hostility) as a black line; ticks "
                   "mark the dataset's events.", className="muted"),
            dcc.Graph(
                figure=pair_score_figure(data, first, second, data.step_of(state)),
                config={"displayModeBar": False},
                id=ids.PAIR_SCORE,
            ),
            dcc.Graph(
                figure=dyad_timeline_figure(data, pair, data.step_of(state)),
                config={"displayModeBar": False},
                id=ids.DYAD_TIMELINE,
            ),
            html.Div(cards, className="tie-list"),
        ],
        className="panel",
    )


def metric_columns() -> list[dict[str, Any]]:
    """Column definitions of the metrics table: plain-word headers, the method on hover."""
    described = {field.name: field.description for field in TABLES["countries"].fields}
    return [
        {"field": "name", "pinned": "left", "filter": True},
        {"field": "id", "filter": True, "width": 80, "headerTooltip": described["id"]},
        {"field": "region", "filter": True, "headerTooltip": described["region"]},
        {"field": "bloc", "filter": "agNumberColumnFilter", "width": 90,
         "headerTooltip": METRIC_DESCRIPTIONS["bloc"][1]},
        *(
            {"field": metric, "headerName": METRIC_DESCRIPTIONS[metric][0],
             "headerTooltip": METRIC_DESCRIPTIONS[metric][1],
             "filter": "agNumberColumnFilter", "type": "numericColumn"}
            for metric in NUMERIC_METRICS
        ),
    ]


def metric_rows(data: ExplorerData, state: ViewState) -> list[dict[str, Any]]:
    """One row per country at the date, every metric rounded for reading."""
    metrics = _current_metrics(data, state)
    rows = []
    for country, values in metrics.iterrows():
        row: dict[str, Any] = {
            "id": country,
            "name": data.names.get(str(country), country),
            "region": data.regions.get(country, ""),
        }
        for metric in NUMERIC_METRICS:
            row[metric] = round(float(values[metric]), 5)
        row["bloc"] = int(values["bloc"]) + 1 if values["bloc"] >= 0 else None
        rows.append(row)
    rows.sort(key=lambda item: -item["cooperation_strength"])
    return rows


def balance_panel(data: ExplorerData, state: ViewState) -> html.Div:
    """The balance ratio now and over time, and the unbalanced triads, each clickable."""
    # Balance of the network the graph shows: its filters, without the focus (a triad is
    # balanced or not whatever the reader looks at).
    view = replace(view_of(data, state), focus=None)
    summary = structural_balance(data.select(view).dyads)
    series = data.timeline.graph_series()
    months = [month + "-15" for month in series.index]
    ratio = summary["ratio"]
    step = data.step_of(state)
    figure = {
        "data": [
            {
                "type": "scatter",
                "mode": "lines",
                "x": months,
                "y": [None if pd.isna(v) else float(v) for v in series["balance_ratio"]],
                "line": {"color": COOPERATION},
                "name": "balance ratio",
            },
            {
                "type": "scatter",
                "mode": "markers",
                "x": [months[data.step_of(state)]],
                "y": [series["balance_ratio"].iloc[data.step_of(state)]],
                "marker": {"color": HOSTILITY, "size": 9},
                "name": "now",
                "hoverinfo": "skip",
            },
        ],
        "layout": {
            "template": {},
            "height": 200,
            "showlegend": False,
            "margin": {"l": 50, "r": 10, "t": 10, "b": 30},
            "yaxis": {"range": [0, 1.02], "title": {"text": "balanced share"}, "gridcolor": "#eee"},
            "xaxis": {"type": "date", "gridcolor": "#eee"},
            "plot_bgcolor": "#ffffff",
            "paper_bgcolor": "#ffffff",
        },
    }
    unbalanced = [triad for triad in summary["triads"] if not triad["balanced"]]
    names = data.names
    buttons = [
        html.Button(
            [
                html.Strong(" · ".join(names.get(c, c) for c in triad["countries"])),
                html.Span(
                    f"  {triad['kind']}  (signs {' '.join(f'{s:+d}' for s in triad['signs'])})",
                    className="muted",
                ),
            ],
            id={"type": ids.TRIAD, "index": ",".join(triad["countries"])},
            className="triad",
            n_clicks=0,
            title="Highlight this triangle in the graph",
        )
        for triad in unbalanced[:200]
    ]
    text = (
        "no signed triangles at this date"
        if ratio is None
        else f"{ratio:.1%} of {summary['triangles']} signed triangles are balanced "
        f"({summary['unbalanced']} unbalanced)"
    )
    return html.Div(
        [
            html.H3(f"Structural balance · {view.window.label}"),
            html.P(text + ". Over the whole timeline (unfiltered):"),
            dcc.Graph(figure=figure, config={"displayModeBar": False}),
            *polarisation_section(series, months, step),
            html.H4(
                f"Unbalanced triads ({len(unbalanced)})"
                + (" — first 200" if len(unbalanced) > 200 else "")
            ),
            html.P(
                "An unbalanced triad is, for example, two partners of one country that are "
                "hostile to each other. Click one to highlight it.",
                className="muted",
            ),
            html.Div(buttons, className="triad-list"),
        ],
        className="panel",
    )


def polarisation_figure(series: pd.DataFrame, months: list[str], step: int) -> dict[str, Any]:
    """Frustration of the blocs and of the best two-camp split over time, a marker now."""
    lines = [
        ("frustration", "ties contradicting the blocs", COOPERATION, "solid"),
        ("two_camp_frustration", "ties contradicting two camps", HOSTILITY, "dash"),
    ]
    traces: list[dict[str, Any]] = []
    for column, name, colour, dash in lines:
        values = [None if pd.isna(v) else round(float(v), 4) for v in series[column]]
        traces.append({"type": "scatter", "mode": "lines", "x": months, "y": values,
                       "name": name, "line": {"color": colour, "dash": dash, "width": 1.6}})
        traces.append({"type": "scatter", "mode": "markers", "x": [months[step]],
                       "y": [values[step]], "marker": {"color": "#222222", "size": 8},
                       "showlegend": False, "hoverinfo": "skip"})
    return {
        "data": traces,
        "layout": {
            "template": {},
            "height": 220,
            "showlegend": True,
            "legend": {"orientation": "h", "y": 1.15, "x": 0},
            "margin": {"l": 50, "r": 10, "t": 30, "b": 30},
            "yaxis": {"range": [0, 0.6], "tickformat": ".0%", "title": {"text": "share"},
                      "gridcolor": "#eee"},
            "xaxis": {"type": "date", "gridcolor": "#eee"},
            "plot_bgcolor": "#ffffff",
            "paper_bgcolor": "#ffffff",
        },
    }


def polarisation_section(series: pd.DataFrame, months: list[str], step: int) -> list[Any]:
    """The polarisation measures at the month, explained in plain words, and their line."""
    now = series.iloc[step]
    return [
        html.H4("Polarisation"),
        html.P(
            [
                f"{float(now['frustration']):.0%} of the tie weight contradicts the blocs "
                "(hostility inside a bloc, or cooperation across two). "
                f"{int(now['blocs_80'])} of {int(now['blocs'])} blocs hold 80% of the "
                "countries with ties. Split into just two camps, at best "
                f"{float(now['two_camp_frustration']):.0%} of the weight would contradict "
                "the split (a figure found by local search: the true best split is at most "
                "this). Low values mean a world that falls into clear camps.",
            ]
        ),
        html.P(
            "Blocs: signed modularity (Traag & Bruggeman 2009) — cooperation inside, hostility "
            "between. Two-camp frustration: Aref & Wilson (2018). Over the whole timeline "
            "(unfiltered):",
            className="muted",
        ),
        dcc.Graph(figure=polarisation_figure(series, months, step),
                  config={"displayModeBar": False}),
    ]


#: Tie cards in a country's panel, strongest first: the page's renderer takes seconds per
#: thousand elements, and Russia or the United States have hundreds of ties.
COUNTRY_CARDS = 24
#: Rows shown per list of the comparison, strongest first.
COMPARE_ROWS = 40


def _directed(tie_type: str) -> bool:
    known = TIE_TYPES.get(tie_type)
    return bool(known and known.directed)


def compare_panel(data: ExplorerData, state: ViewState) -> html.Div:
    """Ties formed, ended and flipped between the two dates; the countries that moved most."""
    if state.compare is None:
        return html.Div(
            "Pick a second date above to compare it with the current one.", className="panel-hint"
        )
    months = data.timeline.months
    current = data.step_of(state)
    earlier, later = sorted((state.compare, current))
    before = Window.month(dt.date.fromisoformat(months[earlier] + "-01"))
    after = Window.month(dt.date.fromisoformat(months[later] + "-01"))
    view = view_of(data, state)
    # The two months' metrics come from the timeline (or the cache) as the graph's do.
    metrics = tuple(data.select(replace(view, window=window, focus=None,
                                        hide_isolates=False)).countries
                    for window in (before, after))
    result = diff_snapshots(data.dataset, before, after, view.filters,
                            metrics=(metrics[0], metrics[1]))
    formed = result["formed"]
    stayed = formed[formed["active_after"].astype(bool)]
    passed = formed[~formed["active_after"].astype(bool)]
    names = data.names

    def tie_rows(frame: pd.DataFrame) -> list[html.Tr]:
        # The strongest ties only: the page's renderer takes seconds per thousand cells, and
        # the export (ties CSV) holds them all.
        hidden = max(len(frame) - COMPARE_ROWS, 0)
        more = [html.Tr(html.Td(f"… and {hidden} weaker ties (the ties CSV export lists all)",
                                colSpan=4, className="muted"))] if hidden else []
        return [
            html.Tr(
                [
                    html.Td(
                        f"{names.get(tie['source'], tie['source'])} "
                        f"{'→' if _directed(tie['type']) else '–'} "
                        f"{names.get(tie['target'], tie['target'])}"
                    ),
                    html.Td(tie_type_label(tie["type"])),
                    html.Td(f"{float(tie['weight']):.2f}"),
                    html.Td(
                        f"{tie['start']} – {tie['end'] or 'in force'}"
                        + ("" if tie.get("active_after", True) else f" (over by {months[later]})")
                    ),
                ]
            )
            for tie in frame.sort_values("weight", ascending=False, kind="stable")
            .head(COMPARE_ROWS).to_dict("records")
        ] + more

    header = html.Thead(
        html.Tr([html.Th("tie"), html.Th("type"), html.Th("weight"), html.Th("dates")])
    )
    flipped = [
        html.Li(
            f"{names.get(row['source'], row['source'])} – "
            f"{names.get(row['target'], row['target'])}: net {row['net_before']:+.2f} → "
            f"{row['net_after']:+.2f}"
        )
        for row in result["sign_changed"].to_dict("records")
    ]
    movers = result["metric_deltas"].head(12)
    mover_rows = [
        html.Tr(
            [
                html.Td(names.get(str(country), country)),
                html.Td(f"{row['strength_before']:.2f} → {row['strength_after']:.2f}"),
                html.Td(f"{row['pagerank_before']:.3f} → {row['pagerank_after']:.3f}"),
            ]
        )
        for country, row in movers.iterrows()
    ]
    return html.Div(
        [
            html.H3(f"From {months[earlier]} to {months[later]}"),
            html.P(
                "The graph marks ties present now but not at the other date, and draws "
                "ghosts of ties present only at the other date.",
                className="muted",
            ),
            html.H4(f"Formed and still there at {months[later]} ({len(stayed)})"),
            html.Div(
                html.Table(
                    [header, html.Tbody(tie_rows(stayed))],
                    className="diff-table",
                    id=ids.COMPARE_FORMED,
                ),
                className="scroll",
            ),
            html.H4(f"Came and went between the two dates ({len(passed)})"),
            html.Div(
                html.Table([header, html.Tbody(tie_rows(passed))], className="diff-table",
                           id=ids.COMPARE_PASSED),
                className="scroll",
            ),
            html.H4(f"Ended between the two dates ({len(result['ended'])})"),
            html.Div(
                html.Table([header, html.Tbody(tie_rows(result["ended"]))], className="diff-table"),
                className="scroll",
            ),
            html.H4(f"Flipped in sign ({len(flipped)})"),
            html.Ul(flipped or [html.Li("none")]),
            html.H4("Countries whose metrics moved most"),
            html.Table(
                [
                    html.Thead(
                        html.Tr([html.Th("country"), html.Th("strength"), html.Th("PageRank")])
                    ),
                    html.Tbody(mover_rows),
                ],
                className="diff-table",
            ),
        ],
        className="panel",
    )
