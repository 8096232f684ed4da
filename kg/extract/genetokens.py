"""The shapes of gene names in text: which tokens look like symbols, the forms to look each up
under (tags, alleles, phospho marks and plurals removed), slash and hyphen lists split, and the
shapes that are something else (residues, units, isotopes, pathways, abbreviations).

Pure functions of the text, no reference data: kept apart from :mod:`kg.extract.genes` so each
rule can be read and tested on its own.
"""

from __future__ import annotations

import re

_TAG_SUFFIX = re.compile(
    r"(?:[-_:]?(?:[a-z]{0,2}E?(?:GFP|YFP|CFP|RFP|BFP)|YPet|mCherry|mRuby|GUS|LUC|FLAG|HA|"
    r"myc|His|Fc|OX|ox|OE|KO|null|com|SUNstop|mutant|ΔKASH)|-/-|-\d+)$")


_PHOSPHO = re.compile(r"^[pP]-(?=[A-Za-z])")


_PLURAL = re.compile(r"^([A-Z0-9-]{2,}[A-Z0-9])s$")


_WORD = re.compile(r"[A-Za-z][A-Za-z\-]*")


_PROTEIN_WORDS = re.compile(
    r"(?:ase|in|protein|factor|receptor|kinase|channel|transporter|ligase|regulator|"
    r"synthase|subunit|peptide|hormone|antigen|family)$", re.I)


def _strong(token: str) -> bool:
    """Gene-like by its form alone: a letter and a digit, or two capitals (p21, FYN, BiP)."""
    if len(token) < 2:
        return False
    has_digit = any(c.isdigit() for c in token)
    has_alpha = any(c.isalpha() for c in token)
    capitals = sum(1 for c in token if c.isupper())
    if has_digit and has_alpha:
        return len(token) >= 3 or (token[0].isalpha() and capitals > 0)
    return capitals >= 2 and len(token) >= 3


def _variants(token: str) -> list[str]:
    """Forms to look up: as written, then without tag, allele, phospho or plural decoration."""
    forms = [token]
    bare = _PHOSPHO.sub("", token)
    for _ in range(2):
        stripped = _TAG_SUFFIX.sub("", bare)
        if stripped and stripped != bare:
            bare = stripped
    for form in (bare, _PLURAL.sub(r"\1", bare)):
        if form and form not in forms:
            forms.append(form)
    return forms


_NUMBERED = re.compile(r"^[A-Za-z][A-Za-z]+\d")


def _split_parts(token: str) -> list[str]:
    """``CDKN1a/p21`` -> both; ``BiP1/2`` -> BiP1, BiP2 (a bare number reuses the stem);
    ``HLB1-MIN7`` -> both (two numbered names joined by a hyphen are two names)."""
    parts: list[str] = []
    for part in (p for p in token.split("/") if p):
        if part.isdigit() and parts and re.search(r"\d+$", parts[0]):
            part = re.sub(r"\d+$", part, parts[0])
        hyphened = part.split("-")
        if len(hyphened) > 1 and all(_NUMBERED.match(p) for p in hyphened):
            parts.extend(hyphened)
        else:
            parts.append(part)
    return parts


# mTOR-independent, ER-based, IRE1-Dependent: an English word joined on, not part of the name
_SUFFIX_WORD = re.compile(r"-[A-Za-z][a-z]{3,}$")


# T389, S6, L5, G1 (residues, vertebrae, phases), G26C (mutations), 56Fe, 137Cs (isotopes)
_RESIDUE = re.compile(r"^(?:[A-Z]\d{1,4}[A-Z]?|\d{1,3}[A-Z][a-z]?)$")


_SUPERSCRIPT = re.compile("[⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻]")


_UNIT = re.compile(r"^(?:[kMGTmµnpc]?(?:Pa|Gy|Sv|Hz|eV|g|L|m|M|N|W|J|V|s|h|Da|D)|x\d+|\d+x|"
                   r"\d+(?:st|nd|rd|th|D|d|h|min|s|kb|bp|mer))$")


_INTERNAL_CAPITAL = re.compile(r"[a-z][A-Z]")


_CODE = re.compile(r"`([^`\n]+)`")


def _gene_shaped(token: str) -> bool:
    """A name no table holds must look like a symbol: a digit, capitals, or a capital inside."""
    word = token.replace("-", "")
    if any(c.isdigit() for c in word) and any(c.isalpha() for c in word):
        return True
    letters = [c for c in word if c.isalpha()]
    if len(letters) >= 3 and all(c.isupper() for c in letters):
        return True
    return bool(_INTERNAL_CAPITAL.search(token))


def _words_before(text: str, start: int, count: int) -> list[str]:
    return [w.lower() for w in _WORD.findall(text[max(0, start - 60):start])][-count:]


def _words_after(text: str, end: int, count: int) -> list[str]:
    return [w.lower() for w in _WORD.findall(text[end:end + 60])][:count]


def _abbreviation(text: str, start: int, end: int) -> bool:
    """``glutathione reductase (gr)``: the token, in parentheses, abbreviates the protein-like
    name before it (the Schwartz-Hearst test: its letters in order, the first starting a word).

    >>> t = "glutathione reductase (gr) and SAHS protein (best)"
    >>> _abbreviation(t, t.index("gr"), t.index("gr") + 2), _abbreviation(t, 44, 48)
    (True, False)
    """
    if not (text[start - 1:start] == "(" and text[end:end + 1] == ")"):
        return False
    words = _WORD.findall(text[max(0, start - 80):start - 1])[-5:]
    if not words or len(words[-1]) <= 3 or not _PROTEIN_WORDS.search(words[-1]):
        return False
    short = [c.lower() for c in text[start:end] if c.isalpha()]
    for first in range(len(words) - 1, -1, -1):
        if words[first][0].lower() == short[0] and _letters_in_order(
                short[1:], " ".join(words[first:]).lower()[1:]):
            return True
    return False


def _letters_in_order(letters: list[str], long: str) -> bool:
    position = 0
    for letter in letters:
        position = long.find(letter, position)
        if position < 0:
            return False
        position += 1
    return True


_COLLECTIVE = frozenset("pathway pathways cascade cascades axis family superfamily subfamily"
                        .split())


def _collective(after: list[str], joined: bool) -> bool:
    """Whether the words after a name make it a pathway, family or complex rather than one
    gene: "PI3K-Akt pathway", "PPARα/RXRα signaling pathway", "the IGF-1 pathway"; a complex
    when the name joins several ("the ARP2/3 complex"; "the TANGO1 complex" names TANGO1)."""
    if after and after[0] in ("signaling", "signalling") and len(after) > 1:
        after = after[1:]
    if not after:
        return False
    return after[0] in _COLLECTIVE or (joined and after[0] in ("complex", "complexes"))
