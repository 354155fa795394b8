"""What a scene is drawn as: each country's and each dyad's marks, as arrays, and the plotly
figure assembled from them.

Two painters share these marks. The server assembles a figure from one month's marks
(:func:`figure_of`, behind ``ui.figures.network_figure``); the browser assembles the figure of
any month from the month pack (``ui/month_pack.py``), which holds every month's marks, with
``assets/timeline.js``. Both take the trace styles (:func:`edge_styles`), the hover templates
(:data:`NODE_HOVER`, :data:`DYAD_HOVER`) and the layout from here, so a month the browser draws
is the month the server would have sent. Hover numbers are rounded to the digits they are shown
with (:data:`HOVER_SCALES`) before either painter formats them, so both print the same text.

Edges are drawn as a handful of traces (one per sign, width class, confidence and dimming)
with NaN-separated float32 coordinate arrays, which plotly ships as base64 typed arrays: a
quarter of the bytes of one trace per edge, and two orders of magnitude faster to draw.
Every string that came from a dataset is HTML-escaped here, before it reaches a figure.
"""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from graph.blocs import bloc_summaries
from graph.dataset import tie_type_label
from graph.metrics import METRIC_DESCRIPTIONS
from graph.view_state import ViewState
from ui.labels import GAP, place_labels
from ui.model import Scene

Trace = dict[str, Any]

__all__ = [
    "COOPERATION",
    "DYAD_HOVER",
    "HOSTILITY",
    "HOVER_SCALES",
    "NODE_HOVER",
    "NODE_STYLE",
    "STRONGEST",
    "TRACE_TEMPLATES",
    "Marks",
    "edge_styles",
    "encoding_note",
    "figure_of",
    "fill",
    "flow_styles",
    "group_colours",
    "marks_of",
    "typed",
    "view_marks",
]

# Okabe–Ito: distinguishable under the common colour-vision deficiencies.
COOPERATION = "#0072B2"
HOSTILITY = "#D55E00"
MIXED = "#777777"
GROUP_PALETTE = [
    "#E69F00",
    "#56B4E9",
    "#009E73",
    "#CC79A7",
    "#0072B2",
    "#D55E00",
    "#F0E442",
    "#999999",
    "#8C564B",
    "#17BECF",
    "#BCBD22",
    "#7F7F7F",
    "#9467BD",
    "#2CA02C",
    "#1F77B4",
    "#FF7F0E",
]
WIDTH_CLASSES = ((0.0, 0.45, 1.2), (0.45, 0.85, 2.6), (0.85, float("inf"), 4.2))
#: A dyad's net sign, its line and its legend name, in drawing order.
SIGNS = (
    (1, COOPERATION, "solid", "Cooperation"),
    (-1, HOSTILITY, "dash", "Hostility (dashed)"),
    (0, MIXED, "dot", "Mixed: cooperation and hostility cancel (dotted)"),
)
FLOW_STYLES = (
    (1, COOPERATION, "Flow: arms transfer / support →"),
    (-1, HOSTILITY, "Flow: sanctions / strikes →"),
)
FLOW_KINDS = tuple(kind for kind, _, _ in FLOW_STYLES)
SIZE_LABEL = {column: label for column, (label, _) in METRIC_DESCRIPTIONS.items()}
LABELLED_NODES = 28
COLOUR_TITLES = {
    "bloc": "Blocs (computed: cooperation inside, hostility between)",
    "region": "Region",
    "organisation": "Main organisation",
}

