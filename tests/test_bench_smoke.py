"""The benchmarks still run: a smoke run at small sizes (it measures nothing)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_timeline_benchmark_prints_its_table():
    # From another folder: the script must find the project by itself.
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "timeline.py"), "--quick"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT / "tests",
        check=False,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert any(line.startswith("synthetic network: 30 countries, 12 months") for line in lines)
    table = [line for line in lines if line.startswith("|")]
    header = [cell.strip() for cell in table[0].strip("|").split("|")]
    assert header[:4] == ["what", "wall s", "cpu s", "wall ms/month"]
    assert any("compute_timeline (all months)" in line for line in table)
    assert any("networkx baseline" in line and "extrapolated" in line for line in table)
    assert any("speed-up" in line and "x" in line for line in table)
    assert "Traceback" not in done.stderr
