"""Faults seen from the browser: a server restart, slow draws while playing, answers out of
order.

Each test starts its own app server (``realpolitik serve`` on a small dataset), some with the
test-only delay of ui/security.py (``REALPOLITIK_TEST_DELAY_MS``: the server sleeps before
answering a draw of the graph; ``REALPOLITIK_TEST_DELAY_STEPS=odd``: only draws of an odd
slider step).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_helpers import GRAPH, open_view, wait_for_window
from server_helpers import AppServer, load_test_data

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SLIDER_HANDLE = "#timeline-slider [role=slider]"


@pytest.fixture(scope="module")
def small_data(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A small dataset, and a cache folder its timeline is computed into once."""
    return (load_test_data().write_dataset(tmp_path_factory.mktemp("data") / "tiny"),
            tmp_path_factory.mktemp("cache"))


@pytest.fixture
def server_factory(small_data: tuple[Path, Path], tmp_path: Path) -> Iterator[Any]:
    started: list[AppServer] = []

    def start(**env: str) -> AppServer:
        server = AppServer(*small_data, tmp_path / f"server{len(started)}.log", **env)
        server.start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def fresh_page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 950})
    opened = context.new_page()
    opened.console_errors = []
    opened.on("console", lambda m: opened.console_errors.append(m.text)
              if m.type == "error" else None)
    opened.on("pageerror", lambda error: opened.console_errors.append(str(error)))
    opened.draws = []  # (time, slider step) of every draw request the page sends
    opened.drawn = []  # (time, slider step) of every draw answer the page receives

    def step_of(post_data: str | None) -> int | None:
        body = json.loads(post_data or "{}")
        if "network-graph.figure" not in str(body.get("output")):
            return None
        return next((item["value"] for item in body["inputs"]
                     if isinstance(item, dict) and item.get("id") == "timeline-slider"), None)

    def on_request(request: Any) -> None:
        if "/_dash-update-component" in request.url:
            step = step_of(request.post_data)
            if step is not None:
                opened.draws.append((time.monotonic(), step))

    def on_response(response: Any) -> None:
        if "/_dash-update-component" in response.url:
            step = step_of(response.request.post_data)
            if step is not None:
                opened.drawn.append((time.monotonic(), step))

    opened.on("request", on_request)
    opened.on("response", on_response)
    yield opened
    context.close()


def slider_step(page: Any) -> int:
    return int(page.get_attribute(SLIDER_HANDLE, "aria-valuenow"))


def shows(page: Any, label: str) -> bool:
    """Whether the figure on the page is the one of month ``label`` (its caption says so)."""
    return bool(page.evaluate(
        """label => { const g = document.querySelector('%s');
            return ((g.layout.meta || {}).caption || '')
                .includes(' · ' + label + ' · '); }""" % GRAPH, label))


def url_month(page: Any) -> str:
    return str(page.evaluate("() => new URLSearchParams(window.location.search).get('date')"))


def test_the_session_survives_a_server_restart(server_factory: Any, fresh_page: Any) -> None:
    server = server_factory()
    open_view(fresh_page, server.url, "?date=2020-01&layout=circle&min_weight=0.3")
    wait_for_window(fresh_page, "2020-01")
    server.stop()
    server.start()  # same port, new process: nothing of the session was on the server
    fresh_page.click("#step-forward")
    wait_for_window(fresh_page, "2020-02")
    assert fresh_page.inner_text("#current-date") == "February 2020"
    fresh_page.wait_for_function("() => window.location.search.includes('date=2020-02')")
    assert "layout=circle" in fresh_page.url and "min_weight=0.3" in fresh_page.url
    # The view comes back from the URL alone.
    fresh_page.reload()
    open_view(fresh_page, server.url, "?" + fresh_page.url.split("?", 1)[1])
    wait_for_window(fresh_page, "2020-02")
    assert fresh_page.is_checked("#layout-choice input[value=circle]")
    assert fresh_page.console_errors == []


def test_play_skips_a_slow_step_instead_of_queueing_it(server_factory: Any,
                                                       fresh_page: Any) -> None:
    delay = 1.5
    server = server_factory(REALPOLITIK_TEST_DELAY_MS=str(int(delay * 1000)))
    # Compared with another date, the view is drawn by the server month by month (the page
    # holds no month pack for it): the path where a slow server must not queue the steps.
    open_view(fresh_page, server.url, "?date=2000-01&compare=1998-01")
    wait_for_window(fresh_page, "2000-01")
    fresh_page.wait_for_timeout(int(delay * 1000) + 500)  # the first draws are answered
    start = slider_step(fresh_page)
    fresh_page.click("#play-speed")
    fresh_page.get_by_text("Speed 4×").click()  # a tick every 200 ms, a draw every 1.5 s
    fresh_page.draws.clear()
    began = time.monotonic()
    fresh_page.click("#play")
    fresh_page.wait_for_timeout(7_000)
    fresh_page.click("#play")  # pause
    paused = time.monotonic()
    moved = slider_step(fresh_page) - start
    ticks = (paused - began) / 0.2
    # Queued, every 200 ms tick would have moved the slider (about 35 months); skipped, the
    # slider waits for each month's drawing: one month per delay, give or take one.
    assert 2 <= moved <= (paused - began) / delay + 2, (moved, ticks)
    steps = [step for _, step in fresh_page.draws]
    assert steps == list(range(start + 1, start + 1 + len(steps))), steps  # no month skipped
    # Nothing is left queued: after the last answer, no draw is asked for any more.
    fresh_page.wait_for_timeout(int(delay * 1000) + 1000)
    asked = len(fresh_page.draws)
    fresh_page.wait_for_timeout(int(delay * 1000) + 500)
    assert len(fresh_page.draws) == asked
    assert shows(fresh_page, url_month(fresh_page))
    assert fresh_page.console_errors == []


def test_an_older_answer_arriving_last_never_wins(server_factory: Any, fresh_page: Any) -> None:
    delay = 2.0
    server = server_factory(REALPOLITIK_TEST_DELAY_MS=str(int(delay * 1000)),
                            REALPOLITIK_TEST_DELAY_STEPS="odd")
    open_view(fresh_page, server.url, "?date=2000-01")
    wait_for_window(fresh_page, "2000-01")
    fresh_page.wait_for_timeout(int(delay * 1000) + 500)
    if slider_step(fresh_page) % 2 == 1:  # start on an even step: the next one is slow
        fresh_page.click("#step-forward")
        fresh_page.wait_for_timeout(int(delay * 1000) + 1000)
    start = slider_step(fresh_page)
    fresh_page.drawn.clear()
    fresh_page.click("#step-forward")  # odd: answered after the delay
    fresh_page.wait_for_timeout(150)
    fresh_page.click("#step-forward")  # even: answered at once, before the odd one
    newest = start + 2
    deadline = time.monotonic() + delay + 10
    while time.monotonic() < deadline and not any(s == start + 1 for _, s in fresh_page.drawn):
        fresh_page.wait_for_timeout(100)
    fresh_page.wait_for_timeout(800)  # whatever the page does with the late answer, it did it
    order = [step for _, step in fresh_page.drawn]
    assert slider_step(fresh_page) == newest
    month = url_month(fresh_page)
    assert shows(fresh_page, month), (order, month)
    # The premise: the older step's answer did come back, after the newer one's.
    assert order[-1] == start + 1 and newest in order, order
    assert fresh_page.console_errors == []
