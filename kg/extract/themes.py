"""Knowledge gaps grouped into research themes: which open questions do several studies share?

A single shared word ("long-term", "molecular") is not a shared question, so themes come from two
sources, both computed over all gaps of a corpus at once:

* curated research needs that recur across space biology (translation to humans, fidelity of ground
  analogs, combined stressors, countermeasures, ...), published as the SKOS scheme
  ``ontology/themes.ttl`` with lexical cues; a cue names the need, not a topic, so it finds the
  same need in mouse, plant and microbe studies alike;
* topic-level questions that a corpus brings itself (a channel's gating, a plant trafficking
  complex, ...), found by clustering TF-IDF vectors of the gaps, so that a corpus of plant papers
  only, or a corpus nobody curated for, still gets themes. Such a group is labelled by its top terms.

A theme groups gaps of at least two publications: a gap that shares no need with another study has
none. A gap may have two themes when it states two needs. Everything is deterministic: inputs are
sorted, the clustering has no random start (exact average linkage up to
``Settings.exact_up_to`` studies; above, on parts of the corpus split by seeded 2-means, so that a
100k corpus needs no 40 GB of pair distances), ties are broken by keys.
"""

from __future__ import annotations

import re
import warnings
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import pyoxigraph as ox

from kg.core.namespaces import RDF, SKOS, VOCAB
from kg.core.resources import ontology_file
from kg.core.schemes import slug

__all__ = ["GapText", "Need", "need_ids", "Theme", "ThemeAssignment", "assign_themes",
           "research_needs", "NEED"]

NEED = VOCAB.research_need
CURATED, DATA = "curated", "data"

# Words that any gap may use whatever it asks: they say that something is unknown, not what.
_GENERIC = frozenset(
    """mechanism mechanisms role roles effect effects precise specific function functions functional
    findings finding understanding understand identify identification identity determine determining
    whether extent nature potential possible direct directly unknown unclear remains remain need needs
    lack study studies data observed changes change changed induced related different various levels
    level impact influence response responses relationship interaction interactions link links linking
    underlying driving drive drives mediated mediates regulation regulating regulate regulates molecular
    cellular biological specific particular key new novel better full range broader complex exact
    spaceflight space microgravity flight long term short research future investigate investigation
    investigated explored conditions condition like e g vs versus beyond""".split()
)


@lru_cache(maxsize=1)
def _ml() -> Any:
    """numpy and the scikit-learn pieces, imported on first clustering: they take about two
    seconds to import, which a build whose gaps need no clustering (or a query) never pays."""
    from types import SimpleNamespace

    import numpy as np
    from scipy.sparse import coo_matrix  # type: ignore[import-untyped]
    from scipy.sparse.csgraph import connected_components  # type: ignore[import-untyped]

    # scikit-learn ships no type information (no py.typed, no stubs package)
    from sklearn.cluster import AgglomerativeClustering, KMeans  # type: ignore[import-untyped]
    from sklearn.decomposition import TruncatedSVD  # type: ignore[import-untyped]
    from sklearn.feature_extraction.text import (  # type: ignore[import-untyped]
        ENGLISH_STOP_WORDS,
        TfidfVectorizer,
    )
    from sklearn.preprocessing import normalize  # type: ignore[import-untyped]

    return SimpleNamespace(np=np, AgglomerativeClustering=AgglomerativeClustering,
                           TruncatedSVD=TruncatedSVD, TfidfVectorizer=TfidfVectorizer,
                           normalize=normalize, stop=sorted(ENGLISH_STOP_WORDS | _GENERIC),
                           KMeans=KMeans, coo_matrix=coo_matrix,
                           connected_components=connected_components)
_TOKEN = r"(?u)\b[a-zA-Z][a-zA-Z0-9]+\b"


@dataclass(frozen=True)
class GapText:
    """One knowledge gap: a key unique in the corpus, its publication, its text and, optionally,
    a few words on the publication's subject (title, tags) that place a terse gap in its topic."""

    key: str
    publication: str
    text: str
    context: str = ""
    #: the ids of the curated needs the text states (:func:`need_ids`), when known already
    #: (a build finds them as it reads each file, in its workers); ``None``: found here
    needs: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Need:
    """A curated research need of ``ontology/themes.ttl``."""

    id: str
    label: str
    definition: str
    alt_labels: tuple[str, ...]
    cues: tuple[str, ...]
    rank: int


