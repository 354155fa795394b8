"""One registry of export formats: each has one name, a label, a file suffix, a media
type and, for a data format, its writer. ``ui.export_media`` registers the media formats
beside :data:`FORMATS` under the same kind of entry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from graph.dataset import Dataset
from graph.export.bundle import bundle_bytes
from graph.export.dynamic import dynamic_gexf
from graph.export.gexf import gexf
from graph.export.graphml import graphml
from graph.export.nodelink import node_link_json
from graph.export.tables import countries_csv, sources_csv, ties_csv
from graph.export.view import ExportView, export_basename

__all__ = [
    "FORMATS",
    "ExportFormat",
    "Writer",
    "export_data",
    "find_format",
    "format_names",
    "format_registry",
]


Writer = Callable[[Dataset, ExportView, dt.datetime | None, str], bytes]


@dataclass(frozen=True)
class ExportFormat:
    """A file format of an export: its one name (the CLI's ``--format`` and the page's menu
    use it), what it holds in words, its file suffix and media type, and the writer of a data
    format (``None`` for a format made outside the core, e.g. an image the ui renders).
    ``aliases`` are other names the command line accepts."""

    name: str
    label: str
    suffix: str
    media_type: str
    write: Writer | None = None
    aliases: tuple[str, ...] = ()


def format_registry(formats: Iterable[ExportFormat]) -> dict[str, ExportFormat]:
    """The formats by name, in order; a name or alias given twice is refused.

    >>> png = ExportFormat("png", "PNG", ".png", "image/png")
    >>> list(format_registry([png]))
    ['png']
    >>> format_registry([png, ExportFormat("gif", "GIF", ".gif", "image/gif", aliases=("png",))])
    Traceback (most recent call last):
    ValueError: export format name 'png' is used twice
    """
    registry: dict[str, ExportFormat] = {}
    taken: set[str] = set()
    for spec in formats:
        for name in (spec.name, *spec.aliases):
            if name in taken:
                raise ValueError(f"export format name {name!r} is used twice")
            taken.add(name)
        registry[spec.name] = spec
    return registry


def format_names(registry: Mapping[str, ExportFormat]) -> tuple[str, ...]:
    """Every name a command line accepts: each format's name, then its aliases.

    >>> format_names(FORMATS)[:3]
    ('countries-csv', 'ties-csv', 'csv')
    """
    return tuple(name for spec in registry.values() for name in (spec.name, *spec.aliases))


def find_format(registry: Mapping[str, ExportFormat], name: str) -> ExportFormat:
    """The format called ``name`` (or one of its aliases); ValueError when there is none.

    >>> find_format(FORMATS, "csv").name
    'ties-csv'
    """
    for spec in registry.values():
        if name == spec.name or name in spec.aliases:
            return spec
    raise ValueError(f"unknown export format {name!r}; choose from "
                     f"{', '.join(format_names(registry))}")


#: The data formats, written here. ``ui.export_media.FILE_FORMATS`` registers the images, the
#: standalone page and the animation beside them: one registry for the CLI and the page.
FORMATS: dict[str, ExportFormat] = format_registry([
    ExportFormat("countries-csv", "Countries + metrics (CSV)", "-countries.csv", "text/csv",
                 lambda d, v, g, p: countries_csv(d, v).encode()),
    # ``csv``: the ties shown, the command line's name since the first version.
    ExportFormat("ties-csv", "Ties with sources (CSV)", "-ties.csv", "text/csv",
                 lambda d, v, g, p: ties_csv(d, v).encode(), aliases=("csv",)),
    ExportFormat("sources-csv", "Sources of the ties (CSV)", "-sources.csv", "text/csv",
                 lambda d, v, g, p: sources_csv(d, v).encode()),
    ExportFormat("json", "Network (JSON)", ".json", "application/json",
                 lambda d, v, g, p: node_link_json(d, v, generated_at=g, permalink=p).encode()),
    ExportFormat("graphml", "GraphML", ".graphml", "application/graphml+xml",
                 lambda d, v, g, p: graphml(d, v, generated_at=g, permalink=p)),
    ExportFormat("gexf", "GEXF 1.3 (Gephi)", ".gexf", "application/gexf+xml",
                 lambda d, v, g, p: gexf(d, v, generated_at=g, permalink=p)),
    ExportFormat("gexf-dynamic", "Whole timeline for Gephi (dynamic GEXF)", "-timeline.gexf",
                 "application/gexf+xml", lambda d, v, g, p: dynamic_gexf(d, v, generated_at=g)),
    ExportFormat("bundle", "Citable bundle (ZIP)", ".zip", "application/zip",
                 lambda d, v, g, p: bundle_bytes(d, v, None, p, generated_at=g)),
])


def export_data(
    dataset: Dataset, view: ExportView, fmt: str, *, generated_at: dt.datetime | None = None,
    permalink: str = "",
) -> tuple[str, bytes]:
    """``(file name, bytes)`` of the view in format ``fmt`` (a name or alias in
    :data:`FORMATS`)."""
    spec = find_format(FORMATS, fmt)
    assert spec.write is not None  # every format of FORMATS has its writer
    return (export_basename(dataset, view) + spec.suffix,
            spec.write(dataset, view, generated_at, permalink))
