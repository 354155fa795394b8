"""The citable zip bundle of a view: every data file, its images, the sources and a README."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import zipfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from graph.citation import citation_of
from graph.dataset import Dataset
from graph.export.dynamic import dynamic_gexf
from graph.export.gexf import _gexf
from graph.export.graphml import _graphml
from graph.export.nodelink import _json
from graph.export.tables import _SOURCE_CSV, _countries_csv, _csv, _sources_manifest, _ties_csv
from graph.export.text import _one_line, _text, safe_filename
from graph.export.view import GENERATOR, ExportView, ViewSnapshot, export_basename, snapshot_of
from graph.files import write_atomically

__all__ = [
    "SIPRI_CREDIT",
    "bundle_bytes",
    "export_bundle",
    "readme",
]


SIPRI_CREDIT = "Information from the SIPRI Arms Transfers Database"


def _uses_sipri(sources: Iterable[Mapping[str, Any]]) -> bool:
    return any(
        "sipri" in " ".join(_text(source.get(key)) for key in ("publisher", "title", "url"))
        .lower()
        for source in sources
    )


def _readme(dataset: Dataset, snapshot: ViewSnapshot, permalink: str,
            files: Mapping[str, tuple[str, bytes]], sipri: bool) -> str:
    header = snapshot.header
    view = snapshot.view
    when = (f"- Date: {header['date']}" if header["date"] else
            f"- Window: {header['window']['first']} to {header['window']['last']} "
            "(a tie counts when active on at least one day)")
    lines = [
        f"# {_one_line(dataset.name)}: export at {view.label}",
        "",
        f"- Dataset: {_one_line(dataset.name)}",
        f"- Version: {_one_line(dataset.version)}",
        f"- Content hash: `{_one_line(dataset.content_hash) or 'unknown'}`",
        when,
        f"- Filters: {view.describe()}",
        f"- Permalink: {_one_line(permalink) or '(none given)'}",
        f"- Generated: {header['generated_at']} by {GENERATOR}",
        f"- Shown: {len(snapshot.countries)} countries, {len(snapshot.ties)} ties in "
        f"{len(snapshot.dyads)} dyads",
        "",
        "## How to cite",
        "",
        f"> {_one_line(citation_of(dataset.metadata).text())}",
        "",
        (
            f"The view of this export ({_one_line(view.label)}) is at {_one_line(permalink)}: "
            "cite that permalink beside the data set when you cite a figure."
            if permalink
            else f"The view of this export ({_one_line(view.label)}) has no permalink."
        ),
        "",
        "```bibtex",
        citation_of(dataset.metadata).bibtex(),
        "```",
        "",
        f"The data is licensed {header['license']} (Creative Commons Attribution 4.0, "
        "https://creativecommons.org/licenses/by/4.0/): share and adapt it with this credit.",
    ]
    if sipri:
        lines += ["", "Some ties shown are derived from SIPRI data; credit them with:", "",
                  f"> {SIPRI_CREDIT}"]
    else:
        lines += ["", f"Layers derived from SIPRI data need the credit line \"{SIPRI_CREDIT}\" "
                      "(none of the ties shown here cites SIPRI)."]
    lines += ["", "Every tie cites its sources: see `sources.csv` and the `source_*` columns of "
              "`ties.csv`.", "", "## Files", "", "| file | content | SHA-256 |",
              "| --- | --- | --- |"]
    lines += [f"| `{name}` | {what} | `{hashlib.sha256(data).hexdigest()}` |"
              for name, (what, data) in files.items()]
    lines += [
        "",
        "## Conventions",
        "",
        "- Edges of the graph files are dyads: all ties of a pair of countries aggregated; "
        "`cooperation` and `hostility` sum the weights of positive and negative ties, "
        "`net` is their difference, `sign` its sign, `weight` their sum.",
        "- Metrics are computed on the filtered snapshot and know an ally from an enemy: "
        "`cooperation_*` and `hostility_*` degree and strength; `pn`, the signed PN "
        "centrality (Everett & Borgatti 2014); betweenness, eigenvector, PageRank and "
        "clustering on the cooperation ties only; `bloc`, signed blocs (cooperation inside, "
        "hostility between: Traag & Bruggeman 2009). The header's `network` holds the "
        "polarisation: `frustration` (share of tie weight contradicting the blocs), "
        "`blocs_80`, `two_camp_frustration` (Aref & Wilson 2018, an upper bound).",
        "- Partial dates (`2022-08`, `2024`) are widened: a start to its earliest day, "
        "an end to its latest.",
        "- `timeline.gexf` is the whole timeline for Gephi's Timeline (dynamic GEXF 1.3): "
        "the tie filters and the region apply, the date, bloc and focus do not; intervals "
        "still open are closed at the export date.",
        "- Lists are joined with `;`; the sources of a tie with ` | `.",
        "- CSV text cells beginning with `=`, `+`, `-`, `@`, a tab or a carriage return are "
        "prefixed with `'` so that spreadsheets do not run them; numbers are plain.",
        "",
    ]
    return "\n".join(lines)


def readme(dataset: Dataset, view: ExportView, permalink: str = "", *,
           generated_at: dt.datetime | None = None) -> str:
    """The bundle's README.md: dataset, version, hash, date/window, filters, how to cite."""
    snapshot = snapshot_of(dataset, view, generated_at=generated_at, permalink=permalink)
    manifest = _sources_manifest(dataset, snapshot.ties)
    return _readme(dataset, snapshot, permalink, {}, _uses_sipri(manifest))


