"""Validation of a dataset folder: every problem at once, each with file, line, column and value.

Column-level rules come from the single declaration in :data:`graph.dataset.TABLES`, checked by
pandera; rules that span rows or files (references, intervals, existence, duplicates) are
checked here. Two levels: ``ERROR`` refuses the dataset, ``WARNING`` keeps the row and flags it.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pandera.pandas as pa

from graph.dataset import (
    LINE,
    OPTIONAL_COLUMNS,
    TABLES,
    TIE_TYPES,
    Dataset,
    FieldSpec,
    RawTable,
    TableSpec,
    build_dataset,
    content_hash,
    read_metadata,
    read_tables,
    split_ids,
)
from graph.dates import OPEN_END, DateParseError, day_span, interval_days, parse_partial_date
from graph.findings import Finding, Level

__all__ = [
    "EMPTY_TABLE_WARNINGS",
    "DatasetError",
    "Finding",
    "Problem",
    "ValidationReport",
    "load_dataset",
    "load_dataset_with_report",
    "validate_folder",
    "validate_tables",
]

#: Validation's findings are :class:`graph.findings.Finding`; ``Problem`` is the name
#: graph.stories and the tests know them by.
Problem = Finding


@dataclass
class ValidationReport:
    problems: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [problem for problem in self.problems if problem.level == "ERROR"]

    @property
    def warnings(self) -> list[Finding]:
        return [problem for problem in self.problems if problem.level == "WARNING"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def lines_with_errors(self) -> dict[str, set[int]]:
        """Lines to drop per table when rows with errors are to be left out."""
        dropped: dict[str, set[int]] = {}
        for problem in self.errors:
            if problem.line:
                dropped.setdefault(problem.file.removesuffix(".csv"), set()).add(problem.line)
        return dropped

    def summary(self) -> str:
        return f"{len(self.errors)} error(s), {len(self.warnings)} warning(s)"


class DatasetError(Exception):
    """The dataset was refused; ``report`` holds every problem found."""

    def __init__(self, report: ValidationReport, folder: Path | str) -> None:
        self.report = report
        shown = "\n".join(f"  {problem}" for problem in report.errors[:20])
        more = len(report.errors) - 20
        tail = f"\n  ... and {more} more" if more > 0 else ""
        super().__init__(f"dataset {folder} refused: {report.summary()}\n{shown}{tail}")


# --- column rules, built from the declaration -------------------------------------------------


def _is_number(text: str) -> bool:
    try:
        return math.isfinite(float(text))
    except ValueError:
        return False


def _is_integer(text: str) -> bool:
    return re.fullmatch(r"[+-]?\d+", text) is not None


def _is_date(text: str) -> bool:
    try:
        parse_partial_date(text)
    except DateParseError:
        return False
    return True


def _element_rule(test: Callable[[str], bool], message: str) -> pa.Check:
    return pa.Check(lambda value: value == "" or test(value), element_wise=True, error=message)


def _column_checks(spec: FieldSpec) -> list[pa.Check]:
    checks: list[pa.Check] = []
    if spec.required:
        checks.append(pa.Check(lambda series: series != "", error="is empty but required"))
    if spec.type == "number":
        checks.append(_element_rule(_is_number, "is not a finite number"))
    if spec.type == "integer":
        checks.append(_element_rule(_is_integer, "is not a whole number"))
    if spec.type == "boolean":
        checks.append(
            _element_rule(
                lambda text: text.lower() in {"true", "false", "1", "0", "yes", "no"},
                "is not true or false",
            )
        )
    if spec.type == "date":
        checks.append(
            _element_rule(
                _is_date,
                "is not a date in the form YYYY, YYYY-MM or "
                "YYYY-MM-DD (or names a day that does not exist)",
            )
        )
    if spec.enum:
        allowed = set(spec.enum)
        checks.append(
            _element_rule(lambda text: text in allowed, f"is not one of {', '.join(spec.enum)}")
        )
    if spec.pattern:
        compiled = re.compile(spec.pattern)
        checks.append(
            _element_rule(lambda text: compiled.match(text) is not None, "is not a valid id")
        )
    if spec.type == "idlist":
        checks.append(
            _element_rule(
                lambda text: all(
                    re.fullmatch(r"[A-Za-z0-9][\w.:-]*", part) for part in split_ids(text)
                ),
                "is not a ';'-separated list of ids",
            )
        )
    low, high, above = spec.minimum, spec.maximum, spec.exclusive_minimum
    if low is not None or high is not None or above is not None:

        def in_range(text: str) -> bool:
            if not _is_number(text):
                return True  # reported by the number rule
            number = float(text)
            return (
                (low is None or number >= low)
                and (high is None or number <= high)
                and (above is None or number > above)
            )

        bounds = []
        if above is not None:
            bounds.append(f"greater than {above:g}")
        if low is not None:
            bounds.append(f"at least {low:g}")
        if high is not None:
            bounds.append(f"at most {high:g}")
        checks.append(_element_rule(in_range, "must be " + " and ".join(bounds)))
    return checks


def _schema(table: TableSpec) -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {spec.name: pa.Column(object, checks=_column_checks(spec)) for spec in table.fields},
        strict=False,
        coerce=False,
    )


SCHEMAS: dict[str, pa.DataFrameSchema] = {name: _schema(table) for name, table in TABLES.items()}


# --- the checks --------------------------------------------------------------------------------


class _Collector:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(
        self, table: str, line: int, column: str, value: Any, message: str, level: Level = "ERROR"
    ) -> None:
        self.problems.append(
            Problem(f"{table}.csv", int(line), column, str(value)[:120], message, level)
        )


def _check_structure(raw: RawTable, table: TableSpec, out: _Collector) -> None:
    for line, column, value, message in raw.problems:
        out.add(table.name, line, column, value, message)
    if raw.missing:
        if table.required_file:
            out.add(table.name, 0, "", "", f"the file {table.filename} is missing")
        return
    if not raw.header:
        return
    known = set(table.column_names)
    present = set(raw.header)
    for name in table.column_names:
        if name in present:
            continue
        guess = difflib.get_close_matches(name, [h for h in raw.header if h not in known], n=1)
        hint = f" (is {guess[0]!r} a misspelling of it?)" if guess else ""
        if (table.name, name) in OPTIONAL_COLUMNS:
            out.add(
                table.name, 1, name, "", f"optional column {name!r} is missing{hint}", "WARNING"
            )
        else:
            out.add(table.name, 1, name, "", f"required column {name!r} is missing{hint}")
    for name in raw.header:
        if name not in known:
            out.add(table.name, 1, name, "", f"unknown column {name!r} is ignored", "WARNING")
    seen: set[str] = set()
    for name in raw.header:
        if name in seen:
            out.add(table.name, 1, name, "", f"column {name!r} appears twice")
        seen.add(name)


def _check_columns(raw: RawTable, table: TableSpec, out: _Collector) -> None:
    frame = raw.frame
    if frame.empty:
        return
    present = [spec.name for spec in table.fields if spec.name in raw.header]
    schema = SCHEMAS[table.name].select_columns(present) if present else None
    if schema is None:
        return
    try:
        schema.validate(frame[present].reset_index(drop=True), lazy=True)
    except pa.errors.SchemaErrors as failure:
        cases = failure.failure_cases
        lines = frame[LINE].tolist()
        for case in cases.itertuples(index=False):
            index = case.index
            if index is None or (isinstance(index, float) and math.isnan(index)):
                out.add(table.name, 0, str(case.column), "", str(case.check))
                continue
            value = frame.iloc[int(index)][str(case.column)]
            out.add(table.name, lines[int(index)], str(case.column), value, str(case.check))


def _parsed(text: str) -> tuple[int, int] | None:
    return day_span(text)


def _span(start: str, end: str) -> tuple[int, int]:
    return interval_days(start, end)


def _check_interval(out: _Collector, table: str, row: Mapping[Hashable, Any]) -> None:
    start, end = _parsed(row["start"]), _parsed(row["end"])
    if start and end and end[1] < start[0]:
        out.add(table, row[LINE], "end", row["end"], f"ends before it starts ({row['start']})")


def _check_duplicates(
    frame: pd.DataFrame,
    table: str,
    key: Iterable[str],
    out: _Collector,
    level: Level,
    message: str,
    column: str | None = None,
) -> None:
    columns = list(key)
    if frame.empty:
        return
    duplicated = frame[frame.duplicated(columns, keep="first")]
    for row in duplicated.to_dict("records"):
        first = frame[(frame[columns] == pd.Series(row)[columns]).all(axis=1)][LINE].iloc[0]
        value = ",".join(str(row[c]) for c in columns)
        out.add(
            table,
            row[LINE],
            column or columns[0],
            value,
            f"{message} (first on line {first})",
            level,
        )


def _check_references(tables: Mapping[str, RawTable], out: _Collector) -> None:
    countries = tables["countries"].frame
    country_span = {
        row["id"]: _span(row["start"], row["end"]) for row in countries.to_dict("records")
    }
    source_ids = set(tables["sources"].frame["id"])
    bloc_rows = tables["blocs"].frame
    bloc_span = {row["id"]: _span(row["start"], row["end"]) for row in bloc_rows.to_dict("records")}

    def check_sources(table: str, row: Mapping[Hashable, Any], required: bool) -> None:
        ids = split_ids(row["sources"])
        if required and not ids:
            return  # reported as an empty required column
        for source in ids:
            if source not in source_ids:
                out.add(table, row[LINE], "sources", source, "names a source not in sources.csv")

    for row in countries.to_dict("records"):
        _check_interval(out, "countries", row)

    for row in tables["ties"].frame.to_dict("records"):
        line = row[LINE]
        for column in ("source", "target"):
            if row[column] and row[column] not in country_span:
                out.add("ties", line, column, row[column], "names a country not in countries.csv")
        if row["source"] and row["source"] == row["target"]:
            out.add(
                "ties",
                line,
                "target",
                row["target"],
                "is a self-loop: a tie needs two different countries",
            )
        check_sources("ties", row, required=True)
        _check_interval(out, "ties", row)
        tie_type = TIE_TYPES.get(row["type"])
        if (
            tie_type
            and row["sign"] in {"1", "-1"}
            and int(row["sign"]) != tie_type.sign
            and ("sign" not in row["description"].lower())
        ):
            out.add(
                "ties",
                line,
                "sign",
                row["sign"],
                f"contradicts the type {tie_type.name} (sign {tie_type.sign:+d}) and the "
                "description has no note on the sign",
                "WARNING",
            )
        tie_start, tie_end = _span(row["start"], row["end"])
        for column in ("source", "target"):
            span = country_span.get(row[column])
            if (
                span
                and row["start"]
                and (tie_start < span[0] or tie_end > span[1])
                and (_parsed(row["start"]) is not None)
            ):
                # A partial date may overlap a founding day: compare the widest reading.
                start_days = _parsed(row["start"])
                end_days = _parsed(row["end"])
                latest_start = start_days[1] if start_days else tie_start
                earliest_end = end_days[0] if end_days else tie_end
                if latest_start < span[0] or earliest_end > span[1]:
                    out.add(
                        "ties",
                        line,
                        column,
                        row[column],
                        f"the tie is dated {row['start']}..{row['end'] or 'open'} while "
                        f"{row[column]} exists only {_span_text(span)}",
                    )

    ties = tables["ties"].frame
    if not ties.empty:
        pairs = ties.assign(
            _a=ties[["source", "target"]].min(axis=1),
            _b=ties[["source", "target"]].max(axis=1),
        )
        undirected = pairs["directed"].str.lower().isin(["false", "0", "no"])
        pairs.loc[~undirected, "_a"] = ties.loc[~undirected, "source"]
        pairs.loc[~undirected, "_b"] = ties.loc[~undirected, "target"]
        _check_duplicates(
            pairs,
            "ties",
            ["_a", "_b", "type", "start", "end"],
            out,
            "WARNING",
            "duplicates another tie with the same countries, type and dates",
            column="id",
        )

    for row in tables["memberships"].frame.to_dict("records"):
        line = row[LINE]
        if row["country"] and row["country"] not in country_span:
            out.add(
                "memberships",
                line,
                "country",
                row["country"],
                "names a country not in countries.csv",
            )
        if row["bloc"] and row["bloc"] not in bloc_span:
            out.add("memberships", line, "bloc", row["bloc"], "names a bloc not in blocs.csv")
        check_sources("memberships", row, required=False)
        _check_interval(out, "memberships", row)
        start, end = _span(row["start"], row["end"])
        bloc = bloc_span.get(row["bloc"])
        if bloc and (start < bloc[0] or (end > bloc[1] and bloc[1] != OPEN_END)):
            out.add(
                "memberships",
                line,
                "start",
                row["start"],
                f"the membership falls outside the bloc's own dates {_span_text(bloc)}",
            )

    for row in bloc_rows.to_dict("records"):
        _check_interval(out, "blocs", row)

    for row in tables["events"].frame.to_dict("records"):
        for country in split_ids(row["countries"]):
            if country not in country_span:
                out.add(
                    "events",
                    row[LINE],
                    "countries",
                    country,
                    "names a country not in countries.csv",
                )
        check_sources("events", row, required=False)


def _span_text(span: tuple[int, int]) -> str:
    import datetime as dt

    start = "" if span[0] <= 0 else dt.date.fromordinal(span[0]).isoformat()
    end = "" if span[1] >= OPEN_END else dt.date.fromordinal(span[1]).isoformat()
    return f"from {start or 'the start'} to {end or 'today'}"


#: Tables the graph cannot do without, and what it means when one holds a header and no row.
EMPTY_TABLE_WARNINGS: dict[str, str] = {
    "countries": "has a header but no rows: there are no countries, so the graph has no nodes "
    "and every tie names an unknown country",
    "ties": "has a header but no rows: there are no ties, so the graph has no edges and every "
    "date shows an empty network",
    "sources": "has a header but no rows: there are no sources, so no tie can cite one",
}


def _check_not_empty(raw: RawTable, table: TableSpec, out: _Collector) -> None:
    """Warn when a table the graph needs was read whole and holds a header only."""
    message = EMPTY_TABLE_WARNINGS.get(table.name)
    if message is None or raw.missing or not raw.header or raw.problems:
        return  # a missing, unreadable or headerless file is already an error
    if raw.frame.empty:
        out.add(table.name, 0, "", "", f"{table.filename} {message}", "WARNING")


def validate_tables(tables: Mapping[str, RawTable]) -> ValidationReport:
    """Check raw tables; never raises, however broken they are.

    >>> from graph.dataset import BUNDLED_DATA, read_tables
    >>> tables = read_tables(BUNDLED_DATA)
    >>> tables["ties"].frame = tables["ties"].frame.iloc[:0]
    >>> [str(problem) for problem in validate_tables(tables).warnings][:1]
    ['WARNING ties.csv: ties.csv has a header but no rows: there are no ties, so the graph has \
no edges and every date shows an empty network']
    """
    out = _Collector()
    for name, table in TABLES.items():
        raw = tables[name]
        _check_structure(raw, table, out)
        _check_not_empty(raw, table, out)
        _check_columns(raw, table, out)
        if table.primary_key and not raw.frame.empty:
            _check_duplicates(
                raw.frame,
                name,
                table.primary_key,
                out,
                "ERROR",
                f"repeats the {'/'.join(table.primary_key)} of another row",
            )
    _check_references(tables, out)
    return ValidationReport(sorted(out.problems, key=lambda p: (p.file, p.line, p.column)))


def validate_folder(folder: Path | str) -> ValidationReport:
    """Read and check a dataset folder.

    >>> from graph.dataset import BUNDLED_DATA
    >>> validate_folder(BUNDLED_DATA / "no-such-folder").errors[0].message
    'the folder does not exist'
    """
    root = Path(folder)
    if not root.is_dir():
        return ValidationReport([Problem(str(root), 0, "", "", "the folder does not exist")])
    report = validate_tables(read_tables(root))
    _, metadata_problem = read_metadata(root)
    if metadata_problem:
        report.problems.insert(0, Problem("datapackage.json", 0, "", "", metadata_problem))
    return report


def load_dataset(folder: Path | str) -> Dataset:
    """Validate and load a dataset folder; any ERROR raises :class:`DatasetError`.

    >>> from graph.dataset import BUNDLED_DATA
    >>> dataset = load_dataset(BUNDLED_DATA)
    >>> dataset.name, len(dataset.ties) > 1000
    ('Realpolitik curated alliance network', True)
    """
    dataset, _ = load_dataset_with_report(folder)
    return dataset


def load_dataset_with_report(
    folder: Path | str, *, drop_invalid_rows: bool = False
) -> tuple[Dataset, ValidationReport]:
    """Validate and load a dataset folder, returning the report beside it.

    Raises :class:`DatasetError` when there is any ERROR, unless ``drop_invalid_rows`` is set:
    then rows with errors are left out (each stays listed in the report) and only structural
    errors (no such folder, a missing file or column) refuse the dataset.
    """
    root = Path(folder)
    if not root.is_dir():
        raise DatasetError(validate_folder(root), root)
    tables = read_tables(root)
    report = validate_tables(tables)
    metadata, metadata_problem = read_metadata(root)
    if metadata_problem:
        report.problems.insert(0, Problem("datapackage.json", 0, "", "", metadata_problem))
    dropped = report.lines_with_errors()
    structural = [problem for problem in report.errors if problem.line <= 1]
    if report.errors and (not drop_invalid_rows or structural):
        raise DatasetError(report, root)
    dataset = build_dataset(
        tables, metadata, dataset_hash=content_hash(root), path=root, drop_lines=dropped
    )
    return dataset, report