@dataclass(frozen=True)
class Theme:
    """A research theme: the gaps (keys, sorted) of several publications that state one need."""

    id: str
    label: str
    definition: str
    kind: str  # CURATED or DATA
    members: tuple[str, ...]


@dataclass(frozen=True)
class ThemeAssignment:
    """All themes of a corpus, curated ones first, each in a fixed order."""

    themes: tuple[Theme, ...]

    def of(self, key: str) -> tuple[Theme, ...]:
        """The themes of one gap (none for a gap that shares no need)."""
        return tuple(t for t in self.themes if key in t.members)


@dataclass(frozen=True)
class Settings:
    """The knobs of the data-driven grouping (defaults were chosen on half A of the gold)."""

    distance: float = 0.6  # cosine distance below which average-linkage groups of studies merge
    use_context: bool = True  # the publications' subject words (GapText.context) count twice
    max_publications: int = 4  # a topic few studies share; a wider cluster is a shared field, not a question
    max_share: float = 0.08  # ... or few in proportion, in a corpus large enough for 4 to be too few
    reduce_above: int = 2000  # with more studies, cluster 128 SVD components, not the whole vocabulary
    # with more studies than this, the exact average linkage (all pairs: 8 bytes a pair, 0.4 GB at
    # 10k studies, 40 GB at 100k) runs on parts of them instead
    exact_up_to: int = 10_000
    part: int = 5_000  # ... of at most this many studies


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[-‐–/]", " ", text.casefold()).split())


def _cue_pattern(cue: str) -> re.Pattern[str]:
    parts = []
    for word in (w.strip() for w in cue.split("&")):
        body = re.escape(_norm(word.rstrip("*"))).replace(r"\ ", r"\s+")
        tail = r"\w*" if word.endswith("*") else r"\b"
        parts.append(rf"(?=.*\b{body}{tail})")
    # anchored: the lookaheads read the whole text from its start anyway, and unanchored,
    # search tried them again from every position (quadratic: 52 of a 1,000-article build's
    # 84 s went here)
    return re.compile(r"\A" + "".join(parts), re.S)


@lru_cache(maxsize=1)
def research_needs() -> tuple[Need, ...]:
    """The curated needs, read once from the shipped scheme, in IRI order."""
    values: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    concepts: set[str] = set()
    data = ontology_file("themes.ttl").read_bytes()
    for t in ox.parse(data, format=ox.RdfFormat.TURTLE):
        subject, predicate = t.subject.value, t.predicate.value
        if predicate == str(RDF.type) and t.object.value == str(SKOS.Concept):
            concepts.add(subject)
        elif isinstance(t.object, ox.Literal):
            values[subject][predicate].append(t.object.value)
    needs = []
    for subject in sorted(concepts):
        found = {p: sorted(v) for p, v in values[subject].items()}
        rank = found.get(str(NEED.rank), ["1"])[0]
        needs.append(Need(
            id=subject.removeprefix(str(NEED)),
            label=found[str(SKOS.prefLabel)][0],
            definition=found[str(SKOS.definition)][0],
            alt_labels=tuple(found.get(str(SKOS.altLabel), ())),
            cues=tuple(found.get(str(SKOS.hiddenLabel), ())),
            rank=int(rank),
        ))
    return tuple(needs)


@lru_cache(maxsize=1)
def _compiled() -> tuple[tuple[Need, tuple[re.Pattern[str], ...]], ...]:
    return tuple((n, tuple(_cue_pattern(c) for c in n.cues)) for n in research_needs())


def needs_of(text: str) -> tuple[Need, ...]:
    """The curated needs a gap text states: the best-ranked that match, at most two.

    >>> [n.id for n in needs_of("Combined effects of radiation and microgravity on bone")]
    ['combined-stressors']
    >>> needs_of("Identity of the protein that binds the receptor")
    ()
    """
    norm = _norm(text)
    found = [n for n, patterns in _compiled() if any(p.search(norm) for p in patterns)]
    if not found:
        return ()
    best = min(n.rank for n in found)
    return tuple(n for n in found if n.rank == best)[:2]


