"""A final ORDER BY done in Python (kg/sparql/ordering.py) gives Oxigraph's order.

Rows that tie on every key may come in either order (Oxigraph's sort is unstable), so two
answers are compared as the sequence of their key values, each with the rows of its tie.
"""

from __future__ import annotations

import random

import pyoxigraph as ox
import pytest

from kg.rdf.store import KnowledgeGraph
from kg.sparql.engine import run_named
from kg.sparql.guarded import GuardedEngine
from kg.sparql.library import list_queries, resolve_query
from kg.sparql.local import LocalEngine
from kg.sparql.ordering import sort_rows, trailing_order
from kg.sparql.result import QueryResult

XSD = "http://www.w3.org/2001/XMLSchema#"
ROW, A, B = (ox.NamedNode(f"http://example.org/{n}") for n in ("row", "a", "b"))


@pytest.mark.parametrize("text, keys", [
    ("SELECT * WHERE { ?s ?p ?o } ORDER BY ?s", (("s", False),)),
    ("select * { ?s ?p ?o } order by desc(?o) ?s asc(?p)",
     (("o", True), ("s", False), ("p", False))),
    ("SELECT * WHERE { ?s ?p ?o }\nORDER BY ?s  # the subject first\n", (("s", False),)),
    ("SELECT ?s (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?s HAVING (COUNT(*) > 1)"
     " ORDER BY DESC(?n) ?s", (("n", True), ("s", False))),
])
def test_a_final_order_by_over_variables_is_read(text, keys) -> None:
    order = trailing_order(text)
    assert order is not None and order.keys == keys
    assert text[order.start:order.start + 5].upper() == "ORDER"


@pytest.mark.parametrize("text", [
    "SELECT * WHERE { ?s ?p ?o } ORDER BY ?s LIMIT 10",  # the slice needs the engine's order
    "SELECT * WHERE { ?s ?p ?o } ORDER BY ?s OFFSET 2",
    "SELECT * WHERE { ?s ?p ?o } ORDER BY LCASE(?o)",  # an expression
    "SELECT * WHERE { ?s ?p ?o } ORDER BY DESC(STR(?o))",
    "SELECT * WHERE { { SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s LIMIT 1 } }",  # inner only
    "SELECT * WHERE { ?s ?p ?o } # ORDER BY ?s",  # a comment
    'SELECT * WHERE { ?s ?p "ORDER BY ?s" }',  # a string
    "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } ORDER BY ?s",
    "SELECT * WHERE { ?s ?p ?o } ORDER BY ?s VALUES ?s { <http://x/a> }",
    "SELECT * WHERE { ?s ?p ?o }",
])
def test_anything_else_is_left_to_oxigraph(text) -> None:
    assert trailing_order(text) is None


def _literal(value: str, datatype: str | None = None, language: str | None = None) -> ox.Literal:
    if language is not None:
        return ox.Literal(value, language=language)
    return ox.Literal(value, datatype=ox.NamedNode(XSD + (datatype or "string")))


# values of one kind each, none numerically equal to another with a different lexical form
POOLS: dict[str, list[object]] = {
    "nodes": [ox.NamedNode("http://example.org/z"), ox.NamedNode("http://example.org/%C3%A9"),
              ox.NamedNode("http://example.org/A"), ox.NamedNode("urn:x:é"),
              ox.BlankNode("b1"), ox.BlankNode("a2"), None],
    "strings": [_literal(t) for t in ("alpha", "Alpha", "", "é", "e", "中文", "😀", "z z", "10",
                                      "9")] + [ox.NamedNode("http://example.org/n"), None],
    "numbers": [_literal("3", "integer"), _literal("-12", "integer"), _literal("2.5", "decimal"),
                _literal("-0.75", "decimal"), _literal("1e3", "double"),
                _literal("INF", "double"), _literal("-INF", "double"),
                _literal("0.125", "float"), _literal("+7", "integer"), None],
    "languages": [_literal(t, language="en") for t in ("Mouse", "mouse", "rat", "Zebrafish")],
    "booleans": [_literal("true", "boolean"), _literal("false", "boolean"), None],
    "dates": [_literal(t, "date") for t in ("2024-01-31", "2023-12-01", "1999-07-04")] + [None],
    "times": [_literal(t, "dateTime") for t in ("2024-01-31T10:00:00", "2024-01-31T09:59:59.5",
                                                 "2024-01-31T10:00:00.25")] + [None],
}


