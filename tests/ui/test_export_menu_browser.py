"""Every item of the page's Export menu, clicked in headless Chromium: each downloads a file
whose name has the format's suffix and whose content parses as that format.

The items are the registered formats (``ui.export_media.FILE_FORMATS``): a format added to the
registry is clicked here without a change to this file, and a menu item that downloads nothing
fails. Without Chromium the tests skip with the reason (tests/ui/conftest.py);
REALPOLITIK_REQUIRE_BROWSER=1 makes that a failure.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from browser_helpers import open_view, wait_for_window
from defusedxml import ElementTree

from graph.export import GEXF_NS
from ui import ids
from ui.export_media import BROWSER_FORMATS, FILE_FORMATS

pytestmark = pytest.mark.browser

GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
SVG_NS = "http://www.w3.org/2000/svg"
BUNDLE_FILES = {"README.md", "countries.csv", "ties.csv", "sources.csv", "network.json",
                "network.graphml", "network.gexf", "timeline.gexf"}


def _csv_with(first_columns: list[str]) -> Callable[[bytes], None]:
    def check(content: bytes) -> None:
        table = list(csv.reader(io.StringIO(content.decode("utf-8"))))
        assert table[0][: len(first_columns)] == first_columns
        assert len(table) > 1, "no rows"

    return check


def _ties_csv(content: bytes) -> None:
    _csv_with(["id", "source", "source_name", "target"])(content)
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8"))))
    assert any(row["source"] == "IRN" and row["target"] == "RUS" for row in rows)


def _xml_root(tag: str, **attributes: str) -> Callable[[bytes], None]:
    def check(content: bytes) -> None:
        root = ElementTree.fromstring(content)
        assert root.tag == tag
        if attributes:
            graph = root.find(f"{{{GEXF_NS}}}graph")
            assert graph is not None
            assert {key: graph.get(key) for key in attributes} == attributes

    return check


def _json(content: bytes) -> None:
    document = json.loads(content)
    assert document["nodes"] and document["links"]
    assert "2023-06" in document["header"]["label"]  # the page's month, a window of its days


def _bundle(content: bytes) -> None:
    names = zipfile.ZipFile(io.BytesIO(content)).namelist()
    assert {name.split("/", 1)[1] for name in names} >= BUNDLE_FILES


def _html(content: bytes) -> None:
    page = content.decode("utf-8")
    # The figure is in the page itself: nothing fetched.
    figure = page.split('<script type="application/json" id="figure">', 1)[1].split("</script>")[0]
    spec = json.loads(figure)
    assert "2023-06" in spec["months"] and spec["layout"]
    assert '<div id="graph">' in page and "<script src=" not in page


def _png(content: bytes) -> None:
    assert content.startswith(b"\x89PNG\r\n\x1a\n")


def _gif(content: bytes) -> None:
    assert content.startswith((b"GIF87a", b"GIF89a"))
    from PIL import Image

    with Image.open(io.BytesIO(content)) as animation:
        assert animation.n_frames == 24  # the two years up to the view's month


CHECKS: dict[str, Callable[[bytes], None]] = {
    "png": _png,
    "svg": _xml_root(f"{{{SVG_NS}}}svg"),
    "html": _html,
    "gif": _gif,
    "countries-csv": _csv_with(["id", "name", "kind"]),
    "ties-csv": _ties_csv,
    "sources-csv": _csv_with(["id", "publisher", "title", "date", "url", "ties"]),
    "json": _json,
    "graphml": _xml_root(f"{{{GRAPHML_NS}}}graphml"),
    "gexf": _xml_root(f"{{{GEXF_NS}}}gexf", mode="static"),
    "gexf-dynamic": _xml_root(f"{{{GEXF_NS}}}gexf", mode="dynamic"),
    "bundle": _bundle,
}


def _button_id(name: str) -> str:
    """The DOM id Dash gives the menu item of ``name`` (a pattern-matching id, as JSON)."""
    kind = ids.EXPORT_IMAGE if name in BROWSER_FORMATS else ids.EXPORT_BUTTON
    return json.dumps({"format": name, "type": kind}, separators=(",", ":"), sort_keys=True)


def test_every_registered_format_has_a_check_here() -> None:
    assert set(CHECKS) == set(FILE_FORMATS)


def test_the_menu_holds_exactly_the_registered_formats(page: Any, app_url: str) -> None:
    open_view(page, app_url, "?date=2023-06")
    # Dash 4 draws a dropdown (the scale picker) as a button too; the menu's items are the
    # buttons with a pattern-matching id, which Dash writes as JSON.
    shown = page.eval_on_selector_all(
        "#export-menu button[id^='{']", "items => items.map(b => b.id)"
    )
    assert sorted(shown) == sorted(_button_id(name) for name in FILE_FORMATS)


@pytest.mark.parametrize("name", list(FILE_FORMATS), ids=list(FILE_FORMATS))
def test_each_menu_item_downloads_its_file(page: Any, app_url: str, name: str) -> None:
    open_view(page, app_url, "?date=2023-06&focus=IRN")
    wait_for_window(page, "2023-06")
    page.click("#export-menu summary")
    item = page.locator(f"[id='{_button_id(name)}']")
    assert item.inner_text() == FILE_FORMATS[name].label
    with page.expect_download(timeout=180_000) as download:
        item.click()
    saved = download.value
    assert saved.suggested_filename.endswith(FILE_FORMATS[name].suffix)
    CHECKS[name](Path(saved.path()).read_bytes())
    status = page.locator(f"#{ids.EXPORT_STATUS}")
    assert status.inner_text().startswith("Saved ")
    assert page.console_errors == []
