"""The project's ontology terms, as a ``DefinedNamespace`` so that a misspelt term fails at import.

``SBKG`` mirrors ``ontology/spacebio.ttl``: a test checks that both declare the same terms.
Instance IRIs (articles, people, gaps ...) live under :data:`ID` with one namespace per kind, so
that Turtle output can use a prefix for each (a prefixed name cannot contain ``/``).
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, QB, RDF, RDFS, SKOS, XSD, DefinedNamespace

__all__ = ["BASE", "SBKG", "SCHEMA", "BIOLINK", "NCBITAXON", "ID", "VOCAB", "VOCAB_GRAPH", "PREFIXES"]

BASE = "https://w3id.org/spacebio-kg/"


class SBKG(DefinedNamespace):
    """Space-biology knowledge graph ontology (``ontology/spacebio.ttl``)."""

    _NS = Namespace(BASE + "ontology#")
    _fail = True

    # classes
    ArticleSummary: URIRef
    Publication: URIRef
    Person: URIRef
    Journal: URIRef
    Authorship: URIRef
    Taxon: URIRef
    KnowledgeGap: URIRef
    Finding: URIRef
    ArticleGraph: URIRef

    # article summary
    summarizes: URIRef
    sourcePath: URIRef
    contentHash: URIRef
    graphDigest: URIRef
    priority: URIRef
    consensusLevel: URIRef

    # publication
    doi: URIRef
    pmcid: URIRef
    hasAuthorship: URIRef
    author: URIRef
    authorPosition: URIRef
    studiesOrganism: URIRef
    unresolvedOrganism: URIRef
    experimentType: URIRef
    hasKnowledgeGap: URIRef
    hasFinding: URIRef
    hasChart: URIRef

    # findings, gaps, taxa
    position: URIRef
    headline: URIRef
    gapOrigin: URIRef
    keyword: URIRef
    taxonRank: URIRef

    # charts (Data Cube components)
    chartStructure: URIRef
    chartType: URIRef
    series: URIRef
    category: URIRef
    seriesIndex: URIRef
    categoryIndex: URIRef
    value: URIRef
    axisTitle: URIRef
    categoryAxisTitle: URIRef

    # genes, datasets, missions, organisms named in the text
    Gene: URIRef
    GeneMention: URIRef
    Dataset: URIRef
    mentionsGene: URIRef
    reportsGene: URIRef
    hasMention: URIRef
    gene: URIRef
    writtenAs: URIRef
    inSection: URIRef
    sentence: URIRef
    direction: URIRef
    symbol: URIRef
    inTaxon: URIRef
    orthologousTo: URIRef
    homologeneGroup: URIRef
    usesDataset: URIRef
    accession: URIRef
    repository: URIRef
    mentionsMission: URIRef
    mentionsOrganism: URIRef
    parentTaxon: URIRef
    labelPattern: URIRef
    labelTemplate: URIRef

    # concept schemes
    experimentTypes: URIRef
    priorities: URIRef
    consensusLevels: URIRef
    tags: URIRef
    missions: URIRef


SCHEMA = Namespace("https://schema.org/")
BIOLINK = Namespace("https://w3id.org/biolink/vocab/")
NCBITAXON = Namespace("http://purl.obolibrary.org/obo/NCBITaxon_")


class _Ids:
    """Instance namespaces, one per kind of node."""

    article = Namespace(BASE + "id/article/")
    graph = Namespace(BASE + "id/graph/")
    person = Namespace(BASE + "id/person/")
    journal = Namespace(BASE + "id/journal/")
    authorship = Namespace(BASE + "id/authorship/")
    gap = Namespace(BASE + "id/gap/")
    finding = Namespace(BASE + "id/finding/")
    chart = Namespace(BASE + "id/chart/")
    observation = Namespace(BASE + "id/observation/")
    tool = Namespace(BASE + "id/tool/")
    gene = Namespace(BASE + "id/gene/")
    mention = Namespace(BASE + "id/mention/")
    taxon = Namespace(BASE + "id/taxon/")


ID = _Ids()


class _Vocab:
    """Concept namespaces, one per SKOS concept scheme."""

    experiment_type = Namespace(BASE + "vocab/experiment-type/")
    priority = Namespace(BASE + "vocab/priority/")
    consensus_level = Namespace(BASE + "vocab/consensus-level/")
    tag = Namespace(BASE + "vocab/tag/")
    mission = Namespace(BASE + "vocab/mission/")


VOCAB = _Vocab()

#: the named graph holding the published concept schemes
VOCAB_GRAPH = BASE + "vocab"

#: prefixes used when writing Turtle, TriG and JSON-LD
PREFIXES: dict[str, str] = {
    "sbkg": str(SBKG._NS),
    "article": str(ID.article),
    "graph": str(ID.graph),
    "person": str(ID.person),
    "journal": str(ID.journal),
    "authorship": str(ID.authorship),
    "gap": str(ID.gap),
    "finding": str(ID.finding),
    "chart": str(ID.chart),
    "obs": str(ID.observation),
    "tool": str(ID.tool),
    "exptype": str(VOCAB.experiment_type),
    "priority": str(VOCAB.priority),
    "consensus": str(VOCAB.consensus_level),
    "tag": str(VOCAB.tag),
    "mission": str(VOCAB.mission),
    "gene": str(ID.gene),
    "mention": str(ID.mention),
    "taxon": str(ID.taxon),
    "ncbigene": "https://identifiers.org/ncbigene:",
    "osd": "https://osdr.nasa.gov/bio/repo/data/studies/",
    "NCBITaxon": str(NCBITAXON),
    "biolink": str(BIOLINK),
    "schema": str(SCHEMA),
    "dct": str(DCTERMS),
    "prov": str(PROV),
    "skos": str(SKOS),
    "qb": str(QB),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
}
