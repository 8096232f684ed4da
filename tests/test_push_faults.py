"""A push that never lies: through a proxy of ours that fails, cuts or truncates requests to
a real Virtuoso, the store's manifest never claims what was not confirmed, two pushes cannot
interleave, and a large graph is either the old version or the new one."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from kg.core.namespaces import LOCK_GRAPH, MANIFEST_GRAPH, STAGING_GRAPH
from kg.errors import PushError
from kg.pipeline.build import build
from kg.publish.push import _graphs, _lock_body, digest, push
from kg.rdf.store import KnowledgeGraph
from kg.sparql.remote import Endpoint, query_endpoint

from .conftest import REPO, need
from .faults import FaultProxy
from .servers import Virtuoso, free_port, virtuoso_available

PASSWORD = "kgFaults42"


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """A Virtuoso of its own, not conftest's shared one: these tests leave edited and broken
    pushes in the store, which the row comparisons of the other suites must not see."""
    need(virtuoso_available(), "Virtuoso (apt install virtuoso-opensource) is not installed")
    server = Virtuoso(tmp_path_factory.mktemp("virtuoso-faults"), free_port(), free_port(),
                      PASSWORD)
    server.start()
    yield server
    server.stop()


@pytest.fixture()
def proxy(virtuoso):  # type: ignore[no-untyped-def]
    found = FaultProxy(virtuoso.base)
    yield found
    found.close()


def endpoints(base: str, virtuoso: Virtuoso) -> tuple[Endpoint, Endpoint, Endpoint]:
    """The Graph Store, query and update endpoints at ``base`` (the proxy or the store)."""
    return (Endpoint(base + "/sparql-graph-crud-auth", "dba", PASSWORD, "digest"),
            Endpoint(virtuoso.sparql),
            Endpoint(base + "/sparql-auth", "dba", PASSWORD, "digest"))


def stored(virtuoso: Virtuoso) -> dict[str, int]:
    rows = query_endpoint(Endpoint(virtuoso.sparql), """
        SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g""").values()
    return {str(r["g"]): int(r["n"] or 0) for r in rows
            if str(r["g"]).startswith("https://w3id.org/spacebio-kg/")}


def manifest(virtuoso: Virtuoso) -> dict[str, str]:
    rows = query_endpoint(Endpoint(virtuoso.sparql), f"""
        SELECT ?g ?d WHERE {{ GRAPH <{MANIFEST_GRAPH}> {{ ?g ?p ?d }} }}""").values()
    return {str(r["g"]): str(r["d"]) for r in rows}


def graphs_of(graph: KnowledgeGraph) -> dict[str, list[str]]:
    return dict(_graphs(graph))


def truth(graph: KnowledgeGraph) -> dict[str, str]:
    """What the manifest must say once the build is in the store."""
    return {name: digest(lines) for name, lines in graphs_of(graph).items()}


def by_digest(graph: KnowledgeGraph) -> dict[str, set[str]]:
    """Each graph's triples, by the digest the manifest would state for it."""
    return {digest(lines): {t for t in map(_terms, lines) if not _store_rewrites(t)}
            for lines in graphs_of(graph).values()}


def _terms(line: str) -> str:
    import pyoxigraph as ox

    [t] = ox.parse(line.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return f"{t.subject} {t.predicate} {t.object}"


def holds(virtuoso: Virtuoso, name: str) -> set[str]:
    """The triples the store holds in graph ``name``."""
    result = query_endpoint(Endpoint(virtuoso.sparql),
                            f"SELECT ?s ?p ?o WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} }}")
    return {f"{s} {p} {o}" for s, p, o in result.rows if not _store_rewrites(str(o))}


def _store_rewrites(term: str) -> bool:
    """Virtuoso stores xsd:duration as seconds ("PT3M" reads back "180.0"): not compared."""
    return term.endswith("#duration>")


@pytest.fixture()
def edited(tmp_path: Path) -> tuple[KnowledgeGraph, KnowledgeGraph]:
    """The content build, and a build with three articles edited."""
    original = build(REPO / "content", tmp_path / "a").graph
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    for path in sorted(content.glob("*.md"))[:3]:
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("## Key Findings", "## Key Findings\n- Edited.", 1),
                        encoding="utf-8")
    return original, build(content, tmp_path / "b").graph


