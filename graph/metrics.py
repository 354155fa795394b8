"""Network metrics of a snapshot: per country and per graph.

The heavy lifting is done by python-igraph (compiled); :func:`reference_metrics` computes the
same quantities with plain networkx and is what the tests compare against. Edge ``weight`` is
the dyad's total tie strength (cooperation + hostility, see ``graph.temporal``); weighted
betweenness uses the distance ``1 / weight``.

Conventions, so that every metric is defined on every graph (empty, disconnected, one node):

- betweenness is normalised as networkx does for undirected graphs;
- eigenvector centrality is computed per connected component (the leading eigenvector of a
  disconnected graph is not unique, and solvers fail to converge on it) and each component's
  vector is scaled to norm ``sqrt(component size / n)``, so that a connected graph gets exactly
  networkx's unit-norm vector; isolated countries get 0;
- clustering is the unweighted local clustering coefficient (0 below two neighbours);
- communities are Leiden partitions maximising weighted modularity, seeded, started from the
  previous snapshot's partition when given, and relabelled to keep the previous labels, so that
  colours do not reshuffle while the timeline moves; a country without ties has community -1.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

import igraph as ig
import networkx as nx
import numpy as np
import pandas as pd

__all__ = [
    "METRIC_COLUMNS",
    "centralities",
    "compute_metrics",
    "graph_metrics_of",
    "metrics_of_edges",
    "metrics_of_graph",
    "reference_metrics",
    "stable_labels",
    "with_communities",
]

METRIC_COLUMNS = [
    "degree", "strength", "betweenness", "eigenvector", "pagerank", "clustering", "community",
]
PAGERANK_DAMPING = 0.85
LEIDEN_SEED = 20250117


def _empty_metrics(nodes: Sequence[str]) -> pd.DataFrame:
    frame = pd.DataFrame(
        {column: np.zeros(len(nodes)) for column in METRIC_COLUMNS}, index=pd.Index(nodes,
                                                                                    name="id")
    )
    frame["degree"] = frame["degree"].astype(int)
    frame["community"] = np.full(len(nodes), -1, dtype=int)
    return frame


def stable_labels(
    membership: Sequence[int], nodes: Sequence[str], previous: Mapping[str, int] | None
) -> list[int]:
    """Relabel communities so each keeps the label of the previous community it overlaps most.

    Unmatched communities take the smallest labels not in use, largest community first.

    >>> stable_labels([0, 0, 1, 1], ["A", "B", "C", "D"], {"C": 7, "D": 7, "A": 2})
    [2, 2, 7, 7]
    >>> stable_labels([1, 1, 0], ["A", "B", "C"], None)
    [0, 0, 1]
    """
    groups: dict[int, list[str]] = {}
    for node, community in zip(nodes, membership, strict=True):
        groups.setdefault(community, []).append(node)
    relabel: dict[int, int] = {}
    taken: set[int] = set()
    if previous:
        overlaps: list[tuple[int, int, int]] = []
        for community, members in groups.items():
            counts = Counter(
                previous[node] for node in members if previous.get(node, -1) >= 0
            )
            overlaps.extend((count, community, label) for label, count in counts.items())
        for _, community, label in sorted(overlaps, key=lambda item: (-item[0], item[1:])):
            if community not in relabel and label not in taken:
                relabel[community] = label
                taken.add(label)
    unmatched = sorted(
        (community for community in groups if community not in relabel),
        key=lambda community: (-len(groups[community]), min(groups[community])),
    )
    next_label = 0
    for community in unmatched:
        while next_label in taken:
            next_label += 1
        relabel[community] = next_label
        taken.add(next_label)
    return [relabel[community] for community in membership]


def _eigenvector_per_component(graph: ig.Graph) -> np.ndarray:
    n = graph.vcount()
    values = np.zeros(n)
    for component in graph.connected_components():
        size = len(component)
        if size < 2:
            continue
        if size == 2:
            vector = np.full(2, 1 / math.sqrt(2))
        else:
            sub = graph.induced_subgraph(component)
            vector = np.asarray(sub.eigenvector_centrality(weights="weight"), dtype=float)
            norm = float(np.linalg.norm(vector))
            vector = vector / norm if norm > 0 else vector
        values[component] = vector * math.sqrt(size / n)
    return values


def compute_metrics(
    nodes: Sequence[str],
    dyads: pd.DataFrame,
    previous_communities: Mapping[str, int] | None = None,
    *,
    seed: int = LEIDEN_SEED,
) -> tuple[pd.DataFrame, dict[str, float]]:
    """Every metric for every node, and the graph-level metrics.

    ``dyads`` has ``source``, ``target`` and a positive ``weight`` (one row per unordered pair,
    as ``graph.temporal.aggregate_dyads`` returns); countries in ``dyads`` but not in ``nodes``
    are added.

    >>> dyads = pd.DataFrame({"source": ["A", "B"], "target": ["B", "C"], "weight": [1.0, 1.0]})
    >>> per_node, per_graph = compute_metrics(["A", "B", "C", "D"], dyads)
    >>> per_node.loc["B", ["degree", "betweenness"]].tolist()
    [2.0, 0.3333333333333333]
    >>> per_graph["components"]
    2
    """
    # Plain lists: iterating a pandas string column element by element is slow.
    sources, targets = dyads["source"].tolist(), dyads["target"].tolist()
    known = list(dict.fromkeys([*nodes, *sources, *targets]))
    index = {node: position for position, node in enumerate(known)}
    edges = [(index[source], index[target]) for source, target in zip(sources, targets,
                                                                        strict=True)]
    weights = dyads["weight"].astype(float).tolist()
    return metrics_of_edges(known, edges, weights, previous_communities, seed=seed)


def metrics_of_edges(
    known: list[str],
    edges: list[tuple[int, int]],
    weights: list[float],
    previous_communities: Mapping[str, int] | None = None,
    *,
    seed: int = LEIDEN_SEED,
) -> tuple[pd.DataFrame, dict[str, float]]:
    """:func:`compute_metrics` on nodes ``known`` and edges given as positions in ``known``.

    The timeline calls it directly, having coded its dyads once for all months.
    """
    return with_communities(known, edges, weights,
                            centralities(known, edges, weights, seed=seed),
                            previous_communities, seed=seed)


def centralities(
    known: list[str], edges: list[tuple[int, int]], weights: list[float], *,
    seed: int = LEIDEN_SEED,
) -> dict[str, np.ndarray]:
    """Every metric but the communities: independent of other snapshots, so the timeline can
    compute these for many snapshots at once in worker processes."""
    n = len(known)
    if not edges:
        frame = _empty_metrics(known)
        return {column: frame[column].to_numpy() for column in METRIC_COLUMNS
                if column != "community"}
    graph = ig.Graph(n=n, edges=edges, directed=False)
    graph.es["weight"] = weights
    # Columns gathered first and framed once: assigning them one by one to a frame cost
    # more than half the time of all the metrics below igraph's betweenness and Leiden.
    columns: dict[str, np.ndarray] = {
        "degree": np.asarray(graph.degree(), dtype=int),
        "strength": np.asarray(graph.strength(weights="weight"), dtype=float),
        "betweenness": np.zeros(n),
    }
    if n > 2:
        distances = [1.0 / weight for weight in weights]
        raw = np.asarray(graph.betweenness(directed=False, weights=distances))
        columns["betweenness"] = 2 * raw / ((n - 1) * (n - 2))
    # ARPACK starts eigenvector centrality from a random vector: seed it too, so the same
    # input gives the same numbers to the last bit (exports are byte-for-byte reproducible).
    ig.set_random_number_generator(random.Random(seed))
    columns["eigenvector"] = _eigenvector_per_component(graph)
    ig.set_random_number_generator(random)
    columns["pagerank"] = np.asarray(
        graph.pagerank(weights="weight", damping=PAGERANK_DAMPING, directed=False), dtype=float
    )
    columns["clustering"] = np.asarray(graph.transitivity_local_undirected(mode="zero"),
                                       dtype=float)
    return columns


def with_communities(
    known: list[str],
    edges: list[tuple[int, int]],
    weights: list[float],
    columns: Mapping[str, np.ndarray],
    previous_communities: Mapping[str, int] | None = None,
    *,
    seed: int = LEIDEN_SEED,
) -> tuple[pd.DataFrame, dict[str, float]]:
    """The metrics table: ``columns`` from :func:`centralities` plus Leiden communities started
    from ``previous_communities``, and the graph-level metrics."""
    n = len(known)
    if n == 0:
        return _empty_metrics([]), graph_metrics_of(0, 0, 0, 0.0)
    if not edges:
        return _empty_metrics(known), graph_metrics_of(n, 0, n, 0.0)
    graph = ig.Graph(n=n, edges=edges, directed=False)
    graph.es["weight"] = weights
    initial = None
    if previous_communities:
        # Leiden wants labels below n: renumber the previous partition densely, and give each
        # newcomer a community of its own.
        dense: dict[object, int] = {}
        initial = []
        for node in known:
            label = previous_communities.get(node, -1)
            key: object = ("previous", label) if label >= 0 else ("new", node)
            initial.append(dense.setdefault(key, len(dense)))
    # igraph draws from a process-wide generator: give it a fresh seeded one for each call so
    # the same input always yields the same partition.
    # n_iterations=-1 ("until stable") was seen to loop forever here on graphs with many
    # isolated nodes; ten passes are far beyond where the partition settles on these sizes.
    ig.set_random_number_generator(random.Random(seed))
    partition = graph.community_leiden(
        objective_function="modularity", weights="weight", n_iterations=10,
        initial_membership=initial,
    )
    ig.set_random_number_generator(random)
    membership = list(partition.membership)
    modularity = float(graph.modularity(membership, weights="weight"))
    # A country without ties is a community of one: label it -1 so that the many isolated
    # countries of a sparse month neither use up labels nor get colours of their own.
    degree = columns["degree"]
    tied = [position for position in range(n) if degree[position] > 0]
    labels = stable_labels([membership[i] for i in tied], [known[i] for i in tied],
                           previous_communities)
    communities = np.full(n, -1, dtype=int)
    communities[tied] = labels
    frame = pd.DataFrame({**columns, "community": communities},
                         index=pd.Index(known, name="id"))
    components = len(graph.connected_components())
    return frame, graph_metrics_of(n, len(edges), components, modularity)


def graph_metrics_of(nodes: int, edges: int, components: int, modularity: float) -> dict[
    str, float
]:
    """Graph-level metrics from counts (density of an undirected simple graph)."""
    density = 2 * edges / (nodes * (nodes - 1)) if nodes > 1 else 0.0
    return {
        "nodes": nodes,
        "edges": edges,
        "density": density,
        "components": components,
        "modularity": modularity,
    }


def metrics_of_graph(
    graph: nx.Graph, previous_communities: Mapping[str, int] | None = None
) -> tuple[pd.DataFrame, dict[str, float]]:
    """:func:`compute_metrics` for a networkx snapshot (``graph.temporal.snapshot_graph``)."""
    rows = [(a, b, float(data.get("weight", 1.0))) for a, b, data in graph.edges(data=True)]
    dyads = pd.DataFrame(rows, columns=["source", "target", "weight"])
    return compute_metrics(list(graph.nodes), dyads, previous_communities)


def reference_metrics(graph: nx.Graph, seed: int = LEIDEN_SEED) -> tuple[pd.DataFrame, dict[
    str, Any
]]:
    """The same metrics with plain networkx: the reference for tests and the benchmark baseline.

    Communities come from networkx's Louvain (seeded): a different algorithm from Leiden, so
    tests compare modularity, not labels.
    """
    nodes = list(graph.nodes)
    frame = _empty_metrics(nodes)
    if not nodes:
        return frame, graph_metrics_of(0, 0, 0, 0.0)
    work = graph.copy()
    for _, _, data in work.edges(data=True):
        data["distance"] = 1.0 / data["weight"]
    frame["degree"] = [work.degree(node) for node in nodes]
    frame["strength"] = [work.degree(node, weight="weight") for node in nodes]
    betweenness = nx.betweenness_centrality(work, weight="distance", normalized=True)
    frame["betweenness"] = [betweenness[node] for node in nodes]
    eigenvector = dict.fromkeys(nodes, 0.0)
    n = len(nodes)
    for component in nx.connected_components(work):
        if len(component) < 2:
            continue
        sub = work.subgraph(component)
        values = nx.eigenvector_centrality(sub, weight="weight", max_iter=10_000, tol=1e-10)
        for node, value in values.items():
            eigenvector[node] = value * math.sqrt(len(component) / n)
    frame["eigenvector"] = [eigenvector[node] for node in nodes]
    # At tol=1e-12 the default 100 iterations do not always converge (0.85**100 ~ 1e-7).
    pagerank = nx.pagerank(work, alpha=PAGERANK_DAMPING, weight="weight", tol=1e-12,
                           max_iter=1000)
    frame["pagerank"] = [pagerank[node] for node in nodes]
    clustering = nx.clustering(work)
    frame["clustering"] = [clustering[node] for node in nodes]
    communities = nx.community.louvain_communities(work, weight="weight", seed=seed)
    label = {node: i for i, members in enumerate(communities) for node in members}
    frame["community"] = [label[node] for node in nodes]
    modularity = nx.community.modularity(work, communities, weight="weight")
    return frame, graph_metrics_of(
        n, work.number_of_edges(), nx.number_connected_components(work), modularity
    )
