"""Stage 2b: the entities an article names in its text (genes, organisms, datasets, missions).

Extraction reads the whole article (title, summary, knowledge gaps, chart labels, every body
section) and does not depend on the frontmatter being valid: it is run on what the reader
could parse, so that a file's entities can be measured even when the file is not built.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kg.extract.accessions import Dataset, dataset_spans, find_datasets
from kg.extract.genes import GeneMention, find_genes
from kg.extract.lexicon import lexicon
from kg.extract.missions import Mission, scan_missions
from kg.extract.organisms import find_organisms, organism_spans
from kg.extract.taxa import Taxon, lineage, resolve_organism
from kg.extract.textunits import TextUnit, text_units
from kg.ingest.articles import RawArticle
from kg.ingest.charts import parse_chart

__all__ = ["Entities", "find_entities"]


@dataclass(frozen=True)
class Entities:
    """What an article names: gene mentions, organisms of the text, datasets, missions."""

    genes: tuple[GeneMention, ...] = ()
    organisms: tuple[Taxon, ...] = ()  # named in the text
    studied: tuple[Taxon, ...] = ()  # named in the text, within an organism of the frontmatter
    datasets: tuple[Dataset, ...] = ()
    missions: tuple[Mission, ...] = ()


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def _chart(value: Any):
    try:
        return parse_chart(value, lambda *_: None)
    except ValueError:
        return None


def find_entities(raw: RawArticle) -> Entities:
    """Genes, organisms, datasets and missions named anywhere in the article."""
    units = units_of(raw)
    texts = [u.markdown for u in units]
    declared = [t for t in (resolve_organism(label) for label in _strings(raw.meta.get("organisms")))
                if t is not None]
    named = find_organisms(texts)
    studied = _within(named, declared)
    missions, mission_places = scan_missions(texts)
    masked = {i: dataset_spans(t) + mission_places[i] + organism_spans(t)
              for i, t in enumerate(texts)}
    return Entities(
        genes=find_genes(units, _gene_taxa(declared, named), _primary(declared, studied, named),
                         masked),
        organisms=named,
        studied=studied,
        datasets=find_datasets(texts),
        missions=missions,
    )


def _gene_taxa(declared: list[Taxon], named: tuple[Taxon, ...]) -> list[int]:
    """Organisms with reference gene tables, frontmatter first, then those of the text."""
    known = set(lexicon().taxa)
    order = [t.id for t in declared] + [t.id for t in named]
    return [t for t in dict.fromkeys(order) if t in known]


def _within(named: tuple[Taxon, ...], declared: list[Taxon]) -> tuple[Taxon, ...]:
    """The text's organisms that lie within a frontmatter organism (a tardigrade species for
    "Tardigrades"): the species the article studies, more precisely than its frontmatter."""
    groups = {t.id for t in declared}
    return tuple(t for t in named
                 if groups.intersection(lineage(t.id if t.id is not None else t.parent or 0)))


def _primary(declared: list[Taxon], studied: tuple[Taxon, ...],
             named: tuple[Taxon, ...]) -> int | None:
    """The organism a gene without a reference entry belongs to. Genes of organisms with
    reference tables resolve there, so a name no table holds most likely belongs to an
    organism without one: the text's species within the frontmatter organisms first (a
    tardigrade species for "Tardigrades"), then frontmatter species without tables, then any
    species, then the first organism of any rank."""
    known = set(lexicon().taxa)
    species = [t for t in (*studied, *declared, *named) if t.id is not None and t.rank == "species"]
    ordered = ([t for t in species if t.id not in known] + species
               + [t for t in declared if t.id is not None])
    return ordered[0].id if ordered else None


def units_of(raw: RawArticle) -> list[TextUnit]:
    """The text units of an article, from whatever its frontmatter holds."""
    meta = raw.meta
    title = meta.get("title") if isinstance(meta.get("title"), str) else ""
    summary = meta.get("summary") if isinstance(meta.get("summary"), str) else None
    return text_units(title, summary, _strings(meta.get("knowledgeGaps")),
                      _chart(meta.get("chartData")), raw.sections)
