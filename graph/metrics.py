"""Network metrics of a snapshot: per country and per graph, signed.

A snapshot's dyads carry two weights: ``cooperation`` (the sum of its positive ties) and
``hostility`` (the sum of its negative ties). An alliance and a war are opposites, so no
measure here adds them up as "closeness":

- ``degree`` and ``strength`` count every tie (how entangled a country is, with friends and
  foes alike); ``cooperation_degree``/``cooperation_strength`` count its partners and
  ``hostility_degree``/``hostility_strength`` its adversaries;
- ``pn`` is the PN centrality of Everett & Borgatti (2014, "Networks containing negative
  ties", Social Networks 38): ``PN = (I - A / (2n - 2))^-1 1`` with ``A = P - 2N``, where
  ``P`` and ``N`` are the adjacency matrices of the dyads whose net sign is positive or
  negative (binary, as in the paper). High for a country with many partners that themselves
  have partners; each enemy costs twice what a friend brings. A hand-worked example is in
  :func:`pn_centrality`;
- ``betweenness``, ``eigenvector``, ``pagerank`` and ``clustering`` are computed on the
  cooperation ties only (weighted by cooperation): influence, brokerage and cohesion among
  partners. A war makes no one a broker. Weighted betweenness uses the distance
  ``1 / cooperation``;
- ``bloc`` comes from :mod:`graph.blocs` (signed modularity: cooperation inside blocs,
  hostility between them); the graph-level ``modularity`` is that signed modularity, and
  :mod:`graph.polarisation` adds the frustration measures.

python-igraph does the heavy lifting (compiled); :func:`reference_metrics` computes the same
quantities with plain networkx and numpy and is what the tests compare against.

Conventions, so that every metric is defined on every graph (empty, disconnected, one node):

- betweenness is normalised as networkx does for undirected graphs;
- eigenvector centrality is computed per connected component of the cooperation graph (the
  leading eigenvector of a disconnected graph is not unique) with numpy's symmetric
  eigensolver (deterministic: no random start vector, no process-wide generator), and each
  component's vector is scaled to norm ``sqrt(component size / n)``, so that a connected
  graph gets exactly networkx's unit-norm vector; countries without partners get 0;
- clustering is the unweighted local clustering coefficient of the cooperation graph (0
  below two partners).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import igraph as ig
import networkx as nx
import numpy as np
import pandas as pd

from graph.blocs import BLOC_SEED, signed_blocs, stable_labels
from graph.polarisation import polarisation

__all__ = [
    "CENTRALITY_COLUMNS",
    "GRAPH_METRICS",
    "INTEGER_COLUMNS",
    "METRIC_COLUMNS",
    "METRIC_DESCRIPTIONS",
    "SignedEdges",
    "centralities",
    "compute_metrics",
    "graph_metrics_of",
    "metrics_of_edges",
    "metrics_of_graph",
    "pn_centrality",
    "reference_metrics",
    "signed_edges",
    "stable_labels",
    "with_blocs",
]

CENTRALITY_COLUMNS = [
    "degree", "strength", "cooperation_degree", "cooperation_strength", "hostility_degree",
    "hostility_strength", "pn", "betweenness", "eigenvector", "pagerank", "clustering",
]
METRIC_COLUMNS = [*CENTRALITY_COLUMNS, "bloc"]
INTEGER_COLUMNS = ("degree", "cooperation_degree", "hostility_degree", "bloc")
PAGERANK_DAMPING = 0.85
EIGENVECTOR_ITERATIONS = 100_000
EIGENVECTOR_TOLERANCE = 1e-13
#: Every column in plain words: a short label and what it means (hover, table headers, the
#: CLI's help and the README's method notes all read it here).
METRIC_DESCRIPTIONS: dict[str, tuple[str, str]] = {
    "degree": ("ties (any sign)", "countries it has a tie with, friend or foe"),
    "strength": ("tie weight (any sign)",
                 "summed weight of all its ties, cooperative and hostile: how entangled it is"),
    "cooperation_degree": ("partners", "countries it has a cooperative tie with"),
    "cooperation_strength": ("cooperation", "summed weight of its cooperative ties"),
    "hostility_degree": ("adversaries", "countries it has a hostile tie with"),
    "hostility_strength": ("hostility", "summed weight of its hostile ties"),
    "pn": ("PN centrality", "Everett & Borgatti's signed centrality: high with many partners "
           "who have partners; each enemy costs twice what a friend brings (1 = no ties)"),
    "betweenness": ("brokerage among partners",
                    "betweenness on cooperation ties: how often it lies on the shortest path "
                    "between two other countries' partnerships"),
    "eigenvector": ("influence among partners",
                    "eigenvector centrality on cooperation ties: partners of well-partnered "
                    "countries score high"),
    "pagerank": ("PageRank among partners",
                 "PageRank on cooperation ties: the share of attention a random walk along "
                 "partnerships spends there"),
    "clustering": ("partner cohesion",
                   "share of its partners who are partners of each other"),
    "bloc": ("bloc", "computed signed bloc: cooperation inside, hostility between "
             "(Traag & Bruggeman 2009); -1 without ties"),
}
GRAPH_METRICS = ("nodes", "edges", "density", "components", "modularity", "blocs",
                 "frustration", "blocs_80", "two_camp_frustration")


class SignedEdges:
    """The dyads of a snapshot as the metrics take them: positions in ``known``, each dyad's
    cooperation and hostility, and whether the pair is at war (never one bloc)."""

    __slots__ = ("at_war", "cooperation", "edges", "hostility", "known")

    def __init__(self, known: list[str], edges: list[tuple[int, int]],
                 cooperation: Sequence[float] | np.ndarray, hostility: Sequence[float] | np.ndarray,
                 at_war: Sequence[bool] | np.ndarray | None = None) -> None:
        self.known = known
        self.edges = edges
        self.cooperation = np.asarray(cooperation, dtype=float)
        self.hostility = np.asarray(hostility, dtype=float)
        self.at_war = (np.zeros(len(edges), dtype=bool) if at_war is None
                       else np.asarray(at_war, dtype=bool))


def signed_edges(nodes: Sequence[str], dyads: pd.DataFrame) -> SignedEdges:
    """:class:`SignedEdges` of ``dyads`` (``source``, ``target``, ``cooperation``,
    ``hostility`` and optionally ``types``, as ``graph.temporal.aggregate_dyads`` returns).

    Unsigned input (only ``weight``) is read as cooperation. Countries in ``dyads`` but not
    in ``nodes`` are added.

    >>> dyads = pd.DataFrame({"source": ["A"], "target": ["B"], "cooperation": [0.0],
    ...                       "hostility": [1.0], "types": ["armed_conflict"]})
    >>> edges = signed_edges(["A", "B", "C"], dyads)
    >>> edges.known, edges.edges, edges.at_war.tolist()
    (['A', 'B', 'C'], [(0, 1)], [True])
    """
    # Plain lists: iterating a pandas string column element by element is slow.
    sources, targets = dyads["source"].tolist(), dyads["target"].tolist()
    known = list(dict.fromkeys([*nodes, *sources, *targets]))
    index = {node: position for position, node in enumerate(known)}
    edges = [(index[source], index[target])
             for source, target in zip(sources, targets, strict=True)]
    if "cooperation" in dyads.columns:
        cooperation = dyads["cooperation"].astype(float).tolist()
        hostility = dyads["hostility"].astype(float).tolist()
    else:
        cooperation = dyads["weight"].astype(float).tolist()
        hostility = [0.0] * len(edges)
    at_war = ([("armed_conflict" in str(types).split(";")) for types in dyads["types"]]
              if "types" in dyads.columns else None)
    return SignedEdges(known, edges, cooperation, hostility, at_war)


def _empty_metrics(nodes: Sequence[str]) -> pd.DataFrame:
    frame = pd.DataFrame(
        {column: np.zeros(len(nodes)) for column in METRIC_COLUMNS},
        index=pd.Index(nodes, name="id"),
    )
    for column in INTEGER_COLUMNS:
        frame[column] = frame[column].astype(int)
    frame["bloc"] = np.full(len(nodes), -1, dtype=int)
    return frame


def pn_centrality(n: int, positive: Sequence[tuple[int, int]],
                  negative: Sequence[tuple[int, int]]) -> np.ndarray:
    """PN centrality (Everett & Borgatti 2014) of a signed graph given as two edge lists.

    Worked by hand for A + B - C (a friendship and an enmity): n = 3, so
    ``A = [[0, 1, 0], [1, 0, -2], [0, -2, 0]]`` is divided by 2n - 2 = 4 and
    ``(I - A / 4) x = 1`` gives ``x = (14/11, 12/11, 5/11)``:

    >>> [round(value * 11, 6) for value in pn_centrality(3, [(0, 1)], [(1, 2)]).tolist()]
    [14.0, 12.0, 5.0]
    """
    if n < 2:
        return np.ones(n)
    # A sparse fixed-point iteration x = 1 + A x / (2n - 2) rather than a dense solve: the
    # spectral radius of A / (2n - 2) is below one whenever no country has more than about
    # n / 3 enemies, and a dense LAPACK call on hundreds of countries costs more than all the
    # other metrics together. Dense solve as the fallback.
    first = np.array([edge[0] for edge in positive] + [edge[0] for edge in negative],
                     dtype=np.int64)
    second = np.array([edge[1] for edge in positive] + [edge[1] for edge in negative],
                      dtype=np.int64)
    weight = np.array([1.0] * len(positive) + [-2.0] * len(negative)) / (2 * n - 2)
    vector: np.ndarray = np.ones(n)
    for _ in range(10_000):
        updated = (1.0 + np.bincount(first, weight * vector[second], n)
                   + np.bincount(second, weight * vector[first], n))
        if float(np.abs(updated - vector).max()) < 1e-14:
            return updated
        if not np.isfinite(updated).all() or float(np.abs(updated).max()) > 1e12:
            break
        vector = updated
    adjacency = np.zeros((n, n))
    np.add.at(adjacency, (first, second), weight)
    np.add.at(adjacency, (second, first), weight)
    system = np.eye(n) - adjacency
    # Singular only in degenerate cases (two countries and one enmity): least squares then.
    solution = np.linalg.lstsq(system, np.ones(n), rcond=None)[0]
    return np.asarray(solution, dtype=float)


def _leading_eigenvector(size: int, first: np.ndarray, second: np.ndarray,
                         weights: np.ndarray) -> np.ndarray:
    """The unit-norm leading eigenvector of a connected weighted graph, by power iteration on
    ``A + I`` from the all-ones vector (the shift makes the iteration converge on bipartite
    graphs too; the start makes it deterministic)."""
    vector: np.ndarray = np.full(size, 1 / math.sqrt(size))
    for _ in range(EIGENVECTOR_ITERATIONS):
        product: np.ndarray = (vector + np.bincount(first, weights * vector[second], size)
                               + np.bincount(second, weights * vector[first], size))
        product = product / float(np.linalg.norm(product))
        if float(np.abs(product - vector).max()) < EIGENVECTOR_TOLERANCE:
            return product
        vector = product
    return vector


def _eigenvector_per_component(n: int, edges: list[tuple[int, int]], weights: list[float]
                               ) -> np.ndarray:
    values = np.zeros(n)
    if not edges:
        return values
    graph = ig.Graph(n=n, edges=edges, directed=False)
    pairs = np.asarray(edges, dtype=np.int64)
    weight = np.asarray(weights, dtype=float)
    component_of = np.asarray(graph.connected_components().membership)
    for component in graph.connected_components():
        size = len(component)
        if size < 2:
            continue
        if size == 2:
            vector = np.full(2, 1 / math.sqrt(2))
        else:
            local = np.full(n, -1, dtype=np.int64)
            local[component] = np.arange(size)
            inside = component_of[pairs[:, 0]] == component_of[component[0]]
            vector = _leading_eigenvector(size, local[pairs[inside, 0]],
                                          local[pairs[inside, 1]], weight[inside])
        values[component] = vector * math.sqrt(size / n)
    return values


def centralities(edges: SignedEdges) -> dict[str, np.ndarray]:
    """Every metric but the blocs: independent of other snapshots, so the timeline can
    compute these for many snapshots at once in worker processes."""
    known = edges.known
    n = len(known)
    if not edges.edges:
        frame = _empty_metrics(known)
        return {column: frame[column].to_numpy() for column in CENTRALITY_COLUMNS}
    pairs = np.asarray(edges.edges, dtype=np.int64).reshape(-1, 2)
    cooperation, hostility = edges.cooperation, edges.hostility

    def per_node(values: np.ndarray) -> np.ndarray:
        return np.bincount(pairs[:, 0], values, n) + np.bincount(pairs[:, 1], values, n)

    partner = cooperation > 0
    net = np.round(cooperation - hostility, 9)
    columns: dict[str, np.ndarray] = {
        "degree": per_node(np.ones(len(pairs))).astype(int),
        "strength": per_node(cooperation + hostility),
        "cooperation_degree": per_node(partner.astype(float)).astype(int),
        "cooperation_strength": per_node(cooperation),
        "hostility_degree": per_node((hostility > 0).astype(float)).astype(int),
        "hostility_strength": per_node(hostility),
        "pn": pn_centrality(n, [edges.edges[i] for i in np.flatnonzero(net > 0).tolist()],
                            [edges.edges[i] for i in np.flatnonzero(net < 0).tolist()]),
        "betweenness": np.zeros(n),
    }
    # Influence, brokerage and cohesion among partners: the cooperation graph.
    partner_edges = [edges.edges[i] for i in np.flatnonzero(partner).tolist()]
    partner_weights = cooperation[partner].tolist()
    graph = ig.Graph(n=n, edges=partner_edges, directed=False)
    graph.es["weight"] = partner_weights
    if n > 2 and partner_edges:
        distances = [1.0 / weight for weight in partner_weights]
        raw = np.asarray(graph.betweenness(directed=False, weights=distances))
        columns["betweenness"] = 2 * raw / ((n - 1) * (n - 2))
    columns["eigenvector"] = _eigenvector_per_component(n, partner_edges, partner_weights)
    columns["pagerank"] = np.asarray(
        graph.pagerank(weights="weight" if partner_edges else None,
                       damping=PAGERANK_DAMPING, directed=False), dtype=float
    )
    columns["clustering"] = np.asarray(graph.transitivity_local_undirected(mode="zero"),
                                       dtype=float)
    return columns


def with_blocs(
    edges: SignedEdges,
    columns: Mapping[str, np.ndarray],
    previous_blocs: Mapping[str, int] | None = None,
    *,
    seed: int = BLOC_SEED,
) -> tuple[pd.DataFrame, dict[str, float]]:
    """The metrics table: ``columns`` from :func:`centralities` plus the signed blocs,
    started from ``previous_blocs``, and the graph-level metrics with polarisation."""
    known = edges.known
    n = len(known)
    if n == 0:
        return _empty_metrics([]), graph_metrics_of(0, 0, 0, 0.0)
    if not edges.edges:
        return _empty_metrics(known), graph_metrics_of(n, 0, n, 0.0)
    blocs, quality = signed_blocs(known, edges.edges, edges.cooperation, edges.hostility,
                                  previous_blocs, hard=edges.at_war, seed=seed)
    frame = pd.DataFrame({**columns, "bloc": blocs}, index=pd.Index(known, name="id"))
    graph = ig.Graph(n=n, edges=edges.edges, directed=False)
    metrics = graph_metrics_of(n, len(edges.edges), len(graph.connected_components()),
                               quality)
    metrics.update(polarisation(n, edges.edges, edges.cooperation, edges.hostility,
                                blocs.tolist()))
    metrics["blocs"] = len(set(blocs.tolist()) - {-1})
    return frame, metrics


def metrics_of_edges(edges: SignedEdges, previous_blocs: Mapping[str, int] | None = None,
                     *, seed: int = BLOC_SEED) -> tuple[pd.DataFrame, dict[str, float]]:
    """:func:`compute_metrics` on :class:`SignedEdges` (the timeline codes its dyads once)."""
    return with_blocs(edges, centralities(edges), previous_blocs, seed=seed)


def compute_metrics(
    nodes: Sequence[str],
    dyads: pd.DataFrame,
    previous_blocs: Mapping[str, int] | None = None,
    *,
    seed: int = BLOC_SEED,
) -> tuple[pd.DataFrame, dict[str, float]]:
    """Every metric for every node, and the graph-level metrics.

    ``dyads`` as :func:`signed_edges` takes them (one row per unordered pair, as
    ``graph.temporal.aggregate_dyads`` returns).

    >>> dyads = pd.DataFrame({"source": ["A", "B"], "target": ["B", "C"],
    ...                       "cooperation": [1.0, 0.0], "hostility": [0.0, 1.0]})
    >>> per_node, per_graph = compute_metrics(["A", "B", "C", "D"], dyads)
    >>> per_node.loc["B", ["degree", "cooperation_degree", "hostility_degree"]].tolist()
    [2, 1, 1]
    >>> per_node["bloc"].tolist(), per_graph["components"]
    ([0, 0, 1, -1], 2)
    """
    return metrics_of_edges(signed_edges(nodes, dyads), previous_blocs, seed=seed)


def graph_metrics_of(nodes: int, edges: int, components: int, modularity: float) -> dict[
    str, float
]:
    """Graph-level metrics from counts (density of an undirected simple graph); the
    polarisation measures are 0 until :func:`with_blocs` fills them."""
    density = 2 * edges / (nodes * (nodes - 1)) if nodes > 1 else 0.0
    return {
        "nodes": nodes,
        "edges": edges,
        "density": density,
        "components": components,
        "modularity": modularity,
        "blocs": 0,
        "frustration": 0.0,
        "blocs_80": 0,
        "two_camp_frustration": 0.0,
    }


def metrics_of_graph(
    graph: nx.Graph, previous_blocs: Mapping[str, int] | None = None
) -> tuple[pd.DataFrame, dict[str, float]]:
    """:func:`compute_metrics` for a networkx snapshot (``graph.temporal.snapshot_graph``)."""
    rows = [(a, b, float(data.get("cooperation", data.get("weight", 1.0))),
             float(data.get("hostility", 0.0)), str(data.get("types", "")))
            for a, b, data in graph.edges(data=True)]
    dyads = pd.DataFrame(rows, columns=["source", "target", "cooperation", "hostility",
                                        "types"])
    return compute_metrics(list(graph.nodes), dyads, previous_blocs)


def reference_metrics(graph: nx.Graph) -> tuple[pd.DataFrame, dict[str, Any]]:
    """The same centralities with plain networkx and numpy: the reference for tests and the
    benchmark baseline.

    Edges carry ``cooperation`` and ``hostility`` (or only ``weight``, read as cooperation).
    Blocs are left to the tests, which compare them with ``leidenalg``.
    """
    nodes = list(graph.nodes)
    frame = _empty_metrics(nodes)
    if not nodes:
        return frame, graph_metrics_of(0, 0, 0, 0.0)
    n = len(nodes)
    partners = nx.Graph()
    partners.add_nodes_from(nodes)
    positive, negative = [], []
    index = {node: position for position, node in enumerate(nodes)}
    for a, b, data in graph.edges(data=True):
        cooperation = float(data.get("cooperation", data.get("weight", 1.0)))
        hostility = float(data.get("hostility", 0.0))
        if cooperation > 0:
            partners.add_edge(a, b, weight=cooperation, distance=1.0 / cooperation)
        net = round(cooperation - hostility, 9)
        if net > 0:
            positive.append((index[a], index[b]))
        elif net < 0:
            negative.append((index[a], index[b]))

    def total(node: str, key: str) -> float:
        return sum(float(data.get(key, data.get("weight", 1.0) if key == "cooperation"
                                  else 0.0)) for _, _, data in graph.edges(node, data=True))

    frame["degree"] = [graph.degree(node) for node in nodes]
    frame["cooperation_degree"] = [partners.degree(node) for node in nodes]
    frame["cooperation_strength"] = [total(node, "cooperation") for node in nodes]
    frame["hostility_strength"] = [total(node, "hostility") for node in nodes]
    frame["hostility_degree"] = [
        sum(1 for _, _, data in graph.edges(node, data=True)
            if float(data.get("hostility", 0.0)) > 0) for node in nodes
    ]
    frame["strength"] = frame["cooperation_strength"] + frame["hostility_strength"]
    adjacency = np.zeros((n, n))
    for a, b in positive:
        adjacency[a, b] = adjacency[b, a] = 1.0
    for a, b in negative:
        adjacency[a, b] = adjacency[b, a] = -2.0
    frame["pn"] = np.linalg.inv(np.eye(n) - adjacency / max(2 * n - 2, 1)) @ np.ones(n)
    betweenness = nx.betweenness_centrality(partners, weight="distance", normalized=True)
    frame["betweenness"] = [betweenness[node] for node in nodes]
    eigenvector = dict.fromkeys(nodes, 0.0)
    for component in nx.connected_components(partners):
        if len(component) < 2:
            continue
        sub = partners.subgraph(component)
        values = nx.eigenvector_centrality(sub, weight="weight", max_iter=10_000, tol=1e-10)
        for node, value in values.items():
            eigenvector[node] = value * math.sqrt(len(component) / n)
    frame["eigenvector"] = [eigenvector[node] for node in nodes]
    # At tol=1e-12 the default 100 iterations do not always converge (0.85**100 ~ 1e-7).
    pagerank = nx.pagerank(partners, alpha=PAGERANK_DAMPING, weight="weight", tol=1e-12,
                           max_iter=1000)
    frame["pagerank"] = [pagerank[node] for node in nodes]
    clustering = nx.clustering(partners)
    frame["clustering"] = [clustering[node] for node in nodes]
    return frame, graph_metrics_of(
        n, graph.number_of_edges(), nx.number_connected_components(graph), 0.0
    )
