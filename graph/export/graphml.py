"""GraphML 1.0 of a view, written by hand."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from graph.dataset import Dataset
from graph.export.records import (
    _METRIC_TYPES,
    COUNTRY_ATTRIBUTES,
    EDGE_ATTRIBUTES,
    _edge_records,
    _node_records,
)
from graph.export.text import _TEXT_ESCAPES, _XSI_NS, _attrs, _format_number, _text
from graph.export.view import ExportView, ViewSnapshot, snapshot_of

__all__ = ["graphml"]


_GRAPHML_TYPES = {"string": "string", "double": "double", "integer": "int"}


def _graphml(snapshot: ViewSnapshot) -> bytes:
    """GraphML 1.0 written by hand: key ids ``g-``/``n-``/``e-`` + attribute name, graph data
    first (some readers only look there), edges with their ``A-B`` id."""
    header = {key: (json.dumps(value, ensure_ascii=False) if isinstance(value, dict | list)
                    else _text(value)) for key, value in snapshot.header.items()}
    placed = snapshot.view.position_of()
    # Gephi and yEd read node attributes named x and y as positions.
    node_types = COUNTRY_ATTRIBUTES | _METRIC_TYPES | (
        {"x": "double", "y": "double"} if placed else {})
    edge_types = {"weight": "double", **EDGE_ATTRIBUTES}
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
        f'xmlns:xsi="{_XSI_NS}" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
        'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
    ]
    for scope, prefix, types in [("graph", "g", dict.fromkeys(header, "string")),
                                 ("node", "n", node_types), ("edge", "e", edge_types)]:
        lines += [f"  <key{_attrs(id=f'{prefix}-{name}', for_=scope)} "
                  f'attr.name="{name}" attr.type="{_GRAPHML_TYPES[kind]}"/>'
                  for name, kind in types.items()]
    lines.append('  <graph id="G" edgedefault="undirected">')
    lines += [f"    <data{_attrs(key=f'g-{key}')}>{value.translate(_TEXT_ESCAPES)}</data>"
              for key, value in header.items() if value]
    for node, data in _node_records(snapshot):
        if node in placed:
            data = {**data, "x": placed[node][0], "y": placed[node][1]}
        lines.append(f"    <node{_attrs(id=node)}>")
        lines += [f"      <data{_attrs(key=f'n-{key}')}>{_value_text(value)}</data>"
                  for key, value in data.items() if value is not None]
        lines.append("    </node>")
    for a, b, data in _edge_records(snapshot):
        lines.append(f"    <edge{_attrs(id=f'{a}-{b}', source=a, target=b)}>")
        lines += [f"      <data{_attrs(key=f'e-{key}')}>{_value_text(data[key])}</data>"
                  for key in edge_types]
        lines.append("    </edge>")
    lines += ["  </graph>", "</graphml>", ""]
    return "\n".join(lines).encode("utf-8")


def _value_text(value: Any) -> str:
    text = value if isinstance(value, str) else _format_number(value)
    return _text(text).translate(_TEXT_ESCAPES)


def graphml(dataset: Dataset, view: ExportView, *,
            generated_at: dt.datetime | None = None, permalink: str = "") -> bytes:
    """GraphML of the snapshot (header fields as graph data, filters as a JSON string)."""
    return _graphml(snapshot_of(dataset, view, generated_at=generated_at, permalink=permalink))