def need_ids(text: str) -> tuple[str, ...]:
    """The ids of :func:`needs_of`."""
    return tuple(n.id for n in needs_of(text))


def _spread(members: Iterable[str], pub: dict[str, str]) -> int:
    return len({pub[k] for k in members})


def _vectors(texts: Sequence[str]) -> tuple[Any, Any] | None:
    """Sublinear TF-IDF rows (L2-normalised) of the texts over words used at least twice."""
    ml = _ml()
    vectorizer = ml.TfidfVectorizer(stop_words=ml.stop, token_pattern=_TOKEN, sublinear_tf=True,
                                    min_df=2)
    try:
        matrix = vectorizer.fit_transform(texts)
    except ValueError:  # no word occurs twice: nothing can be shared
        return None
    return matrix, vectorizer.get_feature_names_out()


def _clusters(dense: Any, settings: Settings) -> list[list[int]]:
    """Average-linkage groups (cosine, merged below ``settings.distance``) of the non-empty
    rows, as sorted row lists."""
    np = _ml().np
    keep = np.flatnonzero(dense.any(axis=1))
    if len(keep) < 2:
        return []
    rows = dense[keep]
    if len(keep) <= settings.exact_up_to:
        groups = _average_linkage(rows, settings.distance)
    else:
        groups = _partitioned_linkage(rows, settings)
    return sorted(sorted(keep[g].tolist()) for g in groups)


def _average_linkage(rows: Any, distance: float) -> list[Any]:
    """The groups (arrays of row numbers) of average linkage over ``rows``."""
    np = _ml().np
    if len(rows) < 2:
        return [np.arange(len(rows))]
    labels = _ml().AgglomerativeClustering(
        n_clusters=None, distance_threshold=distance, metric="cosine", linkage="average",
    ).fit_predict(rows)
    order = np.argsort(labels, kind="stable")
    cuts = np.flatnonzero(np.diff(labels[order])) + 1
    return list(np.split(order, cuts))


def _partitioned_linkage(rows: Any, settings: Settings) -> list[Any]:
    """Average linkage for a corpus too large for all pairs: the studies are split into parts
    of at most ``settings.part`` (:func:`_parts`), each part clustered exactly. Memory is one
    part's pairs (8 bytes a pair: 0.1 GB for 5,000 studies) whatever the corpus; time grows
    with the studies times the part size.

    A group can be cut where two parts meet, so it is done twice, with parts split from two
    seeds, and two studies are grouped when either run groups them (a cut rarely falls through
    the same group twice). On 10,000 studies of 500 made-up topics, against the exact linkage:
    pairs grouped, precision 1.0 and 0.993, recall 0.998 and 0.962 (one run: 0.883 and 0.691),
    for noise of 0.5 and 1.0 about each topic's centre.
    """
    ml = _ml()
    np = ml.np
    n = len(rows)
    source: list[Any] = []
    target: list[Any] = []
    for seed in (0, 1):
        for members in _parts(rows, settings.part, seed):
            for group in _average_linkage(rows[members], settings.distance):
                found = members[group]
                source.append(found)
                target.append(np.full(len(found), found[0]))
    edges = ml.coo_matrix((np.ones(n * 2), (np.concatenate(source), np.concatenate(target))),
                          shape=(n, n))
    _count, labels = ml.connected_components(edges, directed=False)
    order = np.argsort(labels, kind="stable")
    return list(np.split(order, np.flatnonzero(np.diff(labels[order])) + 1))