def _zip_time(moment: dt.datetime) -> tuple[int, int, int, int, int, int]:
    moment = max(moment, dt.datetime(1980, 1, 1, tzinfo=moment.tzinfo))
    return (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)


def bundle_bytes(
    dataset: Dataset, view: ExportView, image_bytes: Mapping[str, bytes] | None = None,
    permalink: str = "", *, generated_at: dt.datetime | None = None,
) -> bytes:
    """The citable zip (see :func:`export_bundle`) as bytes, for a download button."""
    moment = (generated_at or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    snapshot = snapshot_of(dataset, view, generated_at=moment, permalink=permalink)
    manifest = _sources_manifest(dataset, snapshot.ties)
    files: dict[str, tuple[str, bytes]] = {
        "countries.csv": ("countries with every metric", _countries_csv(snapshot).encode()),
        "ties.csv": ("ties shown, with their sources", _ties_csv(dataset, snapshot).encode()),
        "sources.csv": ("every source behind the ties shown",
                        _csv(_SOURCE_CSV, manifest, ()).encode()),
        "network.json": ("node-link JSON with a header", _json(snapshot).encode()),
        "network.graphml": ("GraphML of the snapshot", _graphml(snapshot)),
        "network.gexf": ("GEXF 1.3 of the snapshot", _gexf(snapshot)),
        "timeline.gexf": ("dynamic GEXF 1.3 of the whole timeline",
                          dynamic_gexf(dataset, view, generated_at=moment)),
    }
    for name, data in (image_bytes or {}).items():
        safe = safe_filename(Path(str(name)).name, default="image")
        path = f"images/{safe}"
        counter = 2
        while path in files:
            stem, dot, extension = safe.rpartition(".")
            path = f"images/{stem or safe}-{counter}{dot}{extension}" if dot else \
                f"images/{safe}-{counter}"
            counter += 1
        files[path] = ("image of the view", bytes(data))
    text = _readme(dataset, snapshot, permalink, files, _uses_sipri(manifest))
    folder = export_basename(dataset, view)
    out = io.BytesIO()
    stamp = _zip_time(moment)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in [("README.md", text.encode()), *((n, d) for n, (_, d) in
                                                            files.items())]:
            info = zipfile.ZipInfo(f"{folder}/{name}", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return out.getvalue()


def export_bundle(
    dataset: Dataset, view: ExportView, out_path: Path | str,
    image_bytes: Mapping[str, bytes] | None = None, permalink: str = "", *,
    generated_at: dt.datetime | None = None,
) -> Path:
    """Write the citable zip: data files, images, ``sources.csv`` and a README.md.

    The zip holds one folder (:func:`export_basename`) with ``README.md``, ``countries.csv``,
    ``ties.csv``, ``sources.csv``, ``network.json``, ``network.graphml``, ``network.gexf``,
    ``timeline.gexf`` and ``images/<name>`` for each image given. Written atomically.
    """
    data = bundle_bytes(dataset, view, image_bytes, permalink, generated_at=generated_at)
    return write_atomically(out_path, data)
