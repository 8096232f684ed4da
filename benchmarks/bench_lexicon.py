"""How long the reference data takes to load: a benchmark, not a test (timings vary).

    .venv/bin/python benchmarks/bench_lexicon.py [--repeat 5]      (make bench runs it)

Each run is a fresh interpreter (the lexicon is cached per process). Printed, same run:

- **index**: what a build does now: import kg.extract.lexicon, open the gene index
  (``genes.sqlite``, checked against its sources' SHA-256), look up one symbol in each
  taxon, Fbxo32's orthologs and other names, and one taxon name;
- **text**: what the loader did before the index, for the ratio: decompress the gene and
  alias tables and make the mouse symbol and key dictionaries from them (the largest taxon;
  a build loaded several, 0.1-0.6 s each, and the ortholog table, 0.3 s);
- **make**: making both indexes from the TSVs, as the first use after a data change does.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

_INDEX = """
import time
t = time.perf_counter()
from kg.extract.lexicon import lexicon
from kg.extract.taxa import taxa_named
lex = lexicon()
for taxon in lex.taxa:
    lex.taxon(taxon).exact.get("Fbxo32")
gene = lex.symbol(10090, "Fbxo32")
lex.orthologs(gene), lex.other_names(gene), taxa_named("Mus musculus")
assert lex.index_fresh
print(time.perf_counter() - t)
"""

_TEXT = """
import gzip, time
from importlib.resources import files
t = time.perf_counter()
folder = files("kg.extract") / "data" / "genes"
genes = gzip.decompress((folder / "genes.tsv.gz").read_bytes()).decode()
aliases = gzip.decompress((folder / "aliases.tsv.gz").read_bytes()).decode()
symbols, keys = {}, {}
for i, line in enumerate(line for line in genes.splitlines() if line.startswith("10090\\t")):
    f = line.split("\\t")
    symbols.setdefault(f[2], []).append(i)
    keys[f[1] or f[4] or f[5] or f[6] or f[7]] = i
print(time.perf_counter() - t)
"""

_MAKE = """
import time, tempfile, shutil
from pathlib import Path
from kg.extract import refindex, taxa
from kg.extract.lexicon import fold
data = Path(REPO) / "kg" / "extract" / "data"
t = time.perf_counter()
with tempfile.TemporaryDirectory() as work:
    for spec, name in ((refindex.gene_spec(fold), "genes"), (taxa.INDEX_SPEC, "taxa")):
        shutil.copytree(data / name, Path(work) / name,
                        ignore=shutil.ignore_patterns("*.sqlite", "*.partial"))
        refindex.write_index(spec, Path(work) / name)
print(time.perf_counter() - t)
"""


def _runs(code: str, repeat: int) -> list[float]:
    return [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                 check=True, cwd=REPO).stdout.split()[-1])
            for _ in range(repeat)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    index = _runs(_INDEX, args.repeat)
    text = _runs(_TEXT, args.repeat)
    make = _runs(f"REPO = {str(REPO)!r}\n" + _MAKE, 1)
    print(f"index: open + lookups in every taxon  median {statistics.median(index):.3f} s"
          f"  (min {min(index):.3f})")
    print(f"text: decompress + mouse dictionaries  median {statistics.median(text):.3f} s"
          f"  (min {min(text):.3f})   x{statistics.median(text) / statistics.median(index):.1f}")
    print(f"make both indexes from the TSVs        {make[0]:.1f} s (once per data change)")


if __name__ == "__main__":
    main()
