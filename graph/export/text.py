"""Text that every format can hold: XML-legal characters, spreadsheet-inert cells, safe
file names, and the small value and XML helpers the writers share.
"""

from __future__ import annotations

import math
import re
import unicodedata
from typing import Any
from urllib.parse import urlparse

import numpy as np
import pandas as pd

__all__ = [
    "neutralise_cell",
    "safe_filename",
    "safe_url",
    "strip_xml_illegal",
]


_XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"


_XML_ILLEGAL = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_url(url: object) -> str | None:
    """The URL when it is http(s) with a host, else None (no javascript:, data:, ...): the
    only links a page or an exported file makes from a dataset's text.

    >>> safe_url("https://www.sipri.org/databases/armstransfers"), safe_url("javascript:alert(1)")
    ('https://www.sipri.org/databases/armstransfers', None)
    """
    if not isinstance(url, str):
        return None
    parsed = urlparse(url.strip())
    if parsed.scheme in {"http", "https"} and parsed.netloc:
        return url.strip()
    return None


def strip_xml_illegal(text: str) -> str:
    """Remove the characters XML 1.0 cannot hold (control characters, lone surrogates).

    >>> strip_xml_illegal("Iran\\x00\\x1b ok\\ufffe")
    'Iran ok'
    >>> strip_xml_illegal("إيران")
    'إيران'
    """
    return _XML_ILLEGAL.sub("", text)


def neutralise_cell(text: str) -> str:
    """A text cell that a spreadsheet would not run as a formula (prefixed with ``'``).

    >>> neutralise_cell("=HYPERLINK(\\"http://x\\")")
    '\\'=HYPERLINK("http://x")'
    >>> neutralise_cell("-0.5"), neutralise_cell("Iran")
    ("'-0.5", 'Iran')
    """
    return "'" + text if text.startswith(_FORMULA_START) else text


_UNSAFE_FILENAME = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')


# Bidirectional controls let a name display differently from what it is ("gpj.exe").
_BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]")


_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$", re.IGNORECASE)


def safe_filename(text: str, *, default: str = "export", max_bytes: int = 120) -> str:
    """A file name safe on every common file system, keeping Unicode letters and the extension.

    Path separators, reserved and control characters become ``_``, bidirectional controls are
    dropped, whitespace runs become ``-``, leading dots are removed, Windows device names are
    prefixed and the UTF-8 length is capped at ``max_bytes``.

    >>> safe_filename("../../etc/passwd")
    'etc_passwd'
    >>> safe_filename("Iran: ties 2023/06.csv")
    'Iran_-ties-2023_06.csv'
    >>> safe_filename("إيران شبكة.png")
    'إيران-شبكة.png'
    >>> safe_filename("CON.txt"), safe_filename("..."), safe_filename("a\\u202egnp.exe")
    ('_CON.txt', 'export', 'agnp.exe')
    """
    name = unicodedata.normalize("NFC", text)
    name = _BIDI_CONTROLS.sub("", strip_xml_illegal(name))
    name = _UNSAFE_FILENAME.sub("_", name)
    name = re.sub(r"\s+", "-", name.strip())
    name = re.sub(r"_+", "_", name)
    name = name.lstrip("._-").rstrip(". ")
    if not name:
        return default
    if _WINDOWS_RESERVED.match(name):
        name = "_" + name
    stem, dot, extension = name.rpartition(".")
    if not dot or not re.fullmatch(r"[A-Za-z0-9]{1,8}", extension) or not stem:
        stem, extension = name, ""
    suffix = f".{extension}" if extension else ""
    budget = max(max_bytes - len(suffix.encode()), 1)
    encoded = stem.encode()
    if len(encoded) > budget:
        stem = encoded[:budget].decode("utf-8", errors="ignore").rstrip("._-") or default
    return stem + suffix


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows of ``frame`` as dicts keyed by column name."""
    return [{str(key): value for key, value in row.items()} for row in frame.to_dict("records")]


def _text(value: Any) -> str:
    """Cleaned text of a cell; missing values are empty."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    return strip_xml_illegal(str(value))


def _one_line(value: Any) -> str:
    return re.sub(r"\s+", " ", _text(value)).strip()


def _number(value: Any) -> int | float | None:
    """A Python number, or None when missing."""
    if value is None or value is pd.NA:
        return None
    if isinstance(value, bool | np.bool_):
        return int(value)
    if isinstance(value, int | np.integer):
        return int(value)
    number = float(value)
    return None if math.isnan(number) else number


def _format_number(value: Any) -> str:
    number = _number(value)
    if number is None:
        return ""
    return str(number) if isinstance(number, int) else repr(number)


_ATTR_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;",
                               "\t": "&#9;", "\n": "&#10;", "\r": "&#13;"})


_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


def _attrs(**values: Any) -> str:
    """XML attributes from keyword arguments (``None`` left out, ``for_`` written ``for``)."""
    parts = []
    for key, value in values.items():
        if value is None:
            continue
        text = value if isinstance(value, str) else _format_number(value)
        parts.append(f' {key.rstrip("_")}="{_text(text).translate(_ATTR_ESCAPES)}"')
    return "".join(parts)
