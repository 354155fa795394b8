"""Merge staged parts into a copy of data/ and report validation and coverage.

    python3 data_staging/merge.py [PART ...] [--out DIR] [--into-data]

Each part is a folder data_staging/PART/ holding any of ties.csv, sources.csv, events.csv,
memberships.csv with the same header as the file in data/ (rows only appended). Without PART,
every part folder is merged. --into-data writes the result over data/ (the editor's final step).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
STAGING = ROOT / "data_staging"
TABLES = ("ties", "sources", "events", "memberships")
MIDPOINTS = ["1993-07-01", "1998-07-01", "2003-07-01", "2008-07-01", "2013-07-01",
             "2018-07-01", "2023-07-01"]


def read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def merge(parts: list[str], out: Path) -> None:
    for item in (ROOT / "data").iterdir():
        if item.is_file():
            shutil.copy(item, out / item.name)
    for table in TABLES:
        base = read(ROOT / "data" / f"{table}.csv")
        frames = [base]
        for part in parts:
            path = STAGING / part / f"{table}.csv"
            if path.exists():
                extra = read(path)
                if list(extra.columns) != list(base.columns):
                    sys.exit(f"{path}: header {list(extra.columns)} != {list(base.columns)}")
                frames.append(extra)
        merged = pd.concat(frames, ignore_index=True)
        merged.to_csv(out / f"{table}.csv", index=False, lineterminator="\n")


def coverage(folder: Path) -> None:
    countries = read(folder / "countries.csv")
    ties = read(folder / "ties.csv")
    print(f"ties: {len(ties)}  sources: {len(read(folder / 'sources.csv'))}  "
          f"events: {len(read(folder / 'events.csv'))}")
    tied = set(ties.source) | set(ties.target)
    states = countries[(countries.kind == "state") & (countries.end == "")]
    for region, group in states.groupby("region"):
        missing = sorted(set(group.id) - tied)
        print(f"  {region}: {len(group) - len(missing)} of {len(group)} tied; "
              f"without: {' '.join(missing)}")
    starts = ties.start.str.slice(0, 10)
    ends = ties.end.replace("", "9999")
    for day in MIDPOINTS:
        # Partial dates compare correctly as strings at their widest for this rough count.
        active = ((starts <= day) & ((ends >= day) | (ends == day[:4]) | (ends == day[:7]))).sum()
        print(f"  active at {day}: {active}")
    events = read(folder / "events.csv")
    region_of = dict(zip(countries.id, countries.region, strict=True))
    for region in ("Africa", "Americas", "Asia", "Europe", "Oceania"):
        count = sum(
            any(region_of.get(code) == region for code in row.split(";"))
            for row in events.countries
        )
        print(f"  events touching {region}: {count}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("parts", nargs="*")
    parser.add_argument("--out")
    parser.add_argument("--into-data", action="store_true")
    args = parser.parse_args()
    parts = args.parts or sorted(p.name for p in STAGING.iterdir() if p.is_dir())
    out = Path(args.out) if args.out else Path(tempfile.mkdtemp(prefix="merged-"))
    out.mkdir(parents=True, exist_ok=True)
    merge(parts, out)
    print(f"merged {parts} into {out}")
    subprocess.run([sys.executable, str(ROOT / "cli.py"), "validate", str(out), "--warnings"])
    coverage(out)
    if args.into_data:
        for table in TABLES:
            shutil.copy(out / f"{table}.csv", ROOT / "data" / f"{table}.csv")
        print("written into data/")


if __name__ == "__main__":
    main()
