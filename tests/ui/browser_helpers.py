"""Helpers shared by the browser tests."""

from __future__ import annotations

from typing import Any

GRAPH = "#network-graph .js-plotly-plot"


def open_view(page: Any, app_url: str, query: str = "") -> None:
    page.goto(f"{app_url}/{query}")
    page.wait_for_selector(f"{GRAPH} .main-svg", timeout=30_000)
    page.wait_for_function(
        "() => { const g = document.querySelector('%s'); return g && g.data && g.layout; }" % GRAPH
    )
    # The first figure comes with the page; the callbacks that follow it (URL, panels) are
    # done when the network is quiet.
    page.wait_for_load_state("networkidle")


def wait_for_window(page: Any, label: str) -> None:
    """Wait until the drawn figure is the one of ``label`` (its caption names the window)."""
    page.wait_for_function(
        """label => { const g = document.querySelector('%s');
            return g && g.layout && ((g.layout.meta || {}).caption || '')
                .includes(' · ' + label + ' · '); }"""
        % GRAPH,
        arg=label,
        timeout=15_000,
    )
