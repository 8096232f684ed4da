"""Score entity extraction against hand-made gold annotations (../shared/gold).

    python scripts/score_entities.py                     # overall figures, misses, false positives
    python scripts/score_entities.py --per-file          # P/R/F1 of every file too
    python scripts/score_entities.py --corpus DIR --gold DIR

How genes are matched is described in kg/evaluate.py (any shared written name, ignoring case,
one-to-one). Datasets, organisms and missions are compared as sets per file.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from kg.extract.evaluate import evaluate  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", default=str(HERE.parent.parent / "shared" / "corpus"))
    parser.add_argument("--gold", default=str(HERE.parent.parent / "shared" / "gold"))
    parser.add_argument("--per-file", action="store_true")
    args = parser.parse_args()
    result = evaluate(args.corpus, args.gold)
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
    misses = [(f.file, s, m) for f in result.files for s, m in f.misses]
    print(f"\ngene misses ({len(misses)}):")
    for file, symbol, mentions in misses:
        print(f"  {symbol:<14} {list(mentions)}  {file[:90]}")
    fps = [(f.file, s, m) for f in result.files for s, m in f.false_positives]
    print(f"\ngene false positives ({len(fps)}):")
    for file, symbol, forms in fps:
        print(f"  {symbol:<14} {list(forms)}  {file[:90]}")


if __name__ == "__main__":
    main()
