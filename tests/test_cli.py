"""The command line on the tiny dataset: tables in csv and json, and failures that are a
message and an exit status, never a traceback."""

from __future__ import annotations

import csv
import io
import json

import pytest

import cli

TIES_HEADER = ["source", "target", "cooperation", "hostility", "net", "sign", "types"]
METRICS_HEADER = [
    "id",
    "degree",
    "strength",
    "cooperation_degree",
    "cooperation_strength",
    "hostility_degree",
    "hostility_strength",
    "pn",
    "betweenness",
    "eigenvector",
    "pagerank",
    "clustering",
    "bloc",
]


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = cli.main(list(argv))
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    return status, captured.out, captured.err


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_ties_csv(dataset_dir, capsys):
    status, out, _ = run(capsys, "ties", "--data", str(dataset_dir), "--date", "2025-07-01")
    assert status == 0
    header = out.splitlines()[0].split(",")
    assert header[: len(TIES_HEADER)] == TIES_HEADER
    rows = {(row["source"], row["target"]): row for row in csv_rows(out)}
    assert set(rows) == {
        ("BLR", "RUS"),
        ("HZB", "IRN"),
        ("IRN", "RUS"),
        ("RUS", "UKR"),
        ("UKR", "USA"),
    }
    pair = rows[("IRN", "RUS")]
    assert (float(pair["cooperation"]), float(pair["hostility"])) == pytest.approx((0.6, 0.4))
    assert float(pair["net"]) == pytest.approx(0.2)
    assert pair["sign"] == "1"
    assert pair["types"] == "friction;strategic_partnership"
    assert rows[("RUS", "UKR")]["sign"] == "-1"


def test_ties_json(dataset_dir, capsys):
    status, out, _ = run(
        capsys, "ties", "--data", str(dataset_dir), "--date", "2023-06-30", "--format", "json"
    )
    assert status == 0
    records = json.loads(out)
    assert all(set(TIES_HEADER) <= set(record) for record in records)
    pair = next(r for r in records if (r["source"], r["target"]) == ("IRN", "RUS"))
    assert pair["net"] == pytest.approx(0.8)
    assert pair["types"] == "arms_transfer"


@pytest.mark.parametrize(
    ("when", "visible"),
    [
        (["--date", "2024-04-18"], False),
        (["--date", "2024-04-19"], True),
        (["--date", "2024-04"], False),
        (["--from", "2024-04-01", "--to", "2024-04-30"], True),
        (["--from", "2024-04", "--to", "2024-05-01"], True),
    ],
    ids=["day-before", "strike-day", "partial-date-is-first-day", "month-window", "partial-window"],
)
def test_one_day_strike_in_ties(dataset_dir, capsys, when, visible):
    status, out, _ = run(capsys, "ties", "--data", str(dataset_dir), *when)
    assert status == 0
    pairs = {(row["source"], row["target"]) for row in csv_rows(out)}
    assert (("IRN", "ISR") in pairs) is visible


def test_metrics_csv(dataset_dir, capsys):
    status, out, _ = run(capsys, "metrics", "--data", str(dataset_dir), "--date", "2025-07-01",
                         "--isolates", "show")
    assert status == 0
    header = out.splitlines()[0].split(",")
    assert set(METRICS_HEADER) <= set(header)
    assert header[0] == "id"
    rows = csv_rows(out)
    assert {row["id"] for row in rows} == {"RUS", "IRN", "ISR", "USA", "BLR", "UKR", "HZB"}
    assert rows[0]["id"] == "RUS"  # sorted by strength, the largest first
    assert float(rows[0]["strength"]) == pytest.approx(3.0)
    assert [float(row["strength"]) for row in rows] == sorted(
        (float(row["strength"]) for row in rows), reverse=True
    )


def test_metrics_json_only_tied_sorted_by_betweenness(dataset_dir, capsys):
    status, out, _ = run(
        capsys,
        "metrics",
        "--data",
        str(dataset_dir),
        "--date",
        "2025-07-01",
        "--format",
        "json",
        "--only-tied",
        "--sort",
        "betweenness",
    )
    assert status == 0
    records = json.loads(out)
    assert all(set(METRICS_HEADER) <= set(record) for record in records)
    assert "ISR" not in {record["id"] for record in records}  # no tie in mid-2025
    assert records[0]["betweenness"] == max(record["betweenness"] for record in records)