#: Hover texts as ``str.format`` templates of positional fields. The browser fills the same
#: templates (``assets/timeline.js``), which understands ``{n}``, ``{n:.Kf}`` and ``{n:+.Kf}``
#: only: :data:`TEMPLATE_FIELD` is what both accept.
NODE_HOVER = (
    "<b>{0}</b> · {1}{2}<br>{3} partners (cooperation {4:.1f}) · {5} adversaries "
    "(hostility {6:.1f})<br>PN centrality {7:.2f} (signed: enemies count against)"
    "<br>among partners: PageRank {8:.3f} · influence {9:.3f} · brokerage {10:.3f}{11}"
)
#: The node's bloc line: ``{2}`` of :data:`NODE_HOVER`.
BLOC_LINE = "<br>{0}"
NO_TIES_LINE = "<br>no ties"
#: One of a node's three strongest ties, joined by ", " after "<br>strongest: " as ``{11}``.
STRONGEST = "{0} ({1:+.1f})"
STRONGEST_PREFIX = "<br>strongest: "
DYAD_HOVER = (
    "<b>{0} – {1}</b><br>{2}<br>cooperation {3:.2f} · hostility {4:.2f} · net {5:+.2f}"
    "<br>confidence: {6} · click for sources"
)
#: The constant properties of each kind of trace; the browser's painter gets these too.
TRACE_TEMPLATES: dict[str, dict[str, Any]] = {
    "pair": {"mode": "lines+markers", "name": "chosen pair", "showlegend": False,
             "hoverinfo": "skip", "line": {"color": "#F0B400", "width": 9},
             "marker": {"size": 30, "color": "rgba(240,180,0,0.35)",
                        "line": {"color": "#F0B400", "width": 2}},
             "opacity": 0.7},
    "edge": {"mode": "lines", "hoverinfo": "skip"},
    # Each edge's midpoint carries its hover text and click target: a point plotly hovers
    # (hoveron) but does not draw (mode "none"), which saves an SVG element per tie.
    "ties": {"mode": "none", "hoveron": "points", "hoverinfo": "text", "showlegend": False,
             "name": "ties"},
    "flow": {"mode": "lines+markers", "legendgroup": "flows", "opacity": 0.85,
             "hoverinfo": "skip"},
    "legend": {"mode": "markers", "legendgroup": "nodes", "hoverinfo": "skip"},
    "countries": {"mode": "markers", "hoverinfo": "text", "name": "countries",
                  "showlegend": False},
    # Names only where placed (about 28), not an empty text element per country: plotly
    # styles every point's text. Markers as large as the nodes, unseen, keep each name clear
    # of its node. A light halo keeps a name readable where it crosses edges.
    "labels": {"mode": "markers+text", "textfont": {"size": 10, "color": "#222",
                                                    "shadow": "auto"},
               "hoverinfo": "skip", "name": "labels", "showlegend": False},
}
#: How a node's state shows (``[usual, dimmed]`` opacity, ``[tied, untied]`` symbol and
#: outline), the legend's swatch, and the arrows of flows; the browser's painter reads these.
NODE_STYLE: dict[str, Any] = {
    "opacity": [0.95, 0.2],
    "symbol": ["circle", "circle-open"],
    "lineWidth": [0.8, 2.0],
    "lineColour": "#ffffff",
    "unseen": "rgba(0,0,0,0)",
    "labelGap": GAP,
    "legendSize": 10,
    # Arrows stop short of the target so the arrowhead is not hidden under its node.
    "flowReach": 0.88,
    "arrowSize": 11,
}
TEMPLATE_FIELD = re.compile(r"\{(\d+)(?::(\+?)\.(\d)f)?\}")
#: Numbers shown in hover texts, in units of their last printed digit.
HOVER_SCALES = {
    "cooperation_strength": 10,
    "hostility_strength": 10,
    "pn": 100,
    "pagerank": 1000,
    "eigenvector": 1000,
    "betweenness": 1000,
    "strongest_net": 10,
    "cooperation": 100,
    "hostility": 100,
    "net": 100,
}
NODE_METRICS = ("cooperation_strength", "hostility_strength", "pn", "pagerank", "eigenvector",
                "betweenness")


def fill(template: str, values: tuple[Any, ...] | list[Any]) -> str:
    """A hover template filled, as the browser fills it.

    >>> fill(STRONGEST, ("Russia", 1.2)), fill(STRONGEST, ("Israel", -2.0))
    ('Russia (+1.2)', 'Israel (-2.0)')
    """
    return template.format(*values)


def _rounded(values: np.ndarray, scale: int) -> np.ndarray:
    """Values rounded to ``1 / scale`` as integers (how the month pack stores them)."""
    return np.rint(np.asarray(values, dtype=float) * scale).astype(np.int64)


