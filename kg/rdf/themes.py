"""The knowledge-gap themes of a build as quads of their own graph.

Themes are computed over the whole corpus (:mod:`kg.extract.themes`), so they cannot live in
any one article's graph: they go in :data:`~kg.core.namespaces.THEMES_GRAPH`, written after
the article graphs. Each theme is a ``skos:Concept`` of the curated scheme
(``sbkg:researchNeeds``) or of the corpus's own topics (``sbkg:researchTopics``), with its
label and definition; each gap it groups points at it with ``sbkg:theme``. Each theme also
states what ``shared-knowledge-gaps`` reports of it: how many publications and gaps it groups
(``sbkg:publicationCount``, ``sbkg:gapCount``) and :data:`EXAMPLES` of its gaps
(``sbkg:exampleGap``), so that the query neither counts every gap of the corpus on each run
nor lists them all (a theme of 100k articles groups tens of thousands).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping

from kg.core.namespaces import RDF, SBKG, SKOS, THEMES_GRAPH, VOCAB
from kg.extract.themes import CURATED, Theme
from kg.rdf.canonical import integer, iri, literal, quad_line

__all__ = ["EXAMPLES", "theme_iri", "theme_lines"]

#: the gaps of a theme given as its examples: the first of its members, in their order
EXAMPLES = 3


def theme_iri(theme: Theme) -> str:
    """A curated need under ``vocab/research-need/``, a corpus topic under ``research-topic/``."""
    space = VOCAB.research_need if theme.kind == CURATED else VOCAB.research_topic
    return str(space) + theme.id.removeprefix("topic-")


def _n(term: object) -> str:
    return iri(str(term))


def theme_lines(themes: Iterable[Theme], gap_iris: dict[str, str],
                publications: Mapping[str, Collection[str]],
                graph: str = THEMES_GRAPH) -> list[str]:
    """Sorted canonical lines of the themes graph; ``gap_iris`` maps each member key to the
    gap's IRI (the keys are gap IRIs already when the pipeline made them), ``publications``
    each theme's term (``<`` :func:`theme_iri` ``>``) to its distinct publications."""
    g = iri(graph)
    triples: set[tuple[str, str, str]] = set()
    for scheme, label in ((SBKG.researchNeeds, "Space-biology research needs"),
                          (SBKG.researchTopics, "Research topics of this corpus")):
        triples.add((_n(scheme), _n(RDF.type), _n(SKOS.ConceptScheme)))
        triples.add((_n(scheme), _n(SKOS.prefLabel), literal(label, language="en")))
    for theme in themes:
        node = iri(theme_iri(theme))
        scheme = SBKG.researchNeeds if theme.kind == CURATED else SBKG.researchTopics
        triples |= {
            (node, _n(RDF.type), _n(SKOS.Concept)),
            (node, _n(SKOS.prefLabel), literal(theme.label, language="en")),
            (node, _n(SKOS.definition), literal(theme.definition, language="en")),
            (node, _n(SKOS.inScheme), _n(scheme)),
        }
        for key in theme.members:
            triples.add((iri(gap_iris.get(key, key)), _n(SBKG.theme), node))
        for key in theme.members[:EXAMPLES]:
            triples.add((node, _n(SBKG.exampleGap), iri(gap_iris.get(key, key))))
        triples.add((node, _n(SBKG.publicationCount), integer(len(publications[node]))))
        triples.add((node, _n(SBKG.gapCount), integer(len(set(theme.members)))))
    return sorted(quad_line(s, p, o, g) for s, p, o in triples)
