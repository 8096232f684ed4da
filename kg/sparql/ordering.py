"""The final ``ORDER BY`` of a local query, done in Python where Oxigraph is slow at it.

The released Oxigraph (pyoxigraph 0.5.13) compares two solutions by reading their terms back
from the store at every comparison of its sort. On the on-disk store of a 10k-article build,
``knowledge-gaps`` took 3.1 s with its ``ORDER BY`` and 0.6 s without it (39k rows), and at
100k articles the listings spent most of their minute sorting. Upstream computes the sort
keys once per solution since commit 5507799d ("spareval: compute ordering vector only once",
2026-08), in no release yet.

So a query whose last clause is ``ORDER BY`` over plain variables (``?a DESC(?b)``) runs
without it, and the rows are sorted here, in the order SPARQL 1.1 (15.1) and Oxigraph give:
unbound, then blank nodes, then IRIs, then literals; strings by code point, numbers by value,
booleans false first. Where a column holds literals Oxigraph would not compare by value with
each other (a number and a string, two languages, a date with a time zone), the rows are not
sorted here: the caller runs the query as written. Rows that tie may come in another order
than Oxigraph's, whose sort is unstable anyway.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

import pyoxigraph as ox

from kg.rdf.lexer import tokens
from kg.sparql.result import QueryResult, Term

__all__ = ["Ordering", "trailing_order", "sort_rows", "sorted_here"]

_XSD = "http://www.w3.org/2001/XMLSchema#"
_NUMBER = {
    _XSD + "integer": re.compile(r"[+-]?\d+"),
    _XSD + "decimal": re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)"),
    _XSD + "double": re.compile(r"[+-]?(?:(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|INF)"),
    _XSD + "float": re.compile(r"[+-]?(?:(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|INF)"),
}
# dates and times without a time zone: their lexical order is their order in time
_LEXICAL = {
    _XSD + "date": re.compile(r"\d{4}-\d\d-\d\d"),
    _XSD + "dateTime": re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?"),
    _XSD + "gYear": re.compile(r"\d{4}"),
}
_STRING = _XSD + "string"
_BOOLEAN = {"false": 0, "0": 0, "true": 1, "1": 1}

SortKey = tuple[object, ...]


@dataclass(frozen=True)
class Ordering:
    """A query's final ``ORDER BY``: where it starts in the text, and its keys in order as
    (variable name, descending)."""

    start: int
    keys: tuple[tuple[str, bool], ...]


def trailing_order(sparql: str) -> Ordering | None:
    """The ``ORDER BY`` that ends a SELECT query, if every key is a variable, bare or in
    ``ASC()``/``DESC()``, and nothing (``LIMIT``, ``OFFSET``, ``VALUES``) follows it."""
    listed = list(tokens(sparql))
    form = next((t for t in listed if t.depth == 0
                 and t.keyword("SELECT", "CONSTRUCT", "DESCRIBE", "ASK")), None)
    if form is None or not form.keyword("SELECT"):
        return None
    at = next((i for i in range(len(listed) - 2, -1, -1)
               if listed[i].depth == 0 and listed[i].keyword("ORDER")
               and listed[i + 1].keyword("BY")), None)
    if at is None:
        return None
    keys: list[tuple[str, bool]] = []
    rest = listed[at + 2:]
    i = 0
    while i < len(rest):
        token = rest[i]
        if token.kind == "var":
            keys.append((token.text[1:], False))
            i += 1
        elif (token.keyword("ASC", "DESC") and i + 3 < len(rest)
              and rest[i + 1].text == "(" and rest[i + 2].kind == "var"
              and rest[i + 3].text == ")"):
            keys.append((rest[i + 2].text[1:], token.keyword("DESC")))
            i += 4
        else:
            return None  # an expression, or a clause after the keys
    return Ordering(listed[at].start, tuple(keys)) if keys else None


def sorted_here(sparql: str, select: Callable[[str], QueryResult]) -> QueryResult | None:
    """The answer of ``sparql`` with its final ``ORDER BY`` done here: ``select`` runs the
    query without it. ``None`` when this module does not sort it (the caller runs it as
    written): no final ``ORDER BY`` over variables, or a column it does not order."""
    order = trailing_order(sparql)
    if order is None:
        return None
    return sort_rows(select(sparql[:order.start]), order.keys)


def sort_rows(result: QueryResult, keys: Sequence[tuple[str, bool]]) -> QueryResult | None:
    """``result`` with its rows in the order of ``keys``; ``None`` where a key is no column
    or a column holds values this module does not order as Oxigraph does."""
    rows = list(result.rows)
    for name, descending in reversed(keys):  # stable sorts, the last key first
        if name not in result.columns:
            return None
        index = result.columns.index(name)
        key = _column_key([row[index] for row in rows])
        if key is None:
            return None
        rows.sort(key=_by(key, index), reverse=descending)
    return QueryResult(result.columns, tuple(rows))


def _by(key: Callable[[Term | None], SortKey],
        index: int) -> Callable[[tuple[Term | None, ...]], SortKey]:
    return lambda row: key(row[index])


def _column_key(values: list[Term | None]) -> Callable[[Term | None], SortKey] | None:
    """How to order one column, or ``None`` if its literals are of kinds compared otherwise."""
    kinds: set[object] = set()
    for value in values:
        if isinstance(value, ox.Literal):
            kind = _literal_kind(value)
            if kind is None:
                return None
            kinds.add(kind)
        elif isinstance(value, ox.Triple):
            return None
    if len(kinds) > 1:
        return None
    kind = next(iter(kinds), None)

    def key(term: Term | None) -> SortKey:
        if term is None:
            return (0,)
        if isinstance(term, ox.BlankNode):
            return (1, term.value)
        if isinstance(term, ox.NamedNode):
            return (2, term.value)
        assert isinstance(term, ox.Literal)
        if kind == "number":
            return (3, _number(term))
        if kind == "boolean":
            return (3, _BOOLEAN[term.value])
        return (3, term.value)

    return key


def _literal_kind(literal: ox.Literal) -> object | None:
    """Which literals this one is compared with by value; ``None`` if not handled here."""
    if literal.language is not None:
        return ("language", literal.language)
    datatype = literal.datatype.value
    if datatype == _STRING:
        return "string"
    if datatype in _NUMBER:
        return "number" if _NUMBER[datatype].fullmatch(literal.value) else None
    if datatype == _XSD + "boolean":
        return "boolean" if literal.value in _BOOLEAN else None
    if datatype in _LEXICAL:
        return datatype if _LEXICAL[datatype].fullmatch(literal.value) else None
    return None


def _number(literal: ox.Literal) -> Decimal | float:
    text = literal.value
    if literal.datatype.value in (_XSD + "integer", _XSD + "decimal"):
        return Decimal(text)
    return float(text)
