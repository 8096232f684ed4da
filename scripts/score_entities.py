"""Score entity extraction against hand-made gold annotations (../shared/gold).

    python scripts/score_entities.py                     # overall figures, misses, false positives
    python scripts/score_entities.py --per-file          # P/R/F1 of every file too
    python scripts/score_entities.py --split A           # only half A of the gold files
    python scripts/score_entities.py --corpus DIR --gold DIR

Without --split, a line per half (A, B; see kg.extract.evaluate.split_of) follows the overall
gene figures: tune on one half, report the other.

How genes are matched is described in kg/evaluate.py (any shared written name, ignoring case,
one-to-one). Datasets, organisms and missions are compared as sets per file.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from kg.extract.evaluate import Counts, evaluate  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", default=str(HERE.parent.parent / "shared" / "corpus"))
    parser.add_argument("--gold", default=str(HERE.parent.parent / "shared" / "gold"))
    parser.add_argument("--per-file", action="store_true")
    parser.add_argument("--split", choices=("A", "B"), help="score one half of the gold files")
    args = parser.parse_args()
    result = evaluate(args.corpus, args.gold, args.split)
    if args.per_file:
        print(f"{'file':<72} {'P':>5} {'R':>5} {'F1':>5}  tp fp fn")
        for f in result.files:
            g = f.genes
            print(f"{f.file[:72]:<72} {g.precision:>5.2f} {g.recall:>5.2f} {g.f1:>5.2f}  "
                  f"{g.tp:>2} {g.fp:>2} {g.fn:>2}")
        print()
    print(f"{len(result.files)} files")
    for kind, c in result.totals.items():
        print(f"{kind:<10} precision {c.precision:.3f}  recall {c.recall:.3f}  F1 {c.f1:.3f}   "
              f"(tp {c.tp}, fp {c.fp}, fn {c.fn})")
    if args.split is None:
        for half in ("A", "B"):
            g = sum((f.genes for f in result.files if f.half == half), Counts())
            print(f"genes {half:<4} precision {g.precision:.3f}  recall {g.recall:.3f}  "
                  f"F1 {g.f1:.3f}   (tp {g.tp}, fp {g.fp}, fn {g.fn})")
    misses = [(f.half, f.file, s, m) for f in result.files for s, m in f.misses]
    print(f"\ngene misses ({len(misses)}):")
    for half, file, symbol, mentions in misses:
        print(f"  {symbol:<14} {list(mentions)}  [{half}] {file[:90]}")
    fps = [(f.half, f.file, s, m) for f in result.files for s, m in f.false_positives]
    print(f"\ngene false positives ({len(fps)}):")
    for half, file, symbol, forms in fps:
        print(f"  {symbol:<14} {list(forms)}  [{half}] {file[:90]}")


if __name__ == "__main__":
    main()
