"""The corpus's counts, computed once at build time: the tallies graph.

The questions the library asks most (which genes recur across studies and in which
direction, how many studies each journal, organism and organism-by-experiment-type pair has,
who publishes together) count distinct publications over the whole graph. Counted by the
engine on every query, they cost a scan of every publication's facts: 1-80 s each on a
100k-article build. Counted here, while the articles are mapped, they are a few thousand
triples of :data:`~kg.core.namespaces.TALLIES_GRAPH`, and the queries read them.

What is counted is what the article graphs state, not what the records say: each article's
contribution (:class:`Counted`) is taken from its own triples (:func:`counted`), and the
contributions of the articles about one publication are united before counting, as a query
over the union of the article graphs counts each publication once. So the tallies are the
answers of the aggregate queries they replace (``tests/test_tallies.py`` compares them):

- a gene: ``sbkg:publicationCount`` (publications reporting it), and per direction stated
  in a mention of it, ``sbkg:upCount`` / ``sbkg:downCount`` / ``sbkg:unchangedCount``;
- a journal, a studied taxon: ``sbkg:publicationCount``;
- a ``sbkg:CoverageCell`` per organism (taxon, or the unresolved name) and experiment type
  studied together, with its ``sbkg:publicationCount``;
- a ``sbkg:Collaboration`` per pair of authors sharing at least :data:`MIN_SHARED`
  publications, with ``sbkg:sharedPublications``. Pairs sharing one publication are not
  written: they are every pair of coauthors (millions at 100k articles);
- a gene's names as ``gene-profile`` looks them up, case-folded, hyphens, underscores, spaces
  and dots dropped (:func:`name_key`): ``sbkg:nameKey`` for its symbol and every form an
  article writes for it, ``sbkg:aliasKey`` for an alias or previous symbol that is no gene's
  symbol or written form. Folded on every lookup, the names of every mention cost 27 s at
  100k articles; stated, they are a few per gene. The symbols and aliases of a gene are
  reference data, the same in every article: they are kept once per gene
  (:data:`GeneNames`), not per article;
- a research theme: ``sbkg:themeOrganism`` for every taxon studied by a publication with a
  gap of the theme (``shared-knowledge-gaps``: joined over every gap, 5.7 s at 100k). Which
  publications a theme has comes from the themes (:data:`ThemePublications`), computed only
  when the gaps change; the organisms from the contributions, so an edit of an article's
  organisms restates them without computing the themes again.

Every build states the tallies again (a rebuild recounts from the contributions kept in its
state), so they are always those of the corpus built.
"""

from __future__ import annotations

import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from kg.core.namespaces import DCTERMS, ID, RDF, SBKG, SCHEMA, TALLIES_GRAPH
from kg.rdf.canonical import integer, iri, key_hash, literal, quad_line, unescape

__all__ = ["Counted", "GeneNames", "MIN_SHARED", "ThemePublications", "add_names", "counted",
           "name_key", "tally_lines"]

#: the fewest shared publications that make two authors a collaboration of the tallies
MIN_SHARED = 2

Triple = tuple[str, str, str]
#: gene term -> the keys of its symbol, and of its aliases and previous symbols
GeneNames = dict[str, tuple[frozenset[str], frozenset[str]]]
#: a research theme's term -> the terms of the publications with a gap of it
ThemePublications = dict[str, tuple[str, ...]]
_DROPPED = re.compile(r"[-_ .]")


def name_key(name: str) -> str:
    """A name as ``gene-profile`` compares it: ``LCASE(REPLACE(name, "[-_ .]", ""))``.

    >>> name_key("MAFbx"), name_key("p21-Cip1"), name_key("IL-1 beta")
    ('mafbx', 'p21cip1', 'il1beta')
    """
    return _DROPPED.sub("", name).lower()


def _n(term: object) -> str:
    return iri(str(term))


@dataclass(frozen=True)
class Counted:
    """What one article graph adds to the tallies: N-Triples terms, each tuple sorted."""

    publication: str
    genes: tuple[str, ...] = ()
    #: (gene, direction literal) of the article's mentions
    directions: tuple[tuple[str, str], ...] = ()
    authors: tuple[str, ...] = ()
    journals: tuple[str, ...] = ()
    #: taxon IRIs, and the literals of organisms no taxon was found for
    organisms: tuple[str, ...] = ()
    experiment_types: tuple[str, ...] = ()
    #: the genes the graph describes (mentioned, and their orthologs)
    described: tuple[str, ...] = ()
    #: (gene, :func:`name_key` of a form a mention writes for it)
    written: tuple[tuple[str, str], ...] = ()


