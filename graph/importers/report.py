"""What an import did and what it made: the report, the result, and writing it as a dataset.

The report says what happened to every row: read, imported, merged and skipped, and why.

Every importer fills one :class:`ImportReport`. Each row of the input ends in exactly one of three
counters, so that nothing is silently lost (``read == imported + merged + skipped``):

* **imported**: the row started a tie of its own;
* **merged**: the row was folded into a tie another row started (same pair, type and period);
* **skipped**: the row was dropped; an ``ERROR`` says which row and why.

Findings have three levels:

* ``CRITICAL``: the file is refused as a whole; :meth:`ImportReport.refuse` raises
  :class:`ImportRefused`, which carries the report;
* ``ERROR``: the row is dropped (see :meth:`ImportReport.skip`);
* ``WARNING``: the row is kept, possibly changed, and flagged (see :meth:`ImportReport.warn`).

Large inputs (GDELT) report a reason once with a count and the first line numbers
(:meth:`ImportReport.skip_many`); every finding is also summarised per (level, file, reason) in
:attr:`ImportReport.groups`, so a report stays readable whatever the size of the input.

>>> report = ImportReport("csv", ["ties.csv"])
>>> report.read = 3
>>> report.imported = 2
>>> report.skip("ties.csv", 4, "names an unknown country", "Atlantis")
>>> report.balanced
True
>>> print(report.to_text())
csv import of ties.csv: 3 rows read, 2 imported, 0 merged, 1 skipped
ERROR (1 row dropped)
  ties.csv: names an unknown country: 1 row (line 4 'Atlantis')
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import pandas as pd

from graph.dataset import TABLES, TIE_TYPES, datapackage_descriptor

if TYPE_CHECKING:
    from .crosswalk import Crosswalk

__all__ = [
    "DETAIL_LIMIT",
    "FIRST_LINES",
    "MAX_INPUT_BYTES",
    "MAX_ZIP_BYTES",
    "MAX_ZIP_MEMBERS",
    "ImportRefused",
    "ImportReport",
    "ImportResult",
    "Issue",
    "IssueGroup",
    "Level",
    "ResultBuilder",
    "Source",
    "decode_text",
    "extract_zip",
    "load_input",
    "safe_id",
    "safe_member_name",
    "scale_weights",
    "write_dataset",
]

Level = Literal["CRITICAL", "ERROR", "WARNING"]
LEVELS: tuple[Level, ...] = ("CRITICAL", "ERROR", "WARNING")

#: Findings kept one by one; beyond this they are only counted in their group.
DETAIL_LIMIT = 10_000
#: Line numbers kept per group as examples.
FIRST_LINES = 5


@dataclass(frozen=True)
class Issue:
    """One finding on one row (``line`` is the physical line in ``file``; 0 for the whole file)."""

    level: Level
    file: str
    line: int
    reason: str
    value: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        value = f" {self.value!r}" if self.value else ""
        return f"{self.level} {where}{value}: {self.reason}"

    def to_dict(self) -> dict[str, Any]:
        return {"level": self.level, "file": self.file, "line": self.line,
                "reason": self.reason, "value": self.value}


@dataclass
class IssueGroup:
    """All findings of one level and reason in one file: how many, and the first lines."""

    level: Level
    file: str
    reason: str
    count: int = 0
    lines: list[int] = field(default_factory=list)
    values: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"level": self.level, "file": self.file, "reason": self.reason,
                "count": self.count, "first_lines": list(self.lines),
                "first_values": list(self.values)}


class ImportRefused(Exception):
    """The input was refused as a whole; ``report`` says why (a ``CRITICAL`` finding)."""

    def __init__(self, report: ImportReport, message: str) -> None:
        self.report = report
        self.message = message
        super().__init__(message)


@dataclass
class ImportReport:
    """Counters and findings of one import (see the module docstring)."""

    kind: str
    files: list[str] = field(default_factory=list)
    read: int = 0
    imported: int = 0
    merged: int = 0
    skipped: int = 0
    issues: list[Issue] = field(default_factory=list)
    groups: dict[tuple[str, str, str], IssueGroup] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    # --- recording ---------------------------------------------------------------------------

    def _group(self, level: Level, file: str, reason: str) -> IssueGroup:
        key = (level, file, reason)
        group = self.groups.get(key)
        if group is None:
            group = self.groups[key] = IssueGroup(level, file, reason)
        return group

    def _record(self, level: Level, file: str, line: int, reason: str, value: str,
                count: int = 1) -> None:
        value = str(value)[:120]
        group = self._group(level, file, reason)
        group.count += count
        if len(group.lines) < FIRST_LINES:
            group.lines.append(int(line))
            group.values.append(value)
        if len(self.issues) < DETAIL_LIMIT:
            self.issues.append(Issue(level, file, int(line), reason, value))

    def skip(self, file: str, line: int, reason: str, value: str = "") -> None:
        """Drop one row: an ``ERROR`` finding, and the row counts as skipped."""
        self.skipped += 1
        self._record("ERROR", file, line, reason, value)

    def warn(self, file: str, line: int, reason: str, value: str = "") -> None:
        """Flag a row that is kept (perhaps changed): a ``WARNING`` finding, no counter moves."""
        self._record("WARNING", file, line, reason, value)

    def skip_many(self, file: str, reason: str, count: int, first_lines: list[int]) -> None:
        """Drop ``count`` rows for one reason at once (large inputs): one summarised finding."""
        if count <= 0:
            return
        self.skipped += count
        group = self._group("ERROR", file, reason)
        group.count += count
        for line in sorted(first_lines)[: FIRST_LINES - len(group.lines)]:
            group.lines.append(int(line))
            group.values.append("")
        if len(self.issues) < DETAIL_LIMIT:
            shown = ", ".join(str(line) for line in sorted(first_lines)[:FIRST_LINES])
            self.issues.append(
                Issue("ERROR", file, min(first_lines) if first_lines else 0,
                      f"{reason} ({count} rows; first lines {shown})")
            )

    def warn_many(self, file: str, reason: str, count: int, first_lines: list[int]) -> None:
        """Flag ``count`` kept rows for one reason at once."""
        if count <= 0:
            return
        group = self._group("WARNING", file, reason)
        group.count += count
        for line in sorted(first_lines)[: FIRST_LINES - len(group.lines)]:
            group.lines.append(int(line))
            group.values.append("")

    def refuse(self, file: str, reason: str, line: int = 0, value: str = "") -> ImportRefused:
        """Record a ``CRITICAL`` finding and return the exception to raise.

        >>> report = ImportReport("sipri", ["x.csv"])
        >>> try:
        ...     raise report.refuse("x.csv", "the file is empty")
        ... except ImportRefused as refused:
        ...     print(refused)
        x.csv refused: the file is empty
        """
        self._record("CRITICAL", file, line, reason, value)
        where = f"{file}:{line}" if line else file
        return ImportRefused(self, f"{where} refused: {reason}")

    # --- reading -----------------------------------------------------------------------------

    @property
    def balanced(self) -> bool:
        """The invariant every import keeps: ``read == imported + merged + skipped``."""
        return self.read == self.imported + self.merged + self.skipped

    @property
    def refused(self) -> bool:
        return any(group.level == "CRITICAL" for group in self.groups.values())

    def count(self, level: Level) -> int:
        """Rows (or findings) recorded at ``level``."""
        return sum(group.count for group in self.groups.values() if group.level == level)

    def by_level(self, level: Level) -> list[IssueGroup]:
        return sorted((g for g in self.groups.values() if g.level == level),
                      key=lambda g: (-g.count, g.file, g.reason))

    def summary(self) -> str:
        files = ", ".join(self.files) if self.files else "(no file)"
        return (f"{self.kind} import of {files}: {self.read} rows read, {self.imported} imported, "
                f"{self.merged} merged, {self.skipped} skipped")

    def to_text(self, *, limit: int = 50) -> str:
        """A plain-text report: the counters, then each reason with its count and first lines."""
        lines = [self.summary()]
        titles: dict[Level, str] = {
            "CRITICAL": "CRITICAL (the file is refused)",
            "ERROR": "ERROR ({n} row{s} dropped)",
            "WARNING": "WARNING ({n} finding{s} on rows kept)",
        }
        for level in LEVELS:
            groups = self.by_level(level)
            if not groups:
                continue
            total = sum(group.count for group in groups)
            lines.append(titles[level].format(n=total, s="" if total == 1 else "s"))
            for group in groups[:limit]:
                examples = []
                for line, value in zip(group.lines, group.values, strict=False):
                    examples.append(f"{line} {value!r}" if value else str(line))
                where = ""
                if any(group.lines):
                    where = f" (line{'s' if len(examples) > 1 else ''} {', '.join(examples)}"
                    where += ", ...)" if group.count > len(examples) else ")"
                noun = "row" if group.count == 1 else "rows"
                if level == "CRITICAL":
                    lines.append(f"  {group.file}: {group.reason}{where}")
                else:
                    lines.append(f"  {group.file}: {group.reason}: {group.count} {noun}{where}")
            if len(groups) > limit:
                lines.append(f"  ... and {len(groups) - limit} more reasons")
        lines.extend(f"note: {note}" for note in self.notes)
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable form (counters, groups, the first findings one by one)."""
        return {
            "kind": self.kind,
            "files": list(self.files),
            "read": self.read,
            "imported": self.imported,
            "merged": self.merged,
            "skipped": self.skipped,
            "balanced": self.balanced,
            "refused": self.refused,
            "groups": [group.to_dict() for level in LEVELS for group in self.by_level(level)],
            "issues": [issue.to_dict() for issue in self.issues],
            "notes": list(self.notes),
        }