def group_colours(groups: Iterable[object]) -> dict[object, str]:
    """A colour per group. Community numbers keep their colour over time (label modulo the
    palette); other groups (regions, blocs) are coloured in sorted order; -1 (no ties) is grey.

    >>> group_colours([3, 1, -1])
    {-1: '#BBBBBB', 1: '#56B4E9', 3: '#CC79A7'}
    >>> group_colours(["Asia", "Africa"])
    {'Africa': '#E69F00', 'Asia': '#56B4E9'}
    """
    unique = sorted(
        set(groups),
        key=lambda group: (
            (0, int(group), "") if isinstance(group, int | np.integer) else (1, 0, str(group))
        ),
    )
    colours: dict[object, str] = {}
    for position, group in enumerate(unique):
        if isinstance(group, int | np.integer):
            number = int(group)
            colours[group] = "#BBBBBB" if number < 0 else GROUP_PALETTE[number % len(GROUP_PALETTE)]
        else:
            colours[group] = GROUP_PALETTE[position % len(GROUP_PALETTE)]
    return colours


def typed(values: np.ndarray) -> dict[str, str]:
    """A numeric array as plotly's base64 typed array (what plotly.py itself sends).

    Figures are built as plain dicts: plotly's graph objects validate every property in
    Python, which cost more than everything else in a slider step.

    >>> typed(np.array([1.0], dtype=np.float32))
    {'dtype': 'f4', 'bdata': 'AACAPw=='}
    """
    array = np.ascontiguousarray(values)
    code = {"float32": "f4", "float64": "f8", "int32": "i4", "int8": "i1", "uint8": "u1"}[
        str(array.dtype)
    ]
    return {"dtype": code, "bdata": base64.b64encode(array.tobytes()).decode("ascii")}


def edge_styles() -> list[dict[str, Any]]:
    """Every class of edge trace in drawing order: sign, width class, low confidence, dimmed.

    A dyad's class is its index here (:attr:`Marks.edge_class`).

    >>> styles = edge_styles()
    >>> len(styles), styles[0]["name"], styles[0]["line"]["width"], styles[1]["opacity"]
    (36, 'Cooperation', 1.2, 0.135)
    """
    styles = []
    for _, colour, dash, name in SIGNS:
        for _, _, width in WIDTH_CLASSES:
            for faint in (False, True):
                for dim in (False, True):
                    opacity = 0.9 * (0.4 if faint else 1.0) * (0.15 if dim else 1.0)
                    styles.append({"name": name, "opacity": round(opacity, 4),
                                   "line": {"color": colour, "width": width, "dash": dash}})
    return styles


def flow_styles() -> list[dict[str, Any]]:
    """The arrows of directed ties, cooperative then hostile (:data:`FLOW_KINDS`).

    >>> [style["name"] for style in flow_styles()][1]
    'Flow: sanctions / strikes →'
    """
    return [{"name": name, "line": {"color": colour, "width": 1.1},
             "marker": {"symbol": "arrow", "angleref": "previous", "color": colour}}
            for _, colour, name in FLOW_STYLES]


def _edge_class(dyads: pd.DataFrame) -> np.ndarray:
    sign = dyads["sign"].to_numpy()
    magnitude = np.maximum(dyads["cooperation"], dyads["hostility"]).to_numpy()
    kind = np.select([sign == 1, sign == -1], [0, 1], default=2)
    width = np.searchsorted([low for low, _, _ in WIDTH_CLASSES[1:]], magnitude, side="right")
    faint = (dyads["confidence"] == "low").to_numpy().astype(int)
    dim = dyads["dim"].to_numpy(dtype=bool).astype(int)
    return ((kind * 3 + width) * 2 + faint) * 2 + dim


