"""Time every data export of the bundled dataset (target: under 1 s each) and print the medians.

usage: python bench/export.py [--repeat N] [--date YYYY-MM-DD] [--check]

Each export runs once to warm up, then ``--repeat`` times; the table gives the median, the
fastest and the slowest run and the output size. ``--check`` exits 1 when a median is over
the target.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graph.dataset import BUNDLED_DATA, Dataset
from graph.export import FORMATS, ExportView, apply_view, export_data, snapshot_of
from graph.validate import load_dataset

TARGET_SECONDS = 1.0


def measure(run: Callable[[], object], repeat: int) -> tuple[list[float], int]:
    """Seconds of each of ``repeat`` runs after a warm-up, and the size of the output."""
    result = run()
    size = len(result) if isinstance(result, bytes | str) else 0
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return times, size


def jobs(dataset: Dataset, view: ExportView) -> dict[str, Callable[[], object]]:
    work: dict[str, Callable[[], object]] = {
        "apply_view": lambda: apply_view(dataset, view),
        "snapshot_of (view + metrics)": lambda: snapshot_of(dataset, view),
    }
    for fmt in FORMATS:
        work[fmt] = lambda fmt=fmt: export_data(dataset, view, fmt)[1]
    return work


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--date", type=dt.date.fromisoformat, default=dt.date(2023, 6, 30))
    parser.add_argument("--check", action="store_true", help="exit 1 when over the target")
    args = parser.parse_args(argv)

    dataset = load_dataset(BUNDLED_DATA)
    view = ExportView.on(args.date)
    print(f"{dataset.name} {dataset.version} ({len(dataset.countries)} countries, "
          f"{len(dataset.ties)} ties) at {view.label}, {args.repeat} runs each")
    print(f"{'export':<30} {'median s':>9} {'min s':>8} {'max s':>8} {'bytes':>9}  target")
    slow = []
    for name, run in jobs(dataset, view).items():
        times, size = measure(run, args.repeat)
        median = statistics.median(times)
        verdict = "ok" if median < TARGET_SECONDS else "SLOW"
        if verdict == "SLOW":
            slow.append(name)
        print(f"{name:<30} {median:>9.3f} {min(times):>8.3f} {max(times):>8.3f} "
              f"{size or '':>9}  {verdict}")
    if slow:
        print(f"over {TARGET_SECONDS:g} s: {', '.join(slow)}")
    return 1 if args.check and slow else 0


if __name__ == "__main__":
    sys.exit(main())
