"""Plotly figures of a scene.

Edges are drawn as a handful of traces (one per sign, width class, confidence and dimming)
with NaN-separated float32 coordinate arrays, which plotly ships as base64 typed arrays: a
quarter of the bytes of one trace per edge, and two orders of magnitude faster to draw.
Every string that came from a dataset is HTML-escaped before it reaches the figure.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd

from graph.blocs import bloc_summaries
from graph.metrics import METRIC_DESCRIPTIONS
from ui.labels import place_labels
from ui.model import Scene

Trace = dict[str, Any]

__all__ = [
    "COOPERATION",
    "HOSTILITY",
    "group_colours",
    "network_figure",
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
SIZE_LABEL = {column: label for column, (label, _) in METRIC_DESCRIPTIONS.items()}
LABELLED_NODES = 28
COLOUR_TITLES = {
    "bloc": "Blocs (computed: cooperation inside, hostility between)",
    "region": "Region",
    "organisation": "Main organisation",
}


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


def _trace(geo: bool, x: np.ndarray, y: np.ndarray, **properties: Any) -> Trace:
    if geo:
        return {"type": "scattergeo", "lon": typed(x), "lat": typed(y), **properties}
    return {"type": "scatter", "x": typed(x), "y": typed(y), **properties}


def _segments(
    xs: np.ndarray, ys: np.ndarray, xt: np.ndarray, yt: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    count = len(xs)
    x = np.full(count * 3, np.nan, dtype=np.float32)
    y = np.full(count * 3, np.nan, dtype=np.float32)
    x[0::3], x[1::3] = xs, xt
    y[0::3], y[1::3] = ys, yt
    return x, y


def _ends(
    nodes: pd.DataFrame, edges: pd.DataFrame
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Coordinates of each edge's source and target (every end must be a drawn node)."""
    x = nodes["x"].to_numpy()
    y = nodes["y"].to_numpy()
    sources = nodes.index.get_indexer(edges["source"])
    targets = nodes.index.get_indexer(edges["target"])
    return x[sources], y[sources], x[targets], y[targets]


def _edge_traces(scene: Scene, geo: bool) -> list[Trace]:
    dyads = scene.dyads
    if dyads.empty:
        return []
    nodes = scene.nodes
    xs, ys, xt, yt = _ends(nodes, dyads)
    sign = dyads["sign"].to_numpy()
    magnitude = np.maximum(dyads["cooperation"], dyads["hostility"]).to_numpy()
    faint = (dyads["confidence"] == "low").to_numpy()
    dim = dyads["dim"].to_numpy(dtype=bool)
    traces: list[Trace] = []
    if "new" in dyads.columns and dyads["new"].any():
        # An underlay: a broad halo under each tie that the compared date does not have.
        mask = dyads["new"].to_numpy(dtype=bool)
        x, y = _segments(xs[mask], ys[mask], xt[mask], yt[mask])
        traces.append(
            _trace(
                geo,
                x,
                y,
                mode="lines",
                name="Not at the compared date (halo)",
                line={"color": "#F0E442", "width": 9},
                opacity=0.75,
                hoverinfo="skip",
            )
        )
    if scene.ghosts is not None and not scene.ghosts.empty:
        gx, gy, gxt, gyt = _ends(nodes, scene.ghosts)
        x, y = _segments(gx, gy, gxt, gyt)
        traces.append(
            _trace(
                geo,
                x,
                y,
                mode="lines",
                name="Only at the compared date (ghost)",
                line={"color": "#999999", "width": 1.5, "dash": "dot"},
                opacity=0.6,
                hoverinfo="skip",
            )
        )
    shown_in_legend: set[str] = set()
    for kind, colour, dash, name in (
        (1, COOPERATION, "solid", "Cooperation"),
        (-1, HOSTILITY, "dash", "Hostility (dashed)"),
        (0, MIXED, "dot", "Mixed: cooperation and hostility cancel (dotted)"),
    ):
        for low, high, width in WIDTH_CLASSES:
            for is_faint in (False, True):
                for is_dim in (False, True):
                    mask = (
                        (sign == kind)
                        & (magnitude >= low)
                        & (magnitude < high)
                        & (faint == is_faint)
                        & (dim == is_dim)
                    )
                    if not mask.any():
                        continue
                    x, y = _segments(xs[mask], ys[mask], xt[mask], yt[mask])
                    opacity = 0.9
                    if is_faint:
                        opacity *= 0.4
                    if is_dim:
                        opacity *= 0.15
                    show = name not in shown_in_legend
                    shown_in_legend.add(name)
                    line = {"color": colour, "width": width, "dash": dash}
                    common = {
                        "mode": "lines",
                        "line": line,
                        "opacity": opacity,
                        "hoverinfo": "skip",
                        "name": name,
                        "legendgroup": name,
                        "showlegend": show,
                    }
                    traces.append(_trace(geo, x, y, **common))
    # One invisible marker at each edge's midpoint carries its hover text and click target.
    names = dict(zip(nodes.index, nodes["name"], strict=True))
    hover = [
        _dyad_hover(row, names)
        for row in zip(
            *(
                dyads[column].to_numpy()
                for column in (
                    "source",
                    "target",
                    "cooperation",
                    "hostility",
                    "net",
                    "types",
                    "confidence",
                )
            ),
            strict=True,
        )
    ]
    keys = (dyads["source"] + "," + dyads["target"]).to_numpy(dtype=object)
    mx = ((xs + xt) / 2).astype(np.float32)
    my = ((ys + yt) / 2).astype(np.float32)
    marker = {"size": 10, "color": "rgba(0,0,0,0)"}
    traces.append(
        _trace(
            geo,
            mx,
            my,
            mode="markers",
            marker=marker,
            hovertext=hover,
            hoverinfo="text",
            customdata=keys.tolist(),
            showlegend=False,
            name="ties",
        )
    )
    return traces