@dataclass(frozen=True, eq=False)
class Marks:
    """One month's marks. Nodes are in the scene's order; dyads and flows refer to them by
    position (``source``/``target``)."""

    geo: bool
    flows_on: bool
    ids: np.ndarray
    names: np.ndarray  # escaped
    regions: np.ndarray  # escaped
    x: np.ndarray
    y: np.ndarray
    size: np.ndarray
    colour: list[str]
    dim: np.ndarray
    untied: np.ndarray
    label: list[str]
    label_position: list[str]
    degrees: np.ndarray  # (nodes, 2): cooperation, hostility
    metrics: np.ndarray  # (nodes, len(NODE_METRICS)), rounded by HOVER_SCALES
    bloc_line: list[str]
    strongest: list[list[tuple[int, int]]]  # per node: (partner position, rounded net)
    legend: list[tuple[str, str]]  # (colour, escaped name) per group
    dyad_source: np.ndarray
    dyad_target: np.ndarray
    edge_class: np.ndarray
    dyad_numbers: np.ndarray  # (dyads, 3): cooperation, hostility, net, rounded
    dyad_types: list[str]  # escaped, in plain words
    dyad_confidence: list[str]
    flow_source: np.ndarray
    flow_target: np.ndarray
    flow_sign: np.ndarray
    pair: tuple[int, ...]
    layout: dict[str, Any]
    #: Drawn by the server only (compare dates): the halo under new ties, the ghosts.
    halo: np.ndarray | None = None
    ghosts: tuple[np.ndarray, np.ndarray] | None = None

    def node_hover(self) -> list[str]:
        texts = []
        for position in range(len(self.ids)):
            ties = ", ".join(
                fill(STRONGEST, (self.names[partner], net / HOVER_SCALES["strongest_net"]))
                for partner, net in self.strongest[position]
            )
            shown = [value / HOVER_SCALES[name]
                     for value, name in zip(self.metrics[position], NODE_METRICS, strict=True)]
            texts.append(fill(NODE_HOVER, (
                self.names[position], self.regions[position], self.bloc_line[position],
                int(self.degrees[position, 0]), shown[0], int(self.degrees[position, 1]),
                *shown[1:], STRONGEST_PREFIX + ties if ties else "",
            )))
        return texts

    def dyad_hover(self) -> list[str]:
        scales = (HOVER_SCALES["cooperation"], HOVER_SCALES["hostility"], HOVER_SCALES["net"])
        return [
            fill(DYAD_HOVER, (
                self.names[source], self.names[target], types,
                numbers[0] / scales[0], numbers[1] / scales[1], numbers[2] / scales[2],
                confidence,
            ))
            for source, target, numbers, types, confidence in zip(
                self.dyad_source, self.dyad_target, self.dyad_numbers, self.dyad_types,
                self.dyad_confidence, strict=True)
        ]


def encoding_note(size: str, colour_by: str) -> str:
    """What the marks mean, in one line: colour, size, width, faintness."""
    return (f"Colour: {COLOUR_TITLES.get(colour_by, colour_by)} · node size: "
            f"{SIZE_LABEL.get(size, size)} · width: tie weight · faint: low confidence")


def _ranges(scene: Scene) -> tuple[tuple[float, float], tuple[float, float]]:
    """The axes' ranges: the drawn nodes' extent (the focus's ego network when there is one)
    with a margin for markers and labels."""
    nodes = scene.nodes
    if scene.focus_set:
        focused = nodes[nodes.index.isin(list(scene.focus_set))]
        nodes = focused if len(focused) else nodes
    if nodes.empty or "x" not in nodes:
        return (-1.2, 1.2), (-1.2, 1.2)
    ranges = []
    for column in ("x", "y"):
        low, high = float(nodes[column].min()), float(nodes[column].max())
        span = max(high - low, 0.35)
        middle = (low + high) / 2
        ranges.append((middle - span * 0.56, middle + span * 0.56))
    return ranges[0], ranges[1]


def _bloc_names(nodes: pd.DataFrame) -> dict[int, str]:
    """Each bloc named by its three most central members (by cooperation strength)."""
    names = dict(zip(nodes.index, nodes["name"].astype(str), strict=True))
    summaries = bloc_summaries(
        dict(zip(nodes.index, nodes["bloc"].astype(int), strict=True)),
        dict(zip(nodes.index, nodes["cooperation_strength"].astype(float), strict=True)),
        [],
    )
    return {
        summary.bloc: replace(summary, members=tuple(names[m] for m in summary.members)).name
        for summary in summaries
    }