def test_balance(dataset_dir, capsys):
    status, out, err = run(
        capsys, "balance", "--data", str(dataset_dir), "--from", "2024-04-01", "--to", "2024-04-30"
    )
    assert status == 0
    assert "triangles=1 balanced=1 unbalanced=0 ratio=1.000" in err
    (row,) = csv_rows(out)
    assert (row["a"], row["b"], row["c"]) == ("HZB", "IRN", "ISR")
    assert (row["sign_ab"], row["sign_ac"], row["sign_bc"]) == ("1", "-1", "-1")
    assert row["kind"] == "+-- the enemy of my enemy is my friend"


def test_balance_without_triangles(dataset_dir, capsys):
    status, out, err = run(
        capsys, "balance", "--data", str(dataset_dir), "--date", "2025-07-01", "--format", "json"
    )
    assert status == 0
    document = json.loads(out)
    assert document["triads"] == [] and document["ratio"] is None
    assert set(document["polarisation"]) == {"frustration", "blocs", "blocs_80",
                                             "two_camp_frustration", "signed_modularity"}
    assert "ratio=n/a" in err


def test_diff(dataset_dir, capsys):
    status, out, _ = run(
        capsys, "diff", "--data", str(dataset_dir), "--from", "2023-06-30", "--to", "2025-07-01"
    )
    assert status == 0
    rows = csv_rows(out)
    assert list(rows[0]) == ["change", "source", "target", "type", "tie", "before", "after"]
    assert {(row["change"], row["tie"], row["after"]) for row in rows if row["tie"]} == {
        ("formed", "t-rus-irn-treaty", "active"),
        ("formed", "t-rus-irn-friction", "active"),
        ("formed", "t-isr-hzb-war", "over"),  # began and ended between the two dates
        ("formed", "t-isr-irn-strike", "over"),
        ("ended", "t-irn-rus-arms-2023", ""),
    }
    (changed,) = [row for row in rows if row["change"] == "weight_changed"]
    assert (changed["source"], changed["target"]) == ("IRN", "RUS")
    assert (float(changed["before"]), float(changed["after"])) == pytest.approx((0.8, 0.2))


def test_diff_json(dataset_dir, capsys):
    status, out, _ = run(
        capsys,
        "diff",
        "--data",
        str(dataset_dir),
        "--from",
        "2024-04-18",
        "--to",
        "2024-04-19",
        "--format",
        "json",
    )
    assert status == 0
    assert [(r["change"], r["tie"]) for r in json.loads(out)] == [
        ("formed", "t-isr-irn-strike"),
        ("weight_changed", ""),
    ]


def test_validate(dataset_dir, capsys):
    assert run(capsys, "validate", "--data", str(dataset_dir))[0] == 0
    assert run(capsys, "validate", str(dataset_dir))[0] == 0


@pytest.mark.parametrize(
    "argv",
    [
        ["ties", "--date", "2024-13-45"],
        ["metrics", "--date", "01/02/2024"],
        ["balance", "--from", "2024-02-30", "--to", "2024-03-01"],
        ["diff", "--from", "yesterday", "--to", "2024-01-01"],
        ["diff", "--from", "2024-01-01"],
        ["ties", "--format", "xml"],
        ["metrics", "--sort", "bloc"],
        ["frobnicate"],
        [],
    ],
    ids=[
        "month-13",
        "slashes",
        "february-30",
        "word",
        "diff-needs-to",
        "unknown-format",
        "unknown-sort",
        "unknown-command",
        "no-command",
    ],
)
def test_usage_errors_exit_2_with_a_message(dataset_dir, capsys, argv):
    with pytest.raises(SystemExit) as exited:
        cli.main([*argv, "--data", str(dataset_dir)] if argv else [])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "error:" in err
    assert "Traceback" not in err


def test_a_bad_date_says_what_is_wrong(dataset_dir, capsys):
    with pytest.raises(SystemExit):
        cli.main(["ties", "--data", str(dataset_dir), "--date", "2024-13-45"])
    assert "'2024-13-45' is not a real date: month 13 does not exist" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["ties", "metrics", "balance", "diff"])
