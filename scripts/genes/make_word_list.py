"""Write kg/data/genes/english_symbols.txt: gene symbols that are also English words.

    python3 -m venv /tmp/wordvenv && /tmp/wordvenv/bin/pip install english-words==2.0.2
    /tmp/wordvenv/bin/python scripts/genes/make_word_list.py

A symbol such as CAT, SET or MAX is a gene only when the text makes it one (emphasis, a gene
cue, a list of genes); kg.genes reads this list to know which symbols need that evidence.
Words: the "web2" list of the english-words package (MIT licence), which is Webster's Second
International Dictionary (1934), in the public domain. Symbols: the official symbols of
kg/data/genes/genes.tsv.gz and the names of kg/data/genes/curated_aliases.tsv.
"""

from __future__ import annotations

import gzip
from pathlib import Path

from english_words import get_english_words_set

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "kg" / "data" / "genes"
HEADER = """\
# Gene symbols that are also English words (Webster's Second International, 1934, public
# domain, via the english-words package's web2 list). Written by
# scripts/genes/make_word_list.py; do not edit by hand. Lower case, one per line.
"""


def main() -> None:
    words = get_english_words_set(["web2"], lower=True)
    symbols = set()
    with gzip.open(DATA / "genes.tsv.gz", "rt", encoding="utf-8") as handle:
        next(handle)
        for line in handle:
            symbol = line.split("\t")[2]
            if symbol.isalpha() and len(symbol) >= 2:
                symbols.add(symbol.lower())
    for line in (DATA / "curated_aliases.tsv").read_text(encoding="utf-8").splitlines():
        alias = line.split("\t")[0]
        if alias and not alias.startswith("#") and alias.isalpha():
            symbols.add(alias.lower())
    found = sorted(symbols & words)
    (DATA / "english_symbols.txt").write_text(HEADER + "\n".join(found) + "\n", encoding="utf-8")
    print(f"{len(found)} symbols are English words")


if __name__ == "__main__":
    main()
