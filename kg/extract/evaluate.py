"""Scoring entity extraction against hand-made gold annotations (``../shared/gold`` format).

Genes: a predicted gene matches a gold gene of the same file when any of its written mentions
or its symbol equals any written mention or the symbol of the gold gene, ignoring case; the
matching is one-to-one and maximal. Datasets, organisms and missions are compared as sets per
file. Figures are micro-averaged over all files.

Split: to tell tuning from generalisation, every gold file falls in half ``A`` or ``B`` by the
first byte of the SHA-256 of its article's DOI (its file name's title when it has none): the
news version and the revisions of one article land in the same half, so a half scores articles
the other half has never shown. The halves do not depend on the order or number of gold files;
a change tuned on one half is reported on the other.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import ArticleError
from kg.extract.entities import Entities, find_entities
from kg.extract.missions import find_missions
from kg.extract.taxa import resolve_organism
from kg.ingest.articles import read_article

__all__ = ["Counts", "FileScore", "Evaluation", "evaluate", "match_genes", "split_of"]


@dataclass(frozen=True)
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)


@dataclass(frozen=True)
class FileScore:
    file: str
    genes: Counts
    misses: tuple[tuple[str, tuple[str, ...]], ...]  # gold (symbol, mentions) not found
    false_positives: tuple[tuple[str, tuple[str, ...]], ...]  # ours (symbol, written forms)
    half: str = ""  # A or B, see split_of


@dataclass(frozen=True)
class Evaluation:
    files: tuple[FileScore, ...]
    totals: dict[str, Counts] = field(default_factory=dict)


def split_of(doi: str | None, path: str) -> str:
    """The half (``A`` or ``B``) a gold file belongs to, from a hash of its DOI or title.

    >>> split_of("10.1/X", "news/a.md") == split_of("10.1/x", "revisions/b.rev-1.md")
    True
    """
    key = (doi or re.sub(r"-\d+\.\d+.*$", "", path.rsplit("/", 1)[-1])).casefold()
    return "A" if hashlib.sha256(key.encode("utf-8")).digest()[0] % 2 == 0 else "B"


def _names(symbol: str, forms: Iterable[str]) -> set[str]:
    return {n.casefold() for n in (*forms, symbol)}


_Named = tuple[str, tuple[str, ...]]


def match_genes(predicted: list[tuple[str, set[str]]], gold: list[dict[str, Any]],
                ) -> tuple[list[tuple[str, str]], list[_Named], list[_Named]]:
    """(matched pairs, false positives, misses): a maximum one-to-one matching of predicted
    (symbol, forms) and gold genes that share a name, ignoring case (Kuhn's algorithm)."""
    ours = [_names(symbol, forms) for symbol, forms in predicted]
    theirs = [_names(g["symbol"], g["mentions"]) for g in gold]
    owner: dict[int, int] = {}

    def assign(p: int, seen: set[int]) -> bool:
        for g, names in enumerate(theirs):
            if g in seen or not ours[p] & names:
                continue
            seen.add(g)
            if g not in owner or assign(owner[g], seen):
                owner[g] = p
                return True
        return False

    for p in range(len(predicted)):
        assign(p, set())
    matched = {p: g for g, p in owner.items()}
    pairs = [(predicted[p][0], gold[g]["symbol"]) for p, g in matched.items()]
    false_positives = [(s, tuple(sorted(f))) for p, (s, f) in enumerate(predicted)
                       if p not in matched]
    misses = [(g["symbol"], tuple(g["mentions"])) for i, g in enumerate(gold) if i not in owner]
    return pairs, false_positives, misses


def predicted_genes(entities: Entities) -> list[tuple[str, set[str]]]:
    grouped: dict[str, tuple[str, set[str]]] = {}
    for m in entities.genes:
        grouped.setdefault(m.gene.key, (m.gene.symbol, set()))[1].add(m.written)
    return list(grouped.values())


def _organisms(meta: Mapping[str, Any], entities: Entities) -> set[str]:
    labels = meta.get("organisms") or []
    labels = labels if isinstance(labels, list) else [labels]
    declared = [resolve_organism(x) for x in labels if isinstance(x, str)]
    species = [t for t in (*declared, *entities.organisms) if t and t.rank == "species"]
    return {t.name.replace("[", "").replace("]", "").casefold() for t in species}


def _missions(labels: Iterable[str]) -> set[str]:
    keys: set[str] = set()
    for label in labels:
        found = find_missions([label])
        keys.update(m.iri for m in found) if found else keys.add(label.casefold())
    return keys


def evaluate(corpus: str | Path, gold: str | Path, split: str | None = None) -> Evaluation:
    """Score extraction over every file the gold annotations (``gold/*.json``) describe, or
    over one half of them (``split`` ``A`` or ``B``, see :func:`split_of`)."""
    corpus, gold = Path(corpus), Path(gold)
    entries = [e for f in sorted(gold.glob("*.json")) for e in json.loads(f.read_text("utf-8"))]
    if split is not None:
        entries = [e for e in entries if split_of(e["doi"], e["file"]) == split]
    totals: dict[str, Counter[str]] = {k: Counter() for k in ("genes", "datasets", "organisms",
                                                          "missions")}
    files = []
    for entry in entries:
        try:
            raw = read_article(corpus / entry["file"], corpus)
            entities, meta = find_entities(raw), raw.meta
        except ArticleError:
            entities, meta = Entities(), {}
        pairs, fps, misses = match_genes(predicted_genes(entities), entry["genes"])
        genes = Counts(len(pairs), len(fps), len(misses))
        files.append(FileScore(entry["file"], genes, tuple(misses), tuple(fps),
                               split_of(entry["doi"], entry["file"])))
        totals["genes"].update(tp=genes.tp, fp=genes.fp, fn=genes.fn)
        for kind, ours, theirs in (
            ("datasets", {d.accession.casefold() for d in entities.datasets},
             {d.casefold() for d in entry["datasets"]}),
            ("organisms", _organisms(meta, entities), {o.casefold() for o in entry["organisms"]}),
            ("missions", {m.iri for m in entities.missions}, _missions(entry["missions"])),
        ):
            totals[kind].update(tp=len(ours & theirs), fp=len(ours - theirs),
                                fn=len(theirs - ours))
    return Evaluation(tuple(files), {k: Counts(c["tp"], c["fp"], c["fn"])
                                     for k, c in totals.items()})
