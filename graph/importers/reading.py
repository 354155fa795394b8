"""Reading an importer's input: a path or uploaded bytes, within a size cap, decoded as text.

>>> from .report import ImportReport
>>> report = ImportReport("csv")
>>> load_input(b"source,target", report, name="ties.csv")
('ties.csv', b'source,target')
>>> report.files
['ties.csv']
"""

from __future__ import annotations

import os
from pathlib import Path

from .report import ImportReport

__all__ = ["MAX_INPUT_BYTES", "Source", "decode_text", "load_input"]

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
