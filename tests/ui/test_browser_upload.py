"""Upload a file in the page: the import report first, then the layer on the graph."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from browser_helpers import GRAPH, open_view, wait_for_window

pytestmark = pytest.mark.browser

SHARED = Path(os.environ.get("REALPOLITIK_SHARED")
              or Path(__file__).resolve().parents[3] / "shared")
EXCERPT = SHARED / "data" / "sipri" / "trade_register_iran_dprk_excerpt.csv"


def drawn_dyads(page: Any) -> dict[str, str]:
    return page.evaluate(
        """() => { const g = document.querySelector('%s'); const out = {};
            for (const t of g.data) { if (t.name !== 'ties') continue;
              t.customdata.forEach((key, i) => { out[key] = t.hovertext[i]; }); }
            return out; }""" % GRAPH
    )


def test_upload_the_sipri_excerpt_and_see_iran_to_russia(page: Any, app_url: str) -> None:
    if not EXCERPT.is_file():
        reason = f"the shared SIPRI excerpt is not at {EXCERPT}"
        if os.environ.get("REALPOLITIK_REQUIRE_SHARED") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    open_view(page, app_url, "?date=2023-06")
    wait_for_window(page, "2023-06")
    page.set_input_files("#upload input[type=file]", str(EXCERPT))
    report = page.locator(".import-report")
    report.wait_for(timeout=30_000)
    assert "rows read" in report.inner_text()
    assert "Refused" not in report.inner_text()
    page.click("text=Show as a layer")
    page.wait_for_selector("#layer-toggle label:has-text('trade_register_iran_dprk_excerpt')")
    # The layer alone: the curated data switched off, the upload's ties remain.
    page.get_by_label("Curated data").uncheck()
    page.wait_for_function(
        """() => { const g = document.querySelector('%s');
            return g.data.some(t => t.name === 'ties' && t.customdata.includes('IRN,RUS')); }"""
        % GRAPH, timeout=20_000,
    )
    assert "arms transfers" in drawn_dyads(page)["IRN,RUS"]


def test_a_binary_file_is_refused_with_a_message(page: Any, app_url: str,
                                                 tmp_path: Path) -> None:
    bad = tmp_path / "ties.csv"
    bad.write_bytes(b"\x00\x01\x02binary\x00" * 100)
    open_view(page, app_url)
    page.set_input_files("#upload input[type=file]", str(bad))
    page.wait_for_selector(".import-report.refused", timeout=20_000)
    assert "binary" in page.inner_text(".import-report")
    assert page.is_disabled("text=Show as a layer")
