"""The query library published as SIB-style SPARQL examples: complete, well-formed, runnable."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner
from rdflib.namespace import RDF, RDFS, SH
from rdflib.plugins.sparql import prepareQuery

from kg.cli import main
from kg.rdf.store import KnowledgeGraph
from kg.sparql.examples import EXAMPLE_SPACE, examples_turtle, query_form
from kg.sparql.library import list_queries

SCHEMA = rdflib.Namespace("https://schema.org/")
ENDPOINT = "https://example.org/spacebio/sparql"
_TEXT = {SH.SPARQLSelectExecutable: SH.select, SH.SPARQLAskExecutable: SH.ask,
         SH.SPARQLConstructExecutable: SH.construct}


@pytest.fixture(scope="module")
def examples() -> rdflib.Graph:
    return rdflib.Graph().parse(data=examples_turtle(ENDPOINT), format="turtle")


def test_every_query_once(examples: rdflib.Graph) -> None:
    library = {q.name: q for q in list_queries()}
    nodes = list(examples.subjects(RDF.type, SH.SPARQLExecutable))
    labels = sorted(str(examples.value(n, RDFS.label)) for n in nodes)
    assert labels == sorted(library)
    for node in nodes:
        query = library[str(examples.value(node, RDFS.label))]
        assert str(node) == EXAMPLE_SPACE + query.name
        assert str(examples.value(node, RDFS.comment)) == query.summary
        assert examples.value(node, SCHEMA.target) == rdflib.URIRef(ENDPOINT)
        assert set(examples.objects(node, SCHEMA.keywords))
        forms = [t for t in examples.objects(node, RDF.type) if t in _TEXT]
        assert len(forms) == 1, (query.name, forms)
        texts = list(examples.objects(node, _TEXT[forms[0]]))
        assert len(texts) == 1 and query_form(str(texts[0])) in str(forms[0]).upper()


def test_each_text_runs_on_a_built_graph(examples: rdflib.Graph, content_build: Path) -> None:
    graph = KnowledgeGraph.load(content_build)
    answered = 0
    for node in examples.subjects(RDF.type, SH.SPARQLExecutable):
        text = next(str(o) for p in _TEXT.values() for o in examples.objects(node, p))
        prepareQuery(text)  # a second, independent parser
        result = graph.query(text)
        if isinstance(result, ox.QueryBoolean):
            answered += bool(result)
        else:
            answered += any(True for _ in result)
    assert answered > len(list_queries()) // 2  # most questions have answers in content/


def test_same_library_same_bytes_and_no_target_without_endpoint() -> None:
    assert examples_turtle(ENDPOINT) == examples_turtle(ENDPOINT)
    bare = rdflib.Graph().parse(data=examples_turtle(), format="turtle")
    assert not set(bare.objects(None, SCHEMA.target))


def test_form_of_the_construct_query(examples: rdflib.Graph) -> None:
    node = rdflib.URIRef(EXAMPLE_SPACE + "publication-card")
    assert (node, RDF.type, SH.SPARQLConstructExecutable) in examples


def test_cli_writes_the_file(tmp_path: Path) -> None:
    out = tmp_path / "examples.ttl"
    result = CliRunner().invoke(main, ["examples", "--endpoint", ENDPOINT, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == examples_turtle(ENDPOINT)
