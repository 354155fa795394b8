"""The precomputed timeline: one snapshot per distinct month, the same numbers as computing a
date directly, and a disk cache that is reused and survives corruption."""

from __future__ import annotations

import datetime as dt
import gzip
import itertools
import json
import random
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

import graph.timeline as timeline_module
from graph.balance import structural_balance
from graph.metrics import compute_metrics
from graph.temporal import Window, active_countries, active_ties, aggregate_dyads, dyad_sign
from graph.timeline import CACHE_FORMAT, balance_counts, compute_timeline, load_or_compute_timeline
from graph.validate import load_dataset

TODAY = dt.date(2025, 12, 31)


@pytest.fixture
def tiny_timeline(tiny):
    return compute_timeline(tiny, today=TODAY)


def month(label: str) -> Window:
    return Window.month(dt.date.fromisoformat(label + "-01"))


def test_months_cover_the_span_once_each(tiny_timeline):
    months = tiny_timeline.months
    # from the earliest tie (1991-01) to today, open ties being still in force
    assert (months[0], months[-1], len(months)) == ("1991-01", "2025-12", 35 * 12)
    firsts = [dt.date.fromisoformat(label + "-01") for label in months]
    assert all(
        (b.year * 12 + b.month) - (a.year * 12 + a.month) == 1
        for a, b in itertools.pairwise(firsts)
    )
    assert len(tiny_timeline.snapshot_of_month) == len(months)


@pytest.mark.parametrize(
    ("first", "second", "shared"),
    [
        ("2025-07", "2025-12", True),
        ("2024-03", "2024-05", True),
        ("1992-01", "1999-12", True),
        ("2024-03", "2024-04", False),
        ("1991-11", "1991-12", False),
        ("2024-12", "2025-01", False),
    ],
    ids=[
        "treaty-and-friction-unchanged",
        "around-the-strike",
        "quiet-nineties",
        "strike-month",
        "russia-appears",
        "drones-end-treaty-starts",
    ],
)
def test_identical_months_share_a_snapshot(tiny_timeline, first, second, shared):
    of = dict(zip(tiny_timeline.months, tiny_timeline.snapshot_of_month.tolist(), strict=True))
    assert (of[first] == of[second]) is shared


def test_one_snapshot_per_distinct_state(tiny, tiny_timeline):
    states = {
        (
            frozenset(active_ties(tiny.ties, month(label))["id"]),
            frozenset(active_countries(tiny.countries, month(label))["id"]),
        )
        for label in tiny_timeline.months
    }
    assert len(tiny_timeline.snapshots) == len(states)


def random_dataset(make_dataset, seed: int):
    """Thirteen countries with ties of random types and dates at every precision."""
    rng = random.Random(seed)
    countries = [
        (f"C{i:02d}", f"Country {i}", "state", "Asia", "", "", "", "", "", "") for i in range(12)
    ]
    countries.append(("NEW", "Newcomer", "state", "Africa", "", "", "", "", "2005-07-01", ""))
    ids = [row[0] for row in countries]
    types = {"alliance": 1, "arms_transfer": 1, "friction": -1, "sanctions": -1}
    ties = []
    for number in range(70):
        a, b = rng.sample(ids, 2)
        year = rng.randint(2006 if "NEW" in (a, b) else 2000, 2010)
        start = rng.choice(
            [
                f"{year}",
                f"{year}-{rng.randint(1, 12):02d}",
                f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            ]
        )
        end = rng.choice(["", f"{year + rng.randint(0, 4)}-12"])
        kind = rng.choice(list(types))
        ties.append(
            (
                f"t{number}",
                a,
                b,
                kind,
                str(types[kind]),
                str(rng.randint(1, 10) / 10),
                "false",
                start,
                end,
                "",
                "s1",
                "medium",
            )
        )
    folder = make_dataset(countries=countries, ties=ties, memberships=[], blocs=[], events=[])
    return load_dataset(folder)


@pytest.mark.parametrize("seed", [0, 1])
def test_snapshots_equal_computing_each_month_directly(make_dataset, seed):
    dataset = random_dataset(make_dataset, seed)
    result = compute_timeline(dataset, today=dt.date(2016, 1, 1))
    previous = None
    for index, label in enumerate(result.months):
        snapshot = result.snapshots[result.snapshot_of_month[index]]
        first_use = result.snapshot_of_month.tolist().index(result.snapshot_of_month[index])
        if first_use == index:
            window = month(label)
            dyads = aggregate_dyads(active_ties(dataset.ties, window))
            countries = list(active_countries(dataset.countries, window)["id"])
            metrics, graph = compute_metrics(countries, dyads, previous)
            pd.testing.assert_frame_equal(
                snapshot.metrics, metrics, check_exact=False, rtol=1e-12, atol=1e-12
            )
            assert dict(snapshot.graph) == graph
            balance = dict(structural_balance(dyads))
            del balance["triads"]
            assert dict(snapshot.balance) == balance
        previous = snapshot.metrics["bloc"].to_dict()


