"""CSV of a view: its countries with every metric, its ties with their sources, and the
sources behind them.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

from graph.dataset import Dataset, split_ids
from graph.export.text import _format_number, _one_line, _records, _text, neutralise_cell
from graph.export.view import ExportView, ViewSnapshot, apply_view, snapshot_of
from graph.metrics import METRIC_COLUMNS

__all__ = [
    "SOURCE_SEPARATOR",
    "countries_csv",
    "sources_csv",
    "ties_csv",
]


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