def test_a_push_cut_off_half_way_claims_nothing_it_did_not_confirm(virtuoso, proxy,
                                                                   edited) -> None:
    original, changed = edited
    store, sparql, _update = endpoints(virtuoso.base, virtuoso)
    push(original, store, sparql=sparql)
    assert manifest(virtuoso) == truth(original)
    faulty, _, _ = endpoints(proxy.url, virtuoso)
    proxy.arm("PUT", nth=4, kind="cut")  # the lock, the manifest cut down, one graph, then cut
    with pytest.raises(PushError, match=r"cannot connect|refused"):
        push(changed, faulty, sparql=sparql)
    assert len(proxy.fault.fired) == 1
    # every digest the manifest still states is true of what the store holds
    versions = {digest: lines for build_ in (original, changed) for digest, lines in
                by_digest(build_).items()}
    for name, claimed in manifest(virtuoso).items():
        assert holds(virtuoso, name) == versions[claimed], f"the manifest lies about {name}"
    now_true = truth(changed)
    again = push(changed, store, sparql=sparql)  # the next push sends what was not confirmed
    assert len(again.sent) == 3 and again.verified
    assert manifest(virtuoso) == now_true
    assert LOCK_GRAPH not in stored(virtuoso)


def test_a_store_that_keeps_less_than_it_was_sent_is_caught(virtuoso, proxy, edited) -> None:
    original, changed = edited
    store, sparql, _ = endpoints(virtuoso.base, virtuoso)
    push(original, store, sparql=sparql)
    faulty, _, _ = endpoints(proxy.url, virtuoso)
    fault = proxy.arm("PUT", nth=3, kind="truncate")  # the first article graph loses a triple
    with pytest.raises(PushError, match="does not hold what was sent"):
        push(changed, faulty, sparql=sparql)
    assert fault.fired
    assert push(changed, store, sparql=sparql).sent  # not vouched for: sent again
    assert manifest(virtuoso) == truth(changed)


def test_two_pushes_cannot_interleave(virtuoso, edited) -> None:
    original, _changed = edited
    store, sparql, _ = endpoints(virtuoso.base, virtuoso)
    other = "kg push on another host #1"
    body = _lock_body(other, int(time.time()) + 600)
    store_put(virtuoso, body)
    with pytest.raises(PushError, match="being pushed by 'kg push on another host #1'"):
        push(original, store, sparql=sparql)
    store_put(virtuoso, _lock_body(other, int(time.time()) - 1))  # a lock that lapsed
    report = push(original, store, sparql=sparql)
    assert report.unchanged or report.sent
    assert LOCK_GRAPH not in stored(virtuoso)  # released


def store_put(virtuoso: Virtuoso, body: bytes) -> None:
    import requests
    from requests.auth import HTTPDigestAuth

    response = requests.put(virtuoso.graph_store, params={"graph": LOCK_GRAPH}, data=body,
                            headers={"Content-Type": "text/turtle"}, timeout=30,
                            auth=HTTPDigestAuth("dba", PASSWORD))
    assert response.status_code < 300, response.text


def test_a_large_graph_killed_half_way_keeps_its_old_version(virtuoso, proxy, edited) -> None:
    original, changed = edited
    store, sparql, update = endpoints(virtuoso.base, virtuoso)
    push(original, store, sparql=sparql)
    before = stored(virtuoso)
    faulty, _, faulty_update = endpoints(proxy.url, virtuoso)
    proxy.arm("PUT", nth=3, kind="cut")  # the staging PUT of the first edited graph
    with pytest.raises(PushError):
        push(changed, faulty, sparql=sparql, update=faulty_update, stage_above=1)
    after = stored(virtuoso)
    assert {g: n for g, n in after.items() if not g.startswith(STAGING_GRAPH)
            and g not in (MANIFEST_GRAPH, LOCK_GRAPH)} == {
        g: n for g, n in before.items() if g not in (MANIFEST_GRAPH, LOCK_GRAPH)}
    report = push(changed, store, sparql=sparql, update=update, stage_above=1)
    assert len(report.sent) == 3 and report.verified
    assert not any(g.startswith(STAGING_GRAPH) for g in stored(virtuoso))  # moved, not copied
    assert manifest(virtuoso) == truth(changed)