def _dyad_hover(row: tuple[str, str, float, float, float, str, str], names: dict[str, str]) -> str:
    from graph.dataset import tie_type_label

    source, target, cooperation, hostility, net, types, confidence = row
    title = (
        f"<b>{html.escape(names.get(source, source))} – "
        f"{html.escape(names.get(target, target))}</b>"
    )
    kinds = ", ".join(tie_type_label(name) for name in types.split(";") if name)
    return (
        f"{title}<br>{html.escape(kinds)}"
        f"<br>cooperation {cooperation:.2f} · hostility {hostility:.2f} · net {net:+.2f}"
        f"<br>confidence: {confidence} · click for sources"
    )


def _flow_traces(scene: Scene) -> list[Trace]:
    """Directed ties as arrows (cartesian layouts): the arrowhead sits near the target."""
    flows = scene.flows
    if flows.empty:
        return []
    xs, ys, xt, yt = _ends(scene.nodes, flows)
    # Stop short of the target so the arrowhead is not hidden under its node.
    xe, ye = xs + 0.88 * (xt - xs), ys + 0.88 * (yt - ys)
    traces = []
    for kind, colour, name in (
        (1, COOPERATION, "Flow: arms transfer / support →"),
        (-1, HOSTILITY, "Flow: sanctions / strikes →"),
    ):
        mask = (flows["sign"] == kind).to_numpy()
        if not mask.any():
            continue
        x, y = _segments(xs[mask], ys[mask], xe[mask], ye[mask])
        sizes = np.zeros(len(x), dtype=np.float32)
        sizes[1::3] = 11
        traces.append(
            _trace(
                False,
                x.astype(np.float32),
                y.astype(np.float32),
                mode="lines+markers",
                name=name,
                legendgroup="flows",
                line={"color": colour, "width": 1.1},
                marker={
                    "symbol": "arrow",
                    "angleref": "previous",
                    "size": typed(sizes),
                    "color": colour,
                },
                opacity=0.85,
                hoverinfo="skip",
            )
        )
    return traces


