"""The local engine: a built graph, queried in this process by Oxigraph.

The fastest engine and the reference one: the compliance suite compares every other engine's
rows with this one's.
"""

from __future__ import annotations

import pyoxigraph as ox

from kg.errors import QueryError
from kg.rdf.store import Binding, KnowledgeGraph
from kg.sparql.ordering import sorted_here
from kg.sparql.result import QueryResult, from_oxigraph

__all__ = ["LocalEngine"]

# what Oxigraph raises for a query that parses but cannot run (a bad regex, a type error)
_FAILURES = (OSError, ValueError, TypeError, RuntimeError)


class LocalEngine:
    """A :class:`~kg.rdf.store.KnowledgeGraph` as a :class:`~kg.sparql.engine.SparqlEngine`.

    Queries see the merge of all graphs as the default graph and the article graphs as named
    graphs, as in ``kg serve`` and in a store loaded by ``kg push``.
    """

    def __init__(self, graph: KnowledgeGraph, name: str = "local graph", *,
                 sort_here: bool = True) -> None:
        """``sort_here``: a final ``ORDER BY`` over variables is done in Python, faster than
        Oxigraph's (:mod:`kg.sparql.ordering`); ``False`` leaves every query to Oxigraph."""
        self.graph = graph
        self._name = name
        self._sort_here = sort_here

    @property
    def name(self) -> str:
        return self._name

    def __repr__(self) -> str:
        return f"LocalEngine({self._name!r})"

    def query(self, sparql: str, bound: dict[ox.Variable, Binding] | None = None) -> QueryResult:
        """Run ``sparql``; variables of ``bound`` are bound as RDF terms by Oxigraph."""
        try:
            done = sorted_here(sparql, lambda text: from_oxigraph(self.graph.query(
                text, bound))) if self._sort_here else None
            return done if done is not None else from_oxigraph(self.graph.query(sparql, bound))
        except SyntaxError as err:
            raise QueryError(f"the query does not parse: {err}") from err
        except _FAILURES as err:
            raise QueryError(f"the query failed: {err}") from err

    def update(self, sparql: str, base_iri: str | None = None) -> None:
        try:
            self.graph.update(sparql, base_iri)
        except SyntaxError as err:
            raise QueryError(f"the update does not parse: {err}") from err
        except _FAILURES as err:
            raise QueryError(f"the update failed: {err}") from err
