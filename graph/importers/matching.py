"""How the nodes of a network (an edge list, a GEXF or GraphML file) become actors.

A network names its nodes in some code system nobody declared: ISO alpha-3 ids, COW numbers,
CAMEO codes, English names, or none at all (characters of a novel, web pages, neurons). Each
node is tried with its keys in order (for a GEXF node: its id as an actor id, then attributes
such as ``iso3`` or ``country``, then its label), and the first key and system that the
crosswalk knows names it. The whole file is then judged, not node by node:

* **Numbers are COW codes only when the file says so or nearly every node is one.** A pure
  integer is read as a COW code when its key names COW (``cow``, ``cow_code``, ``ccode``...)
  or when at least :data:`COW_INTEGER_SHARE` of the nodes resolve that way; node ids 0..N
  otherwise turn the first hundred into American states (2 is the United States, 42 the
  Dominican Republic).
* **Most nodes must be actors.** An import where fewer than :data:`MIN_MATCHED_SHARE` of the
  nodes resolve, and at least :data:`MIN_UNMATCHED` do not, is refused (CRITICAL): three-letter
  names read as codes and the odd name that is also a country would otherwise become invented
  ties. (A few unknown names in a small file are row errors: those rows are dropped.)
* **One node, one actor.** When the resolved nodes name fewer than :data:`MIN_DISTINCT_SHARE`
  as many distinct actors (at least :data:`MIN_NODES_FOR_DISTINCT` nodes), the key is an
  attribute of the nodes (a web page's ``country``), not who they are: refused too.

``allow_partial_match=True`` (command line: ``--allow-unmatched``) imports what resolves
anyway; the report says how the nodes were matched either way.

>>> from .crosswalk import default_crosswalk
>>> nodes = {"a": [("label", "Iran")], "b": [("label", "Russia")], "c": [("label", "Atlantis")]}
>>> match = match_nodes(nodes, default_crosswalk())
>>> match.describe()
'nodes matched by label as names (2): 2 of 3 nodes resolved, to 2 actors'
>>> match.refusal() is None
True
>>> numbers = {str(n): [("id", str(n))] for n in range(34)}
>>> print(match_nodes(numbers, default_crosswalk()).refusal())  # doctest: +ELLIPSIS
only 0 of 34 nodes (0%) are countries or actors the crosswalk knows...
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .crosswalk import Crosswalk, System, When
from .report import ImportReport

__all__ = [
    "COW_INTEGER_SHARE",
    "COW_KEYS",
    "MIN_DISTINCT_SHARE",
    "MIN_MATCHED_SHARE",
    "MIN_NODES_FOR_DISTINCT",
    "MIN_UNMATCHED",
    "NodeMatch",
    "check_match",
    "is_integer",
    "match_nodes",
    "names_cow",
]

#: Refused when fewer than this share of the nodes resolve to actors.
MIN_MATCHED_SHARE = 0.5
#: ... and at least this many nodes do not resolve.
MIN_UNMATCHED = 5
#: Refused when the resolved nodes name fewer than this share as many distinct actors...
MIN_DISTINCT_SHARE = 0.5
#: ... and there are at least this many resolved nodes (two spellings of one country in a
#: small file are not a sign of anything).
MIN_NODES_FOR_DISTINCT = 10
#: Pure integers are read as COW codes, without a key naming COW, only at this match rate.
COW_INTEGER_SHARE = 0.9
#: Keys (column names, attribute titles) that say their numbers are COW codes.
COW_KEYS = ("cow", "ccode", "cowcode", "cow_code", "cow_id", "statenum", "stateno")

_SYSTEM_NAMES: dict[str, str] = {"iso3": "ISO alpha-3 ids", "cow": "COW codes",
                                 "cameo": "CAMEO codes", "fips": "FIPS codes", "name": "names"}

#: A node's keys to try, in order: (key name, value) or (key name, value, system).
Candidates = Sequence[tuple[str, str] | tuple[str, str, System]]


def is_integer(text: str) -> bool:
    """Whether a code is a pure integer (as COW codes and node ids 0..N are).

    >>> is_integer("42"), is_integer("42.0"), is_integer("IRN")
    (True, True, False)
    """
    return re.fullmatch(r"\d+(\.0+)?", text.strip()) is not None


def names_cow(key: str) -> bool:
    """Whether a column or attribute name says its numbers are COW codes.

    >>> names_cow("ccode1"), names_cow("COW code"), names_cow("source")
    (True, True, False)
    """
    words = re.sub(r"[^a-z]+", "_", key.casefold()).strip("_")
    return any(words == cow or words.startswith(cow) or f"_{cow}" in f"_{words}"
               for cow in COW_KEYS)


def _systems(text: str, allow_integers: bool) -> tuple[System, ...]:
    if is_integer(text):
        return ("cow",) if allow_integers else ()
    if re.fullmatch(r"[A-Za-z]{3}", text):
        return ("iso3", "cameo", "name")
    return ("name",)


@dataclass
class NodeMatch:
    """How a network's nodes were matched: by which key and system, and how many resolved."""

    nodes: int
    chosen: dict[str, tuple[str, System]] = field(default_factory=dict)
    by: Counter[str] = field(default_factory=Counter)
    unresolved: list[str] = field(default_factory=list)
    integers_as_cow: bool = False
    actors: int = 0
    allowed: bool = False

    @property
    def resolved(self) -> int:
        return len(self.chosen)

    def resolve(self, node: str, walk: Crosswalk, when: When = None) -> str | None:
        """The actor a node names on a date (its matched key and system), None if none."""
        found = self.chosen.get(node)
        return walk.resolve(found[0], found[1], when) if found else None

    def describe(self) -> str:
        """One sentence for the report."""
        ways = ", ".join(f"{way} ({count})" for way, count in self.by.most_common())
        cow = "; integers read as COW codes" if self.integers_as_cow else ""
        return (f"nodes matched {'by ' + ways if ways else 'by nothing'}{cow}: "
                f"{self.resolved} of {self.nodes} nodes resolved, to {self.actors} actors")

    def refusal(self) -> str | None:
        """Why the import is refused (most nodes are not actors), None when it is not."""
        share = self.resolved / self.nodes if self.nodes else 1.0
        examples = ", ".join(repr(node) for node in self.unresolved[:5])
        hint = ("; import it anyway with allow_partial_match=True (command line: "
                "--allow-unmatched)")
        if share < MIN_MATCHED_SHARE and self.nodes - self.resolved >= MIN_UNMATCHED:
            return (f"only {self.resolved} of {self.nodes} nodes ({share:.0%}) are countries "
                    "or actors the crosswalk knows, fewer than "
                    f"{MIN_MATCHED_SHARE:.0%}: this does not look like a network of countries "
                    f"(unknown: {examples or 'none'}; {self.describe()}){hint}")
        if (self.resolved >= MIN_NODES_FOR_DISTINCT
                and self.actors < MIN_DISTINCT_SHARE * self.resolved):
            return (f"{self.resolved} nodes resolve to only {self.actors} distinct actors: the "
                    "key names something the nodes have (a country each), not who they are, "
                    f"so their ties are not ties between countries ({self.describe()}){hint}")
        return None

    def to_dict(self) -> dict[str, Any]:
        return {"nodes": self.nodes, "resolved": self.resolved, "actors": self.actors,
                "by": dict(self.by.most_common()), "integers_as_cow": self.integers_as_cow,
                "unresolved_examples": self.unresolved[:10],
                "allowed_partial_match": self.allowed}


