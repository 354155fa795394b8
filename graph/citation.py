"""How to cite a dataset: one citation, written the same way everywhere.

The curated data's README (``data/README.md``), the export bundle's README and the header of
every export (JSON, GraphML, GEXF) quote :func:`citation_of` of the dataset's
``datapackage.json``: authors, title, version, year and where the data lives. The name and
version come from the descriptor (for the bundled data, :data:`graph.dataset.CURATED_METADATA`,
written to ``data/datapackage.json``); where the curated data lives is set once, here, in
:data:`DATA_PERMALINK`. The permalink of a *view* (a page URL) is a separate thing: exports give
it beside the citation, never inside it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph.dataset import BUNDLED_DATA, CURATED_METADATA, read_metadata

__all__ = [
    "CURATED_NAME",
    "DATA_PERMALINK",
    "DEFAULT_AUTHORS",
    "Citation",
    "citation_of",
    "curated_citation",
]

#: Where the curated data lives, the one place it is set. No public URL of the repository is
#: known to the project, so this is a stable phrase rather than an address; make it a URL here
#: (and nowhere else) once the repository is published.
DATA_PERMALINK = "Realpolitik repository, data/"

#: The ``name`` of the curated dataset in its descriptor: the permalink applies to it alone.
CURATED_NAME = str(CURATED_METADATA["name"])

#: Authors when the descriptor names no contributor with the author role.
DEFAULT_AUTHORS = "Realpolitik contributors"

_CALVER_YEAR = re.compile(r"^(\d{4})[.-]")
_ISO_YEAR = re.compile(r"^(\d{4})-\d{2}")


@dataclass(frozen=True)
class Citation:
    """A data-set citation: who, when, what, which version, where, under which licence.

    >>> cite = Citation("Realpolitik contributors", "Realpolitik curated alliance network",
    ...                 "2026.12.0", "2026", "Realpolitik repository, data/", "CC BY 4.0")
    >>> cite.text()
    'Realpolitik contributors (2026). Realpolitik curated alliance network, version 2026.12.0 \
[data set]. Realpolitik repository, data/. Licensed CC BY 4.0.'
    >>> cite.key
    'realpolitik_curated_alliance_network_2026'
    """

    authors: str
    title: str
    version: str
    year: str = ""
    permalink: str = ""
    license: str = ""

    @property
    def key(self) -> str:
        """A BibTeX key: the title's words and the year, lower case, joined by ``_``."""
        words = re.findall(r"[a-z0-9]+", self.title.lower())
        return "_".join([*words[:4], *([self.year] if self.year else [])]) or "dataset"

    def text(self) -> str:
        """The citation as one plain sentence (no markup), as every output quotes it."""
        parts = []
        who = self.authors.strip()
        when = f"({self.year})" if self.year else "(n.d.)"
        if who:
            parts.append(f"{who} {when}.")
        version = f", version {self.version}" if self.version else ""
        parts.append(f"{self.title}{version} [data set].")
        if self.permalink:
            parts.append(f"{self.permalink}.")
        if self.license:
            parts.append(f"Licensed {self.license}.")
        return " ".join(parts)

    def bibtex(self) -> str:
        """The citation as a BibTeX ``@misc`` entry.

        >>> print(Citation("A", "T", "1.0", "2026").bibtex())
        @misc{t_2026,
          author  = {{A}},
          title   = {T},
          version = {1.0},
          year    = {2026},
          note    = {Data set},
        }
        """
        note = "Data set"
        if self.permalink:
            note += f": {self.permalink}"
        if self.license:
            note += f". Licensed {self.license}"
        fields = [
            ("author", f"{{{self.authors}}}" if self.authors else ""),
            ("title", self.title),
            ("version", self.version),
            ("year", self.year),
            ("note", note),
        ]
        lines = [f"@misc{{{self.key},"]
        lines += [f"  {name:<7} = {{{value}}}," for name, value in fields if value]
        lines.append("}")
        return "\n".join(lines)


def _authors(metadata: Mapping[str, Any]) -> str:
    contributors = metadata.get("contributors")
    names: list[str] = []
    if isinstance(contributors, list):
        for person in contributors:
            if not isinstance(person, Mapping):
                continue
            roles = person.get("roles") or [person.get("role") or "author"]
            if "author" in roles and person.get("title"):
                names.append(str(person["title"]))
    return " and ".join(names)


def _year(metadata: Mapping[str, Any]) -> str:
    for key in ("version", "created"):
        value = str(metadata.get(key) or "")
        found = _CALVER_YEAR.match(value) if key == "version" else _ISO_YEAR.match(value)
        if found:
            return found.group(1)
    return ""


def _license(metadata: Mapping[str, Any]) -> str:
    licenses = metadata.get("licenses")
    if isinstance(licenses, list) and licenses and isinstance(licenses[0], Mapping):
        name = str(licenses[0].get("name") or "")
        return {"CC-BY-4.0": "CC BY 4.0"}.get(name, name)
    return ""


def citation_of(metadata: Mapping[str, Any]) -> Citation:
    """The citation of a dataset, from its ``datapackage.json`` descriptor.

    The year is the calendar version's (``2026.12.0``), else the year ``created``. Authors are
    the contributors with the author role; the curated dataset defaults to
    :data:`DEFAULT_AUTHORS` and alone gets :data:`DATA_PERMALINK`.

    >>> citation_of({"name": "demo", "title": "Demo", "version": "2024-05-01"}).text()
    'Demo, version 2024-05-01 [data set].'
    >>> citation_of({"name": "realpolitik-curated", "title": "T", "version": "2026.12.0"}).text()
    'Realpolitik contributors (2026). T, version 2026.12.0 [data set]. Realpolitik repository, \
data/.'
    """
    curated = metadata.get("name") == CURATED_NAME
    authors = _one_line(_authors(metadata)) or (DEFAULT_AUTHORS if curated else "")
    return Citation(
        authors=authors,
        title=_one_line(metadata.get("title") or metadata.get("name") or "dataset"),
        version=_one_line(metadata.get("version") or ""),
        year=_year(metadata) if authors else "",
        permalink=DATA_PERMALINK if curated else "",
        license=_one_line(_license(metadata)),
    )


def _one_line(value: object) -> str:
    """Text on one line: a descriptor from elsewhere may hold newlines or braces."""
    return " ".join(str(value).replace("{", "(").replace("}", ")").split())


def curated_citation(folder: Path | str = BUNDLED_DATA) -> Citation:
    """The citation of the bundled data, read from ``data/datapackage.json``.

    >>> curated_citation().authors
    'Realpolitik contributors'
    """
    metadata, _ = read_metadata(folder)
    return citation_of(metadata or CURATED_METADATA)