def _group_name(colour_by: str, group: object, members: list[str],
                bloc_names: dict[int, str]) -> str:
    if colour_by == "bloc":
        number = int(group)  # type: ignore[call-overload]
        if number < 0:
            return f"No ties: {', '.join(members)}"
        return html.escape(bloc_names.get(number, f"Bloc {number + 1}"))
    return html.escape(str(group))


def _strongest(nodes: pd.DataFrame, dyads: pd.DataFrame) -> list[list[tuple[int, int]]]:
    """Each node's three heaviest ties: (partner's position, net rounded for the hover)."""
    strongest: list[list[tuple[int, int]]] = [[] for _ in range(len(nodes))]
    if dyads.empty:
        return strongest
    order = np.argsort(-dyads["weight"].to_numpy(), kind="stable")
    sources = nodes.index.get_indexer(dyads["source"])[order]
    targets = nodes.index.get_indexer(dyads["target"])[order]
    nets = _rounded(dyads["net"].to_numpy()[order], HOVER_SCALES["strongest_net"])
    for source, target, net in zip(sources, targets, nets, strict=True):
        for one, other in ((source, target), (target, source)):
            if len(strongest[one]) < 3:
                strongest[one].append((int(other), int(net)))
    return strongest


def _layout(scene: Scene, geo: bool, layout: str, caption: str, notes: bool, size: str,
            colour_by: str) -> dict[str, Any]:
    ranges = _ranges(scene)
    annotations = []
    if scene.message:
        annotations.append({"text": html.escape(scene.message), "showarrow": False,
                            "xref": "paper", "yref": "paper", "x": 0.5, "y": 0.5,
                            "font": {"size": 16, "color": "#444"}})
    if notes:
        annotations.append({"text": encoding_note(size, colour_by), "showarrow": False,
                            "xref": "paper", "yref": "paper", "x": 0, "y": 1.0,
                            "xanchor": "left", "yanchor": "bottom",
                            "font": {"size": 11, "color": "#555"}})
    if caption and notes:
        annotations.append({"text": html.escape(caption), "showarrow": False,
                            "xref": "paper", "yref": "paper", "x": 1, "y": 1.0,
                            "xanchor": "right", "yanchor": "bottom",
                            "font": {"size": 11, "color": "#555"}})
    properties: dict[str, Any] = {
        "template": {},
        "margin": {"l": 10, "r": 10, "t": 24 if notes else 6, "b": 10},
        "hovermode": "closest",
        "showlegend": True,
        "legend": {"orientation": "h", "x": 0, "xanchor": "left", "y": -0.06,
                   "yanchor": "top", "font": {"size": 11}, "groupclick": "toggleitem",
                   "tracegroupgap": 0},
        "annotations": annotations,
        # A new focus is a new framing; moving in time keeps the reader's zoom.
        "uirevision": f"{layout}:{','.join(sorted(scene.focus_set))}",
        # What the figure shows, in words, for whoever reads the figure (tests, exports).
        "meta": {"caption": html.escape(caption)},
        "dragmode": "pan",
        "font": {"family": "Inter, system-ui, sans-serif"},
        "paper_bgcolor": "#ffffff",
    }
    if geo:
        properties["geo"] = {
            "projection": {"type": "natural earth"},
            "showcountries": True, "countrycolor": "#d0d0d0",
            "showland": True, "landcolor": "#f4f4f0",
            "showocean": True, "oceancolor": "#eef4f8",
            "coastlinecolor": "#c0c0c0", "showframe": False,
        }
        if scene.focus_set:
            # Zoom to the ego network: its centre, at the scale its extent allows.
            (west, east), (south, north) = ranges
            span = max((east - west) / 360, (north - south) / 180, 1 / 8)
            properties["geo"]["center"] = {"lon": (west + east) / 2, "lat": (south + north) / 2}
            properties["geo"]["projection"]["scale"] = min(8.0, 0.9 / span)
    else:
        # Fitted to what is drawn (or to the focus's ego network), filling the panel: the
        # layout's distances are relative, so the panel's shape may stretch them.
        properties["xaxis"] = {"visible": False, "range": list(ranges[0])}
        properties["yaxis"] = {"visible": False, "range": list(ranges[1])}
        properties["plot_bgcolor"] = "#ffffff"
    return properties


