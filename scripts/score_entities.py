"""Score entity extraction against hand-made gold annotations (../shared/gold).

    python scripts/score_entities.py                     # overall figures and the misses
    python scripts/score_entities.py --per-file          # P/R/F1 of every file too
    python scripts/score_entities.py --corpus DIR --gold DIR

Genes: a predicted gene matches a gold gene of the same file when any of its written mentions
or its symbol equals any written mention or the symbol of the gold gene, ignoring case; each
gold gene is matched at most once. Precision, recall and F1 are given per file and overall
(micro-averaged over all files), followed by every miss and every false positive.
Datasets, organisms and missions are scored the same way, as sets per file.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from kg.articles import read_article  # noqa: E402
from kg.entities import Entities, find_entities  # noqa: E402
from kg.errors import ArticleError  # noqa: E402
from kg.missions import find_missions  # noqa: E402


def _f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def predicted_genes(entities: Entities) -> list[tuple[str, set[str]]]:
    """(symbol, written forms) of each gene the extraction found."""
    grouped: dict[str, tuple[str, set[str]]] = {}
    for m in entities.genes:
        symbol, forms = grouped.setdefault(m.gene.key, (m.gene.symbol, set()))
        forms.add(m.written)
    return list(grouped.values())


def match_genes(predicted, gold):
    """(true positives, false positives, misses): a maximum one-to-one matching of predicted
    and gold genes that share a name, ignoring case."""
    names = [{n.casefold() for n in (*forms, symbol)} for symbol, forms in predicted]
    gold_names = [{n.casefold() for n in (*g["mentions"], g["symbol"])} for g in gold]
    owner: dict[int, int] = {}  # gold index -> predicted index

    def assign(p: int, seen: set[int]) -> bool:  # augmenting path (Kuhn's algorithm)
        for g, theirs in enumerate(gold_names):
            if g in seen or not names[p] & theirs:
                continue
            seen.add(g)
            if g not in owner or assign(owner[g], seen):
                owner[g] = p
                return True
        return False

    for p in range(len(predicted)):
        assign(p, set())
    matched = {p: g for g, p in owner.items()}
    tp = [(predicted[p][0], gold[g]["symbol"]) for p, g in matched.items()]
    fp = [(symbol, sorted(forms)) for p, (symbol, forms) in enumerate(predicted) if p not in matched]
    misses = [g for i, g in enumerate(gold) if i not in owner]
    return tp, fp, misses


def _mission_keys(labels) -> set[str]:
    keys = set()
    for label in labels:
        found = find_missions([label])
        keys.update(m.iri for m in found) if found else keys.add(label.casefold())
    return keys


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", default=str(HERE.parent.parent / "shared" / "corpus"))
    parser.add_argument("--gold", default=str(HERE.parent.parent / "shared" / "gold"))
    parser.add_argument("--per-file", action="store_true")
    parser.add_argument("--show", metavar="TEXT", help="print predicted and gold genes of the "
                        "files whose name contains TEXT")
    args = parser.parse_args()
    corpus, gold_dir = Path(args.corpus), Path(args.gold)
    entries = [e for f in sorted(gold_dir.glob("*.json")) for e in json.loads(f.read_text())]
    totals: dict[str, Counter] = defaultdict(Counter)
    misses, false_positives, rows = [], [], []
    for entry in entries:
        try:
            entities = find_entities(read_article(corpus / entry["file"], corpus))
        except ArticleError:
            entities = Entities()
        tp, fp, fn = match_genes(predicted_genes(entities), entry["genes"])
        if args.show and args.show in entry["file"]:
            print(f"== {entry['file']}")
            for m in entities.genes:
                print(f"   ours  {m.gene.symbol:<12} {m.gene.taxon} {m.written!r:<16} "
                      f"{'ref' if m.gene.ref else 'local'}  [{m.section}] {m.sentence[:80]}")
            for g in entry["genes"]:
                print(f"   gold  {g['symbol']:<12} {g['mentions']}")
        totals["genes"].update(tp=len(tp), fp=len(fp), fn=len(fn))
        misses += [(entry["file"], g["symbol"], g["mentions"]) for g in fn]
        false_positives += [(entry["file"], symbol, forms) for symbol, forms in fp]
        rows.append((entry["file"], len(tp), len(fp), len(fn)))
        for kind, ours, theirs in (
            ("datasets", {d.accession.casefold() for d in entities.datasets},
             {d.casefold() for d in entry["datasets"]}),
            ("organisms", {t.name.casefold() for t in entities.organisms},
             {o.casefold() for o in entry["organisms"]}),
            ("missions", {m.iri for m in entities.missions}, _mission_keys(entry["missions"])),
        ):
            totals[kind].update(tp=len(ours & theirs), fp=len(ours - theirs),
                                fn=len(theirs - ours))
    if args.per_file:
        print(f"{'file':<70} {'P':>5} {'R':>5} {'F1':>5}  tp fp fn")
        for file, tp, fp, fn in rows:
            p, r, f = _f1(tp, fp, fn)
            print(f"{file[:70]:<70} {p:>5.2f} {r:>5.2f} {f:>5.2f}  {tp:>2} {fp:>2} {fn:>2}")
        print()
    print(f"{len(entries)} files")
    for kind, c in totals.items():
        p, r, f = _f1(c["tp"], c["fp"], c["fn"])
        print(f"{kind:<10} precision {p:.3f}  recall {r:.3f}  F1 {f:.3f}   "
              f"(tp {c['tp']}, fp {c['fp']}, fn {c['fn']})")
    print(f"\ngene misses ({len(misses)}):")
    for file, symbol, mentions in misses:
        print(f"  {symbol:<14} {mentions}  {file[:90]}")
    print(f"\ngene false positives ({len(false_positives)}):")
    for file, symbol, forms in false_positives:
        print(f"  {symbol:<14} {forms}  {file[:90]}")


if __name__ == "__main__":
    main()
