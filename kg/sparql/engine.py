"""One query interface, several engines: whatever answers SPARQL answers it the same way.

A :class:`SparqlEngine` takes a query text and gives back a :class:`~kg.sparql.result.QueryResult`
(rows of RDF terms, triples, or a boolean), or raises :class:`~kg.errors.QueryError`: a caller
never sees an engine's own exceptions (Oxigraph's ``SyntaxError``, SPARQLWrapper's, urllib's).
The engines:

- :class:`~kg.sparql.local.LocalEngine`: a built graph, queried in this process by Oxigraph;
- :class:`~kg.sparql.guarded.GuardedEngine`: a local engine whose queries run in a forked
  worker with time, row and memory limits (the engine behind ``kg serve``);
- :class:`~kg.sparql.remote.RemoteEngine`: any SPARQL 1.1 Protocol endpoint over HTTP.

Everything that reads a graph through SPARQL (the query library, the CLI, the network
projection, stats, push's manifest) takes an engine, so one compliance suite
(``tests/test_engines.py``) holds every backend to the same answers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

from kg.sparql.library import resolve_query
from kg.sparql.result import QueryResult

if TYPE_CHECKING:
    from kg.rdf.store import KnowledgeGraph

__all__ = ["SparqlEngine", "as_engine", "run_named"]


@runtime_checkable
class SparqlEngine(Protocol):
    """Something that answers SPARQL 1.1 queries and (if it allows them) updates."""

    @property
    def name(self) -> str:
        """What answers, for messages: ``local graph``, ``http://host/sparql``."""
        ...

    def query(self, sparql: str) -> QueryResult:
        """Run a SELECT, ASK, CONSTRUCT or DESCRIBE query; :class:`QueryError` if it fails."""
        ...

    def update(self, sparql: str) -> None:
        """Apply a SPARQL update; :class:`QueryError` if it fails or is not allowed."""
        ...


def as_engine(source: KnowledgeGraph | SparqlEngine) -> SparqlEngine:
    """An engine for ``source``: a built graph is wrapped in a local engine, an engine is kept.

    For the functions that took a graph before engines existed and still accept one.
    """
    from kg.rdf.store import KnowledgeGraph
    from kg.sparql.local import LocalEngine

    if isinstance(source, KnowledgeGraph):
        return LocalEngine(source)
    return source


def run_named(engine: KnowledgeGraph | SparqlEngine, name_or_file: str,
              params: dict[str, str] | None = None) -> QueryResult:
    """Run a query of the library (or a ``.rq`` file) with its parameters bound in a
    ``VALUES`` block: one query text for every engine."""
    return as_engine(engine).query(resolve_query(name_or_file).sparql(params))
