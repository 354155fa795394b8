"""Import whatever a user uploads, safely: detect the kind, cap the size, never a traceback.

:func:`import_upload` takes a file name and its bytes (what the page's upload component gives)
and returns an :class:`~graph.importers.report.ImportResult`, or raises
:class:`~graph.importers.report.ImportRefused` whose message says, in a sentence, why the file
was refused. No other exception escapes, whatever the bytes.

Kinds (``kind=None`` detects them from the content, the file name only breaking ties):

* ``dataset``: a zip of a dataset folder (``countries.csv``, ``ties.csv``, ``sources.csv``...,
  at the top or in one folder), validated with :mod:`graph.validate`; rows with errors are
  dropped (ERROR) until what is left is valid, a missing file or column refuses it;
* ``sipri``, ``gdelt``, ``atop``: see their modules; ``csv``: any dated edge list, including
  the project's own ``ties.csv``; ``gexf``, ``graphml``: see :mod:`graph.importers.xml`;
* a ``.gz`` file is decompressed (within the caps) and detected again; a zip that is not a
  dataset may hold one file of any kind, or several GDELT exports.

Caps, all parameters: ``max_bytes`` (20 MB) for the upload; for a zip ``max_members`` (100) and
``max_uncompressed`` (200 MB, counted while extracting, not trusted from the archive); member
paths that climb out of the archive (``../``) or are absolute refuse the zip.

>>> import_upload("ties.csv", b"source,target,start\\nIRN,RUS,2022\\n").report.summary()
'csv import of ties.csv: 1 rows read, 1 imported, 0 merged, 0 skipped'
>>> try:
...     import_upload("data.csv", b"\\x00\\x01\\x02binary")
... except ImportRefused as refused:
...     print(refused)
data.csv refused: the file is binary (NUL bytes), not a CSV, XML or zip file
"""

from __future__ import annotations

import csv
import gzip
import io
import logging
import tempfile
import zipfile
import zlib
from pathlib import Path
from typing import Any

import pandas as pd

from graph.dataset import LINE, TABLES, RawTable, read_metadata, read_tables

from .atop import import_atop, looks_like_atop
from .crosswalk import Crosswalk
from .edgelist import import_edgelist, sniff_delimiter
from .gdelt import import_gdelt, looks_like_gdelt
from .report import (
    ImportRefused,
    ImportReport,
    ImportResult,
    extract_zip,
)
from .sipri import import_sipri, looks_like_sipri
from .xml import import_xml

__all__ = [
    "KINDS",
    "MAX_UNCOMPRESSED_BYTES",
    "MAX_UPLOAD_BYTES",
    "MAX_UPLOAD_LINES",
    "MAX_ZIP_MEMBERS",
    "detect_kind",
    "import_dataset_folder",
    "import_upload",
]

log = logging.getLogger(__name__)

KINDS = ("dataset", "csv", "sipri", "gdelt", "atop", "gexf", "graphml")
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
#: An upload is imported while its user waits, in a server thread: bound the work as well as
#: the bytes (two million 10-byte rows fit under 20 MB and took a minute to refuse).
#: The command line has no such cap.
MAX_UPLOAD_LINES = 250_000
MAX_ZIP_MEMBERS = 100
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
_HEAD = 65536


def detect_kind(filename: str, head: bytes) -> str | None:
    """The kind of a file from its first bytes (and its name when the bytes cannot tell).

    Returns one of :data:`KINDS`, ``zip``, ``gzip``, ``xml`` (XML of another root) or None
    for binary content.

    >>> detect_kind("x.gexf", b'<?xml version="1.0"?><gexf version="1.3">')
    'gexf'
    >>> detect_kind("d.csv", b"dyad,mem1,mem2,year,atopally,defense,offense,neutral,nonagg,consul")
    'atop'
    >>> detect_kind("t.csv", b"source;target;start\\n"), detect_kind("z.zip", b"PK\\x03\\x04")
    ('csv', 'zip')
    """
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "zip"
    if head.startswith(b"\x1f\x8b"):
        return "gzip"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = head.decode("utf-16", errors="replace")
    elif b"\x00" in head:
        return None
    else:
        text = head.decode("utf-8", errors="replace")
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped.startswith("<"):
        lowered = stripped[:4096].casefold()
        if "<gexf" in lowered:
            return "gexf"
        if "<graphml" in lowered:
            return "graphml"
        return "xml"
    if looks_like_sipri(text):
        return "sipri"
    first = next((line for line in text.splitlines() if line.strip()), "")
    if looks_like_gdelt(first):
        return "gdelt"
    try:
        header = next(csv.reader([first], delimiter=sniff_delimiter(text)))
    except (csv.Error, StopIteration):
        header = []
    if looks_like_atop(header):
        return "atop"
    suffix = Path(filename).suffix.casefold()
    if suffix in {".gexf", ".graphml"}:
        return suffix[1:]
    return "csv"


