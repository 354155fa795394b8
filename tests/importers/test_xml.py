"""GEXF and GraphML: static and dynamic networks, read only after a defused parse."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.importers import ImportRefused, import_gexf, import_graphml, import_xml

from .conftest import FIXTURES, assert_accounted, assert_loads


def test_static_gexf_is_dated_from_its_last_modified_date(tmp_path: Path) -> None:
    result = import_gexf(FIXTURES / "network_static.gexf")
    ties = result.ties.set_index("id")
    assert ties.loc["gexf-0", ["source", "target", "type", "start", "end"]].tolist() == [
        "IRN", "RUS", "strategic_partnership", "2024-05-01", ""]
    assert ties.loc["gexf-1", ["type", "sign", "weight"]].tolist() == ["friction", "-1", "0.5"]
    reasons = {g.message: g.lines for g in result.report.by_level("ERROR")}
    assert reasons == {"the edge's node is not a known country or actor (add it to "
                       "data/country_codes.csv)": [25]}
    assert_accounted(result)
    assert_loads(result, tmp_path / "static")


def test_static_date_option() -> None:
    result = import_gexf(FIXTURES / "network_static.gexf", static_date="2020")
    assert set(result.ties["start"]) == {"2020"}


def test_dynamic_gexf_13_spells_and_start_end(tmp_path: Path) -> None:
    result = import_xml(FIXTURES / "network_dynamic.gexf")
    ties = result.ties.set_index("id")
    assert ties.loc["gexf-drones-1", ["source", "target", "start", "end"]].tolist() == [
        "IRN", "RUS", "2022-08-01", "2022-12-31"]
    assert ties.loc["gexf-drones-2", ["start", "end"]].tolist() == ["2023-01-01", "2024-12-31"]
    assert ties.loc["gexf-drones-1", "description"] == "Shahed-136 deliveries"
    assert ties.loc["gexf-war", ["type", "sign", "start", "end"]].tolist() == [
        "armed_conflict", "-1", "2022-02-24", ""]
    assert ties.loc["gexf-late", "source"] == "SUN"
    assert [g.lines for g in result.report.by_level("ERROR")] == [[35]]
    assert result.report.read == 5
    assert_accounted(result)
    assert_loads(result, tmp_path / "dynamic")


def test_gexf_12_spells_with_integer_years() -> None:
    data = b"""<?xml version="1.0"?>
<gexf xmlns="http://www.gexf.net/1.2draft" version="1.2">
  <graph mode="dynamic" timeformat="integer" defaultedgetype="undirected">
    <nodes><node id="USA"/><node id="GBR"/></nodes>
    <edges><edge source="USA" target="GBR"><spells><spell start="1949" end="2025"/></spells>
    </edge></edges>
  </graph>
</gexf>"""
    result = import_gexf(data, name="y.gexf", default_type="alliance")
    assert result.ties[["type", "start", "end"]].values.tolist() == [["alliance", "1949",
                                                                      "2025"]]


def test_graphml(tmp_path: Path) -> None:
    result = import_graphml(FIXTURES / "network.graphml")
    ties = result.ties.set_index("id")
    assert ties.loc["graphml-USA-UKR-2022-03", ["type", "directed"]].tolist() == [
        "arms_transfer", "true"]
    assert ties.loc["graphml-RUS-UKR-2022-02-24", "directed"] == "false"
    assert ties.loc["graphml-USA-RUS-2021", ["type", "end"]].tolist() == ["diplomatic_support",
                                                                          "2021"]
    assert result.report.skipped == 1
    assert_loads(result, tmp_path / "graphml")


def test_the_kind_must_match_the_root() -> None:
    with pytest.raises(ImportRefused, match="the root element is <gexf>: expected <graphml>"):
        import_graphml(FIXTURES / "network_static.gexf")
