"""The insight panels in headless Chromium: what a reader clicks and sees."""

from __future__ import annotations

from typing import Any

import pytest
from browser_helpers import GRAPH, open_view, wait_for_window

pytestmark = pytest.mark.browser


def open_tab(page: Any, label: str) -> None:
    page.locator(".tab-label", has_text=label).click()


def click_node(page: Any, country: str) -> None:
    """A real mouse click on the country's marker, at the pixel plotly drew it.

    Of a few spots inside the marker, the one farthest from any tie's (invisible) hover point
    is clicked, so that the click cannot land on a tie whose midpoint happens to be near.
    """
    point = page.evaluate(
        """country => { const g = document.querySelector('%s');
            const box = g.getBoundingClientRect(); const L = g._fullLayout;
            const px = x => box.left + L.xaxis._offset + L.xaxis.l2p(x);
            const py = y => box.top + L.yaxis._offset + L.yaxis.l2p(y);
            const ties = g._fullData.find(t => t.name === 'ties');
            const mids = ties ? Array.from(ties.x, (x, i) => [px(x), py(ties.y[i])]) : [];
            for (const t of g._fullData) {
              if (!Array.isArray(t.customdata) || t.name === 'ties') continue;
              const i = t.customdata.indexOf(country); if (i < 0) continue;
              const r = Math.max(3, (t.marker.size[i] || t.marker.size) / 2);
              let best = null, bestGap = -1;
              for (const [dx, dy] of [[0, 0], [r / 2, 0], [-r / 2, 0], [0, r / 2], [0, -r / 2]]) {
                const x = px(t.x[i]) + dx, y = py(t.y[i]) + dy;
                const gap = Math.min(Infinity, ...mids.map(m => Math.hypot(m[0] - x, m[1] - y)));
                if (gap > bestGap) { bestGap = gap; best = {x, y}; }
              }
              return best; }
            return null; }""" % GRAPH,
        country,
    )
    assert point, f"{country} is not drawn"
    page.mouse.move(point["x"], point["y"])
    page.mouse.click(point["x"], point["y"])


def test_clicking_iran_opens_its_panel_with_sources(page: Any, app_url: str) -> None:
    open_view(page, app_url, "?date=2023-06")
    wait_for_window(page, "2023-06")
    click_node(page, "IRN")
    page.wait_for_selector(".panel h3:has-text('Iran · 2023-06')", timeout=15_000)
    links = page.locator(".panel .source-link")
    assert links.count() >= 1
    assert links.first.get_attribute("target") == "_blank"
    assert "noopener" in links.first.get_attribute("rel")
    assert links.first.get_attribute("href").startswith("http")
    assert "focus=IRN" in page.url


def test_the_russia_iran_relationship_panel_tells_the_story(page: Any, app_url: str) -> None:
    open_view(page, app_url, "?date=2025-07&dyad=IRN,RUS")
    open_tab(page, "Relationship")
    page.wait_for_selector(".panel h3:has-text('Iran and Russia')", timeout=15_000)
    cards = page.locator(".tie-card").all_inner_texts()
    assert any(
        "Iran → Russia" in card and "arms transfer" in card and "2022-08" in card for card in cards
    )
    assert any("strategic partnership" in card and "2025-01-17" in card for card in cards)
    assert any("friction" in card and "2025" in card for card in cards)


def test_the_metrics_table_sorts_and_selects(page: Any, app_url: str) -> None:
    open_view(page, app_url, "?date=2023-06")
    open_tab(page, "Metrics table")
    page.wait_for_selector(".ag-row", timeout=15_000)
    header = page.locator(".ag-header-cell[col-id=degree]")
    header.click()
    header.click()  # descending
    page.wait_for_timeout(500)
    first = page.locator(".ag-center-cols-container .ag-row[row-index='0'] [col-id=degree]")
    second = page.locator(".ag-center-cols-container .ag-row[row-index='1'] [col-id=degree]")
    assert float(first.inner_text()) >= float(second.inner_text())
    name = page.locator(".ag-pinned-left-cols-container .ag-row[row-index='0'] [col-id=name]")
    chosen = name.inner_text()
    name.click()
    page.wait_for_function(
        "name => document.querySelector('#focus-choice').innerText.includes(name)",
        arg=chosen,
        timeout=10_000,
    )


def test_comparing_2021_with_2025_lists_the_iran_russia_arms_tie_as_come_and_gone(
    page: Any, app_url: str
) -> None:
    open_view(page, app_url, "?date=2025-12&compare=2021-06")
    open_tab(page, "Compare dates")
    page.wait_for_selector("#compare-passed", state="attached", timeout=30_000)
    passed = page.locator("#compare-passed tr").all_inner_texts()
    stayed = page.locator("#compare-formed tr").all_inner_texts()
    # The drones came in 2022 and the deliveries were over by 2025.
    assert any("Iran → Russia" in row and "arms transfer" in row for row in passed)
    assert len(stayed) > 1 and not any("over by" in row for row in stayed)
