"""Time the media exports from the command line and print a table of medians.

usage: python bench/export_media.py [--repeat N] [--frames N] [--quick] [--check]

Each row runs ``realpolitik export`` in a fresh process, as a user would, on the bundled
dataset (the timeline cache is warmed first, so no row pays for computing it):

- ``png``: one 1600x1000 PNG at 2023-06-30 (target: under 5 s, start to finish);
- ``gif``: an animation of ``--frames`` months ending 2023-06 (target: 60 frames under 60 s);
- ``html``: the standalone page with its slider over the whole timeline (target: under 5 MB).

Wall-clock times depend on what else runs on the machine: the header prints the load average.
``--check`` exits 1 when a median is over its target; ``--quick`` is a smoke run (one run, 6
frames), not a measure.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.dates import add_months  # noqa: E402

DATE = dt.date(2023, 6, 30)
MB = 1024 * 1024


CPU: list[float] = []  # CPU seconds of each run's process tree (Chromium included)


def export(out: Path, *options: str) -> float:
    """Seconds of one ``realpolitik export`` run (it must succeed); its CPU time goes to CPU."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, str(ROOT / "cli.py"), "export", "--out", str(out), *options],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    if done.returncode != 0:
        raise SystemExit(f"export {' '.join(options)} failed:\n{done.stderr}")
    return seconds


def measure(run: Callable[[], float], repeat: int) -> list[float]:
    """Wall seconds of ``repeat`` runs (their CPU seconds replace the contents of CPU)."""
    CPU.clear()
    return [run() for _ in range(repeat)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per row (default 3)")
    parser.add_argument("--frames", type=int, default=60, help="GIF frames (default 60)")
    parser.add_argument("--quick", action="store_true", help="one run, 6 frames: a smoke run")
    parser.add_argument("--check", action="store_true", help="exit 1 when over a target")
    args = parser.parse_args(argv)
    repeat = 1 if args.quick else max(1, args.repeat)
    frames = 6 if args.quick else max(1, args.frames)
    gif_repeat = 1 if args.quick else max(1, min(repeat, 2))

    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"bundled dataset at {DATE}; {os.cpu_count()} CPUs, load average {load}")
    day = DATE.isoformat()
    start = add_months(DATE.replace(day=1), 1 - frames).isoformat()
    # name, options, runs, (target seconds or None), (target megabytes or None)
    jobs = [
        ("png 1600x1000 (cli)", ["--format", "png"], "view.png", repeat, 5.0, None),
        (
            f"gif {frames} frames (cli)",
            ["--format", "gif", "--start", start, "--end", day, "--fps", "8"],
            "view.gif",
            gif_repeat,
            60.0,
            None,
        ),
        ("html standalone (cli)", ["--format", "html"], "view.html", repeat, None, 5.0),
    ]
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-media-") as folder:
        out = Path(folder)
        export(out / "warm.csv", "--date", day, "--format", "csv")  # fills the timeline cache
        for name, options, file_name, runs, seconds, megabytes in jobs:
            target = out / file_name
            times = measure(lambda: export(target, "--date", day, *options), runs)  # noqa: B023
            size = target.stat().st_size / MB
            median = statistics.median(times)
            ok = (seconds is None or median < seconds) and (megabytes is None or size < megabytes)
            goal = f"< {seconds:g} s" if seconds is not None else f"< {megabytes:g} MB"
            rows.append((name, times, statistics.median(CPU), size, goal, ok))

    print()
    print(
        f"| {'what':<22} | {'runs':>4} | {'median s':>8} | {'min s':>6} | {'max s':>6} | "
        f"{'cpu s':>6} | {'size MB':>7} | {'target':>7} | ok  |"
    )
    print("|" + "|".join("-" * width for width in (24, 6, 10, 8, 8, 8, 9, 9, 5)) + "|")
    for name, times, cpu, size, goal, ok in rows:
        print(
            f"| {name:<22} | {len(times):>4} | {statistics.median(times):>8.2f} | "
            f"{min(times):>6.2f} | {max(times):>6.2f} | {cpu:>6.2f} | {size:>7.2f} | "
            f"{goal:>7} | {'yes' if ok else 'NO':<3} |"
        )
    print("cpu s: median CPU seconds of the export's processes, Chromium included")
    over = [row[0] for row in rows if not row[5]]
    if over:
        print(f"over target: {', '.join(over)}")
    return 1 if args.check and over else 0


if __name__ == "__main__":
    sys.exit(main())
