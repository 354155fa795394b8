"""Layers: data drawn beside the curated dataset, uploaded by the user or bundled.

An upload is imported by ``graph.importers.import_upload`` (size caps, safe parsing, a report
accounting for every row). Its ties travel in the user's browser (a ``dcc.Store``), never in a
server global, so two people uploading at once each see only their own. Each tie keeps its
provenance: its id is prefixed by the layer and a ``layer`` column names the file.

Built-in layers are dataset folders shipped under ``data/layers/`` (the SIPRI arms transfers,
``data/layers/sipri``): read and validated on the server once, on first use, into immutable
:class:`BuiltinLayer` objects shared by every user; listed in the layers control, unticked;
a ticked one is drawn exactly like an upload.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from dash import html

from graph.dataset import BUNDLED_DATA, TABLES, typed_ties
from graph.importers import MAX_UPLOAD_BYTES, ImportRefused, import_upload
from graph.view import SelectionCache
from ui import ids

__all__ = [
    "BUILTIN_LAYERS",
    "BUNDLED_LAYERS",
    "MAX_UPLOAD_BYTES",
    "SIPRI_LAYER",
    "BuiltinLayer",
    "BuiltinSpec",
    "decode_upload",
    "layer_frames",
    "layer_options",
    "load_builtin_layers",
    "read_upload",
    "report_view",
]

log = logging.getLogger(__name__)

TIE_COLUMNS = TABLES["ties"].column_names

#: Where the bundled layers live: one dataset folder each.
BUNDLED_LAYERS = BUNDLED_DATA / "layers"
#: The layers control's value of the bundled SIPRI layer (uploads' values are 12 hex digits).
SIPRI_LAYER = "sipri"


@dataclass(frozen=True)
class BuiltinSpec:
    """A bundled layer: its value in the layers control, folder, label and credit line."""

    id: str
    folder: str
    name: str
    credit: str


BUILTIN_LAYERS: tuple[BuiltinSpec, ...] = (
    BuiltinSpec(
        id=SIPRI_LAYER,
        folder="sipri",
        name="SIPRI arms transfers",
        credit=(
            "SIPRI arms transfers layer: Information from the SIPRI Arms Transfers Database; "
            "non-commercial use only; the aggregation and weights are Realpolitik's, not SIPRI's"
        ),
    ),
)


@dataclass(frozen=True, eq=False)
class BuiltinLayer:
    """A bundled layer, loaded: its spec and typed ties (shared by every user: never mutated;
    :func:`layer_frames` hands out the frame itself, and the model only filters it)."""

    spec: BuiltinSpec
    ties: pd.DataFrame

    @property
    def option(self) -> dict[str, str]:
        """The layer's entry in the layers checklist."""
        return {"label": f" {self.spec.name} ({len(self.ties):,} ties)", "value": self.spec.id}


def load_builtin_layers(
    root: Path | str = BUNDLED_LAYERS, specs: Sequence[BuiltinSpec] = BUILTIN_LAYERS
) -> tuple[BuiltinLayer, ...]:
    """Read and validate each bundled layer found under ``root``; a missing or invalid one is
    left out with a warning in the log (the page works without it).

    >>> [layer.spec.id for layer in load_builtin_layers()]
    ['sipri']
    >>> load_builtin_layers("/nonexistent")
    ()
    """
    from graph.validate import DatasetError, load_dataset

    found: list[BuiltinLayer] = []
    for spec in specs:
        folder = Path(root) / spec.folder
        if not folder.is_dir():
            log.warning("built-in layer %s: no folder at %s", spec.id, folder)
            continue
        try:
            dataset = load_dataset(folder)
        except DatasetError as error:
            log.warning("built-in layer %s left out: %s", spec.id, error)
            continue
        ties = dataset.ties.copy()
        ties["layer"] = spec.name
        found.append(BuiltinLayer(spec, ties))
    return tuple(found)


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


def read_upload(
    filename: object, contents: object, known_countries: frozenset[str]
) -> tuple[dict[str, Any] | None, dict[str, Any]]:
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
        return None, {"summary": f"{name}: refused: {error}", "text": str(error), "refused": True}
    except ImportRefused as refused:
        return None, {
            "summary": f"{name}: refused: {refused}",
            "text": refused.report.to_text(),
            "refused": True,
        }
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


