"""Organisms, resolved to NCBI Taxonomy identifiers, offline.

Two sources:

- the labels articles put in their ``organisms`` field ("Mice", "E. coli", "Tardigrades"), a
  small table of this module, every id checked against NCBI Taxonomy;
- ``kg/data/taxa/`` (see its SOURCES.md: the NCBI Taxonomy dump of 2024-09-09 through
  taxoniq): every genus, every species of the genera space biology works with, all of
  Tardigrada, with ranks and parents, so that any scientific name in the text resolves and
  its lineage can be walked; plus ``synonyms.tsv`` for names the dump lacks (SARS-CoV-2,
  former names).

Labels that name no taxon (``"Others"``) are kept as text by the caller. A species the data
does not hold gets a project IRI and its genus as parent, never an invented id.
"""

from __future__ import annotations

import gzip
import re
import sqlite3
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from importlib.resources.abc import Traversable

from kg.core.namespaces import ID, NCBITAXON
from kg.extract import refindex

__all__ = [
    "Taxon",
    "TAXA",
    "NON_TAXON_LABELS",
    "resolve_organism",
    "taxon",
    "taxa_named",
    "lineage",
    "taxon_iri",
]



@dataclass(frozen=True)
class Taxon:
    """One taxon: its NCBI id (``None`` for a species the data lacks), name, rank, parent.

    ``parent_node`` is the parent the graph states with ``sbkg:parentTaxon``, with its own
    node: set for a species the data lacks (its genus), which has no NCBI lineage to follow.
    """

    id: int | None
    name: str
    rank: str
    parent: int | None = None
    parent_node: Taxon | None = None

    @property
    def iri(self) -> str:
        if self.id is not None:
            return taxon_iri(self.id)
        return str(ID.taxon) + re.sub(r"[^a-z0-9]+", "-", self.name.lower()).strip("-")


def taxon_iri(taxon_id: int) -> str:
    """The OBO PURL of an NCBI Taxonomy id.

    >>> taxon_iri(10090)
    'http://purl.obolibrary.org/obo/NCBITaxon_10090'
    """
    return f"{NCBITAXON}{taxon_id}"


# (id, scientific name, rank, other labels as articles write them)
_TABLE: tuple[tuple[int, str, str, tuple[str, ...]], ...] = (
    (9606, "Homo sapiens", "species", ("human", "humans", "astronaut", "astronauts", "h. sapiens")),
    (10090, "Mus musculus", "species", ("mouse", "mice", "murine", "m. musculus")),
    (10116, "Rattus norvegicus", "species", ("rat", "rats", "r. norvegicus")),
    (3702, "Arabidopsis thaliana", "species", ("arabidopsis", "a. thaliana", "thale cress")),
    (4932, "Saccharomyces cerevisiae", "species", ("yeast", "budding yeast", "s. cerevisiae")),
    (4896, "Schizosaccharomyces pombe", "species", ("fission yeast", "s. pombe")),
    (6239, "Caenorhabditis elegans", "species", ("c. elegans", "nematode", "nematodes")),
    (7227, "Drosophila melanogaster", "species", ("drosophila", "fruit fly", "fruit flies",
                                                  "d. melanogaster")),
    (7955, "Danio rerio", "species", ("zebrafish", "d. rerio")),
    (562, "Escherichia coli", "species", ("e. coli", "e.coli")),
    (1280, "Staphylococcus aureus", "species", ("s. aureus",)),
    (615, "Serratia marcescens", "species", ("s. marcescens",)),
    (1423, "Bacillus subtilis", "species", ("b. subtilis",)),
    (287, "Pseudomonas aeruginosa", "species", ("p. aeruginosa",)),
    (947166, "Ramazzottius varieornatus", "species", ("r. varieornatus",)),
    (2072580, "Hypsibius exemplaris", "species", ("h. exemplaris",)),
    (42241, "Tardigrada", "phylum", ("tardigrade", "tardigrades", "water bear", "water bears")),
    (2, "Bacteria", "superkingdom", ("bacterium", "bacteria", "microbes", "microbe")),
    (4751, "Fungi", "kingdom", ("fungus", "fungi")),
    (33208, "Metazoa", "kingdom", ("animal", "animals")),
    (33090, "Viridiplantae", "kingdom", ("plant", "plants", "green plants")),
)

#: the organism labels articles use, as taxa
TAXA: dict[int, Taxon] = {tid: Taxon(tid, name, rank) for tid, name, rank, _ in _TABLE}

_BY_LABEL: dict[str, int] = {}
for _tid, _name, _rank, _labels in _TABLE:
    for _label in (_name, *_labels):
        _BY_LABEL[_label.lower()] = _tid

#: labels that are known on purpose to name no taxon: kept as text without a warning
NON_TAXON_LABELS = frozenset({"others", "other", "n/a", "na", "none", "various", "multiple"})


def _key(label: str) -> str:
    return re.sub(r"\s+", " ", label.strip().strip("*_").lower())


