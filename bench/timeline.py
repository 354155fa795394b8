"""Benchmark: the whole timeline (every metric at every month) against plain networkx.

A synthetic network of ``--countries`` countries over ``--months`` months holds about
``--ties`` active weighted, signed ties in every month. Ties start and end on random days, so
the active set changes every month and every month is a distinct snapshot: nothing is saved
by snapshot sharing, the worst case for ``graph.timeline``.

Measured:

- ``compute_timeline``: ``graph.timeline.compute_timeline`` end to end, all months (it also
  computes structural balance and the force layout, which the baseline does not);
- ``networkx baseline``: ``graph.temporal.snapshot_graph`` then ``graph.metrics.
  reference_metrics`` (plain networkx) on a sample of months, extrapolated to all months,
  because running it on every month takes minutes.

Run ``python bench/timeline.py`` (full size) or ``python bench/timeline.py --quick``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

# Run as a script from anywhere: the project root holds the ``graph`` package.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graph.dataset import LINE, TABLES, TIE_TYPES, Dataset, RawTable, build_dataset
from graph.dates import add_months, month_end
from graph.metrics import reference_metrics
from graph.temporal import data_span, monthly_windows, snapshot_graph
from graph.timeline import compute_timeline

FIRST_MONTH = dt.date(1976, 1, 1)
REGIONS = ("Africa", "Americas", "Asia", "Europe", "Oceania")
#: Longest tie, in months; lifetimes are uniform in 1..MAX_LIFE.
MAX_LIFE = 120


def _raw(name: str, rows: dict[str, list[str]]) -> RawTable:
    spec = TABLES[name]
    count = len(next(iter(rows.values()))) if rows else 0
    frame = pd.DataFrame(
        {column: rows.get(column, [""] * count) for column in spec.column_names}, dtype=object
    )
    frame[LINE] = np.arange(2, count + 2)
    return RawTable(name, Path(f"{name}.csv"), frame, spec.column_names)


def synthetic_dataset(countries: int, months: int, ties: int, seed: int = 1) -> Dataset:
    """About ``ties`` active ties in each of ``months`` months, between ``countries`` countries.

    A tie's start month is uniform over a range that begins ``MAX_LIFE`` months before the
    first month, so the number of active ties is flat from the first month on; starts and
    ends are clipped to the span so the timeline covers exactly ``months`` months.
    """
    rng = np.random.default_rng(seed)
    ids = [f"C{i:03d}" for i in range(countries)]
    # Expected active ties per month = total * mean lifetime / length of the start range.
    mean_life = (MAX_LIFE + 1) / 2
    total = round(ties * (months + MAX_LIFE) / mean_life)
    start_month = rng.integers(-MAX_LIFE, months, total)
    life = rng.integers(1, MAX_LIFE + 1, total)
    end_month = start_month + life - 1
    keep = end_month >= 0
    start_month, end_month = (
        np.maximum(start_month[keep], 0),
        np.minimum(end_month[keep], months - 1),
    )
    total = len(start_month)
    # The first tie starts on the first day and one tie ends on the last, pinning the span.
    start_month[0], end_month[0] = 0, months - 1
    source = rng.integers(0, countries, total)
    target = (source + rng.integers(1, countries, total)) % countries
    type_names = list(TIE_TYPES)
    kinds = rng.integers(0, len(type_names), total)
    weights = rng.uniform(0.05, 1.0, total).round(3)

    def day_in(month: int, first: bool, fixed: bool) -> str:
        start = add_months(FIRST_MONTH, int(month))
        if fixed:
            return (start if first else month_end(start)).isoformat()
        return start.replace(day=int(rng.integers(1, month_end(start).day + 1))).isoformat()

    starts = [day_in(m, True, i == 0) for i, m in enumerate(start_month)]
    ends = [day_in(m, False, i == 0) for i, m in enumerate(end_month)]
    tie_types = [TIE_TYPES[type_names[k]] for k in kinds]
    tables = {
        "countries": _raw(
            "countries",
            {
                "id": ids,
                "name": [f"Country {i}" for i in range(countries)],
                "kind": ["state"] * countries,
                "region": [REGIONS[i % len(REGIONS)] for i in range(countries)],
            },
        ),
        "ties": _raw(
            "ties",
            {
                "id": [f"t{i}" for i in range(total)],
                "source": [ids[i] for i in source],
                "target": [ids[i] for i in target],
                "type": [tie.name for tie in tie_types],
                "sign": [str(tie.sign) for tie in tie_types],
                "weight": [str(w) for w in weights],
                "directed": ["true" if tie.directed else "false" for tie in tie_types],
                "start": starts,
                "end": ends,
                "sources": ["s1"] * total,
                "confidence": ["medium"] * total,
            },
        ),
        "sources": _raw("sources", {"id": ["s1"], "publisher": ["bench"], "title": ["bench"]}),
    }
    for name in ("blocs", "memberships", "events"):
        tables[name] = _raw(name, {})
    return build_dataset(tables, {"name": "bench"}, dataset_hash="")


def _median_time(run: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median wall-clock and CPU seconds of ``repeat`` runs.

    CPU time is this process's and its worker processes' (the timeline computes centralities
    in one worker per core): on a shared machine it moves far less than wall time.
    """
    walls, cpus = [], []

    def cpu_now() -> float:
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        return time.process_time() + children.ru_utime + children.ru_stime

    for _ in range(repeat):
        wall, cpu = time.perf_counter(), cpu_now()
        run()
        walls.append(time.perf_counter() - wall)
        cpus.append(cpu_now() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--countries", type=int, default=200)
    parser.add_argument("--months", type=int, default=600)
    parser.add_argument("--ties", type=int, default=2000, help="active ties per month")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measure (median)")
    parser.add_argument(
        "--sample", type=int, default=10, help="months measured for the networkx baseline"
    )
    parser.add_argument(
        "--quick", action="store_true", help="small sizes, one run: a smoke test, not a measure"
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.countries, args.months, args.ties, args.repeat, args.sample = 30, 12, 60, 1, 3

    dataset = synthetic_dataset(args.countries, args.months, args.ties)
    # compute_timeline stops at the last tie end: no open-ended tie, so `today` is irrelevant.
    today = add_months(FIRST_MONTH, args.months)
    timeline = compute_timeline(dataset, today=today)  # warm-up (imports, caches)
    windows = monthly_windows(*data_span(dataset, today))
    active = [len(s.tie_rows) for s in timeline.snapshots]
    sample = [windows[i] for i in np.linspace(0, len(windows) - 1, args.sample).astype(int)]

    ours = _median_time(lambda: compute_timeline(dataset, today=today), args.repeat)

    def baseline() -> None:
        for window in sample:
            reference_metrics(snapshot_graph(dataset, window))

    scale = len(timeline.months) / len(sample)
    theirs = tuple(seconds * scale for seconds in _median_time(baseline, args.repeat))

    print(
        f"synthetic network: {args.countries} countries, {len(timeline.months)} months, "
        f"{len(timeline.snapshots)} distinct snapshots, {len(dataset.ties)} ties, "
        f"{min(active)}-{max(active)} active per month (median {int(np.median(active))})"
    )
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"median of {args.repeat} run(s); {os.cpu_count()} cores, load average {load}")
    print()
    months = len(timeline.months)
    rows = [
        ("compute_timeline (all months)", ours, "measured"),
        ("networkx baseline", theirs, f"{len(sample)} months measured, extrapolated to {months}"),
    ]
    print(f"| {'what':<30} | {'wall s':>8} | {'cpu s':>8} | {'wall ms/month':>13} | how")
    print(f"|{'-' * 32}|{'-' * 10}|{'-' * 10}|{'-' * 15}|{'-' * 45}")
    for what, (wall, cpu), how in rows:
        print(f"| {what:<30} | {wall:8.2f} | {cpu:8.2f} | {1000 * wall / months:13.2f} | {how}")
    print(
        f"| {'speed-up (baseline / ours)':<30} | {theirs[0] / ours[0]:7.1f}x "
        f"| {theirs[1] / ours[1]:7.1f}x | {'':>13} |"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