def _parts(rows: Any, size: int, seed: int = 0) -> list[Any]:
    """The row numbers of ``rows`` split by 2-means (seeded: the same parts every run), again
    and again, until no part has more than ``size``; in order of their first row."""
    ml = _ml()
    np = ml.np
    todo, done = [np.arange(len(rows))], []
    while todo:
        members = todo.pop()
        if len(members) <= size:
            done.append(members)
            continue
        with warnings.catch_warnings():  # rows all alike: one cluster, split in halves below
            warnings.simplefilter("ignore", UserWarning)  # (scikit-learn's ConvergenceWarning)
            labels = ml.KMeans(n_clusters=2, n_init=1, random_state=seed).fit_predict(
                rows[members])
        left, right = members[labels == 0], members[labels == 1]
        if not len(left) or not len(right):  # all alike: halves
            left, right = members[: len(members) // 2], members[len(members) // 2:]
        todo.extend((left, right))
    return sorted(done, key=lambda members: int(members[0]))


def _top_terms(matrix: Any, terms: Any, rows: Sequence[int], n: int = 3) -> str:
    np = _ml().np
    weights = np.asarray(matrix[list(rows)].sum(axis=0)).ravel()
    order = sorted(np.flatnonzero(weights).tolist(), key=lambda i: (-weights[i], str(terms[i])))
    return " ".join(str(terms[i]) for i in order[:n])


def _topic_groups(
    gaps: Sequence[GapText], open_keys: set[str], settings: Settings
) -> list[tuple[list[int], str]]:
    """Topic-level questions: studies on one subject share their subject's open questions.

    Publications are clustered on their subject words and all their gap texts; the gaps of a
    cluster that state no curated need (those are the subject-specific ones) form one group.
    Grouping studies first, not single gaps, is what makes a terse gap ("the precise gating
    sequence") land with its neighbours: its own words rarely say the topic.
    """
    pubs = sorted({g.publication for g in gaps})
    if len(pubs) < 2:
        return []
    rows_of: dict[str, list[int]] = defaultdict(list)
    for i, gap in enumerate(gaps):
        rows_of[gap.publication].append(i)
    contexts = {g.publication: g.context for g in gaps}
    texts = [
        " ".join([contexts[p] * 2, *(gaps[i].text for i in rows_of[p])]) if settings.use_context
        else " ".join(gaps[i].text for i in rows_of[p])
        for p in pubs
    ]
    vectors = _vectors(texts)
    if vectors is None:
        return []
    matrix, terms = vectors
    groups = []
    unit = _ml().normalize(matrix)
    components = min(128, unit.shape[1] - 1, len(pubs) - 1)
    if len(pubs) > settings.reduce_above and components >= 2:
        # dense rows over a large vocabulary would not fit; a seeded SVD keeps the run repeatable
        svd = _ml().TruncatedSVD(n_components=components, random_state=0)
        dense = _ml().normalize(svd.fit_transform(unit))
    else:
        dense = unit.toarray()
    for cluster in _clusters(dense, settings):
        rows = sorted(i for c in cluster for i in rows_of[pubs[c]] if gaps[i].key in open_keys)
        if len({gaps[i].publication for i in rows}) >= 2:
            groups.append((rows, _top_terms(matrix, terms, cluster)))
    return groups


def assign_themes(gaps: Sequence[GapText], settings: Settings | None = None) -> ThemeAssignment:
    """Group all gaps of a corpus into themes shared by at least two publications."""
    settings = settings or Settings()
    ordered = sorted({g.key: g for g in gaps}.values(), key=lambda g: (g.publication, g.key))
    pub = {g.key: g.publication for g in ordered}
    curated: dict[str, list[str]] = defaultdict(list)
    by_id = {n.id: n for n in research_needs()}
    for gap in ordered:
        for need_id in gap.needs if gap.needs is not None else need_ids(gap.text):
            curated[need_id].append(gap.key)
    themes = [
        Theme(n.id, n.label, n.definition, CURATED, tuple(sorted(curated[n.id])))
        for n in (by_id[i] for i in sorted(curated))
        if _spread(curated[n.id], pub) >= 2
    ]
    need_of = defaultdict(set)
    for theme in themes:
        for key in theme.members:
            need_of[key].add(theme.id)
    seen: set[str] = set()
    open_keys = {g.key for g in ordered if g.key not in need_of}
    widest = max(settings.max_publications, int(settings.max_share * len(set(pub.values()))))
    for rows, label in _topic_groups(ordered, open_keys, settings):
        members = tuple(sorted(ordered[r].key for r in rows))
        spread = _spread(members, pub)
        if not 2 <= spread <= widest:
            continue
        theme_id = "topic-" + slug(label)
        while theme_id in seen:
            theme_id += "-2"
        seen.add(theme_id)
        definition = f"Open questions that {spread} studies share about {', '.join(label.split())}."
        themes.append(Theme(theme_id, label.capitalize(), definition, DATA, members))
    return ThemeAssignment(tuple(themes))
