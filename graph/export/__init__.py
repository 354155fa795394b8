"""Exports of one view of the network: CSV, JSON node-link, GraphML, GEXF 1.3 (a snapshot, and
the whole timeline as a dynamic graph for Gephi) and a citable zip bundle.

A view (:class:`ExportView`) is a date or window plus the page's filters; :func:`apply_view`
selects the countries and ties it shows, and every writer exports exactly that selection.
Writers are pure: text formats return ``str``, XML formats and the bundle return ``bytes``.

Conventions shared by every format:

- snapshot edges are dyads (unordered pairs) aggregated as in ``graph.temporal.aggregate_dyads``;
  their id is ``"A-B"`` with ``A < B``;
- lists (tie types, tie ids) are joined with ``;``; the sources of a tie in ``ties.csv`` are
  joined with `` | `` (titles may hold ``;``);
- text is cleaned of characters XML 1.0 forbids (control characters), everything else
  (Unicode, right-to-left names) is kept as is;
- CSV text cells that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``, tab,
  carriage return) are prefixed with ``'``; numeric columns are written as plain numbers.

The package, one module per topic (``from graph.export import X`` reads every public name):

- :mod:`graph.export.text`: text safety (XML-legal text, spreadsheet-inert cells, file names);
- :mod:`graph.export.view`: the view exported (:class:`ExportView`, :func:`apply_view`,
  :func:`snapshot_of`), its header and citation;
- :mod:`graph.export.records`: nodes and edges shared by the graph formats;
- :mod:`graph.export.tables`: CSV; :mod:`graph.export.nodelink`: node-link JSON;
- :mod:`graph.export.graphml`, :mod:`graph.export.gexf`: GraphML and GEXF 1.3 snapshots;
- :mod:`graph.export.dynamic`: the whole timeline as a dynamic GEXF;
- :mod:`graph.export.bundle`: the citable zip and its README;
- :mod:`graph.export.formats`: the registry of formats (:data:`FORMATS`, :func:`export_data`).

Names with a leading underscore are shared between the package's modules, not outside it.
"""

from graph.export.bundle import SIPRI_CREDIT, bundle_bytes, export_bundle, readme
from graph.export.dynamic import dynamic_gexf
from graph.export.formats import (
    FORMATS,
    ExportFormat,
    Writer,
    export_data,
    find_format,
    format_names,
    format_registry,
)
from graph.export.gexf import GEXF_NS, GEXF_VIZ_NS, gexf
from graph.export.graphml import graphml
from graph.export.nodelink import node_link_json
from graph.export.records import COUNTRY_ATTRIBUTES, EDGE_ATTRIBUTES
from graph.export.tables import SOURCE_SEPARATOR, countries_csv, sources_csv, ties_csv
from graph.export.text import neutralise_cell, safe_filename, strip_xml_illegal
from graph.export.view import (
    GENERATOR,
    POSITION_SCALE,
    ExportView,
    ViewSnapshot,
    apply_view,
    citation,
    export_basename,
    export_header,
    snapshot_of,
)

__all__ = [
    "COUNTRY_ATTRIBUTES",
    "EDGE_ATTRIBUTES",
    "FORMATS",
    "GENERATOR",
    "GEXF_NS",
    "GEXF_VIZ_NS",
    "POSITION_SCALE",
    "SIPRI_CREDIT",
    "SOURCE_SEPARATOR",
    "ExportFormat",
    "ExportView",
    "ViewSnapshot",
    "Writer",
    "apply_view",
    "bundle_bytes",
    "citation",
    "countries_csv",
    "dynamic_gexf",
    "export_basename",
    "export_bundle",
    "export_data",
    "export_header",
    "find_format",
    "format_names",
    "format_registry",
    "gexf",
    "graphml",
    "neutralise_cell",
    "node_link_json",
    "readme",
    "safe_filename",
    "snapshot_of",
    "sources_csv",
    "strip_xml_illegal",
    "ties_csv",
]
