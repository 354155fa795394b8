"""Importers: other datasets' files mapped onto the project's dataset format.

Every importer returns an :class:`ImportResult`: dataset tables of text (``countries``,
``ties``, ``sources``) and an :class:`ImportReport` accounting for every row read (imported,
merged or skipped, each finding with file, line and reason). :func:`write_dataset` writes the
result as a dataset folder that :func:`graph.validate.load_dataset` accepts. A file refused as a
whole raises :class:`ImportRefused`, which carries the report.

=============  ===============================================  ==============================
kind           reads                                            function
=============  ===============================================  ==============================
``sipri``      SIPRI Arms Transfers trade register (both        :func:`import_sipri`
               exports)
``gdelt``      GDELT 1.0/2.0 event exports, plain, .gz or .zip  :func:`import_gdelt`
``atop``       ATOP dyad-year alliance data                      :func:`import_atop`
``csv``        any dated edge list                               :func:`import_edgelist`
``gexf``,      GEXF 1.2/1.3 (static, dynamic) and GraphML       :func:`import_xml`
``graphml``
``dataset``    a dataset folder, or a zip of one                 :func:`import_dataset_folder`
=============  ===============================================  ==============================

:func:`import_file` (the command line) and :func:`import_upload` (the page) detect the kind.
No importer imports dash; DuckDB (for GDELT) is imported only when GDELT is read.

>>> from graph.importers import import_upload, resolve
>>> result = import_upload("ties.csv", b"from,to,year,type\\nIran,Russia,2022,arms_transfer\\n")
>>> result.ties.loc[0, ["source", "target", "type", "start"]].tolist()
['IRN', 'RUS', 'arms_transfer', '2022']
>>> resolve(365, "cow", 1990)
'SUN'
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .atop import import_atop
from .crosswalk import Crosswalk, default_crosswalk, resolve
from .edgelist import import_edgelist
from .gdelt import import_gdelt
from .report import (
    ImportRefused,
    ImportReport,
    ImportResult,
    Issue,
    write_dataset,
)
from .sipri import import_sipri
from .upload import (
    KINDS,
    MAX_UPLOAD_BYTES,
    detect_kind,
    import_dataset_folder,
    import_upload,
)
from .xml import import_gexf, import_graphml, import_xml

__all__ = [
    "KINDS",
    "MAX_UPLOAD_BYTES",
    "Crosswalk",
    "ImportRefused",
    "ImportReport",
    "ImportResult",
    "Issue",
    "default_crosswalk",
    "detect_kind",
    "import_atop",
    "import_dataset_folder",
    "import_edgelist",
    "import_file",
    "import_gdelt",
    "import_gexf",
    "import_graphml",
    "import_sipri",
    "import_upload",
    "import_xml",
    "resolve",
    "write_dataset",
]


def import_file(path: Path | str, kind: str | None = None, **options: Any) -> ImportResult:
    """Import a file or dataset folder from disk, detecting its kind unless ``kind`` is given.

    ``options`` go to the importer (e.g. ``group="deal-year"`` for SIPRI, ``min_events=5``
    for GDELT, ``columns={...}`` for an edge list). GDELT files, plain or zipped, are streamed
    whatever their size; other files are read whole (up to 200 MB). Raises
    :class:`ImportRefused` when the input is refused; ``FileNotFoundError`` when there is
    nothing at ``path``.
    """
    target = Path(path)
    if target.is_dir():
        return import_dataset_folder(target, **options)
    if not target.is_file():
        raise FileNotFoundError(f"no file or folder at {target}")
    with target.open("rb") as handle:
        head = handle.read(65536)
    found = kind or detect_kind(target.name, head)
    if found == "gdelt" or (found in ("zip", "gzip") and _holds_gdelt(target, head)):
        return import_gdelt(target, **options)
    if found in ("zip", "gzip", None, "dataset"):
        from .report import MAX_INPUT_BYTES

        return import_upload(target.name, target.read_bytes(), kind,
                             max_bytes=MAX_INPUT_BYTES, max_uncompressed=4 * MAX_INPUT_BYTES,
                             **options)
    if found == "sipri":
        return import_sipri(target, **options)
    if found == "atop":
        return import_atop(target, **options)
    if found in ("gexf", "graphml", "xml"):
        return import_xml(target, kind=None if found == "xml" else found,  # type: ignore[arg-type]
                          **options)
    if found == "csv":
        return import_edgelist(target, **options)
    report = ImportReport(found, [target.name])
    raise report.refuse(target.name, f"unknown kind {found!r} (one of {', '.join(KINDS)})")


def _holds_gdelt(path: Path, head: bytes) -> bool:
    """Whether a zip's first member, or a gzip's content, starts like a GDELT export."""
    import gzip
    import zipfile

    from .gdelt import looks_like_gdelt

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
