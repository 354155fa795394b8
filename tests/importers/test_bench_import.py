"""The import benchmark still runs: a smoke run at a tiny size (it measures nothing)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_import_benchmark_prints_its_table() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "import.py"), "--quick", "--events", "2000"],
        capture_output=True, text=True, timeout=300, cwd=ROOT / "tests", check=False,
    )
    assert done.returncode == 0, done.stderr
    table = [line for line in done.stdout.splitlines() if line.startswith("|")]
    header = [cell.strip() for cell in table[0].strip("|").split("|")]
    assert header[:5] == ["task", "size", "realpolitik (s)", "pandas (s)", "target"]
    assert any(line.startswith("| GDELT 2,000 events") for line in table)
    assert "Traceback" not in done.stderr
