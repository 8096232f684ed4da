"""One compliance suite for every engine that answers SPARQL for us.

The same cases run against the local engine (the reference), the guarded engine in process,
``kg serve`` in its own process (queried with :class:`RemoteEngine`), Virtuoso and the Oxigraph
server (both loaded with ``kg push``): every shipped query gives the local rows, ASK and
CONSTRUCT work, a parameter value is data, a bad query raises :class:`QueryError`, GRAPH
patterns see the article graphs. Servers start once per session; one that cannot start skips
here and fails in CI.
"""

from __future__ import annotations

import pytest

from kg.errors import QueryError
from kg.publish.push import push
from kg.rdf.store import KnowledgeGraph
from kg.sparql.engine import SparqlEngine, run_named
from kg.sparql.formats import format_result
from kg.sparql.guarded import GuardedEngine, Limits
from kg.sparql.library import list_queries
from kg.sparql.local import LocalEngine
from kg.sparql.remote import Endpoint, RemoteEngine

from .conftest import comparable, need
from .servers import Oxigraph, free_port, oxigraph_binary

BACKENDS = ("local", "guarded", "served", "virtuoso", "oxigraph")
SBKG = "https://w3id.org/spacebio-kg/ontology#"
INJECTION = 'x" } ; DROP ALL ; #'


@pytest.fixture(scope="session")
def graph(content_build) -> KnowledgeGraph:
    return KnowledgeGraph.load(content_build)


@pytest.fixture(scope="session")
def reference(graph) -> LocalEngine:
    """The engine every other is compared with (its own instance: nothing else touches it)."""
    return LocalEngine(KnowledgeGraph.from_lines(list(graph.quad_lines())))


@pytest.fixture(scope="session")
def oxigraph(tmp_path_factory, graph):
    """The Oxigraph server, the content build pushed into it through /store."""
    need(oxigraph_binary() is not None, "the oxigraph server (pip install oxigraph) is missing")
    server = Oxigraph(tmp_path_factory.mktemp("oxigraph"), free_port()).start()
    report = push(graph, Endpoint(server.graph_store), sparql=RemoteEngine(Endpoint(server.query)))
    assert len(report.sent) == len(graph.named_graphs())
    yield server
    server.stop()


def _engine(backend: str, request: pytest.FixtureRequest) -> SparqlEngine:
    graph: KnowledgeGraph = request.getfixturevalue("graph")
    if backend == "local":
        return LocalEngine(graph)
    if backend == "guarded":
        return GuardedEngine(LocalEngine(graph), Limits(max_seconds=60, max_rows=100_000))
    if backend == "served":
        return RemoteEngine.at(request.getfixturevalue("served") + "/sparql")
    if backend == "virtuoso":
        request.getfixturevalue("virtuoso_push")
        return RemoteEngine.at(request.getfixturevalue("virtuoso").sparql)
    server: Oxigraph = request.getfixturevalue("oxigraph")
    return RemoteEngine(Endpoint(server.query), update_url=server.update)


@pytest.fixture(scope="session", params=BACKENDS)
def engine(request) -> SparqlEngine:
    return _engine(request.param, request)


@pytest.mark.parametrize("query", list_queries(), ids=lambda q: q.name)
def test_every_library_query_gives_the_local_rows(engine, reference, query) -> None:
    expected = run_named(reference, query.name)
    found = run_named(engine, query.name)
    if expected.triples is not None:  # CONSTRUCT: the same graph, byte for byte as Turtle
        assert format_result(found, "turtle") == format_result(expected, "turtle")
        return
    assert found.columns == expected.columns
    assert comparable(found.values()) == comparable(expected.values())


def test_ask_answers_yes_and_no(engine) -> None:
    assert engine.query(f"ASK {{ ?p a <{SBKG}Publication> }}").boolean is True
    assert engine.query(f"ASK {{ ?p a <{SBKG}NoSuchClass> }}").boolean is False


def test_construct_gives_the_local_triples(engine, reference) -> None:
    query = f"CONSTRUCT {{ ?p <{SBKG}doi> ?doi }} WHERE {{ ?p a <{SBKG}Publication> ; <{SBKG}doi> ?doi }}"
    found, expected = engine.query(query), reference.query(query)
    assert found.triples is not None and expected.triples
    assert sorted(map(str, found.triples)) == sorted(map(str, expected.triples))


