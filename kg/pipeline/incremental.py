"""A rebuild that costs what changed: the previous build's outputs edited, not made again.

A full build maps every record, merges and sorts every triple, writes every dump and loads
both stores: at 10k articles about 240 s even when one article changed. Each output is a
function of the articles that a small edit leaves mostly as it was, so a rebuild from the
state of the last build (:mod:`kg.pipeline.state`) does only this:

1. every file's cache key computed; files whose key is the state's are *unchanged* and not
   read at all (their outcome and claims come from the state);
2. changed, new and removed files, and the other articles about the same publications (the
   publication's facts are reconciled across them), read or taken from the cache and mapped
   again; the claim links computed from every article's claims, the tallies from every
   article's part of them (:mod:`kg.rdf.tallies`); the themes again only when
   their input (every knowledge gap) changed;
3. of the graphs whose lines differ, the triples that differ; ``graph.nq`` copied with the
   changed graphs' lines replaced, found by bisection (:mod:`kg.rdf.splice`);
4. the stores edited (:class:`~kg.rdf.disk.StorePatch`): the changed graphs' quads out and
   in, the merge updated (a triple leaves it when no graph states it any more);
5. for each subject whose triples changed, its block in ``graph.ttl`` replaced by its merged
   triples as the full build writes them; the VoID counts updated by those blocks.

The outputs are byte-identical to a clean build's (the tests compare them after edits,
additions, removals and reverts). When there is no usable state, or more than a quarter of
the files changed (then a full build costs less), the build is a full one.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO

from kg.core.namespaces import LINKS_GRAPH, TALLIES_GRAPH, THEMES_GRAPH
from kg.ingest.discover import Entry
from kg.pipeline.files import (
    BuildResult,
    FileOutcome,
    corpus_themes,
    map_record,
    outputs,
    read_file,
    reconcile_outcomes,
    themes_digest,
    written_files,
)
from kg.pipeline.reading import CACHE_DIR, cached, file_key, read_all
from kg.pipeline.state import Article, BuildState, load_state, save_state
from kg.rdf.canonical import drop_graph, iri
from kg.rdf.claims import Member, claim_members, member_link_lines
from kg.rdf.disk import STORE_DIR, StorePatch, unstamp
from kg.rdf.mapping import graph_iri, publication_iri
from kg.rdf.splice import SortedDump, splice
from kg.rdf.store import GRAPH_FILE, REPORT_FILE, TURTLE_FILE, VOID_FILE, KnowledgeGraph
from kg.rdf.tallies import Counted, GeneNames, add_names, tally_lines
from kg.rdf.turtle import subject_blocks, turtle_bytes
from kg.rdf.void import VoidCounts
from kg.records.model import ArticleRecord

__all__ = ["patch", "MAX_SHARE"]

#: the share of changed files above which a full build is made instead
MAX_SHARE = 0.25


def patch(root: Path, out: Path, found: list[Entry], strict: bool, *, jobs: int = 1,
          tick: Callable[[str], None] | None = None) -> BuildResult | None:
    """Rebuild ``out`` from its state for the files ``found`` in ``root``; ``None`` when a
    full build is needed instead (nothing written then)."""
    state = load_state(out, strict)
    if state is None:
        return None
    files = [e for e in found if e.refused is None]
    refused = [FileOutcome(e.rel, "rejected", (e.refused,)) for e in found if e.refused is not None]
    keys = {e.rel: file_key(e, strict) for e in files}
    old = state.articles
    fresh = [e for e in files if keys[e.rel] is None or e.rel not in old
             or old[e.rel].key != keys[e.rel]]
    removed = [rel for rel in old if rel not in keys]
    if len(fresh) + len(removed) > max(8, MAX_SHARE * len(files)):
        return None
    fresh_rels = {e.rel for e in fresh}
    if tick:
        for e in files:
            if e.rel not in fresh_rels:
                tick(e.rel)
    unchanged = {rel: old[rel] for rel in keys if rel not in fresh_rels}
    results, hits, _keys = read_all(read_file, fresh, root, strict, cache_dir=out / CACHE_DIR,
                                    jobs=jobs, progress=tick,
                                    keep={a.key for a in unchanged.values() if a.key})
    read: dict[str, FileOutcome] = {}
    records: dict[str, ArticleRecord] = {}
    for entry, (outcome, record) in zip(fresh, results, strict=True):
        read[entry.rel] = outcome
        if record is not None:
            records[entry.rel] = record
    # the other articles about a publication an edit touched: reconciled and mapped again
    touched = {o.publication for o in read.values()}
    touched |= {old[rel].outcome.publication for rel in [*fresh_rels, *removed] if rel in old}
    touched.discard(None)
    for rel, article in list(unchanged.items()):
        if article.outcome.publication in touched:
            hit = cached(out / CACHE_DIR, article.key)
            if not isinstance(hit, tuple) or hit[1] is None:
                return None  # not in the cache any more: build in full
            read[rel], records[rel] = hit
            del unchanged[rel]
    reconcile_outcomes(read, records)
    # every article's new lines, in graph order; the unchanged keep theirs
    order = sorted(keys, key=lambda rel: iri(graph_iri(rel)))
    new: dict[str, list[str]] = {iri(graph_iri(rel)): [] for rel in removed}
    members: dict[str, tuple[Member, ...]] = {}
    tallied: dict[str, Counted] = {}
    names: GeneNames = dict(state.names)  # (a gene's names are the same in every article)
    for rel in order:
        if rel in unchanged:
            members[rel] = unchanged[rel].members
            part = unchanged[rel].counted
            if part is not None:
                tallied[rel] = part
            continue
        lines: list[str] = []
        if rel in records:
            read[rel], mapped = map_record(rel, records[rel], read[rel])
            if mapped is not None:
                lines = mapped.lines
                members[rel] = claim_members(publication_iri(records[rel].publication_key),
                                             records[rel])
                tallied[rel] = mapped.counted
                add_names(names, mapped.names)
        new[iri(graph_iri(rel))] = lines
    outcomes = [unchanged[rel].outcome if rel in unchanged else read[rel] for rel in order]
    new[iri(LINKS_GRAPH)] = member_link_lines(m for rel in order for m in members.get(rel, ()))
    themes, themed = themes_digest(outcomes), state.themed
    if themes != state.themes:
        new[iri(THEMES_GRAPH)], themed = corpus_themes(outcomes)
    new[iri(TALLIES_GRAPH)] = tally_lines(tallied.values(), names, themes=themed)
    articles = {rel: unchanged[rel] if rel in unchanged else
                Article(keys[rel], read[rel], members.get(rel, ()), tallied.get(rel))
                for rel in order}
    return _write(out, state, new, sorted([*refused, *outcomes], key=lambda o: o.path),
                  BuildState(state.code, strict, articles, themes, state.void, state.quads,
                             names=names, themed=themed),
                  len(unchanged) + hits)


def _write(out: Path, state: BuildState, new: dict[str, list[str]],
           outcomes: list[FileOutcome], next_state: BuildState, reused: int) -> BuildResult:
    """The outputs with the graphs in ``new`` (graph term -> its lines; empty: no graph)
    replaced, and the report of ``outcomes``."""
    with SortedDump(out / GRAPH_FILE, "nquads") as nq:
        ranges = {g: nq.range(g) for g in sorted(new)}
        before = {g: nq.text(*ranges[g]).splitlines(keepends=True) for g in ranges}
        changed = sorted(g for g in ranges if before[g] != new[g])
        quads = state.quads + sum(len(new[g]) - len(before[g]) for g in changed)
        counts = VoidCounts.resume(state.void)
        with outputs(out) as parts:
            assert parts is not None
            if changed:
                parts.patched = True
                splice(nq, [(*ranges[g], "".join(new[g]).encode("utf-8")) for g in changed],
                       parts.open(GRAPH_FILE))
                _patch_merge(out, parts.open(TURTLE_FILE), counts, before, new, changed)
                turtle_bytes(counts.lines((GRAPH_FILE, TURTLE_FILE)), parts.open(VOID_FILE))
            triples = counts.triples
            result = BuildResult(KnowledgeGraph(file=out / GRAPH_FILE), tuple(outcomes),
                                 state.strict, (), quads, triples)
            report = json.dumps(result.report(), indent=1, ensure_ascii=False) + "\n"
            parts.open(REPORT_FILE).write(report.encode("utf-8"))
            done = replace(next_state, void=counts.state(), quads=quads)
            parts.then.append(lambda folder: save_state(done, folder))
    return BuildResult(result.graph, result.outcomes, state.strict, written_files(out), quads,
                       triples, reused, patched=True)


def _patch_merge(out: Path, turtle: BinaryIO, counts: VoidCounts, before: dict[str, list[str]],
                 new: dict[str, list[str]], changed: list[str]) -> None:
    """Edit the stores and write the new ``graph.ttl`` to ``turtle`` (an open binary file)."""
    removed: set[str] = set()
    added: set[str] = set()
    edits = []
    for g in changed:
        old_lines, new_lines = set(before[g]), set(new[g])
        gone, came = sorted(old_lines - new_lines), sorted(new_lines - old_lines)
        removed.update(drop_graph(line) for line in gone)
        added.update(drop_graph(line) for line in came)
        edits.append((gone, came))
    subjects = sorted({line.split(" ", 1)[0] for line in removed ^ added})
    location = out / STORE_DIR
    unstamp(location)  # from here until the new graph.nq is in place, the stores are not used
    stores = StorePatch(location)
    try:
        blocks_before = {s: stores.subject_lines(s) for s in subjects}
        for gone, came in edits:
            stores.replace(gone, came)
        stores.merge(removed, added)
        blocks = {s: stores.subject_lines(s) for s in subjects}
    finally:
        stores.close()
    with SortedDump(out / TURTLE_FILE, "turtle") as ttl:
        spans = []
        for s in subjects:
            counts.change(blocks_before[s], -1)
            counts.change(blocks[s], 1)
            start, end = ttl.range(s)
            spans.append((start, end, subject_blocks(blocks[s]).encode("utf-8")))
        splice(ttl, spans, turtle)
