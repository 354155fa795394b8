"""An app server the browser tests can stop and start again, and the test datasets."""

from __future__ import annotations

import importlib.util
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


def load_test_data() -> Any:
    """tests/conftest.py as a module, for its dataset writer (``conftest`` is ambiguous here)."""
    spec = importlib.util.spec_from_file_location("realpolitik_test_data",
                                                  ROOT / "tests" / "conftest.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


HOSTILE_NAMES = {
    "IRN": "<img src=x onerror=alert(1)>",
    "ISR": '<a href="https://evil">x</a>',
    "RUS": "<script>alert(1)</script>",
    "USA": '=HYPERLINK("https://evil","click")',
    "UKR": "Bad\x07Name\x1b[31m",
    "BLR": "\u202eRTL override\u202c",
    "HZB": "حزب الله $$x^2$$ {{7*7}}",
}
HOSTILE_TITLE = "<b>Evil</b> <img src=x onerror=alert(2)>"


def write_hostile_dataset(folder: Path) -> Path:
    data = load_test_data()
    countries = [(row[0], HOSTILE_NAMES.get(row[0], row[1]), *row[2:]) for row in data.COUNTRIES]
    sources = [*data.SOURCES, ("s4", "<script>x</script>", "=cmd|' /C calc'!A0", "2024",
                               "")]
    ties = [(*row[:10], row[10] + (";s4" if row[0] == "t-rus-ukr-war" else ""), row[11])
            for row in data.TIES]
    written = data.write_dataset(folder, countries=countries, sources=sources, ties=ties)
    descriptor = json.loads((written / "datapackage.json").read_text())
    descriptor["title"] = HOSTILE_TITLE
    (written / "datapackage.json").write_text(json.dumps(descriptor))
    return written


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class AppServer:
    """``realpolitik serve`` on a fixed port, that can be stopped and started again."""

    def __init__(self, data: Path, cache: Path, log: Path, **env: str) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.command = [sys.executable, "cli.py", "serve", "--port", str(self.port),
                        "--data", str(data)]
        self.env = {**os.environ, "REALPOLITIK_CACHE": str(cache), **env}
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log.open("a") as output:
            self.process = subprocess.Popen(self.command, cwd=ROOT, env=self.env,
                                            stdout=output, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"the app exited: {self.log.read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(self.url + "/_dash-layout", timeout=2):
                    return
            except OSError:
                time.sleep(0.3)
        pytest.fail("the app did not start within 120 s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None