def _typed(layer_id: str, name: str, records: str) -> pd.DataFrame:
    """Typed ties of a layer."""
    rows = pd.DataFrame(json.loads(records), columns=TIE_COLUMNS, dtype=object)
    typed = typed_ties(rows)
    typed["layer"] = name
    return typed


def layer_frames(
    layers: object, enabled: object, builtin: Sequence[BuiltinLayer] = (),
    cache: SelectionCache | None = None,
) -> tuple[pd.DataFrame, ...]:
    """The typed ties of the enabled layers: the built-in ones ticked, then the uploads of the
    browser's store (malformed parts are ignored: the store is user-controlled). ``cache``
    (the app's) memoises an upload's typed ties by its content: the same upload types once,
    and the same frame lets the network cache recognise it.

    >>> sipri = load_builtin_layers()
    >>> layer_frames(None, ["curated"], sipri)
    ()
    >>> [len(frame) > 0 for frame in layer_frames(None, ["sipri"], sipri)]
    [True]
    """
    chosen = (
        {item for item in enabled if isinstance(item, str)} if isinstance(enabled, list) else set()
    )
    frames = [layer.ties for layer in builtin if layer.spec.id in chosen]
    if not isinstance(layers, list):
        return tuple(frames)
    for layer in layers:
        if not isinstance(layer, dict) or layer.get("id") not in chosen:
            continue
        ties = layer.get("ties")
        if not isinstance(ties, list):
            continue
        try:
            layer_id, name = str(layer["id"]), str(layer.get("name", "layer"))
            records = json.dumps(ties, sort_keys=True)
            key = ("typed layer", layer_id, name, hashlib.sha256(records.encode()).hexdigest())

            def typed() -> pd.DataFrame:
                return _typed(layer_id, name, records)  # noqa: B023 (called at once)

            frames.append(cache.get(key, typed) if cache else typed())
        except (TypeError, ValueError, KeyError):
            continue
    return tuple(frames)


def layer_options(
    stored: object,
    enabled: object,
    builtin: Sequence[BuiltinLayer] = (),
    *,
    uploaded: bool = False,
) -> tuple[list[dict[str, str]], list[str]]:
    """The layers checklist: its options (curated data, the built-in layers, the uploads) and
    which are ticked. Built-in layers are never ticked here (only by the user); ``uploaded``
    (the store just changed) ticks each new upload.

    >>> sipri = load_builtin_layers()
    >>> options, ticked = layer_options([], ["curated"], sipri)
    >>> [option["value"] for option in options], ticked
    (['curated', 'sipri'], ['curated'])
    >>> layer_options([{"id": "abc", "name": "mine.csv", "ties": [{}]}], ["curated"],
    ...               uploaded=True)[1]
    ['curated', 'abc']
    """
    options = [{"label": " Curated data", "value": ids.CURATED}]
    options.extend(layer.option for layer in builtin)
    chosen = [
        value for value in (enabled if isinstance(enabled, list) else []) if isinstance(value, str)
    ]
    for layer in stored if isinstance(stored, list) else []:
        if isinstance(layer, dict) and isinstance(layer.get("id"), str):
            ties = layer.get("ties")
            count = len(ties) if isinstance(ties, list) else 0
            options.append(
                {
                    "label": f" {str(layer.get('name', 'layer'))[:200]} ({count} ties)",
                    "value": layer["id"],
                }
            )
            if uploaded and layer["id"] not in chosen:
                chosen.append(layer["id"])
    known = {option["value"] for option in options}
    return options, [value for value in dict.fromkeys(chosen) if value in known]


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
        children.append(
            html.P(
                f"{unplaced} actor(s) are not in the curated country list and cannot be placed "
                f"on the graph: {', '.join(report.get('unplaced', []))}",
                className="muted",
            )
        )
    children.append(
        html.Details(
            [
                html.Summary("Every finding"),
                html.Pre(str(report.get("text", "")), className="report-text"),
            ]
        )
    )
    return html.Div(children, className="import-report" + (" refused" if refused else ""))
