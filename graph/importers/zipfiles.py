"""Zip archives opened safely: bounded members and bytes, no path that leaves the folder."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .report import ImportReport

__all__ = ["MAX_ZIP_BYTES", "MAX_ZIP_MEMBERS", "extract_zip", "safe_member_name"]

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