# --- inputs ------------------------------------------------------------------------------------

#: What an importer reads: a path, or the bytes of an upload (named by ``name=``).
Source = str | os.PathLike[str] | bytes

#: Files read whole into memory (SIPRI, ATOP, edge lists, XML) are refused beyond this size.
MAX_INPUT_BYTES = 200 * 1024 * 1024


def load_input(source: Source, report: ImportReport, *, name: str | None = None,
               max_bytes: int = MAX_INPUT_BYTES) -> tuple[str, bytes]:
    """The display name and bytes of an input; a missing or oversized file is refused."""
    if isinstance(source, bytes | bytearray | memoryview):
        display = name or "upload"
        data = bytes(source)
    else:
        path = Path(source)
        display = name or path.name
        if not path.is_file():
            _note_file(report, display)
            raise report.refuse(display, f"there is no file at {path}")
        size = path.stat().st_size
        if size > max_bytes:
            _note_file(report, display)
            raise report.refuse(display, f"the file is {size:,} bytes, more than the "
                                         f"{max_bytes:,} this importer reads")
        data = path.read_bytes()
    _note_file(report, display)
    if len(data) > max_bytes:
        raise report.refuse(display, f"the input is {len(data):,} bytes, more than the "
                                     f"{max_bytes:,} this importer reads")
    return display, data


