"""Every IRI and prefix the package writes: ontology terms, instance namespaces, external ids.

``SBKG`` mirrors ``ontology/spacebio.ttl`` as a ``DefinedNamespace``, so that a misspelt term
fails at import; a test checks that both declare the same terms. Instance IRIs (articles,
people, gaps ...) live under :data:`ID` with one namespace per kind, so that Turtle output can
use a prefix for each (a prefixed name cannot contain ``/``). External identifiers (DOIs, NCBI
Gene, NCBITaxon, OSDR ...) are the constants below. :class:`Shortener` is the one place that
writes an IRI as a prefixed name.
"""

from __future__ import annotations

import re

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, QB, RDF, RDFS, SH, SKOS, VOID, XSD, DefinedNamespace

__all__ = ["BASE", "SBKG", "SCHEMA", "BIOLINK", "NCBITAXON", "ID", "VOCAB", "VOCAB_GRAPH",
           "MANIFEST_GRAPH", "THEMES_GRAPH", "LINKS_GRAPH", "TALLIES_GRAPH", "LOCK_GRAPH",
           "STAGING_GRAPH", "PREFIXES", "DOI",
           "PMC", "NCBIGENE", "HGNC", "MGI", "RGD", "OSDR",
           "GENELAB", "OSDR_SEARCH", "GEO", "BAD_IRI", "encode_iri", "bare_doi", "Shortener", "shorten",
           "sparql_prefixes",
           "DCTERMS", "OWL", "PROV", "QB", "RDF", "RDFS", "SH", "SKOS", "VOID", "XSD", "SD", "FORMATS"]

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
    statedIssued: URIRef
    statedPmcid: URIRef
    statedJournal: URIRef
    statedUrl: URIRef
    statedAuthors: URIRef
    lockOwner: URIRef
    lockExpires: URIRef
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
    alias: URIRef
    previousSymbol: URIRef
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

    # claims: gene changes stated as findings, and how claims of publications relate
    GeneClaim: URIRef
    aboutGene: URIRef
    evidence: URIRef
    tissue: URIRef
    inPublication: URIRef
    supports: URIRef
    contradicts: URIRef

    # concept schemes
    experimentTypes: URIRef
    priorities: URIRef
    consensusLevels: URIRef
    tags: URIRef
    missions: URIRef
    researchNeeds: URIRef
    researchTopics: URIRef
    theme: URIRef

    # tallies: the corpus's counts (TALLIES_GRAPH)
    CoverageCell: URIRef
    Collaboration: URIRef
    publicationCount: URIRef
    upCount: URIRef
    downCount: URIRef
    unchangedCount: URIRef
    cellOrganism: URIRef
    cellOrganismName: URIRef
    cellExperimentType: URIRef
    collaborator: URIRef
    sharedPublications: URIRef
    nameKey: URIRef
    aliasKey: URIRef
    gapCount: URIRef
    exampleGap: URIRef
    themeOrganism: URIRef


SCHEMA = Namespace("https://schema.org/")
BIOLINK = Namespace("https://w3id.org/biolink/vocab/")
NCBITAXON = Namespace("http://purl.obolibrary.org/obo/NCBITaxon_")
#: SPARQL 1.1 Service Description, and the W3C IRIs of RDF and result formats it names
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")


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
    claim = Namespace(BASE + "id/claim/")
    taxon = Namespace(BASE + "id/taxon/")
    # nodes of the study network that the graph has no node for
    organism_name = Namespace(BASE + "id/organism-name/")
    # nodes of the tallies graph
    coverage = Namespace(BASE + "id/coverage/")
    collaboration = Namespace(BASE + "id/collaboration/")


ID = _Ids()


class _Vocab:
    """Concept namespaces, one per SKOS concept scheme."""

    experiment_type = Namespace(BASE + "vocab/experiment-type/")
    priority = Namespace(BASE + "vocab/priority/")
    consensus_level = Namespace(BASE + "vocab/consensus-level/")
    tag = Namespace(BASE + "vocab/tag/")
    mission = Namespace(BASE + "vocab/mission/")
    research_need = Namespace(BASE + "vocab/research-need/")
    research_topic = Namespace(BASE + "vocab/research-topic/")


VOCAB = _Vocab()

#: the named graph holding the published concept schemes
VOCAB_GRAPH = BASE + "vocab"
#: the graph of the knowledge-gap themes of a build (computed over the whole corpus)
THEMES_GRAPH = BASE + "themes"
#: the graph of the links between claims of different publications (computed over the corpus);
#: its IRI sorts after every article graph and before the themes graph
LINKS_GRAPH = BASE + "links"
#: the graph of the corpus's counts (:mod:`kg.rdf.tallies`); its IRI sorts between the links
#: and the themes graphs
TALLIES_GRAPH = BASE + "tallies"
#: the graph where a push records the digest of every graph it sent
MANIFEST_GRAPH = BASE + "id/push-manifest"
#: the graph that says who is pushing into a store, until when
LOCK_GRAPH = BASE + "id/push-lock"
#: where a large graph is loaded before it is moved over the old one
STAGING_GRAPH = BASE + "id/push-staging/"