def _node_hover(scene: Scene) -> list[str]:
    nodes = scene.nodes
    names = dict(zip(nodes.index, nodes["name"], strict=True))
    strongest: dict[str, list[str]] = {}
    if not scene.dyads.empty:
        dyads = scene.dyads
        order = np.argsort(-dyads["weight"].to_numpy(), kind="stable")
        sources = dyads["source"].to_numpy(dtype=object)[order]
        targets = dyads["target"].to_numpy(dtype=object)[order]
        nets = dyads["net"].to_numpy()[order]
        for source, target, net in zip(sources, targets, nets, strict=True):
            for one, other in ((source, target), (target, source)):
                listed = strongest.setdefault(one, [])
                if len(listed) < 3:
                    listed.append(f"{html.escape(names.get(other, other))} ({net:+.1f})")
    bloc_names = _bloc_names(nodes)
    texts = []
    for node, row in zip(nodes.index, nodes.itertuples(index=False), strict=True):
        ties = strongest.get(node)
        bloc = int(row.bloc)
        texts.append(
            f"<b>{html.escape(str(row.name))}</b> · {html.escape(str(row.region))}"
            + (f"<br>{html.escape(bloc_names[bloc])}" if bloc >= 0 else "<br>no ties")
            + f"<br>{int(row.cooperation_degree)} partners (cooperation "
            f"{row.cooperation_strength:.1f}) · {int(row.hostility_degree)} adversaries "
            f"(hostility {row.hostility_strength:.1f})"
            f"<br>PN centrality {row.pn:.2f} (signed: enemies count against)"
            f"<br>among partners: PageRank {row.pagerank:.3f} · influence "
            f"{row.eigenvector:.3f} · brokerage {row.betweenness:.3f}"
            + (f"<br>strongest: {', '.join(ties)}" if ties else "")
        )
    return texts


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


def _pair_traces(scene: Scene, geo: bool) -> list[Trace]:
    """The chosen pair: a broad amber band under its tie and rings around the two countries."""
    if len(scene.pair) != 2:
        return []
    first, second = scene.pair
    nodes = scene.nodes
    xs = np.array([nodes.loc[first, "x"], nodes.loc[second, "x"]], dtype=np.float32)
    ys = np.array([nodes.loc[first, "y"], nodes.loc[second, "y"]], dtype=np.float32)
    return [
        _trace(geo, xs, ys, mode="lines+markers", name="chosen pair", showlegend=False,
               hoverinfo="skip", line={"color": "#F0B400", "width": 9},
               marker={"size": 30, "color": "rgba(240,180,0,0.35)",
                       "line": {"color": "#F0B400", "width": 2}},
               opacity=0.7),
    ]


