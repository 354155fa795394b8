"""networkx node-link JSON of a view, with the export header."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from graph.dataset import Dataset
from graph.export.records import _edge_records, _node_records
from graph.export.view import ExportView, ViewSnapshot, snapshot_of

__all__ = ["node_link_json"]


def _node_link(snapshot: ViewSnapshot) -> dict[str, Any]:
    header = dict(snapshot.header)
    edges = [{"source": a, "target": b, "id": f"{a}-{b}", **data}
             for a, b, data in _edge_records(snapshot)]
    # networkx reads the edges of node-link data from "links" by default up to 3.5 and from
    # "edges" from 3.6 on (both allowed by pyproject): writing both, every supported version
    # reads the file with default arguments.
    return {
        "header": header,
        "directed": False,
        "multigraph": False,
        "graph": header,
        "nodes": [{"id": node, **data} for node, data in _node_records(snapshot)],
        "links": edges,
        "edges": edges,
    }


def node_link_json(
    dataset: Dataset, view: ExportView, *, generated_at: dt.datetime | None = None,
    permalink: str = "",
) -> str:
    """networkx node-link JSON: ``nx.node_link_graph(data)`` reads it with default arguments
    in every networkx from 3.2 (the edges are under ``links``, its default up to 3.5, and
    ``edges``, its default from 3.6).

    The ``header`` object (also the node-link ``graph`` object) gives dataset name, version,
    content hash, date or window, filters and generation time. Missing numbers are ``null``.
    """
    snapshot = snapshot_of(dataset, view, generated_at=generated_at, permalink=permalink)
    return _json(snapshot)


def _json(snapshot: ViewSnapshot) -> str:
    return json.dumps(_node_link(snapshot), ensure_ascii=False, indent=1, allow_nan=False) + "\n"
