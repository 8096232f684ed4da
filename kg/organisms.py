"""Organisms named in article text, at species level where the text gives one.

Binomials are found as written (*Mus musculus*, Serratia marcescens) and abbreviated
(*E. coli*, *M. musculus*), against the taxon names shipped in :mod:`kg.taxa`.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable

from .taxa import TAXA, Taxon

__all__ = ["find_organisms", "organism_spans"]


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], dict[str, Taxon]]:
    names: dict[str, Taxon] = {}
    for taxon in TAXA.values():
        if taxon.rank != "species":
            continue
        names[taxon.name.casefold()] = taxon
        genus, _, epithet = taxon.name.partition(" ")
        if epithet:
            names[f"{genus[0]}. {epithet}".casefold()] = taxon
    alternatives = sorted(names, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w])(" + "|".join(re.escape(a).replace(r"\ ", r"\s*")
                                                  for a in alternatives) + r")(?![\w])", re.I)
    return pattern, names


def find_organisms(texts: Iterable[str]) -> tuple[Taxon, ...]:
    """Species named in ``texts``, each once, in order of first appearance.

    >>> [t.name for t in find_organisms(["*E. coli* and mice; *Mus musculus* and E.coli again"])]
    ['Escherichia coli', 'Mus musculus']
    """
    pattern, names = _patterns()
    found: dict[int, Taxon] = {}
    for text in texts:
        for match in pattern.finditer(text):
            key = re.sub(r"\.\s*", ". ", match.group(1).casefold())
            taxon = names.get(key) or names.get(match.group(1).casefold())
            if taxon is not None:
                found.setdefault(taxon.id, taxon)
    return tuple(found.values())


_LATIN = re.compile(r"\b(?:in vivo|in vitro|ex vivo|in situ|in silico|de novo|et al)\b", re.I)
_ITALIC_BINOMIAL = re.compile(r"(?<![\w*_])[*_]([A-Z][a-z]+\.? [a-z]{3,})[*_](?![\w*_])")


def organism_spans(text: str) -> list[tuple[int, int]]:
    """Where organism names and Latin phrases stand in ``text``: not gene names."""
    pattern, _ = _patterns()
    spans = [m.span() for m in pattern.finditer(text)]
    spans += [m.span() for m in _LATIN.finditer(text)]
    spans += [m.span() for m in _ITALIC_BINOMIAL.finditer(text)]
    return spans
