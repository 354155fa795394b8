"""Load test: simulated users moving the slider, changing filters and opening panels.

Each user is a thread with its own keep-alive connection. It opens the page (``/``,
``/_dash-layout``, ``/_dash-dependencies``, as the browser does; static scripts are left out:
a browser caches them), runs the page's first callbacks, then until the time is up waits a
think time (uniform, ``--think``, 1 to 4 s by default) and does one thing:

- **slider** (50 %): a step of one month, or a jump; sends what the page sends when the slider
  moves: the URL writer, the open panel, the triad highlight and the graph;
- **filter** (25 %): a layout, sign, minimum weight, confidence, region, tie types, colour,
  size or isolates change: the URL writer, the graph and the open panel;
- **panel** (25 %): another tab of the panels (country, relationship, metrics table, balance,
  compare dates).

Every request is a real POST to ``/_dash-update-component`` built from the app's own
``/_dash-dependencies`` and ``/_dash-layout`` (the graph's request through ``dash_payload`` of
``bench/ui.py``), sent with ``Accept-Encoding: gzip`` like a browser. A request fails on a
status other than 200 or 204, a timeout (``--request-timeout``) or a connection error. A
connection the server closed while idle is reopened and the request sent again once, as
browsers do; those are counted apart (``reconnects``).

Without ``--url`` the script starts the production server itself (``realpolitik serve
--workers N`` on a free loopback port) and samples its workers' resident memory every two
seconds (``/proc``); with ``--url`` it only drives the server given (``--pid`` names a
gunicorn master whose workers to sample). Loopback only: ``--url`` must name 127.0.0.1 or
localhost.

    python bench/load.py                         # 50 users, 120 s, 2 workers
    python bench/load.py --users 10 --seconds 15 --json
    python bench/load.py --url http://127.0.0.1:8080 --users 50 --seconds 60

Exit status: 0 when no request failed; 1 when one did; 2 with ``--strict`` when the p95 is
300 ms or more or memory grew in the second half of the run (more than 10 % and 30 MB).
"""

from __future__ import annotations

