"""Build a knowledge graph from a content folder: every file read, checked, turned into quads.

A build with the state of the last one into the same folder edits that build's outputs
where they changed (:mod:`kg.pipeline.incremental`); otherwise, or with ``cache=False``, it
is a full build, below. What becomes of each file: :mod:`kg.pipeline.files`.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from collections.abc import Callable
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

from kg.core.namespaces import LINKS_GRAPH, TALLIES_GRAPH, THEMES_GRAPH, VOCAB_GRAPH
from kg.ingest.discover import Entry, discover, entries
from kg.pipeline.files import (
    BuildResult,
    FileOutcome,
    Progress,
    build_file,
    corpus_themes,
    map_record,
    outputs,
    read_file,
    reconcile_outcomes,
    themes_digest,
    vocabulary_lines,
    written_files,
)
from kg.pipeline.incremental import patch
from kg.pipeline.reading import CACHE_DIR, cached, code_digest, read_all
from kg.pipeline.state import Article, BuildState, save_state
from kg.rdf.canonical import drop_graph, iri
from kg.rdf.claims import Member, claim_members, member_link_lines
from kg.rdf.mapping import graph_iri, publication_iri
from kg.rdf.sorting import CHUNK, ExternalSort
from kg.rdf.store import GRAPH_FILE, REPORT_FILE, TURTLE_FILE, VOID_FILE, KnowledgeGraph
from kg.rdf.tallies import Counted, GeneNames, ThemePublications, add_names, tally_lines
from kg.rdf.turtle import turtle_bytes
from kg.rdf.void import VoidCounts
from kg.records.model import ArticleRecord

__all__ = ["FileOutcome", "BuildResult", "discover", "build", "build_file", "vocabulary_lines"]


def build(
    content_dir: str | Path = "content",
    out_dir: str | Path | None = "build",
    *,
    strict: bool = False,
    progress: Progress | None = None,
    jobs: int = 1,
    cache: bool = True,
    chunk: int = CHUNK,
) -> BuildResult:
    """Build the graph of every article under ``content_dir``; write it to ``out_dir``.

    ``out_dir`` receives ``graph.nq`` (one named graph per article, with provenance),
    ``graph.ttl`` (the merged graph) and ``report.json`` (what became of each file). With
    ``out_dir=None`` nothing is written. ``progress(done, total, path)`` is called per file.
    ``jobs``: worker processes reading the files (the output is the same for any number).
    ``cache``: reuse the records of files unchanged since the last build into ``out_dir``
    (``out_dir/cache``; see :mod:`kg.pipeline.reading`). ``chunk``: distinct triples held in
    memory before a sorted run of them is spilled to disk (the output is the same for any).

    The build works on canonical N-Quads lines: each article's lines are sorted on their own
    and written out in graph order as they come, so no sort of the whole graph is needed for
    ``graph.nq``. The merge (``graph.ttl``) is every distinct triple of all articles: an
    external sort (:mod:`kg.rdf.sorting`) spills them in sorted runs to a scratch folder of the
    build and merges the runs as Turtle is written, VoID counted on the way, so its memory
    stays one chunk whatever the corpus size.
    """
    root = Path(content_dir)
    found = entries(root)
    files = [e for e in found if e.refused is None]
    outcomes: list[FileOutcome] = [FileOutcome(e.rel, "rejected", (e.refused,))
                                   for e in found if e.refused is not None]
    units: list[tuple[str, Entry | None]] = [(iri(graph_iri(e.rel)), e) for e in files]
    units.append((iri(VOCAB_GRAPH), None))
    units.sort(key=lambda unit: unit[0])
    # the links, tallies and themes graphs sort after every article graph and before the
    # vocabulary graph, the last unit: they are written just before it, once every article
    # has been read
    assert units[-1][1] is None and all(
        g < iri(LINKS_GRAPH) < iri(TALLIES_GRAPH) < iri(THEMES_GRAPH) < iri(VOCAB_GRAPH)
        for g, _e in units[:-1])
    out = None if out_dir is None else Path(out_dir)
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
    # first every file read into its record, then the publications' facts reconciled across
    # articles, then each record mapped, in graph order
    ordered = [unit[1] for unit in units if unit[1] is not None]
    done = iter(range(len(outcomes) + 1, len(found) + 1))
    tick = (lambda rel: progress(next(done), len(found), rel)) if progress else None
    cache_dir = None if out is None or not cache else out / CACHE_DIR
    if cache_dir is not None and out is not None:
        patched = patch(root, out, found, strict, jobs=jobs, tick=tick)
        if patched is not None:
            return patched
        done = iter(range(len(outcomes) + 1, len(found) + 1))  # (the ticks start again)
    # with an output folder, the records are not all held: each is read back from the cache
    # (or, with ``cache=False``, from a scratch copy of one) when it is mapped
    spill = None if out is None else (cache_dir or out / "records.part")
    try:
        return _build(root, out, strict, outcomes, units, ordered, spill, cache, jobs, tick,
                      chunk)
    finally:
        if spill is not None and cache_dir is None:
            shutil.rmtree(spill, ignore_errors=True)


def _build(root: Path, out: Path | None, strict: bool, outcomes: list[FileOutcome],
           units: list[tuple[str, Entry | None]], ordered: list[Entry], spill: Path | None,
           cache: bool, jobs: int, tick: Callable[[str], None] | None, chunk: int) -> BuildResult:
    quads = 0
    kept: list[str] = []
    records: dict[str, ArticleRecord] = {}
    read: dict[str, FileOutcome] = {}
    results, cached, keys = read_all(read_file, ordered, root, strict, jobs=jobs, progress=tick,
                                     cache_dir=spill, slim=_slim)
    key_of = dict(zip((e.rel for e in ordered), keys, strict=True))
    for item, (outcome, record) in zip(ordered, results, strict=True):
        read[item.rel] = outcome
        if record is not None:
            records[item.rel] = record
    del results  # the records live on in ``records`` alone (or in the spill)
    # the publications stated by more than one article: their records are reconciled, and
    # what that changed in each is held (not the records: about 5% of the synthetic corpus
    # states a publication twice, 250 MB of records at 100k), applied again as each record
    # is read back to be mapped
    stating = Counter(o.publication for o in read.values() if o.status in _BUILT)
    shared: dict[str, ArticleRecord] = {}

    def record_of(item: Entry) -> ArticleRecord | None:
        """The file's record: held, else from the spill, else (gone from it) read again."""
        held = records.get(item.rel) or _record_of(spill, key_of[item.rel])
        if held is None:
            read[item.rel], held = read_file(item.path, root, strict, item.rel)
        return held

    for item in ordered:
        if read[item.rel].status in _BUILT and stating[read[item.rel].publication] > 1:
            held = record_of(item)
            if held is not None:
                shared[item.rel] = held
    before = dict(shared)
    reconcile_outcomes(read, shared)
    changes = {rel: _changes(before[rel], record) for rel, record in shared.items()}
    del before, shared
    members: dict[str, tuple[Member, ...]] = {}
    tallied: dict[str, Counted] = {}
    names: GeneNames = {}
    themed: ThemePublications = {}
    with outputs(out) as parts:
        sink = parts.open_quads() if parts else None  # None: keep the lines in memory
        merge = ExternalSort(parts.scratch if parts else None, chunk)
        for _graph, entry in units:
            if entry is None:  # links, tallies and themes are the corpus's, not one article's
                themes_graph, themed = corpus_themes([*outcomes, *read.values()])
                lines = (member_link_lines(m for found in members.values() for m in found)
                         + tally_lines(tallied.values(), names, themes=themed)
                         + themes_graph + vocabulary_lines())
            elif read[entry.rel].status in _BUILT:
                record = record_of(entry)
                records.pop(entry.rel, None)
                if record is None:
                    continue
                if changes.get(entry.rel):
                    record = replace(record, **changes[entry.rel])
                read[entry.rel], mapped = map_record(entry.rel, record, read[entry.rel])
                lines = []
                if mapped is not None:  # (no graph: nothing to link or count)
                    members[entry.rel] = claim_members(publication_iri(record.publication_key),
                                                       record)
                    tallied[entry.rel] = mapped.counted
                    add_names(names, mapped.names)
                    lines = mapped.lines
            else:
                continue
            quads += len(lines)
            if sink is None:
                kept.extend(lines)
            else:
                sink.write("".join(lines).encode("utf-8"))
            merge.add(drop_graph(line) for line in lines)
        outcomes = sorted([*outcomes, *read.values()], key=lambda o: o.path)
        if out is None or parts is None:
            graph = KnowledgeGraph.from_lines(kept)
            triples = sum(1 for _ in merge.lines())
            return BuildResult(graph, tuple(outcomes), strict, (), quads, triples, cached)
        counts = VoidCounts()
        triples = turtle_bytes(counts.watch(merge.lines()), parts.open(TURTLE_FILE))
        merge.close()
        turtle_bytes(counts.lines((GRAPH_FILE, TURTLE_FILE)), parts.open(VOID_FILE))
        result = BuildResult(KnowledgeGraph(file=out / GRAPH_FILE), tuple(outcomes), strict,
                             (), quads, triples)
        report = json.dumps(result.report(), indent=1, ensure_ascii=False) + "\n"
        parts.open(REPORT_FILE).write(report.encode("utf-8"))
        if cache:  # (``--no-cache`` leaves no cache, so no state for the next build either)
            state = BuildState(code_digest(), strict, {
                item.rel: Article(key, read[item.rel], members.get(item.rel, ()),
                                  tallied.get(item.rel))
                for item, key in zip(ordered, keys, strict=True)},
                themes_digest(list(read.values())), counts.state(), quads,
                names=names, themed=themed)
            parts.then.append(lambda folder: save_state(state, folder))
    return BuildResult(result.graph, result.outcomes, strict, written_files(out), quads,
                       triples, cached)


_BUILT = ("built", "repaired")


def _slim(result: tuple[FileOutcome, ArticleRecord | None]) -> tuple[
        FileOutcome, ArticleRecord | None]:
    """What a build holds of a file read into the spill: its outcome, not its record."""
    return result[0], None


def _changes(before: ArticleRecord, after: ArticleRecord) -> dict[str, Any]:
    """The fields of a record that ``after`` has otherwise than ``before``."""
    return {f.name: getattr(after, f.name) for f in fields(after)
            if getattr(after, f.name) != getattr(before, f.name)}


def _record_of(spill: Path | None, key: str | None) -> ArticleRecord | None:
    """A record read back from the spill (``None``: not there)."""
    found = cached(spill, key) if spill is not None else None
    if isinstance(found, tuple) and len(found) == 2 and isinstance(found[1], ArticleRecord):
        return found[1]
    return None
