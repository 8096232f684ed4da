"""Building a folder: every file accounted for, one bad file never stops the others, output is
deterministic."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kg.errors import ContentError, Severity
from kg.pipeline.build import build
from kg.publish.export import serialize
from kg.rdf.store import KnowledgeGraph

from .conftest import DATA, write

GOOD = (DATA / "golden" / "pelvic-bone.md").read_text(encoding="utf-8")


def test_every_file_is_accounted_for(tmp_path: Path) -> None:
    write(tmp_path, "good.md", GOOD)
    write(tmp_path, "sub/repaired.md", GOOD.replace('experimentType: "Spaceflight"',
                                                   'experimentType: "Spaceflight", "Others"'))
    write(tmp_path, "broken.md", GOOD.replace('doi: "10.1371/journal.pone.0061372"', 'doi: "oops"'))
    write(tmp_path, "news.md", '---\ntitle: "A phone"\ntags: ["Technology"]\n---\nText.\n')
    write(tmp_path, "README.md", "# About this folder\n")
    write(tmp_path, ".hidden/ignored.md", GOOD)
    write(tmp_path, "notes.txt", "not markdown")
    result = build(tmp_path, out_dir=None)
    status = {o.path: o.status for o in result.outcomes}
    assert status == {
        "README.md": "skipped",
        "broken.md": "rejected",
        "good.md": "built",
        "news.md": "skipped",
        "sub/repaired.md": "repaired",
    }
    assert result.counts == {"built": 1, "repaired": 1, "skipped": 2, "rejected": 1}
    assert result.failed  # a rejected file fails the build ...
    assert result.publications == 1  # ... but the good ones are in the graph
    rejected = next(o for o in result.outcomes if o.status == "rejected").diagnostics[-1]
    assert (rejected.path, rejected.line, rejected.field) == ("broken.md", 14, "doi")


def test_strict_turns_repairs_into_failures(tmp_path: Path) -> None:
    write(tmp_path, "repaired.md", GOOD.replace("---\n\n# Introduction", "```\n---\n\n# Introduction"))
    loose = build(tmp_path, out_dir=None)
    assert loose.counts["repaired"] == 1 and not loose.failed
    strict = build(tmp_path, out_dir=None, strict=True)
    assert strict.counts["rejected"] == 1 and strict.failed
    assert strict.outcomes[0].diagnostics[-1].code == "strict"
    assert strict.publications == 0


def test_missing_content_folder(tmp_path: Path) -> None:
    with pytest.raises(ContentError):
        build(tmp_path / "nope", out_dir=None)


def test_build_writes_turtle_trig_and_report(tmp_path: Path) -> None:
    result = build(DATA / "articles", tmp_path / "out")
    names = sorted(p.name for p in result.written)
    assert names == ["graph.nq", "graph.ttl", "report.json", "store", "void.ttl"]
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    assert report["counts"] == result.counts and report["files"] == 2
    loaded = KnowledgeGraph.load(tmp_path / "out")
    assert len(loaded) == result.quads == len(build(DATA / "articles", out_dir=None).graph)
    turtle = KnowledgeGraph.load(tmp_path / "out" / "graph.ttl")
    assert loaded.triple_lines() == turtle.triple_lines()
    assert turtle.triple_count == result.triples


def test_same_input_gives_byte_identical_files(tmp_path: Path) -> None:
    # the second copy is made in reverse order, so files differ in creation order and inode
    first, second = tmp_path / "a", tmp_path / "b"
    shutil.copytree(DATA / "articles", first / "content")
    for source in sorted((DATA / "articles").rglob("*.md"), reverse=True):
        write(second / "content", source.relative_to(DATA / "articles").as_posix(),
              source.read_bytes())
    build(first / "content", first / "out")
    build(second / "content", second / "out")
    for name in ("graph.ttl", "graph.nq", "report.json"):
        assert (first / "out" / name).read_bytes() == (second / "out" / name).read_bytes(), name


def test_export_of_a_loaded_build_reproduces_the_build_files(tmp_path: Path) -> None:
    build(DATA / "articles", tmp_path)
    loaded = KnowledgeGraph.load(tmp_path)
    assert serialize(loaded, "turtle") == (tmp_path / "graph.ttl").read_bytes()
    assert serialize(loaded, "nquads") == (tmp_path / "graph.nq").read_bytes()


def test_progress_is_reported_per_file() -> None:
    seen: list[tuple[int, int, str]] = []
    build(DATA / "articles", out_dir=None, progress=lambda d, t, p: seen.append((d, t, p)))
    assert [s[:2] for s in seen] == [(1, 2), (2, 2)]


def test_warnings_name_file_and_line() -> None:
    result = build(DATA / "articles", out_dir=None)
    warning = next(d for d in result.diagnostics if d.code == "unknown-concept")
    assert warning.severity is Severity.WARNING
    assert (warning.path, warning.line, warning.field) == (
        "field/tardigrade-proteins-review.md", 8, "experimentType")


def test_a_folder_without_articles_builds_the_vocabulary_alone(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    result = build(tmp_path / "content", tmp_path / "out")
    assert result.outcomes == () and result.publications == 0
    assert result.triples > 0 and not result.failed  # the published schemes, nothing else
