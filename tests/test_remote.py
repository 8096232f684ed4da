"""A real triple store: Virtuoso Open Source, started by the tests on 127.0.0.1.

``kg push`` loads the build through the Graph Store Protocol with digest authentication;
``kg query --endpoint`` reads it through SPARQLWrapper. That every shipped query gives the same
rows here as on the local graph is a case of the compliance suite, tests/test_engines.py.
"""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.core.namespaces import TALLIES_GRAPH, THEMES_GRAPH
from kg.errors import QueryError
from kg.pipeline.build import build
from kg.publish.push import MANIFEST_GRAPH, PushError, digest, push
from kg.rdf.store import KnowledgeGraph
from kg.sparql.remote import Endpoint, query_endpoint

from .conftest import REPO
from .servers import VIRTUOSO_PASSWORD

PASSWORD = VIRTUOSO_PASSWORD
ARTICLE = "Arabidopsis-Roots-Need-the-Trans-Golgi-Protein-TNO1-to-Bend-With-Gravity.md"


@pytest.fixture(scope="module")
def writer(virtuoso) -> Endpoint:
    return Endpoint(virtuoso.graph_store, "dba", PASSWORD, "digest")


@pytest.fixture(scope="module")
def loaded(virtuoso_push, content_build) -> KnowledgeGraph:
    """The content build, pushed once (for the session: the compliance suite reads it too)."""
    graph = KnowledgeGraph.load(content_build)
    assert len(virtuoso_push.sent) == len(graph.named_graphs())
    return graph


def remote_counts(virtuoso) -> dict[str, int]:
    """Triples per graph in the store, for our graphs."""
    rows = query_endpoint(Endpoint(virtuoso.sparql), """
        SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g""").values()
    return {r["g"]: int(r["n"]) for r in rows if r["g"].startswith("https://w3id.org/spacebio-kg/")}


def local_counts(graph: KnowledgeGraph) -> dict[str, int]:
    counts: dict[str, int] = {}
    for name in graph.named_graphs():
        counts[name[1:-1]] = 0
    for line in graph.quad_lines():
        counts[line.rsplit(" ", 2)[1][1:-1]] += 1
    return counts


def test_push_puts_each_article_in_its_own_graph(virtuoso, loaded) -> None:
    stored = remote_counts(virtuoso)
    manifest = stored.pop(MANIFEST_GRAPH)
    assert stored == local_counts(loaded)
    assert manifest == len(loaded.named_graphs())


def test_a_repeated_push_leaves_no_duplicates(virtuoso, writer, loaded) -> None:
    before = remote_counts(virtuoso)
    report = push(loaded, writer)  # no query endpoint: everything is sent again
    assert len(report.sent) == len(loaded.named_graphs())
    assert remote_counts(virtuoso) == before


def test_a_re_push_after_one_edit_sends_that_article_alone(virtuoso, writer, loaded,
                                                           tmp_path) -> None:
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    article = content / ARTICLE
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("\nsummary: ", "\nsummary: Edited again. ", 1),
                       encoding="utf-8")
    edited = build(content, tmp_path / "build").graph
    before = remote_counts(virtuoso)
    report = push(edited, writer, sparql=Endpoint(virtuoso.sparql))
    name = "https://w3id.org/spacebio-kg/id/graph/" + ARTICLE[:-3]
    assert report.sent == (name,)
    assert len(report.unchanged) == len(loaded.named_graphs()) - 1
    after = remote_counts(virtuoso)
    assert {g for g in after if after[g] != before.get(g)} <= {name, MANIFEST_GRAPH}
    summary = query_endpoint(Endpoint(virtuoso.sparql), f"""
        SELECT ?s WHERE {{ GRAPH <{name}> {{ ?a <http://purl.org/dc/terms/abstract> ?s }} }}""")
    assert summary.values()[0]["s"].startswith("Edited again.")
    # and back: the original build sends that graph, and only that graph, again
    assert push(loaded, writer, sparql=Endpoint(virtuoso.sparql)).sent == (name,)
    assert remote_counts(virtuoso) == before  # (a summary is not what themes are made of)


