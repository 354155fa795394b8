"""One finding type for everything that checks input: validation, stories and imports.

A :class:`Finding` says where something is wrong (file, line, column or field, the value) and
what, in a plain sentence, at one of three levels:

* ``CRITICAL``: the input is refused as a whole (an import stops);
* ``ERROR``: the row is wrong (validation refuses the dataset, an import drops the row);
* ``WARNING``: the row is kept, perhaps changed, and flagged.

``line`` is the physical line in ``file`` (1 is a CSV's header), 0 for the file as a whole.

>>> print(Finding("ties.csv", 4, "source", "Atlantis", "names a country not in countries.csv"))
ERROR ties.csv:4 [source] 'Atlantis': names a country not in countries.csv
>>> print(Finding("net.gexf", 0, "", "", "the file is empty", "CRITICAL"))
CRITICAL net.gexf: the file is empty
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

__all__ = ["LEVELS", "Finding", "Level"]

Level = Literal["CRITICAL", "ERROR", "WARNING"]
#: Levels, most severe first (the order reports list them in).
LEVELS: tuple[Level, ...] = ("CRITICAL", "ERROR", "WARNING")


# The positional order (file, line, column, value, message, level) is the one validation and
# stories have always built findings with; ``order=True`` sorts by place first.
@dataclass(frozen=True, order=True)
class Finding:
    """One finding: where it is and a plain sentence saying what is wrong."""

    file: str
    line: int
    column: str
    value: str
    message: str
    level: Level = "ERROR"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        column = f" [{self.column}]" if self.column else ""
        value = f" {self.value!r}" if self.value else ""
        return f"{self.level} {where}{column}{value}: {self.message}"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form.

        >>> Finding("x.csv", 2, "", "", "is empty").to_dict()["message"]
        'is empty'
        """
        return {"level": self.level, "file": self.file, "line": self.line,
                "column": self.column, "value": self.value, "message": self.message}
