"""Organism labels as written in articles, resolved to NCBI Taxonomy identifiers.

Articles name organisms loosely ("Mice", "E. coli", "Tardigrades"). Each known label maps to
one NCBITaxon id (OBO PURL ``http://purl.obolibrary.org/obo/NCBITaxon_<id>``). Labels that name
no taxon (``"Others"``) are kept as text by the caller. The table is small on purpose: every id
in it was checked against NCBI Taxonomy; an unknown label is reported, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Taxon", "TAXA", "resolve_organism", "NON_TAXON_LABELS", "taxon_iri"]

NCBITAXON = "http://purl.obolibrary.org/obo/NCBITaxon_"


@dataclass(frozen=True)
class Taxon:
    """One NCBI Taxonomy node: its id, scientific name and rank."""

    id: int
    name: str
    rank: str

    @property
    def iri(self) -> str:
        return taxon_iri(self.id)


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
    """
    tid = _BY_LABEL.get(_key(label))
    return TAXA[tid] if tid is not None else None
