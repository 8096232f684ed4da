"""Stage 2b: the entities an article names in its text (genes, organisms, datasets, missions).

Extraction reads the whole article (title, summary, knowledge gaps, chart labels, every body
section) and does not depend on the frontmatter being valid: it is run on what the reader
could parse, so that a file's entities can be measured even when the file is not built.

Each gene also gets its :class:`GeneFacts` here (its IRI, cross-references, HomoloGene group
and orthologs from the reference tables): the record carries them and the graph stage only
maps them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from kg.core.namespaces import HGNC, ID, MGI, NCBIGENE, RGD
from kg.extract.accessions import Dataset, dataset_spans, find_datasets
from kg.extract.genes import Gene, GeneMention, find_genes
from kg.extract.lexicon import GeneRef, lexicon
from kg.extract.missions import Mission, scan_missions
from kg.extract.organisms import find_organisms, organism_spans
from kg.extract.taxa import TAXA, Taxon, lineage, resolve_organism, taxon, taxon_iri
from kg.extract.textunits import TextUnit, text_units
from kg.ingest.articles import RawArticle
from kg.ingest.charts import Chart, parse_chart

__all__ = ["Entities", "GeneFacts", "find_entities", "gene_facts", "gene_iri", "curie_iri"]


@dataclass(frozen=True)
class GeneFacts:
    """What the graph states about one gene, looked up here so the graph stage need not.

    ``iri`` is the gene's node; ``taxon_iri`` its organism, and ``taxon`` that organism's node
    when the taxonomy data holds it; ``matches`` the HGNC, MGI and RGD IRIs of the same gene;
    ``orthologs`` the genes of other reference organisms in its HomoloGene group ``homologene``
    (stated with their symbol, organism and group only, so their own ``orthologs`` are empty).
    """

    key: str  # the :attr:`Gene.key` mentions name the gene by
    iri: str
    symbol: str
    taxon_iri: str | None = None
    taxon: Taxon | None = None
    name: str | None = None
    matches: tuple[str, ...] = ()
    homologene: str | None = None
    orthologs: tuple[GeneFacts, ...] = ()
    #: the other names of the reference tables (aliases, previous symbols), so that a query
    #: finds the gene by any of them
    aliases: tuple[str, ...] = ()
    previous: tuple[str, ...] = ()


@dataclass(frozen=True)
class Entities:
    """What an article names: gene mentions, organisms of the text, datasets, missions.

    ``gene_facts`` holds one :class:`GeneFacts` for each gene the mentions name, in order of
    first mention.
    """

    genes: tuple[GeneMention, ...] = ()
    gene_facts: tuple[GeneFacts, ...] = ()
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


def _chart(value: Any) -> Chart | None:
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
    genes = find_genes(units, _gene_taxa(declared, named), _primary(declared, studied, named),
                       masked)
    return Entities(
        genes=genes,
        gene_facts=tuple(gene_facts(g) for g in _first_of_each(genes)),
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


#: ranks that name one genome: a gene belongs to a species (or a strain of one), never to a
#: kingdom or a phylum; a frontmatter tag such as "Animals" (Metazoa) or "Tardigrades"
#: (Tardigrada) says too little to put a gene no table holds in it
GENOME_RANKS = frozenset({"species", "subspecies", "strain", "varietas", "forma", "isolate",
                          "serotype", "serogroup", "biotype", "forma specialis"})


def _primary(declared: list[Taxon], studied: tuple[Taxon, ...],
             named: tuple[Taxon, ...]) -> int | None:
    """The organism a gene without a reference entry belongs to. Genes of organisms with
    reference tables resolve there, so a name no table holds most likely belongs to an
    organism without one: the text's species within the frontmatter organisms first (a
    tardigrade species for "Tardigrades"), then frontmatter species without tables, then any
    species. A coarser organism (a genus, phylum or kingdom) is never given to a gene: with
    no species, a name no table holds is no gene (see :data:`GENOME_RANKS`)."""
    known = set(lexicon().taxa)
    species = [t for t in (*studied, *declared, *named)
               if t.id is not None and t.rank in GENOME_RANKS]
    ordered = [t for t in species if t.id not in known] + species
    return ordered[0].id if ordered else None


def units_of(raw: RawArticle) -> list[TextUnit]:
    """The text units of an article, from whatever its frontmatter holds."""
    meta = raw.meta
    title = meta["title"] if isinstance(meta.get("title"), str) else ""
    summary = meta["summary"] if isinstance(meta.get("summary"), str) else None
    return text_units(title, summary, _strings(meta.get("knowledgeGaps")),
                      _chart(meta.get("chartData")), raw.sections)


def _first_of_each(mentions: Iterable[GeneMention]) -> list[Gene]:
    first: dict[str, Gene] = {}
    for m in mentions:
        first.setdefault(m.gene.key, m.gene)
    return list(first.values())


# -- what the graph states about a gene -----------------------------------------------------------
def gene_facts(gene: Gene) -> GeneFacts:
    """The gene's node, names, cross-references and orthologs, from the reference tables."""
    node = gene_iri(gene)
    ref = gene.ref
    if ref is None:
        return GeneFacts(gene.key, node, gene.symbol, *_organism(gene.taxon))
    lex = lexicon()
    group = lex.homologene(ref)
    twins = tuple(_ortholog(other, group) for other in lex.orthologs(ref)) if group else ()
    matches = tuple(dict.fromkeys(m for m in _curies(ref) if m != node))
    aliases, previous = lex.other_names(ref)
    return GeneFacts(gene.key, node, gene.symbol, *_organism(gene.taxon), name=ref.name or None,
                     matches=matches, homologene=group or None, orthologs=twins,
                     aliases=aliases, previous=previous)


