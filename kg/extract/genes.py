"""Gene and gene-product mentions in article text, resolved to genes of the article's organisms.

How a written name becomes a gene:

1. Candidates are gene-shaped tokens of every text unit (``Fbxo32``, ``TGF-β1``, ``BiP1/2``,
   ``miR-125b-5p``), with slash forms split (``CDKN1a/p21``; ``BiP1/2`` -> BiP1, BiP2) and
   tag, allele and phospho decorations removed for lookup (``ERU-GFP``, ``pin5-5``, ``P-ERK1``).
2. Each is looked up in the reference tables of the article's organisms (frontmatter and text,
   in that order): official symbol with its exact casing first (mouse ``Fbxo32`` vs human
   ``FBXO32``), then the curated literature names (p21, atrogin-1, COX-2), then the symbol in
   any casing, then aliases and previous symbols that name one gene only.
3. A candidate is kept when its form is gene-like (a digit, or two capitals: ``p21``,
   ``FYN``, ``BiP``) or the text makes it a gene: emphasis or code (``**Sost**``, `` `gpx` ``),
   a chart label, a gene cue nearby ("gene", "mRNA", "expression", "knockout" ...), a list with
   other genes, or an abbreviation in parentheses after an enzyme or protein name
   ("glutathione reductase (gr)"). A symbol that is a common English word (Rest, Clock, CAT:
   by its frequency in ``wordfreq``, not a list) needs emphasis, code or a cue word right after.
   Words that are not genes (reporters and tags such as GFP and Lifeact, techniques, units,
   agencies) are never kept (see ``not_genes.txt``), nor chemical formulas and ions.
4. A gene-like name that no table holds, with such evidence, becomes a gene of the article's
   main organism without a reference entry (a tardigrade ``gpx``, an Arabidopsis ``TNO1``).

The shape of a name is read first (:mod:`kg.extract.geneshapes`, :mod:`kg.extract.genetokens`):
microRNAs go to the MIR gene of the organism (miR-21: mouse Mir21a, human MIR21), a species
prefix names the organism (AtPIN2: PIN2 of Arabidopsis; hBMP2-Fc: human BMP2), formulas and
ions (NaCl, Mg2+) are no genes, and a name followed by "pathway" or "family" is a collective.
Every written form of one gene in one organism is one gene (SOD1 and sod1).

Each mention keeps its section, sentence and the direction the sentence states, if any.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from itertools import pairwise
from typing import Any

from kg.extract.genedirection import direction_of
from kg.extract.geneshapes import is_common_word, is_formula, microrna, species_prefixed
from kg.extract.genetokens import (
    _CODE,
    _INTERNAL_CAPITAL,
    _RESIDUE,
    _SUFFIX_WORD,
    _SUPERSCRIPT,
    _UNIT,
    _WORD,
    _abbreviation,
    _collective,
    _gene_shaped,
    _split_parts,
    _strong,
    _variants,
    _words_after,
    _words_before,
)
from kg.extract.lexicon import GeneRef, TaxonTable, curated_key, fold, lexicon
from kg.extract.textunits import TextUnit, marked_spans, sentence_text, sentences

__all__ = ["Gene", "GeneMention", "find_genes", "direction_of", "MAX_EVIDENCE"]

#: the longest evidence a mention keeps, in characters of Markdown (real sentences are shorter)
MAX_EVIDENCE = 600


@dataclass(frozen=True)
class Gene:
    """A gene: a reference entry, or a symbol and an organism when no table has it."""

    symbol: str
    taxon: int | None
    ref: GeneRef | None = None

    @property
    def key(self) -> str:
        if self.ref is not None:
            return f"{self.ref.taxon}:{self.ref.key}"
        return f"{self.taxon}:local:{self.symbol}"


@dataclass(frozen=True)
class GeneMention:
    gene: Gene
    written: str
    section: str
    sentence: str
    direction: str | None
    offset: int = 0  # where in its text unit: tells two mentions in one sentence apart


# -- candidate tokens --------------------------------------------------------------------------
_GREEK = "α-ωΑ-Ω"
_TOKEN = re.compile(
    rf"(?<![\w{_GREEK}\-])([A-Za-z0-9{_GREEK}][\w{_GREEK}]*(?:[-/][\w{_GREEK}]+)*)(?![\w{_GREEK}])"
)

_CUES = frozenset("""
gene genes mrna mrnas transcript transcripts transcription expression expressed expressing
protein proteins kinase kinases receptor receptors ligand oncogene oncogenes knockout knockdown
mutant mutants mutation mutations allele alleles promoter locus isoform isoforms homolog
homologs homologue ortholog orthologs paralog paralogs encoding encodes encoded overexpression
overexpressing deficient deficiency silencing silenced transgenic enzyme enzymes channel
subunit regulator regulators transporter transporters ligase phosphatase marker markers
upregulated downregulated up-regulated down-regulated upregulation downregulation
signaling signalling
""".split())


@lru_cache(maxsize=1)
def _not_genes() -> frozenset[str]:
    text = (files("kg.extract") / "data" / "genes" / "not_genes.txt").read_text(encoding="utf-8")
    words = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return frozenset(fold(w) for w in words if w)


# -- resolution ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Hit:
    gene: GeneRef
    how: str  # symbol | curated | loose | alias


def _tables(taxa: Sequence[int]) -> list[tuple[int, TaxonTable]]:
    lex = lexicon()
    return [(t, table) for t in taxa if (table := lex.taxon(t)) is not None]


def _resolve(forms: Sequence[str], tables: list[tuple[int, TaxonTable]]) -> _Hit | None:
    lex = lexicon()
    for form in forms:  # the official symbol, as written
        for _taxon, table in tables:
            found = table.exact.get(form)
            if found and len(found) == 1:
                return _Hit(found[0], "symbol")
    for form in forms:  # names the literature uses, when the tables are ambiguous
        symbols = lex.curated.get(curated_key(form)) or lex.curated.get(fold(form), {})
        for taxon, _table in tables:
            if taxon in symbols and (gene := lex.symbol(taxon, symbols[taxon])):
                return _Hit(gene, "curated")
    for form in forms:  # the symbol in another casing, then aliases naming one gene
        for kind, index in (("loose", "loose"), ("alias", "alias_exact"), ("alias", "alias_loose")):
            key = form if index == "alias_exact" else fold(form)
            for _taxon, table in tables:
                found = getattr(table, index).get(key)
                if not found or len(found) != 1:
                    continue
                gene = next(iter(found))
                gene = gene if isinstance(gene, GeneRef) else table.by_key[gene]
                return _Hit(gene, kind)
    return None


# -- evidence ---------------------------------------------------------------------------------------


@dataclass
class _Candidate:
    written: str
    forms: list[str]
    unit: TextUnit
    sentence: tuple[int, int]
    start: int
    end: int
    alone: bool  # the whole of an emphasis, code span or short chart label, or an abbreviation
    code: bool  # the whole of a code span, or an abbreviation: how lower-case names are marked
    marked: bool  # alone, or inside a short emphasised phrase or chart label
    cue: bool  # a gene word right after it ("Sost expression", "Tnf mRNA")
    near_cue: bool  # a gene word within three words
    after: str = ""  # the word right after it, lower case
    apposed: bool = False  # a cue word and a gene-shaped name follow ("SUN protein Spag4")
    collective: bool = False  # names a pathway, complex or family ("the ARP2/3 complex")
    hit: _Hit | None = None
    taxon: int | None = None  # the organism a species prefix names (AtPIN2: Arabidopsis)
    kept: bool = False
    local: bool = False  # kept as a gene no table holds


def _candidates(unit: TextUnit, masked: list[tuple[int, int]],
                tables: list[tuple[int, TaxonTable]]) -> list[_Candidate]:
    text = unit.markdown
    spans_marked = marked_spans(text)
    codes = [(m.start(1), m.end(1)) for m in _CODE.finditer(text)]
    code_spans = set(codes)
    spans = sentences(text) or [(0, len(text))]
    label_words = len(_WORD.findall(text)) if unit.label else 0
    curated = lexicon().curated
    found = []
    for match in _TOKEN.finditer(text):
        token, start, end = match.group(1), match.start(1), match.end(1)
        lower_marked = False
        if token.isalpha() and token.islower():
            lower_marked = (start, end) in code_spans or _abbreviation(text, start, end)
            if not lower_marked and (token if token.isascii() else fold(token)) not in curated:
                continue  # a plain lower-case word: a gene only when code, abbreviation, curated
        if (not any(c.isalpha() for c in token) or "_" in token
                or any(s <= start < e for s, e in masked) or text[end:end + 1] in ("+", "⁺")):
            continue
        token = _SUFFIX_WORD.sub("", token)
        end = start + len(token)
        if not (lower_marked or _strong(token) or _could_be_symbol(token, tables, curated)):
            continue  # "The", "Mice": a weak form is a gene only as a symbol, curated or `code`
        sentence = next((s for s in spans if s[0] <= start < s[1]), spans[-1])
        after = _words_after(text, end, 1)
        before = _words_before(text, start, 3)
        inside = [(s, e) for s, e in spans_marked if s <= start and end <= e]
        abbreviation = _abbreviation(text, start, end)
        alone = (any(not text[s:start].strip("-*_`( ") and not text[end:e].strip("-*_`) ")
                     for s, e in inside)
                 or (unit.label and label_words == 1) or abbreviation)
        flags: dict[str, Any] = dict(
            alone=alone,
            code=abbreviation or any(s == start and e == end for s, e in codes),
            marked=alone or bool(inside) or (unit.label and label_words <= 4),
            cue=bool(after and after[0] in _CUES),
            near_cue=bool(_CUES.intersection(before + _words_after(text, end, 3))),
            after=after[0] if after else "",
            apposed=_apposed(text, end),
            collective=_collective(_words_after(text, end, 2), "/" in token or "-" in token),
        )
        for part in _split_parts(token):
            found.append(_Candidate(part, _variants(part), unit, sentence, start, end, **flags))
    # a short code span of a name and a number (`aqp 3`) is one name
    for start, end in codes:
        inner = text[start:end]
        if re.fullmatch(r"[A-Za-z]{2,6} \d{1,3}", inner):
            name = inner.replace(" ", "")
            sentence = next((s for s in spans if s[0] <= start < s[1]), spans[-1])
            found.append(_Candidate(inner, [name], unit, sentence, start, end, alone=True,
                                    code=True, marked=True, cue=False, near_cue=False))
    return found


_APPOSITION = re.compile(r"[ \t]+([A-Za-z]+)[ \t]+[*_`]*([\w-]+)")


def _apposed(text: str, end: int) -> bool:
    """Whether a cue word and a gene-shaped name follow the token ("the SUN protein Spag4",
    "the KASH protein MSP-300"): the token then names the class the other belongs to.

    >>> _apposed("the SUN protein Spag4 binds", 7), _apposed("SUN protein levels", 3)
    (True, False)
    """
    m = _APPOSITION.match(text, end)
    return bool(m and m.group(1).lower() in _CUES and _strong(m.group(2)))


def _could_be_symbol(token: str, tables: list[tuple[int, TaxonTable]],
                     curated: dict[str, dict[int, str]]) -> bool:
    forms = _split_parts(token) if "/" in token or "-" in token else [token]
    for form in forms:
        for variant in _variants(form):
            if (curated_key(variant) in curated or fold(variant) in curated
                    or any(variant in table.exact for _taxon, table in tables)):
                return True
    return False


def _stopped(c: _Candidate, stop: frozenset[str]) -> bool:
    word = c.forms[0]
    if microrna(c.written) is not None:
        return False  # let-7a: its stem is no word to stop
    stem = re.sub(r"\d+[A-Za-z]?$", "", word)
    return (len(word) < 2 or any(fold(form) in stop for form in c.forms[:2])
            or (stem != word and fold(stem) in stop) or bool(_UNIT.match(word))
            or bool(_RESIDUE.match(word)) or bool(_SUPERSCRIPT.search(word)))


def _chemical(c: _Candidate) -> bool:
    """A chemical formula or ion (NaCl, CaCl₂, H2O2, CO2), unless the tables know the name as a
    symbol or a curated name (HK2, NF2, BiP have the shape of formulas too): an alias alone
    does not outweigh the shape; nor does a species prefix reading (AtPIN2 is At+P+I+N2 too).
    """
    return (is_formula(c.forms[0]) and c.taxon is None
            and (c.hit is None or c.hit.how == "alias"))


def _microrna(c: _Candidate, tables: list[tuple[int, TaxonTable]]) -> _Hit | None:
    """The MIR gene of the article's organisms that encodes a microRNA written miR-21,
    miR-125b-5p or let-7a (mouse Mir21a, human MIR21); the written form stays the mention."""
    mir = microrna(c.written)
    if mir is None:
        return None
    for taxon, table in tables:
        for symbol in mir.symbols(taxon):
            found = table.exact.get(symbol)
            if found and len(found) == 1:
                return _Hit(found[0], "mirna")
    return None


def _read_prefix(c: _Candidate) -> None:
    """A species prefix names the organism (AtPIN2: PIN2 of Arabidopsis; hFBXO32: human
    FBXO32; Sa-agrA: agrA of S. aureus). The symbol after it is looked up in that organism's
    table when the whole name is no symbol of the article's organisms; with no such entry, a
    prefix of two letters or more still gives the gene its organism (one-letter prefixes are
    read only when the table confirms them: mPFC is a brain region)."""
    if c.hit is not None and c.hit.how in ("symbol", "curated", "mirna"):
        return
    lex = lexicon()
    for form in reversed(c.forms):
        for reading in species_prefixed(form):
            table = lex.taxon(reading.taxon)
            if table is not None:
                found = table.exact.get(reading.symbol) or table.loose.get(fold(reading.symbol))
                if found and len(found) == 1:
                    c.hit, c.taxon = _Hit(found[0], "prefix"), reading.taxon
                    return
            if c.hit is None and len(reading.prefix) >= 2 and _gene_shaped(reading.symbol):
                c.taxon = reading.taxon
                c.forms.append(reading.symbol)
                return


def _decide(c: _Candidate) -> bool:
    """Whether a name the tables resolve is a gene mention here."""
    if c.hit is None:
        return False
    strong = _strong(c.written)
    how = c.hit.how
    if how in ("curated", "mirna"):
        return True
    if how == "prefix":
        return _strong(c.hit.gene.symbol) or c.marked or c.cue
    if is_common_word(c.written) and not _word_is_gene(c):
        return False  # "the MAX value", "Clock genes": a word, unless the text makes it a gene
    if how == "symbol":
        if c.written.islower() and c.written.isalpha():
            return c.code  # fly and worm symbols are often words: `yuri`, not "to"
        return strong or c.marked or c.cue
    if how == "loose":
        return strong and (c.marked or c.cue or any(ch.isdigit() for ch in c.written))
    # aliases name many things (NET, DEPs, TGFβ); only those with a digit are kept
    distinctive = any(ch.isdigit() for ch in c.written)
    return strong and distinctive and (c.marked or c.cue or len(c.written) >= 4)


#: cue words in the plural ("genes", "proteins", "kinases"): after a common word they speak
#: of a class ("Clock genes", "SUN proteins"), not of one gene; made from the cue list itself
_PLURAL_CUES = frozenset(w for w in _CUES if w.endswith("s") and w[:-1] in _CUES)


def _word_is_gene(c: _Candidate) -> bool:
    """Whether the text makes a common English word a gene: code (`Rest`), a gene word right
    after it that speaks of one gene ("Clock expression"; "Clock genes" are the genes of the
    clock, "the SUN protein Spag4" names Spag4 a member of a class), or emphasis of the word
    alone with a gene word near ("**MAX** gene")."""
    one_gene = c.cue and c.after not in _PLURAL_CUES and not c.apposed
    return c.code or one_gene or (c.alone and c.near_cue)


def _higher_order_mutant(word: str) -> bool:
    """``scar1234``: a name ending in a run of three or more consecutive member numbers is a
    multiple mutant (Arabidopsis nomenclature: scar1 scar2 scar3 scar4), not one gene.

    >>> _higher_order_mutant("scar1234"), _higher_order_mutant("abc123"), _higher_order_mutant("gpx1")
    (True, True, False)
    """
    m = re.fullmatch(r"[a-z]+(\d{3,})", word)
    if m is None:
        return False
    digits = [int(d) for d in m.group(1)]
    return all(b == a + 1 for a, b in pairwise(digits))


def _unlisted(c: _Candidate, families: set[str]) -> bool:
    """Whether a name no table holds is a gene the text names (a tardigrade ``gpx``)."""
    word = c.forms[-1]
    if fold(word) in families:
        return False  # PIN beside PIN5: a family, not a gene
    if _higher_order_mutant(word):
        return False
    if word.islower() and word.isalpha():
        return c.code and 2 <= len(word) <= 6
    if not _gene_shaped(word):
        return False
    head = re.match(r"^[^\d]*", word)
    letters_before_digit = head.group(0) if head else ""
    if not any(ch.isdigit() for ch in word):
        if _INTERNAL_CAPITAL.search(word):  # MscL, AtGTLP: a cue word will do
            return c.cue or c.alone
        return (c.alone or c.code) and (c.cue or c.near_cue) and not c.unit.label
    if sum(ch.isalpha() for ch in letters_before_digit) < 2:
        return False  # L-3d, 4-D, 6g: labels and units
    return c.marked or c.cue or c.near_cue


def _families(candidates: list[_Candidate], taxa: Sequence[int]) -> set[str]:
    """Stems of numbered names (PIN of PIN5, REC of REC1), in the text or in the tables of the
    article's organisms: written bare, such a stem names a gene family."""
    stems = set()
    for c in candidates:
        for form in c.forms:
            m = re.match(r"^(.*?[A-Za-z])\d+[A-Za-z]?$", form)
            if m:
                stems.add(fold(m.group(1)))
    tables = [table for _taxon, table in _tables(taxa)]
    for c in candidates:
        word = fold(c.forms[-1])
        if word.isalpha() and any(f"{word}1" in t.loose or f"{word}2" in t.loose for t in tables):
            stems.add(word)
    return stems


