"""Network metrics: igraph results against networkx on random (signed) graphs, hand-worked
values on tiny ones, signed centralities, and blocs that separate enemies, match an
independent optimiser (leidenalg) and keep their labels over time."""

from __future__ import annotations

import itertools
import math
import random

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from graph.metrics import (
    METRIC_COLUMNS,
    compute_metrics,
    graph_metrics_of,
    metrics_of_graph,
    reference_metrics,
    stable_labels,
)

CENTRALITIES = ["degree", "strength", "cooperation_degree", "cooperation_strength",
                "hostility_degree", "hostility_strength", "pn", "betweenness", "eigenvector",
                "pagerank", "clustering"]


def dyads(*edges: tuple[str, str, float]) -> pd.DataFrame:
    return pd.DataFrame(list(edges), columns=["source", "target", "weight"])


def weighted(graph: nx.Graph, seed: int) -> nx.Graph:
    rng = random.Random(seed)
    named = nx.relabel_nodes(graph, {node: f"C{node:03d}" for node in graph})
    for _, _, data in named.edges(data=True):
        # Continuous weights: floating-point near-ties between path lengths, which igraph
        # and networkx break differently, have probability zero.
        data["weight"] = rng.uniform(0.05, 1.0)
    return named


def with_isolates(graph: nx.Graph, count: int) -> nx.Graph:
    start = max(graph.nodes, default=-1) + 1
    graph.add_nodes_from(range(start, start + count))
    return graph


RANDOM_GRAPHS = {
    "sparse-many-components": lambda seed: nx.gnm_random_graph(40, 30, seed=seed),
    "dense-connected": lambda seed: nx.gnm_random_graph(25, 120, seed=seed),
    "medium-with-isolates": lambda seed: with_isolates(nx.gnm_random_graph(30, 45, seed=seed), 6),
    "two-cliques-apart": lambda seed: nx.disjoint_union(nx.complete_graph(5), nx.complete_graph(4)),
    "tree": lambda seed: nx.random_labeled_tree(20, seed=seed),
    "pairs-and-isolates": lambda seed: with_isolates(nx.from_edgelist([(0, 1), (2, 3)]), 3),
}


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("shape", list(RANDOM_GRAPHS))
def test_metrics_match_networkx(shape, seed):
    graph = weighted(RANDOM_GRAPHS[shape](seed), seed)
    ours, ours_graph = metrics_of_graph(graph)
    reference, reference_graph = reference_metrics(graph)
    reference = reference.loc[ours.index]
    for column in CENTRALITIES:
        np.testing.assert_allclose(
            ours[column], reference[column], rtol=0, atol=1e-7, err_msg=column
        )
    for key in ("nodes", "edges", "density", "components"):
        assert ours_graph[key] == pytest.approx(reference_graph[key]), key


# --- hand-worked values -------------------------------------------------------------------------

SQRT2 = math.sqrt(2)
HAND_WORKED = [
    # path A-B-C: the middle carries the only pair; eigenvector (1, sqrt 2, 1) / 2;
    # pagerank solves pA = 0.05 + 0.425 pB, pB = 0.05 + 0.85 * 2 pA
    (
        "path",
        [("A", "B", 1.0), ("B", "C", 1.0)],
        {
            "A": {
                "degree": 1,
                "strength": 1,
                "betweenness": 0,
                "eigenvector": 0.5,
                "pagerank": 0.07125 / 0.2775,
                "clustering": 0,
            },
            "B": {
                "degree": 2,
                "strength": 2,
                "betweenness": 1,
                "eigenvector": 1 / SQRT2,
                "pagerank": 0.05 + 1.7 * 0.07125 / 0.2775,
                "clustering": 0,
            },
        },
    ),
    # star with 4 leaves: the hub is on all 6 leaf pairs; eigenvector hub 1/sqrt 2,
    # leaves 1/(2 sqrt 2)
    (
        "star",
        [("H", leaf, 0.5) for leaf in "abcd"],
        {
            "H": {
                "degree": 4,
                "strength": 2,
                "betweenness": 1,
                "eigenvector": 1 / SQRT2,
                "clustering": 0,
            },
            "a": {
                "degree": 1,
                "strength": 0.5,
                "betweenness": 0,
                "eigenvector": 1 / (2 * SQRT2),
                "clustering": 0,
            },
        },
    ),
    (
        "triangle",
        [("A", "B", 1.0), ("B", "C", 1.0), ("A", "C", 1.0)],
        {
            node: {
                "degree": 2,
                "betweenness": 0,
                "eigenvector": 1 / math.sqrt(3),
                "pagerank": 1 / 3,
                "clustering": 1,
            }
            for node in "ABC"
        },
    ),
    # a weak direct tie is a long distance (1 / weight): the shortest A-C path goes via B
    (
        "weak-shortcut",
        [("A", "B", 1.0), ("B", "C", 1.0), ("A", "C", 0.1)],
        {
            "B": {"betweenness": 1, "clustering": 1, "strength": 2},
            "A": {"betweenness": 0, "strength": 1.1},
        },
    ),
    # A-B-D and A-C-D are equally long in exact arithmetic (16/3) though not in floating
    # point: the pair is shared between B and C; B-D-C carries B-C
    (
        "equal-paths-split",
        [("A", "B", 0.3), ("B", "D", 0.5), ("A", "C", 0.25), ("C", "D", 0.75)],
        {
            "B": {"betweenness": 1 / 6},
            "C": {"betweenness": 1 / 6},
            "D": {"betweenness": 1 / 3},
        },
    ),
]


