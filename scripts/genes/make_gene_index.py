"""Make the SQLite indexes of the reference tables ahead of time (kg/extract/refindex.py).

    python scripts/genes/make_gene_index.py            # after make_gene_data.py, or before a wheel

The package makes them itself on first use when they are missing or stale (a few seconds), in
memory when its folder cannot be written; run this before building a wheel or installing
read-only so that no process pays that. Prints each index and its size.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from kg.extract import refindex, taxa  # noqa: E402
from kg.extract.lexicon import fold  # noqa: E402

DATA = HERE.parent.parent / "kg" / "extract" / "data"


def main() -> None:
    for spec, folder in ((refindex.gene_spec(fold), DATA / "genes"),
                         (taxa.INDEX_SPEC, DATA / "taxa")):
        path = refindex.write_index(spec, folder)
        print(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