def _match(nodes: Mapping[str, Candidates], walk: Crosswalk,
           integers: bool) -> NodeMatch:
    match = NodeMatch(len(nodes))
    for node, candidates in nodes.items():
        for candidate in candidates:
            key, value = candidate[0], candidate[1].strip()
            if not value:
                continue
            given = candidate[2] if len(candidate) == 3 else None  # type: ignore[misc]
            systems = (given,) if given else _systems(value, integers or names_cow(key))
            system = next((one for one in systems if walk.candidates(value, one)), None)
            if system is not None:
                match.chosen[node] = (value, system)
                match.by[f"{key} as {_SYSTEM_NAMES.get(system, system)}"] += 1
                break
        else:
            match.unresolved.append(node)
    match.actors = len({walk.resolve(value, system) or value
                        for value, system in match.chosen.values()})
    return match


def match_nodes(nodes: Mapping[str, Candidates], walk: Crosswalk) -> NodeMatch:
    """Match every node (id → keys to try, in order) to an actor; see the module docstring."""
    strict = _match(nodes, walk, integers=False)
    loose = _match(nodes, walk, integers=True)
    if loose.resolved > strict.resolved and (
        loose.resolved >= COW_INTEGER_SHARE * max(loose.nodes, 1)
    ):
        loose.integers_as_cow = True
        return loose
    return strict


def check_match(match: NodeMatch, report: ImportReport, file: str,
                allow_partial_match: bool = False) -> NodeMatch:
    """Say in the report how the nodes were matched; refuse (CRITICAL) when most are not
    actors, unless ``allow_partial_match`` (then a WARNING says what was let through)."""
    match.allowed = allow_partial_match
    report.matching = match.to_dict()
    report.notes.append(match.describe())
    problem = match.refusal()
    if problem is not None:
        if not allow_partial_match:
            raise report.refuse(file, problem)
        report.warn(file, 0, "imported although most nodes are not actors "
                             f"(allow_partial_match): {match.describe()}")
    return match