@pytest.mark.parametrize(
    ("edges", "expected"), [case[1:] for case in HAND_WORKED], ids=[case[0] for case in HAND_WORKED]
)
def test_hand_worked_values(edges, expected):
    per_node, per_graph = compute_metrics([], dyads(*edges))
    for node, values in expected.items():
        for column, value in values.items():
            assert per_node.loc[node, column] == pytest.approx(value, abs=1e-9), (node, column)
    assert per_node["pagerank"].sum() == pytest.approx(1.0)
    assert per_graph["components"] == 1


def test_a_two_node_component_shares_eigenvector_centrality():
    per_node, _ = compute_metrics(["X"], dyads(("A", "B", 0.3)))
    # each component's vector has norm sqrt(size / n): here sqrt(2/3) over two equal nodes
    assert per_node.loc["A", "eigenvector"] == pytest.approx(math.sqrt(1 / 3))
    assert per_node.loc["X", "eigenvector"] == 0


# --- graphs that must not crash -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("nodes", "edges", "expected"),
    [
        ([], [], {"nodes": 0, "edges": 0, "density": 0.0, "components": 0}),
        (["IRN"], [], {"nodes": 1, "edges": 0, "density": 0.0, "components": 1}),
        (["IRN", "RUS"], [], {"nodes": 2, "edges": 0, "density": 0.0, "components": 2}),
        ([], [("A", "B", 1.0)], {"nodes": 2, "edges": 1, "density": 1.0, "components": 1}),
        (
            ["A", "B", "C", "D", "E"],
            [("A", "B", 1.0), ("C", "D", 0.5)],
            {"nodes": 5, "edges": 2, "density": 0.2, "components": 3},
        ),
    ],
    ids=["empty", "single-country", "two-isolated", "one-tie", "disconnected-with-isolate"],
)
def test_degenerate_graphs_give_every_metric(nodes, edges, expected):
    per_node, per_graph = compute_metrics(nodes, dyads(*edges))
    assert list(per_node.columns) == METRIC_COLUMNS
    assert per_node.notna().all().all()
    assert np.isfinite(per_node[CENTRALITIES].to_numpy(dtype=float)).all()
    for key, value in expected.items():
        assert per_graph[key] == pytest.approx(value), key
    assert math.isfinite(per_graph["modularity"])
    isolated = per_node[per_node["degree"] == 0]
    assert (isolated[["strength", "betweenness", "eigenvector", "clustering"]] == 0).all().all()
    assert (isolated["bloc"] == -1).all()


def test_countries_named_only_in_dyads_are_added():
    per_node, _ = compute_metrics(["A"], dyads(("B", "C", 1.0)))
    assert list(per_node.index) == ["A", "B", "C"]


@pytest.mark.parametrize(
    ("nodes", "edges", "density"),
    [(0, 0, 0.0), (1, 0, 0.0), (2, 1, 1.0), (4, 3, 0.5), (10, 9, 0.2)],
    ids=["empty", "one", "pair", "four", "ten"],
)
def test_density_of_a_simple_undirected_graph(nodes, edges, density):
    assert graph_metrics_of(nodes, edges, 1, 0.0)["density"] == pytest.approx(density)


# --- blocs --------------------------------------------------------------------------------


def planted(groups: int, size: int, seed: int) -> nx.Graph:
    graph = nx.planted_partition_graph(groups, size, 0.5, 0.04, seed=seed)
    return weighted(graph, seed)