def _note_file(report: ImportReport, display: str) -> None:
    if display not in report.files:
        report.files.append(display)


def decode_text(data: bytes, name: str, report: ImportReport) -> str:
    """Text of a file: UTF-8 (with or without BOM), UTF-16 with a BOM, else Windows-1252.

    An empty or binary file is refused; a file that is not UTF-8 is read as Windows-1252
    (a superset of latin-1 for printable text) with a WARNING naming the first odd byte's line.

    >>> report = ImportReport("csv")
    >>> decode_text("Côte".encode("latin-1"), "x.csv", report)
    'Côte'
    >>> report.count("WARNING")
    1
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise report.refuse(name, "starts with a UTF-16 mark but is not UTF-16: "
                                      f"{error}") from None
    if not data.strip():
        raise report.refuse(name, "the file is empty")
    if b"\x00" in data[:65536]:
        raise report.refuse(name, "the file holds NUL bytes: it is binary, not a text file "
                                  "(a spreadsheet saved as .xlsx, or a compressed file?)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            text = data.decode("latin-1")
        report.warn(name, line, "the file is not UTF-8: it was read as Windows-1252 (latin-1); "
                                "check names with accents", repr(data[error.start:error.start + 4]))
        return text


def safe_id(*parts: object) -> str:
    """An id that the dataset accepts, built from parts.

    >>> safe_id("sipri", "IRN", "RUS", 2022)
    'sipri-IRN-RUS-2022'
    >>> safe_id("csv", "tie #1 (draft)")
    'csv-tie_1_draft'
    """
    text = "-".join(str(part) for part in parts if str(part) != "")
    text = re.sub(r"[^A-Za-z0-9_.:-]+", "_", text).strip("_")
    text = re.sub(r"_+", "_", text)
    if not text or not text[0].isalnum():
        text = "x" + text
    return text


def scale_weights(values: list[float], *, scaling: Literal["log", "linear"] = "log",
                  floor: float = 0.05) -> list[float]:
    """Map non-negative magnitudes into (0, 1] against their maximum.

    ``log``: ``max(floor, log(1 + v) / log(1 + max))``; ``linear``: ``max(floor, v / max)``.
    Rounded to 4 decimals; never 0 and never above 1.

    >>> scale_weights([0, 60, 200, 1950])
    [0.05, 0.5426, 0.7, 1.0]
    >>> scale_weights([1, 2, 4], scaling="linear", floor=0.0001)
    [0.25, 0.5, 1.0]
    """
    import math

    top = max(values, default=0.0)
    out: list[float] = []
    for value in values:
        if top <= 0 or value <= 0:
            ratio = 0.0
        elif scaling == "log":
            ratio = math.log1p(value) / math.log1p(top)
        else:
            ratio = value / top
        out.append(min(1.0, max(floor, round(ratio, 4), 0.0001)))
    return out


# --- the result ----------------------------------------------------------------------------------


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


# --- writing -----------------------------------------------------------------------------------


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


# --- archives ----------------------------------------------------------------------------------

#: Zip archives: at most this many members, and this many bytes once uncompressed.
MAX_ZIP_MEMBERS = 200
MAX_ZIP_BYTES = 2 * 1024 * 1024 * 1024


def safe_member_name(member: str) -> str | None:
    """The member's relative path when it is safe to extract, else None (path traversal).

    >>> safe_member_name("data/ties.csv"), safe_member_name("../etc/passwd")
    ('data/ties.csv', None)
    >>> safe_member_name("/abs/path"), safe_member_name("C:\\\\evil.csv")
    (None, None)
    """
    name = member.replace("\\", "/")
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        return None
    parts = [part for part in name.split("/") if part not in ("", ".")]
    if any(part == ".." for part in parts) or not parts:
        return None
    return "/".join(parts)


def extract_zip(archive: Any, dest: Path, report: ImportReport, display: str, *,
                max_members: int = MAX_ZIP_MEMBERS,
                max_bytes: int = MAX_ZIP_BYTES) -> list[tuple[str, Path]]:
    """Extract a :class:`zipfile.ZipFile`'s files under ``dest``, refusing unsafe archives.

    Refused (CRITICAL): more than ``max_members`` members, a member path that climbs out of
    ``dest`` or is absolute, more than ``max_bytes`` uncompressed (counted while extracting,
    not trusted from the archive's directory), an encrypted or corrupt member. Returns
    ``(member name, extracted path)`` for each file, directories and macOS ``__MACOSX``
    resource forks left out.
    """
    import zipfile

    infos = archive.infolist()
    if len(infos) > max_members:
        raise report.refuse(display, f"the zip holds {len(infos)} members, more than the "
                                     f"{max_members} allowed")
    extracted: list[tuple[str, Path]] = []
    total = 0
    for info in infos:
        relative = safe_member_name(info.filename)
        if relative is None:
            raise report.refuse(display, "the zip has a member whose path leaves the archive "
                                         "folder (path traversal)", value=info.filename)
        if info.is_dir() or relative.startswith("__MACOSX/") or "/." in f"/{relative}":
            continue
        if info.flag_bits & 0x1:
            raise report.refuse(display, "the zip has an encrypted member", value=info.filename)
        target = dest / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            with archive.open(info) as member, target.open("wb") as out:
                while chunk := member.read(1 << 20):
                    total += len(chunk)
                    if total > max_bytes:
                        raise report.refuse(display, "the zip uncompresses to more than "
                                                     f"{max_bytes:,} bytes")
                    out.write(chunk)
        except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, ValueError) as error:
            raise report.refuse(display, f"the zip member cannot be read: {error}",
                                value=info.filename) from None
        extracted.append((relative, target))
    return extracted
