"""The methodology page, "How to read this": what a tie is, how a pair's score and every
metric are formed, how blocs, balance, polarisation and the layouts treat hostility, and the
limits of the data.

The tie types come from :data:`graph.dataset.TIE_TYPES` and the metrics from
:data:`graph.metrics.METRIC_DESCRIPTIONS`, so the page cannot fall behind the code; the
confidence and weight wording is that of ``data/README.md`` (the tests hold the two to the same
words), and every method cites what the code's own docstrings cite.

:func:`methodology_html` builds the page as one HTML string (every string escaped, no script,
no inline style: it passes the app's Content-Security-Policy and uses ``assets/style.css``);
:func:`register_methodology` serves it at ``/methodology`` from the app's Flask server.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from graph.blocs import HARD_SPLIT
from graph.dataset import CONFIDENCE_LEVELS, TIE_TYPE_GROUPS, TIE_TYPES
from graph.metrics import METRIC_DESCRIPTIONS, PAGERANK_DAMPING
from graph.timeline import ALLIANCE_MEMBERSHIP_WEIGHT

if TYPE_CHECKING:
    import dash

__all__ = [
    "CONFIDENCE_MEANINGS",
    "METHODOLOGY_PATH",
    "METRIC_METHODS",
    "REFERENCES",
    "WEIGHT_ANCHORS",
    "methodology_html",
    "register_methodology",
]

#: Where the page is served, under the app's path prefix.
METHODOLOGY_PATH = "methodology"

#: The works the methods follow: a short citation and the full reference, by key.
REFERENCES: dict[str, tuple[str, str]] = {
    "everett-borgatti-2014": (
        "Everett & Borgatti 2014",
        "Everett, M. G. & Borgatti, S. P. (2014). Networks containing negative ties. "
        "Social Networks 38.",
    ),
    "traag-bruggeman-2009": (
        "Traag & Bruggeman 2009",
        "Traag, V. A. & Bruggeman, J. (2009). Community detection in networks with positive "
        "and negative links. Physical Review E 80, 036115.",
    ),
    "blondel-2008": (
        "Blondel et al. 2008",
        "Blondel, V. D., Guillaume, J.-L., Lambiotte, R. & Lefebvre, E. (2008). Fast "
        "unfolding of communities in large networks. Journal of Statistical Mechanics, P10008.",
    ),
    "freeman-1977": (
        "Freeman 1977",
        "Freeman, L. C. (1977). A set of measures of centrality based on betweenness. "
        "Sociometry 40.",
    ),
    "bonacich-1972": (
        "Bonacich 1972",
        "Bonacich, P. (1972). Factoring and weighting approaches to status scores and clique "
        "identification. Journal of Mathematical Sociology 2.",
    ),
    "brin-page-1998": (
        "Brin & Page 1998",
        "Brin, S. & Page, L. (1998). The anatomy of a large-scale hypertextual Web search "
        "engine. Computer Networks and ISDN Systems 30.",
    ),
    "heider-1946": (
        "Heider 1946",
        "Heider, F. (1946). Attitudes and cognitive organization. Journal of Psychology 21.",
    ),
    "cartwright-harary-1956": (
        "Cartwright & Harary 1956",
        "Cartwright, D. & Harary, F. (1956). Structural balance: a generalization of Heider's "
        "theory. Psychological Review 63.",
    ),
    "davis-1967": (
        "Davis 1967",
        "Davis, J. A. (1967). Clustering and structural balance in graphs. Human Relations 20.",
    ),
    "doreian-mrvar-1996": (
        "Doreian & Mrvar 1996",
        "Doreian, P. & Mrvar, A. (1996). A partitioning approach to structural balance. "
        "Social Networks 18.",
    ),
    "aref-wilson-2018": (
        "Aref & Wilson 2018",
        "Aref, S. & Wilson, M. C. (2018). Measuring partial balance in signed networks. "
        "Journal of Complex Networks 6.",
    ),
    "fruchterman-reingold-1991": (
        "Fruchterman & Reingold 1991",
        "Fruchterman, T. M. J. & Reingold, E. M. (1991). Graph drawing by force-directed "
        "placement. Software: Practice and Experience 21.",
    ),
    "kunegis-2010": (
        "Kunegis et al. 2010",
        "Kunegis, J., Schmidt, S., Lommatzsch, A., Lerner, J., De Luca, E. W. & Albayrak, S. "
        "(2010). Spectral analysis of signed graphs for clustering, prediction and "
        "visualization. Proceedings of the SIAM International Conference on Data Mining.",
    ),
}

#: What each confidence level means: the rubric of data/README.md, word for word.
CONFIDENCE_MEANINGS: dict[str, str] = {
    "high": "an official record (treaty, resolution, government statement) or several "
    "first-rank sources agree",
    "medium": "one first-rank source, or credible reports not officially confirmed; also dates "
    "taken from general knowledge or secondary sources",
    "low": "anonymous or weak reporting; the description says so and says what is unconfirmed",
}

#: The anchors of the weighting rubric of data/README.md, word for word.
WEIGHT_ANCHORS: dict[str, str] = {
    "1.0": "the strongest tie of its kind: a mutual defence treaty in force, a union state, a "
    "full-scale interstate war, the broadest sanctions regime",
    "0.8": "major and sustained: a comprehensive strategic partnership with military content, "
    "large multi-year arms flows, broad sanctions, a campaign of strikes",
    "0.5": "significant: a partnership agreement, a notable arms deal or delivery, a sanctions "
    "package, a single major strike",
    "0.2": "minor or one-off: a small delivery, a satellite launch, a limited incident, a token "
    "gesture",
}

_COOPERATION_ONLY = (
    "Cooperation ties only, each pair weighted by its cooperation; hostility is ignored, so a "
    "war makes no one central here (a pair both cooperating and hostile counts by its "
    "cooperation)."
)

#: Per metric: how it treats hostility, how it is computed, and the works it follows (keys of
#: :data:`REFERENCES`). Every metric of ``METRIC_DESCRIPTIONS`` has an entry (tested).
METRIC_METHODS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "degree": (
        "Counts every tie: an adversary counts as much as a partner.",
        "The number of countries it has an active tie with.",
        (),
    ),
    "strength": (
        "Adds hostile weight to cooperative weight: it measures entanglement, not closeness.",
        "The sum of the cooperation and the hostility of its pairs.",
        (),
    ),
    "cooperation_degree": (
        "Ignores hostility: a pair counts when it has any cooperation, even if it is also hostile.",
        "The number of pairs with some cooperation.",
        (),
    ),
    "cooperation_strength": (
        "Ignores hostility.",
        "The sum of the cooperation of its pairs.",
        (),
    ),
    "hostility_degree": (
        "Counts hostility only.",
        "The number of pairs with some hostility.",
        (),
    ),
    "hostility_strength": (
        "Counts hostility only.",
        "The sum of the hostility of its pairs.",
        (),
    ),
    "pn": (
        "Signed: each pair counts by the sign of its net score; a friend adds, an enemy "
        "subtracts twice as much. Pairs whose cooperation and hostility cancel are left out.",
        "PN = (I − A / (2n − 2))⁻¹ 1 with A = P − 2N, where P and N mark the pairs whose net "
        "score is positive or negative (unweighted, as in the paper) and n is the number of "
        "countries. 1 means no ties.",
        ("everett-borgatti-2014",),
    ),
    "betweenness": (
        _COOPERATION_ONLY,
        "Shortest-path betweenness on the cooperation graph, with distance 1 / cooperation, "
        "normalised as networkx does for undirected graphs.",
        ("freeman-1977",),
    ),
    "eigenvector": (
        _COOPERATION_ONLY,
        "The leading eigenvector of the cooperation graph, computed per connected group of "
        "partners and scaled by the group's share of countries; 0 without partners.",
        ("bonacich-1972",),
    ),
    "pagerank": (
        _COOPERATION_ONLY,
        f"PageRank with damping {PAGERANK_DAMPING} on the undirected cooperation graph.",
        ("brin-page-1998",),
    ),
    "clustering": (
        "Cooperation ties only, unweighted; hostility is ignored.",
        "The local clustering coefficient of the cooperation graph: the share of pairs of its "
        "partners who are partners themselves (0 below two partners).",
        (),
    ),
    "bloc": (
        "Signed: cooperation pulls two countries into one bloc, hostility pushes them apart. "
        f"Two countries at war, or whose hostility exceeds their cooperation by {HARD_SPLIT} "
        "or more, are never left in one bloc.",
        "Signed modularity: the modularity of the cooperation layer minus that of the "
        "hostility layer, maximised by the Louvain method, seeded and started from the "
        "previous month's blocs so that blocs keep their numbers and colours.",
        ("traag-bruggeman-2009", "blondel-2008"),
    ),
}


def _cite(*keys: str) -> str:
    """Short citations, each linking to its entry in the references."""
    return "; ".join(
        f'<a href="#ref-{escape(key)}">{escape(REFERENCES[key][0])}</a>' for key in keys
    )


def _table(headers: tuple[str, ...], rows: list[tuple[str, ...]], caption: str) -> str:
    """A table whose cells are HTML already (escaped by the caller)."""
    head = "".join(f'<th scope="col">{escape(header)}</th>' for header in headers)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return (
        f"<table><caption>{escape(caption)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{body}</tbody></table>"
    )


def _tie_types() -> str:
    parts = []
    for group in ("cooperation", "hostility"):
        rows = []
        for name in TIE_TYPE_GROUPS[group]:
            tie_type = TIE_TYPES[name]
            rows.append(
                (
                    escape(tie_type.label),
                    escape(tie_type.description),
                    "source → target" if tie_type.directed else "both ways",
                    f"<code>{escape(name)}</code>",
                )
            )
        sign = "+1" if group == "cooperation" else "−1"
        parts.append(
            _table(
                ("type", "what it covers", "direction", "name in the data files"),
                rows,
                f"{group.capitalize()} ties (sign {sign})",
            )
        )
    return "".join(parts)


def _confidence() -> str:
    rows = [(escape(level), escape(CONFIDENCE_MEANINGS[level])) for level in CONFIDENCE_LEVELS]
    return _table(("level", "what it means"), rows, "Confidence of a tie")


def _weights() -> str:
    rows = [(escape(weight), escape(meaning)) for weight, meaning in WEIGHT_ANCHORS.items()]
    return _table(("weight", "what it means"), rows, "The anchors of the weighting rubric")


def _metrics() -> str:
    rows = []
    for metric, (label, meaning) in METRIC_DESCRIPTIONS.items():
        hostility, method, keys = METRIC_METHODS[metric]
        cited = f" ({_cite(*keys)})" if keys else ""
        rows.append(
            (
                f"<strong>{escape(label)}</strong><br><code>{escape(metric)}</code>",
                escape(meaning),
                escape(hostility),
                escape(method) + cited,
            )
        )
    return _table(
        ("metric", "what it says", "how it treats hostility", "method"),
        rows,
        "Every metric of a country: its name on the page, and its column in the exports",
    )


def _references() -> str:
    items = "".join(
        f'<li id="ref-{escape(key)}">{escape(full)}</li>' for key, (_, full) in REFERENCES.items()
    )
    return f'<ul class="references">{items}</ul>'


def methodology_html(
    dataset_name: str,
    dataset_version: str,
    *,
    home: str = "./",
    stylesheet: str = "assets/style.css",
) -> str:
    """The methodology page as one HTML document; ``home`` links back to the explorer and
    ``stylesheet`` is the app's ``style.css``. Every string is escaped.

    >>> page = methodology_html("<b>data</b>", "1.0")
    >>> "<b>data</b>" in page, "&lt;b&gt;data&lt;/b&gt;" in page, "mutual defence pact" in page
    (False, True, True)
    """
    directed = ", ".join(escape(tie.label) for tie in TIE_TYPES.values() if tie.directed)
    dataset = f"{escape(dataset_name)}, version {escape(dataset_version)}"
    sections = f"""