def resolve_organism(label: str) -> Taxon | None:
    """The taxon a written label names, or ``None``.

    >>> resolve_organism("Mice").name, resolve_organism("E. coli").id, resolve_organism("Others")
    ('Mus musculus', 562, None)
    >>> resolve_organism("Zea mays").id   # any scientific name the data holds
    4577
    """
    tid = _BY_LABEL.get(_key(label))
    if tid is not None:
        return taxon(tid) or TAXA[tid]
    found = taxa_named(label.strip().strip("*_"))
    return found[0] if len(found) == 1 else None


# -- the NCBI Taxonomy data ---------------------------------------------------------------------
# Parsing the 156k taxa and 159k names into dictionaries cost every process about 2 s, for the
# few dozen taxa a build looks up; searching the names' text for a line cost a few ms a name
# (5 MB, twice), seconds over a corpus. Both are looked up in ``taxa.sqlite`` instead, made from
# the tables on first use (kg/extract/refindex.py); lookups memoised.
def _fill(db: sqlite3.Connection, folder: Traversable) -> None:
    """taxon: ``taxa.tsv`` (id, name, rank, parent); name: the (name, id) lines of
    ``names.tsv`` and the curated synonyms, casefolded, then the same with the brackets of
    names like ``[Candida] auris`` removed (``pass`` 1), so that either form finds it."""
    db.execute("CREATE TABLE taxon (id INTEGER PRIMARY KEY, name TEXT NOT NULL, "
               "rank TEXT NOT NULL, parent INTEGER NOT NULL)")
    db.executemany("INSERT INTO taxon VALUES (?, ?, ?, ?)", (
        (int(f[0]), f[1], f[2], int(f[3])) for f in refindex.lines(folder / "taxa.tsv.gz")))
    text = gzip.decompress((folder / "names.tsv.gz").read_bytes()).decode("utf-8")
    with (folder / "synonyms.tsv").open(encoding="utf-8") as handle:
        extra = "".join(line for line in handle
                        if line.strip() and not line.startswith(("#", "name\t")))
    folded = ("\n" + text + "\n" + extra).casefold()
    db.execute("CREATE TABLE name (pass INTEGER NOT NULL, row INTEGER NOT NULL, "
               "name TEXT NOT NULL, taxon INTEGER NOT NULL, PRIMARY KEY (pass, row))")
    for number, names in enumerate((folded, folded.replace("[", "").replace("]", ""))):
        db.executemany("INSERT INTO name VALUES (?, ?, ?, ?)", (
            (number, row, fields[0], int(fields[1]))
            for row, fields in enumerate(line.split("\t") for line in names.split("\n"))
            if len(fields) > 1 and fields[1].isdigit()))  # not the header, "name\ttaxon"
    db.execute("CREATE INDEX name_name ON name (name)")


INDEX_SPEC = refindex.Spec("taxa.sqlite", ("taxa.tsv.gz", "names.tsv.gz", "synonyms.tsv"), "1",
                           _fill)


@lru_cache(maxsize=1)
def _index() -> refindex.Index:
    return refindex.Index(INDEX_SPEC, files("kg.extract") / "data" / "taxa")


@lru_cache(maxsize=65536)
def _row(taxon_id: int) -> tuple[str, str, int] | None:
    """``(name, rank, parent)`` of a taxon."""
    found = _index().rows("SELECT name, rank, parent FROM taxon WHERE id = ?", taxon_id)
    return (found[0][0], found[0][1], found[0][2]) if found else None


@lru_cache(maxsize=65536)
def _ids_named(key: str) -> tuple[int, ...]:
    if "\n" in key or "\t" in key or not key:
        return ()
    ids: list[int] = []
    for (tid,) in _index().rows("SELECT taxon FROM name WHERE name = ? ORDER BY pass, row", key):
        if tid not in ids:
            ids.append(tid)
    return tuple(ids)


def taxon(taxon_id: int) -> Taxon | None:
    """The taxon with this NCBI id, if the data holds it."""
    row = _row(taxon_id)
    if row is None:
        return None
    name, rank, parent = row
    return Taxon(taxon_id, name, rank, parent if parent != taxon_id else None)


def taxa_named(name: str) -> list[Taxon]:
    """Taxa with this scientific or common name; a homonym gives several, genus first.

    >>> [t.id for t in taxa_named("Paramacrobiotus spatialis")]
    [2507083]
    """
    found = [t for t in (taxon(i) for i in _ids_named(name.casefold())) if t is not None]
    return sorted(found, key=lambda t: (t.rank != "genus", t.id))


def lineage(taxon_id: int) -> list[int]:
    """The ids from the taxon up to the root, the taxon first.

    >>> 42241 in lineage(2507083)   # Paramacrobiotus spatialis is a tardigrade
    True
    """
    chain = []
    current: int | None = taxon_id
    while current is not None and current not in chain:
        chain.append(current)
        row = _row(current)
        current = row[2] if row and row[2] != current else None
    return chain
