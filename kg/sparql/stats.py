"""Counts over a built graph: nodes per class, and uses of each concept of each scheme.

The counts are SPARQL queries, asked of any engine; the sizes (triples, quads, graphs) come
from the built graph when there is one (exact, without a query) and are counted in SPARQL
otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.core.namespaces import shorten, sparql_prefixes
from kg.rdf.store import KnowledgeGraph
from kg.sparql.engine import SparqlEngine, as_engine
from kg.sparql.result import plain

__all__ = ["Stats", "stats", "format_stats", "ThemeCount", "themes", "format_themes"]

_CLASSES = """
SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class
"""
# how many studies use each concept, per scheme: what an article states of a concept (a
# mission it mentions, its priority) counts for the publication it summarises, so that these
# counts are the queries' (``missions`` counts studies, not articles)
_CONCEPTS = sparql_prefixes("skos", "sbkg") + """
SELECT ?scheme ?label (COUNT(DISTINCT ?s) AS ?n) WHERE {
  ?concept skos:inScheme ?scheme ; skos:prefLabel ?label .
  OPTIONAL {
    ?x ?p ?concept
    FILTER(?p NOT IN (skos:hasTopConcept, skos:topConceptOf, skos:broader, skos:narrower,
                      sbkg:cellExperimentType))  # (a coverage cell is no study)
    FILTER NOT EXISTS { ?x skos:inScheme ?anyScheme }
    OPTIONAL { ?x sbkg:summarizes ?publication }
    BIND(COALESCE(?publication, ?x) AS ?s)
  }
} GROUP BY ?scheme ?label
"""
# the research themes of knowledge gaps, with the studies and gaps behind each
_THEMES = sparql_prefixes("skos", "sbkg") + """
SELECT ?theme ?label ?scheme (COUNT(DISTINCT ?publication) AS ?publications)
       (COUNT(DISTINCT ?gap) AS ?gaps) WHERE {
  ?publication sbkg:hasKnowledgeGap ?gap . ?gap sbkg:theme ?theme .
  ?theme skos:prefLabel ?label ; skos:inScheme ?scheme .
} GROUP BY ?theme ?label ?scheme
"""

_SIZES = """
SELECT ?triples ?quads ?graphs WHERE {
  { SELECT (COUNT(*) AS ?triples) WHERE { ?s ?p ?o } }
  { SELECT (COUNT(*) AS ?quads) (COUNT(DISTINCT ?g) AS ?graphs) WHERE { GRAPH ?g { ?s ?p ?o } } }
}
"""


@dataclass(frozen=True)
class Stats:
    """``classes``: (class, nodes); ``concepts``: (scheme, concept label, uses)."""

    triples: int
    quads: int
    graphs: int
    classes: tuple[tuple[str, int], ...]
    concepts: tuple[tuple[str, str, int], ...]


def stats(graph: KnowledgeGraph | SparqlEngine) -> Stats:
    """Count what a graph (or the graph behind an engine) holds."""
    engine = as_engine(graph)
    classes = [(shorten(str(plain(c))), int(str(plain(n))))
               for c, n in engine.query(_CLASSES).rows]
    concepts = [(shorten(str(plain(s))), str(plain(label)), int(str(plain(n))))
                for s, label, n in engine.query(_CONCEPTS).rows]
    if isinstance(graph, KnowledgeGraph):
        sizes = (graph.triple_count, len(graph), len(graph.named_graphs()))
    else:
        row = engine.query(_SIZES).rows[0]
        sizes = (int(str(plain(row[0]))), int(str(plain(row[1]))), int(str(plain(row[2]))))
    return Stats(
        triples=sizes[0],
        quads=sizes[1],
        graphs=sizes[2],
        classes=tuple(sorted(classes, key=lambda c: (-c[1], c[0]))),
        concepts=tuple(sorted(concepts, key=lambda c: (c[0], -c[2], c[1]))),
    )


def format_stats(s: Stats) -> str:
    """A readable report of :class:`Stats`."""
    lines = [f"triples: {s.triples}  quads: {s.quads}  named graphs: {s.graphs}", "", "classes:"]
    width = max((len(c) for c, _ in s.classes), default=0)
    lines += [f"  {c.ljust(width)}  {n:>7}" for c, n in s.classes]
    scheme = None
    for name, label, count in s.concepts:
        if name != scheme:
            scheme = name
            lines += ["", f"concepts of {name}:"]
        lines.append(f"  {label[:40].ljust(40)}  {count:>7}")
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class ThemeCount:
    """A research theme of knowledge gaps: its label, kind (curated need or corpus topic), and
    how many publications and gaps it groups."""

    iri: str
    label: str
    kind: str
    publications: int
    gaps: int


def themes(graph: KnowledgeGraph | SparqlEngine) -> tuple[ThemeCount, ...]:
    """The themes of a build, most shared first."""
    rows = as_engine(graph).query(_THEMES).values()
    found = [ThemeCount(str(r["theme"]), str(r["label"]),
                        "need" if str(r["scheme"]).endswith("researchNeeds") else "topic",
                        int(str(r["publications"])), int(str(r["gaps"]))) for r in rows]
    return tuple(sorted(found, key=lambda t: (-t.publications, -t.gaps, t.label, t.iri)))


def format_themes(found: tuple[ThemeCount, ...]) -> str:
    """One line per theme: publications, gaps, kind, label; then the totals."""
    lines = [f"{'studies':>7}  {'gaps':>4}  {'kind':<5}  theme"]
    lines += [f"{t.publications:>7}  {t.gaps:>4}  {t.kind:<5}  {t.label}" for t in found]
    needs = sum(1 for t in found if t.kind == "need")
    lines.append(f"{len(found)} themes: {needs} curated research needs, "
                 f"{len(found) - needs} topics of this corpus")
    return "\n".join(lines) + "\n"
