"""Stage 2b: the entities an article names in its text (genes, organisms, datasets, missions).

Extraction reads the whole article (title, summary, knowledge gaps, chart labels, every body
section) and does not depend on the frontmatter being valid: it is run on what the reader
could parse, so that a file's entities can be measured even when the file is not built.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .accessions import Dataset, dataset_spans, find_datasets
from .articles import RawArticle
from .charts import parse_chart
from .genes import GeneMention, find_genes
from .lexicon import lexicon
from .missions import Mission, find_missions, mission_spans
from .organisms import find_organisms, organism_spans
from .taxa import Taxon, resolve_organism
from .textunits import TextUnit, text_units

__all__ = ["Entities", "find_entities"]


@dataclass(frozen=True)
class Entities:
    """What an article names: gene mentions, organisms of the text, datasets, missions."""

    genes: tuple[GeneMention, ...] = ()
    organisms: tuple[Taxon, ...] = ()
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
    masked = {i: dataset_spans(t) + mission_spans(t) + organism_spans(t)
              for i, t in enumerate(texts)}
    return Entities(
        genes=find_genes(units, _gene_taxa(declared, named), _primary(declared, named), masked),
        organisms=named,
        datasets=find_datasets(texts),
        missions=find_missions(texts),
    )


def _gene_taxa(declared: list[Taxon], named: tuple[Taxon, ...]) -> list[int]:
    """Organisms with reference gene tables, frontmatter first, then those of the text."""
    known = set(lexicon().taxa)
    order = [t.id for t in declared] + [t.id for t in named]
    return [t for t in dict.fromkeys(order) if t in known]


def _primary(declared: list[Taxon], named: tuple[Taxon, ...]) -> int | None:
    """The organism a gene without a reference entry belongs to: the first species named,
    in the frontmatter or else in the text, or the first organism of any rank."""
    for taxon in (*declared, *named):
        if taxon.rank == "species":
            return taxon.id
    first = (*declared, *named)
    return first[0].id if first else None


def units_of(raw: RawArticle) -> list[TextUnit]:
    """The text units of an article, from whatever its frontmatter holds."""
    meta = raw.meta
    title = meta.get("title") if isinstance(meta.get("title"), str) else ""
    summary = meta.get("summary") if isinstance(meta.get("summary"), str) else None
    return text_units(title, summary, _strings(meta.get("knowledgeGaps")),
                      _chart(meta.get("chartData")), raw.sections)
