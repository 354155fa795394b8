"""GEXF 1.3 of a view (a static snapshot) and the parts of a GEXF document the dynamic
export shares.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from graph.dataset import Dataset
from graph.export.records import (
    _METRIC_TYPES,
    COUNTRY_ATTRIBUTES,
    EDGE_ATTRIBUTES,
    _edge_records,
    _node_records,
)
from graph.export.text import _TEXT_ESCAPES, _XSI_NS, _attrs, _text
from graph.export.view import GENERATOR, ExportView, ViewSnapshot, snapshot_of

__all__ = [
    "GEXF_NS",
    "GEXF_VIZ_NS",
    "gexf",
]


GEXF_NS = "http://gexf.net/1.3"


GEXF_VIZ_NS = "http://gexf.net/1.3/viz"


def _gexf_open(description: str, keywords: str, when: dt.date, graph_attrs: str) -> list[str]:
    return [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<gexf xmlns="{GEXF_NS}" xmlns:viz="{GEXF_VIZ_NS}" xmlns:xsi="{_XSI_NS}" '
        f'xsi:schemaLocation="{GEXF_NS} {GEXF_NS}/gexf.xsd" version="1.3">',
        f'  <meta lastmodifieddate="{when.isoformat()}">',
        f"    <creator>{GENERATOR}</creator>",
        f"    <keywords>{_text(keywords).translate(_TEXT_ESCAPES)}</keywords>",
        f"    <description>{_text(description).translate(_TEXT_ESCAPES)}</description>",
        "  </meta>",
        f"  <graph{graph_attrs}>",
    ]


def _gexf_declarations(kind: str, mode: str, types: Mapping[str, str]) -> list[str]:
    lines = [f'    <attributes class="{kind}" mode="{mode}">']
    lines += [f"      <attribute{_attrs(id=name, title=name, type=kind_)}/>"
              for name, kind_ in types.items()]
    lines.append("    </attributes>")
    return lines


def _header_description(header: Mapping[str, Any], view: ExportView | None) -> str:
    when = f"at {header['label']}" if header.get("label") else "whole timeline"
    filters = view.describe() if view is not None else "none"
    return (f"{header['dataset']}, version {header['version']} "
            f"(content hash {header['content_hash']}), {when}; filters: {filters}. "
            f"Generated {header['generated_at']}. License {header['license']}. "
            f"Cite as: {header['citation']}")


def _gexf(snapshot: ViewSnapshot) -> bytes:
    header = snapshot.header
    node_types = COUNTRY_ATTRIBUTES | _METRIC_TYPES
    generated = dt.date.fromisoformat(str(header["generated_at"])[:10])
    lines = _gexf_open(_header_description(header, snapshot.view),
                       "alliances, international relations, signed network", generated,
                       _attrs(defaultedgetype="undirected", mode="static"))
    lines += _gexf_declarations("node", "static", node_types)
    lines += _gexf_declarations("edge", "static", EDGE_ATTRIBUTES)
    nodes = _node_records(snapshot)
    placed = snapshot.view.position_of()
    lines.append(f'    <nodes count="{len(nodes)}">')
    for node, data in nodes:
        lines.append(f"      <node{_attrs(id=node, label=data['name'] or node)}>")
        lines.append("        <attvalues>")
        lines += [f"          <attvalue{_attrs(for_=key, value=value)}/>"
                  for key, value in data.items() if value is not None]
        lines.append("        </attvalues>")
        if node in placed:
            x, y = placed[node]
            lines.append(f"        <viz:position{_attrs(x=x, y=y, z=0.0)}/>")
        elif data["lat"] is not None and data["lon"] is not None and not placed:
            lines.append(f"        <viz:position{_attrs(x=data['lon'], y=data['lat'], z=0.0)}/>")
        lines.append("      </node>")
    lines.append("    </nodes>")
    edges = _edge_records(snapshot)
    lines.append(f'    <edges count="{len(edges)}">')
    for a, b, data in edges:
        attributes = _attrs(id=f"{a}-{b}", source=a, target=b, weight=data["weight"])
        lines.append(f"      <edge{attributes}>")
        lines.append("        <attvalues>")
        lines += [f"          <attvalue{_attrs(for_=key, value=data[key])}/>"
                  for key in EDGE_ATTRIBUTES]
        lines.append("        </attvalues>")
        lines.append("      </edge>")
    lines += ["    </edges>", "  </graph>", "</gexf>", ""]
    return "\n".join(lines).encode("utf-8")


def gexf(dataset: Dataset, view: ExportView, *,
         generated_at: dt.datetime | None = None, permalink: str = "") -> bytes:
    """GEXF 1.3 of the snapshot: nodes with name, kind, region, lat/lon (also as
    ``viz:position`` x=lon, y=lat) and every metric; edges with weight, cooperation,
    hostility, net, sign, types, tie count, confidence and tie ids."""
    return _gexf(snapshot_of(dataset, view, generated_at=generated_at, permalink=permalink))