import argparse
import copy
import gzip
import http.client
import importlib.util
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _bench_ui() -> Any:
    """bench/ui.py as a module (its name would clash with the ``ui`` package)."""
    spec = importlib.util.spec_from_file_location("bench_ui", Path(__file__).with_name("ui.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bench_ui = _bench_ui()
free_port = bench_ui.free_port
percentile = bench_ui.percentile

SLIDER = "timeline-slider"
GRAPH_OUTPUT = "network-graph.figure"
PANEL_OUTPUT = "panel-content.children"
URL_OUTPUT = "url-write.data"
HIGHLIGHT_OUTPUT = "highlight-store.data"
PANEL_TABS = ("country", "dyad", "metrics", "balance", "compare")
FAILED = "failed"


# --- the app's callbacks, as the page calls them ---------------------------------------------


def _get_json(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=60) as response:
        return json.load(response)


#: Shared with bench/ui.py: the one walk over the layout's component properties.
layout_values = bench_ui.layout_values


def _outputs(output: str) -> Any:
    parts = [part.rsplit(".", 1) for part in output.strip(".").split("...")]
    items = [{"id": ident, "property": prop} for ident, prop in parts]
    return items if output.startswith("..") else items[0]


@dataclass
class Callbacks:
    """The callbacks a user drives, by the name of one of their outputs."""

    specs: dict[str, dict[str, Any]]
    defaults: dict[tuple[str, str], Any]
    graph_template: dict[str, Any]
    slider_max: int

    @classmethod
    def of(cls, url: str) -> Callbacks:
        dependencies = _get_json(url + "/_dash-dependencies")
        defaults = layout_values(_get_json(url + "/_dash-layout"))
        specs = {}
        for name in (GRAPH_OUTPUT, PANEL_OUTPUT, URL_OUTPUT, HIGHLIGHT_OUTPUT):
            found = [d for d in dependencies if name in d["output"].split("@")[0]]
            if not found:
                raise RuntimeError(f"the app has no callback writing {name}")
            specs[name] = found[0]
        body, _ = bench_ui.dash_payload(url, 0)
        return cls(specs, defaults, json.loads(body), int(defaults[(SLIDER, "max")]))

    def body(self, name: str, values: dict[tuple[str, str], Any], changed: str) -> bytes:
        """The JSON body the page posts for callback ``name`` with the user's ``values``."""
        if name == GRAPH_OUTPUT:
            body = copy.deepcopy(self.graph_template)
            for item in body["inputs"]:
                item["value"] = values.get((item["id"], item["property"]))
            body["changedPropIds"] = [changed]
            return json.dumps(body).encode()
        spec = self.specs[name]

        def value_of(entry: dict[str, Any]) -> Any:
            if entry["id"].startswith("{"):  # a pattern-matching input: no such component yet
                return []
            key = (entry["id"], entry["property"])
            return {"id": entry["id"], "property": entry["property"], "value": values.get(key)}

        body = {
            "output": spec["output"],
            "outputs": _outputs(spec["output"]),
            "inputs": [value_of(entry) for entry in spec["inputs"]],
            "state": [value_of(entry) for entry in spec["state"]],
            "changedPropIds": [changed],
        }
        return json.dumps(body).encode()


# --- one user ----------------------------------------------------------------------------------


@dataclass
class Sample:
    at: float
    ms: float
    kind: str
    status: int | str


@dataclass
class Results:
    samples: list[Sample] = field(default_factory=list)
    reconnects: int = 0
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, sample: Sample, error: str = "") -> None:
        with self.lock:
            self.samples.append(sample)
            if error and len(self.errors) < 20:
                self.errors.append(error)


FILTERS: list[tuple[str, str, list[Any]]] = [
    ("layout-choice", "value", ["force", "map", "circle"]),
    ("sign-choice", "value", [0, 1, -1]),
    ("min-weight", "value", [0, 0.3, 0.5, 0.8]),
    ("confidence-choice", "value", [["high", "medium", "low"], ["high"], ["high", "medium"]]),
    ("color-choice", "value", ["community", "region", "bloc"]),
    ("size-choice", "value", ["pagerank", "degree", "strength", "betweenness"]),
    ("hide-isolates", "value", [["hide"], []]),
]


class User(threading.Thread):
    def __init__(self, number: int, url: str, callbacks: Callbacks, deadline: float,
                 think: tuple[float, float], timeout: float, results: Results) -> None:
        super().__init__(name=f"user-{number}", daemon=True)
        self.random = random.Random(number)
        parsed = urllib.parse.urlsplit(url)
        self.host, self.port = parsed.hostname or "127.0.0.1", parsed.port or 80
        self.callbacks = callbacks
        self.deadline = deadline
        self.think = think
        self.timeout = timeout
        self.results = results
        self.values = dict(callbacks.defaults)
        self.values[(SLIDER, "value")] = self.random.randrange(callbacks.slider_max + 1)
        self.values[("panel-tabs", "value")] = "country"
        self.connection: http.client.HTTPConnection | None = None
        self.used = False

    # requests

    def _connect(self) -> http.client.HTTPConnection:
        if self.connection is None:
            self.connection = http.client.HTTPConnection(self.host, self.port,
                                                         timeout=self.timeout)
            self.used = False
        return self.connection

    def _close(self) -> None:
        if self.connection is not None:
            self.connection.close()
        self.connection = None

    def request(self, method: str, path: str, body: bytes | None, kind: str) -> None:
        headers = {"Accept-Encoding": "gzip", "Accept": "application/json"}
        if body is not None:
            headers["Content-Type"] = "application/json"
        started = time.perf_counter()
        for attempt in (1, 2):
            connection = self._connect()
            reused = self.used
            try:
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                payload = response.read()
                self.used = True
                if response.getheader("Connection", "").lower() == "close":
                    self._close()
                ok = response.status in (200, 204)
                error = "" if ok else f"{kind}: HTTP {response.status} {payload[:200]!r}"
                if ok and response.getheader("Content-Encoding") == "gzip":
                    gzip.decompress(payload)  # a browser would: a corrupt body is a failure
                self.results.add(Sample(started, (time.perf_counter() - started) * 1000, kind,
                                        response.status if ok else FAILED), error)
                return
            except (http.client.RemoteDisconnected, ConnectionResetError,
                    BrokenPipeError) as error:
                self._close()
                if reused and attempt == 1:  # the server closed an idle keep-alive connection
                    with self.results.lock:
                        self.results.reconnects += 1
                    continue
                self._fail(started, kind, error)
                return
            except (OSError, http.client.HTTPException, ValueError) as error:
                self._close()
                self._fail(started, kind, error)
                return

    def _fail(self, started: float, kind: str, error: Exception) -> None:
        self.results.add(Sample(started, (time.perf_counter() - started) * 1000, kind, FAILED),
                         f"{kind}: {type(error).__name__}: {error}")

    def callback(self, name: str, changed: str) -> None:
        body = self.callbacks.body(name, self.values, changed)
        self.request("POST", "/_dash-update-component", body, name.split(".")[0])

    # behaviour

    def open_page(self) -> None:
        self.request("GET", "/", None, "page")
        self.request("GET", "/_dash-layout", None, "layout")
        self.request("GET", "/_dash-dependencies", None, "dependencies")
        for name in (GRAPH_OUTPUT, URL_OUTPUT, PANEL_OUTPUT, HIGHLIGHT_OUTPUT):
            self.callback(name, f"{SLIDER}.value")

    def move_slider(self) -> None:
        step = int(self.values[(SLIDER, "value")])
        if self.random.random() < 0.7:
            step += self.random.choice((-1, 1))
        else:
            step = self.random.randrange(self.callbacks.slider_max + 1)
        self.values[(SLIDER, "value")] = max(0, min(self.callbacks.slider_max, step))
        for name in (URL_OUTPUT, PANEL_OUTPUT, HIGHLIGHT_OUTPUT, GRAPH_OUTPUT):
            self.callback(name, f"{SLIDER}.value")

    def change_filter(self) -> None:
        component, prop, choices = self.random.choice(FILTERS)
        self.values[(component, prop)] = self.random.choice(choices)
        for name in (URL_OUTPUT, GRAPH_OUTPUT, PANEL_OUTPUT):
            self.callback(name, f"{component}.{prop}")

    def open_panel(self) -> None:
        self.values[("panel-tabs", "value")] = self.random.choice(PANEL_TABS)
        self.callback(PANEL_OUTPUT, "panel-tabs.value")

    def run(self) -> None:
        try:
            self.open_page()
            while True:
                pause = self.random.uniform(*self.think)
                if time.monotonic() + pause >= self.deadline:
                    break
                time.sleep(pause)
                roll = self.random.random()
                if roll < 0.5:
                    self.move_slider()
                elif roll < 0.75:
                    self.change_filter()
                else:
                    self.open_panel()
        finally:
            self._close()


# --- the server and its memory -----------------------------------------------------------------


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2:].split()
        if len(fields) > 1 and int(fields[1]) == pid:
            found.append(int(entry.name))
    return sorted(found)


def rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


class MemorySampler(threading.Thread):
    def __init__(self, master: int | None, every: float = 2.0) -> None:
        super().__init__(name="memory", daemon=True)
        self.master, self.every = master, every
        self.samples: list[tuple[float, dict[int, float]]] = []
        self.stop_event = threading.Event()

    def sample(self) -> None:
        if self.master is None:
            return
        sizes = {pid: size for pid in children_of(self.master)
                 if (size := rss_mb(pid)) is not None}
        self.samples.append((time.monotonic(), sizes))

    def run(self) -> None:
        while not self.stop_event.is_set():
            self.sample()
            self.stop_event.wait(self.every)

    def stop(self) -> None:
        self.stop_event.set()
        self.join()
        self.sample()


@contextmanager
def production_server(workers: int, data: str | None) -> Iterator[tuple[str, int]]:
    """``realpolitik serve --workers N`` on a free loopback port: its URL and master pid."""
    port = free_port()
    command = [sys.executable, str(ROOT / "cli.py"), "serve", "--workers", str(workers),
               "--port", str(port)]
    if data:
        command += ["--data", data]
    env = dict(os.environ)
    env.setdefault("REALPOLITIK_CACHE", str(Path(tempfile.gettempdir()) / "realpolitik-cache"))
    work = Path(tempfile.mkdtemp(prefix="realpolitik-load-"))
    log = work / "server.log"
    with log.open("w") as output:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output,
                                  stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 600
        while True:
            try:
                with urllib.request.urlopen(url + "/_dash-layout", timeout=5):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the server did not start: "
                                       + log.read_text()[-2000:]) from None
                time.sleep(0.5)
        yield url, server.pid
    finally:
        server.terminate()
        try:
            server.wait(timeout=40)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        shutil.rmtree(work, ignore_errors=True)


# --- the report --------------------------------------------------------------------------------


def summarise(results: Results, memory: MemorySampler, users: int, seconds: float,
              elapsed: float) -> dict[str, Any]:
    samples = results.samples
    times = [sample.ms for sample in samples if sample.status != FAILED]
    failures = sum(1 for sample in samples if sample.status == FAILED)
    per_kind: dict[str, dict[str, float]] = {}
    for kind in sorted({sample.kind for sample in samples}):
        kind_times = [s.ms for s in samples if s.kind == kind and s.status != FAILED]
        if kind_times:
            per_kind[kind] = {"requests": len(kind_times),
                              "p50_ms": round(statistics.median(kind_times), 1),
                              "p95_ms": round(percentile(kind_times, 0.95), 1)}
    workers: dict[str, dict[str, float]] = {}
    if memory.samples:
        start_time = memory.samples[0][0]
        middle = start_time + (memory.samples[-1][0] - start_time) / 2
        pids = sorted({pid for _, sizes in memory.samples for pid in sizes})
        for pid in pids:
            series = [(at, sizes[pid]) for at, sizes in memory.samples if pid in sizes]
            half = [size for at, size in series if at >= middle] or [series[-1][1]]
            workers[str(pid)] = {"start_mb": round(series[0][1], 1),
                                 "middle_mb": round(half[0], 1),
                                 "end_mb": round(series[-1][1], 1),
                                 "max_mb": round(max(size for _, size in series), 1)}
    return {
        "users": users,
        "seconds": seconds,
        "elapsed_s": round(elapsed, 1),
        "requests": len(samples),
        "failures": failures,
        "reconnects": results.reconnects,
        "requests_per_s": round(len(samples) / elapsed, 1) if elapsed else 0.0,
        "p50_ms": round(statistics.median(times), 1) if times else None,
        "p95_ms": round(percentile(times, 0.95), 1) if times else None,
        "p99_ms": round(percentile(times, 0.99), 1) if times else None,
        "max_ms": round(max(times), 1) if times else None,
        "by_kind": per_kind,
        "workers_rss": workers,
        "errors": results.errors,
    }


