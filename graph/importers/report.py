"""What an import did: every row read is imported, merged or skipped, and why.

Every importer fills one :class:`ImportReport`. Each row of the input ends in exactly one of three
counters, so that nothing is silently lost (``read == imported + merged + skipped``):

* **imported**: the row started a tie of its own;
* **merged**: the row was folded into a tie another row started (same pair, type and period);
* **skipped**: the row was dropped; an ``ERROR`` says which row and why.

Findings are :class:`graph.findings.Finding`, as validation's are, at three levels:

* ``CRITICAL``: the file is refused as a whole; :meth:`ImportReport.refuse` raises
  :class:`ImportRefused`, which carries the report;
* ``ERROR``: the row is dropped (see :meth:`ImportReport.skip`);
* ``WARNING``: the row is kept, possibly changed, and flagged (see :meth:`ImportReport.warn`).

Large inputs (GDELT) report a reason once with a count and the first line numbers
(:meth:`ImportReport.skip_many`); every finding is also summarised per (level, file, column,
message) in :attr:`ImportReport.groups`, so a report stays readable whatever the size of the
input.

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

from dataclasses import dataclass, field, replace
from typing import Any

from graph.findings import LEVELS, Finding, Level

__all__ = [
    "DETAIL_LIMIT",
    "FIRST_LINES",
    "FindingGroup",
    "ImportRefused",
    "ImportReport",
]

#: Findings kept one by one; beyond this they are only counted in their group.
DETAIL_LIMIT = 10_000
#: Line numbers kept per group as examples.
FIRST_LINES = 5


@dataclass
class FindingGroup:
    """All findings of one level and message in one file: how many, and the first lines."""

    level: Level
    file: str
    message: str
    column: str = ""
    count: int = 0
    lines: list[int] = field(default_factory=list)
    values: list[str] = field(default_factory=list)

    @property
    def reason(self) -> str:
        """The message under the name the import reports used to give it."""
        return self.message

    def to_dict(self) -> dict[str, Any]:
        # The JSON keeps the key "reason" (and has "column" only when there is one): imported
        # datasets such as data/layers/sipri carry this summary in their datapackage.json.
        column = {"column": self.column} if self.column else {}
        return {"level": self.level, "file": self.file, **column, "reason": self.message,
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
    issues: list[Finding] = field(default_factory=list)
    groups: dict[tuple[str, str, str, str], FindingGroup] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    #: How the nodes of a network were matched to actors (see graph.importers.matching).
    matching: dict[str, Any] = field(default_factory=dict)

    # --- recording ---------------------------------------------------------------------------

    def _group(self, level: Level, file: str, message: str, column: str = "") -> FindingGroup:
        key = (level, file, column, message)
        group = self.groups.get(key)
        if group is None:
            group = self.groups[key] = FindingGroup(level, file, message, column)
        return group

    def add(self, finding: Finding, count: int = 1) -> None:
        """Record a finding as it is (a ``CRITICAL`` or ``ERROR`` moves no counter here)."""
        finding = replace(finding, line=int(finding.line), value=str(finding.value)[:120])
        group = self._group(finding.level, finding.file, finding.message, finding.column)
        group.count += count
        if len(group.lines) < FIRST_LINES:
            group.lines.append(finding.line)
            group.values.append(finding.value)
        if len(self.issues) < DETAIL_LIMIT:
            self.issues.append(finding)

    def drop(self, finding: Finding) -> None:
        """Drop the row of an ``ERROR`` finding (e.g. validation's): the row counts as skipped."""
        self.skipped += 1
        self.add(finding)

    def skip(self, file: str, line: int, reason: str, value: str = "", *,
             column: str = "") -> None:
        """Drop one row: an ``ERROR`` finding, and the row counts as skipped."""
        self.drop(Finding(file, line, column, value, reason, "ERROR"))

    def warn(self, file: str, line: int, reason: str, value: str = "", *,
             column: str = "") -> None:
        """Flag a row that is kept (perhaps changed): a ``WARNING`` finding, no counter moves."""
        self.add(Finding(file, line, column, value, reason, "WARNING"))

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
                Finding(file, min(first_lines) if first_lines else 0, "", "",
                        f"{reason} ({count} rows; first lines {shown})", "ERROR")
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
        self.add(Finding(file, line, "", value, reason, "CRITICAL"))
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

    def by_level(self, level: Level) -> list[FindingGroup]:
        return sorted((g for g in self.groups.values() if g.level == level),
                      key=lambda g: (-g.count, g.file, g.column, g.message))

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
                place = f"{group.file} [{group.column}]" if group.column else group.file
                if level == "CRITICAL":
                    lines.append(f"  {place}: {group.message}{where}")
                else:
                    lines.append(f"  {place}: {group.message}: {group.count} {noun}{where}")
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
            **({"matching": dict(self.matching)} if self.matching else {}),
            "groups": [group.to_dict() for level in LEVELS for group in self.by_level(level)],
            "issues": [issue.to_dict() for issue in self.issues],
            "notes": list(self.notes),
        }
