"""The page as a person uses it, in headless Chromium against a running app."""

from __future__ import annotations

from typing import Any

import pytest
from browser_helpers import GRAPH, open_view, wait_for_window

pytestmark = pytest.mark.browser


def dyad_types(page: Any) -> dict[str, str]:
    """Dyad key ("IRN,RUS") -> its hover text, as drawn."""
    return page.evaluate(
        """() => { const g = document.querySelector('%s'); const out = {};
            for (const t of g.data) { if (t.name !== 'ties') continue;
              t.customdata.forEach((key, i) => { out[key] = t.hovertext[i]; }); }
            return out; }"""
        % GRAPH
    )


def test_page_loads_without_console_errors(page: Any, app_url: str) -> None:
    open_view(page, app_url)
    assert page.inner_text("#current-date")
    assert page.console_errors == []


def test_moving_the_slider_from_2021_to_2023_adds_the_iran_russia_arms_tie(
    page: Any, app_url: str
) -> None:
    open_view(page, app_url, "?date=2021-06")
    wait_for_window(page, "2021-06")
    assert "arms transfers" not in dyad_types(page).get("IRN,RUS", "")
    handle = page.locator("#timeline-slider [role=slider]").first
    handle.focus()
    for _ in range(24):
        page.keyboard.press("ArrowRight")
    wait_for_window(page, "2023-06")
    assert page.inner_text("#current-date") == "June 2023"
    assert "arms transfers" in dyad_types(page)["IRN,RUS"]
    # The browser draws the month at the key press; the URL follows once Dash has heard.
    page.wait_for_function("() => window.location.search.includes('date=2023-06')",
                           timeout=15_000)


def test_play_advances_the_date(page: Any, app_url: str) -> None:
    open_view(page, app_url, "?date=2000-01")
    wait_for_window(page, "2000-01")
    page.click("#play")
    page.wait_for_function(
        "() => document.querySelector('#current-date').innerText !== 'January 2000'",
        timeout=10_000,
    )
    page.click("#play")
    page.wait_for_function(
        "() => document.querySelector('#play').innerText.trim().endsWith('Play')",
        timeout=10_000,
    )
    page.wait_for_timeout(600)  # a month already requested may still land
    paused_at = page.inner_text("#current-date")
    page.wait_for_timeout(2_000)  # two ticks at 1x: nothing moves once paused
    assert page.inner_text("#current-date") == paused_at
    assert page.inner_text("#current-date") != "January 2000"


def test_unticking_a_tie_type_removes_those_ties(page: Any, app_url: str) -> None:
    open_view(page, app_url, "?date=2023-06")
    wait_for_window(page, "2023-06")
    assert any("arms transfers" in text for text in dyad_types(page).values())
    page.get_by_label("arms transfers", exact=True).uncheck()
    page.wait_for_function("() => window.location.search.includes('types=')")
    wait_for_window(page, "2023-06")
    page.wait_for_function(
        """() => { const g = document.querySelector('%s');
            return !g.data.some(t => t.name === 'ties' && t.hovertext.some(
                h => h.includes('<br>arms transfers<br>'))); }"""
        % GRAPH
    )
    assert not any(text.split("<br>")[1] == "arms transfers" for text in dyad_types(page).values())


def test_map_layout_draws_on_a_world_map(page: Any, app_url: str) -> None:
    open_view(page, app_url, "?date=2023-06&layout=map")
    # The land outlines come from the app's own assets: the map needs no CDN.
    page.wait_for_selector(
        f"{GRAPH} .geolayer path.land, {GRAPH} .geolayer .land path",
        state="attached",
        timeout=15_000,
    )
    types = page.evaluate("() => document.querySelector('%s').data.map(t => t.type)" % GRAPH)
    assert "scattergeo" in types
    assert page.is_checked("#layout-choice input[value=map]")


def test_a_url_restores_its_view_and_reports_bad_values(page: Any, app_url: str) -> None:
    open_view(page, app_url, "?date=2023-06-30&layout=circle&focus=IRN&min_weight=0.3&hops=7")
    wait_for_window(page, "2023-06")
    assert page.is_checked("#layout-choice input[value=circle]")
    assert "Iran" in page.inner_text("#focus-choice")
    assert "hops" in page.inner_text("#notices")
    assert "min_weight=0.3" in page.url and "focus=IRN" in page.url


def test_back_returns_to_the_previous_view(page: Any, app_url: str) -> None:
    open_view(page, app_url, "?date=2010-01")
    wait_for_window(page, "2010-01")
    page.click("#step-forward")
    wait_for_window(page, "2010-02")
    # The address is written by its own callback: wait for it, as a reader's eye would.
    page.wait_for_function("() => window.location.search.includes('date=2010-02')")
    page.go_back()
    wait_for_window(page, "2010-01")
    assert page.inner_text("#current-date") == "January 2010"


def test_filtering_everything_out_says_so_in_words(page: Any, app_url: str) -> None:
    open_view(page, app_url, "?date=2023-06&types=defense_pact&region=Oceania&sign=-1")
    wait_for_window(page, "2023-06")
    assert "Nothing to draw" in page.inner_text("#empty-message")
