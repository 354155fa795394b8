"""The rubric applied uniformly: ties of the same type and the same kind of fact (read from the
description and the parties) carry the same weight, give or take a class's tolerance.

Each class compares its ties with the class median and flags the ids that stray further than
the tolerance. A tie that continues another of the same pair and type (a tie split over time, as
data/README.md describes) is compared with nothing: its weight records a deliberate change.
"""

from __future__ import annotations

import re
import shutil
import statistics
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from graph.dataset import BUNDLED_DATA, Dataset
from graph.validate import load_dataset

Member = Callable[[pd.Series, "Context"], bool]


@dataclass(frozen=True)
class Context:
    """What a class rule may look at besides the tie: NATO members, continuation ties."""

    nato: pd.DataFrame
    continuations: frozenset[str]

    def both_in_nato(self, tie: pd.Series) -> bool:
        active = self.nato[
            (self.nato["start_day"] <= tie["start_day"])
            & (self.nato["end_day"] >= tie["start_day"])
        ]
        return {tie["source"], tie["target"]} <= set(active["country"])


@dataclass(frozen=True)
class WeightClass:
    name: str
    type: str
    member: Member
    tolerance: float
    why: str


def _says(pattern: str) -> Member:
    compiled = re.compile(pattern, re.IGNORECASE)
    return lambda tie, _: compiled.search(str(tie["description"])) is not None


def _compact(tie: pd.Series, context: Context) -> bool:
    return _says(r"Compact of Free Association")(tie, context)


def _us_treaty(tie: pd.Series, context: Context) -> bool:
    return (
        "USA" in {tie["source"], tie["target"]}
        and not _compact(tie, context)
        and (not context.both_in_nato(tie))
    )


def _nato_complement(tie: pd.Series, context: Context) -> bool:
    return context.both_in_nato(tie)


def _other_mutual_defence(tie: pd.Series, context: Context) -> bool:
    return not (
        _us_treaty(tie, context) or _compact(tie, context) or _nato_complement(tie, context)
    )


_EXPULSION = _says(r"expel")
_SEVERANCE_WORDS = _says(
    r"sever|broke|break|\bcut\b|suspend|no (formal )?(\S+ )?diplomatic relations"
)


def _expulsion(tie: pd.Series, context: Context) -> bool:
    return _EXPULSION(tie, context) and not _SEVERANCE_WORDS(tie, context)


def _severance(tie: pd.Series, context: Context) -> bool:
    return not _expulsion(tie, context)


CLASSES = [
    WeightClass(
        "us-bilateral-defence-treaty",
        "defense_pact",
        _us_treaty,
        0.0,
        "every US treaty ally (Japan, Korea, the Philippines, Thailand, Australia) is 1.0",
    ),
    WeightClass(
        "compact-of-free-association",
        "defense_pact",
        _compact,
        0.0,
        "US responsibility for the defence of the freely associated states",
    ),
    WeightClass(
        "nato-complement-defence-clause",
        "defense_pact",
        _nato_complement,
        0.1,
        "a defence clause between two NATO members complements Article 5 (0.7-0.8)",
    ),
    WeightClass(
        "mutual-defence-treaty",
        "defense_pact",
        _other_mutual_defence,
        0.1,
        "a mutual defence treaty in force is the strongest tie of its kind",
    ),
    WeightClass(
        "diplomatic-rupture-severance",
        "diplomatic_rupture",
        _severance,
        0.3,
        "relations severed: 0.5-0.6, up to 0.8 with a blockade or a war, never more",
    ),
    WeightClass(
        "diplomatic-rupture-expulsion",
        "diplomatic_rupture",
        _expulsion,
        0.2,
        "diplomats expelled without relations being severed",
    ),
    WeightClass(
        "diplomatic-support-restoration",
        "diplomatic_support",
        _says(r"restor"),
        0.2,
        "relations restored or normalised",
    ),
]


def continuations(ties: pd.DataFrame) -> frozenset[str]:
    """Ids of ties that start the day (or the day after) an earlier tie of the same pair and
    type ends: the later parts of a tie split over time."""
    pair = ties[["source", "target"]].apply(lambda row: "-".join(sorted(row)), axis=1)
    by_kind: dict[tuple[str, str], list[tuple[str, int, int]]] = {}
    for tie_id, p, t, start, end in zip(
        ties["id"], pair, ties["type"], ties["start_day"], ties["end_day"], strict=True
    ):
        by_kind.setdefault((p, t), []).append((tie_id, int(start), int(end)))
    return frozenset(
        later
        for kind in by_kind.values()
        for later, start, _ in kind
        for earlier, first, end in kind
        if earlier != later and first < start and end in (start - 1, start)
    )


