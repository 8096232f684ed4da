"""No file can abort a build: each kind of hostile or broken frontmatter is that file's
rejection, naming its line and field, and the good files beside it are still built."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from kg.errors import printable
from kg.pipeline import build as pipeline
from kg.pipeline import files
from kg.pipeline.build import build

from .conftest import write

GOOD = """---
title: "Flown mice keep their muscle genes busy"
publishDate: 2022-03-04
organisms: ["Mice"]
doi: "10.5555/robust.good"
journal: "Journal of Test Fixtures"
---

## Key Findings
- **Fbxo32** rose after the flight.
"""

BAD = """---
title: "A broken summary"
publishDate: {date}
organisms: ["Mice"]
priority: {priority}
doi: "10.5555/robust.bad"
chartData: {chart}
---

## Key Findings
- Nothing to see.
"""

_BOMB = "\n".join(
    [f'{"abcdefghi"[0]}0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    + [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 9)])


def bad(date: str = "2022-01-01", priority: str = "high", chart: str = "null") -> str:
    return BAD.format(date=date, priority=priority, chart=chart)


CASES = {
    # dates YAML reads as timestamps but Python cannot hold
    "impossible-day": (bad(date="2021-02-30"), 3, "publishDate", "bad-date"),
    "year-zero": (bad(date="0000-01-01"), 3, "publishDate", "bad-date"),
    "offset-past-a-day": (bad(date="2021-01-01T10:00:00+99:00"), 3, "publishDate", "bad-date"),
    # explicit tags with values they cannot take
    "float-tag": (bad(priority="!!float abc"), 5, "priority", "yaml-syntax"),
    "bool-tag": (bad(priority="!!bool maybe"), 5, "priority", "yaml-syntax"),
    # a chart given as a string of a thousand nested brackets
    "deep-chart": (bad(chart='"' + "[" * 1000 + "]" * 1000 + '"'), 7, "chartData", "bad-chart"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_broken_file_is_rejected_with_line_and_field(tmp_path: Path, name: str) -> None:
    text, line, field, code = CASES[name]
    write(tmp_path, "good.md", GOOD)
    write(tmp_path, f"{name}.md", text)
    result = build(tmp_path, out_dir=None)
    outcomes = {o.path: o for o in result.outcomes}
    assert outcomes["good.md"].status == "built"
    rejected = outcomes[f"{name}.md"]
    assert rejected.status == "rejected"
    errors = [d for d in rejected.diagnostics if d.severity.value == "error"]
    assert [(d.line, d.field, d.code) for d in errors] == [(line, field, code)], errors


def test_an_alias_bomb_is_refused_at_once(tmp_path: Path) -> None:
    text = GOOD.replace('doi: "10.5555/robust.good"', 'doi: "10.5555/robust.bomb"\n' + _BOMB)
    write(tmp_path, "good.md", GOOD)
    write(tmp_path, "bomb.md", text)
    started = time.process_time()
    result = build(tmp_path, out_dir=None)
    assert time.process_time() - started < 30  # a bound on runaway work, not a benchmark
    outcome = next(o for o in result.outcomes if o.path == "bomb.md")
    assert outcome.status == "rejected"
    assert "aliases" in outcome.diagnostics[-1].message
    assert result.counts["built"] == 1


def test_a_fault_of_ours_rejects_one_file_and_says_so(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, "good.md", GOOD)
    write(tmp_path, "other.md", GOOD.replace("robust.good", "robust.other"))
    real = files.mapped_article

    def faulty(record, *args, **kwargs):  # type: ignore[no-untyped-def]
        if record.path == "other.md":
            raise KeyError("a bug")
        return real(record, *args, **kwargs)

    monkeypatch.setattr(files, "mapped_article", faulty)
    result = build(tmp_path, out_dir=None)
    outcomes = {o.path: o for o in result.outcomes}
    assert outcomes["good.md"].status == "built"
    assert outcomes["other.md"].status == "rejected"
    diagnostic = outcomes["other.md"].diagnostics[0]
    assert diagnostic.code == "internal-error" and "KeyError" in diagnostic.message
    assert "kg/pipeline/files.py" in diagnostic.message or "tests/" not in diagnostic.message


def test_entries_on_disk_are_taken_as_they_are_and_refused_when_unsafe(tmp_path: Path) -> None:
    import os

    content = tmp_path / "content"
    write(content, "good.md", GOOD)
    name = b"odd-\xff-name.md"  # not UTF-8: kept as its bytes
    (content / os.fsdecode(name)).write_text(GOOD.replace("robust.good", "robust.odd"))
    outside = write(tmp_path, "elsewhere.md", GOOD.replace("robust.good", "robust.outside"))
    (content / "outside.md").symlink_to(outside)
    (content / "loop-a.md").symlink_to(content / "loop-b.md")
    (content / "loop-b.md").symlink_to(content / "loop-a.md")
    (content / "inside.md").symlink_to(content / "good.md")
    (content / "sub").mkdir()
    (content / "sub" / "up").symlink_to(content)  # a folder loop: walked once
    os.mkfifo(content / "pipe.md")
    result = build(content, tmp_path / "out")
    codes = {printable(o.path): (o.status, o.diagnostics[0].code if o.diagnostics else None)
             for o in result.outcomes}
    assert codes == {
        "good.md": ("built", None),
        "inside.md": ("built", None),
        "odd-\ufffd-name.md": ("built", None),
        "outside.md": ("rejected", "symlink"),
        "loop-a.md": ("rejected", "symlink"),
        "loop-b.md": ("rejected", "symlink"),
        "pipe.md": ("rejected", "not-a-file"),
    }
    graph = (tmp_path / "out" / "graph.nq").read_text(encoding="utf-8")
    assert "odd-%FF-name" in graph  # the IRI keeps the name's own byte


def _outputs(out: Path) -> dict[str, bytes]:
    """The build folder's files, and the stamp of its stores, by name (the cache of records
    may gain entries: each is valid for its key whatever becomes of the build)."""
    found = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    found |= {f"store/{p.name}": p.read_bytes() for p in (out / "store").iterdir() if p.is_file()}
    assert sorted(p.name for p in out.iterdir() if not p.is_file()) == ["cache", "store"]
    return found


@pytest.mark.parametrize(("full", "stage"), [
    (True, "turtle_bytes"), (True, "write_stores"),  # a full build
    (False, "splice"), (False, "turtle_bytes"),  # a rebuild editing the last outputs
])
def test_outputs_are_new_and_complete_or_old_and_untouched(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, full: bool, stage: str) -> None:
    from kg.pipeline import incremental

    write(tmp_path / "content", "good.md", GOOD)
    out = tmp_path / "out"
    build(tmp_path / "content", out)
    before = _outputs(out)
    write(tmp_path / "content", "second.md", GOOD.replace("robust.good", "robust.second"))

    def broken(*args: object, **kwargs: object) -> int:
        raise OSError(28, "No space left on device")

    if full:
        (out / "cache" / "STATE").unlink()  # no state to start from: a full build
    where = files if stage == "write_stores" else pipeline if full else incremental
    monkeypatch.setattr(where, stage, broken)
    with pytest.raises(OSError):
        build(tmp_path / "content", out)
    # no .part file or store left, the old report still matches the old graph and stores;
    # a rebuild that failed after editing the stores has taken their stamp away, so that
    # they are not used (the graph is read from graph.nq) until the next build
    after = _outputs(out)
    if not full and stage == "turtle_bytes":
        assert "store/STAMP" not in after
        del before["store/STAMP"]
    assert after == before
    monkeypatch.undo()
    rebuilt = build(tmp_path / "content", out)
    assert rebuilt.counts["built"] == 2 and rebuilt.patched is (not full and stage == "splice")


def test_a_pasted_list_of_thousands_of_genes_stays_linear(tmp_path: Path) -> None:
    """Every mention used to store, and scan, its whole sentence: a bullet of 3,000 gene
    names gave 48 MB of N-Quads from 30 kB. Evidence is now a window around each mention, so
    twice the names give about twice the graph, not four times."""
    from kg.extract.genes import MAX_EVIDENCE

    def graph_of(repeat: int) -> str:
        names = " ".join(["**Fbxo32**", "Cdkn1a", "Trp53", "Myc", "Col1a1"] * repeat)
        text = GOOD.replace("- **Fbxo32** rose after the flight.", f"- {names} rose.")
        write(tmp_path / f"c{repeat}", "long.md", text)
        result = build(tmp_path / f"c{repeat}", tmp_path / f"o{repeat}")
        assert result.counts["built"] == 1
        return (tmp_path / f"o{repeat}" / "graph.nq").read_text(encoding="utf-8")

    small, large = graph_of(300), graph_of(600)
    assert len(large) < 2.5 * len(small)
    sentences = [line for line in large.splitlines() if "#sentence>" in line]
    assert len(sentences) >= 2000
    assert max(len(line) for line in sentences) < MAX_EVIDENCE + 400


def test_an_internal_failure_has_its_own_exit_code(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Exit 1 means rejected data; a bug of ours must not look like that."""
    from click.testing import CliRunner

    from kg.cli import main

    write(tmp_path / "content", "good.md", GOOD)

    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(pipeline, "entries", broken)
    result = CliRunner().invoke(main, ["build", str(tmp_path / "content"), "-o",
                                       str(tmp_path / "out")])
    assert result.exit_code == 4, result.output
    assert "internal error: ZeroDivisionError" in result.output
