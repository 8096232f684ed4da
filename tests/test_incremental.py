"""Builds on all cores and from the cache of the last build give the bytes of a clean build."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from kg.ingest.discover import entries
from kg.pipeline import reading
from kg.pipeline.build import build
from kg.pipeline.reading import read_all

from .conftest import REPO

OUTPUTS = ("graph.nq", "graph.ttl", "report.json", "void.ttl")


def _bytes(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in OUTPUTS}


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``content/`` built once on one core with no cache: the reference bytes."""
    out = tmp_path_factory.mktemp("clean")
    build(REPO / "content", out, jobs=1, cache=False)
    assert not (out / "cache").exists()
    return out


def test_all_cores_give_the_bytes_of_one(clean: Path, tmp_path: Path) -> None:
    result = build(REPO / "content", tmp_path / "out", jobs=3, cache=False)
    assert result.counts["built"] > 30
    assert _bytes(tmp_path / "out") == _bytes(clean)


def test_a_rebuild_reads_only_the_edited_file(clean: Path, tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    out = tmp_path / "out"
    first = build(content, out)
    assert first.reused == 0 and _bytes(out) == _bytes(clean)
    again = build(content, out)
    assert again.reused == len(again.outcomes) and _bytes(out) == _bytes(clean)

    article = sorted(content.glob("*.md"))[0]
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("\n## ", "\nAn added line naming Trp53.\n\n## ", 1),
                       encoding="utf-8")
    edited = build(content, out, jobs=2)
    assert edited.reused == len(edited.outcomes) - 1
    reference = build(content, tmp_path / "reference", cache=False)
    assert reference.reused == 0
    assert _bytes(out) == _bytes(tmp_path / "reference") != _bytes(clean)


def test_a_new_version_of_the_code_reads_everything_again(
        clean: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    shutil.copytree(clean, out)
    build(REPO / "content", out)
    monkeypatch.setattr(reading, "code_digest", lambda: "another version of kg")
    rebuilt = build(REPO / "content", out)
    assert rebuilt.reused == 0 and _bytes(out) == _bytes(clean)


def test_a_damaged_cache_entry_is_read_again(clean: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(REPO / "content", out)
    # (without the state of the last build, as on a first build into a folder with a cache:
    # with it, the unchanged files are not read at all, tests/test_patch.py)
    (out / "cache" / "STATE").unlink()
    damaged = sorted((out / "cache").glob("*/*"))
    for path in damaged[:3]:
        path.write_bytes(b"not a pickle")
    rebuilt = build(REPO / "content", out)
    assert rebuilt.reused == len(rebuilt.outcomes) - 3 and _bytes(out) == _bytes(clean)
    assert len(list((out / "cache").glob("*/*"))) == len(rebuilt.outcomes)  # one per file


def test_a_worker_that_dies_loses_no_file(tmp_path: Path) -> None:
    for n in range(12):
        (tmp_path / f"a{n:02}.md").write_text(f"file {n}\n", encoding="utf-8")
    parent = os.getpid()

    def read(path: Path, root: Path, strict: bool, rel: str) -> str:
        if rel == "a05.md" and os.getpid() != parent:
            os._exit(9)  # as the kernel's out-of-memory killer would end a worker
        return path.read_text(encoding="utf-8")

    found = [e for e in entries(tmp_path) if e.refused is None]
    results, reused, _keys = read_all(read, found, tmp_path, False, cache_dir=None, jobs=2)
    assert results == [f"file {n}\n" for n in range(12)] and reused == 0
