"""A rebuild after a small edit edits the previous outputs (kg/pipeline/incremental.py) and
gives, after every kind of edit, the bytes and the stores of a clean build."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.pipeline.build import BuildResult, build
from kg.pipeline.incremental import MAX_SHARE
from kg.rdf import disk
from kg.rdf.splice import SortedDump, splice
from kg.rdf.turtle import turtle_bytes

from .conftest import REPO

OUTPUTS = ("graph.nq", "graph.ttl", "report.json", "void.ttl")


def _bytes(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in OUTPUTS}


def _stores(out: Path) -> dict[str, set[str]]:
    location = disk.valid_location(out / "graph.nq")
    assert location is not None, f"no valid stores in {out}"
    return {which: {str(q) for q in disk.open_store(location, which)}
            for which in (disk.MERGED, disk.DATASET)}


class Corpus:
    """A copy of a content folder, built once; each step edits it and rebuilds."""

    def __init__(self, source: Path, tmp: Path) -> None:
        self.content = tmp / "content"
        shutil.copytree(source, self.content)
        self.out = tmp / "out"
        self.tmp = tmp
        self.steps = 0
        first = build(self.content, self.out)
        assert not first.patched

    def file(self, index: int) -> Path:
        return sorted(self.content.glob("*.md"))[index]

    def rebuild(self, patched: bool = True) -> BuildResult:
        """Build again; assert how, and that it gives what a clean build gives."""
        result = build(self.content, self.out)
        assert result.patched is patched
        self.steps += 1
        reference = self.tmp / f"reference-{self.steps}"
        build(self.content, reference, cache=False)
        mine, clean = _bytes(self.out), _bytes(reference)
        for name in OUTPUTS:
            assert mine[name] == clean[name], f"{name} differs from a clean build's"
        assert _stores(self.out) == _stores(reference)
        return result


@pytest.fixture
def corpus(tmp_path: Path) -> Corpus:
    return Corpus(REPO / "content", tmp_path)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _field(path: Path, name: str) -> str:
    found = re.search(rf"^{name}:\s*(.+)$", path.read_text(encoding="utf-8"), re.MULTILINE)
    assert found, f"no {name} in {path.name}"
    return found.group(1).strip()


def test_every_kind_of_edit_gives_the_bytes_of_a_clean_build(corpus: Corpus) -> None:
    originals = {p: p.read_bytes() for p in corpus.content.glob("*.md")}
    # nothing changed: only the report is written again
    same = corpus.rebuild()
    assert same.reused == len(originals)
    # a gene named in a finding: the article's graph, the gene's node, claims and links
    first = corpus.file(0)
    _edit(first, "\n## ", "\nIn the soleus **Fbxo32** and **Trim63** rose after flight.\n\n## ")
    edited = corpus.rebuild()
    assert edited.reused == len(originals) - 1
    # a knowledge gap reworded: the themes computed again
    second = corpus.file(1)
    gaps = re.search(r'^knowledgeGaps:\s*(?:\[\s*"|\n\s*- )([^"\n]+)',
                     second.read_text(encoding="utf-8"), re.MULTILINE)
    assert gaps, "the second article states no knowledge gaps"
    _edit(second, gaps.group(1), "Whether bone loss in flight reverses fully after landing")
    corpus.rebuild()
    # a new article; then a second article about the same publication with another journal,
    # so that both are reconciled (a warning each) and mapped again
    third = corpus.file(2)
    added = corpus.content / "zz-new-article.md"
    added.write_text(third.read_text(encoding="utf-8").replace(
        _field(third, "doi"), '"10.9999/kg-test.1"', 1), encoding="utf-8")
    corpus.rebuild()
    twin = corpus.content / "zz-twin.md"
    twin.write_text(third.read_text(encoding="utf-8").replace(
        _field(third, "journal"), '"Another Journal of Tests"', 1), encoding="utf-8")
    reconciled = corpus.rebuild()
    assert any(d.code == "publication-conflict" for d in reconciled.diagnostics)
    # an article removed, another broken beyond repair
    corpus.file(3).unlink()
    broken = corpus.file(4)
    broken.write_text("---\ntitle: [unclosed\n---\nbody\n", encoding="utf-8")
    broke = corpus.rebuild()
    assert broke.counts["rejected"] == 1
    # everything back as it was
    added.unlink()
    twin.unlink()
    for path, data in originals.items():
        path.write_bytes(data)
    corpus.rebuild()


def test_the_shared_corpus_after_an_edit(tmp_path: Path) -> None:
    from .conftest import CORPUS, need

    need(CORPUS.is_dir(), f"the shared corpus is not at {CORPUS}")
    corpus = Corpus(CORPUS, tmp_path)
    with_genes = next(p for p in sorted(corpus.content.rglob("*.md"))
                      if "**" in p.read_text(encoding="utf-8", errors="replace"))
    _edit(with_genes, "**", "**Cdkn1a** and **")
    corpus.rebuild()


def test_outputs_changed_since_the_build_make_a_full_build(corpus: Corpus) -> None:
    with (corpus.out / "graph.ttl").open("ab") as handle:
        handle.write(b"\n")
    _edit(corpus.file(0), "\n## ", "\nA line naming Trp53.\n\n## ")
    corpus.rebuild(patched=False)
    corpus.rebuild()  # and the build after that edits again


def test_many_changed_files_make_a_full_build(corpus: Corpus) -> None:
    files = sorted(corpus.content.glob("*.md"))
    assert len(files) * MAX_SHARE > 8
    for path in files[:len(files) // 2]:
        _edit(path, "\n## ", "\nA line naming Trp53.\n\n## ")
    corpus.rebuild(patched=False)


def test_a_rebuild_that_fails_half_way_leaves_nothing_wrong(
        corpus: Corpus, monkeypatch: pytest.MonkeyPatch) -> None:
    before = _bytes(corpus.out)
    _edit(corpus.file(0), "\n## ", "\nA line naming Trp53.\n\n## ")

    def fail(*_args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(disk.StorePatch, "merge", fail)
    with pytest.raises(OSError, match="disk full"):
        build(corpus.content, corpus.out)
    monkeypatch.undo()
    # the old dumps stay; the stores, edited half-way, are not used (the text is read)
    assert _bytes(corpus.out) == before
    assert disk.valid_location(corpus.out / "graph.nq") is None
    corpus.rebuild(patched=False)


def _nquads(graphs: dict[str, list[str]]) -> bytes:
    return "".join(f"<s:{s}> <p:p> \"{o}\" <{g}> .\n"
                   for g in sorted(graphs) for s, o in sorted(graphs[g])).encode()


def test_graph_ranges_are_found_by_bisection(tmp_path: Path) -> None:
    graphs = {f"g:{name}": [(str(i), f"x {i} é") for i in range(n)]
              for name, n in (("a", 1), ("b", 3), ("c\u00e9", 2), ("d", 5))}
    path = tmp_path / "graph.nq"
    data = _nquads(graphs)
    path.write_bytes(data)
    with SortedDump(path, "nquads") as dump:
        for g, triples in graphs.items():
            start, end = dump.range(f"<{g}>")
            assert data[start:end].count(b"\n") == len(triples)
            assert all(line.endswith(f"<{g}> .".encode()) for line in
                       data[start:end].splitlines())
        assert dump.range("<g:0>") == (0, 0)
        assert dump.range("<g:bb>") == dump.range("<g:c\u00e9>")[:1] * 2
        assert dump.range("<h:>") == (len(data), len(data))
        out = io.BytesIO()
        b, d = dump.range("<g:b>"), dump.range("<g:d>")
        splice(dump, [(0, 0, b"first\n"), (*b, b""), (*d, b"last\n")], out)
    rest = dict(graphs)
    del rest["g:b"], rest["g:d"]
    assert out.getvalue() == b"first\n" + _nquads(rest) + b"last\n"


def test_subject_blocks_are_found_in_turtle(tmp_path: Path) -> None:
    lines = sorted([
        '<http://purl.obolibrary.org/obo/NCBITaxon_10090> <http://www.w3.org/2000/01/rdf-schema#label> "mouse" .\n',
        '<https://example.org/a> <https://example.org/p> "one\\ntwo" .\n',
        '<https://example.org/a> <https://example.org/p> "three" .\n',
        '<https://example.org/b> <https://example.org/p> <https://example.org/a> .\n',
    ])
    path = tmp_path / "graph.ttl"
    with path.open("wb") as handle:
        turtle_bytes(lines, handle)
    data = path.read_bytes()
    assert b"NCBITaxon:10090" in data  # a prefixed subject, found by its full term
    with SortedDump(path, "turtle") as dump:
        start, end = dump.range("<http://purl.obolibrary.org/obo/NCBITaxon_10090>")
        assert data[start:end].startswith(b"\nNCBITaxon:10090\n") and b"mouse" in data[start:end]
        start, end = dump.range("<https://example.org/a>")
        assert b"one\\ntwo" in data[start:end] and b"three" in data[start:end]
        assert end == dump.range("<https://example.org/b>")[0]
        assert dump.range("<https://example.org/aa>") == (end, end)
    parsed = {str(q) for q in ox.parse(data, format=ox.RdfFormat.TURTLE)}
    assert len(parsed) == 4
