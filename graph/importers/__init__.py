"""Importers: other datasets' files mapped onto the project's dataset format.

Every importer returns an :class:`ImportResult`: dataset tables of text (``countries``,
``ties``, ``sources``) and an :class:`ImportReport` accounting for every row read (imported,
merged or skipped, each finding a :class:`graph.findings.Finding` with file, line and reason).
:func:`write_dataset` writes the result as a dataset folder that
:func:`graph.validate.load_dataset` accepts. A file refused as a whole raises
:class:`ImportRefused`, which carries the report.

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

Modules: :mod:`.dispatch` (the one way in: :func:`import_file` for the command line,
:func:`import_upload` for the page, both detecting the kind), :mod:`.report` (the report),
:mod:`.reading` (inputs and their size caps), :mod:`.zipfiles`, :mod:`.result` (the tables and
writing them), :mod:`.ids`, :mod:`.matching` (how a network's nodes become actors),
:mod:`.optional` (optional dependencies). No importer imports dash; DuckDB (for GDELT) is
imported only when GDELT is read.

>>> from graph.importers import import_upload, resolve
>>> result = import_upload("ties.csv", b"from,to,year,type\\nIran,Russia,2022,arms_transfer\\n")
>>> result.ties.loc[0, ["source", "target", "type", "start"]].tolist()
['IRN', 'RUS', 'arms_transfer', '2022']
>>> resolve(365, "cow", 1990)
'SUN'
"""

from __future__ import annotations

from graph.findings import Finding

from .atop import import_atop
from .crosswalk import Crosswalk, default_crosswalk, resolve
from .dispatch import (
    KINDS,
    MAX_UPLOAD_BYTES,
    detect_kind,
    import_file,
    import_upload,
)
from .edgelist import import_edgelist
from .folder import import_dataset_folder
from .gdelt import import_gdelt
from .optional import MissingDependency
from .report import FindingGroup, ImportRefused, ImportReport
from .result import ImportResult, write_dataset
from .sipri import import_sipri
from .xml import import_gexf, import_graphml, import_xml

__all__ = [
    "KINDS",
    "MAX_UPLOAD_BYTES",
    "Crosswalk",
    "Finding",
    "FindingGroup",
    "ImportRefused",
    "ImportReport",
    "ImportResult",
    "MissingDependency",
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
