"""Every month of a view, packed once for the browser, which then draws any month itself.

A slider step used to be a server round trip and a redraw of a figure the server built. The
timeline's months are all known in advance, so for a view of one month at a time the server
computes the marks (``ui.marks``) of every month once, and the browser (``assets/timeline.js``)
assembles and draws any month from them with no round trip. Filters, layers and layouts
change the marks: a new view is a new pack (:func:`pack_key` names it).

The pack is one gzip-compressed binary file:

- ``RPK1``, then the length of a JSON header (4 bytes, little-endian), the header, and zero
  padding to a multiple of 8;
- the arrays the header lists (``name``, ``dtype``, ``shape``, ``offset`` from the start of
  the arrays, ``delta``). An array of shape ``(months, items)`` with ``delta`` holds each month's
  difference from the month before (integer arithmetic that wraps), so that what persists
  from month to month compresses to almost nothing.

Node arrays are indexed by the dataset's countries, dyad arrays by every dyad the view ever
draws (the header's ``dyads``). Strings (escaped HTML, as the figure holds them) are indices
into the header's ``strings``. Positions are quantised to 16 bits of their extent.

Not packed (drawn by the server as before): windows of several months, compare dates, a
highlighted triad, uploaded layers (they live in the reader's browser, not on the server).
"""

from __future__ import annotations

import gzip
import html
import json
import struct
import time
from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd

from graph.view_state import ViewState, to_query
from ui.labels import POSITIONS
from ui.marks import (
    DYAD_HOVER,
    HOVER_SCALES,
    NODE_HOVER,
    NODE_METRICS,
    NODE_STYLE,
    STRONGEST,
    STRONGEST_PREFIX,
    TRACE_TEMPLATES,
    Marks,
    edge_styles,
    flow_styles,
    view_marks,
)
from ui.model import ExplorerData, build_scene

__all__ = ["MAGIC", "VARYING_LAYOUT", "month_pack", "pack_key", "packable"]

MAGIC = b"RPK1"
#: Layout properties that may differ from month to month; the rest is the same for all.
VARYING_LAYOUT = ("annotations", "meta", "uirevision", "xaxis", "yaxis", "geo")
#: The state's parameters that do not change what a month looks like.
_NOT_DRAWN = ("date", "story", "step")


def packable(state: ViewState, *, highlight: bool = False, uploaded: bool = False) -> bool:
    """Whether the browser can draw this view's months from a pack: one month at a time,
    no compared date, no triad highlighted, no uploaded layer.

    >>> packable(ViewState()), packable(ViewState(window=(1, 5)))
    (True, False)
    """
    return state.window is None and state.compare is None and not highlight and not uploaded


def pack_key(state: ViewState, data: ExplorerData, layer_toggle: tuple[str, ...]) -> str:
    """The name of the pack that draws ``state``: its URL parameters but the month, and the
    layers shown. Two states with one key differ by their month only."""
    from urllib.parse import parse_qsl, urlencode

    query = to_query(replace(state, step=None, story=None, story_step=None), data.vocabulary)
    kept = [(key, value) for key, value in parse_qsl(query.lstrip("?"))
            if key not in _NOT_DRAWN]
    kept.append(("layers", ",".join(sorted(layer_toggle))))
    return urlencode(sorted(kept))


class _Strings:
    """A table of strings, each stored once."""

    def __init__(self) -> None:
        self.items: list[str] = [""]
        self.index: dict[str, int] = {"": 0}

    def __call__(self, text: str) -> int:
        found = self.index.get(text)
        if found is None:
            found = self.index[text] = len(self.items)
            self.items.append(text)
        return found


def _smallest(values: np.ndarray) -> np.ndarray:
    """Integers in the narrowest dtype that holds them (the browser reads each as typed)."""
    low, high = (int(values.min()), int(values.max())) if values.size else (0, 0)
    for dtype in (np.uint8, np.int8, np.uint16, np.int16, np.int32):
        info = np.iinfo(dtype)
        if info.min <= low and high <= info.max:
            return values.astype(dtype)
    raise ValueError("a packed value does not fit 32 bits")


def _delta(values: np.ndarray) -> np.ndarray:
    out = values.copy()
    out[1:] = values[1:] - values[:-1]
    return out