<section aria-labelledby="ties">
<h2 id="ties">What a tie is</h2>
<p>A tie is one sourced fact about two countries (or a few non-state actors such as Hezbollah)
over a period: a treaty, a delivery of arms, sanctions, a war. Each has a <strong>type</strong>,
a <strong>sign</strong> (+1 for cooperation, −1 for hostility, always the sign of its type), a
<strong>weight</strong> between 0 and 1, a start and an end (an empty end means still in force;
a date given only as a month or a year is read at its widest), the sources it rests on and a
<strong>confidence</strong>. Some types have a direction: the acting country (supplier,
sanctioning or striking state) is the source, the other the target.</p>
<h3>Types</h3>
{_tie_types()}
<h3>Weights</h3>
<p>A weight says how strong a tie is within its type, on one scale shared by all types. The
rubric of the bundled data places every tie against four anchors; values in between place a tie
between two of them.</p>
{_weights()}
<h3>Confidence</h3>
{_confidence()}
<p>Low-confidence ties are drawn faint and can be filtered out. A pair's confidence is that of
its most certain tie.</p>
</section>
<section aria-labelledby="score">
<h2 id="score">A pair's score</h2>
<p>At a month (or over a window: every tie active at any time in it) the active ties of a pair
of countries add up. Its <strong>cooperation</strong> is the sum of the weights of its
cooperative ties, its <strong>hostility</strong> the sum of the weights of its hostile ones, and
its <strong>net</strong> score is cooperation minus hostility. A pair can be both: Russia and
Iran cooperate and quarrel at once.</p>
<p>On the graph a pair is one line: blue and solid when its net score is positive, vermillion
and dashed when negative, grey and dotted when the two cancel; its width follows the larger of
its cooperation and hostility. Each type records a different fact, so a war encoded both as an
armed conflict and as strike campaigns adds up; to count a war once, show only the armed
conflict type. "Show flows" draws the direction of the directed types: {directed}.</p>
</section>
<section aria-labelledby="metrics">
<h2 id="metrics">The metrics</h2>
<p>An alliance and a war are opposites, so no metric adds them up as closeness. Node size can
show any of them; the country panel ranks each country by each, and the metrics table lists
them all.</p>
{_metrics()}
</section>
<section aria-labelledby="blocs">
<h2 id="blocs">Blocs, balance and polarisation</h2>
<p><strong>Blocs</strong> are computed each month from the ties alone (see the bloc row above,
{_cite("traag-bruggeman-2009", "blondel-2008")}): cooperation inside a bloc, hostility between
blocs. The legend names a bloc by its most central members. Formal organisations such as NATO
are a different thing: the "main organisation" colour and the bloc filter come from the
recorded memberships, not from a computation.</p>
<p><strong>Structural balance</strong> ({_cite("heider-1946", "cartwright-harary-1956")}): "the
enemy of my enemy is my friend". A triangle of three pairs is balanced when the product of its
three signs is positive (three friendships, or one friendship and two enmities) and unbalanced
otherwise, such as two partners of one country hostile to each other. Pairs whose cooperation
and hostility cancel carry no sign and are left out. The Balance panel gives the share of
balanced triangles and lists the unbalanced ones.</p>
<p><strong>Polarisation</strong>, three numbers a month: the <em>frustration</em> of the blocs,
the share of tie weight that contradicts them (hostility inside a bloc plus cooperation across
blocs; 0 when every tie agrees, {_cite("davis-1967", "doreian-mrvar-1996")}); the number of
<em>blocs holding 80%</em> of the countries with ties; and the <em>two-camp frustration</em>,
the same share for the best split of the world into two camps
({_cite("aref-wilson-2018")}), found by a local search and so an upper bound on the true
figure. A pair's cooperation counts against any split that separates it, its hostility against
any bloc that holds both.</p>
</section>
<section aria-labelledby="layouts">
<h2 id="layouts">Layouts</h2>
<ul>
<li><strong>Force</strong>: a signed spring model
({_cite("fruchterman-reingold-1991", "kunegis-2010")}): a pair with a positive net score
attracts, a pair with a negative one repels, so allies sit together and enemies apart. Members
of one military alliance (NATO, CSTO), recorded as memberships rather than ties, also attract
weakly (as a cooperation of {ALLIANCE_MEMBERSHIP_WEIGHT}). Each month starts from the previous
month's layout and is held to it, so countries drift as their alignments change but never
jump. Distances are a drawing, not a measurement.</li>
<li><strong>Map</strong>: each country at its capital. Ties do not move anything; hostility
shows only in the lines.</li>
<li><strong>Circle</strong>: countries grouped on a circle by computed bloc (by region when the
colour is the region); hostility acts only through the blocs.</li>
</ul>
</section>
<section aria-labelledby="sources">
<h2 id="sources">Sources and limits</h2>
<p>The data shown is {dataset}. Every tie cites at least one source (publisher, title, date,
and a link when it is certain): click a tie or a country to see them. The bundled data is
curated from public sources, from 1991 to its release, under CC BY 4.0; its data dictionary,
rubric, coverage and known gaps are in <code>data/README.md</code> in the repository.</p>
<p>Read it with its limits in mind:</p>
<ul>
<li>Coverage is uneven: Africa and Oceania have fewer ties per country than other regions, and
the key events are thinnest outside the Middle East, Europe and the Americas. A country with
few ties may be little covered rather than isolated.</li>
<li>Some dates come from general knowledge rather than a source seen; those ties are of medium
confidence and their descriptions say so. Treaties start at their entry into force where it is
known, at signature otherwise.</li>
<li>Alliances such as NATO are recorded as memberships, not as ties between members, so they do
not enter the metrics or the blocs.</li>
<li>Relationships older than 1991 often start on 1 January 1991, where the record starts.</li>
<li>An empty end means in force at the release of the data; later changes are not in it.</li>
</ul>
<p>The full list of known gaps and open points is the section "Known gaps and open points" of
<code>data/README.md</code>; corrections are welcome, with a source.</p>
</section>
<section aria-labelledby="references">
<h2 id="references">References</h2>
{_references()}
</section>"""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>How to read Realpolitik: methodology</title>
<link rel="stylesheet" href="{escape(stylesheet)}">
</head>
<body>
<div class="page methodology">
<header class="header">
<div>
<h1>How to read Realpolitik</h1>
<span class="dataset-label">{dataset}</span>
</div>
<a class="methodology-link" href="{escape(home)}">← Back to the explorer</a>
</header>
<main>
<nav aria-label="Contents">
<ul class="contents">
<li><a href="#ties">What a tie is</a></li>
<li><a href="#score">A pair's score</a></li>
<li><a href="#metrics">The metrics</a></li>
<li><a href="#blocs">Blocs, balance and polarisation</a></li>
<li><a href="#layouts">Layouts</a></li>
<li><a href="#sources">Sources and limits</a></li>
<li><a href="#references">References</a></li>
</ul>
</nav>
{sections}
</main>
<footer class="footer"><a href="{escape(home)}">Back to the explorer</a></footer>
</div>
</body>
</html>
"""


def register_methodology(app: dash.Dash, dataset_name: str, dataset_version: str) -> None:
    """Serve the methodology page at ``/methodology`` (under the app's path prefix), built
    once: it depends on the dataset's name and version only."""
    from flask import Response

    page = methodology_html(
        dataset_name,
        dataset_version,
        home=app.config.requests_pathname_prefix,
        stylesheet=app.get_asset_url("style.css"),
    )

    def methodology() -> Response:
        return Response(page, mimetype="text/html")

    app.server.add_url_rule(
        f"{app.config.routes_pathname_prefix}{METHODOLOGY_PATH}",
        endpoint="methodology",
        view_func=methodology,
    )
