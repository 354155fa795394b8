"""The signed analysis of the bundled timeline, month by month: how much hostility and
cooperation fall inside blocs, enemies left in one bloc, and how the force layout separates
hostile from cooperative dyads.

    python3 bench/signed.py [--data DIR] [--every N]

Prints one row per N months (default 12) and a summary against the targets of issue 11:
hostility inside a bloc <= 10% every month and <= 5% on the median month, cooperation inside
>= 65% on the median month, no pair at war in one bloc; hostile dyads >= 1.5x as far apart as
cooperative ones every year; median movement per month <= 2% of the drawing's width.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graph.dataset import BUNDLED_DATA
from graph.separation import bloc_separation, layout_separation
from graph.timeline import compute_timeline
from graph.validate import load_dataset


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(BUNDLED_DATA))
    parser.add_argument("--every", type=int, default=12)
    args = parser.parse_args()
    dataset = load_dataset(Path(args.data))
    started = time.perf_counter()
    timeline = compute_timeline(dataset)
    print(f"timeline: {len(timeline.months)} months, {len(timeline.snapshots)} distinct "
          f"snapshots, {time.perf_counter() - started:.1f} s")
    blocs = bloc_separation(dataset, timeline)
    layout = layout_separation(dataset, timeline)
    table = blocs.join(layout)
    print(f"{'month':8} {'blocs':>5} {'host.in':>8} {'coop.in':>8} {'hostile':>8} "
          f"{'coop':>8} {'ratio':>6} {'moved':>6}  enemies in one bloc")
    for label, row in table.iloc[:: args.every].iterrows():
        print(f"{label:8} {row.blocs:5d} {row.hostility_inside:8.1%} "
              f"{row.cooperation_inside:8.1%} {row.hostile_median:8.2f} "
              f"{row.cooperative_median:8.2f} {row.ratio:6.2f} {row.movement:6.1%}  "
              f"{row.enemies_together or '-'}")
    mid = layout[layout.index.str.endswith("-06") & (layout.index >= "1992")]
    checks = [
        ("hostility inside a bloc, worst month", blocs["hostility_inside"].max(), "<= 10%"),
        ("hostility inside a bloc, median month", blocs["hostility_inside"].median(), "<= 5%"),
        ("cooperation inside a bloc, median month", blocs["cooperation_inside"].median(),
         ">= 65%"),
        ("months with a pair at war in one bloc", float((blocs["enemies_together"] != "")
                                                        .sum()), "0"),
        ("hostile / cooperative distance, worst year", mid["ratio"].min(), ">= 1.5"),
        ("median movement per month (share of width)", layout["movement"].iloc[1:].median(),
         "<= 2%"),
    ]
    print()
    for name, value, target in checks:
        shown = f"{value:.1%}" if "%" in target else f"{value:.2f}"
        print(f"{name:48} {shown:>8}   target {target}")


if __name__ == "__main__":
    main()