def context_of(data: Dataset) -> Context:
    nato = data.memberships[
        (data.memberships["bloc"] == "NATO") & (data.memberships["status"] == "member")
    ]
    return Context(nato=nato, continuations=continuations(data.ties))


def members_of(ties: pd.DataFrame, weight_class: WeightClass, context: Context) -> pd.DataFrame:
    candidates = ties[(ties["type"] == weight_class.type) & ~ties["id"].isin(context.continuations)]
    chosen = candidates.apply(lambda tie: weight_class.member(tie, context), axis=1)
    return candidates[chosen.astype(bool)] if len(candidates) else candidates


def outliers(ties: pd.DataFrame, weight_class: WeightClass, context: Context) -> list[str]:
    """``id (weight)`` of every member further than the tolerance from the class median."""
    members = members_of(ties, weight_class, context)
    if members.empty:
        return []
    median = statistics.median(members["weight"].tolist())
    return [
        f"{tie_id} ({weight:g}, class median {median:g})"
        for tie_id, weight in zip(members["id"], members["weight"], strict=True)
        if abs(weight - median) > weight_class.tolerance + 1e-9
    ]


@pytest.fixture(scope="module")
def data() -> Dataset:
    return load_dataset(BUNDLED_DATA)


@pytest.mark.parametrize("weight_class", CLASSES, ids=[c.name for c in CLASSES])
def test_ties_of_one_class_weigh_the_same(data: Dataset, weight_class: WeightClass) -> None:
    context = context_of(data)
    assert len(members_of(data.ties, weight_class, context)) >= 2, "the class matches no ties"
    assert outliers(data.ties, weight_class, context) == [], weight_class.why


@pytest.mark.parametrize(
    ("tie_id", "weight", "class_name"),
    [
        ("eur-usa-tha-treaty", 0.6, "us-bilateral-defence-treaty"),
        ("eur-fra-deu-aachen-2019", 1.0, "nato-complement-defence-clause"),
        ("wld-aus-png-pukpuk-2025", 0.5, "mutual-defence-treaty"),
        ("eur-ukr-rus-rupture-2022", 1.0, "diplomatic-rupture-severance"),
        ("wld-bol-isr-restored-2025", 0.9, "diplomatic-support-restoration"),
    ],
    ids=[
        "thailand-back-to-0.6",
        "aachen-as-a-full-treaty",
        "pukpuk-halved",
        "ukraine-rupture-at-1.0",
        "bolivia-restoration-at-0.9",
    ],
)
def test_an_outlier_is_flagged_by_id(
    data: Dataset, tie_id: str, weight: float, class_name: str
) -> None:
    ties = data.ties.copy()
    ties.loc[ties["id"] == tie_id, "weight"] = weight
    weight_class = next(c for c in CLASSES if c.name == class_name)
    flagged = outliers(ties, weight_class, context_of(data))
    assert [entry.split(" ")[0] for entry in flagged] == [tie_id]


def test_the_check_fails_on_a_modified_copy_of_the_data(tmp_path: Path) -> None:
    copy = Path(shutil.copytree(BUNDLED_DATA, tmp_path / "data"))
    path = copy / "ties.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    edited = [
        line.replace(",defense_pact,1,1.0,", ",defense_pact,1,0.6,", 1)
        if line.startswith("eur-usa-jpn-treaty,")
        else line
        for line in lines
    ]
    assert edited != lines
    path.write_text("".join(edited), encoding="utf-8")
    modified = load_dataset(copy)
    us = next(c for c in CLASSES if c.name == "us-bilateral-defence-treaty")
    assert outliers(modified.ties, us, context_of(modified)) == [
        "eur-usa-jpn-treaty (0.6, class median 1)"
    ]


def test_a_split_tie_is_not_compared(data: Dataset) -> None:
    context = context_of(data)
    assert "eur-rus-arm-treaty-hollowed-2022" in context.continuations
    assert "eur-rus-arm-treaty-1997" not in context.continuations
