"""The reviewed table from the project's classes and properties to the Biolink Model, for KGX.

Biolink-aware tools (KGX, Translator, Monarch) take a graph as typed nodes and typed edges
with stated provenance. This table says which of our nodes become which Biolink category,
which of our properties become which Biolink predicate, and with what knowledge level and
agent type (the Translator KL/AT standard). What has no honest Biolink counterpart is left
out, not forced onto a vague predicate: the export counts what it drops.

The table is plain data: the export reads it without loading the model (reading the model
with linkml-runtime takes seconds). ``tests/test_kgx.py`` checks it against the Biolink Model
of the ``biolink-model`` package: every category a class under ``named thing``, every
predicate a slot under ``related to``, every enum value permissible, domains and ranges met.

Choices a reviewer should know:

- ``sbkg:reportsGene`` (and ``sbkg:mentionsGene`` of the article, lifted to the publication it
  summarises) become ``biolink:mentions``: genes are found in the text by the extractor, so
  ``text_mining_agent`` with knowledge level ``not_provided``, as KL/AT advises for text mining.
- A gene mention's direction (up/down) is not exported as ``biolink:affects``: the graph does
  not say what changed the gene (the condition), and inventing that subject from the
  publication's experiment type would be an inference the sources do not make.
- ``sbkg:studiesOrganism`` (curated frontmatter) becomes ``biolink:mentions`` by a
  ``manual_agent``: ``biolink:in_taxon`` needs a subject with a taxon (a gene, a cell), and a
  publication has none.
- Missions, platforms and ground analogs are ``biolink:NamedThing``: the scheme mixes
  activities (STS-131), facilities (the ISS) and procedures (hindlimb unloading).
- Findings, knowledge gaps, charts, authorships and gene mentions are the project's own
  structure (text and evidence), not Biolink entities; journals would need ``published_in``
  with an NLM or ISSN id the graph lacks. Their statements are dropped and counted.
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.core.namespaces import (
    BASE,
    DCTERMS,
    DOI,
    GENELAB,
    GEO,
    HGNC,
    MGI,
    NCBIGENE,
    NCBITAXON,
    OSDR,
    PMC,
    RDFS,
    RGD,
    SBKG,
    SCHEMA,
    SKOS,
)

__all__ = ["INFORES", "Provenance", "NodeRule", "EdgeRule", "NODE_RULES", "EDGE_RULES",
           "CURIE_PREFIXES", "curie"]

#: this project as a knowledge source (Translator's infores registry naming)
INFORES = "infores:spacebio-kg"
HOMOLOGENE = "infores:homologene"
NCBI_GENE = "infores:ncbi-gene"


@dataclass(frozen=True)
class Provenance:
    """Who stated an edge and how (KGX ``primary_knowledge_source``, ``knowledge_level``,
    ``agent_type``; the last two are values of Biolink's KnowledgeLevelEnum / AgentTypeEnum)."""

    source: str
    knowledge_level: str
    agent_type: str


TEXT_MINED = Provenance(INFORES, "not_provided", "text_mining_agent")
CURATED = Provenance(INFORES, "knowledge_assertion", "manual_agent")


@dataclass(frozen=True)
class NodeRule:
    """Resources that become nodes of one Biolink category.

    ``select`` is a SPARQL pattern binding ``?s``; ``columns`` maps a KGX column to a SPARQL
    property path from ``?s`` (IRIs become CURIEs, literals their text).
    """

    name: str
    category: str
    select: str
    columns: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class EdgeRule:
    """One of our properties as a Biolink predicate.

    ``lift``: the subject is an article summary, and the edge is stated of the publication it
    summarises (the publication-level view, as ``sbkg:reportsGene`` is of ``mentionsGene``).
    ``reference``: the provenance when the subject has a reference id (an NCBI Gene record)
    rather than one the project minted.
    """

    prop: str
    predicate: str
    category: str
    provenance: Provenance
    subject_category: str
    object_category: str
    lift: bool = False
    reference: Provenance | None = None


def _iri(term: object) -> str:
    return f"<{term}>"


_LABEL, _NAME, _PREF, _ALT = _iri(RDFS.label), _iri(SCHEMA.name), _iri(SKOS.prefLabel), _iri(SKOS.altLabel)
_SUMMARY = f"^{_iri(SBKG.summarizes)}"

NODE_RULES: tuple[NodeRule, ...] = (
    NodeRule("publication", "biolink:Publication", f"?s a {_iri(SBKG.Publication)}", (
        ("name", f"{_SUMMARY}/{_iri(DCTERMS.title)}"),  # the summary's title: the paper's is not stated
        ("summary", f"{_SUMMARY}/{_iri(DCTERMS.abstract)}"),
        ("keywords", f"{_iri(DCTERMS.subject)}/{_PREF}"),
        ("xref", _iri(SCHEMA.url)),
    )),
    NodeRule("gene", "biolink:Gene", f"?s a {_iri(SBKG.Gene)}", (
        ("name", _LABEL), ("symbol", _iri(SBKG.symbol)), ("full_name", _NAME),
        ("in_taxon", _iri(SBKG.inTaxon)), ("xref", _iri(SKOS.exactMatch)),
    )),
    NodeRule("organism", "biolink:OrganismTaxon", f"?s a {_iri(SBKG.Taxon)}", (
        ("name", _LABEL), ("synonym", _ALT),
    )),
    NodeRule("person", "biolink:Agent", f"?s a {_iri(SBKG.Person)}", (("name", _NAME),)),
    NodeRule("dataset", "biolink:Dataset", f"?s a {_iri(SBKG.Dataset)}", (("name", _LABEL),)),
    NodeRule("mission", "biolink:NamedThing", f"?s {_iri(SKOS.inScheme)} {_iri(SBKG.missions)}", (
        ("name", _PREF), ("synonym", _ALT), ("description", _iri(SKOS.definition)),
    )),
)

_MENTIONS = "biolink:InformationContentEntityToNamedThingAssociation"

EDGE_RULES: tuple[EdgeRule, ...] = (
    EdgeRule(str(SBKG.reportsGene), "biolink:mentions", _MENTIONS, TEXT_MINED,
             "biolink:Publication", "biolink:Gene"),
    EdgeRule(str(SBKG.mentionsGene), "biolink:mentions", _MENTIONS, TEXT_MINED,
             "biolink:Publication", "biolink:Gene", lift=True),
    EdgeRule(str(SBKG.mentionsOrganism), "biolink:mentions", _MENTIONS, TEXT_MINED,
             "biolink:Publication", "biolink:OrganismTaxon", lift=True),
    EdgeRule(str(SBKG.mentionsMission), "biolink:mentions", _MENTIONS, TEXT_MINED,
             "biolink:Publication", "biolink:NamedThing", lift=True),
    EdgeRule(str(SBKG.usesDataset), "biolink:mentions", _MENTIONS, TEXT_MINED,
             "biolink:Publication", "biolink:Dataset"),
    EdgeRule(str(SBKG.studiesOrganism), "biolink:mentions", _MENTIONS, CURATED,
             "biolink:Publication", "biolink:OrganismTaxon"),
    EdgeRule(str(DCTERMS.creator), "biolink:has_author", "biolink:ContributorAssociation", CURATED,
             "biolink:Publication", "biolink:Agent"),
    # a gene without a reference record got its organism from the article's context
    EdgeRule(str(SBKG.inTaxon), "biolink:in_taxon", "biolink:Association",
             Provenance(INFORES, "not_provided", "text_mining_agent"),
             "biolink:Gene", "biolink:OrganismTaxon",
             reference=Provenance(NCBI_GENE, "knowledge_assertion", "manual_agent")),
    EdgeRule(str(SBKG.orthologousTo), "biolink:orthologous_to", "biolink:GeneToGeneHomologyAssociation",
             Provenance(HOMOLOGENE, "knowledge_assertion", "automated_agent"),
             "biolink:Gene", "biolink:Gene"),
)

#: IRI namespaces written as CURIEs, with the prefixes of the Biolink Model where it has one
CURIE_PREFIXES: dict[str, str] = {
    "NCBIGene": NCBIGENE,
    "NCBITaxon": str(NCBITAXON),
    "HGNC": HGNC,
    "MGI": MGI,
    "RGD": RGD,
    "doi": DOI,
    "PMC": PMC + "PMC",
    "OSDR": OSDR,
    "GeneLab": GENELAB,
    "GEO": GEO,
    # the project's ontology (the original predicates) and its own identifiers, one prefix per kind
    "sbkg": str(SBKG._NS),
    "dct": str(DCTERMS),
    "SBKG.gene": BASE + "id/gene/",
    "SBKG.taxon": BASE + "id/taxon/",
    "SBKG.person": BASE + "id/person/",
    "SBKG.article": BASE + "id/article/",
    "SBKG.mission": BASE + "vocab/mission/",
}
_BY_LENGTH = sorted(CURIE_PREFIXES.items(), key=lambda kv: -len(kv[1]))


def curie(iri: str) -> str:
    """An IRI as a CURIE of :data:`CURIE_PREFIXES` (unchanged when none fits).

    >>> curie("https://identifiers.org/ncbigene:12575"), curie("https://doi.org/10.1/X")
    ('NCBIGene:12575', 'doi:10.1/X')
    >>> curie("https://www.ncbi.nlm.nih.gov/pmc/articles/PMC5899691/")
    'PMC:5899691'
    """
    for prefix, space in _BY_LENGTH:
        if iri.startswith(space) and len(iri) > len(space):
            local = iri[len(space):]
            return f"{prefix}:{local.rstrip('/') if prefix == 'PMC' else local}"
    return iri
