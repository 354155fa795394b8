"""One way in for every import: detect the kind, cap the size, call the importer, never a traceback.

:func:`import_upload` takes a file name and its bytes (what the page's upload component gives);
:func:`import_file` takes a path (the command line). Both detect the kind with
:func:`detect_kind` and dispatch through the same function; they differ only in their caps
(:data:`UPLOAD_LIMITS`, :data:`FILE_LIMITS`) and in that a GDELT file on disk is streamed,
whatever its size, rather than read into memory. Either returns an
:class:`~graph.importers.result.ImportResult` or raises
:class:`~graph.importers.report.ImportRefused` whose message says, in a sentence, why the input
was refused. No other exception escapes, whatever the bytes (``import_file`` also raises
``FileNotFoundError`` when there is nothing at the path).

Kinds (``kind=None`` detects them from the content, the file name only breaking ties):

* ``dataset``: a dataset folder, or a zip of one (``countries.csv``, ``ties.csv``,
  ``sources.csv``..., at the top or in one folder), see :mod:`graph.importers.folder`;
* ``sipri``, ``gdelt``, ``atop``: see their modules; ``csv``: any dated edge list, including
  the project's own ``ties.csv``; ``gexf``, ``graphml``: see :mod:`graph.importers.xml`;
* a ``.gz`` file is decompressed (within the caps) and detected again; a zip that is not a
  dataset may hold one file of any kind, or several GDELT exports.

Caps: ``max_bytes`` for the input; for a zip ``max_members`` and ``max_uncompressed`` (counted
while extracting, not trusted from the archive); member paths that climb out of the archive
(``../``) or are absolute refuse the zip; an upload also has at most ``MAX_UPLOAD_LINES`` lines.

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
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .atop import import_atop, looks_like_atop
from .crosswalk import Crosswalk
from .edgelist import import_edgelist, sniff_delimiter
from .folder import import_dataset_folder
from .gdelt import import_gdelt, looks_like_gdelt
from .optional import MissingDependency
from .reading import MAX_INPUT_BYTES
from .report import ImportRefused, ImportReport
from .result import ImportResult
from .sipri import import_sipri, looks_like_sipri
from .xml import XmlKind, import_xml
from .zipfiles import MAX_ZIP_MEMBERS as FILE_ZIP_MEMBERS
from .zipfiles import extract_zip

__all__ = [
    "FILE_LIMITS",
    "KINDS",
    "MATCHING_KINDS",
    "MAX_UNCOMPRESSED_BYTES",
    "MAX_UPLOAD_BYTES",
    "MAX_UPLOAD_LINES",
    "MAX_ZIP_MEMBERS",
    "UPLOAD_LIMITS",
    "Limits",
    "detect_kind",
    "import_file",
    "import_upload",
]

log = logging.getLogger(__name__)

KINDS = ("dataset", "csv", "sipri", "gdelt", "atop", "gexf", "graphml")
#: Kinds whose nodes are matched to actors by guessing the code system (see
#: graph.importers.matching); only they take ``allow_partial_match``.
MATCHING_KINDS = ("csv", "gexf", "graphml", "xml")
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
#: An upload is imported while its user waits, in a server thread: bound the work as well as
#: the bytes (two million 10-byte rows fit under 20 MB and took a minute to refuse).
#: The command line has no such cap.
MAX_UPLOAD_LINES = 250_000
MAX_ZIP_MEMBERS = 100
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
_HEAD = 65536


@dataclass(frozen=True)
class Limits:
    """The caps of one way in: bytes read, zip members, bytes uncompressed, lines."""

    max_bytes: int
    max_members: int
    max_uncompressed: int
    max_lines: int | None


UPLOAD_LIMITS = Limits(MAX_UPLOAD_BYTES, MAX_ZIP_MEMBERS, MAX_UNCOMPRESSED_BYTES,
                       MAX_UPLOAD_LINES)
FILE_LIMITS = Limits(MAX_INPUT_BYTES, FILE_ZIP_MEMBERS, 4 * MAX_INPUT_BYTES, None)


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
    limits = Limits(max_bytes, max_members, max_uncompressed, MAX_UPLOAD_LINES)
    return _guarded(name, kind or "upload",
                    lambda: _import(name, bytes(content), kind, limits, crosswalk, options, 0))


def import_file(path: Path | str, kind: str | None = None, *,
                crosswalk: Crosswalk | None = None, **options: Any) -> ImportResult:
    """Import a file or dataset folder from disk, detecting its kind unless ``kind`` is given.

    ``options`` go to the importer (e.g. ``group="deal-year"`` for SIPRI, ``min_events=5``
    for GDELT, ``columns={...}`` for an edge list, ``allow_partial_match=True`` for an edge
    list or network). GDELT files, plain or zipped, are streamed whatever their size; other
    files are read whole (up to 200 MB). Raises :class:`ImportRefused` when the input is
    refused; ``FileNotFoundError`` when there is nothing at ``path``.
    """
    target = Path(path)
    if target.is_dir():
        return _guarded(target.name, "dataset", lambda: import_dataset_folder(
            target, crosswalk=crosswalk))
    if not target.is_file():
        raise FileNotFoundError(f"no file or folder at {target}")
    with target.open("rb") as handle:
        head = handle.read(_HEAD)
    found = kind or detect_kind(target.name, head)
    if found == "gdelt" or (kind is None and found in ("zip", "gzip")
                            and _holds_gdelt(target, head)):
        # Streamed by DuckDB from the path: GDELT files may be far larger than memory.
        return _guarded(target.name, "gdelt", lambda: import_gdelt(
            target, crosswalk=crosswalk, **_options_for("gdelt", options)))
    size = target.stat().st_size
    if size > FILE_LIMITS.max_bytes:
        report = ImportReport(kind or "import", [target.name])
        raise report.refuse(target.name, f"the file is {size:,} bytes, more than the "
                                         f"{FILE_LIMITS.max_bytes:,} this importer reads")
    content = target.read_bytes()
    return _guarded(target.name, found or "import",
                    lambda: _import(target.name, content, kind, FILE_LIMITS, crosswalk, options, 0))


def _guarded(name: str, label: str, run: Callable[[], ImportResult]) -> ImportResult:
    """``run()``, with every failure turned into a refusal that says why in a sentence."""
    try:
        return run()
    except ImportRefused:
        raise
    except MissingDependency as missing:
        report = ImportReport(label, [name])
        raise report.refuse(name, str(missing)) from None
    except (MemoryError, RecursionError) as error:
        report = ImportReport(label, [name])
        raise report.refuse(name, f"the file is too large or too deeply nested to import "
                                  f"({type(error).__name__})") from None
    except Exception as error:  # never a traceback for a user's file
        log.exception("import of %s failed", name)
        report = ImportReport(label, [name])
        raise report.refuse(name, f"the file could not be imported ({type(error).__name__}: "
                                  f"{error})") from None


def _options_for(kind: str, options: dict[str, Any]) -> dict[str, Any]:
    # Only importers that guess how nodes are coded take allow_partial_match: SIPRI, GDELT,
    # ATOP and datasets name actors in one known system, so the option has nothing to allow.
    if kind in MATCHING_KINDS:
        return options
    return {key: value for key, value in options.items() if key != "allow_partial_match"}


def _import(name: str, content: bytes, kind: str | None, limits: Limits,
            crosswalk: Crosswalk | None, options: dict[str, Any], depth: int) -> ImportResult:
    report = ImportReport(kind or "upload", [name])
    if kind is not None and kind not in KINDS:
        raise report.refuse(name, f"unknown kind {kind!r} (one of {', '.join(KINDS)})")
    if len(content) > limits.max_bytes:
        raise report.refuse(name, f"the file is {len(content):,} bytes, more than the "
                                  f"{limits.max_bytes:,} allowed")
    if not content.strip():
        raise report.refuse(name, "the file is empty")
    found = detect_kind(name, content[:_HEAD])
    if found is None:
        raise report.refuse(name, "the file is binary (NUL bytes), not a CSV, XML or zip file")
    if found not in ("zip", "gzip") and limits.max_lines is not None:
        lines = content.count(b"\n")
        if lines > limits.max_lines:
            raise report.refuse(name, f"the file has {lines:,} lines, more than the "
                                      f"{limits.max_lines:,} an upload may have; import it "
                                      "with the command line (realpolitik import), which has "
                                      "no such cap")
    if found in ("zip", "gzip") and depth > 0:
        raise report.refuse(name, "an archive inside an archive is not opened")
    inner = Limits(limits.max_uncompressed, limits.max_members, limits.max_uncompressed,
                   limits.max_lines)
    if found == "gzip":
        return _import(name.removesuffix(".gz"),
                       _gunzip(content, name, report, limits.max_uncompressed),
                       kind, inner, crosswalk, options, depth + 1)
    if found == "zip" or kind == "dataset":
        if found != "zip":
            raise report.refuse(name, "a dataset upload must be a zip of the dataset's files")
        return _import_zip(name, content, kind, limits, crosswalk, options, report, depth)
    chosen = kind or found
    given = _options_for(chosen, options)
    if chosen in ("xml", "gexf", "graphml"):
        xml_kind: XmlKind | None = "gexf" if chosen == "gexf" else (
            "graphml" if chosen == "graphml" else None)
        return import_xml(content, name=name, kind=xml_kind, crosswalk=crosswalk, **given)
    if chosen == "sipri":
        return import_sipri(content, name=name, crosswalk=crosswalk, **given)
    if chosen == "gdelt":
        return import_gdelt(content, names=[name], crosswalk=crosswalk, **given)
    if chosen == "atop":
        return import_atop(content, name=name, crosswalk=crosswalk, **given)
    return import_edgelist(content, name=name, crosswalk=crosswalk, **given)


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


def _import_zip(name: str, content: bytes, kind: str | None, limits: Limits,
                crosswalk: Crosswalk | None, options: dict[str, Any], report: ImportReport,
                depth: int) -> ImportResult:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise report.refuse(name, f"the zip cannot be read: {error}") from None
    with archive, tempfile.TemporaryDirectory(prefix="realpolitik-upload-") as folder:
        infos = archive.infolist()
        if len(infos) > limits.max_members:
            raise report.refuse(name, f"the zip holds {len(infos)} members, more than the "
                                      f"{limits.max_members} allowed")
        declared = sum(info.file_size for info in infos)
        if declared > limits.max_uncompressed:
            raise report.refuse(name, f"the zip would uncompress to {declared:,} bytes, more "
                                      f"than the {limits.max_uncompressed:,} allowed")
        members = extract_zip(archive, Path(folder), report, name,
                              max_members=limits.max_members,
                              max_bytes=limits.max_uncompressed)
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
                                crosswalk=crosswalk, **_options_for("gdelt", options))
        if len(members) != 1:
            raise report.refuse(name, f"the zip holds {len(members)} files and no dataset "
                                      "(ties.csv): upload one file, or a dataset zip")
        member, path = members[0]
        inner = Limits(limits.max_uncompressed, limits.max_members, limits.max_uncompressed,
                       limits.max_lines)
        return _import(f"{name}:{member}", path.read_bytes(), kind, inner, crosswalk, options,
                       depth + 1)


def _holds_gdelt(path: Path, head: bytes) -> bool:
    """Whether a zip's first member, or a gzip's content, starts like a GDELT export."""
    try:
        if head.startswith(b"\x1f\x8b"):
            with gzip.open(path, "rb") as stream:
                first = stream.readline(100_000)
        else:
            with zipfile.ZipFile(path) as archive:
                files = [info for info in archive.infolist() if not info.is_dir()]
                if not files:
                    return False
                with archive.open(files[0]) as member:
                    first = member.readline(100_000)
    except (OSError, EOFError, zipfile.BadZipFile, ValueError):
        return False
    return looks_like_gdelt(first.decode("latin-1"))
