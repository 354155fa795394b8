"""Optional dependencies: imported where they are needed, with the extra that installs them.

>>> require("json", "reading JSON").__name__
'json'
>>> try:
...     require("no_such_module_here", "GDELT import")
... except MissingDependency as missing:
...     print(missing)
GDELT import needs no_such_module_here: pip install 'realpolitik[import]'
"""

from __future__ import annotations

import importlib
from types import ModuleType

__all__ = ["EXTRAS", "MissingDependency", "require"]

#: The extra of pyproject.toml that installs each optional module the importers use.
EXTRAS: dict[str, str] = {"duckdb": "import"}


class MissingDependency(ImportError):
    """An optional module is not installed; the message says which extra installs it."""


def require(module: str, purpose: str) -> ModuleType:
    """The module, imported; raises :class:`MissingDependency` naming the extra when absent."""
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as error:
        # Only the module asked for: a broken install of one of its own imports is a bug.
        if error.name is not None and error.name.split(".")[0] != module.split(".")[0]:
            raise
        extra = EXTRAS.get(module.split(".")[0], "import")
        raise MissingDependency(
            f"{purpose} needs {module}: pip install 'realpolitik[{extra}]'", name=module
        ) from None
