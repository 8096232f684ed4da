"""The stores a build leaves on disk: every command queries them instead of reloading the text,
with the same answers, and never when they were made from another ``graph.nq``."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.rdf.store import KnowledgeGraph, names_graphs
from kg.sparql.engine import run_named
from kg.sparql.guarded import GuardedEngine
from kg.sparql.library import list_queries
from kg.sparql.local import LocalEngine

from .conftest import comparable


@pytest.fixture(scope="module")
def both(content_build: Path) -> tuple[KnowledgeGraph, KnowledgeGraph]:
    """The content build on its stores, and the same graph read from its text."""
    disk = KnowledgeGraph.load(content_build)
    text = KnowledgeGraph.from_lines(list(disk.quad_lines()))
    return disk, text


def test_the_build_leaves_stores_that_commands_open(
        both: tuple[KnowledgeGraph, KnowledgeGraph]) -> None:
    disk, text = both
    assert disk.on_disk and not text.on_disk
    assert disk.triple_count == text.triple_count > 1000


@pytest.mark.parametrize("name", [q.name for q in list_queries()])
def test_every_library_query_answers_alike_on_disk(
        both: tuple[KnowledgeGraph, KnowledgeGraph], name: str) -> None:
    disk, text = both
    assert comparable(run_named(disk, name).values()) == comparable(run_named(text, name).values())


def test_graph_queries_use_the_stored_article_graphs(
        both: tuple[KnowledgeGraph, KnowledgeGraph]) -> None:
    disk, text = both
    query = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    counted = LocalEngine(disk).query(query).values()
    assert counted == LocalEngine(text).query(query).values()
    assert int(counted[0]["n"] or 0) == len(text.named_graphs())


def test_stores_of_another_graph_file_are_not_used(content_build: Path, tmp_path: Path) -> None:
    copy = tmp_path / "build"
    shutil.copytree(content_build, copy)  # copytree keeps the times: still the same file
    assert KnowledgeGraph.load(copy).on_disk
    graph_file = copy / "graph.nq"
    lines = graph_file.read_text(encoding="utf-8").splitlines(keepends=True)
    graph_file.write_text("".join(lines[: len(lines) // 2]), encoding="utf-8")
    edited = KnowledgeGraph.load(copy)
    assert not edited.on_disk  # answers come from the edited text, not the stale stores
    assert edited.triple_count < KnowledgeGraph.load(content_build).triple_count


def test_an_update_goes_to_a_copy_in_memory(content_build: Path) -> None:
    graph = KnowledgeGraph.load(content_build)
    before = graph.triple_count
    LocalEngine(graph).update("INSERT DATA { <urn:x:s> <urn:x:p> 'added' }")
    assert not graph.on_disk and graph.triple_count == before + 1
    assert KnowledgeGraph.load(content_build).triple_count == before  # the stores unchanged


def test_forked_workers_open_the_stores_themselves(
        both: tuple[KnowledgeGraph, KnowledgeGraph]) -> None:
    disk, text = both
    fresh = KnowledgeGraph(file=disk._file)  # a graph no query has touched yet
    engine = GuardedEngine(LocalEngine(fresh))
    for name in ("journals", "missions", "article-provenance"):
        guarded = engine.query(next(q for q in list_queries() if q.name == name).sparql())
        assert comparable(guarded.values()) == comparable(run_named(text, name).values())
    assert fresh.on_disk and fresh._store is None and fresh._dataset is None


@pytest.mark.parametrize(("query", "expected"), [
    ("SELECT * WHERE { ?s ?p ?o } # the studies from the build", False),
    ('SELECT * WHERE { ?s ?p "a graph from space" }', False),
    ("SELECT * WHERE { ?s <http://example.org/from> ?o }", False),
    ("SELECT * WHERE { ?s ex:graph ?o }", False),
    ("SELECT * FROM <http://example.org/g> WHERE { ?s ?p ?o }", True),
    ("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", True),
    ("select*from<urn:g>{?s ?p ?o}", True),
])
def test_only_a_real_graph_keyword_sends_a_query_to_the_article_graphs(
        query: str, expected: bool) -> None:
    assert names_graphs(query) is expected


def test_workers_on_disk_stores_keep_a_memory_cap_that_queries_fit_in(content_build: Path) -> None:
    """RocksDB starts threads as it opens: opened under the worker's address-space cap, their
    stacks failed and a third of the queries killed their worker. The stores are opened
    first, then capped: every query of the library answers with a small budget, and a query
    that would hold a cross product in memory is still stopped."""
    from kg.errors import QueryLimitError
    from kg.sparql.guarded import Limits

    graph = KnowledgeGraph.load(content_build)
    engine = GuardedEngine(LocalEngine(graph), Limits(max_seconds=60, max_rows=100_000,
                                                      max_memory_mb=256))
    for info in list_queries():
        engine.query(info.sparql())
    engine.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    with pytest.raises(QueryLimitError) as stopped:
        engine.query("SELECT ?a ?d WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?a ?d ?f ?c LIMIT 1")
    assert stopped.value.limit in ("memory", "worker")


def _quads(n: int) -> bytes:
    return "".join(f'<urn:s{i}> <urn:p> "{i}" <urn:g{i % 7}> .\n' for i in range(n)).encode()


def test_the_feed_loads_the_quads_as_they_are_written(tmp_path: Path) -> None:
    import pyoxigraph as ox

    from kg.rdf.disk import DATASET, QuadFeed

    feed = QuadFeed(tmp_path / "stores", piece=1_000)
    data = _quads(5_000)
    for start in range(0, len(data), 4_096):  # pieces that cut lines in two
        feed.write(data[start:start + 4_096])
    feed.close()
    store = ox.Store.read_only(str(tmp_path / "stores" / DATASET))
    assert len(store) == 5_000 and len(list(store.named_graphs())) == 7


def test_a_feed_whose_loader_fails_stops_the_writer_with_the_loader_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kg.rdf import disk

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(disk, "_load_from", broken)
    feed = disk.QuadFeed(tmp_path / "stores")
    with pytest.raises(OSError, match="No space"):  # more than the pipe and its buffer hold
        for _ in range(40):
            feed.write(_quads(2_000))
        feed.close()
    feed.abort()  # (what the build does next: ends at once)


def test_a_feed_given_a_bad_statement_raises_when_closed(tmp_path: Path) -> None:
    from kg.rdf.disk import QuadFeed

    feed = QuadFeed(tmp_path / "stores")
    feed.write(_quads(10) + b"<urn:s> not a quad\n")
    with pytest.raises(SyntaxError):
        feed.close()


def test_a_failing_feed_leaves_the_last_build_untouched(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    from kg.pipeline.build import build
    from kg.rdf import disk

    content = Path(__file__).resolve().parents[1] / "content"
    out = tmp_path / "out"
    build(content, out, cache=False)
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    load = disk._load_from

    def broken_in_feed(*args: object, **kwargs: object) -> None:
        if threading.current_thread().name == "kg-store-feed":
            raise OSError(5, "Input/output error")
        load(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(disk, "_load_from", broken_in_feed)
    with pytest.raises(OSError, match="Input/output"):
        build(content, out, cache=False)
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before and not list(tmp_path.rglob("*.part"))