def marks_of(scene: Scene, *, layout: str, size: str, colour_by: str, flows: bool,
             caption: str = "", notes: bool = True) -> Marks:
    """The marks of a scene: what :func:`figure_of` and the month pack draw."""
    geo = layout == "map"
    nodes = scene.nodes
    dyads = scene.dyads
    ranges = _ranges(scene)
    count = len(nodes)
    names = np.array([html.escape(str(name)) for name in nodes["name"]], dtype=object)
    empty_int = np.zeros(0, dtype=np.int64)
    if count:
        values = nodes[size].to_numpy(dtype=float)
        peak = float(values.max()) if values.max() > 0 else 1.0
        sizes = (7 + 30 * np.sqrt(np.clip(values, 0, None) / peak)).astype(np.float32)
        groups = nodes["group"].to_numpy(dtype=object)
        colours = group_colours(groups.tolist())
        by_strength = np.argsort(-nodes["cooperation_strength"].to_numpy(), kind="stable")
        bloc_names = _bloc_names(nodes)
        legend = []
        for group, colour in colours.items():
            mask = groups == group
            members = [names[i] for i in by_strength if mask[i]][:3]
            legend.append((colour, _group_name(colour_by, group, members, bloc_names)))
        xs = nodes["x"].to_numpy(np.float32)
        ys = nodes["y"].to_numpy(np.float32)
        label, label_position = place_labels(
            xs, ys, sizes, [str(name) for name in names], values, ranges, limit=LABELLED_NODES)
        metrics = np.stack([_rounded(nodes[name].to_numpy(dtype=float), HOVER_SCALES[name])
                            for name in NODE_METRICS], axis=1)
        blocs = nodes["bloc"].astype(int).to_numpy()
        bloc_line = [fill(BLOC_LINE, (html.escape(bloc_names[bloc]),)) if bloc >= 0
                     else NO_TIES_LINE for bloc in blocs]
        node_colours = [colours[group] for group in groups]
    else:
        sizes = xs = ys = np.zeros(0, dtype=np.float32)
        legend, label, label_position, bloc_line, node_colours = [], [], [], [], []
        metrics = np.zeros((0, len(NODE_METRICS)), dtype=np.int64)
    degrees = np.stack([nodes["cooperation_degree"].to_numpy(dtype=np.int64),
                        nodes["hostility_degree"].to_numpy(dtype=np.int64)], axis=1) \
        if count else np.zeros((0, 2), dtype=np.int64)
    dyad_source = nodes.index.get_indexer(dyads["source"]) if len(dyads) else empty_int
    dyad_target = nodes.index.get_indexer(dyads["target"]) if len(dyads) else empty_int
    if len(dyads):
        edge_class = _edge_class(dyads)
        dyad_numbers = np.stack([_rounded(dyads[name].to_numpy(dtype=float), HOVER_SCALES[name])
                                 for name in ("cooperation", "hostility", "net")], axis=1)
        dyad_types = [html.escape(", ".join(tie_type_label(kind) for kind in types.split(";")
                                            if kind))
                      for types in dyads["types"].astype(str)]
        dyad_confidence = [html.escape(str(level)) for level in dyads["confidence"]]
    else:
        edge_class = empty_int
        dyad_numbers = np.zeros((0, 3), dtype=np.int64)
        dyad_types, dyad_confidence = [], []
    flow_frame = scene.flows if flows and not geo else scene.flows.iloc[0:0]
    halo = None
    if "new" in dyads.columns and dyads["new"].any():
        halo = dyads["new"].to_numpy(dtype=bool)
    ghosts = None
    if scene.ghosts is not None and not scene.ghosts.empty:
        ghosts = (nodes.index.get_indexer(scene.ghosts["source"]),
                  nodes.index.get_indexer(scene.ghosts["target"]))
    pair = tuple(int(i) for i in nodes.index.get_indexer(list(scene.pair))) \
        if len(scene.pair) == 2 else ()
    return Marks(
        geo=geo,
        flows_on=flows and not geo,
        ids=nodes.index.to_numpy(dtype=object),
        names=names,
        regions=np.array([html.escape(str(region)) for region in nodes["region"]], dtype=object)
        if count else np.zeros(0, dtype=object),
        x=xs,
        y=ys,
        size=sizes,
        colour=node_colours,
        dim=nodes["dim"].to_numpy(dtype=bool) if count else np.zeros(0, dtype=bool),
        untied=(nodes["degree"].to_numpy() == 0) if count else np.zeros(0, dtype=bool),
        label=label,
        label_position=label_position,
        degrees=degrees,
        metrics=metrics,
        bloc_line=bloc_line,
        strongest=_strongest(nodes, dyads) if count else [],
        legend=legend,
        dyad_source=dyad_source,
        dyad_target=dyad_target,
        edge_class=edge_class,
        dyad_numbers=dyad_numbers,
        dyad_types=dyad_types,
        dyad_confidence=dyad_confidence,
        flow_source=nodes.index.get_indexer(flow_frame["source"]) if len(flow_frame)
        else empty_int,
        flow_target=nodes.index.get_indexer(flow_frame["target"]) if len(flow_frame)
        else empty_int,
        flow_sign=flow_frame["sign"].to_numpy(dtype=np.int64) if len(flow_frame) else empty_int,
        pair=pair,
        layout=_layout(scene, geo, layout, caption, notes, size, colour_by),
        halo=halo,
        ghosts=ghosts,
    )


