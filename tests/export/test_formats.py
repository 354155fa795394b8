"""One registry of export formats: the page's Export menu, its export callback, the command
line's ``--format`` and the README all name the same formats, each by one name."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graph.export import FORMATS, format_names
from ui import export_media, ids
from ui.export_media import BROWSER_FORMATS, FILE_FORMATS, ExportError

ROOT = Path(__file__).resolve().parents[2]


class NoChromium:
    """A RenderSession that cannot start, as on a server without Chromium: the test is about
    which formats the callback accepts, not about rendering (the browser tests render)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        raise ExportError("no Chromium in this test")


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    import sys

    sys.path.insert(0, str(ROOT / "tests"))
    from conftest import write_dataset  # type: ignore[import-not-found]

    folder = write_dataset(tmp_path_factory.mktemp("data") / "tiny")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("REALPOLITIK_CACHE", str(tmp_path_factory.mktemp("cache")))
        patch.delenv("REALPOLITIK_TEST_DELAY_MS", raising=False)
        patch.setattr(export_media.formats, "RenderSession", NoChromium)
        from app import create_app

        yield create_app(folder).server.test_client()


def _components(node: Any) -> Iterator[dict[str, Any]]:
    """Every component of a layout as served (``/_dash-layout``)."""
    if isinstance(node, dict):
        if isinstance(node.get("props"), dict):
            yield node["props"]
        for child in node.values():
            yield from _components(child)
    elif isinstance(node, list):
        for child in node:
            yield from _components(child)


def _menu(client: Any) -> list[tuple[str, str]]:
    """(id type, format) of every item of the page's Export menu."""
    return [
        (props["id"]["type"], props["id"]["format"])
        for props in _components(client.get("/_dash-layout").get_json())
        if isinstance(props.get("id"), dict)
        and props["id"].get("type") in (ids.EXPORT_BUTTON, ids.EXPORT_IMAGE)
    ]


def _click(client: Any, fmt: str) -> Any:
    """What the page posts when the menu item of ``fmt`` is clicked, and the answer."""
    dependencies = client.get("/_dash-dependencies").get_json()
    spec = next(d for d in dependencies if f"{ids.EXPORT_DOWNLOAD}.data" in d["output"])
    values = {
        (props["id"], key): value
        for props in _components(client.get("/_dash-layout").get_json())
        if isinstance(props.get("id"), str)
        for key, value in props.items()
    }
    buttons = [item for item in _menu(client) if item[0] == ids.EXPORT_BUTTON]
    clicked = {"format": fmt, "type": ids.EXPORT_BUTTON}
    body = {
        "output": spec["output"],
        "outputs": [{"id": ident, "property": prop} for ident, prop in
                    (part.rsplit(".", 1) for part in spec["output"].strip(".").split("..."))],
        "inputs": [[{"id": {"format": name, "type": kind}, "property": "n_clicks",
                     "value": 1 if name == fmt else 0} for kind, name in buttons]],
        "state": [{"id": entry["id"], "property": entry["property"],
                   "value": values.get((entry["id"], entry["property"]))}
                  for entry in spec["state"]],
        "changedPropIds": [json.dumps(clicked, sort_keys=True, separators=(",", ":"))
                           + ".n_clicks"],
    }
    return client.post("/_dash-update-component", json=body)


def test_the_menu_offers_every_registered_format_once(client: Any) -> None:
    offered = [name for _, name in _menu(client)]
    assert sorted(offered) == sorted(FILE_FORMATS)


def test_every_menu_item_is_registered_and_the_export_callback_accepts_it(client: Any) -> None:
    refused = []
    for kind, name in _menu(client):
        assert name in FILE_FORMATS, f"the menu offers {name!r}, which is not registered"
        if kind == ids.EXPORT_IMAGE:
            # Drawn in the browser by plotly.js, which knows these formats by these names.
            assert name in BROWSER_FORMATS
            continue
        response = _click(client, name)
        if response.status_code != 200:
            refused.append(f"{name}: HTTP {response.status_code}")
            continue
        answer = response.get_json()["response"]
        status = answer[ids.EXPORT_STATUS]["children"]
        download = answer.get(ids.EXPORT_DOWNLOAD, {}).get("data")
        if download is None:
            # Only an image needs Chromium, which this test's server lacks.
            assert name == "gif" and status.startswith("Not available"), (name, status)
        else:
            assert download["filename"].endswith(FILE_FORMATS[name].suffix), (name, download)
    assert not refused, f"the export callback ignores menu items: {refused}"


def test_the_command_line_accepts_every_registered_name() -> None:
    from cli import build_parser

    for name in format_names(FILE_FORMATS):
        assert build_parser().parse_args(["export", "--format", name]).format == name


def test_the_readme_lists_every_format_by_its_name() -> None:
    line = next(line for line in (ROOT / "README.md").read_text().splitlines()
                if line.startswith("| `realpolitik export --format F"))
    listed = re.findall(r"`([a-z][a-z0-9-]*)`", line.split("one view as a file:", 1)[1])
    assert sorted(listed) == sorted(format_names(FILE_FORMATS))


@pytest.mark.parametrize("name", list(FILE_FORMATS), ids=list(FILE_FORMATS))
def test_a_registered_format_is_made_by_the_core_or_by_the_ui(name: str) -> None:
    spec = FILE_FORMATS[name]
    assert spec.suffix.startswith((".", "-")) and "/" in spec.media_type and spec.label
    # The core writes the data formats; the ui renders the others (export_media.export_file).
    assert (spec.write is not None) == (name in FORMATS)
