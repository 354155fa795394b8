"""Import benchmark: the importers against plain pandas, measured in the same run.

Tasks:

* ``sipri``: the full SIPRI trade register (``sipri/trade_register_1995_2025.csv`` under
  ``$REALPOLITIK_SHARED/data``, else under ``../shared/data`` beside the repository); target < 3 s;
* ``gdelt``: N synthetic events in the GDELT 1.0 layout (58 tab-separated columns, a realistic
  share of empty, regional and domestic codes), aggregated into monthly ties; target < 5 s for
  one million, < 30 s and < 2 GB peak memory for ten million.

Every measurement runs in a fresh process, so the peak memory reported (``ru_maxrss``) is that
method's own, interpreter and imports included. The pandas baseline does the same work the plain
way: read with ``pandas.read_csv`` (in chunks for GDELT), map names or codes through the same
crosswalk, group and count.

    python bench/import.py                  # SIPRI, 1 million GDELT events, 3 repeats
    python bench/import.py --quick          # SIPRI, 100,000 events, 1 repeat
    python bench/import.py --events 10000000 --repeat 1
    python bench/import.py --check          # exit status 1 when a target is missed
"""

from __future__ import annotations

import argparse
import math
import os
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SHARED = Path(os.environ.get("REALPOLITIK_SHARED") or ROOT.parent / "shared") / "data"
SIPRI = SHARED / "sipri" / "trade_register_1995_2025.csv"

CODES = ["USA", "RUS", "CHN", "IRN", "ISR", "UKR", "FRA", "DEU", "GBR", "IND", "PAK", "TUR",
         "SYR", "SAU", "PRK", "KOR", "JPN", "BRA", "", "", "", "", "EUR", "AFR", "XYZ"]


def generate_gdelt(path: Path, events: int) -> None:
    """Write ``events`` synthetic GDELT 1.0 rows (58 fields), deterministic, via DuckDB."""
    import duckdb

    codes = "[" + ", ".join(f"'{code}'" for code in CODES) + "]"
    n = len(CODES)
    day = "DATE '2015-01-01' + ((i * 7919) % 3650)::INTEGER"
    columns = ["(500000000 + i)::VARCHAR", f"strftime({day}, '%Y%m%d')",
               f"strftime({day}, '%Y%m')", f"strftime({day}, '%Y')", "'2015.0000'"]
    for index in range(5, 35):
        if index == 7:
            columns.append(f"{codes}[1 + ((i * 31) % {n})]")
        elif index == 17:
            columns.append(f"{codes}[1 + ((i * 17 + 5) % {n})]")
        elif index == 29:
            columns.append("(1 + (i % 4))::VARCHAR")
        elif index == 30:
            columns.append("(((i % 21) - 10) / 2)::VARCHAR")
        elif index == 31:
            columns.append("(1 + i % 9)::VARCHAR")
        else:
            columns.append("''")
    columns += ["''"] * 21 + [f"strftime({day}, '%Y%m%d')", "'http://example.org/' || i"]
    select = ", ".join(f"{expr} AS c{j}" for j, expr in enumerate(columns))
    con = duckdb.connect()
    con.execute(f"COPY (SELECT {select} FROM range({events}) t(i)) TO '{path.as_posix()}' "
                "(DELIMITER '\t', HEADER false, QUOTE '')")
    con.close()


# --- the measured work (each runs in a child process) ------------------------------------------


def ours_sipri(path: str) -> int:
    from graph.importers import import_sipri

    return len(import_sipri(path).ties)


def pandas_sipri(path: str) -> int:
    import numpy as np
    import pandas as pd

    from graph.importers.crosswalk import default_crosswalk

    walk = default_crosswalk()
    frame = pd.read_csv(path, skiprows=11, dtype=str, keep_default_na=False,
                        encoding="utf-8")
    frame.columns = [column.rstrip(";") for column in frame.columns]
    names = pd.unique(pd.concat([frame["Supplier"], frame["Recipient"]]))
    mapping = {name: walk.resolve(name, "name", 2010) for name in names}
    frame["source"] = frame["Supplier"].map(mapping)
    frame["target"] = frame["Recipient"].map(mapping)
    frame["tiv"] = pd.to_numeric(frame["TIV delivery values"], errors="coerce").fillna(0)
    kept = frame.dropna(subset=["source", "target"])
    ties = kept.groupby(["source", "target", "Delivery year"], as_index=False).agg(
        tiv=("tiv", "sum"), deals=("SIPRI AT Database ID", lambda ids: "; ".join(ids)))
    ties["weight"] = np.maximum(0.05, np.log1p(ties["tiv"]) / math.log1p(ties["tiv"].max()))
    return len(ties)


def ours_gdelt(path: str) -> int:
    from graph.importers import import_gdelt

    return len(import_gdelt(path).ties)