def import_upload(filename: str, content: bytes, kind: str | None = None, *,
                  max_bytes: int = MAX_UPLOAD_BYTES, max_members: int = MAX_ZIP_MEMBERS,
                  max_uncompressed: int = MAX_UNCOMPRESSED_BYTES,
                  crosswalk: Crosswalk | None = None, **options: Any) -> ImportResult:
    """Import an uploaded file (see the module docstring); ``options`` go to the importer."""
    name = Path(str(filename or "upload").replace("\\", "/")).name or "upload"
    try:
        return _import(name, bytes(content), kind, max_bytes, max_members, max_uncompressed,
                       crosswalk, options, 0)
    except ImportRefused:
        raise
    except (MemoryError, RecursionError) as error:
        report = ImportReport(kind or "upload", [name])
        raise report.refuse(name, f"the file is too large or too deeply nested to import "
                                  f"({type(error).__name__})") from None
    except Exception as error:  # never a traceback for an upload
        log.exception("import of %s failed", name)
        report = ImportReport(kind or "upload", [name])
        raise report.refuse(name, f"the file could not be imported ({type(error).__name__}: "
                                  f"{error})") from None


def _import(name: str, content: bytes, kind: str | None, max_bytes: int, max_members: int,
            max_uncompressed: int, crosswalk: Crosswalk | None,
            options: dict[str, Any], depth: int) -> ImportResult:
    report = ImportReport(kind or "upload", [name])
    if kind is not None and kind not in KINDS:
        raise report.refuse(name, f"unknown kind {kind!r} (one of {', '.join(KINDS)})")
    if len(content) > max_bytes:
        raise report.refuse(name, f"the file is {len(content):,} bytes, more than the "
                                  f"{max_bytes:,} allowed")
    if not content.strip():
        raise report.refuse(name, "the file is empty")
    found = detect_kind(name, content[:_HEAD])
    if found is None:
        raise report.refuse(name, "the file is binary (NUL bytes), not a CSV, XML or zip file")
    if found not in ("zip", "gzip"):
        lines = content.count(b"\n")
        if lines > MAX_UPLOAD_LINES:
            raise report.refuse(name, f"the file has {lines:,} lines, more than the "
                                      f"{MAX_UPLOAD_LINES:,} an upload may have; import it "
                                      "with the command line (realpolitik import), which has "
                                      "no such cap")
    if found in ("zip", "gzip") and depth > 0:
        raise report.refuse(name, "an archive inside an archive is not opened")
    if found == "gzip":
        return _import(name.removesuffix(".gz"), _gunzip(content, name, report,
                                                         max_uncompressed),
                       kind, max_uncompressed, max_members, max_uncompressed, crosswalk, options,
                       depth + 1)
    if found == "zip" or kind == "dataset":
        if found != "zip":
            raise report.refuse(name, "a dataset upload must be a zip of the dataset's files")
        return _import_zip(name, content, kind, max_members, max_uncompressed, crosswalk,
                           options, report, depth)
    chosen = kind or found
    if chosen == "xml":
        return import_xml(content, name=name, crosswalk=crosswalk, **options)
    if chosen == "sipri":
        return import_sipri(content, name=name, crosswalk=crosswalk, **options)
    if chosen == "gdelt":
        return import_gdelt(content, names=[name], crosswalk=crosswalk, **options)
    if chosen == "atop":
        return import_atop(content, name=name, crosswalk=crosswalk, **options)
    if chosen == "gexf":
        return import_xml(content, name=name, kind="gexf", crosswalk=crosswalk, **options)
    if chosen == "graphml":
        return import_xml(content, name=name, kind="graphml", crosswalk=crosswalk, **options)
    return import_edgelist(content, name=name, crosswalk=crosswalk, **options)


