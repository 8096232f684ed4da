"""The query store: the merge as default graph, named graphs on demand, canonical text."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import GraphLoadError
from kg.publish.export import serialize
from kg.rdf.canonical import split_quad
from kg.rdf.store import KnowledgeGraph
from kg.sparql.run import run_query

from .conftest import write

TRIG = """
@prefix ex: <http://example.org/> .
ex:s ex:p "in the default graph" .
ex:g1 { ex:s ex:p "shared" . ex:s ex:q ex:o . }
ex:g2 { ex:s ex:p "shared" . }
"""


@pytest.fixture
def mixed(tmp_path: Path) -> KnowledgeGraph:
    return KnowledgeGraph.load(write(tmp_path, "mixed.trig", TRIG))


def test_a_triple_in_two_graphs_is_one_row(mixed: KnowledgeGraph) -> None:
    rows = run_query(mixed, 'SELECT ?o WHERE { <http://example.org/s> ?p ?o }').values()
    assert sorted(r["o"] for r in rows) == ["http://example.org/o", "in the default graph", "shared"]
    assert mixed.triple_count == 3 and len(mixed) == 4


def test_graph_patterns_see_the_named_graphs(mixed: KnowledgeGraph) -> None:
    rows = run_query(mixed, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } "
                            "GROUP BY ?g ORDER BY ?g").values()
    assert [(r["g"], r["n"]) for r in rows] == [("http://example.org/g1", "2"),
                                                ("http://example.org/g2", "1")]
    # and the default graph of a GRAPH-naming query is still the merge
    rows = run_query(mixed, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o FILTER NOT EXISTS "
                            "{ GRAPH ?g { ?s ?p ?o } } }").values()
    assert rows == [{"n": "1"}]


def test_canonical_lines_keep_every_graph(mixed: KnowledgeGraph) -> None:
    lines = list(mixed.quad_lines())
    assert [split_quad(line)[1] for line in lines] == [
        "", "<http://example.org/g1>", "<http://example.org/g1>", "<http://example.org/g2>"]
    assert mixed.named_graphs() == ["<http://example.org/g1>", "<http://example.org/g2>"]
    assert serialize(KnowledgeGraph.from_lines(lines), "nquads") == "".join(lines).encode()


def test_unreadable_graph_files_are_load_errors(tmp_path: Path) -> None:
    with pytest.raises(GraphLoadError, match=r"cannot read it as Turtle: .* line 1"):
        KnowledgeGraph.load(write(tmp_path, "bad.ttl", "this is not turtle"))
    with pytest.raises(GraphLoadError, match="unknown RDF file extension"):
        KnowledgeGraph.load(write(tmp_path, "graph.csv", "a,b"))
    with pytest.raises(GraphLoadError, match="run 'kg build' first"):
        KnowledgeGraph.load(tmp_path / "build")