def test_a_parameter_value_with_quotes_and_braces_is_data(engine, reference) -> None:
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    before = engine.query(count).values()
    assert run_named(engine, "publication-card", {"doi": INJECTION}).triples == ()
    assert engine.query(count).values() == before, "the value changed the store"
    # and a real value, bound the same way, finds what the local engine finds
    some = reference.query(f"SELECT (MIN(?d) AS ?doi) WHERE {{ ?p <{SBKG}doi> ?d }}").values()
    doi = {"doi": str(some[0]["doi"]).upper()}  # the query ignores the DOI's case
    expected = run_named(reference, "publication-card", doi)
    assert expected.triples
    assert format_result(run_named(engine, "publication-card", doi), "turtle") == \
        format_result(expected, "turtle")


def test_a_query_that_does_not_parse_raises_query_error(engine) -> None:
    with pytest.raises(QueryError) as failure:
        engine.query("SELECT ?s WHERE { ?s ?p")
    assert type(failure.value) is QueryError
    if isinstance(engine, RemoteEngine):
        assert engine.name in str(failure.value)


def test_graph_patterns_see_the_article_graphs(engine, graph) -> None:
    found = engine.query(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?g a <{SBKG}ArticleGraph> }} }}")
    names = {f"<{row['g']}>" for row in found.values()}
    articles = {g for g in graph.named_graphs() if "/id/graph/" in g}
    assert names == articles and len(articles) >= 15


def test_an_unknown_endpoint_raises_query_error_naming_it() -> None:
    url = f"http://127.0.0.1:{free_port()}/sparql"
    with pytest.raises(QueryError, match=url):
        RemoteEngine.at(url, timeout=5).query("ASK {}")


def test_the_guarded_engine_stops_what_outruns_its_limits(graph) -> None:
    from kg.errors import QueryLimitError

    guarded = GuardedEngine(LocalEngine(graph), Limits(max_seconds=1, max_rows=5))
    with pytest.raises(QueryLimitError, match="more than 5 rows") as rows:
        guarded.query("SELECT * WHERE { ?s ?p ?o }")
    assert rows.value.limit == "rows"
    with pytest.raises(QueryLimitError, match="longer than 1 s") as time:
        guarded.query("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }")
    assert time.value.limit == "time"
    assert len(guarded.query("SELECT * WHERE { ?s ?p ?o } LIMIT 5").rows) == 5


@pytest.mark.parametrize("backend", ["local", "guarded", "oxigraph"])
def test_updates_through_the_interface(backend, content_build, request) -> None:
    """Writable engines take SPARQL updates (on copies or a throw-away graph: others stay)."""
    name = "http://example.org/test-updates"
    if backend == "oxigraph":
        engine = _engine(backend, request)
    else:
        copy = KnowledgeGraph.load(content_build)
        engine = LocalEngine(copy) if backend == "local" else GuardedEngine(LocalEngine(copy))
    ask = f"ASK {{ GRAPH <{name}> {{ <http://example.org/s> ?p ?o }} }}"
    assert engine.query(ask).boolean is False
    engine.update(f"INSERT DATA {{ GRAPH <{name}> {{ <http://example.org/s> <http://example.org/p> 1 }} }}")
    assert engine.query(ask).boolean is True
    engine.update(f"DROP GRAPH <{name}>")
    assert engine.query(ask).boolean is False
    with pytest.raises(QueryError):
        engine.update("INSERT DATA { oops")


def test_credentials_are_values_the_library_never_reads_from_the_environment(monkeypatch) -> None:
    monkeypatch.setenv("KG_ENDPOINT_USER", "someone")
    monkeypatch.setenv("KG_ENDPOINT_PASSWORD", "s3cret")
    engine = RemoteEngine.at("http://127.0.0.1:9/sparql")
    assert engine.endpoint.user is None and engine.endpoint.password is None
    given = RemoteEngine.at("http://127.0.0.1:9/sparql", "dba", "hidden", "digest")
    assert "hidden" not in repr(given) and given.name == "http://127.0.0.1:9/sparql"
    with pytest.raises(QueryError, match="unknown authentication"):
        RemoteEngine.at("http://127.0.0.1:9/sparql", "dba", "x", "kerberos")


@pytest.mark.parametrize("backend", ["local", "guarded", "served"])
def test_stats_through_an_engine_count_what_the_graph_counts(backend, graph, request) -> None:
    """Engines holding exactly the build (stores loaded by push also hold the manifest)."""
    from kg.sparql.stats import stats

    through = stats(_engine(backend, request))
    direct = stats(graph)
    assert through == direct and direct.triples > 1000 and direct.graphs >= 15
