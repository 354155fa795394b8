"""The page under its Content-Security-Policy, and hostile names, in headless Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_helpers import GRAPH, open_view, wait_for_window
from server_helpers import HOSTILE_NAMES, AppServer, write_hostile_dataset

pytestmark = pytest.mark.browser

RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener('securitypolicyviolation',
    e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
"""


def test_the_page_works_under_its_csp_without_a_violation(page: Any, app_url: str) -> None:
    page.add_init_script(RECORD_VIOLATIONS)
    response = page.goto(app_url + "/?date=2023-06")
    policy = response.headers["content-security-policy"]
    assert "frame-ancestors 'self'" in policy and "'unsafe-eval'" not in policy
    open_view(page, app_url, "?date=2023-06")
    wait_for_window(page, "2023-06")
    # Clientside callbacks (step, play), a server callback, the map and the metrics table.
    page.click("#step-forward")
    wait_for_window(page, "2023-07")
    page.click("#layout-choice input[value=map]")
    page.wait_for_selector(f"{GRAPH} .geolayer", state="attached", timeout=15_000)
    page.get_by_text("Metrics table").click()
    page.wait_for_selector("#metrics-grid .ag-row", timeout=15_000)
    page.click("#play")
    page.wait_for_timeout(1500)
    page.click("#play")
    assert page.evaluate("window.__violations") == []
    assert page.console_errors == []
    # The policy is enforced: an inline script that is not the app's own does not run.
    page.evaluate("""() => { const s = document.createElement('script');
        s.textContent = 'window.__injected = 1'; document.body.appendChild(s); }""")
    page.wait_for_timeout(200)
    assert page.evaluate("window.__injected") is None
    assert any(v.startswith("script-src") for v in page.evaluate("window.__violations"))


@pytest.fixture
def hostile_server(tmp_path: Path) -> Iterator[AppServer]:
    server = AppServer(write_hostile_dataset(tmp_path / "evil"), tmp_path / "cache",
                       tmp_path / "server.log")
    server.start()
    yield server
    server.stop()


def test_hostile_names_show_as_literal_text(browser: Any, hostile_server: AppServer) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 950})
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.add_init_script(RECORD_VIOLATIONS)
    try:
        open_view(page, hostile_server.url,
                  "?date=2023-06&focus=IRN&color=region&layout=%3Cimg%20src%3Dx%3E")
        wait_for_window(page, "2023-06")
        page.wait_for_function(
            "() => document.querySelector('#panel-content').innerText.length > 0")
        # No element was made from a name: no <img src=x>, no link to evil, no script run.
        # (The first figure's JSON block holds the names as escaped data, never run.)
        created = page.evaluate("""() => ({
            img: document.querySelectorAll('img[src="x"]').length,
            evil: document.querySelectorAll('a[href="https://evil"]').length,
            scripts: [...document.scripts].filter(s => s.type !== 'application/json'
                && s.text.includes('alert(')).length })""")
        assert created == {"img": 0, "evil": 0, "scripts": 0}
        # The names are there as text: in the focus dropdown, the panel and the graph's labels.
        hostile = HOSTILE_NAMES["IRN"]
        assert hostile in page.inner_text("#focus-choice")
        assert hostile in page.inner_text("#panel-content")
        assert "layout: '<img src=x>' is not one of" in page.inner_text("#notices")
        labels = page.evaluate(
            "() => [...document.querySelectorAll('%s text')].map(t => t.textContent)" % GRAPH)
        assert any(hostile in label for label in labels)
        assert any(HOSTILE_NAMES["RUS"] in label for label in labels)
        assert dialogs == []
        assert page.evaluate("window.__violations") == []
    finally:
        context.close()