def test_prune_deletes_graphs_the_build_no_longer_has(virtuoso, writer, loaded,
                                                      tmp_path) -> None:
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    (content / ARTICLE).unlink()
    smaller = build(content, tmp_path / "build").graph
    name = "https://w3id.org/spacebio-kg/id/graph/" + ARTICLE[:-3]
    kept = push(smaller, writer, sparql=Endpoint(virtuoso.sparql))
    # the themes and tallies are the corpus's: one article fewer may change them, nothing else
    assert set(kept.sent) <= {THEMES_GRAPH, TALLIES_GRAPH} and kept.deleted == ()
    assert name in remote_counts(virtuoso)
    pruned = push(smaller, writer, sparql=Endpoint(virtuoso.sparql), prune=True)
    assert pruned.deleted == (name,) and name not in remote_counts(virtuoso)
    assert set(push(loaded, writer, sparql=Endpoint(virtuoso.sparql)).sent) \
        <= {name, THEMES_GRAPH, TALLIES_GRAPH}


def test_a_refused_push_says_why_and_changes_nothing(virtuoso, loaded) -> None:
    before = remote_counts(virtuoso)
    with pytest.raises(PushError, match=r"HTTP 401 .*check the user and password.*0 of"):
        push(loaded, Endpoint(virtuoso.graph_store, "dba", "wrong", "digest"))
    with pytest.raises(PushError, match=r"--auth digest"):
        push(loaded, Endpoint(virtuoso.graph_store, "dba", PASSWORD, "basic"))
    assert remote_counts(virtuoso) == before


def test_push_and_query_from_the_command_line(virtuoso, loaded, content_build,
                                              monkeypatch) -> None:
    runner = CliRunner()
    monkeypatch.setenv("KG_ENDPOINT_PASSWORD", PASSWORD)
    result = runner.invoke(main, ["push", "--graph", str(content_build), "--endpoint",
                                  virtuoso.graph_store, "--sparql", virtuoso.sparql,
                                  "--user", "dba", "--auth", "digest"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("sent 0 graphs (0 triples), ")
    assert PASSWORD not in result.output
    monkeypatch.setenv("KG_ENDPOINT_PASSWORD", "wrong")
    refused = runner.invoke(main, ["push", "--graph", str(content_build), "--endpoint",
                                   virtuoso.graph_store, "--user", "dba", "--auth", "digest"])
    assert refused.exit_code == 3 and "HTTP 401" in refused.output
    assert "wrong" not in refused.output.replace("wrong update", "")
    query = runner.invoke(main, ["query", "recurring-genes", "--endpoint", virtuoso.sparql,
                                 "-p", "min=3", "-f", "csv"])
    assert query.exit_code == 0, query.output
    local = runner.invoke(main, ["query", "recurring-genes", "--graph", str(content_build),
                                 "-p", "min=3", "-f", "csv"])
    assert query.output == local.output and query.output.count("\n") >= 2


def test_queries_with_authentication(virtuoso, loaded) -> None:
    """/sparql-auth wants digest credentials: SPARQLWrapper sends them, wrong ones fail."""
    ask = "ASK { ?s a <https://w3id.org/spacebio-kg/ontology#Publication> }"
    good = Endpoint(virtuoso.sparql_auth, "dba", PASSWORD, "digest")
    assert query_endpoint(good, ask).boolean is True
    with pytest.raises(QueryError) as failure:
        query_endpoint(Endpoint(virtuoso.sparql_auth, "dba", "nope", "digest"), ask)
    assert "Unauthorized" in str(failure.value) and "nope" not in str(failure.value)
    assert "nope" not in repr(Endpoint(virtuoso.sparql_auth, "dba", "nope", "digest"))


def test_manifest_digests_match_the_graphs(virtuoso, loaded) -> None:
    rows = query_endpoint(Endpoint(virtuoso.sparql), f"""
        SELECT ?g ?d WHERE {{ GRAPH <{MANIFEST_GRAPH}> {{ ?g ?p ?d }} }}""").values()
    grouped: dict[str, list[str]] = {}
    for line in loaded.quad_lines():
        triple, name = line.rsplit(" ", 2)[0] + " .\n", line.rsplit(" ", 2)[1][1:-1]
        grouped.setdefault(name, []).append(triple)
    assert {r["g"]: r["d"] for r in rows} == {n: digest(t) for n, t in grouped.items()}
