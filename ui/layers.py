"""Uploaded layers: a user's own data drawn beside the curated dataset.

An upload is imported by ``graph.importers.import_upload`` (size caps, safe parsing, a report
accounting for every row). Its ties travel in the user's browser (a ``dcc.Store``), never in a
server global, so two people uploading at once each see only their own. Each tie keeps its
provenance: its id is prefixed by the layer and a ``layer`` column names the file.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from functools import lru_cache
from typing import Any

import pandas as pd
from dash import html

from graph.dataset import TABLES, typed_ties
from graph.importers import MAX_UPLOAD_BYTES, ImportRefused, import_upload

__all__ = ["MAX_UPLOAD_BYTES", "decode_upload", "layer_frames", "read_upload", "report_view"]

TIE_COLUMNS = TABLES["ties"].column_names


class UploadError(ValueError):
    """An upload that cannot even be decoded (the message is for the user)."""


def decode_upload(contents: object, limit: int = MAX_UPLOAD_BYTES) -> bytes:
    """The bytes of a ``dcc.Upload`` data URL, refusing anything malformed or too large.

    >>> decode_upload("data:text/csv;base64,YSxiCg==")
    b'a,b\\n'
    """
    if not isinstance(contents, str) or "," not in contents:
        raise UploadError("the upload is not a file")
    header, _, encoded = contents.partition(",")
    if not header.startswith("data:") or ";base64" not in header:
        raise UploadError("the upload is not a base64 data URL")
    # base64 grows the data by a third: refuse early, before decoding a huge string.
    if len(encoded) > (limit * 4) // 3 + 8:
        raise UploadError(f"the file is larger than {limit // (1024 * 1024)} MB")
    try:
        content = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise UploadError("the upload is not valid base64") from None
    if len(content) > limit:
        raise UploadError(f"the file is larger than {limit // (1024 * 1024)} MB")
    return content


def read_upload(filename: object, contents: object,
                known_countries: frozenset[str]) -> tuple[dict[str, Any] | None, dict[str, Any]]:
    """Import an upload: ``(layer payload or None, report as a dict)``.

    The payload is what the browser keeps: the layer's id (a content hash), its name, and its
    ties as text records. Ties naming actors the curated data does not have are kept in the
    payload (and counted in the report) but cannot be placed on the graph.
    """
    name = str(filename or "upload")[:200]
    try:
        content = decode_upload(contents)
        result = import_upload(name, content)
    except UploadError as error:
        return None, {"summary": f"{name}: refused: {error}", "text": str(error),
                      "refused": True}
    except ImportRefused as refused:
        return None, {"summary": f"{name}: refused: {refused}",
                      "text": refused.report.to_text(), "refused": True}
    layer_id = hashlib.sha256(content).hexdigest()[:12]
    ties = result.ties.copy()
    ties["id"] = f"upload-{layer_id}-" + ties["id"].astype(str)
    unknown = sorted((set(ties["source"]) | set(ties["target"])) - known_countries)
    report = {
        "summary": result.report.summary(),
        "text": result.report.to_text(),
        "refused": False,
        "unplaced": unknown[:50],
        "unplaced_count": len(unknown),
    }
    payload = {
        "id": layer_id,
        "name": name,
        "kind": result.report.kind,
        "ties": ties[TIE_COLUMNS].astype(str).to_dict("records"),
        "sources": result.sources.astype(str).to_dict("records"),
    }
    return payload, report


@lru_cache(maxsize=32)
def _typed(layer_id: str, name: str, records: str) -> pd.DataFrame:
    """Typed ties of a layer, memoised by its content (the same upload types once)."""
    rows = pd.DataFrame(json.loads(records), columns=TIE_COLUMNS, dtype=object)
    typed = typed_ties(rows)
    typed["layer"] = name
    return typed


def layer_frames(layers: object, enabled: object) -> tuple[pd.DataFrame, ...]:
    """The typed ties of the enabled layers from the browser's store (malformed parts are
    ignored: the store is user-controlled)."""
    if not isinstance(layers, list):
        return ()
    chosen = set(enabled) if isinstance(enabled, list) else set()
    frames = []
    for layer in layers:
        if not isinstance(layer, dict) or layer.get("id") not in chosen:
            continue
        ties = layer.get("ties")
        if not isinstance(ties, list):
            continue
        try:
            frames.append(_typed(str(layer["id"]), str(layer.get("name", "layer")),
                                 json.dumps(ties, sort_keys=True)))
        except (TypeError, ValueError, KeyError):
            continue
    return tuple(frames)


def report_view(report: dict[str, Any] | None) -> html.Div | str:
    """The import report as the user sees it before the layer is shown."""
    if not report:
        return ""
    refused = bool(report.get("refused"))
    unplaced = report.get("unplaced_count", 0)
    children: list[Any] = [
        html.Strong("Refused: " if refused else "Import report: "),
        html.Span(str(report.get("summary", ""))),
    ]
    if unplaced:
        children.append(html.P(
            f"{unplaced} actor(s) are not in the curated country list and cannot be placed "
            f"on the graph: {', '.join(report.get('unplaced', []))}", className="muted"))
    children.append(html.Details([html.Summary("Every finding"),
                                  html.Pre(str(report.get("text", "")),
                                           className="report-text")]))
    return html.Div(children, className="import-report" + (" refused" if refused else ""))
