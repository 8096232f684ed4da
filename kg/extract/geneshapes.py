"""What the shape of a written name says before any table is asked: a common English word, a
chemical formula or ion, a fusion tag, a species prefix, a microRNA.

These decisions rest on general evidence (word frequencies of English, the periodic table,
nomenclature conventions), not on words seen in particular articles, so that they hold on
articles nobody has read yet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

import periodictable

__all__ = ["COMMON_WORD", "SPECIES_PREFIXES", "Prefixed", "MicroRNA", "is_common_word",
           "is_formula", "species_prefixed", "microrna"]

#: How common a word must be in English to need evidence before it is read as a gene: a zipf
#: frequency (log10 of uses per billion words, wordfreq's general English blend) of 3.5, about
#: three uses per million words. Everyday words are above it (rest 5.2, clock 4.4, trap 4.3,
#: scar 3.8); gene symbols that look like words rarely are (Akt 2.4, Ldh 2.2, Fyn 1.8, Sost 1.0).
COMMON_WORD = 3.5


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """The words at or above :data:`COMMON_WORD`, as wordfreq rates them: read from
    ``data/words/common_en.txt``, derived from wordfreq by ``scripts/words/make_common_words.py``
    (and checked against it by the tests), so that no process imports wordfreq's tokenizers."""
    text = (files("kg.extract") / "data" / "words" / "common_en.txt").read_text("utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


def is_common_word(token: str) -> bool:
    """Whether ``token`` (letters only, any casing) is a common English word (CAT, Rest, Clock):
    such a symbol is a gene only when the text says so.

    >>> is_common_word("Clock"), is_common_word("SET"), is_common_word("Sost")
    (True, True, False)
    """
    return token.isalpha() and token.isascii() and token.lower() in common_words()


# -- chemical formulas and ions ----------------------------------------------------------------
_ELEMENTS = frozenset(e.symbol for e in periodictable.elements if e.number > 0)
_PART = re.compile(r"([A-Z][a-z]?)(\d*)")
_CHARGE = re.compile(r"(?:\d*[+-]|[⁰¹²³⁴⁵⁶⁷⁸⁹]*[⁺⁻])$")
_SUBSCRIPTS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")


def is_formula(token: str) -> bool:
    """Whether ``token`` is written as a chemical formula or an ion: element symbols of the
    periodic table with counts (NaCl, CaCl2, CaCl₂, H2O2, MgSO4, CO2) or with a charge (Mg2+,
    Ca²⁺, Cl-). One element alone is a formula only with a count or a charge (O2, Fe3+), and
    all-capital symbols without a count are words or genes (NO, CAT), not formulas.

    Gene symbols can have this shape too (NF2, HK2 read as N+F2, H+K2): the caller asks the
    gene tables first.

    >>> [is_formula(t) for t in ("NaCl", "CaCl₂", "H2O2", "Mg2+", "CO2", "Fbxo32", "NO", "O2")]
    [True, True, True, True, True, False, False, True]
    """
    text = token.translate(_SUBSCRIPTS)
    charge = _CHARGE.search(text)
    core = text[:charge.start()] if charge else text
    parts = _PART.findall(core)
    if not parts or "".join(s + n for s, n in parts) != core:
        return False
    if any(symbol not in _ELEMENTS for symbol, _count in parts):
        return False
    if charge:
        return True
    if len(parts) == 1:  # O2, N2; Ho1 is a gene alias, not holmium
        return bool(parts[0][1]) and int(parts[0][1]) >= 2
    if any(len(symbol) == 2 for symbol, _count in parts):
        return True  # NaCl, MgSO4: a two-letter element
    # one-letter elements only: a count inside (H2O2, C6H12O6), or two elements and a count of
    # two or more (CO2, CH4, SO4); HSP70 or PIN2 are symbols
    inner = any(count for _symbol, count in parts[:-1])
    last = parts[-1][1]
    return inner or (len(parts) == 2 and bool(last) and int(last) >= 2)


# -- species prefixes ----------------------------------------------------------------------------
#: Prefixes that name the species a symbol belongs to (nomenclature conventions: At/Ath for
#: Arabidopsis thaliana, Sa for Staphylococcus aureus, Eco for Escherichia coli, Hs/h for human,
#: Mm/m for mouse, Dm for Drosophila melanogaster, Ce for C. elegans, Sc for S. cerevisiae,
#: Dr for zebrafish, Rn/r for rat); the longest that fits is read first.
SPECIES_PREFIXES: tuple[tuple[str, int], ...] = (
    ("Ath", 3702), ("Eco", 562), ("At", 3702), ("Sa", 1280), ("Hs", 9606), ("Mm", 10090),
    ("Dm", 7227), ("Ce", 6239), ("Sc", 4932), ("Dr", 7955), ("Rn", 10116),
    ("h", 9606), ("m", 10090), ("r", 10116),
)


@dataclass(frozen=True)
class Prefixed:
    """A symbol written with a species prefix: ``AtPIN2`` is PIN2 of Arabidopsis."""

    taxon: int
    symbol: str
    prefix: str  # as written, without a hyphen: "At", "Sa", "h"


def species_prefixed(token: str) -> list[Prefixed]:
    """The readings of ``token`` as a species prefix and a symbol, longest prefix first. The
    symbol after the prefix must start with a capital (AtPIN2, hFBXO32, Sa-agrA, Eco-RecA), so
    ``mice`` or ``Atrogin`` are not read; whether the rest is a gene is for the tables to say.

    >>> [(p.taxon, p.symbol) for p in species_prefixed("AtPIN2")]
    [(3702, 'PIN2')]
    >>> [(p.taxon, p.symbol) for p in species_prefixed("Sa-agrA")]
    [(1280, 'agrA')]
    >>> species_prefixed("mice"), species_prefixed("Atrogin-1")
    ([], [])
    """
    found = []
    for prefix, taxon in SPECIES_PREFIXES:
        if not token.startswith(prefix) or len(token) < len(prefix) + 2:
            continue
        rest = token[len(prefix):]
        if rest.startswith("-"):
            rest = rest[1:]  # Sa-agrA, Eco-recA: a hyphen after the prefix
            if len(prefix) == 1 or not rest[:1].isalpha():
                continue
        elif not rest[0].isupper():
            continue
        if len(rest) >= 2 and any(c.isupper() or c.isdigit() for c in rest):
            found.append(Prefixed(taxon, rest, prefix))
    return found


# -- microRNAs ---------------------------------------------------------------------------------------
_MIR = re.compile(r"^(?:[a-z]{3}-)?(?:miR|mir|MIR)-?(\d+)([a-z]?)(?:-(\d+))?(?:-[35]p|\*)?$")
_LET = re.compile(r"^(?:[a-z]{3}-)?let-?7([a-z]?)(?:-(\d+))?(?:-[35]p|\*)?$", re.I)


@dataclass(frozen=True)
class MicroRNA:
    """A microRNA as written (miR-125b-5p), read as its family number and letter."""

    number: str  # "21", "125", "let7"
    letter: str  # "", "b", "a"
    copy: str  # the locus number after the letter (miR-125b-2): "" when not written

    def symbols(self, taxon: int) -> list[str]:
        """The gene symbols that may encode it in ``taxon``, most likely first: human MIR21,
        MIR125B1; mouse and rat Mir21a, Mir125b-1 (mouse adds a letter to single genes).

        A mature microRNA made by several loci (miR-125b: MIR125B1 and MIR125B2, identical
        mature sequences) names no one locus; written without a locus number it goes to the
        ``-1`` locus. That is a convention, not a guess from an article: miRBase and HGNC
        number loci in the order they were found, so ``-1`` is the locus the name was first
        given to, and one rule for every such microRNA keeps all mentions of one name on one
        node across articles. A locus written out (miR-125b-2) is that locus."""
        human = taxon == 9606
        if self.number == "let7":
            stem = "MIRLET7" if human else "Mirlet7"
            letter = self.letter.upper() if human else self.letter
        else:
            stem = ("MIR" if human else "Mir") + self.number
            letter = self.letter.upper() if human else self.letter
        copies = [self.copy] if self.copy else ["", "1", "2"]
        found = []
        for copy in copies:
            if human:
                found.append(f"{stem}{letter}{copy}")
            else:
                found.append(f"{stem}{letter}-{copy}" if copy else f"{stem}{letter}")
                if not letter and not copy:
                    found.append(f"{stem}a")  # mouse Mir21a for miR-21
        return found


def microrna(token: str) -> MicroRNA | None:
    """The microRNA ``token`` names, if it is one (miR-21, mmu-miR-125b-5p, let-7a).

    >>> microrna("miR-125b-5p")
    MicroRNA(number='125', letter='b', copy='')
    >>> microrna("let-7a").symbols(9606), microrna("miR-21").symbols(10090)[:2]
    (['MIRLET7A', 'MIRLET7A1', 'MIRLET7A2'], ['Mir21', 'Mir21a'])
    """
    if m := _MIR.match(token):
        return MicroRNA(m.group(1), m.group(2), m.group(3) or "")
    if m := _LET.match(token):
        return MicroRNA("let7", m.group(1).lower(), m.group(2) or "")
    return None