@pytest.mark.parametrize("seed", range(4))
def test_balance_counts_equal_structural_balance(seed):
    rng = np.random.default_rng(seed)
    pairs = {tuple(sorted(rng.choice(15, 2, replace=False))) for _ in range(50)}
    first, second = (np.array(side) for side in zip(*sorted(pairs), strict=True))
    sign = rng.choice([-1, 0, 1], len(first), p=[0.3, 0.1, 0.6])
    names = np.array([f"N{i:02d}" for i in range(15)], dtype=object)
    table = pd.DataFrame({"source": names[first], "target": names[second], "sign": sign})
    expected = dict(structural_balance(table))
    del expected["triads"]
    assert balance_counts(first, second, sign) == expected
    assert expected["triangles"] > 0


def test_dyad_sign_is_zero_when_weights_cancel():
    assert dyad_sign(np.array([0.3, 0.5, 0.1]), np.array([0.1 + 0.2, 0.2, 0.4])).tolist() == [
        0,
        1,
        -1,
    ]


@pytest.mark.parametrize(
    ("day", "label"),
    [
        (dt.date(1950, 1, 1), "1991-01"),
        (dt.date(1991, 1, 31), "1991-01"),
        (dt.date(2024, 4, 19), "2024-04"),
        (dt.date(2025, 12, 31), "2025-12"),
        (dt.date(2040, 6, 1), "2025-12"),
    ],
    ids=["before-clamps", "first-month", "middle", "last-month", "after-clamps"],
)
def test_a_day_finds_its_month(tiny_timeline, day, label):
    index = tiny_timeline.month_index(day)
    assert tiny_timeline.months[index] == label
    assert tiny_timeline.at(day) is tiny_timeline.snapshots[tiny_timeline.snapshot_of_month[index]]


def test_the_strike_month_shows_the_strike(tiny_timeline):
    snapshot = tiny_timeline.at(dt.date(2024, 4, 1))
    assert snapshot.metrics.loc["ISR", "degree"] == 2  # Hezbollah and Iran
    assert tiny_timeline.at(dt.date(2024, 5, 1)).metrics.loc["ISR", "degree"] == 1


def test_trajectory_is_one_row_per_month_and_one_column_per_country(tiny, tiny_timeline):
    strength = tiny_timeline.trajectory("strength")
    assert strength.shape == (len(tiny_timeline.months), len(tiny.countries))
    assert set(strength.columns) == set(tiny.countries["id"])
    assert list(strength.index) == tiny_timeline.months
    assert np.isnan(strength.loc["1991-06", "RUS"])  # not yet
    assert np.isnan(strength.loc["1992-01", "SUN"])  # no more
    assert strength.loc["2025-07", "RUS"] == pytest.approx(1 + 1 + 0.6 + 0.4)
    assert strength.loc["2023-06", "IRN"] == pytest.approx(0.8 + 0.8)


def test_graph_series_per_month(tiny_timeline):
    series = tiny_timeline.graph_series()
    assert list(series.index) == tiny_timeline.months
    assert {
        "nodes",
        "edges",
        "density",
        "components",
        "modularity",
        "balance_ratio",
        "unbalanced",
    } <= set(series.columns)
    assert series.loc["2024-04", "balance_ratio"] == 1.0  # Iran, Hezbollah, Israel
    assert pd.isna(series.loc["2025-07", "balance_ratio"])  # no triangle
    assert series.loc["2025-07", "edges"] == 5


# --- the disk cache ---------------------------------------------------------------------------


def assert_same_timeline(first, second):
    assert first.months == second.months
    assert first.snapshot_of_month.tolist() == second.snapshot_of_month.tolist()
    assert first.countries == second.countries
    np.testing.assert_array_equal(first.positions, second.positions)
    assert len(first.snapshots) == len(second.snapshots)
    for a, b in zip(first.snapshots, second.snapshots, strict=True):
        assert a.tie_rows.tolist() == b.tie_rows.tolist()
        pd.testing.assert_frame_equal(a.metrics, b.metrics, check_exact=False, rtol=1e-12)
        assert dict(a.graph) == pytest.approx(dict(b.graph))
        assert dict(a.balance) == dict(b.balance)


@pytest.fixture
def counted(monkeypatch):
    """Count calls of compute_timeline made by load_or_compute_timeline."""
    calls = []
    real = timeline_module.compute_timeline

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(timeline_module, "compute_timeline", counting)
    return calls