_REPORTS, _CREATOR, _PART_OF = _n(SBKG.reportsGene), _n(DCTERMS.creator), _n(SCHEMA.isPartOf)
_STUDIES, _UNRESOLVED = _n(SBKG.studiesOrganism), _n(SBKG.unresolvedOrganism)
_TYPE_OF, _GENE, _DIRECTION = _n(SBKG.experimentType), _n(SBKG.gene), _n(SBKG.direction)
_SYMBOL, _WRITTEN = _n(SBKG.symbol), _n(SBKG.writtenAs)
_ALIASES = {_n(SBKG.alias), _n(SBKG.previousSymbol)}
_OF_PUBLICATION = {_REPORTS: "genes", _CREATOR: "authors", _PART_OF: "journals",
                   _STUDIES: "organisms", _UNRESOLVED: "organisms",
                   _TYPE_OF: "experiment_types"}


def counted(triples: Iterable[Triple], publication: str) -> tuple[Counted, GeneNames]:
    """The contribution of one article's triples (``publication``: its publication's term),
    and the names of the genes they describe."""
    found: dict[str, set[str]] = defaultdict(set)  # (terms interned: held for every article)
    genes_of: dict[str, str] = {}
    direction_of: dict[str, str] = {}
    written_of: dict[str, str] = {}
    symbols: dict[str, set[str]] = defaultdict(set)
    aliases: dict[str, set[str]] = defaultdict(set)
    for s, p, o in triples:
        if s == publication and p in _OF_PUBLICATION:
            found[_OF_PUBLICATION[p]].add(sys.intern(o))
        elif p == _GENE:
            genes_of[s] = sys.intern(o)
        elif p == _DIRECTION:
            direction_of[s] = sys.intern(o)
        elif p == _WRITTEN:
            written_of[s] = o
        elif p == _SYMBOL:
            symbols[s].add(_key_of(o))
        elif p in _ALIASES:
            aliases[s].add(_key_of(o))
    directions = {(genes_of[m], d) for m, d in direction_of.items() if m in genes_of}
    written = {(genes_of[m], sys.intern(_key_of(w))) for m, w in written_of.items()
               if m in genes_of}
    names = {sys.intern(g): (frozenset(keys), frozenset(aliases.get(g, ())))
             for g, keys in symbols.items()}
    return Counted(sys.intern(publication), tuple(sorted(found["genes"])),
                   tuple(sorted(directions)), tuple(sorted(found["authors"])),
                   tuple(sorted(found["journals"])), tuple(sorted(found["organisms"])),
                   tuple(sorted(found["experiment_types"])), tuple(sorted(names)),
                   tuple(sorted(written))), names


def add_names(names: GeneNames, more: GeneNames) -> None:
    """Add the gene names ``more`` to ``names`` (a gene named in both: the union)."""
    for gene, (keys, aliases) in more.items():
        held = names.get(gene)
        names[gene] = (keys, aliases) if held is None else (held[0] | keys, held[1] | aliases)


def _key_of(term: str) -> str:
    """The :func:`name_key` of a plain literal's canonical N-Triples term."""
    return name_key(unescape(term[1:term.rindex('"')]))


