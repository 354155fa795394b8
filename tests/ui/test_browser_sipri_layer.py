"""The bundled SIPRI arms-transfers layer in the page: listed unticked, one click draws it beside
the curated ties, one more click takes it away."""

from __future__ import annotations

from typing import Any

import pytest
from browser_helpers import GRAPH, open_view, wait_for_window

pytestmark = pytest.mark.browser

# Italy and the United States: no curated tie in June 2023 (NATO is a membership, not a tie),
# US arms deliveries to Italy in the SIPRI layer (2023).
PAIR = "ITA,USA"

DRAWN = (
    """pair => { const g = document.querySelector('%s'); const out = {};
    for (const t of g.data) { if (t.name !== 'ties') continue;
      t.customdata.forEach((key, i) => {
        out[String(key).split(',').sort().join(',')] = String(t.hovertext[i]); }); }
    return out; }"""
    % GRAPH
)


def drawn(page: Any) -> dict[str, str]:
    return dict(page.evaluate(DRAWN))


def wait_for_pair(page: Any, present: bool) -> None:
    page.wait_for_function(
        "([pair, present]) => { const g = document.querySelector('%s');"
        "  const keys = g.data.filter(t => t.name === 'ties').flatMap(t => t.customdata)"
        "    .map(k => String(k).split(',').sort().join(','));"
        "  return keys.includes(pair) === present; }" % GRAPH,
        arg=[PAIR, present],
        timeout=20_000,
    )


def test_ticking_the_sipri_layer_draws_arms_transfers_beside_the_curated_ties(
    page: Any, app_url: str
) -> None:
    open_view(page, app_url, "?date=2023-06")
    wait_for_window(page, "2023-06")
    sipri = page.get_by_label("SIPRI arms transfers")
    assert not sipri.is_checked(), "the SIPRI layer is off by default"
    assert page.get_by_label("Curated data").is_checked()
    before = drawn(page)
    assert PAIR not in before and "IRN,RUS" in before

    sipri.check()
    wait_for_pair(page, present=True)
    after = drawn(page)
    assert "arms transfers" in after[PAIR]
    assert "IRN,RUS" in after, "the curated ties stay beside the layer"

    sipri.uncheck()
    wait_for_pair(page, present=False)