def month_pack(
    data: ExplorerData,
    state: ViewState,
    *,
    layers: tuple[pd.DataFrame, ...] = (),
    curated: bool = True,
    key: str = "",
) -> bytes:
    """Every month of ``state``'s view, packed and gzip-compressed (the module says how)."""
    from ui.export_media import caption_text
    from ui.layout import month_title

    months = len(data.timeline.months)
    countries = list(data.dataset.countries["id"])
    where = {country: position for position, country in enumerate(countries)}
    count = len(countries)
    strings = _Strings()
    colours = _Strings()
    nodes: dict[str, np.ndarray] = {
        "present": np.zeros((months, count), dtype=np.int64),
        "size": np.zeros((months, count), dtype=np.int64),
        "colour": np.zeros((months, count), dtype=np.int64),
        "flags": np.zeros((months, count), dtype=np.int64),
        "label": np.zeros((months, count), dtype=np.int64),
        "cooperation_degree": np.zeros((months, count), dtype=np.int64),
        "hostility_degree": np.zeros((months, count), dtype=np.int64),
        **{name: np.zeros((months, count), dtype=np.int64) for name in NODE_METRICS},
        "bloc_line": np.zeros((months, count), dtype=np.int64),
        **{f"strongest{rank}": np.zeros((months, count), dtype=np.int64) for rank in range(3)},
        **{f"strongest_net{rank}": np.zeros((months, count), dtype=np.int64)
           for rank in range(3)},
    }
    xs = np.full((months, count), np.nan)
    ys = np.full((months, count), np.nan)
    dyad_index: dict[tuple[str, str], int] = {}
    flow_index: dict[tuple[str, str, int], int] = {}
    dyad_rows: list[tuple[int, np.ndarray, np.ndarray, np.ndarray, list[int], list[int]]] = []
    flow_rows: list[tuple[int, np.ndarray]] = []
    legends: list[list[list[int]]] = []
    patches: list[dict[str, Any]] = []
    base_layout: dict[str, Any] = {}
    geo = flows_on = False
    for month in range(months):
        month_state = replace(state, step=month)
        scene = build_scene(data, month_state, layers=layers, curated=curated)
        marks = view_marks(scene, state, caption=caption_text(data, month_state), notes=False)
        geo, flows_on = marks.geo, marks.flows_on
        # A pack is made beside the page's requests, in the same process: a moment's pause
        # each month lets their threads have the interpreter.
        time.sleep(0.002)
        columns = np.array([where[country] for country in marks.ids], dtype=np.int64)
        _fill_nodes(nodes, xs, ys, month, columns, marks, strings, colours)
        dyad_rows.append(_dyad_row(marks, dyad_index, strings))
        flow_rows.append(_flow_row(marks, flow_index))
        legends.append([[colours(colour), strings(name)] for colour, name in marks.legend])
        if month == 0:
            base_layout = {k: v for k, v in marks.layout.items() if k not in VARYING_LAYOUT}
        patches.append({k: marks.layout[k] for k in VARYING_LAYOUT if k in marks.layout})
    arrays: dict[str, np.ndarray] = {name: _delta(_smallest(values))
                                     for name, values in nodes.items()}
    extent = {}
    for axis, values in (("x", xs), ("y", ys)):
        finite = values[np.isfinite(values)]
        low, high = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
        step = max(high - low, 1e-9) / 65534
        quantised = np.where(np.isfinite(values), np.rint((values - low) / step) - 32767, 0)
        arrays[axis] = _delta(quantised.astype(np.int16))
        extent[axis] = [low + 32767 * step, step]
    arrays.update(_dyad_arrays(dyad_rows, months, len(dyad_index)))
    if flow_index:
        flows = np.zeros((months, len(flow_index)), dtype=np.uint8)
        for month, (positions, signs) in enumerate(flow_rows):
            flows[month, positions] = signs
        arrays["flow"] = _delta(flows)
    header = {
        "version": 1,
        "key": key,
        "months": months,
        "titles": [month_title(label) for label in data.timeline.months],
        "countries": countries,
        "names": _escaped_names(data, countries),
        "regions": _escaped_regions(data, countries),
        "geo": geo,
        "flows": flows_on,
        "extent": extent,
        "strings": strings.items,
        "colours": colours.items,
        "positions": list(POSITIONS),
        "nodeStyle": NODE_STYLE,
        "templates": {"node": NODE_HOVER, "dyad": DYAD_HOVER, "strongest": STRONGEST,
                      "strongestPrefix": STRONGEST_PREFIX},
        "scales": HOVER_SCALES,
        "metrics": list(NODE_METRICS),
        "traces": TRACE_TEMPLATES,
        "edgeStyles": edge_styles(),
        "flowStyles": flow_styles(),
        "dyads": [list(pair) for pair in dyad_index],
        "flowEnds": [[source, target] for source, target, _ in flow_index],
        "pair": [where[country] for country in state.dyad] if len(state.dyad) == 2 else None,
        "legend": legends,
        "layout": base_layout,
        "patches": patches,
    }
    return _encode(header, arrays)