def memory_flat(report: dict[str, Any]) -> bool:
    """No worker grew in the second half by more than 10 % and 30 MB."""
    for sizes in report["workers_rss"].values():
        growth = sizes["end_mb"] - sizes["middle_mb"]
        if growth > 30 and growth > 0.1 * sizes["middle_mb"]:
            return False
    return True


def print_report(report: dict[str, Any]) -> None:
    print(f"users {report['users']}, {report['elapsed_s']} s: {report['requests']} requests "
          f"({report['requests_per_s']}/s), {report['failures']} failed, "
          f"{report['reconnects']} keep-alive reconnects")
    print(f"response time: p50 {report['p50_ms']} ms, p95 {report['p95_ms']} ms, "
          f"p99 {report['p99_ms']} ms, max {report['max_ms']} ms")
    print("\n| request | count | p50 ms | p95 ms |\n|---|---|---|---|")
    for kind, figures in report["by_kind"].items():
        print(f"| {kind} | {figures['requests']} | {figures['p50_ms']} | {figures['p95_ms']} |")
    if report["workers_rss"]:
        print("\n| worker pid | RSS start MB | RSS at half time MB | RSS end MB | max MB |")
        print("|---|---|---|---|---|")
        for pid, sizes in report["workers_rss"].items():
            print(f"| {pid} | {sizes['start_mb']} | {sizes['middle_mb']} | {sizes['end_mb']} | "
                  f"{sizes['max_mb']} |")
        print(f"\nmemory flat in the second half: {memory_flat(report)}")
    for error in report["errors"]:
        print("error:", error)


def run(url: str, users: int, seconds: float, think: tuple[float, float], timeout: float,
        master: int | None) -> dict[str, Any]:
    callbacks = Callbacks.of(url)
    results = Results()
    memory = MemorySampler(master)
    memory.start()
    started = time.monotonic()
    deadline = started + seconds
    crowd = [User(number, url, callbacks, deadline, think, timeout, results)
             for number in range(users)]
    for user in crowd:
        user.start()
        time.sleep(min(0.05, seconds / max(users, 1) / 10))  # not all in the same millisecond
    for user in crowd:
        user.join(timeout=seconds + 5 * timeout)
    elapsed = time.monotonic() - started
    memory.stop()
    return summarise(results, memory, users, seconds, elapsed)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--url", help="a running server (loopback); default: start one")
    parser.add_argument("--pid", type=int, help="with --url: the gunicorn master to sample")
    parser.add_argument("--workers", type=int, default=2,
                        help="workers of the server started (default 2)")
    parser.add_argument("--data", help="dataset folder for the server started")
    parser.add_argument("--think", type=float, nargs=2, default=(1.0, 4.0),
                        metavar=("MIN", "MAX"), help="seconds between two actions of a user")
    parser.add_argument("--request-timeout", type=float, default=30)
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--strict", action="store_true",
                        help="also fail when p95 >= 300 ms or memory is not flat")
    args = parser.parse_args(argv)
    if args.users < 1 or args.seconds <= 0:
        parser.error("--users and --seconds must be positive")
    if args.url:
        host = urllib.parse.urlsplit(args.url).hostname
        if host not in ("127.0.0.1", "localhost", "::1"):
            parser.error("--url must be a loopback address (127.0.0.1 or localhost)")
        report = run(args.url.rstrip("/"), args.users, args.seconds, tuple(args.think),
                     args.request_timeout, args.pid)
    else:
        with production_server(args.workers, args.data) as (url, master):
            report = run(url, args.users, args.seconds, tuple(args.think),
                         args.request_timeout, master)
    if args.json:
        json.dump(report, sys.stdout, indent=1)
        sys.stdout.write("\n")
    else:
        print_report(report)
    if report["failures"] or not report["requests"]:
        return 1
    if args.strict and ((report["p95_ms"] or 0) >= 300 or not memory_flat(report)):
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
