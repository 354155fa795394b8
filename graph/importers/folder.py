"""Import a dataset folder (or the folder of a dataset zip): validated, rows with errors dropped.

Validation's findings are the import's findings (both are :class:`graph.findings.Finding`):
each row with an ERROR is dropped and reported as it was found, with its file, line, column
and value; a WARNING is kept as it is.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd

from graph.dataset import LINE, TABLES, RawTable, read_metadata, read_tables

from .crosswalk import Crosswalk
from .report import ImportReport
from .result import ImportResult

__all__ = ["import_dataset_folder"]


def import_dataset_folder(folder: Path | str, *, name: str | None = None,
                          crosswalk: Crosswalk | None = None) -> ImportResult:
    """Read a dataset folder as an import: rows with errors dropped until the rest is valid.

    A missing file or column, or a broken ``datapackage.json``, refuses it (CRITICAL). The
    crosswalk is not used: a dataset already names actors by id.

    >>> from graph.dataset import BUNDLED_DATA
    >>> result = import_dataset_folder(BUNDLED_DATA / "layers" / "sipri")
    >>> result.report.kind, result.report.balanced, result.report.skipped
    ('dataset', True, 0)
    """
    from graph.validate import validate_tables

    root = Path(folder)
    display = name or root.name
    report = ImportReport("dataset", [display])
    if not root.is_dir():
        raise report.refuse(display, "there is no dataset folder there")
    tables = read_tables(root)
    metadata, metadata_problem = read_metadata(root)
    if metadata_problem:
        raise report.refuse(display, metadata_problem)
    report.read = sum(len(raw.frame) for raw in tables.values())
    dropped: dict[str, set[int]] = {name: set() for name in TABLES}
    # Dropping a row may break another (a tie naming a dropped country): validate again.
    for _ in range(10):
        found = validate_tables(tables)
        structural = [p for p in found.errors if p.line <= 1]
        if structural:
            shown = "; ".join(str(problem) for problem in structural[:5])
            raise report.refuse(display, f"the dataset is not readable as a whole: {shown}")
        new = [p for p in found.errors if p.line not in dropped[p.file.removesuffix(".csv")]]
        if not new:
            for problem in found.warnings:
                report.add(replace(problem, file=f"{display}:{problem.file}"))
            break
        for problem in new:
            table = problem.file.removesuffix(".csv")
            if problem.line in dropped[table]:
                continue
            dropped[table].add(problem.line)
            report.drop(replace(problem, file=f"{display}:{problem.file}"))
        tables = {table: _without(raw, dropped[table]) for table, raw in tables.items()}
    report.imported = report.read - report.skipped
    if tables["ties"].frame.empty:
        raise report.refuse(display, "not one tie is left in the dataset")
    out = {table: raw.frame.drop(columns=[LINE]).reindex(columns=TABLES[table].column_names)
           .fillna("").astype(str).reset_index(drop=True) for table, raw in tables.items()}
    meta = {key: value for key, value in metadata.items() if key != "resources"}
    return ImportResult(out, report, meta)


def _without(raw: RawTable, lines: set[int]) -> RawTable:
    if not lines:
        return raw
    frame: pd.DataFrame = raw.frame[~raw.frame[LINE].isin(lines)].reset_index(drop=True)
    return RawTable(raw.name, raw.path, frame, raw.header, [], raw.missing)
