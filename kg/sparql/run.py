"""Running SPARQL over a built graph: the functions Python users called before engines.

:func:`run_query` and :func:`run_named` take a :class:`~kg.rdf.store.KnowledgeGraph` (or any
engine, for :func:`run_named`) and answer through :class:`~kg.sparql.local.LocalEngine`; results
are :class:`QueryResult`, which :func:`kg.sparql.formats.format_result` writes as a table, CSV,
TSV, SPARQL results JSON or XML, or Turtle.
"""

from __future__ import annotations

import pyoxigraph as ox

from kg.rdf.store import Binding, KnowledgeGraph
from kg.sparql.engine import run_named
from kg.sparql.local import LocalEngine
from kg.sparql.result import QueryResult, Term, plain

__all__ = ["QueryResult", "Term", "run_query", "run_named", "plain"]


def run_query(graph: KnowledgeGraph, sparql: str,
              bound: dict[ox.Variable, Binding] | None = None) -> QueryResult:
    """Run ``sparql`` over the graph, variables of ``bound`` bound as RDF terms by the engine."""
    return LocalEngine(graph).query(sparql, bound)