def tally_lines(contributions: Iterable[Counted], names: GeneNames | None = None,
                graph: str = TALLIES_GRAPH,
                themes: Mapping[str, Iterable[str]] | None = None) -> list[str]:
    """Sorted canonical lines of the tallies of every article's contribution (any order);
    ``names``: the names of (at least) every gene they describe; ``themes``: each research
    theme's term and the terms of the publications with a gap of it
    (:data:`ThemePublications`), whose organisms it is given (``sbkg:themeOrganism``)."""
    publications: dict[str, list[Counted]] = defaultdict(list)
    described: set[str] = set()
    written: set[tuple[str, str]] = set()
    for c in contributions:
        publications[c.publication].append(c)
        described.update(c.described)
        written.update(c.written)
    genes: Counter[str] = Counter()
    directions: Counter[tuple[str, str]] = Counter()
    by_name: Counter[str] = Counter()  # journals and taxa: their IRIs do not meet
    cells: Counter[tuple[str, str]] = Counter()
    authors_of: dict[str, list[str]] = {}
    taxa_of: dict[str, tuple[str, ...]] = {}
    for pub in sorted(publications):
        united = _united(publications[pub])
        genes.update(united.genes)
        directions.update(united.directions)
        by_name.update(united.journals)
        taxa_of[pub] = tuple(o for o in united.organisms if o.startswith("<"))
        by_name.update(taxa_of[pub])
        cells.update((o, t) for o in united.organisms for t in united.experiment_types)
        if len(united.authors) > 1:
            authors_of[pub] = list(united.authors)
    triples: list[Triple] = []
    count = _n(SBKG.publicationCount)
    for node, n in (*genes.items(), *by_name.items()):
        triples.append((node, count, integer(n)))
    props = {'"up"': _n(SBKG.upCount), '"down"': _n(SBKG.downCount),
             '"unchanged"': _n(SBKG.unchangedCount)}
    for (gene, direction), n in directions.items():
        if direction in props:
            triples.append((gene, props[direction], integer(n)))
    for (organism, kind), n in cells.items():
        cell = iri(str(ID.coverage) + key_hash(organism, kind))
        where = _n(SBKG.cellOrganism) if organism.startswith("<") else _n(SBKG.cellOrganismName)
        triples += [(cell, _n(RDF.type), _n(SBKG.CoverageCell)), (cell, where, organism),
                    (cell, _n(SBKG.cellExperimentType), kind), (cell, count, integer(n))]
    for (a, b), n in _pairs(authors_of).items():
        pair = iri(str(ID.collaboration) + key_hash(a, b))
        triples += [(pair, _n(RDF.type), _n(SBKG.Collaboration)),
                    (pair, _n(SBKG.collaborator), a), (pair, _n(SBKG.collaborator), b),
                    (pair, _n(SBKG.sharedPublications), integer(n))]
    triples += _name_triples(described, written, names or {})
    studied = _n(SBKG.themeOrganism)
    for theme, members in (themes or {}).items():
        triples += [(theme, studied, taxon) for pub in members for taxon in taxa_of.get(pub, ())]
    g = iri(graph)
    return sorted(quad_line(s, p, o, g) for s, p, o in set(triples))


def _name_triples(described: set[str], written: set[tuple[str, str]],
                  names: GeneNames) -> list[Triple]:
    """The name keys of the genes described: symbols and written forms, then the aliases
    that are neither anywhere (p21 is what articles write for Cdkn1a, not every gene once
    called p21)."""
    keys = {(gene, key) for gene in described for key in names.get(gene, ((), ()))[0]}
    keys |= {(gene, key) for gene, key in written if gene in described}
    taken = {key for _gene, key in keys}
    aliases = {(gene, key) for gene in described for key in names.get(gene, ((), ()))[1]
               if key not in taken}
    name, alias = _n(SBKG.nameKey), _n(SBKG.aliasKey)
    return ([(gene, name, literal(key)) for gene, key in keys]
            + [(gene, alias, literal(key)) for gene, key in aliases])


def _united(parts: list[Counted]) -> Counted:
    """One publication's facts, as the union of its articles' graphs states them."""
    if len(parts) == 1:
        return parts[0]

    def union(name: str) -> tuple[Any, ...]:
        return tuple(sorted({v for c in parts for v in getattr(c, name)}))

    return Counted(parts[0].publication, union("genes"), union("directions"), union("authors"),
                   union("journals"), union("organisms"), union("experiment_types"))


def _pairs(authors_of: dict[str, list[str]]) -> Counter[tuple[str, str]]:
    """Pairs of authors (the smaller term first) with at least :data:`MIN_SHARED`
    publications in common, counted author by author so that only one author's coauthors
    are counted at a time (not every pair of coauthors of the corpus at once)."""
    publications_of: dict[str, list[str]] = defaultdict(list)
    for pub, names in authors_of.items():
        for name in names:
            publications_of[name].append(pub)
    pairs: Counter[tuple[str, str]] = Counter()
    for a in sorted(publications_of):
        pubs = publications_of[a]
        if len(pubs) < MIN_SHARED:
            continue
        together: Counter[str] = Counter()
        for pub in pubs:
            together.update(b for b in authors_of[pub] if b > a)
        for b, n in together.items():
            if n >= MIN_SHARED:
                pairs[(a, b)] = n
    return pairs
