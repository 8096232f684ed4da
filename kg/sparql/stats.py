"""Counts over a built graph: nodes per class, and uses of each concept of each scheme."""

from __future__ import annotations

from dataclasses import dataclass

from kg.core.namespaces import shorten, sparql_prefixes
from kg.rdf.store import KnowledgeGraph

__all__ = ["Stats", "stats", "format_stats"]

_CLASSES = """
SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class
"""
# how often each concept is used (by anything but SKOS itself), per scheme
_CONCEPTS = sparql_prefixes("skos") + """
SELECT ?scheme ?label (COUNT(DISTINCT ?s) AS ?n) WHERE {
  ?concept skos:inScheme ?scheme ; skos:prefLabel ?label .
  OPTIONAL { ?s ?p ?concept FILTER(?p NOT IN (skos:hasTopConcept, skos:topConceptOf)) }
} GROUP BY ?scheme ?label
"""


@dataclass(frozen=True)
class Stats:
    """``classes``: (class, nodes); ``concepts``: (scheme, concept label, uses)."""

    triples: int
    quads: int
    graphs: int
    classes: tuple[tuple[str, int], ...]
    concepts: tuple[tuple[str, str, int], ...]


def stats(graph: KnowledgeGraph) -> Stats:
    """Count what a graph holds."""
    classes = [(shorten(r["class"].value), int(r["n"].value)) for r in graph.query(_CLASSES)]
    concepts = [
        (shorten(r["scheme"].value), r["label"].value, int(r["n"].value))
        for r in graph.query(_CONCEPTS)
    ]
    return Stats(
        triples=graph.triple_count,
        quads=len(graph),
        graphs=len(graph.named_graphs()),
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