def signed_graph(size: int, edges: int, hostile_share: float, seed: int) -> nx.Graph:
    """A random graph whose edges are cooperative or hostile, some both (like Russia–Iran)."""
    rng = random.Random(seed)
    graph = nx.relabel_nodes(nx.gnm_random_graph(size, edges, seed=seed),
                             {node: f"C{node:03d}" for node in range(size)})
    for _, _, data in graph.edges(data=True):
        draw = rng.random()
        data["cooperation"] = rng.uniform(0.1, 1.0) if draw >= hostile_share else 0.0
        data["hostility"] = rng.uniform(0.1, 1.0) if draw < hostile_share * 1.2 else 0.0
        if data["cooperation"] == data["hostility"] == 0.0:
            data["cooperation"] = 0.5
    return graph


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize(("size", "edges", "hostile"), [(30, 60, 0.3), (50, 80, 0.5)],
                         ids=["mostly-cooperative", "half-hostile"])
def test_signed_metrics_match_an_independent_computation(size, edges, hostile, seed):
    graph = signed_graph(size, edges, hostile, seed)
    ours, _ = metrics_of_graph(graph)
    reference, _ = reference_metrics(graph)
    reference = reference.loc[ours.index]
    for column in CENTRALITIES:
        np.testing.assert_allclose(
            ours[column], reference[column], rtol=0, atol=1e-7, err_msg=column
        )


SIGNED_HAND_WORKED = [
    # A + B - C: PN (I - A/4)^-1 1 with A = [[0,1,0],[1,0,-2],[0,-2,0]] is (14, 12, 5) / 11.
    # Betweenness on cooperation: nobody brokers (the enmity is no path); PageRank among
    # partners ignores the enmity.
    (
        "ally-and-enemy",
        [("A", "B", 1.0, 0.0), ("B", "C", 0.0, 1.0)],
        {
            "A": {"pn": 14 / 11, "cooperation_degree": 1, "hostility_degree": 0},
            "B": {"pn": 12 / 11, "cooperation_degree": 1, "hostility_degree": 1,
                  "strength": 2.0, "cooperation_strength": 1.0, "hostility_strength": 1.0,
                  "betweenness": 0.0},
            "C": {"pn": 5 / 11, "cooperation_degree": 0, "hostility_degree": 1,
                  "eigenvector": 0.0, "clustering": 0.0},
        },
    ),
    # A war does not make a broker: B links A and C only through hostility.
    (
        "war-is-no-bridge",
        [("A", "B", 0.0, 1.0), ("B", "C", 0.0, 1.0), ("A", "D", 1.0, 0.0)],
        {"B": {"betweenness": 0.0, "cooperation_degree": 0, "hostility_degree": 2}},
    ),
    # Cooperation and hostility of one pair are kept apart; the net sign decides PN's matrix.
    (
        "mixed-pair",
        [("R", "I", 2.7, 0.7)],
        {"R": {"cooperation_strength": 2.7, "hostility_strength": 0.7, "strength": 3.4,
               "cooperation_degree": 1, "hostility_degree": 1, "pn": 2.0}},
    ),
]


def signed_dyads(*edges: tuple[str, str, float, float]) -> pd.DataFrame:
    return pd.DataFrame(list(edges), columns=["source", "target", "cooperation", "hostility"])


@pytest.mark.parametrize(
    ("edges", "expected"), [case[1:] for case in SIGNED_HAND_WORKED],
    ids=[case[0] for case in SIGNED_HAND_WORKED],
)
def test_signed_hand_worked_values(edges, expected):
    per_node, _ = compute_metrics([], signed_dyads(*edges))
    for node, values in expected.items():
        for column, value in values.items():
            assert per_node.loc[node, column] == pytest.approx(value, abs=1e-9), (node, column)