def test_a_broken_dataset_exits_1_with_a_message(dataset_dir, capsys, command):
    ties = dataset_dir / "ties.csv"
    ties.write_text(ties.read_text(encoding="utf-8").replace(",0.6,", ",1.6,"), encoding="utf-8")
    dates = ["--from", "2024-01-01", "--to", "2025-01-01"]
    status, out, err = run(capsys, command, "--data", str(dataset_dir), *dates)
    assert status == 1
    assert out == ""
    assert "refused: 1 error(s)" in err
    assert "ties.csv:4 [weight] '1.6': must be greater than 0 and at most 1" in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["ties", "--data", "{missing}"], "the folder does not exist"),
        (["ties", "--from", "2024-01-01"], "--from and --to go together"),
        (["metrics", "--from", "2024-02-01", "--to", "2024-01-01"], "--to is before --from"),
    ],
    ids=["missing-folder", "from-without-to", "to-before-from"],
)
def test_command_errors_exit_1_with_a_message(dataset_dir, tmp_path, capsys, argv, message):
    argv = [arg.replace("{missing}", str(tmp_path / "nowhere")) for arg in argv]
    if "--data" not in argv:
        argv += ["--data", str(dataset_dir)]
    status, _, err = run(capsys, *argv)
    assert status == 1
    assert message in err
    assert err.startswith("realpolitik: ")


def test_blocs_lists_allies_together_and_enemies_apart(dataset_dir, capsys):
    status, out, err = run(capsys, "blocs", "--data", str(dataset_dir), "--date", "2024-06-30",
                           "--format", "json")
    assert status == 0
    blocs = json.loads(out)
    members = {bloc["bloc"]: set(bloc["members"].split(";")) for bloc in blocs}
    bloc_of = {country: bloc for bloc, group in members.items() for country in group}
    # The tiny world of mid-2024: Russia at war with Ukraine (armed by the US), allied with
    # Belarus and supplied by Iran; Israel at war with Hezbollah, Iran's client.
    assert bloc_of["RUS"] == bloc_of["BLR"]
    assert bloc_of["UKR"] == bloc_of["USA"] != bloc_of["RUS"]
    assert bloc_of["IRN"] not in (bloc_of["UKR"], bloc_of["ISR"])
    assert bloc_of["ISR"] != bloc_of["HZB"]
    assert [bloc["size"] for bloc in blocs] == sorted((b["size"] for b in blocs), reverse=True)
    assert "frustration=" in err


@pytest.mark.parametrize(
    ("to", "friction_shown"),
    [("2025", True), ("2025-01", False), ("2025-01-01", False)],
    ids=["year-is-its-last-day", "month-is-its-last-day", "day"],
)
def test_window_end_is_read_as_the_dataset_reads_an_end(dataset_dir, capsys, to, friction_shown):
    # Russia–Iran friction starts 2025-06: inside "--to 2025" (2025-12-31), which earlier
    # versions read as 2025-01-01.
    status, out, err = run(capsys, "ties", "--data", str(dataset_dir), "--from", "2024-12-31",
                           "--to", to)
    assert status == 0, err
    types = {(row["source"], row["target"]): row["types"] for row in csv_rows(out)}
    assert ("friction" in types.get(("IRN", "RUS"), "")) is friction_shown


@pytest.mark.parametrize(
    ("options", "countries"),
    [
        (["--focus", "IRN", "--focus-mode", "cut"], {"IRN", "RUS", "HZB"}),
        (["--focus", "IRN"], {"IRN", "RUS", "HZB", "UKR", "USA", "BLR"}),
        (["--sign", "-1"], {"RUS", "UKR", "IRN"}),
    ],
    ids=["focus-cut", "focus-dim", "hostility"],
)
def test_table_commands_take_the_pages_view_options(dataset_dir, capsys, options, countries):
    status, out, err = run(capsys, "metrics", "--data", str(dataset_dir), "--date",
                           "2025-07-01", *options)
    assert status == 0, err
    assert {row["id"] for row in csv_rows(out)} == countries