def _graph(rows: list[tuple[object, object]]) -> KnowledgeGraph:
    lines = []
    for i, (a, b) in enumerate(rows):
        subject = f"<http://example.org/r{i}>"
        lines.append(f"{subject} {ROW} \"{i}\" <http://example.org/g> .\n")
        for predicate, value in ((A, a), (B, b)):
            if value is not None:
                lines.append(f"{subject} {predicate} {value} <http://example.org/g> .\n")
    return KnowledgeGraph(sorted(set(lines)))


QUERY = (f"SELECT ?r ?a ?b WHERE {{ ?r {ROW} ?i OPTIONAL {{ ?r {A} ?a }} "
         f"OPTIONAL {{ ?r {B} ?b }} }} ORDER BY ")


def _ties(result: QueryResult, columns: list[str]) -> list[tuple[tuple[str, ...], list[str]]]:
    """The rows in order, rows with the same key values in one group (in any order)."""
    groups: list[tuple[tuple[str, ...], list[str]]] = []
    for row in result.rows:
        key = tuple(str(row[result.columns.index(c)]) for c in columns)
        if not groups or groups[-1][0] != key:
            groups.append((key, []))
        groups[-1][1].append(str(row))
    return [(key, sorted(rows)) for key, rows in groups]


@pytest.mark.parametrize("seed", range(24))
def test_rows_sorted_here_come_in_oxigraphs_order(seed) -> None:
    rng = random.Random(seed)
    first, second = rng.sample(sorted(POOLS), 2)
    rows = [(rng.choice(POOLS[first]), rng.choice(POOLS[second])) for _ in range(40)]
    graph = _graph(rows)
    directions = [rng.choice(["", "DESC"]), rng.choice(["", "DESC"])]
    keys = " ".join(f"{d}(?{c})" if d else f"?{c}" for d, c in zip(directions, "ab"))
    here = LocalEngine(graph).query(QUERY + keys)
    engine = LocalEngine(graph, sort_here=False).query(QUERY + keys)
    assert len(here.rows) == 40
    assert _ties(here, ["a", "b"]) == _ties(engine, ["a", "b"]), (first, second, keys)


def test_a_column_of_literals_oxigraph_compares_otherwise_is_left_to_it() -> None:
    """A number and a string (or two languages) are not compared by value: Oxigraph orders
    them its own way, so the rows are not sorted here but the query runs as written."""
    mixed = [(_literal("10", "integer"), None), (_literal("9"), None),
             (_literal("b", language="en"), None), (_literal("a", language="fr"), None)]
    graph = _graph(mixed)
    unordered = LocalEngine(graph, sort_here=False).query(QUERY.replace(" ORDER BY ", ""))
    assert sort_rows(unordered, [("a", False)]) is None
    here = LocalEngine(graph).query(QUERY + "?a")
    assert here.rows == LocalEngine(graph, sort_here=False).query(QUERY + "?a").rows


def test_a_key_that_is_not_a_column_is_left_to_oxigraph() -> None:
    graph = _graph([(_literal("2", "integer"), None), (_literal("1", "integer"), None)])
    text = f"SELECT ?r WHERE {{ ?r {A} ?a }} ORDER BY DESC(?a)"
    result = LocalEngine(graph).query(text)
    assert [str(r[0]) for r in result.rows] == ["<http://example.org/r0>",
                                               "<http://example.org/r1>"]


@pytest.mark.parametrize("query", [q for q in list_queries()
                                   if trailing_order(q.sparql()) is not None],
                         ids=lambda q: q.name)
def test_every_library_listing_gives_oxigraphs_order(content_build, query) -> None:
    graph = KnowledgeGraph.load(content_build)
    order = trailing_order(resolve_query(query.name).sparql())
    assert order is not None
    columns = [name for name, _ in order.keys]
    here = run_named(LocalEngine(graph), query.name)
    engine = run_named(LocalEngine(graph, sort_here=False), query.name)
    assert here.rows, query.name  # content/ has rows for every listing
    if set(columns) <= set(here.columns):
        assert _ties(here, columns) == _ties(engine, columns)
    else:  # ordered by a variable it does not return: Oxigraph sorts, both times
        assert here.rows == engine.rows


@pytest.mark.parametrize("seed", range(4))
def test_the_endpoints_worker_sorts_as_oxigraph(seed) -> None:
    """``kg serve`` runs queries in a forked worker (kg/sparql/guarded.py), sorted there."""
    rng = random.Random(seed)
    rows = [(rng.choice(POOLS["numbers"]), rng.choice(POOLS["strings"])) for _ in range(30)]
    graph = _graph(rows)
    text = QUERY + "DESC(?a) ?b"
    served = GuardedEngine(LocalEngine(graph)).query(text)
    assert _ties(served, ["a", "b"]) == _ties(LocalEngine(graph, sort_here=False).query(text),
                                               ["a", "b"])