def cache_file(folder):
    (path,) = folder.glob("timeline-*.json.gz")
    return path


def test_second_load_reads_the_cache(tiny, tmp_path, monkeypatch):
    first = load_or_compute_timeline(tiny, cache_dir=tmp_path, today=TODAY)
    assert cache_file(tmp_path).stat().st_size > 0

    def refuse(*args, **kwargs):
        raise AssertionError("recomputed although the cache is valid")

    monkeypatch.setattr(timeline_module, "compute_timeline", refuse)
    second = load_or_compute_timeline(tiny, cache_dir=tmp_path, today=TODAY)
    assert_same_timeline(first, second)


def document_of(path):
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return json.load(handle)


def as_gzip_json(value):
    return gzip.compress(json.dumps(value).encode())


def mutate(change):
    def corrupt(path):
        document = document_of(path)
        change(document)
        return as_gzip_json(document)

    return corrupt


CORRUPTIONS = [
    ("garbage-bytes", lambda path: b"\x00\xffnot a cache at all"),
    ("empty-file", lambda path: b""),
    ("truncated-gzip", lambda path: path.read_bytes()[: path.stat().st_size // 2]),
    ("plain-json-not-gzip", lambda path: json.dumps(document_of(path)).encode()),
    ("gzip-of-garbage", lambda path: gzip.compress(b"\x80\x81{{{")),
    ("json-list", lambda path: as_gzip_json([1, 2, 3])),
    ("json-null", lambda path: as_gzip_json(None)),
    ("json-string", lambda path: as_gzip_json("timeline")),
    ("keys-missing", mutate(lambda d: d.pop("snapshots"))),
    ("snapshots-not-a-list", mutate(lambda d: d.update(snapshots="x"))),
    ("snapshots-empty", mutate(lambda d: d.update(snapshots=[]))),
    ("positions-not-nested", mutate(lambda d: d.update(positions=[1, 2]))),
    ("position-not-a-pair", mutate(lambda d: d["positions"][0].__setitem__(0, [1]))),
    ("positions-of-wrong-length", mutate(lambda d: d["positions"].pop())),
    ("metrics-of-wrong-length", mutate(lambda d: d["snapshots"][0]["metrics"].update(degree=[1]))),
    (
        "metric-not-a-number",
        mutate(
            lambda d: d["snapshots"][0]["metrics"].update(
                degree=["x"] * len(d["snapshots"][0]["ids"])
            )
        ),
    ),
    (
        "snapshot-index-out-of-range",
        mutate(lambda d: d["snapshot_of_month"].__setitem__(0, 10_000)),
    ),
    ("months-of-wrong-length", mutate(lambda d: d["months"].pop())),
    ("older-format", mutate(lambda d: d.update(format=CACHE_FORMAT - 1))),
    ("other-dataset", mutate(lambda d: d.update(dataset_hash="0" * 16))),
]


@pytest.mark.parametrize(
    "corrupt", [case[1] for case in CORRUPTIONS], ids=[case[0] for case in CORRUPTIONS]
)
def test_a_corrupted_cache_is_recomputed(tiny, tmp_path, counted, corrupt):
    fresh = load_or_compute_timeline(tiny, cache_dir=tmp_path, today=TODAY)
    path = cache_file(tmp_path)
    path.write_bytes(corrupt(path))
    recomputed = load_or_compute_timeline(tiny, cache_dir=tmp_path, today=TODAY)
    assert len(counted) == 2
    assert_same_timeline(fresh, recomputed)
    # and the cache is whole again
    load_or_compute_timeline(tiny, cache_dir=tmp_path, today=TODAY)
    assert len(counted) == 2


def test_editing_the_data_invalidates_the_cache(make_dataset, tiny_rows, tmp_path, counted):
    original = load_dataset(make_dataset())
    load_or_compute_timeline(original, cache_dir=tmp_path, today=TODAY)
    tiny_rows["ties"][0][5] = "0.4"  # one weight
    edited = load_dataset(make_dataset(ties=tiny_rows["ties"]))
    assert edited.content_hash != original.content_hash
    result = load_or_compute_timeline(edited, cache_dir=tmp_path, today=TODAY)
    assert len(counted) == 2
    assert result.dataset_hash == edited.content_hash


def test_an_unwritable_cache_folder_still_gives_the_timeline(tiny, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    result = load_or_compute_timeline(tiny, cache_dir=blocker, today=TODAY)
    assert result.months[-1] == "2025-12"


def test_a_dataset_without_hash_is_not_cached(tiny, tmp_path):
    cache = tmp_path / "cache"
    load_or_compute_timeline(replace(tiny, content_hash=""), cache_dir=cache, today=TODAY)
    assert not cache.exists()
