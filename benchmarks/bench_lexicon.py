"""How long the gene reference data takes to load: a benchmark, not a test (timings vary).

    .venv/bin/python benchmarks/bench_lexicon.py [--repeat 5]      (make bench runs it)

Each run is a fresh interpreter (the lexicon is cached per process): the import of
kg.extract.lexicon, the tables of mouse (the largest), and one lookup in each taxon.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys

_RUN = """
import time
t = time.perf_counter()
from kg.extract.lexicon import lexicon
lexicon().taxon(10090)
mouse = time.perf_counter() - t
lex = lexicon()
for taxon in lex.taxa:
    lex.taxon(taxon).exact.get("X")
print(mouse, time.perf_counter() - t)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    mouse, every = [], []
    for _ in range(args.repeat):
        out = subprocess.run([sys.executable, "-c", _RUN], capture_output=True, text=True,
                             check=True).stdout.split()
        mouse.append(float(out[0]))
        every.append(float(out[1]))
    print(f"mouse tables: median {statistics.median(mouse):.3f} s  (min {min(mouse):.3f})")
    print(f"every taxon:  median {statistics.median(every):.3f} s  (min {min(every):.3f})")


if __name__ == "__main__":
    main()