def _ortholog(ref: GeneRef, group: str) -> GeneFacts:
    gene = Gene(ref.symbol, ref.taxon, ref)
    aliases, previous = lexicon().other_names(ref)
    return GeneFacts(gene.key, gene_iri(gene), ref.symbol, *_organism(ref.taxon), homologene=group,
                     aliases=aliases, previous=previous)


def _organism(taxon_id: int | None) -> tuple[str | None, Taxon | None]:
    if taxon_id is None:
        return None, None
    return taxon_iri(taxon_id), taxon(taxon_id) or TAXA.get(taxon_id)


def _curies(ref: GeneRef) -> Iterable[str]:
    for curie in (ref.hgnc, ref.mgi, ref.rgd):
        if curie and (match := curie_iri(curie)):
            yield match


_CURIES = {"HGNC": HGNC, "MGI": MGI, "RGD": RGD}


def curie_iri(curie: str) -> str | None:
    """identifiers.org IRI of an HGNC, MGI or RGD CURIE.

    >>> curie_iri("HGNC:16731"), curie_iri("MGI:1914981"), curie_iri("ZFIN:1")
    ('https://identifiers.org/hgnc:16731', 'https://identifiers.org/MGI:1914981', None)
    """
    prefix, _, local = curie.partition(":")
    base = _CURIES.get(prefix)
    return base + local if base and local else None


def gene_iri(gene: Gene) -> str:
    """NCBI Gene (identifiers.org) when the gene has an id; else a project IRI made of the taxon
    and the symbol (a tardigrade ``gpx``, a mouse microRNA no source gives an NCBI id). An HGNC,
    MGI or RGD id stays a ``skos:exactMatch`` of the node, never the node itself: one kind of
    IRI per gene node, whatever the source knew.

    >>> gene_iri(Gene("gpx", 947166))
    'https://w3id.org/spacebio-kg/id/gene/947166/gpx'
    """
    ref = gene.ref
    if ref is not None and ref.ncbi:
        return f"{NCBIGENE}{ref.ncbi}"
    taxon_part = str(gene.taxon) if gene.taxon is not None else "unknown"
    return f"{ID.gene}{taxon_part}/{quote(gene.symbol, safe='-._~')}"
