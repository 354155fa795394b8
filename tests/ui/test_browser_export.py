"""Export from the page: one click for an image, a data file or a citable bundle."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from browser_helpers import open_view, wait_for_window

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("label", "suffix"),
    [
        ("Ties with sources (CSV)", "-ties.csv"),
        ("Countries + metrics (CSV)", "-countries.csv"),
        ("GEXF 1.3 (Gephi)", ".gexf"),
        ("Citable bundle (ZIP)", ".zip"),
        ("PNG", ".png"),
        ("SVG", ".svg"),
        ("Standalone page of the timeline (HTML)", ".html"),
        ("Animation of the two years to this date (GIF)", ".gif"),
    ],
    ids=["ties-csv", "countries-csv", "gexf", "bundle", "png", "svg", "html", "gif"],
)
def test_export_menu_downloads(page: Any, app_url: str, label: str, suffix: str) -> None:
    open_view(page, app_url, "?date=2023-06&focus=IRN")
    wait_for_window(page, "2023-06")
    page.click("#export-menu summary")
    with page.expect_download(timeout=120_000) as download:
        page.locator("#export-menu button", has_text=label).first.click()
    saved = download.value
    assert saved.suggested_filename.endswith(suffix)
    content = Path(saved.path()).read_bytes()
    if suffix == "-ties.csv":
        rows = list(csv.DictReader(io.StringIO(content.decode("utf-8"))))
        assert any(row["source"] == "IRN" and row["target"] == "RUS" for row in rows)
        assert all(row["sources"] for row in rows)
    elif suffix == ".zip":
        names = zipfile.ZipFile(io.BytesIO(content)).namelist()
        assert any(name.endswith("README.md") for name in names)
        assert any(name.endswith("sources.csv") for name in names)
    elif suffix == ".png":
        assert content.startswith(b"\x89PNG")
    elif suffix == ".svg":
        assert b"<svg" in content[:500]
    elif suffix == ".html":
        assert b"<script src=" not in content and b"cdn.plot.ly" not in content
    elif suffix == ".gif":
        from PIL import Image

        with Image.open(io.BytesIO(content)) as animation:
            assert animation.n_frames == 24