def pandas_gdelt(path: str) -> int:
    import numpy as np
    import pandas as pd

    from graph.importers.crosswalk import default_crosswalk

    known = default_crosswalk().codes("cameo")
    parts = []
    for chunk in pd.read_csv(path, sep="\t", header=None, usecols=[1, 7, 17, 29], dtype=str,
                             keep_default_na=False, quoting=3, chunksize=1_000_000,
                             encoding="utf-8", encoding_errors="replace"):
        chunk.columns = ["day", "a1", "a2", "quad"]
        keep = (chunk["a1"].isin(known) & chunk["a2"].isin(known)
                & (chunk["a1"] != chunk["a2"]) & chunk["quad"].isin(["1", "2", "3", "4"]))
        chunk = chunk[keep]
        a = np.minimum(chunk["a1"].to_numpy(), chunk["a2"].to_numpy())
        b = np.maximum(chunk["a1"].to_numpy(), chunk["a2"].to_numpy())
        grouped = pd.DataFrame({"a": a, "b": b, "month": chunk["day"].str[:6].to_numpy(),
                                "coop": chunk["quad"].isin(["1", "2"]).to_numpy()})
        parts.append(grouped.value_counts().rename("n").reset_index())
    ties = pd.concat(parts).groupby(["a", "b", "month", "coop"], as_index=False)["n"].sum()
    ties["weight"] = np.log1p(ties["n"]) / math.log1p(ties["n"].max())
    return len(ties)


def _child(task: str, path: str) -> tuple[float, float, int]:
    # Imports and the crosswalk are loaded before the clock starts, for both methods alike:
    # what is timed is the import of the data, not the start of Python.
    import duckdb  # noqa: F401
    import pandas  # noqa: F401

    import graph.importers  # noqa: F401
    from graph.importers.crosswalk import default_crosswalk

    default_crosswalk()
    work: dict[str, Callable[[str], int]] = {
        "ours_sipri": ours_sipri, "pandas_sipri": pandas_sipri,
        "ours_gdelt": ours_gdelt, "pandas_gdelt": pandas_gdelt,
    }
    started = time.perf_counter()
    ties = work[task](path)
    seconds = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return seconds, peak_kb / 1024, ties


def measure(task: str, path: Path, repeat: int) -> tuple[float, float, int]:
    """Median seconds, largest peak MB and tie count over ``repeat`` fresh processes."""
    runs = []
    for _ in range(repeat):
        with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
            runs.append(pool.submit(_child, task, str(path)).result())
    return (statistics.median(r[0] for r in runs), max(r[1] for r in runs), runs[0][2])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="100,000 GDELT events and one repeat")
    parser.add_argument("--events", type=int, default=None,
                        help="synthetic GDELT events (default 1,000,000; 100,000 with --quick)")
    parser.add_argument("--repeat", type=int, default=None,
                        help="runs per measurement (default 3; 1 with --quick)")
    parser.add_argument("--no-pandas", action="store_true", help="skip the pandas baseline")
    parser.add_argument("--check", action="store_true",
                        help="exit with status 1 when a target is missed")
    args = parser.parse_args(argv)
    events = args.events or (100_000 if args.quick else 1_000_000)
    repeat = args.repeat or (1 if args.quick else 3)

    rows: list[tuple[str, str, float, float | None, str, float, float | None, bool]] = []
    if SIPRI.is_file():
        ours = measure("ours_sipri", SIPRI, repeat)
        base = None if args.no_pandas else measure("pandas_sipri", SIPRI, repeat)
        rows.append(("SIPRI register", "25,024 rows", ours[0], base[0] if base else None,
                     "< 3 s", ours[1], base[1] if base else None, ours[0] < 3))
    else:
        print(f"SIPRI register not found at {SIPRI}: set REALPOLITIK_SHARED", file=sys.stderr)

    target_s = 5.0 if events <= 1_000_000 else 30.0 * events / 10_000_000
    with tempfile.TemporaryDirectory(prefix="realpolitik-bench-") as folder:
        path = Path(folder) / "events.export.CSV"
        started = time.perf_counter()
        generate_gdelt(path, events)
        print(f"generated {events:,} GDELT events ({path.stat().st_size / 1e6:,.0f} MB) in "
              f"{time.perf_counter() - started:.1f} s", file=sys.stderr)
        ours = measure("ours_gdelt", path, repeat)
        base = None if args.no_pandas else measure("pandas_gdelt", path, repeat)
    ok = ours[0] < target_s and (events < 10_000_000 or ours[1] < 2048)
    target = f"< {target_s:g} s" + (", < 2 GB" if events >= 10_000_000 else "")
    rows.append((f"GDELT {events:,} events", f"{ours[2]:,} ties", ours[0],
                 base[0] if base else None, target, ours[1], base[1] if base else None, ok))

    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"\nmedian of {repeat} run(s), each in a fresh process; {os.cpu_count()} cores; "
          f"load average {load}\n")
    print("| task | size | realpolitik (s) | pandas (s) | target | peak MB realpolitik "
          "| peak MB pandas | met |")
    print("|---|---|---:|---:|---|---:|---:|---|")
    for task, size, mine, theirs, goal, peak, peak_base, met in rows:
        baseline = f"{theirs:.2f}" if theirs is not None else "–"
        peak_theirs = f"{peak_base:,.0f}" if peak_base is not None else "–"
        print(f"| {task} | {size} | {mine:.2f} | {baseline} | {goal} | {peak:,.0f} | "
              f"{peak_theirs} | {'yes' if met else 'NO'} |")
    return 1 if args.check and not all(row[-1] for row in rows) else 0


if __name__ == "__main__":
    raise SystemExit(main())
