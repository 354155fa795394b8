"""The view state and its URL query string, both ways.

Names are a public contract (links in articles must keep working): ``date``, ``from``, ``to``,
``layout``, ``types``, ``sign``, ``min_weight``, ``confidence``, ``region``, ``bloc``, ``size``,
``color``, ``focus``, ``hops``, ``focus_mode``, ``compare`` (a second date), ``dyad`` (two
country ids), ``story`` and ``step`` (a story of ``data/stories`` and its step, from 1), plus
``flows`` and ``isolates``. An unknown or malformed value
falls back to its default and yields a notice for the page; it never raises.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from urllib.parse import parse_qs, urlencode

from graph.dataset import CONFIDENCE_LEVELS, TIE_TYPES, Dataset
from graph.dates import DateParseError, month_starts, parse_partial_date
from graph.temporal import data_span
from graph.view import DEFAULT_FOCUS_MODE, FOCUS_MODES

__all__ = [
    "COLOR_CHOICES",
    "FOCUS_MODES",
    "LAYOUTS",
    "NOTHING",
    "SIZE_METRICS",
    "ViewState",
    "Vocabulary",
    "parse_query",
    "state_from_params",
    "to_query",
]

LAYOUTS = ("force", "map", "circle")
SIZE_METRICS = (
    "cooperation_strength", "pn", "pagerank", "eigenvector", "betweenness",
    "cooperation_degree", "hostility_strength", "hostility_degree", "strength", "degree",
)
#: ``bloc``: the computed signed blocs; ``organisation``: the main formal bloc a country
#: belongs to (NATO, CSTO, ...; ``blocs.csv``).
COLOR_CHOICES = ("bloc", "region", "organisation")
#: Values of earlier versions still understood in links: ``color=community`` was the unsigned
#: community, shown now as its signed successor.
_COLOR_ALIASES = {"community": "bloc"}
#: The value of ``types`` or ``confidence`` when every box is unchecked: nothing passes.
NOTHING = "none"
_SIGN_WORDS = {
    "1": 1,
    "+1": 1,
    "+": 1,
    "positive": 1,
    "cooperation": 1,
    "-1": -1,
    "-": -1,
    "negative": -1,
    "hostility": -1,
    "all": 0,
    "0": 0,
    "": 0,
}


@dataclass(frozen=True)
class Vocabulary:
    """What the dataset allows: months of the timeline, countries, regions, blocs."""

    months: tuple[str, ...]
    countries: frozenset[str]
    regions: tuple[str, ...]
    blocs: tuple[str, ...]
    #: ``(story id, number of steps)`` of the stories a link may open.
    stories: tuple[tuple[str, int], ...] = ()

    @classmethod
    def of(cls, dataset: Dataset, months: Sequence[str] | None = None,
           stories: Sequence[tuple[str, int]] = ()) -> Vocabulary:
        """The vocabulary of ``dataset``; ``months`` default to every month of its span
        (``graph.temporal.data_span``), as the timeline has them.

        >>> from graph.example import example_dataset
        >>> vocabulary = Vocabulary.of(example_dataset())
        >>> vocabulary.months[0], sorted(vocabulary.countries)[:2], vocabulary.regions[:4]
        ('2022-02', ['IRN', 'ISR'], ('Americas', 'Asia', 'Europe', 'Eastern Europe'))
        """
        if months is None:
            first, last = data_span(dataset)
            months = [day.strftime("%Y-%m") for day in month_starts(first, last)]
        countries = dataset.countries
        return cls(
            months=tuple(months),
            countries=frozenset(countries["id"]),
            # Regions, then their subregions ("Western Asia"): both filter alike.
            regions=(*sorted(set(countries["region"]) - {""}),
                     *sorted(set(countries["subregion"]) - {""} - set(countries["region"]))),
            blocs=tuple(dataset.blocs["id"]),
            stories=tuple(stories),
        )

    def month_of(self, text: str) -> int | None:
        """Index of the month holding a partial date, clamped; None if malformed."""
        parsed = parse_partial_date(text)
        label = f"{parsed.year:04d}-{parsed.month or 1:02d}"
        if label <= self.months[0]:
            return 0
        if label >= self.months[-1]:
            return len(self.months) - 1
        first_year, first_month = (int(part) for part in self.months[0].split("-"))
        return (parsed.year - first_year) * 12 + (parsed.month or 1) - first_month


@dataclass(frozen=True)
class ViewState:
    """Everything that defines a view. ``step`` indexes the months; None means the latest."""

    step: int | None = None
    window: tuple[int, int] | None = None
    layout: str = "force"
    types: tuple[str, ...] = ()
    sign: int = 0
    min_weight: float = 0.0
    confidence: tuple[str, ...] = ()
    region: tuple[str, ...] = ()
    bloc: str = ""
    size: str = "cooperation_strength"
    color: str = "bloc"
    focus: str = ""
    hops: int = 1
    focus_mode: str = DEFAULT_FOCUS_MODE
    flows: bool = False
    hide_isolates: bool = True
    compare: int | None = None
    dyad: tuple[str, ...] = ()
    story: str = ""
    #: The step of ``story``, from 1 (0: no story open).
    story_step: int = 0
    notices: tuple[str, ...] = field(default=(), compare=False)


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def _subset(name: str, value: str, allowed: Iterable[str], notices: list[str]) -> tuple[str, ...]:
    if value.strip().lower() == NOTHING:
        return (NOTHING,)
    allowed_list = list(allowed)
    chosen = _split(value)
    unknown = [item for item in chosen if item not in allowed_list]
    if unknown:
        notices.append(f"{name}: ignored unknown value(s) {', '.join(unknown)}")
    return tuple(item for item in allowed_list if item in chosen)


def parse_query(search: str, vocabulary: Vocabulary) -> ViewState:
    """Read a view from a query string (with or without the leading ``?``).

    >>> vocabulary = Vocabulary(("2023-05", "2023-06", "2023-07"), frozenset({"IRN"}),
    ...                         ("Asia",), ("NATO",))
    >>> state = parse_query("?date=2023-06-30&layout=map&focus=IRN", vocabulary)
    >>> state.step, state.layout, state.focus, state.notices
    (1, 'map', 'IRN', ())
    >>> for notice in parse_query("layout=globe&hops=9", vocabulary).notices:
    ...     print(notice)
    layout: 'globe' is not one of force, map, circle; showing force
    hops: '9' is not 1 or 2; showing 1
    """
    try:
        parsed = parse_qs(search.lstrip("?"), keep_blank_values=True, max_num_fields=64)
    except ValueError:
        state = ViewState()
        return replace(state, notices=(
            "the link has too many parameters; showing the default view",))
    return state_from_params({key: values[-1] for key, values in parsed.items()}, vocabulary)


def state_from_params(params: dict[str, str], vocabulary: Vocabulary) -> ViewState:
    """The one validator of a view: the URL's parameters and the page's controls (turned into
    the same parameters) both come through here. Malformed values fall back to their default
    with a notice."""
    notices: list[str] = []
    state = ViewState()
    changes: dict[str, object] = {}

    def month(name: str) -> int | None:
        text = params.get(name, "")
        if not text:
            return None
        try:
            index = vocabulary.month_of(text)
        except DateParseError:
            notices.append(f"{name}: {text!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
            return None
        label = text[:7] if len(text) >= 7 else text[:4] + "-01"
        first, last = vocabulary.months[0], vocabulary.months[-1]
        if label < first:
            notices.append(f"{name}: {text!r} is before the timeline, which starts in {first}; "
                           f"showing {first}")
        elif label > last:
            notices.append(f"{name}: {text!r} is after the timeline, which ends in {last}; "
                           f"showing {last}")
        return index

    step = month("date")
    if step is not None:
        changes["step"] = step
    compare = month("compare")
    if compare is not None:
        changes["compare"] = compare
    if params.get("dyad"):
        pair = tuple(part.upper() for part in _split(params["dyad"]))
        if (
            len(pair) == 2
            and pair[0] != pair[1]
            and all(country in vocabulary.countries for country in pair)
        ):
            changes["dyad"] = pair
        else:
            notices.append(f"dyad: {params['dyad']!r} is not two countries of this dataset")
    if params.get("story"):
        steps = dict(vocabulary.stories).get(params["story"])
        if steps is None:
            notices.append(f"story: {params['story']!r} is not a story of this dataset")
        else:
            changes["story"] = params["story"]
            text = params.get("step", "1")
            number = int(text) if text.isdigit() else 0
            if not 1 <= number <= steps:
                notices.append(f"step: {text!r} is not a step of the story (1 to {steps}); "
                               "showing step 1")
                number = 1
            changes["story_step"] = number
    first, last = month("from"), month("to")
    if first is not None and last is not None:
        if last < first:
            notices.append("to: the window ends before it starts; showing a single month")
        else:
            changes["window"] = (first, last)
    elif (first is None) != (last is None):
        given = "from" if first is not None else "to"
        notices.append(f"{given}: a window needs both from and to; showing a single month")

    def choice(name: str, allowed: tuple[str, ...], attribute: str) -> None:
        if name in params:
            value = params[name]
            if value in allowed:
                changes[attribute] = value
            else:
                notices.append(
                    f"{name}: {value!r} is not one of {', '.join(allowed)}; "
                    f"showing {getattr(state, attribute)}"
                )

    if params.get("color") in _COLOR_ALIASES:
        params = {**params, "color": _COLOR_ALIASES[params["color"]]}
    choice("layout", LAYOUTS, "layout")
    choice("size", SIZE_METRICS, "size")
    choice("color", COLOR_CHOICES, "color")
    if "types" in params:
        changes["types"] = _subset("types", params["types"], TIE_TYPES, notices)
    if "confidence" in params:
        changes["confidence"] = _subset("confidence", params["confidence"], CONFIDENCE_LEVELS,
                                        notices)
    if "region" in params:
        changes["region"] = _subset("region", params["region"], vocabulary.regions, notices)
    if "sign" in params:
        word = params["sign"].lower()
        if word in _SIGN_WORDS:
            changes["sign"] = _SIGN_WORDS[word]
        else:
            notices.append(f"sign: {params['sign']!r} is not 1, -1 or all; showing all")
    if "min_weight" in params:
        try:
            weight = float(params["min_weight"])
            if not (math.isfinite(weight) and 0 <= weight <= 1):
                raise ValueError
            changes["min_weight"] = weight
        except ValueError:
            notices.append(
                f"min_weight: {params['min_weight']!r} is not a number from 0 to 1; showing 0"
            )
    if params.get("bloc"):
        if params["bloc"] in vocabulary.blocs:
            changes["bloc"] = params["bloc"]
        else:
            notices.append(f"bloc: {params['bloc']!r} is not a bloc of this dataset")
    if params.get("focus"):
        focus = params["focus"].upper()
        if focus in vocabulary.countries:
            changes["focus"] = focus
        else:
            notices.append(f"focus: {params['focus']!r} is not a country of this dataset")
    if "hops" in params:
        if params["hops"] in {"1", "2"}:
            changes["hops"] = int(params["hops"])
        else:
            notices.append(f"hops: {params['hops']!r} is not 1 or 2; showing 1")
    choice("focus_mode", FOCUS_MODES, "focus_mode")
    for name, attribute in (("flows", "flows"), ("isolates", "hide_isolates")):
        if name in params:
            word = params[name].lower()
            if word in {"1", "true", "yes", "on", "show"}:
                changes[attribute] = attribute == "flows"
            elif word in {"0", "false", "no", "off", "hide"}:
                changes[attribute] = attribute != "flows"
            else:
                notices.append(f"{name}: {params[name]!r} is not on or off")
    return replace(state, **changes, notices=tuple(notices))  # type: ignore[arg-type]


def to_query(state: ViewState, vocabulary: Vocabulary) -> str:
    """The query string of a view; defaults are left out so links stay short.

    >>> vocabulary = Vocabulary(("2023-05", "2023-06"), frozenset({"IRN"}), ("Asia",), ())
    >>> to_query(ViewState(step=1, layout="map", focus="IRN"), vocabulary)
    '?date=2023-06&layout=map&focus=IRN'
    """
    default = ViewState()
    pairs: list[tuple[str, str]] = []
    if state.window is not None:
        pairs += [
            ("from", vocabulary.months[state.window[0]]),
            ("to", vocabulary.months[state.window[1]]),
        ]
    elif state.step is not None:
        pairs.append(("date", vocabulary.months[state.step]))
    if state.layout != default.layout:
        pairs.append(("layout", state.layout))
    if state.types:
        pairs.append(("types", ",".join(state.types)))
    if state.sign:
        pairs.append(("sign", str(state.sign)))
    if state.min_weight:
        pairs.append(("min_weight", f"{state.min_weight:g}"))
    if state.confidence:
        pairs.append(("confidence", ",".join(state.confidence)))
    if state.region:
        pairs.append(("region", ",".join(state.region)))
    if state.bloc:
        pairs.append(("bloc", state.bloc))
    if state.size != default.size:
        pairs.append(("size", state.size))
    if state.color != default.color:
        pairs.append(("color", state.color))
    if state.focus:
        pairs.append(("focus", state.focus))
        if state.hops != default.hops:
            pairs.append(("hops", str(state.hops)))
        if state.focus_mode != default.focus_mode:
            pairs.append(("focus_mode", state.focus_mode))
    if state.compare is not None:
        pairs.append(("compare", vocabulary.months[state.compare]))
    if state.dyad:
        pairs.append(("dyad", ",".join(state.dyad)))
    if state.story:
        pairs += [("story", state.story), ("step", str(state.story_step or 1))]
    if state.flows:
        pairs.append(("flows", "on"))
    if not state.hide_isolates:
        pairs.append(("isolates", "show"))
    return "?" + urlencode(pairs, safe=",") if pairs else ""
