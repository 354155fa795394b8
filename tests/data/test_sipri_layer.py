"""The bundled SIPRI arms-transfers layer (``data/layers/sipri``): valid, holding the story's
drones, documented (terms, threshold, counts) and reproduced exactly by the one command its
README gives."""

from __future__ import annotations

import csv
import json
import os
import re
import shlex
from pathlib import Path

import pandas as pd
import pytest

import cli
from graph.dataset import BUNDLED_DATA, datapackage_descriptor
from graph.validate import load_dataset, validate_folder

LAYER = BUNDLED_DATA / "layers" / "sipri"
README = LAYER / "README.md"
# Located as the importer tests locate it (tests/importers/conftest.py): beside the repository,
# or wherever REALPOLITIK_SHARED points.
SHARED = (
    Path(os.environ.get("REALPOLITIK_SHARED") or Path(__file__).resolve().parents[3] / "shared")
    / "data"
)
SIPRI_REGISTER = SHARED / "sipri" / "trade_register_1995_2025.csv"
CREDIT = "Information from the SIPRI Arms Transfers Database"
MAX_BYTES = 2 * 1024 * 1024

try:
    import frictionless
except ImportError:  # pragma: no cover - CI installs it with the test extra
    frictionless = None


@pytest.fixture(scope="module")
def ties() -> pd.DataFrame:
    return pd.read_csv(LAYER / "ties.csv", dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def descriptor() -> dict[str, object]:
    loaded = json.loads((LAYER / "datapackage.json").read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def readme() -> str:
    return README.read_text(encoding="utf-8")


def regenerate_command() -> list[str]:
    """The one command of the README that regenerates the layer, as arguments."""
    found = re.findall(r"^realpolitik import sipri .*$", readme(), flags=re.MULTILINE)
    assert len(found) == 1, "the README must give exactly one regenerate command"
    return shlex.split(found[0])[1:]


def threshold() -> float:
    arguments = regenerate_command()
    return float(arguments[arguments.index("--min-tiv") + 1])


def test_the_layer_validates_with_no_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["validate", str(LAYER), "--warnings"]) == 0
    assert "valid: 0 error(s), 0 warning(s)" in capsys.readouterr().err
    assert validate_folder(LAYER).errors == []


@pytest.mark.parametrize("year", ["2022", "2023", "2024"], ids=lambda year: f"deliveries-{year}")
def test_deal_65539_iran_to_russia_is_in_the_layer(ties: pd.DataFrame, year: str) -> None:
    tie = ties.set_index("id").loc[f"sipri-IRN-RUS-{year}"]
    assert (tie["source"], tie["target"], tie["type"]) == ("IRN", "RUS", "arms_transfer")
    assert (tie["start"], tie["end"], tie["directed"]) == (year, year, "true")
    assert "#65539 Shahed-136" in tie["description"]


def test_every_tie_is_an_arms_transfer_above_the_threshold(ties: pd.DataFrame) -> None:
    assert set(ties["type"]) == {"arms_transfer"}
    assert set(ties["sources"]) == {"sipri-src-2026-02-12"}
    tiv = ties["description"].str.extract(r"TIV ([0-9.e+]+) million", expand=False).astype(float)
    assert tiv.notna().all()
    assert tiv.min() >= threshold()
    weights = ties["weight"].astype(float)
    assert ((weights > 0) & (weights <= 1)).all()
    assert (ties["start"] == ties["end"]).all()
    assert ties["start"].between("1995", "2025").all()


def test_the_layer_stays_small() -> None:
    size = sum(path.stat().st_size for path in LAYER.iterdir() if path.is_file())
    assert size < MAX_BYTES, f"data/layers/sipri is {size:,} bytes: raise --min-tiv"


@pytest.mark.parametrize(
    "phrase",
    [
        CREDIT,
        "calculations must not be attributed to SIPRI",
        "no commercial use without SIPRI's agreement",
        "not CC BY 4.0",
    ],
    ids=["credit-line", "calculations", "non-commercial", "not-cc-by"],
)
def test_the_readme_states_sipri_terms(phrase: str) -> None:
    assert phrase in " ".join(readme().replace("*", "").split())


def test_the_readme_counts_and_threshold_match_the_files(
    ties: pd.DataFrame, descriptor: dict[str, object]
) -> None:
    text = readme()
    pairs = len(ties[["source", "target"]].drop_duplicates())
    assert f"| ties | {len(ties):,} " in text
    assert f"| supplier → recipient pairs | {pairs:,} " in text
    assert f"Threshold: {threshold():g} million TIV" in text
    imported = descriptor["realpolitik:import"]
    assert isinstance(imported, dict)
    assert f"{imported['read']:,} read" in text and f"{imported['skipped']:,} left out" in text
    assert f"at least {threshold():g} million TIV" in str(descriptor["description"])


def test_the_descriptor_is_the_generated_one_with_sipri_terms(
    descriptor: dict[str, object],
) -> None:
    assert descriptor == datapackage_descriptor(descriptor), (
        "data/layers/sipri/datapackage.json is stale: run the command of its README"
    )
    licences = descriptor["licenses"]
    assert isinstance(licences, list) and len(licences) == 1
    assert CREDIT in licences[0]["title"] and "CC-BY" not in json.dumps(licences)


@pytest.mark.skipif(
    frictionless is None,
    reason="frictionless is not installed "
    "(pip install -e '.[test]'): the layer is not checked against the standard",
)
def test_frictionless_finds_the_layer_valid() -> None:
    limit = csv.field_size_limit()
    try:
        report = frictionless.validate(str(LAYER / "datapackage.json"))
    finally:
        csv.field_size_limit(limit)
    assert report.valid, report.flatten(["type", "fieldName", "rowNumber", "note"])


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not SIPRI_REGISTER.is_file():
        reason = (
            f"the SIPRI register is not at {SIPRI_REGISTER} (set REALPOLITIK_SHARED to the "
            "shared folder holding data/sipri): the layer is not regenerated"
        )
        if os.environ.get("REALPOLITIK_REQUIRE_SHARED") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    arguments = regenerate_command()
    out = tmp_path_factory.mktemp("regenerated") / "sipri"
    assert arguments[:2] == ["import", "sipri"]
    assert arguments[2].endswith("/trade_register_1995_2025.csv")
    arguments[2] = str(SIPRI_REGISTER)
    arguments[arguments.index("--out") + 1] = str(out)
    assert cli.main(arguments) == 0
    return out


@pytest.mark.parametrize(
    "filename",
    ["ties.csv", "countries.csv", "sources.csv", "blocs.csv", "memberships.csv", "events.csv"],
    ids=lambda name: name.removesuffix(".csv"),
)
def test_the_readme_command_reproduces_the_committed_file(regenerated: Path, filename: str) -> None:
    committed = (LAYER / filename).read_bytes()
    assert (regenerated / filename).read_bytes() == committed, (
        f"data/layers/sipri/{filename} differs from what its README's command writes: "
        "regenerate the layer"
    )


def test_the_regenerated_descriptor_differs_only_in_its_dates(
    regenerated: Path, descriptor: dict[str, object]
) -> None:
    fresh = json.loads((regenerated / "datapackage.json").read_text(encoding="utf-8"))
    for key in ("version", "created"):
        fresh.pop(key)
    assert fresh == {k: v for k, v in descriptor.items() if k not in {"version", "created"}}


def test_the_layer_loads_with_the_curated_countries_it_names() -> None:
    layer = load_dataset(LAYER)
    curated = set(load_dataset(BUNDLED_DATA).countries["id"])
    outside = set(layer.ties["source"]) | set(layer.ties["target"])
    assert outside - curated == {"QHR", "QNA", "QNF"}, "update the README's list of actors"


# --- the importer's threshold (min_tiv, --min-tiv) that makes the layer ------------------------

HEADER = "Supplier,Recipient,Delivery year,TIV delivery values;\r\n"
ROWS = (
    "Iran,Russia,2022,60;\r\n"  # line 2: starts IRN-RUS-2022 (60 + 9 = 69)
    "Iran,Russia,2022,9;\r\n"  # line 3: merged into it
    "Iran,Syria,2022,2;\r\n"  # line 4: IRN-SYR-2022, TIV 2
    "Iran,Syria,2023,0;\r\n"  # line 5: IRN-SYR-2023, TIV 0 (under 0.5 million)
    "unknown supplier(s),Russia,2022,5;\r\n"  # line 6: dropped whatever the threshold
)


@pytest.mark.parametrize(
    ("min_tiv", "kept", "counts"),
    [
        (0, ["sipri-IRN-RUS-2022", "sipri-IRN-SYR-2022", "sipri-IRN-SYR-2023"], (3, 1, 1)),
        (2, ["sipri-IRN-RUS-2022", "sipri-IRN-SYR-2022"], (2, 1, 2)),
        (60, ["sipri-IRN-RUS-2022"], (1, 1, 3)),
        (69, ["sipri-IRN-RUS-2022"], (1, 1, 3)),
    ],
    ids=["no-threshold", "at-a-small-tie", "above-the-first-row-alone", "at-the-sum"],
)
def test_min_tiv_keeps_the_ties_that_delivered_at_least_that(
    min_tiv: float, kept: list[str], counts: tuple[int, int, int]
) -> None:
    from graph.importers import import_sipri

    result = import_sipri((HEADER + ROWS).encode(), name="register.csv", min_tiv=min_tiv)
    report = result.report
    assert list(result.ties["id"]) == kept
    assert (report.imported, report.merged, report.skipped) == counts
    assert report.read == 5 and report.balanced
    # The weights do not depend on the threshold: the largest tie weighs 1, others the same.
    assert result.ties.set_index("id").loc["sipri-IRN-RUS-2022", "weight"] == "1"
    below = [g for g in report.by_level("ERROR") if "threshold" in g.reason]
    assert sum(group.count for group in below) == counts[2] - 1


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["csv", "--min-tiv", "5"], "--min-tiv is a threshold of SIPRI imports"),
        (["sipri", "--min-tiv", "-1"], "--min-tiv must be 0 or more"),
        (["sipri", "--min-tiv", "nan"], "--min-tiv must be 0 or more"),
        (["sipri", "--min-tiv", "inf"], "--min-tiv must be 0 or more"),
    ],
    ids=["not-sipri", "negative", "nan", "infinite"],
)
def test_the_cli_refuses_a_meaningless_threshold(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], arguments: list[str], message: str
) -> None:
    register = tmp_path / "register.csv"
    register.write_text(HEADER + ROWS, encoding="utf-8", newline="")
    kind, *options = arguments
    code = cli.main(["import", kind, str(register), "--out", str(tmp_path / "out"), *options])
    assert code != 0
    assert message in capsys.readouterr().err


def test_the_cli_threshold_writes_a_valid_layer(tmp_path: Path) -> None:
    register = tmp_path / "register.csv"
    register.write_text(HEADER + ROWS, encoding="utf-8", newline="")
    out = tmp_path / "out"
    assert cli.main(["import", "auto", str(register), "--out", str(out), "--min-tiv", "10"]) == 0
    assert list(load_dataset(out).ties["id"]) == ["sipri-IRN-RUS-2022"]