def view_marks(scene: Scene, state: ViewState, *, caption: str = "",
               notes: bool = True) -> Marks:
    """The marks of ``scene`` as ``state`` draws them (layout, node size, colour, flows)."""
    return marks_of(scene, layout=state.layout, size=state.size, colour_by=state.color,
                    flows=state.flows, caption=caption, notes=notes)


def _trace(geo: bool, x: np.ndarray, y: np.ndarray, **properties: Any) -> Trace:
    if geo:
        return {"type": "scattergeo", "lon": typed(x), "lat": typed(y), **properties}
    return {"type": "scatter", "x": typed(x), "y": typed(y), **properties}


def _segments(marks: Marks, sources: np.ndarray, targets: np.ndarray,
              reach: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """NaN-separated segments from each source to ``reach`` of the way to its target."""
    xs, ys = marks.x[sources], marks.y[sources]
    xt, yt = marks.x[targets], marks.y[targets]
    if reach != 1.0:
        xt, yt = xs + reach * (xt - xs), ys + reach * (yt - ys)
    x = np.full(len(sources) * 3, np.nan, dtype=np.float32)
    y = np.full(len(sources) * 3, np.nan, dtype=np.float32)
    x[0::3], x[1::3] = xs, xt
    y[0::3], y[1::3] = ys, yt
    return x, y


def _pair_trace(marks: Marks) -> list[Trace]:
    """The chosen pair: a broad amber band under its tie and rings around the two countries."""
    if len(marks.pair) != 2:
        return []
    chosen = np.array(marks.pair)
    return [_trace(marks.geo, marks.x[chosen], marks.y[chosen], **TRACE_TEMPLATES["pair"])]


def _compare_traces(marks: Marks) -> list[Trace]:
    traces = []
    if marks.halo is not None:
        # An underlay: a broad halo under each tie that the compared date does not have.
        x, y = _segments(marks, marks.dyad_source[marks.halo], marks.dyad_target[marks.halo])
        traces.append(_trace(marks.geo, x, y, mode="lines",
                             name="Not at the compared date (halo)",
                             line={"color": "#F0E442", "width": 9}, opacity=0.75,
                             hoverinfo="skip"))
    if marks.ghosts is not None:
        x, y = _segments(marks, *marks.ghosts)
        traces.append(_trace(marks.geo, x, y, mode="lines",
                             name="Only at the compared date (ghost)",
                             line={"color": "#999999", "width": 1.5, "dash": "dot"},
                             opacity=0.6, hoverinfo="skip"))
    return traces


def _edge_traces(marks: Marks) -> list[Trace]:
    if not len(marks.edge_class):
        return []
    traces = _compare_traces(marks)
    shown: set[str] = set()
    for index, style in enumerate(edge_styles()):
        mask = marks.edge_class == index
        if not mask.any():
            continue
        x, y = _segments(marks, marks.dyad_source[mask], marks.dyad_target[mask])
        traces.append(_trace(marks.geo, x, y, **TRACE_TEMPLATES["edge"], **style,
                             legendgroup=style["name"], showlegend=style["name"] not in shown))
        shown.add(style["name"])
    mx = (marks.x[marks.dyad_source] + marks.x[marks.dyad_target]) / 2
    my = (marks.y[marks.dyad_source] + marks.y[marks.dyad_target]) / 2
    keys = [f"{marks.ids[s]},{marks.ids[t]}"
            for s, t in zip(marks.dyad_source, marks.dyad_target, strict=True)]
    traces.append(_trace(marks.geo, mx.astype(np.float32), my.astype(np.float32),
                         **TRACE_TEMPLATES["ties"], hovertext=marks.dyad_hover(),
                         customdata=keys))
    return traces


def _flow_traces(marks: Marks) -> list[Trace]:
    """Directed ties as arrows (cartesian layouts): the arrowhead sits near the target."""
    traces = []
    for kind in FLOW_KINDS:
        mask = marks.flow_sign == kind
        if not mask.any():
            continue
        x, y = _segments(marks, marks.flow_source[mask], marks.flow_target[mask],
                         reach=NODE_STYLE["flowReach"])
        sizes = np.zeros(len(x), dtype=np.float32)
        sizes[1::3] = NODE_STYLE["arrowSize"]
        style = flow_styles()[FLOW_KINDS.index(kind)]
        traces.append(_trace(False, x, y, **TRACE_TEMPLATES["flow"], name=style["name"],
                             line=style["line"], marker={**style["marker"], "size": typed(sizes)}))
    return traces


def _node_traces(marks: Marks) -> list[Trace]:
    if not len(marks.ids):
        return []
    nan = np.array([np.nan], dtype=np.float32)
    # All countries in one trace (per-point colours): one trace per group cost plotly a full
    # redraw per group. Each group's legend entry is an empty trace of its own.
    traces = [_trace(marks.geo, nan, nan, **TRACE_TEMPLATES["legend"], name=name,
                     marker={"size": 10, "color": colour})
              for colour, name in marks.legend]
    opacity, symbol, width = (NODE_STYLE[name] for name in ("opacity", "symbol", "lineWidth"))
    marker = {
        "size": typed(marks.size),
        "color": marks.colour,
        "opacity": typed(np.where(marks.dim, opacity[1], opacity[0]).astype(np.float32)),
        # Without a tie in the view (a bloc member, the focus): a ring, not a disc.
        "symbol": np.where(marks.untied, symbol[1], symbol[0]).tolist(),
        "line": {"width": np.where(marks.untied, width[1], width[0]).astype(np.float32).tolist(),
                 "color": NODE_STYLE["lineColour"]},
    }
    traces.append(_trace(
        marks.geo, marks.x, marks.y, **TRACE_TEMPLATES["countries"],
        hovertext=marks.node_hover(), customdata=marks.ids.tolist(), marker=marker))
    named = np.array([bool(text) for text in marks.label], dtype=bool)
    if named.any():
        traces.append(_trace(
            marks.geo, marks.x[named], marks.y[named], **TRACE_TEMPLATES["labels"],
            text=[text for text in marks.label if text],
            textposition=[position for text, position in
                          zip(marks.label, marks.label_position, strict=True) if text],
            marker={"size": typed(marks.size[named]), "color": NODE_STYLE["unseen"]}))
    return traces


def figure_of(marks: Marks) -> dict[str, Any]:
    """The plotly figure of one month's marks (``assets/timeline.js`` builds the same)."""
    traces = [*_pair_trace(marks), *_edge_traces(marks)]
    if marks.flows_on:
        traces.extend(_flow_traces(marks))
    traces.extend(_node_traces(marks))
    return {"data": traces, "layout": marks.layout}