def network_figure(
    scene: Scene, *, layout: str, size: str, colour_by: str, flows: bool, caption: str = "",
    notes: bool = True,
) -> dict[str, Any]:
    """The network figure of a scene; an empty scene gets its message drawn in words.

    Everything is SVG: WebGL traces repaint faster where a GPU is present, but headless and
    GPU-less browsers (and this project's CI) show "WebGL is not supported" instead.
    """
    geo = layout == "map"
    nodes = scene.nodes
    ranges = _ranges(scene)
    traces: list[Trace] = [*_pair_traces(scene, geo), *_edge_traces(scene, geo)]
    if flows and not geo:
        traces.extend(_flow_traces(scene))
    if not nodes.empty:
        values = nodes[size].to_numpy(dtype=float)
        peak = float(values.max()) if values.max() > 0 else 1.0
        sizes = (7 + 30 * np.sqrt(np.clip(values, 0, None) / peak)).astype(np.float32)
        hover = np.array(_node_hover(scene), dtype=object)
        names = np.array([html.escape(str(name)) for name in nodes["name"]], dtype=object)
        ids_array = nodes.index.to_numpy(dtype=object)
        xs = nodes["x"].to_numpy(np.float32)
        ys = nodes["y"].to_numpy(np.float32)
        dim = nodes["dim"].to_numpy(dtype=bool)
        groups = nodes["group"].to_numpy(dtype=object)
        colours = group_colours(groups.tolist())
        by_strength = np.argsort(-nodes["cooperation_strength"].to_numpy(), kind="stable")
        bloc_names = _bloc_names(nodes)
        # All countries in one trace (per-point colours): one trace per group cost plotly a
        # full redraw per group. Each group's legend entry is an empty trace of its own.
        for group, colour in colours.items():
            mask = groups == group
            strongest_members = [names[i] for i in by_strength if mask[i]][:3]
            traces.append(
                _trace(
                    geo, np.array([np.nan], dtype=np.float32),
                    np.array([np.nan], dtype=np.float32), mode="markers",
                    marker={"size": 10, "color": colour},
                    name=_group_name(colour_by, group, strongest_members, bloc_names),
                    legendgroup="nodes",
                    hoverinfo="skip",
                )
            )
        text, positions = place_labels(
            xs, ys, sizes, [str(name) for name in names], values, ranges, limit=LABELLED_NODES)
        opacity = np.where(dim, 0.2, 0.95).astype(np.float32)
        untied = nodes["degree"].to_numpy() == 0
        marker = {
            "size": typed(sizes),
            "color": [colours[group] for group in groups],
            "opacity": typed(opacity),
            # Without a tie in the view (a bloc member, the focus): a ring, not a disc.
            "symbol": np.where(untied, "circle-open", "circle").tolist(),
            "line": {"width": np.where(untied, 2.0, 0.8).astype(np.float32).tolist(),
                     "color": "#ffffff"},
        }
        traces.append(
            _trace(
                geo, xs, ys, mode="markers+text", text=text, textposition=positions,
                # A light halo keeps a name readable where it crosses edges.
                textfont={"size": 10, "color": "#222", "shadow": "auto"},
                hovertext=hover.tolist(),
                hoverinfo="text", customdata=ids_array.tolist(), marker=marker,
                name="countries", showlegend=False,
            )
        )

    annotations = []
    if scene.message:
        annotations.append(
            {
                "text": html.escape(scene.message),
                "showarrow": False,
                "xref": "paper",
                "yref": "paper",
                "x": 0.5,
                "y": 0.5,
                "font": {"size": 16, "color": "#444"},
            }
        )
    size_note = encoding_note(size, colour_by)
    if notes:
        annotations.append(
            {
                "text": size_note,
                "showarrow": False,
                "xref": "paper",
                "yref": "paper",
                "x": 0,
                "y": 1.0,
                "xanchor": "left",
                "yanchor": "bottom",
                "font": {"size": 11, "color": "#555"},
            }
        )
    if caption and notes:
        annotations.append(
            {
                "text": html.escape(caption),
                "showarrow": False,
                "xref": "paper",
                "yref": "paper",
                "x": 1,
                "y": 1.0,
                "xanchor": "right",
                "yanchor": "bottom",
                "font": {"size": 11, "color": "#555"},
            }
        )
    layout_properties: dict[str, Any] = {
        "template": {},
        "margin": {"l": 10, "r": 10, "t": 24 if notes else 6, "b": 10},
        "hovermode": "closest",
        "showlegend": True,
        "legend": {
            "orientation": "h",
            "x": 0,
            "xanchor": "left",
            "y": -0.06,
            "yanchor": "top",
            "font": {"size": 11},
            "groupclick": "toggleitem",
            "tracegroupgap": 0,
        },
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
        layout_properties["geo"] = {
            "projection": {"type": "natural earth"},
            "showcountries": True,
            "countrycolor": "#d0d0d0",
            "showland": True,
            "landcolor": "#f4f4f0",
            "showocean": True,
            "oceancolor": "#eef4f8",
            "coastlinecolor": "#c0c0c0",
            "showframe": False,
        }
        if scene.focus_set:
            # Zoom to the ego network: its centre, at the scale its extent allows.
            (west, east), (south, north) = ranges
            span = max((east - west) / 360, (north - south) / 180, 1 / 8)
            layout_properties["geo"]["center"] = {"lon": (west + east) / 2,
                                                  "lat": (south + north) / 2}
            layout_properties["geo"]["projection"]["scale"] = min(8.0, 0.9 / span)
    else:
        # Fitted to what is drawn (or to the focus's ego network), filling the panel: the
        # layout's distances are relative, so the panel's shape may stretch them.
        layout_properties["xaxis"] = {"visible": False, "range": list(ranges[0])}
        layout_properties["yaxis"] = {"visible": False, "range": list(ranges[1])}
        layout_properties["plot_bgcolor"] = "#ffffff"
    return {"data": traces, "layout": layout_properties}