# external identifiers (see ../shared/FACTS.md: identifiers.org for genes, OBO PURLs for taxa)
DOI = "https://doi.org/"
PMC = "https://www.ncbi.nlm.nih.gov/pmc/articles/"
NCBIGENE = "https://identifiers.org/ncbigene:"
HGNC = "https://identifiers.org/hgnc:"
MGI = "https://identifiers.org/MGI:"
RGD = "https://identifiers.org/rgd:"
OSDR = "https://osdr.nasa.gov/bio/repo/data/studies/"
OSDR_SEARCH = "https://osdr.nasa.gov/bio/repo/search?q="
GENELAB = "https://genelab-data.ndc.nasa.gov/genelab/accession/"
GEO = "https://www.ncbi.nlm.nih.gov/geo/query/acc.cgi?acc="

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
    "need": str(VOCAB.research_need),
    "topic": str(VOCAB.research_topic),
    "gene": str(ID.gene),
    "mention": str(ID.mention),
    "claim": str(ID.claim),
    "taxon": str(ID.taxon),
    "coverage": str(ID.coverage),
    "collab": str(ID.collaboration),
    "ncbigene": NCBIGENE,
    "osd": OSDR,
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
    "void": str(VOID),
    "xsd": str(XSD),
}


#: characters an IRI may not hold (RFC 3987 and the N-Triples IRIREF production)
BAD_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def encode_iri(value: str) -> str:
    """Percent-encode the characters an IRI may not hold (spaces, quotes, angle brackets ...).

    >>> encode_iri('https://example.org/a b"c')
    'https://example.org/a%20b%22c'
    """
    return BAD_IRI.sub(lambda m: "".join(f"%{b:02X}" for b in m.group(0).encode()), value)


_DOI_FORM = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.I)


def bare_doi(text: str) -> str:
    """A DOI without the ``doi:`` or DOI-URL dress it is often written in (case kept).

    >>> bare_doi(" https://dx.doi.org/10.1038/S41526 "), bare_doi("doi: 10.1/x")
    ('10.1038/S41526', '10.1/x')
    """
    return _DOI_FORM.sub("", text.strip())


# a local name written after a prefix only where it is plainly safe in Turtle and SPARQL
_LOCAL = re.compile(r"^[A-Za-z0-9_](?:[A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?$")


class Shortener:
    """Writes IRIs as prefixed names where a prefix fits and the local name is plainly safe.

    >>> short = Shortener()
    >>> short("https://identifiers.org/ncbigene:12575"), short("https://example.org/x")
    ('ncbigene:12575', 'https://example.org/x')
    >>> short.term("<http://purl.obolibrary.org/obo/NCBITaxon_10090>")
    'NCBITaxon:10090'
    """

    def __init__(self, prefixes: dict[str, str] | None = None) -> None:
        # longest namespace first, so the most specific prefix wins
        self.spaces = sorted((prefixes or PREFIXES).items(), key=lambda kv: -len(kv[1]))
        self.cache: dict[str, str] = {}

    def __call__(self, value: str) -> str:
        """A plain IRI as a prefixed name, or unchanged."""
        found = self.cache.get(value)
        if found is None:
            found = value
            for prefix, space in self.spaces:
                if value.startswith(space) and _LOCAL.match(value[len(space):]):
                    found = f"{prefix}:{value[len(space):]}"
                    break
            self.cache[value] = found
        return found

    def namespace(self, value: str) -> str | None:
        """The most specific project namespace ``value`` lies in, if any."""
        return next((space for _prefix, space in self.spaces if value.startswith(space)), None)

    def term(self, term: str) -> str:
        """An N-Triples IRI term (``<...>``) as a prefixed name, or unchanged."""
        short = self(term[1:-1])
        return term if short == term[1:-1] else short


_DEFAULT = Shortener()


def shorten(value: str) -> str:
    """An IRI as a prefixed name of the project prefixes, where one fits (else unchanged)."""
    return _DEFAULT(value)


def sparql_prefixes(*names: str) -> str:
    """``PREFIX`` lines for queries written in code.

    >>> sparql_prefixes("sbkg").strip()
    'PREFIX sbkg: <https://w3id.org/spacebio-kg/ontology#>'
    """
    return "".join(f"PREFIX {name}: <{PREFIXES[name]}>\n" for name in names)
