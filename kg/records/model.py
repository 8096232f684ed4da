"""The frozen records the check stage hands to the graph stage: one article, checked and normalised.

A record holds everything the graph will state about its article, looked up already (the
keywords of each gap, the taxa and genes with what the graph says about them), so that the
graph stage only maps records to quads and a graph follows from its record alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from kg.core.schemes import slug
from kg.extract.claims import GeneClaim
from kg.extract.entities import Entities
from kg.extract.taxa import Taxon
from kg.ingest.charts import Chart
from kg.ingest.markdown import Section

__all__ = ["Person", "Organism", "Finding", "Gap", "ArticleRecord"]


@dataclass(frozen=True)
class Person:
    """An author as written, with the family name and initials that identify them."""

    name: str
    family: str
    initials: str

    @property
    def key(self) -> str:
        return "-".join(p for p in (slug(self.family), slug(self.initials)) if p)


@dataclass(frozen=True)
class Organism:
    """An organism label as written, and the taxon it names when it names one."""

    label: str
    taxon: Taxon | None


@dataclass(frozen=True)
class Finding:
    """A Key Findings bullet: its plain text and, when it opens with one, its bold lead."""

    text: str
    headline: str | None
    markdown: str


@dataclass(frozen=True)
class Gap:
    """A knowledge gap, where it came from (``frontmatter`` or ``body``) and its topic words."""

    text: str
    origin: str
    keywords: tuple[str, ...]


@dataclass(frozen=True)
class ArticleRecord:
    """Everything the graph needs from one article, checked and normalised."""

    path: str
    sha256: str
    title: str
    summary: str | None
    doi: str | None
    pmcid: str | None
    published: date | None
    journal: str | None
    url: str | None
    image: str | None
    read_minutes: int | None
    authors: tuple[Person, ...]
    tags: tuple[str, ...]
    organisms: tuple[Organism, ...]
    experiment_types: tuple[tuple[str, bool], ...]  # (label, in the closed scheme)
    priority: tuple[str, bool] | None
    consensus: tuple[str, bool] | None
    gaps: tuple[Gap, ...]
    findings: tuple[Finding, ...]
    chart: Chart | None
    sections: tuple[Section, ...]
    entities: Entities = field(default_factory=Entities)
    #: the gene changes the article states as findings (see :mod:`kg.extract.claims`)
    claims: tuple[GeneClaim, ...] = ()
    #: (field, value) this article states about its publication where the publication's
    #: reconciled value differs (see :mod:`kg.records.reconcile`)
    stated: tuple[tuple[str, str], ...] = ()
    #: (frontmatter field, its line in the file), for reports made after checking
    field_lines: tuple[tuple[str, int], ...] = field(default=(), compare=False)

    @property
    def publication_key(self) -> str:
        """What identifies the publication: the DOI, else the PMC id."""
        return self.doi or self.pmcid or ""
