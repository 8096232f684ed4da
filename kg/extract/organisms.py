"""Organisms named in article text, at species level where the text gives one.

Scientific names are found written out (*Mus musculus*, Serratia marcescens) or abbreviated
(*E. coli*), and resolved with the NCBI Taxonomy data of :mod:`kg.taxa`. A plain-text pair of
words counts only when the data knows it as a name; an italic binomial of a known genus that
the data lacks becomes a species of that genus with a project IRI.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from kg.extract.taxa import Taxon, taxa_named

__all__ = ["find_organisms", "organism_spans"]

_BINOMIAL = re.compile(r"(?<![\w\[.])\[?([A-Z][a-z]{2,})\]?\s+([a-z][a-z-]{2,})(?![\w-])")
_ITALIC = re.compile(r"(?<![\w*_])[*_]{1,2}(\[?[A-Z][a-z]{2,}\]?\s+[a-z][a-z-]{3,})[*_]{1,2}(?![\w*_])")
_ABBREVIATED = re.compile(r"(?<![\w.])([A-Z])\.\s?([a-z]{3,})(?![\w-])")
_SYNONYMS = re.compile(r"(?<![\w-])(SARS-CoV-2)(?![\w-])")
_LATIN = re.compile(r"\b(?:in vivo|in vitro|ex vivo|in situ|in silico|de novo|et al)\b", re.I)


@lru_cache(maxsize=4096)
def _species(name: str) -> Taxon | None:
    found = [t for t in taxa_named(name) if t.rank not in ("genus", "subgenus")]
    return found[0] if found else None


@lru_cache(maxsize=4096)
def _genus(name: str) -> Taxon | None:
    found = [t for t in taxa_named(name) if t.rank == "genus"]
    return found[0] if found else None


def find_organisms(texts: Iterable[str]) -> tuple[Taxon, ...]:
    """Organisms named in ``texts`` by scientific name, each once, in order of appearance.

    >>> [t.name for t in find_organisms(["*E. coli* and mice; *Mus musculus* and E. coli"])]
    ['Escherichia coli', 'Mus musculus']
    >>> [(t.id, t.name) for t in find_organisms(["the tardigrade *Paramacrobiotus spatialis*"])]
    [(2507083, 'Paramacrobiotus spatialis')]
    """
    texts = list(texts)
    found: dict[str, Taxon] = {}
    genera: dict[str, str] = {}  # initial -> genus written in full, for E. coli
    hits: list[tuple[int, int, Taxon]] = []
    for index, text in enumerate(texts):
        for match in _BINOMIAL.finditer(text):
            taxon = _species(f"{match.group(1)} {match.group(2)}")
            if taxon is not None:
                hits.append((index, match.start(), taxon))
                genera.setdefault(match.group(1)[0], match.group(1))
        for match in _ITALIC.finditer(text):
            name = match.group(1).replace("[", "").replace("]", "")
            genus_name = name.split()[0]
            if _species(name) is None and (genus := _genus(genus_name)) is not None:
                hits.append((index, match.start(), Taxon(None, name, "species", genus.id, genus)))
        for match in _SYNONYMS.finditer(text):
            if (taxon := _species(match.group(1))) is not None:
                hits.append((index, match.start(), taxon))
    for index, text in enumerate(texts):
        for match in _ABBREVIATED.finditer(text):
            initial, epithet = match.groups()
            written = genera.get(initial)
            taxon = _species(f"{written} {epithet}") if written else _abbreviation(initial, epithet)
            if taxon is not None:
                hits.append((index, match.start(), taxon))
    for _index, _position, taxon in sorted(hits, key=lambda h: (h[0], h[1])):
        found.setdefault(taxon.iri, taxon)
    return tuple(found.values())


@lru_cache(maxsize=1024)
def _abbreviation(initial: str, epithet: str) -> Taxon | None:
    """``E. coli`` without its genus written out: the data's name for it, when it is one."""
    named = [t for t in taxa_named(f"{initial}. {epithet}") if t.rank not in ("genus",)]
    return named[0] if len(named) == 1 else None


def organism_spans(text: str) -> list[tuple[int, int]]:
    """Where organism names and Latin phrases stand in ``text``: not gene names."""
    spans = [m.span() for m in _BINOMIAL.finditer(text)
             if _species(f"{m.group(1)} {m.group(2)}") is not None]
    spans += [m.span() for m in _ITALIC.finditer(text)]
    spans += [m.span() for m in _ABBREVIATED.finditer(text)]
    spans += [m.span() for m in _LATIN.finditer(text)]
    spans += [m.span() for m in _SYNONYMS.finditer(text)]
    return spans