def find_genes(units: Iterable[TextUnit], taxa: Sequence[int], primary: int | None,
               masked: dict[int, list[tuple[int, int]]] | None = None,
               ) -> tuple[GeneMention, ...]:
    """Gene mentions of an article's text; ``taxa`` are its organisms in order of preference,
    ``primary`` the organism a gene without a reference entry is given, ``masked`` the spans
    (by unit index) that name something else (datasets, missions)."""
    stop = _not_genes()
    tables = _tables(taxa)
    candidates = [c for i, unit in enumerate(units)
                  for c in _candidates(unit, (masked or {}).get(i, []), tables)]
    candidates = [c for c in candidates if not _stopped(c, stop) and not c.collective]
    for c in candidates:
        c.hit = _microrna(c, tables) or _resolve(c.forms, tables)
        _read_prefix(c)
    candidates = [c for c in candidates if not _chemical(c)]
    for c in candidates:
        c.kept = c.hit is not None and _decide(c)
    families = _families(candidates, taxa)
    for c in candidates:
        c.local = (not c.kept and c.hit is None and (c.taxon or primary) is not None
                   and _unlisted(c, families))
    # a list with a gene in it makes its other gene-like members genes too
    for c in candidates:
        if c.kept or c.local or not _strong(c.written) or not _in_list_with_gene(c, candidates):
            continue
        if c.hit is not None and c.hit.how == "symbol":
            c.kept = True
        elif (c.hit is None and primary is not None and fold(c.forms[-1]) not in families
              and not _higher_order_mutant(c.forms[-1])):
            c.local = True
    chosen = _genes(candidates, primary)
    mentions: list[GeneMention] = []
    evidence: dict[tuple[int, tuple[int, int]], str] = {}  # one plain text per sentence
    for c in candidates:
        gene = chosen.get(id(c))
        if gene is None:
            continue
        text = c.unit.markdown
        lo, hi = c.sentence
        # a sentence of thousands of words (a list pasted whole) would make every mention store
        # and scan all of it: evidence and direction are read in a window around the mention
        if hi - lo > MAX_EVIDENCE:
            start = max(lo, c.start - MAX_EVIDENCE // 2)
            end = min(hi, max(c.end, start + MAX_EVIDENCE))
            # whole words only: the window starts after a space and ends before one
            lo = start if start == lo else min(c.start, text.find(" ", start, c.start) + 1 or c.start)
            hi = end if end == hi else max(c.end, text.rfind(" ", c.end, end) if
                                          text.rfind(" ", c.end, end) > 0 else end)
        key = (id(c.unit), (lo, hi))
        if key not in evidence:
            evidence[key] = sentence_text(text, (lo, hi))
        mentions.append(GeneMention(
            gene, c.written, c.unit.section, evidence[key],
            direction_of(text[lo:hi], c.start - lo), c.start,
        ))
    return tuple(mentions)


def _genes(candidates: list[_Candidate], primary: int | None) -> dict[int, Gene]:
    """The gene of each kept candidate, with names of one gene brought together:

    - a name found only by alias or loosely goes to a gene of the same ortholog group the
      article names by its symbol (IRE1α beside IRE1: one gene, not a yeast and a human one);
    - in ``A/B``, a name no table holds goes with the other, when that one is a known gene
      (min7/ben1 name one gene);
    - names no table holds are one gene per spelling, ignoring case.
    """
    lex = lexicon()
    exact: dict[str, GeneRef] = {}
    for c in candidates:
        if c.kept and c.hit is not None and c.hit.how == "symbol":
            group = lex.homologene(c.hit.gene)
            exact.setdefault(group or c.hit.gene.key, c.hit.gene)
    chosen: dict[int, Gene] = {}
    for c in candidates:
        if not c.kept or c.hit is None:
            continue
        ref = c.hit.gene
        if c.hit.how != "symbol" and (group := lex.homologene(ref)) in exact:
            ref = exact[group]
        chosen[id(c)] = Gene(ref.symbol, ref.taxon, ref)
    # one node per gene: a name no table holds that folds to a symbol found in the same
    # organism is that gene (sod1 beside SOD1)
    known = {(g.taxon, fold(g.symbol)): g for g in chosen.values()}
    spellings: dict[tuple[int | None, str], list[str]] = {}
    for c in candidates:
        if c.local:
            spellings.setdefault((c.taxon or primary, fold(c.forms[-1])), []).append(c.forms[-1])
    local = {key: known.get(key) or Gene(_symbol_of(forms), key[0])
             for key, forms in spellings.items()}
    for c in candidates:
        if not c.local:
            continue
        partner = next((chosen[id(o)] for o in candidates if o is not c and id(o) in chosen
                        and o.start == c.start and o.unit is c.unit), None)
        chosen[id(c)] = partner or local[(c.taxon or primary, fold(c.forms[-1]))]
    return chosen


def _symbol_of(spellings: list[str]) -> str:
    """The symbol of a gene no table holds: its first spelling with capitals (ERU, not the
    mutant's eru), else its first spelling (a tardigrade's gpx)."""
    return next((s for s in spellings if any(c.isupper() for c in s)), spellings[0])


def _in_list_with_gene(c: _Candidate, candidates: list[_Candidate]) -> bool:
    text = c.unit.markdown
    for other in candidates:
        if (other is c or not (other.kept or other.local) or other.unit is not c.unit
                or other.sentence != c.sentence):
            continue
        lo, hi = (c.end, other.start) if c.start < other.start else (other.end, c.start)
        between = text[lo:hi]
        if len(between) <= 12 and re.fullmatch(r"[\s*_`,;/]*(?:,|and|or|&)?[\s*_`,;/]*", between):
            return True
    return False
