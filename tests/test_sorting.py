"""The bounded-memory merge gives exactly what one in-memory sort gives, and so does a build."""

from __future__ import annotations

import random
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.pipeline.build import build
from kg.rdf.disk import write_stores
from kg.rdf.sorting import ExternalSort, sorted_distinct

from .conftest import REPO


def _lines(rng: random.Random, count: int) -> list[str]:
    # few distinct values, so that the same line falls in several runs; non-ASCII too
    words = ["<a:s>", "<a:t>", '"z"', '"é"', '"\\u0001"', "<b:ü>", '"x y"', "<a:s2>"]
    return [" ".join(rng.choice(words) for _ in range(rng.randint(1, 3))) + " .\n"
            for _ in range(count)]


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize(("chunk", "fan_in"), [(1, 2), (3, 2), (5, 3), (50, 64)])
def test_external_sort_is_sorted_set(tmp_path: Path, seed: int, chunk: int, fan_in: int) -> None:
    rng = random.Random(seed)
    batches = [_lines(rng, rng.randint(0, 40)) for _ in range(rng.randint(1, 12))]
    sorter = ExternalSort(tmp_path / "runs", chunk, fan_in)
    for batch in batches:
        sorter.add(batch)
    every = [line for batch in batches for line in batch]
    assert list(sorter.lines()) == sorted(set(every))
    sorter.close()
    assert not (tmp_path / "runs").exists()
    assert list(sorted_distinct(every, tmp_path / "again", chunk, fan_in)) == sorted(set(every))
    assert not (tmp_path / "again").exists()


def test_spilling_writes_runs(tmp_path: Path) -> None:
    sorter = ExternalSort(tmp_path / "runs", chunk=2)
    for line in ["b\n", "a\n", "c\n", "a\n", "d\n"]:
        sorter.add([line])
    assert sorter.runs >= 2  # the test above would pass without spilling otherwise
    assert list(sorter.lines()) == ["a\n", "b\n", "c\n", "d\n"]


def test_tiny_chunks_build_the_same_bytes(tmp_path: Path) -> None:
    normal = build(REPO / "content", tmp_path / "normal", cache=False)
    tiny = build(REPO / "content", tmp_path / "tiny", cache=False, chunk=5)
    for name in ("graph.nq", "graph.ttl", "void.ttl", "report.json"):
        assert (tmp_path / "tiny" / name).read_bytes() == (tmp_path / "normal" / name).read_bytes()
    assert tiny.triples == normal.triples
    assert not (tmp_path / "tiny" / "merge.part").exists()


def _statements(folder: Path) -> dict[str, list[str]]:
    return {which: sorted(str(q) for q in ox.Store.read_only(str(folder / which)))
            for which in ("merged", "dataset")}


def test_stores_loaded_in_pieces_hold_the_same(tmp_path: Path) -> None:
    build(REPO / "content", tmp_path / "b", cache=False)
    dumps = (tmp_path / "b" / "graph.nq", tmp_path / "b" / "graph.ttl")
    write_stores(tmp_path / "small", *dumps, piece=50)
    expected = _statements(tmp_path / "b" / "store")
    assert _statements(tmp_path / "small") == expected
    merged = ox.Store()
    merged.bulk_load(path=str(dumps[1]), format=ox.RdfFormat.TURTLE)
    assert len(expected["merged"]) == len(merged) > 50
