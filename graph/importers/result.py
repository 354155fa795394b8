"""What an import made: dataset tables of text, built tie by tie, and written as a dataset.

:class:`ResultBuilder` collects ties and the actors they name; :class:`ImportResult` holds the
tables and the report; :func:`write_dataset` writes them as a folder that
:func:`graph.validate.load_dataset` accepts.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from graph.dataset import TABLES, TIE_TYPES, datapackage_descriptor

from .report import ImportReport

if TYPE_CHECKING:
    from .crosswalk import Crosswalk

__all__ = ["ImportResult", "ResultBuilder", "write_dataset"]


@dataclass
class ImportResult:
    """What an import made: dataset tables of text (``countries``, ``ties``, ``sources``, and
    for a dataset upload also ``blocs``, ``memberships``, ``events``), and its report."""

    tables: dict[str, pd.DataFrame]
    report: ImportReport
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def ties(self) -> pd.DataFrame:
        return self.tables["ties"]

    @property
    def countries(self) -> pd.DataFrame:
        return self.tables["countries"]

    @property
    def sources(self) -> pd.DataFrame:
        return self.tables["sources"]


def _frame(name: str, rows: list[dict[str, str]]) -> pd.DataFrame:
    columns = TABLES[name].column_names
    return pd.DataFrame([[row.get(c, "") for c in columns] for row in rows], columns=columns,
                        dtype=object)


class ResultBuilder:
    """Collects ties, the actors they name and the import's source row into dataset tables.

    Tie ids are made unique (a repeated id gains ``-2``, ``-3``...); the countries table holds
    exactly the actors the ties name, copied from ``countries.csv`` when the project has them.
    """

    def __init__(self, kind: str, report: ImportReport, crosswalk: Crosswalk,
                 source: Mapping[str, str]) -> None:
        self.kind = kind
        self.report = report
        self.crosswalk = crosswalk
        self.source = {column: str(source.get(column, ""))
                       for column in TABLES["sources"].column_names}
        self.source_id = self.source["id"]
        self.rows: list[dict[str, str]] = []
        self.actors: dict[str, None] = {}
        self._ids: set[str] = set()

    def add_tie(self, *, tie_id: str, source: str, target: str, tie_type: str, weight: float,
                start: str, end: str = "", description: str = "", confidence: str = "medium",
                sign: int | None = None, directed: bool | None = None) -> str:
        """Add one tie; returns the id it was given."""
        spec = TIE_TYPES[tie_type]
        unique = tie_id
        counter = 1
        while unique in self._ids:
            counter += 1
            unique = f"{tie_id}-{counter}"
        self._ids.add(unique)
        self.actors.setdefault(source)
        self.actors.setdefault(target)
        self.rows.append({
            "id": unique,
            "source": source,
            "target": target,
            "type": tie_type,
            "sign": str(spec.sign if sign is None else sign),
            "weight": f"{min(1.0, max(weight, 0.0001)):.4g}",
            "directed": "true" if (spec.directed if directed is None else directed) else "false",
            "start": start,
            "end": end,
            "description": " ".join(description.split()),
            "sources": self.source_id,
            "confidence": confidence,
        })
        return unique

    def build(self, file: str, metadata: Mapping[str, Any] | None = None) -> ImportResult:
        """The tables; refuses (CRITICAL) when not one tie could be imported."""
        if not self.rows:
            raise self.report.refuse(
                file, "not one tie could be imported"
                + (f" ({self.report.skipped} rows dropped: see the ERROR findings)"
                   if self.report.skipped else " (the file holds no data rows)"))
        countries = [self.crosswalk.actor_row(actor) for actor in sorted(self.actors)]
        tables = {
            "countries": _frame("countries", countries),
            "ties": _frame("ties", self.rows),
            "sources": _frame("sources", [self.source]),
        }
        meta: dict[str, Any] = {
            "name": f"realpolitik-import-{self.kind}",
            "title": self.source.get("title") or f"{self.kind} import",
            "version": dt.date.today().isoformat(),
            "created": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        }
        meta.update(metadata or {})
        return ImportResult(tables, self.report, meta)


def write_dataset(result: ImportResult, out_dir: Path | str, *, overwrite: bool = False,
                  metadata: Mapping[str, Any] | None = None) -> Path:
    """Write the result as a dataset folder: every table's CSV and a ``datapackage.json``.

    Tables the result lacks are written with their header only. The folder must be new or
    empty unless ``overwrite`` is set. ``graph.validate.load_dataset`` accepts what is written.
    The report's counters and reasons go into ``datapackage.json`` under
    ``realpolitik:import``, so the provenance of an imported dataset stays with it.
    """
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise FileExistsError(f"{out} exists and is not a folder")
    if out.is_dir() and any(out.iterdir()) and not overwrite:
        raise FileExistsError(f"{out} is not empty (pass overwrite=True to replace its files)")
    out.mkdir(parents=True, exist_ok=True)
    for name, spec in TABLES.items():
        frame = result.tables.get(name)
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(spec.column_names)
        if frame is not None and not frame.empty:
            values = frame.reindex(columns=spec.column_names).fillna("").astype(str)
            writer.writerows(values.itertuples(index=False, name=None))
        (out / spec.filename).write_text(buffer.getvalue(), encoding="utf-8", newline="")
    described = dict(result.metadata)
    described.update(metadata or {})
    report = result.report.to_dict()
    report.pop("issues", None)
    described["realpolitik:import"] = report
    descriptor = datapackage_descriptor(described)
    (out / "datapackage.json").write_text(json.dumps(descriptor, indent=2, ensure_ascii=False)
                                          + "\n", encoding="utf-8")
    return out
