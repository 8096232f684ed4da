"""Write ``kg/extract/data/words/common_en.txt``: the English words wordfreq rates common.

    python scripts/words/make_common_words.py

One word a line, sorted: every ASCII, letters-only word of wordfreq's ``best`` English list
whose zipf frequency (rounded to hundredths, as ``wordfreq.zipf_frequency`` rounds it) is at
least ``kg.extract.geneshapes.COMMON_WORD``. For such words ``zipf_frequency(word, "en")``
is exactly that rounded value (a lower-case ASCII word is one token), so reading this list
decides ``is_common_word`` exactly as asking wordfreq did, without importing wordfreq and its
tokenizers (ftfy, langcodes, regex: about 0.5 s of every process's start).
tests/test_genes.py checks the shipped list against the installed wordfreq.
"""

from __future__ import annotations

import sys
from importlib.metadata import version
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from kg.extract.geneshapes import COMMON_WORD  # noqa: E402

OUT = HERE.parent.parent / "kg" / "extract" / "data" / "words" / "common_en.txt"


def common_words(threshold: float = COMMON_WORD) -> list[str]:
    from wordfreq import freq_to_zipf, get_frequency_dict

    found = get_frequency_dict("en", wordlist="best")
    return sorted(w for w, f in found.items()
                  if w.isascii() and w.isalpha() and round(freq_to_zipf(f), 2) >= threshold)


def main() -> None:
    words = common_words()
    header = (f"# English words with a wordfreq {version('wordfreq')} zipf frequency >= "
              f"{COMMON_WORD} (ASCII letters only); made by scripts/words/make_common_words.py\n")
    OUT.write_text(header + "".join(w + "\n" for w in words), encoding="utf-8")
    print(f"wrote {OUT}: {len(words)} words")


if __name__ == "__main__":
    main()
