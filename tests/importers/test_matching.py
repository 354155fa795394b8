"""Imports that never invent: networks whose nodes are not countries are refused, not read as
country ties (integer ids as COW codes, three-letter names as ISO codes, an attribute as an id).

The networks are built here: networkx's own example graphs written with its GEXF and GraphML
writers, and small synthetic ones in the shapes that used to slip through.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path

import networkx as nx
import pytest

from cli import main
from graph.importers import ImportRefused, import_edgelist, import_file
from graph.importers.matching import MIN_MATCHED_SHARE


def _integer_ids(graph: nx.Graph) -> nx.Graph:
    # Gephi's example files number their nodes and keep the name as the label.
    return nx.convert_node_labels_to_integers(graph, label_attribute="label")


def _three_letter_names() -> nx.Graph:
    # First names, two of which are also country codes (Benin, Peru), tied to each other.
    names = ["Bob", "Tom", "Ann", "Joe", "Sam", "Eve", "Max", "Zoe", "Ben", "Per"]
    graph = nx.Graph()
    graph.add_edges_from(itertools.pairwise(names))
    graph.add_edge("Ben", "Per")
    return graph


def _web_pages() -> nx.Graph:
    # A web-link network: every page has a country, so every node "resolves".
    graph = nx.Graph()
    countries = ["United States", "France", "Germany"]
    for page in range(30):
        graph.add_node(f"page{page}", country=countries[page % 3])
    graph.add_edges_from((f"page{page}", f"page{(page * 7 + 1) % 30}") for page in range(30))
    return graph


NETWORKS: list[tuple[str, Callable[[], nx.Graph], str]] = [
    ("les-miserables-integer-ids", lambda: _integer_ids(nx.les_miserables_graph()), "gexf"),
    ("les-miserables-names", nx.les_miserables_graph, "graphml"),
    ("karate-club", nx.karate_club_graph, "graphml"),
    ("karate-club-gexf", nx.karate_club_graph, "gexf"),
    ("florentine-families", nx.florentine_families_graph, "gexf"),
    ("three-letter-names", _three_letter_names, "gexf"),
    ("web-pages-with-a-country", _web_pages, "graphml"),
]


def _write(graph: nx.Graph, fmt: str, path: Path) -> Path:
    target = path / f"network.{fmt}"
    (nx.write_gexf if fmt == "gexf" else nx.write_graphml)(graph, target)
    return target


@pytest.mark.parametrize(("make", "fmt"), [(make, fmt) for _, make, fmt in NETWORKS],
                         ids=[name for name, _, _ in NETWORKS])
def test_a_network_of_non_countries_is_refused(tmp_path: Path, make: Callable[[], nx.Graph],
                                               fmt: str) -> None:
    path = _write(make(), fmt, tmp_path)
    with pytest.raises(ImportRefused) as caught:
        import_file(path)
    report = caught.value.report
    assert report.refused
    assert report.matching["nodes"] >= 10
    assert "allow_partial_match" in str(caught.value)
    assert "not" in str(caught.value)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("integer-ids", "source,target,start\n"
         + "".join(f"{a},{b},2010\n" for a, b in [(0, 1), (2, 20), (40, 41), (3, 4), (5, 6),
                                                  (7, 8), (9, 0)])),
        ("three-letter-names", "source,target,start\nBen,Per,2010\nBob,Tom,2010\n"
                               "Ann,Joe,2010\nSam,Eve,2010\n"),
    ],
    ids=["integer-ids", "three-letter-names"],
)
def test_an_edge_list_of_non_countries_is_refused(name: str, text: str) -> None:
    with pytest.raises(ImportRefused, match="does not look like a network of countries"):
        import_edgelist(text.encode(), name=f"{name}.csv")


COW_COLUMNS = {"source": "ccode1", "target": "ccode2", "start": "year"}


@pytest.mark.parametrize(
    ("text", "columns", "expected", "matched_by"),
    [
        ("ccode1,ccode2,year\n2,365,2022\n0,1,2022\n", COW_COLUMNS,
         [("USA", "RUS")], "ccode1 as COW codes"),
        ("source,target,start\n2,365,2022\n2,200,2022\n", None,
         [("USA", "RUS"), ("USA", "GBR")], "source as COW codes"),
        ("source,target,start\nIran,Russia,2022\nIRN,Atlantis,2022\n", None,
         [("IRN", "RUS")], "source as names"),
    ],
    ids=["cow-named-column", "all-cow-codes", "names-one-unknown"],
)
def test_countries_still_import_and_the_report_says_how(
    text: str, columns: dict[str, str] | None, expected: list[tuple[str, str]], matched_by: str
) -> None:
    result = import_edgelist(text.encode(), name="ties.csv", columns=columns)
    assert list(zip(result.ties["source"], result.ties["target"], strict=True)) == expected
    assert result.report.balanced
    assert matched_by in result.report.to_text()
    assert result.report.matching["resolved"] >= 2


def test_partial_match_can_be_allowed_and_is_flagged(tmp_path: Path) -> None:
    path = _write(_three_letter_names(), "gexf", tmp_path)
    result = import_file(path, allow_partial_match=True)
    report = result.report
    assert report.balanced
    assert list(zip(result.ties["source"], result.ties["target"], strict=True)) == [
        ("BEN", "PER")]
    assert report.matching["allowed_partial_match"]
    assert report.matching["resolved"] < MIN_MATCHED_SHARE * report.matching["nodes"]
    assert any("allow_partial_match" in group.message for group in report.by_level("WARNING"))


def test_integer_ids_stay_unread_even_when_partial_matches_are_allowed(tmp_path: Path) -> None:
    # Allowing unmatched nodes does not make numbers COW codes: nothing is left to import.
    path = _write(_integer_ids(nx.les_miserables_graph()), "gexf", tmp_path)
    with pytest.raises(ImportRefused, match="not one tie could be imported") as caught:
        import_file(path, allow_partial_match=True)
    assert any("not read as a COW code" in group.message
               for group in caught.value.report.by_level("ERROR"))


def test_the_command_refuses_and_allows_with_a_flag(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(_three_letter_names(), "gexf", tmp_path)
    assert main(["import", "auto", str(path), "--out", str(tmp_path / "refused")]) != 0
    err = capsys.readouterr().err
    assert "--allow-unmatched" in err and "Traceback" not in err
    assert not (tmp_path / "refused").exists()
    assert main(["import", "auto", str(path), "--out", str(tmp_path / "allowed"),
                 "--allow-unmatched"]) == 0
    assert (tmp_path / "allowed" / "ties.csv").is_file()
