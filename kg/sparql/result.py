"""What every engine answers: a :class:`QueryResult` of RDF terms, whichever store ran the query.

Columns and rows for SELECT, triples for CONSTRUCT and DESCRIBE, a boolean for ASK. Engines that
receive results as SPARQL results JSON (a remote endpoint, our forked worker) read them with
:func:`from_json`, so a row looks the same whether it came from Oxigraph in process or over HTTP.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

__all__ = ["QueryResult", "Term", "plain", "from_json", "from_oxigraph"]

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


def plain(term: Term | None) -> str | None:
    """A term as text: an IRI, a blank node's label, a literal's lexical form."""
    if term is None:
        return None
    if isinstance(term, ox.Triple):
        return str(term)
    return term.value


def from_oxigraph(result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples) -> QueryResult:
    """An Oxigraph answer, read whole."""
    if isinstance(result, ox.QueryBoolean):
        return QueryResult(boolean=bool(result))
    if isinstance(result, ox.QueryTriples):
        return QueryResult(triples=tuple(result))
    columns = tuple(v.value for v in result.variables)
    rows = tuple(tuple(solution[c] for c in columns) for solution in result)
    return QueryResult(columns, rows)


def _term(binding: Mapping[str, str]) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    kind, value = binding["type"], binding["value"]
    if kind == "uri":
        return ox.NamedNode(value)
    if kind == "bnode":
        return ox.BlankNode(value)
    if "xml:lang" in binding:
        return ox.Literal(value, language=binding["xml:lang"])
    if "datatype" in binding:
        return ox.Literal(value, datatype=ox.NamedNode(binding["datatype"]))
    return ox.Literal(value)


def from_json(data: Mapping[str, Any]) -> QueryResult:
    """SPARQL 1.1 Query Results JSON (already decoded) as a :class:`QueryResult`.

    >>> from_json({"head": {}, "boolean": True}).boolean
    True
    >>> from_json({"head": {"vars": ["s"]}, "results": {"bindings": [
    ...     {"s": {"type": "uri", "value": "http://x/a"}}, {}]}}).values()
    [{'s': 'http://x/a'}, {'s': None}]
    """
    if "boolean" in data:
        return QueryResult(boolean=bool(data["boolean"]))
    columns = tuple(data["head"]["vars"])
    rows = tuple(tuple(_term(b[c]) if c in b else None for c in columns)
                 for b in data["results"]["bindings"])
    return QueryResult(columns, rows)
