"""The knowledge-gap themes of a build as quads of their own graph.

Themes are computed over the whole corpus (:mod:`kg.extract.themes`), so they cannot live in
any one article's graph: they go in :data:`~kg.core.namespaces.THEMES_GRAPH`, written after
the article graphs. Each theme is a ``skos:Concept`` of the curated scheme
(``sbkg:researchNeeds``) or of the corpus's own topics (``sbkg:researchTopics``), with its
label and definition; each gap it groups points at it with ``sbkg:theme``.
"""

from __future__ import annotations

from collections.abc import Iterable

from kg.core.namespaces import RDF, SBKG, SKOS, THEMES_GRAPH, VOCAB
from kg.extract.themes import CURATED, Theme
from kg.rdf.canonical import iri, literal, quad_line

__all__ = ["theme_iri", "theme_lines"]


def theme_iri(theme: Theme) -> str:
    """A curated need under ``vocab/research-need/``, a corpus topic under ``research-topic/``."""
    space = VOCAB.research_need if theme.kind == CURATED else VOCAB.research_topic
    return str(space) + theme.id.removeprefix("topic-")


def _n(term: object) -> str:
    return iri(str(term))


def theme_lines(themes: Iterable[Theme], gap_iris: dict[str, str],
                graph: str = THEMES_GRAPH) -> list[str]:
    """Sorted canonical lines of the themes graph; ``gap_iris`` maps each member key to the
    gap's IRI (the keys are gap IRIs already when the pipeline made them)."""
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
    return sorted(quad_line(s, p, o, g) for s, p, o in triples)
