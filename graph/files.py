"""Writing files so that a reader never sees half of one: the one atomic writer of the
project (exports, the command line, the timeline cache)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

__all__ = ["write_atomically"]


def write_atomically(path: Path | str, payload: bytes) -> Path:
    """Write ``payload`` to ``path`` through a temporary file beside it, renamed into place
    (a rename within one folder is atomic), creating the folder when needed; on any error the
    temporary file is removed and the old file, if any, is left as it was.

    The file gets the permissions a plain ``open`` would give (the umask's), not the private
    0600 of a temporary file, so that what is written for a reader can be read.

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> write_atomically(folder / "a" / "x.txt", b"hello").read_bytes()
    b'hello'
    >>> sorted(path.name for path in (folder / "a").iterdir())
    ['x.txt']
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    # A fresh name opened exclusively ("x"): no other writer shares it, and open() applies
    # the umask as for any file (reading the umask would mean changing it, for the process).
    temporary = target.parent / f".{target.name}.{os.getpid()}.{secrets.token_hex(6)}.tmp"
    try:
        with temporary.open("xb") as out:
            out.write(payload)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return target