def _gunzip(content: bytes, name: str, report: ImportReport, limit: int) -> bytes:
    out = bytearray()
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(content)) as stream:
            while chunk := stream.read(1 << 20):
                out.extend(chunk)
                if len(out) > limit:
                    raise report.refuse(name, f"the file uncompresses to more than {limit:,} "
                                              "bytes")
    except (OSError, EOFError, zlib.error) as error:
        raise report.refuse(name, f"the gzip file cannot be read: {error}") from None
    return bytes(out)


def _import_zip(name: str, content: bytes, kind: str | None, max_members: int,
                max_uncompressed: int, crosswalk: Crosswalk | None, options: dict[str, Any],
                report: ImportReport, depth: int) -> ImportResult:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise report.refuse(name, f"the zip cannot be read: {error}") from None
    with archive, tempfile.TemporaryDirectory(prefix="realpolitik-upload-") as folder:
        infos = archive.infolist()
        if len(infos) > max_members:
            raise report.refuse(name, f"the zip holds {len(infos)} members, more than the "
                                      f"{max_members} allowed")
        declared = sum(info.file_size for info in infos)
        if declared > max_uncompressed:
            raise report.refuse(name, f"the zip would uncompress to {declared:,} bytes, more "
                                      f"than the {max_uncompressed:,} allowed")
        members = extract_zip(archive, Path(folder), report, name, max_members=max_members,
                              max_bytes=max_uncompressed)
        if not members:
            raise report.refuse(name, "the zip holds no file")
        ties = [path for member, path in members if path.name == "ties.csv"]
        if kind == "dataset" or (ties and kind is None):
            if len(ties) != 1:
                raise report.refuse(name, "a dataset zip needs exactly one ties.csv "
                                          f"(found {len(ties)})")
            return import_dataset_folder(ties[0].parent, name=name, crosswalk=crosswalk)
        kinds = {member: detect_kind(member, path.read_bytes()[:_HEAD])
                 for member, path in members}
        if (kind == "gdelt" or all(found == "gdelt" for found in kinds.values())) and (
            kind in (None, "gdelt")
        ):
            return import_gdelt([path for _, path in members],
                                names=[f"{name}:{member}" for member, _ in members],
                                crosswalk=crosswalk, **options)
        if len(members) != 1:
            raise report.refuse(name, f"the zip holds {len(members)} files and no dataset "
                                      "(ties.csv): upload one file, or a dataset zip")
        member, path = members[0]
        return _import(f"{name}:{member}", path.read_bytes(), kind, max_uncompressed,
                       max_members, max_uncompressed, crosswalk, options, depth + 1)


def import_dataset_folder(folder: Path | str, *, name: str | None = None,
                          crosswalk: Crosswalk | None = None) -> ImportResult:
    """Read a dataset folder as an import: rows with errors dropped until the rest is valid.

    A missing file or column, or a broken ``datapackage.json``, refuses it (CRITICAL). The
    crosswalk is not used: a dataset already names actors by id.
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
    for _ in range(10):
        found = validate_tables(tables)
        structural = [p for p in found.errors if p.line <= 1]
        if structural:
            shown = "; ".join(str(problem) for problem in structural[:5])
            raise report.refuse(display, f"the dataset is not readable as a whole: {shown}")
        new = [p for p in found.errors if p.line not in dropped[p.file.removesuffix(".csv")]]
        if not new:
            for problem in found.warnings:
                report.warn(f"{display}:{problem.file}", problem.line,
                            f"{problem.column + ': ' if problem.column else ''}{problem.message}",
                            problem.value)
            break
        for problem in new:
            table = problem.file.removesuffix(".csv")
            if problem.line in dropped[table]:
                continue
            dropped[table].add(problem.line)
            report.skip(f"{display}:{problem.file}", problem.line,
                        f"{problem.column + ': ' if problem.column else ''}{problem.message}",
                        problem.value)
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
