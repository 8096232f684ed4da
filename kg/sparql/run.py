"""Running SPARQL over a built graph: the shipped query library, or any query file.

Results come back as a :class:`QueryResult` (columns and rows of RDF terms, or triples for
CONSTRUCT, or a boolean for ASK), which :func:`kg.sparql.formats.format_result` writes as a
table, CSV, TSV, SPARQL results JSON or XML, or Turtle.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from kg.errors import QueryError
from kg.rdf.store import KnowledgeGraph
from kg.sparql.library import resolve_query

__all__ = ["QueryResult", "run_query", "run_named", "plain"]

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


@dataclass(frozen=True)
class QueryResult:
    """Columns and rows for SELECT; ``triples`` for CONSTRUCT/DESCRIBE; ``boolean`` for ASK."""

    columns: tuple[str, ...] = ()
    rows: tuple[tuple[Term | None, ...], ...] = ()
    triples: tuple[ox.Triple, ...] | None = None
    boolean: bool | None = None

    def values(self) -> list[dict[str, str | None]]:
        """Rows as dictionaries of plain strings (IRIs and lexical forms), for Python users."""
        return [{c: plain(v) for c, v in zip(self.columns, row)} for row in self.rows]


def run_query(graph: KnowledgeGraph, sparql: str,
              bound: dict[ox.Variable, object] | None = None) -> QueryResult:
    """Run ``sparql`` over the graph, variables of ``bound`` bound as RDF terms by the engine."""
    try:
        result = graph.query(sparql, bound)
    except SyntaxError as err:
        raise QueryError(f"the query does not parse: {err}") from err
    except (OSError, ValueError, TypeError, RuntimeError) as err:
        raise QueryError(f"the query failed: {err}") from err
    if isinstance(result, ox.QueryBoolean):
        return QueryResult(boolean=bool(result))
    if isinstance(result, ox.QueryTriples):
        return QueryResult(triples=tuple(result))
    columns = tuple(v.value for v in result.variables)
    rows = tuple(tuple(solution[c] for c in columns) for solution in result)
    return QueryResult(columns, rows)


def run_named(graph: KnowledgeGraph, name_or_file: str,
              params: dict[str, str] | None = None) -> QueryResult:
    """Run a query of the library (or a file) over ``graph`` with its parameters bound, in
    the same ``VALUES`` block an endpoint receives: one query text everywhere."""
    return run_query(graph, resolve_query(name_or_file).sparql(params))


def plain(term: Term | None) -> str | None:
    if term is None:
        return None
    if isinstance(term, ox.Triple):
        return str(term)
    return term.value