def _escaped_names(data: ExplorerData, countries: list[str]) -> list[str]:
    return [html.escape(str(data.names.get(country, country))) for country in countries]


def _escaped_regions(data: ExplorerData, countries: list[str]) -> list[str]:
    regions = data.regions.reindex(countries).fillna("")
    return [html.escape(str(region)) for region in regions]


def _fill_nodes(nodes: dict[str, np.ndarray], xs: np.ndarray, ys: np.ndarray, month: int,
                columns: np.ndarray, marks: Marks, strings: _Strings,
                colours: _Strings) -> None:
    if not len(columns):
        return
    nodes["present"][month, columns] = 1
    xs[month, columns] = marks.x
    ys[month, columns] = marks.y
    nodes["size"][month, columns] = np.rint(marks.size * 100)
    nodes["colour"][month, columns] = [colours(colour) for colour in marks.colour]
    nodes["flags"][month, columns] = marks.dim.astype(int) + 2 * marks.untied.astype(int)
    nodes["label"][month, columns] = [
        POSITIONS.index(position) + 1 if text else 0
        for text, position in zip(marks.label, marks.label_position, strict=True)
    ]
    nodes["cooperation_degree"][month, columns] = marks.degrees[:, 0]
    nodes["hostility_degree"][month, columns] = marks.degrees[:, 1]
    for position, name in enumerate(NODE_METRICS):
        nodes[name][month, columns] = marks.metrics[:, position]
    nodes["bloc_line"][month, columns] = [strings(line) for line in marks.bloc_line]
    for node, ties in zip(columns, marks.strongest, strict=True):
        for rank, (partner, net) in enumerate(ties):
            nodes[f"strongest{rank}"][month, node] = columns[partner] + 1
            nodes[f"strongest_net{rank}"][month, node] = net


def _dyad_row(
    marks: Marks, index: dict[tuple[str, str], int], strings: _Strings
) -> tuple[int, np.ndarray, np.ndarray, np.ndarray, list[int], list[int]]:
    positions = np.array([
        index.setdefault((marks.ids[source], marks.ids[target]), len(index))
        for source, target in zip(marks.dyad_source, marks.dyad_target, strict=True)
    ], dtype=np.int64)
    return (len(positions), positions, marks.edge_class + 1, marks.dyad_numbers,
            [strings(types) for types in marks.dyad_types],
            [strings(level) for level in marks.dyad_confidence])


def _flow_row(marks: Marks,
              index: dict[tuple[str, str, int], int]) -> tuple[np.ndarray, np.ndarray]:
    positions = np.array([
        index.setdefault((marks.ids[source], marks.ids[target], int(sign)), len(index))
        for source, target, sign in zip(marks.flow_source, marks.flow_target, marks.flow_sign,
                                        strict=True)
    ], dtype=np.int64)
    signs = np.where(marks.flow_sign > 0, 1, 2).astype(np.uint8)
    return positions, signs


def _dyad_arrays(rows: list[tuple[int, np.ndarray, np.ndarray, np.ndarray, list[int], list[int]]],
                 months: int, dyads: int) -> dict[str, np.ndarray]:
    columns = {name: np.zeros((months, dyads), dtype=np.int64)
               for name in ("class", "cooperation", "hostility", "net", "types", "confidence")}
    for month, (count, positions, classes, numbers, types, confidence) in enumerate(rows):
        if not count:
            continue
        columns["class"][month, positions] = classes
        for column, name in enumerate(("cooperation", "hostility", "net")):
            columns[name][month, positions] = numbers[:, column]
        columns["types"][month, positions] = types
        columns["confidence"][month, positions] = confidence
    return {f"dyad_{name}": _delta(_smallest(values)) for name, values in columns.items()}


def _encode(header: dict[str, Any], arrays: dict[str, np.ndarray]) -> bytes:
    listed = []
    blobs = []
    offset = 0
    for name, values in arrays.items():
        blob = np.ascontiguousarray(values).astype(values.dtype.newbyteorder("<")).tobytes()
        listed.append({"name": name, "dtype": values.dtype.name, "shape": list(values.shape),
                       "offset": offset, "delta": True})
        padding = -len(blob) % 8
        blobs.append(blob + b"\0" * padding)
        offset += len(blob) + padding
    text = json.dumps({**header, "arrays": listed}, separators=(",", ":"),
                      allow_nan=False).encode("utf-8")
    start = len(MAGIC) + 4 + len(text)
    raw = MAGIC + struct.pack("<I", len(text)) + text + b"\0" * (-start % 8) + b"".join(blobs)
    return gzip.compress(raw, compresslevel=6, mtime=0)
