"""The load test, short: 10 simulated users for 15 s against gunicorn with two workers.

It fails on any failed request, never on speed (speed is measured by ``bench/load.py`` run in
full, not in a test).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


def test_ten_users_for_fifteen_seconds_get_every_answer() -> None:
    pytest.importorskip("gunicorn", reason="the production server needs the serve extra")
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "load.py"), "--users", "10", "--seconds", "15",
         "--workers", "2", "--json"],
        capture_output=True, text=True, timeout=600, cwd=ROOT / "tests", check=False,
    )
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    report = json.loads(done.stdout)
    assert report["failures"] == 0, report["errors"]
    assert done.returncode == 0, done.stderr[-3000:]
    assert report["users"] == 10
    # Every user opened the page and did something: slider moves, filters, panels.
    kinds = report["by_kind"]
    assert {"page", "network-graph", "panel-content", "url-write"} <= set(kinds)
    assert kinds["page"]["requests"] == 10
    assert report["requests"] >= 10 * 8
    assert len(report["workers_rss"]) == 2  # both workers were sampled