def two_camps(seed: int) -> nx.Graph:
    """Two planted alliances at odds: cooperation inside each, hostility across."""
    rng = random.Random(seed)
    graph = nx.Graph()
    camps = {f"W{i}": 0 for i in range(10)} | {f"E{i}": 1 for i in range(10)}
    names = list(camps)
    for a, b in itertools.combinations(names, 2):
        if camps[a] == camps[b] and rng.random() < 0.5:
            graph.add_edge(a, b, cooperation=rng.uniform(0.3, 1.0), hostility=0.0)
        elif camps[a] != camps[b] and rng.random() < 0.15:
            graph.add_edge(a, b, cooperation=0.0, hostility=rng.uniform(0.3, 1.0))
    return graph


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_blocs_put_allies_together_and_enemies_apart(seed):
    graph = two_camps(seed)
    per_node, per_graph = metrics_of_graph(graph)
    for a, b, data in graph.edges(data=True):
        if data["hostility"] > 0:
            assert per_node.loc[a, "bloc"] != per_node.loc[b, "bloc"], (a, b)
    assert per_graph["frustration"] < 0.1
    assert per_graph["blocs_80"] <= 3


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
@pytest.mark.parametrize("shape", ["two-camps", "random-signed"])
def test_bloc_quality_matches_leidenalg(shape, seed):
    """An independent optimiser of the same objective (Traag's leidenalg, layer weights +1
    and -1) reaches no better signed modularity than ours, within a small tolerance."""
    leidenalg = pytest.importorskip("leidenalg", reason="leidenalg is the independent check")
    import igraph as ig

    from graph.blocs import optimise_signed_modularity, signed_modularity_matrix

    graph = two_camps(seed) if shape == "two-camps" else signed_graph(40, 90, 0.4, seed)
    nodes = list(graph.nodes)
    index = {node: position for position, node in enumerate(nodes)}
    edges = [(index[a], index[b]) for a, b in graph.edges]
    cooperation = np.array([data["cooperation"] for _, _, data in graph.edges(data=True)])
    hostility = np.array([data["hostility"] for _, _, data in graph.edges(data=True)])
    layers = []
    for weights in (cooperation, hostility):
        kept = np.flatnonzero(weights > 0)
        layer = ig.Graph(n=len(nodes), edges=[edges[i] for i in kept])
        layer.es["weight"] = weights[kept].tolist()
        layers.append(leidenalg.ModularityVertexPartition(layer, weights="weight"))
    optimiser = leidenalg.Optimiser()
    optimiser.set_rng_seed(seed)
    optimiser.consider_comms = leidenalg.ALL_COMMS
    optimiser.optimise_partition_multiplex(layers, layer_weights=[1, -1], n_iterations=-1)
    matrix = signed_modularity_matrix(len(nodes), edges, cooperation, hostility)
    theirs = np.asarray(layers[0].membership)
    their_quality = float(matrix[theirs[:, None] == theirs[None, :]].sum())
    # The optimiser alone: the hard split of bitter enemies is a constraint leidenalg lacks.
    ours = optimise_signed_modularity(matrix, seed=seed)
    our_quality = float(matrix[ours[:, None] == ours[None, :]].sum())
    assert our_quality >= their_quality - 0.02


@pytest.mark.parametrize("seed", [1, 2])
def test_the_same_input_always_gives_the_same_blocs(seed):
    graph = planted(4, 10, seed)
    first, _ = metrics_of_graph(graph)
    random.seed(seed + 100)  # a process-wide generator disturbed in between changes nothing
    np.random.seed(seed + 100)
    second, _ = metrics_of_graph(graph)
    assert first["bloc"].tolist() == second["bloc"].tolist()


def test_community_labels_survive_a_one_edge_change():
    graph = planted(4, 10, 7)
    before, _ = metrics_of_graph(graph)
    # Arbitrary earlier labels: stability means keeping these, not renumbering from 0.
    renamed = {label: 10 + 7 * label for label in set(before["bloc"])}
    previous = {node: renamed[label] for node, label in before["bloc"].items()}
    changed = graph.copy()
    inside = next(
        (a, b)
        for a in changed
        for b in changed
        if a < b and previous[a] == previous[b] and not changed.has_edge(a, b)
    )
    changed.add_edge(*inside, weight=0.5)
    after, _ = metrics_of_graph(changed, previous)
    assert after["bloc"].to_dict() == previous


def test_a_newcomer_gets_an_unused_label():
    previous = {"A": 5, "B": 5, "C": 9, "D": 9}
    edges = [("A", "B", 1.0), ("C", "D", 1.0), ("E", "F", 1.0)]
    per_node, _ = compute_metrics([], dyads(*edges), previous)
    assert per_node["bloc"].to_dict() == {"A": 5, "B": 5, "C": 9, "D": 9, "E": 0, "F": 0}


@pytest.mark.parametrize(
    ("membership", "nodes", "previous", "expected"),
    [
        ([0, 0, 1, 1], "ABCD", None, [0, 0, 1, 1]),
        ([1, 1, 0], "ABC", None, [0, 0, 1]),
        ([0, 0, 1, 1], "ABCD", {"C": 7, "D": 7, "A": 2}, [2, 2, 7, 7]),
        ([0, 0, 0, 1], "ABCD", {"A": 3, "B": 4, "C": 4, "D": 3}, [4, 4, 4, 3]),
        ([0, 0, 1, 1], "ABCD", {"A": 1, "B": 1, "C": 1, "D": 1}, [1, 1, 0, 0]),
        ([0, 1], "AB", {"X": 0}, [0, 1]),
    ],
    ids=[
        "no-previous",
        "largest-first",
        "keeps-labels",
        "best-overlap-wins",
        "split-community",
        "only-strangers",
    ],
)
def test_stable_labels(membership, nodes, previous, expected):
    assert stable_labels(membership, list(nodes), previous) == expected
