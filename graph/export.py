"""Exports of one view of the network: CSV, JSON node-link, GraphML, GEXF 1.3 (a snapshot, and
the whole timeline as a dynamic graph for Gephi) and a citable zip bundle.

A view (:class:`ExportView`) is a date or window plus the page's filters; :func:`apply_view`
selects the countries and ties it shows, and every writer exports exactly that selection.
Writers are pure: text formats return ``str``, XML formats and the bundle return ``bytes``.

Conventions shared by every format:

- snapshot edges are dyads (unordered pairs) aggregated as in ``graph.temporal.aggregate_dyads``;
  their id is ``"A-B"`` with ``A < B``;
- lists (tie types, tie ids) are joined with ``;``; the sources of a tie in ``ties.csv`` are
  joined with `` | `` (titles may hold ``;``);
- text is cleaned of characters XML 1.0 forbids (control characters), everything else
  (Unicode, right-to-left names) is kept as is;
- CSV text cells that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``, tab,
  carriage return) are prefixed with ``'``; numeric columns are written as plain numbers.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import hashlib
import io
import itertools
import json
import math
import os
import re
import tempfile
import unicodedata
import zipfile
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from graph.citation import citation_of
from graph.dataset import Dataset, split_ids
from graph.dates import OPEN_END
from graph.metrics import INTEGER_COLUMNS, METRIC_COLUMNS
from graph.temporal import (
    CONFIDENCE_RANK,
    Window,
    data_span,
)
from graph.view import DEFAULT_FOCUS_MODE, View, ViewFilter, filter_ties, select

__all__ = [
    "COUNTRY_ATTRIBUTES",
    "EDGE_ATTRIBUTES",
    "FORMATS",
    "GEXF_NS",
    "GEXF_VIZ_NS",
    "SOURCE_SEPARATOR",
    "ExportFormat",
    "ExportView",
    "ViewSnapshot",
    "Writer",
    "apply_view",
    "bundle_bytes",
    "citation",
    "countries_csv",
    "dynamic_gexf",
    "export_basename",
    "export_bundle",
    "export_data",
    "export_header",
    "find_format",
    "format_names",
    "format_registry",
    "gexf",
    "graphml",
    "neutralise_cell",
    "node_link_json",
    "readme",
    "safe_filename",
    "snapshot_of",
    "sources_csv",
    "strip_xml_illegal",
    "ties_csv",
]

GEXF_NS = "http://gexf.net/1.3"
GEXF_VIZ_NS = "http://gexf.net/1.3/viz"
POSITION_SCALE = 1000.0
_XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
GENERATOR = "Realpolitik"
SIPRI_CREDIT = "Information from the SIPRI Arms Transfers Database"

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


# --------------------------------------------------------------------------------------------
# Safety of text, cells and file names


_XML_ILLEGAL = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def strip_xml_illegal(text: str) -> str:
    """Remove the characters XML 1.0 cannot hold (control characters, lone surrogates).

    >>> strip_xml_illegal("Iran\\x00\\x1b ok\\ufffe")
    'Iran ok'
    >>> strip_xml_illegal("إيران")
    'إيران'
    """
    return _XML_ILLEGAL.sub("", text)


def neutralise_cell(text: str) -> str:
    """A text cell that a spreadsheet would not run as a formula (prefixed with ``'``).

    >>> neutralise_cell("=HYPERLINK(\\"http://x\\")")
    '\\'=HYPERLINK("http://x")'
    >>> neutralise_cell("-0.5"), neutralise_cell("Iran")
    ("'-0.5", 'Iran')
    """
    return "'" + text if text.startswith(_FORMULA_START) else text


_UNSAFE_FILENAME = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')
# Bidirectional controls let a name display differently from what it is ("gpj.exe").
_BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]")
_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$", re.IGNORECASE)


def safe_filename(text: str, *, default: str = "export", max_bytes: int = 120) -> str:
    """A file name safe on every common file system, keeping Unicode letters and the extension.

    Path separators, reserved and control characters become ``_``, bidirectional controls are
    dropped, whitespace runs become ``-``, leading dots are removed, Windows device names are
    prefixed and the UTF-8 length is capped at ``max_bytes``.

    >>> safe_filename("../../etc/passwd")
    'etc_passwd'
    >>> safe_filename("Iran: ties 2023/06.csv")
    'Iran_-ties-2023_06.csv'
    >>> safe_filename("إيران شبكة.png")
    'إيران-شبكة.png'
    >>> safe_filename("CON.txt"), safe_filename("..."), safe_filename("a\\u202egnp.exe")
    ('_CON.txt', 'export', 'agnp.exe')
    """
    name = unicodedata.normalize("NFC", text)
    name = _BIDI_CONTROLS.sub("", strip_xml_illegal(name))
    name = _UNSAFE_FILENAME.sub("_", name)
    name = re.sub(r"\s+", "-", name.strip())
    name = re.sub(r"_+", "_", name)
    name = name.lstrip("._-").rstrip(". ")
    if not name:
        return default
    if _WINDOWS_RESERVED.match(name):
        name = "_" + name
    stem, dot, extension = name.rpartition(".")
    if not dot or not re.fullmatch(r"[A-Za-z0-9]{1,8}", extension) or not stem:
        stem, extension = name, ""
    suffix = f".{extension}" if extension else ""
    budget = max(max_bytes - len(suffix.encode()), 1)
    encoded = stem.encode()
    if len(encoded) > budget:
        stem = encoded[:budget].decode("utf-8", errors="ignore").rstrip("._-") or default
    return stem + suffix


# --------------------------------------------------------------------------------------------
# The view


@dataclass(frozen=True)
class ExportView:
    """What the page shows: a date or window, the filters (``graph.view.ViewFilter``: tie
    types, sign, min weight, confidence, region, bloc), an optional focus country with the
    number of hops (1 or 2) of its ego network and the focus mode, whether untied countries
    are left out, and the layout's positions: a ``graph.view.View`` and how it was drawn.

    >>> view = ExportView.on(dt.date(2023, 6, 30), ViewFilter(sign=-1), focus="IRN", hops=2)
    >>> view.label, view.date, view.describe()
    ('2023-06-30', datetime.date(2023, 6, 30), 'hostility only; focus IRN (2 hops, others dimmed)')
    >>> ExportView(Window(dt.date(2023, 6, 1), dt.date(2023, 6, 30))).describe()
    'no filters'
    """

    window: Window
    filters: ViewFilter = field(default_factory=ViewFilter)
    focus: str | None = None
    hops: int = 1
    #: The page's layout and its node positions ``(country, x, y)``, so that Gephi opens the
    #: picture the page showed; empty: the capitals' longitude and latitude.
    layout: str = "map"
    positions: tuple[tuple[str, float, float], ...] = ()
    focus_mode: str = DEFAULT_FOCUS_MODE
    hide_isolates: bool = True

    def __post_init__(self) -> None:
        if not self.focus:
            object.__setattr__(self, "focus", None)
        self.view  # noqa: B018 (validates: View raises ValueError on a bad value)

    @property
    def view(self) -> View:
        """The view selected (``graph.view.select``), as the page selects it."""
        return View(self.window, self.filters, self.focus, self.hops,
                    self.focus_mode, self.hide_isolates)  # type: ignore[arg-type]

    @classmethod
    def of(cls, view: View, layout: str = "map",
           positions: tuple[tuple[str, float, float], ...] = ()) -> ExportView:
        """The export of ``view`` drawn in ``layout`` at ``positions``."""
        return cls(view.window, view.filters, view.focus, view.hops, layout, positions,
                   view.focus_mode, view.hide_isolates)

    @classmethod
    def on(cls, day: dt.date, filters: ViewFilter | None = None, *, focus: str | None = None,
           hops: int = 1, layout: str = "map",
           positions: tuple[tuple[str, float, float], ...] = (),
           focus_mode: str = DEFAULT_FOCUS_MODE, hide_isolates: bool = True) -> ExportView:
        """The view of a single date."""
        return cls(Window.on(day), filters or ViewFilter(), focus, hops, layout, positions,
                   focus_mode, hide_isolates)

    @property
    def date(self) -> dt.date | None:
        """The date when the view is of a single day, else None."""
        return self.window.first if self.window.first == self.window.last else None

    @property
    def label(self) -> str:
        return self.window.label

    def filter_values(self) -> dict[str, Any]:
        """Every filter with its value, JSON-ready (empty, 0 or None where not set)."""
        values: dict[str, Any] = {
            key: list(value) if isinstance(value, tuple) else value
            for key, value in dataclasses.asdict(self.filters).items()
        }
        values["focus"] = self.focus
        values["hops"] = self.hops if self.focus else None
        values["focus_mode"] = self.focus_mode if self.focus else None
        values["hide_isolates"] = self.hide_isolates
        return values

    def position_of(self) -> dict[str, tuple[float, float]]:
        """Node positions for the graph files: the layout's, scaled by ``POSITION_SCALE`` (the
        page draws in a unit disc; Gephi's nodes are about ten units wide), or (lon, lat).

        >>> ExportView.on(dt.date(2023, 6, 30), layout="force",
        ...               positions=(("IRN", 0.5, -0.25),)).position_of()
        {'IRN': (500.0, -250.0)}
        """
        scale = 1.0 if self.layout == "map" else POSITION_SCALE
        return {country: (round(x * scale, 4), round(y * scale, 4))
                for country, x, y in self.positions}

    def describe(self) -> str:
        """The filters and the focus in one line (``no filters`` when there are none)."""
        return self.view.describe()


def _regions(dataset: Dataset) -> pd.Series:
    """Country id -> region, as ``graph.view.filter_ties`` wants it."""
    countries = dataset.countries
    return pd.Series(countries["region"].to_numpy(), index=countries["id"].to_numpy())


def apply_view(dataset: Dataset, view: ExportView) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The countries and the ties the view shows, as rows of the dataset's frames: what
    ``graph.view.select`` selects, the call the page makes."""
    chosen = select(dataset, view.view)
    countries = dataset.countries[dataset.countries["id"].isin(list(chosen.countries.index))]
    return countries, chosen.ties


# --------------------------------------------------------------------------------------------
# The snapshot of a view


@dataclass(frozen=True)
class ViewSnapshot:
    """Everything the writers need, computed once: countries with metrics, ties, dyads."""

    view: ExportView
    countries: pd.DataFrame
    ties: pd.DataFrame
    dyads: pd.DataFrame
    graph_metrics: Mapping[str, float]
    header: Mapping[str, Any] = field(default_factory=dict)


def export_header(
    dataset: Dataset, view: ExportView, *, generated_at: dt.datetime | None = None,
    permalink: str = "",
) -> dict[str, Any]:
    """Dataset name, version, content hash, date or window, filters, generation time."""
    moment = (generated_at or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    header: dict[str, Any] = {
        "dataset": dataset.name,
        "version": dataset.version,
        "content_hash": dataset.content_hash,
        "license": _license(dataset),
        "date": view.date.isoformat() if view.date else None,
        "window": None if view.date else {"first": view.window.first.isoformat(),
                                          "last": view.window.last.isoformat()},
        "label": view.label,
        "filters": view.filter_values(),
        "layout": view.layout if view.positions else "map (capitals: x = longitude, "
                  "y = latitude)",
        "generated_at": moment.astimezone(dt.UTC).isoformat().replace("+00:00", "Z"),
        "generator": GENERATOR,
        "citation": citation(dataset, permalink),
    }
    if permalink:
        header["permalink"] = permalink
    return header


def _license(dataset: Dataset) -> str:
    licenses = dataset.metadata.get("licenses")
    if isinstance(licenses, list) and licenses and isinstance(licenses[0], Mapping):
        return str(licenses[0].get("name") or "CC-BY-4.0")
    return "CC-BY-4.0"


def citation(dataset: Dataset, permalink: str = "") -> str:
    """How to cite the data (``graph.citation``, as ``data/README.md`` quotes it), followed by
    the permalink of the view when there is one.

    >>> from types import SimpleNamespace
    >>> citation(SimpleNamespace(metadata={"name": "realpolitik-curated", "version": "2026.12.0",
    ...     "title": "Realpolitik curated alliance network"}), "https://x.org/?d=2023-06-30")
    'Realpolitik contributors (2026). Realpolitik curated alliance network, version 2026.12.0 \
[data set]. Realpolitik repository, data/. View: https://x.org/?d=2023-06-30'
    """
    text = citation_of(dataset.metadata).text()
    return f"{text} View: {_one_line(permalink)}" if permalink else text


def snapshot_of(
    dataset: Dataset, view: ExportView, *, generated_at: dt.datetime | None = None,
    permalink: str = "",
) -> ViewSnapshot:
    """Select the view (``graph.view.select``: the page's countries, ties and metrics, the
    metrics of the whole filtered network whatever the focus) for the writers."""
    chosen = select(dataset, view.view)
    ids = sorted(chosen.countries.index)
    countries = dataset.countries[dataset.countries["id"].isin(ids)]
    table = countries.drop_duplicates("id").set_index("id").reindex(ids)
    table = table.join(chosen.countries[METRIC_COLUMNS]).reset_index()
    table["degree"] = table["degree"].fillna(0).astype(int)
    for column in INTEGER_COLUMNS:
        table[column] = table[column].fillna(-1 if column == "bloc" else 0).astype(int)
    header = export_header(dataset, view, generated_at=generated_at, permalink=permalink)
    # How divided the exported network is (graph.polarisation), beside what it is.
    header["network"] = {key: round(float(value), 6) for key, value in chosen.graph.items()}
    return ViewSnapshot(
        view=view,
        countries=table,
        ties=chosen.ties,
        dyads=chosen.dyads.drop(columns=["dim"]).reset_index(drop=True),
        graph_metrics=chosen.graph,
        header=header,
    )


# --------------------------------------------------------------------------------------------
# Values


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows of ``frame`` as dicts keyed by column name."""
    return [{str(key): value for key, value in row.items()} for row in frame.to_dict("records")]


def _text(value: Any) -> str:
    """Cleaned text of a cell; missing values are empty."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    return strip_xml_illegal(str(value))


def _one_line(value: Any) -> str:
    return re.sub(r"\s+", " ", _text(value)).strip()


def _number(value: Any) -> int | float | None:
    """A Python number, or None when missing."""
    if value is None or value is pd.NA:
        return None
    if isinstance(value, bool | np.bool_):
        return int(value)
    if isinstance(value, int | np.integer):
        return int(value)
    number = float(value)
    return None if math.isnan(number) else number


def _format_number(value: Any) -> str:
    number = _number(value)
    if number is None:
        return ""
    return str(number) if isinstance(number, int) else repr(number)


# --------------------------------------------------------------------------------------------
# CSV


def _csv(columns: Sequence[str], rows: Iterable[Mapping[str, Any]],
         numeric: Collection[str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(
            [_format_number(row.get(column)) if column in numeric
             else neutralise_cell(_text(row.get(column))) for column in columns]
        )
    return out.getvalue()


_COUNTRY_CSV = ["id", "name", "kind", "region", "subregion", "lat", "lon", "cow_code", "start",
                "end", *METRIC_COLUMNS]
_COUNTRY_NUMERIC = {"lat", "lon", "cow_code", *METRIC_COLUMNS}


def _countries_csv(snapshot: ViewSnapshot) -> str:
    return _csv(_COUNTRY_CSV, _records(snapshot.countries), _COUNTRY_NUMERIC)


def countries_csv(dataset: Dataset, view: ExportView) -> str:
    """The view's countries, one row each, with every metric computed at the view."""
    return _countries_csv(snapshot_of(dataset, view))


_TIE_CSV = ["id", "source", "source_name", "target", "target_name", "type", "group", "sign",
            "weight", "directed", "start", "end", "confidence", "description", "sources",
            "source_publishers", "source_titles", "source_dates", "source_urls"]
SOURCE_SEPARATOR = " | "


def _source_lookup(dataset: Dataset) -> dict[str, dict[str, Any]]:
    return {str(row["id"]): row for row in _records(dataset.sources)}


def _tie_rows(dataset: Dataset, ties: pd.DataFrame) -> list[dict[str, Any]]:
    names = dict(zip(dataset.countries["id"], dataset.countries["name"], strict=True))
    sources = _source_lookup(dataset)
    rows = []
    for tie in _records(ties):
        cited = [sources.get(source, {}) for source in split_ids(str(tie["sources"]))]
        row = dict(tie)
        row["source_name"] = names.get(tie["source"], "")
        row["target_name"] = names.get(tie["target"], "")
        row["directed"] = "true" if bool(tie["directed"]) else "false"
        for column, key in [("source_publishers", "publisher"), ("source_titles", "title"),
                            ("source_dates", "date"), ("source_urls", "url")]:
            row[column] = SOURCE_SEPARATOR.join(_one_line(item.get(key, "")) for item in cited)
        rows.append(row)
    return rows


def _ties_csv(dataset: Dataset, snapshot: ViewSnapshot) -> str:
    return _csv(_TIE_CSV, _tie_rows(dataset, snapshot.ties), {"sign", "weight"})


def ties_csv(dataset: Dataset, view: ExportView) -> str:
    """The ties active in the view, with their sources' publisher, title, date and url."""
    _, ties = apply_view(dataset, view)
    return _csv(_TIE_CSV, _tie_rows(dataset, ties), {"sign", "weight"})


_SOURCE_CSV = ["id", "publisher", "title", "date", "url", "ties"]


def _sources_manifest(dataset: Dataset, ties: pd.DataFrame) -> list[dict[str, Any]]:
    cited: dict[str, list[str]] = {}
    for tie_id, ids in zip(ties["id"], ties["sources"], strict=True):
        for source in split_ids(str(ids)):
            cited.setdefault(source, []).append(str(tie_id))
    lookup = _source_lookup(dataset)
    return [
        {**lookup.get(source, {}), "id": source, "ties": ";".join(tie_ids)}
        for source, tie_ids in sorted(cited.items())
    ]


def sources_csv(dataset: Dataset, view: ExportView) -> str:
    """Every source behind the view's ties, once, with the ids of the ties that cite it."""
    _, ties = apply_view(dataset, view)
    return _csv(_SOURCE_CSV, _sources_manifest(dataset, ties), ())


# --------------------------------------------------------------------------------------------
# Graph records shared by JSON, GraphML and GEXF


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


def _node_link(snapshot: ViewSnapshot) -> dict[str, Any]:
    header = dict(snapshot.header)
    return {
        "header": header,
        "directed": False,
        "multigraph": False,
        "graph": header,
        "nodes": [{"id": node, **data} for node, data in _node_records(snapshot)],
        "edges": [{"source": a, "target": b, "id": f"{a}-{b}", **data}
                  for a, b, data in _edge_records(snapshot)],
    }


def node_link_json(
    dataset: Dataset, view: ExportView, *, generated_at: dt.datetime | None = None,
    permalink: str = "",
) -> str:
    """networkx node-link JSON (``nx.node_link_graph(data, edges="edges")`` reads it).

    The ``header`` object (also the node-link ``graph`` object) gives dataset name, version,
    content hash, date or window, filters and generation time. Missing numbers are ``null``.
    """
    snapshot = snapshot_of(dataset, view, generated_at=generated_at, permalink=permalink)
    return _json(snapshot)


def _json(snapshot: ViewSnapshot) -> str:
    return json.dumps(_node_link(snapshot), ensure_ascii=False, indent=1, allow_nan=False) + "\n"


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


# --------------------------------------------------------------------------------------------
# GEXF 1.3


_ATTR_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;",
                               "\t": "&#9;", "\n": "&#10;", "\r": "&#13;"})
_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


def _attrs(**values: Any) -> str:
    """XML attributes from keyword arguments (``None`` left out, ``for_`` written ``for``)."""
    parts = []
    for key, value in values.items():
        if value is None:
            continue
        text = value if isinstance(value, str) else _format_number(value)
        parts.append(f' {key.rstrip("_")}="{_text(text).translate(_ATTR_ESCAPES)}"')
    return "".join(parts)


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


# --------------------------------------------------------------------------------------------
# Dynamic GEXF of the whole timeline


_DYNAMIC_EDGE_TYPES: dict[str, str] = {
    "weight": "double", "cooperation": "double", "hostility": "double", "net": "double",
    "sign": "integer", "types": "string", "ties": "integer", "confidence": "string",
}


def _day(ordinal: int) -> str:
    return dt.date.fromordinal(ordinal).isoformat()


def _dyad_segments(
    rows: list[tuple[int, int, int, float, str, str]], until: int
) -> list[tuple[int, int, tuple[Any, ...]]]:
    """Piecewise-constant values of one dyad: (first day, last day, values), days inclusive.

    ``rows`` are (start_day, end_day, sign, weight, type, confidence) of the dyad's ties.
    """
    spans = [(start, min(end, until)) for start, end, *_ in rows]
    points = sorted({start for start, _ in spans} | {end + 1 for _, end in spans})
    segments: list[tuple[int, int, tuple[Any, ...]]] = []
    for low, high in itertools.pairwise(points):
        active = [row for row, (start, end) in zip(rows, spans, strict=True)
                  if start <= low <= end]
        if not active:
            continue
        cooperation = sum((row[3] for row in active if row[2] > 0), 0.0)
        hostility = sum((row[3] for row in active if row[2] < 0), 0.0)
        net = cooperation - hostility
        confidence = max(active, key=lambda row: CONFIDENCE_RANK.get(row[5], 0))[5]
        values = (
            cooperation + hostility, cooperation, hostility, net,
            int(np.sign(round(net, 9))), ";".join(sorted({row[4] for row in active})),
            len(active), confidence,
        )
        if segments and segments[-1][1] == low - 1 and segments[-1][2] == values:
            segments[-1] = (segments[-1][0], high - 1, values)
        else:
            segments.append((low, high - 1, values))
    return segments


def _spells(segments: Sequence[tuple[int, int, Any]]) -> list[tuple[int, int]]:
    spells: list[tuple[int, int]] = []
    for first, last, _ in segments:
        if spells and spells[-1][1] >= first - 1:
            spells[-1] = (spells[-1][0], max(spells[-1][1], last))
        else:
            spells.append((first, last))
    return spells


def dynamic_gexf(
    dataset: Dataset, view: ExportView | None = None, *,
    generated_at: dt.datetime | None = None, until: dt.date | None = None,
) -> bytes:
    """GEXF 1.3 of the whole timeline for Gephi's Timeline (``mode="dynamic"``, dates).

    Nodes carry spells of their existence; each edge is a dyad with spells covering its ties'
    intervals (partial dates widened: a start at its earliest day, an end at its latest) and
    dynamic ``weight`` (Gephi's reserved dynamic edge weight), ``cooperation``, ``hostility``,
    ``net``, ``sign``, ``types``, ``ties`` and ``confidence`` per interval. Intervals are whole
    days, inclusive, and never overlap. Open ends (ties still in force, countries still
    existing) are closed at ``until`` (default: the dataset's span, i.e. today) because
    Gephi's Timeline needs finite bounds.

    Of ``view``, the time-independent filters apply (types, sign, min_weight, confidence,
    region); its window, bloc and focus, which depend on the date, do not.
    """
    moment = generated_at or dt.datetime.now(dt.UTC)
    first, last = data_span(dataset, moment.date())
    last = until or last
    ties = dataset.ties
    if len(ties):
        first = min(first, dt.date.fromordinal(int(ties["start_day"].min())))
    last = max(first, last)
    first_day, last_day = first.toordinal(), last.toordinal()
    # The bloc and the focus depend on the date: only the time-independent filters apply.
    kept = dataclasses.replace(view.filters, bloc="") if view is not None else ViewFilter()
    applied = ExportView(Window(first, last), kept)
    countries = dataset.countries
    ties = filter_ties(ties, kept, regions=_regions(dataset))
    if kept.region:
        countries = countries[countries["region"].isin(list(kept.region))]
    ties = ties[ties["start_day"] <= last_day]
    swap = ties["source"] > ties["target"]
    low = ties["source"].where(~swap, ties["target"])
    high = ties["target"].where(~swap, ties["source"])
    dyads: dict[tuple[str, str], list[tuple[int, int, int, float, str, str]]] = {}
    for a, b, start, end, sign, weight, kind, confidence in zip(
        low, high, ties["start_day"], ties["end_day"], ties["sign"], ties["weight"],
        ties["type"], ties["confidence"], strict=True,
    ):
        dyads.setdefault((str(a), str(b)), []).append(
            (int(start), int(end), int(sign), float(weight), str(kind), str(confidence))
        )

    header = export_header(dataset, applied, generated_at=generated_at)
    header["label"] = ""
    description = (f"{_header_description(header, applied)} Timeline from {first.isoformat()} "
                   f"to {last.isoformat()}; intervals are inclusive days.")
    lines = _gexf_open(description, "alliances, international relations, dynamic network",
                       moment.date(),
                       _attrs(defaultedgetype="undirected", mode="dynamic",
                              timeformat="date", timerepresentation="interval",
                              start=first.isoformat(), end=last.isoformat()))
    lines += _gexf_declarations("node", "static", COUNTRY_ATTRIBUTES)
    lines += _gexf_declarations("edge", "dynamic", _DYNAMIC_EDGE_TYPES)
    ends = {node for pair in dyads for node in pair}
    shown = countries[countries["id"].isin(list(ends)) | (
        (countries["start_day"] <= last_day) & (countries["end_day"] >= first_day))]
    shown = shown.sort_values("id")
    lines.append(f'    <nodes count="{len(shown)}">')
    for row in _records(shown):
        start = int(row["start_day"]) if int(row["start_day"]) > 0 else min(first_day, last_day)
        end = int(row["end_day"]) if int(row["end_day"]) < OPEN_END else last_day
        lines.append(f"      <node{_attrs(id=row['id'], label=_text(row['name']) or row['id'])}>")
        lines.append("        <attvalues>")
        for key, kind in COUNTRY_ATTRIBUTES.items():
            value = _text(row.get(key)) if kind == "string" else _number(row.get(key))
            if value is not None:
                lines.append(f"          <attvalue{_attrs(for_=key, value=value)}/>")
        lines.append("        </attvalues>")
        lines.append("        <spells>")
        lines.append(f"          <spell{_attrs(start=_day(start), end=_day(max(start, end)))}/>")
        lines.append("        </spells>")
        lines.append("      </node>")
    lines.append("    </nodes>")
    edges = [(pair, _dyad_segments(rows, last_day)) for pair, rows in sorted(dyads.items())]
    edges = [(pair, segments) for pair, segments in edges if segments]
    lines.append(f'    <edges count="{len(edges)}">')
    for (a, b), segments in edges:
        lines.append(f"      <edge{_attrs(id=f'{a}-{b}', source=a, target=b)}>")
        lines.append("        <attvalues>")
        for seg_first, seg_last, values in segments:
            span = _attrs(start=_day(seg_first), end=_day(seg_last))
            lines += [f"          <attvalue{_attrs(for_=key, value=value)}{span}/>"
                      for key, value in zip(_DYNAMIC_EDGE_TYPES, values, strict=True)]
        lines.append("        </attvalues>")
        lines.append("        <spells>")
        lines += [f"          <spell{_attrs(start=_day(s), end=_day(e))}/>"
                  for s, e in _spells(segments)]
        lines.append("        </spells>")
        lines.append("      </edge>")
    lines += ["    </edges>", "  </graph>", "</gexf>", ""]
    return "\n".join(lines).encode("utf-8")


# --------------------------------------------------------------------------------------------
# README and bundle


def _uses_sipri(sources: Iterable[Mapping[str, Any]]) -> bool:
    return any(
        "sipri" in " ".join(_text(source.get(key)) for key in ("publisher", "title", "url"))
        .lower()
        for source in sources
    )


def _readme(dataset: Dataset, snapshot: ViewSnapshot, permalink: str,
            files: Mapping[str, tuple[str, bytes]], sipri: bool) -> str:
    header = snapshot.header
    view = snapshot.view
    when = (f"- Date: {header['date']}" if header["date"] else
            f"- Window: {header['window']['first']} to {header['window']['last']} "
            "(a tie counts when active on at least one day)")
    lines = [
        f"# {_one_line(dataset.name)}: export at {view.label}",
        "",
        f"- Dataset: {_one_line(dataset.name)}",
        f"- Version: {_one_line(dataset.version)}",
        f"- Content hash: `{_one_line(dataset.content_hash) or 'unknown'}`",
        when,
        f"- Filters: {view.describe()}",
        f"- Permalink: {_one_line(permalink) or '(none given)'}",
        f"- Generated: {header['generated_at']} by {GENERATOR}",
        f"- Shown: {len(snapshot.countries)} countries, {len(snapshot.ties)} ties in "
        f"{len(snapshot.dyads)} dyads",
        "",
        "## How to cite",
        "",
        f"> {_one_line(citation_of(dataset.metadata).text())}",
        "",
        (
            f"The view of this export ({_one_line(view.label)}) is at {_one_line(permalink)}: "
            "cite that permalink beside the data set when you cite a figure."
            if permalink
            else f"The view of this export ({_one_line(view.label)}) has no permalink."
        ),
        "",
        "```bibtex",
        citation_of(dataset.metadata).bibtex(),
        "```",
        "",
        f"The data is licensed {header['license']} (Creative Commons Attribution 4.0, "
        "https://creativecommons.org/licenses/by/4.0/): share and adapt it with this credit.",
    ]
    if sipri:
        lines += ["", "Some ties shown are derived from SIPRI data; credit them with:", "",
                  f"> {SIPRI_CREDIT}"]
    else:
        lines += ["", f"Layers derived from SIPRI data need the credit line \"{SIPRI_CREDIT}\" "
                      "(none of the ties shown here cites SIPRI)."]
    lines += ["", "Every tie cites its sources: see `sources.csv` and the `source_*` columns of "
              "`ties.csv`.", "", "## Files", "", "| file | content | SHA-256 |",
              "| --- | --- | --- |"]
    lines += [f"| `{name}` | {what} | `{hashlib.sha256(data).hexdigest()}` |"
              for name, (what, data) in files.items()]
    lines += [
        "",
        "## Conventions",
        "",
        "- Edges of the graph files are dyads: all ties of a pair of countries aggregated; "
        "`cooperation` and `hostility` sum the weights of positive and negative ties, "
        "`net` is their difference, `sign` its sign, `weight` their sum.",
        "- Metrics are computed on the filtered snapshot and know an ally from an enemy: "
        "`cooperation_*` and `hostility_*` degree and strength; `pn`, the signed PN "
        "centrality (Everett & Borgatti 2014); betweenness, eigenvector, PageRank and "
        "clustering on the cooperation ties only; `bloc`, signed blocs (cooperation inside, "
        "hostility between: Traag & Bruggeman 2009). The header's `network` holds the "
        "polarisation: `frustration` (share of tie weight contradicting the blocs), "
        "`blocs_80`, `two_camp_frustration` (Aref & Wilson 2018, an upper bound).",
        "- Partial dates (`2022-08`, `2024`) are widened: a start to its earliest day, "
        "an end to its latest.",
        "- `timeline.gexf` is the whole timeline for Gephi's Timeline (dynamic GEXF 1.3): "
        "the tie filters and the region apply, the date, bloc and focus do not; intervals "
        "still open are closed at the export date.",
        "- Lists are joined with `;`; the sources of a tie with ` | `.",
        "- CSV text cells beginning with `=`, `+`, `-`, `@`, a tab or a carriage return are "
        "prefixed with `'` so that spreadsheets do not run them; numbers are plain.",
        "",
    ]
    return "\n".join(lines)


def readme(dataset: Dataset, view: ExportView, permalink: str = "", *,
           generated_at: dt.datetime | None = None) -> str:
    """The bundle's README.md: dataset, version, hash, date/window, filters, how to cite."""
    snapshot = snapshot_of(dataset, view, generated_at=generated_at, permalink=permalink)
    manifest = _sources_manifest(dataset, snapshot.ties)
    return _readme(dataset, snapshot, permalink, {}, _uses_sipri(manifest))


def export_basename(dataset: Dataset, view: ExportView) -> str:
    """A file-name stem for the view's exports, e.g. ``realpolitik-curated-2023-06-30``."""
    name = str(dataset.metadata.get("name") or "realpolitik")
    label = view.label.replace("..", "_to_")
    return safe_filename(f"{name}-{label}")


def _zip_time(moment: dt.datetime) -> tuple[int, int, int, int, int, int]:
    moment = max(moment, dt.datetime(1980, 1, 1, tzinfo=moment.tzinfo))
    return (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)


def bundle_bytes(
    dataset: Dataset, view: ExportView, image_bytes: Mapping[str, bytes] | None = None,
    permalink: str = "", *, generated_at: dt.datetime | None = None,
) -> bytes:
    """The citable zip (see :func:`export_bundle`) as bytes, for a download button."""
    moment = (generated_at or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    snapshot = snapshot_of(dataset, view, generated_at=moment, permalink=permalink)
    manifest = _sources_manifest(dataset, snapshot.ties)
    files: dict[str, tuple[str, bytes]] = {
        "countries.csv": ("countries with every metric", _countries_csv(snapshot).encode()),
        "ties.csv": ("ties shown, with their sources", _ties_csv(dataset, snapshot).encode()),
        "sources.csv": ("every source behind the ties shown",
                        _csv(_SOURCE_CSV, manifest, ()).encode()),
        "network.json": ("node-link JSON with a header", _json(snapshot).encode()),
        "network.graphml": ("GraphML of the snapshot", _graphml(snapshot)),
        "network.gexf": ("GEXF 1.3 of the snapshot", _gexf(snapshot)),
        "timeline.gexf": ("dynamic GEXF 1.3 of the whole timeline",
                          dynamic_gexf(dataset, view, generated_at=moment)),
    }
    for name, data in (image_bytes or {}).items():
        safe = safe_filename(Path(str(name)).name, default="image")
        path = f"images/{safe}"
        counter = 2
        while path in files:
            stem, dot, extension = safe.rpartition(".")
            path = f"images/{stem or safe}-{counter}{dot}{extension}" if dot else \
                f"images/{safe}-{counter}"
            counter += 1
        files[path] = ("image of the view", bytes(data))
    text = _readme(dataset, snapshot, permalink, files, _uses_sipri(manifest))
    folder = export_basename(dataset, view)
    out = io.BytesIO()
    stamp = _zip_time(moment)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in [("README.md", text.encode()), *((n, d) for n, (_, d) in
                                                            files.items())]:
            info = zipfile.ZipInfo(f"{folder}/{name}", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return out.getvalue()


def export_bundle(
    dataset: Dataset, view: ExportView, out_path: Path | str,
    image_bytes: Mapping[str, bytes] | None = None, permalink: str = "", *,
    generated_at: dt.datetime | None = None,
) -> Path:
    """Write the citable zip: data files, images, ``sources.csv`` and a README.md.

    The zip holds one folder (:func:`export_basename`) with ``README.md``, ``countries.csv``,
    ``ties.csv``, ``sources.csv``, ``network.json``, ``network.graphml``, ``network.gexf``,
    ``timeline.gexf`` and ``images/<name>`` for each image given. Written atomically.
    """
    data = bundle_bytes(dataset, view, image_bytes, permalink, generated_at=generated_at)
    path = Path(out_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".export-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


# --------------------------------------------------------------------------------------------
# One registry of formats, for the CLI and the page


Writer = Callable[[Dataset, ExportView, dt.datetime | None, str], bytes]


@dataclass(frozen=True)
class ExportFormat:
    """A file format of an export: its one name (the CLI's ``--format`` and the page's menu
    use it), what it holds in words, its file suffix and media type, and the writer of a data
    format (``None`` for a format made outside the core, e.g. an image the ui renders).
    ``aliases`` are other names the command line accepts."""

    name: str
    label: str
    suffix: str
    media_type: str
    write: Writer | None = None
    aliases: tuple[str, ...] = ()


def format_registry(formats: Iterable[ExportFormat]) -> dict[str, ExportFormat]:
    """The formats by name, in order; a name or alias given twice is refused.

    >>> png = ExportFormat("png", "PNG", ".png", "image/png")
    >>> list(format_registry([png]))
    ['png']
    >>> format_registry([png, ExportFormat("gif", "GIF", ".gif", "image/gif", aliases=("png",))])
    Traceback (most recent call last):
    ValueError: export format name 'png' is used twice
    """
    registry: dict[str, ExportFormat] = {}
    taken: set[str] = set()
    for spec in formats:
        for name in (spec.name, *spec.aliases):
            if name in taken:
                raise ValueError(f"export format name {name!r} is used twice")
            taken.add(name)
        registry[spec.name] = spec
    return registry


def format_names(registry: Mapping[str, ExportFormat]) -> tuple[str, ...]:
    """Every name a command line accepts: each format's name, then its aliases.

    >>> format_names(FORMATS)[:3]
    ('countries-csv', 'ties-csv', 'csv')
    """
    return tuple(name for spec in registry.values() for name in (spec.name, *spec.aliases))


def find_format(registry: Mapping[str, ExportFormat], name: str) -> ExportFormat:
    """The format called ``name`` (or one of its aliases); ValueError when there is none.

    >>> find_format(FORMATS, "csv").name
    'ties-csv'
    """
    for spec in registry.values():
        if name == spec.name or name in spec.aliases:
            return spec
    raise ValueError(f"unknown export format {name!r}; choose from "
                     f"{', '.join(format_names(registry))}")


#: The data formats, written here. ``ui.export_media.FILE_FORMATS`` registers the images, the
#: standalone page and the animation beside them: one registry for the CLI and the page.
FORMATS: dict[str, ExportFormat] = format_registry([
    ExportFormat("countries-csv", "Countries + metrics (CSV)", "-countries.csv", "text/csv",
                 lambda d, v, g, p: countries_csv(d, v).encode()),
    # ``csv``: the ties shown, the command line's name since the first version.
    ExportFormat("ties-csv", "Ties with sources (CSV)", "-ties.csv", "text/csv",
                 lambda d, v, g, p: ties_csv(d, v).encode(), aliases=("csv",)),
    ExportFormat("sources-csv", "Sources of the ties (CSV)", "-sources.csv", "text/csv",
                 lambda d, v, g, p: sources_csv(d, v).encode()),
    ExportFormat("json", "Network (JSON)", ".json", "application/json",
                 lambda d, v, g, p: node_link_json(d, v, generated_at=g, permalink=p).encode()),
    ExportFormat("graphml", "GraphML", ".graphml", "application/graphml+xml",
                 lambda d, v, g, p: graphml(d, v, generated_at=g, permalink=p)),
    ExportFormat("gexf", "GEXF 1.3 (Gephi)", ".gexf", "application/gexf+xml",
                 lambda d, v, g, p: gexf(d, v, generated_at=g, permalink=p)),
    ExportFormat("gexf-dynamic", "Whole timeline for Gephi (dynamic GEXF)", "-timeline.gexf",
                 "application/gexf+xml", lambda d, v, g, p: dynamic_gexf(d, v, generated_at=g)),
    ExportFormat("bundle", "Citable bundle (ZIP)", ".zip", "application/zip",
                 lambda d, v, g, p: bundle_bytes(d, v, None, p, generated_at=g)),
])


def export_data(
    dataset: Dataset, view: ExportView, fmt: str, *, generated_at: dt.datetime | None = None,
    permalink: str = "",
) -> tuple[str, bytes]:
    """``(file name, bytes)`` of the view in format ``fmt`` (a name or alias in
    :data:`FORMATS`)."""
    spec = find_format(FORMATS, fmt)
    assert spec.write is not None  # every format of FORMATS has its writer
    return (export_basename(dataset, view) + spec.suffix,
            spec.write(dataset, view, generated_at, permalink))
