"""Shared fixtures and helpers: data folders, the shared corpus, and graph comparison."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import rdflib
from rdflib.compare import graph_diff, to_isomorphic

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).parent.parent
SHARED = Path(os.environ.get("KG_SHARED", REPO.parent / "shared"))
CORPUS = SHARED / "corpus"
GOLD = SHARED / "gold"


def in_ci() -> bool:
    """CI must run every test: what would skip on a laptop fails there instead."""
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def need(condition: bool, reason: str) -> None:
    """Skip when ``condition`` is false, except in CI, where it is a failure."""
    if condition:
        return
    if in_ci():
        pytest.fail(f"required in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def corpus() -> Path:
    need(CORPUS.is_dir(), f"the shared corpus is not at {CORPUS}")
    return CORPUS


def _dump(graph: rdflib.Graph) -> str:
    lines = sorted(graph.serialize(format="nt").splitlines())
    return "\n".join(line for line in lines if line.strip())


def assert_isomorphic(expected: rdflib.Graph, actual: rdflib.Graph) -> None:
    """Assert two graphs are isomorphic; on failure, show the triples only in one of them."""
    iso_expected, iso_actual = to_isomorphic(expected), to_isomorphic(actual)
    if iso_expected == iso_actual:
        return
    _both, only_expected, only_actual = graph_diff(iso_expected, iso_actual)
    raise AssertionError(
        "graphs differ\n--- only in expected:\n" + _dump(only_expected)
        + "\n+++ only in actual:\n" + _dump(only_actual)
    )


def synthetic_corpus(folder: Path, count: int) -> Path:
    """``count`` articles made by the benchmarks' generator (benchmarks/synthetic.py)."""
    import sys

    sys.path.insert(0, str(REPO / "benchmarks"))
    from synthetic import generate

    return generate(folder, count)


def write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def content_build(tmp_path_factory) -> Path:
    """The shipped ``content/`` built once, as a build folder (``graph.nq`` ...)."""
    from kg.pipeline.build import build

    out = tmp_path_factory.mktemp("content-build")
    result = build(REPO / "content", out)
    assert not result.failed, [str(d) for d in result.diagnostics]
    return out


@pytest.fixture(scope="session")
def served(content_build):
    """``kg serve`` of the content build, in its own process: the base URL."""
    from .servers import serve

    server = serve(content_build)
    yield server.url
    server.stop()


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory):
    """A private Virtuoso, empty, for the whole session (tests/test_remote.py, test_engines.py)."""
    from .servers import VIRTUOSO_PASSWORD, Virtuoso, free_port, virtuoso_available

    need(virtuoso_available(), "Virtuoso (apt install virtuoso-opensource) is not installed")
    server = Virtuoso(tmp_path_factory.mktemp("virtuoso"), free_port(), free_port(),
                      VIRTUOSO_PASSWORD)
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def virtuoso_push(virtuoso, content_build):
    """The content build pushed into Virtuoso once: the report of that first push."""
    from kg.publish.push import push
    from kg.rdf.store import KnowledgeGraph
    from kg.sparql.remote import Endpoint

    writer = Endpoint(virtuoso.graph_store, "dba", virtuoso.password, "digest")
    return push(KnowledgeGraph.load(content_build), writer, sparql=Endpoint(virtuoso.sparql))


def comparable(rows: list[dict]) -> list[tuple]:
    """Rows as a sorted list of tuples, each value in a form every store writes alike:
    numbers as numbers (``2`` and ``2.0``), the parts of a ``GROUP_CONCAT`` in sorted order
    (SPARQL leaves their order to the engine)."""
    def value(text: str | None) -> object:
        if text is None:
            return None
        try:
            return float(text)
        except ValueError:
            pass
        for separator in (" | ", "; ", ", "):
            if separator in text:
                return separator.join(sorted(text.split(separator)))
        return text

    return sorted((tuple(sorted((k, value(v)) for k, v in row.items() if v is not None))
                   for row in rows), key=repr)
