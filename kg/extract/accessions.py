"""Dataset accessions named in article text: NASA OSDR / GeneLab and NCBI GEO.

Each becomes a dataset with an IRI that resolves: OSDR study pages for ``OSD-n``, GeneLab
accession pages for ``GLDS-n``, GEO series pages for ``GSEn``. ``LSDS-n`` (Ames Life Sciences
Data Archive, now in OSDR) has no documented study-page form, so its IRI is OSDR's search for it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from kg.core.namespaces import GENELAB, GEO, OSDR, OSDR_SEARCH

__all__ = ["Dataset", "find_datasets", "dataset_spans"]

_ACCESSION = re.compile(r"(?<![\w-])(OSD|GLDS|LSDS|GSE)[-\s]?(\d{1,7})(?![\w-])")
_REPOSITORY = {
    "OSD": ("NASA Open Science Data Repository", OSDR + "OSD-{n}"),
    "GLDS": ("NASA GeneLab", GENELAB + "GLDS-{n}"),
    "LSDS": ("NASA Open Science Data Repository (ALSDA)",
             OSDR_SEARCH + "LSDS-{n}"),
    "GSE": ("NCBI Gene Expression Omnibus",
            GEO + "GSE{n}"),
}


@dataclass(frozen=True)
class Dataset:
    """An accession as the repository writes it (``OSD-195``, ``GSE12345``) and its IRI."""

    accession: str
    repository: str
    iri: str


def find_datasets(texts: Iterable[str]) -> tuple[Dataset, ...]:
    """Accessions in ``texts``, each once, in order of first appearance.

    >>> [d.accession for d in find_datasets(["OSD-195 vs OSD 370", "GLDS-47, GSE 2104 and OSD-195"])]
    ['OSD-195', 'OSD-370', 'GLDS-47', 'GSE2104']
    >>> find_datasets(["GSE2104"])[0].iri
    'https://www.ncbi.nlm.nih.gov/geo/query/acc.cgi?acc=GSE2104'
    """
    found: dict[str, Dataset] = {}
    for text in texts:
        for match in _ACCESSION.finditer(text):
            prefix, number = match.group(1), str(int(match.group(2)))
            accession = f"GSE{number}" if prefix == "GSE" else f"{prefix}-{number}"
            repository, template = _REPOSITORY[prefix]
            found.setdefault(accession, Dataset(accession, repository, template.format(n=number)))
    return tuple(found.values())


def dataset_spans(text: str) -> list[tuple[int, int]]:
    """Where accessions stand in ``text``: not gene names, whatever their shape."""
    return [m.span() for m in _ACCESSION.finditer(text)]
