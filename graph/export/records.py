"""Nodes and edges of a snapshot as records, shared by the JSON, GraphML and GEXF writers."""

from __future__ import annotations

from typing import Any

from graph.export.text import _number, _records, _text
from graph.export.view import ViewSnapshot
from graph.metrics import INTEGER_COLUMNS, METRIC_COLUMNS

__all__ = [
    "COUNTRY_ATTRIBUTES",
    "EDGE_ATTRIBUTES",
]


#: Node attributes of the graph formats besides the metrics, with their GEXF types.
COUNTRY_ATTRIBUTES: dict[str, str] = {
    "name": "string", "kind": "string", "region": "string", "subregion": "string",
    "lat": "double", "lon": "double",
}


_METRIC_TYPES = {column: "double" for column in METRIC_COLUMNS} | {
    **dict.fromkeys(INTEGER_COLUMNS, "integer"),
}


#: Edge attributes of the graph formats (``weight`` is GEXF's own edge attribute).
EDGE_ATTRIBUTES: dict[str, str] = {
    "cooperation": "double", "hostility": "double", "net": "double", "sign": "integer",
    "types": "string", "ties": "integer", "confidence": "string", "tie_ids": "string",
}


def _node_records(snapshot: ViewSnapshot) -> list[tuple[str, dict[str, Any]]]:
    records = []
    for row in _records(snapshot.countries):
        data: dict[str, Any] = {}
        for column, kind in (COUNTRY_ATTRIBUTES | _METRIC_TYPES).items():
            value = row.get(column)
            if kind == "string":
                data[column] = _text(value)
            else:
                number = _number(value)
                data[column] = (int(number) if kind == "integer" and number is not None
                                else number)
        records.append((str(row["id"]), data))
    return records


def _edge_records(snapshot: ViewSnapshot) -> list[tuple[str, str, dict[str, Any]]]:
    records = []
    for row in _records(snapshot.dyads):
        data: dict[str, Any] = {
            "weight": float(row["weight"]),
            "cooperation": float(row["cooperation"]),
            "hostility": float(row["hostility"]),
            "net": float(row["net"]),
            "sign": int(row["sign"]),
            "types": _text(row["types"]),
            "ties": int(row["ties"]),
            "confidence": _text(row["confidence"]),
            "tie_ids": _text(row["tie_ids"]),
        }
        records.append((str(row["source"]), str(row["target"]), data))
    return records
