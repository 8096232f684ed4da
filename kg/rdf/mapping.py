"""An :class:`~kg.records.model.ArticleRecord` as RDF quads in its own named graph.

This stage maps and never looks up: the record already holds every fact the graph states (the
keywords of gaps, the ids, names and orthologs of genes, the parent of a taxon the data
lacks), so a graph follows from its record alone and a record written by hand maps without
reference data. ``tests/test_graph.py`` checks that this module imports no look-up.

Each article's triples go in one named graph, ``graph:<path>``, which also says where they came
from (the article, whose source path and content hash it records) and which tool made them.
Everything an article states is in its own graph, including the publication's DOI, authors and
journal, and its gene claims (:mod:`kg.rdf.claims`; how claims of publications relate is the
corpus's links graph), so that replacing one graph replaces exactly what one article said. Several articles
about one DOI share the publication node ``https://doi.org/<doi>``.

Every IRI is minted from the data (never a blank node, never a counter across files), so the
same input gives the same graph, and graphs can be replaced one at a time in a remote store.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from urllib.parse import quote

from kg.core.namespaces import (
    DCTERMS,
    DOI,
    ID,
    PMC,
    PROV,
    QB,
    RDF,
    RDFS,
    SBKG,
    SCHEMA,
    SKOS,
    VOCAB,
    XSD,
)
from kg.core.schemes import CONSENSUS, EXPERIMENT_TYPE, PRIORITY, TAG, slug
from kg.errors import printable
from kg.extract.entities import GeneFacts
from kg.extract.taxa import Taxon
from kg.rdf.canonical import integer, iri, key_hash, literal, quad_line
from kg.rdf.claims import claim_triples
from kg.rdf.tallies import Counted, GeneNames, counted
from kg.records.model import ArticleRecord
from kg.version import __version__

__all__ = ["article_lines", "mapped_article", "Mapped", "publication_iri", "article_iri",
           "graph_iri", "tool_iri", "concept_iri", "gap_iri"]

Triple = tuple[str, str, str]


@lru_cache(maxsize=4096)
def n(term: str) -> str:
    """The N-Triples form of an IRI given as an rdflib term or string (cached)."""
    return iri(str(term))


_TYPE = n(RDF.type)
_DATE, _DECIMAL = str(XSD.date), str(XSD.decimal)
_DURATION = str(XSD.duration)
# scheme name -> (namespace of its concepts, the scheme's IRI)
_SCHEMES: dict[str, tuple[str, str]] = {
    EXPERIMENT_TYPE.name: (str(VOCAB.experiment_type), n(SBKG.experimentTypes)),
    PRIORITY.name: (str(VOCAB.priority), n(SBKG.priorities)),
    CONSENSUS.name: (str(VOCAB.consensus_level), n(SBKG.consensusLevels)),
    TAG.name: (str(VOCAB.tag), n(SBKG.tags)),
}
# what an article states of its publication, where the publication's articles disagree
_STATED = {"published": SBKG.statedIssued, "pmcid": SBKG.statedPmcid,
           "journal": SBKG.statedJournal, "url": SBKG.statedUrl, "authors": SBKG.statedAuthors}
# characters a DOI may hold that an IRI may not, or that would end the path
_DOI_SAFE = "/:;()@!$&'*+,=-._~"


def publication_iri(key: str) -> str:
    """The publication's IRI: ``https://doi.org/<doi>``, or its PMC page for a PMC id.

    >>> publication_iri("10.1038/s41526-024-00392-6")
    'https://doi.org/10.1038/s41526-024-00392-6'
    >>> publication_iri("PMC6371294")
    'https://www.ncbi.nlm.nih.gov/pmc/articles/PMC6371294/'
    """
    if key.upper().startswith("PMC"):
        return f"{PMC}{key.upper()}/"
    return DOI + quote(key.lower(), safe=_DOI_SAFE)


def _path_key(path: str) -> str:
    stem = path[: -len(".md")] if path.lower().endswith(".md") else path
    # the name's bytes as on disk (a name that is not UTF-8 keeps its own bytes)
    return quote(stem.encode("utf-8", "surrogateescape"), safe="/-._~")


def article_iri(path: str) -> str:
    """The article's IRI, from its source path (percent-encoded, without ``.md``).

    >>> article_iri("news/Sep 16, 2025.md")
    'https://w3id.org/spacebio-kg/id/article/news/Sep%2016%2C%202025'
    """
    return str(ID.article) + _path_key(path)


def graph_iri(path: str) -> str:
    return str(ID.graph) + _path_key(path)


def tool_iri(version: str = __version__) -> str:
    return str(ID.tool) + f"kg-{version}"


def _text(value: str) -> str:
    return literal(value)


def gap_iri(publication_key: str, text: str) -> str:
    """A knowledge gap's IRI, keyed by publication and text: the same gap stated twice about a
    paper (in two articles, in any casing or spacing) is one node."""
    return str(ID.gap) + key_hash(publication_key, " ".join(text.lower().split()))


def concept_iri(scheme: str, label: str) -> str:
    """The IRI of a concept of one of the schemes in :mod:`kg.vocab` (N-Triples form)."""
    return iri(_SCHEMES[scheme][0] + (slug(label) or key_hash(label)))


def article_lines(record: ArticleRecord, version: str = __version__) -> list[str]:
    """The canonical N-Quads lines of one article's named graph, sorted and distinct."""
    return mapped_article(record, version).lines


@dataclass(frozen=True)
class Mapped:
    """One article's graph: its lines, its part of the tallies, the names of its genes."""

    lines: list[str]
    counted: Counted
    names: GeneNames


def mapped_article(record: ArticleRecord, version: str = __version__) -> Mapped:
    """:func:`article_lines`, and what the graph adds to the corpus's tallies."""
    graph = iri(graph_iri(record.path))
    triples = set(_Triples(record, version).all())
    part, names = counted(triples, iri(publication_iri(record.publication_key)))
    return Mapped(sorted(quad_line(s, p, o, graph) for s, p, o in triples), part, names)


class _Triples:
    def __init__(self, record: ArticleRecord, version: str) -> None:
        self.r = record
        self.version = version
        self.article = iri(article_iri(record.path))
        self.pub = iri(publication_iri(record.publication_key))
        self.key = record.publication_key

    def all(self) -> Iterable[Triple]:
        yield from self.provenance()
        yield from self.article_summary()
        yield from self.publication()
        yield from self.authors()
        yield from self.organisms()
        yield from self.concepts()
        yield from self.gaps()
        yield from self.findings()
        yield from self.chart()
        yield from self.genes()
        yield from claim_triples(self.r, self.pub, self.article)
        yield from self.datasets()
        yield from self.missions()
        yield from self.text_organisms()

    def provenance(self) -> Iterable[Triple]:
        graph, tool = iri(graph_iri(self.r.path)), iri(tool_iri(self.version))
        yield graph, _TYPE, n(SBKG.ArticleGraph)
        yield graph, n(PROV.wasDerivedFrom), self.article
        yield graph, n(PROV.wasAttributedTo), tool
        yield tool, _TYPE, n(PROV.SoftwareAgent)
        yield tool, n(RDFS.label), _text(f"kg {self.version}")
        yield tool, n(SCHEMA.softwareVersion), _text(self.version)

    def article_summary(self) -> Iterable[Triple]:
        a, r = self.article, self.r
        yield a, _TYPE, n(SBKG.ArticleSummary)
        yield a, n(DCTERMS.title), _text(r.title)
        yield a, n(SBKG.summarizes), self.pub
        yield a, n(SBKG.sourcePath), _text(printable(r.path))
        yield a, n(SBKG.contentHash), _text(f"sha256:{r.sha256}")
        if r.summary:
            yield a, n(DCTERMS.abstract), _text(r.summary)
        if r.image:
            yield a, n(SCHEMA.image), iri(r.image)
        if r.read_minutes is not None:
            yield a, n(SCHEMA.timeRequired), literal(f"PT{r.read_minutes}M", _DURATION)
        for name, value in r.stated:  # its own word where its publication's articles disagree
            yield a, n(_STATED[name]), (literal(value, _DATE) if name == "published"
                                        else _text(value))

    def publication(self) -> Iterable[Triple]:
        p, r = self.pub, self.r
        yield p, _TYPE, n(SBKG.Publication)
        if r.doi:  # DOIs ignore case: stated in lower case, so that a query matches it exactly
            yield p, n(SBKG.doi), _text(r.doi.lower())
        if r.pmcid:
            yield p, n(SBKG.pmcid), _text(r.pmcid)
        if r.published:
            yield p, n(DCTERMS.issued), literal(r.published.isoformat(), _DATE)
        if r.url:
            yield p, n(SCHEMA.url), iri(r.url)
        if r.journal:
            journal = iri(str(ID.journal) + (slug(r.journal) or key_hash(r.journal)))
            yield p, n(SCHEMA.isPartOf), journal
            yield journal, _TYPE, n(SBKG.Journal)
            yield journal, n(SCHEMA.name), _text(r.journal)

    def authors(self) -> Iterable[Triple]:
        for position, person in enumerate(self.r.authors, start=1):
            who = iri(str(ID.person) + (person.key or key_hash(person.name)))
            role = iri(str(ID.authorship) + key_hash(self.key, str(position), person.key))
            yield who, _TYPE, n(SBKG.Person)
            yield who, n(SCHEMA.name), _text(person.name)
            if person.family:
                yield who, n(SCHEMA.familyName), _text(person.family)
            yield self.pub, n(DCTERMS.creator), who
            yield self.pub, n(SBKG.hasAuthorship), role
            yield role, _TYPE, n(SBKG.Authorship)
            yield role, n(SBKG.author), who
            yield role, n(SBKG.authorPosition), integer(position)

    def organisms(self) -> Iterable[Triple]:
        for organism in self.r.organisms:
            if organism.taxon is None:
                yield self.pub, n(SBKG.unresolvedOrganism), _text(organism.label)
                continue
            yield from self.taxon(organism.taxon, organism.label)

    def taxon(self, taxon: Taxon, written: str) -> Iterable[Triple]:
        t = iri(taxon.iri)
        yield self.pub, n(SBKG.studiesOrganism), t
        yield from _taxon_triples(taxon)
        if written != taxon.name:
            yield t, n(SKOS.altLabel), _text(written)

    def concepts(self) -> Iterable[Triple]:
        r = self.r
        uses = [(self.pub, SBKG.experimentType, EXPERIMENT_TYPE.name, v) for v in r.experiment_types]
        uses += [(self.pub, DCTERMS.subject, TAG.name, (t, False)) for t in r.tags]
        if r.priority:
            uses.append((self.article, SBKG.priority, PRIORITY.name, r.priority))
        if r.consensus:
            uses.append((self.article, SBKG.consensusLevel, CONSENSUS.name, r.consensus))
        for subject, prop, scheme, (label, known) in uses:
            concept = concept_iri(scheme, label)
            yield subject, n(prop), concept
            if not known:  # known concepts are published in ontology/vocabularies.ttl
                yield concept, _TYPE, n(SKOS.Concept)
                yield concept, n(SKOS.prefLabel), literal(label, language="en")
                yield concept, n(SKOS.inScheme), _SCHEMES[scheme][1]

    def gaps(self) -> Iterable[Triple]:
        for gap in self.r.gaps:
            node = iri(gap_iri(self.key, gap.text))
            yield self.pub, n(SBKG.hasKnowledgeGap), node
            yield node, _TYPE, n(SBKG.KnowledgeGap)
            yield node, n(SCHEMA.text), _text(gap.text)
            yield node, n(SBKG.gapOrigin), _text(gap.origin)
            yield node, n(PROV.wasDerivedFrom), self.article
            for word in gap.keywords:
                yield node, n(SBKG.keyword), _text(word)

    def findings(self) -> Iterable[Triple]:
        for position, finding in enumerate(self.r.findings, start=1):
            node = iri(str(ID.finding) + key_hash(self.r.path, str(position)))
            yield self.pub, n(SBKG.hasFinding), node
            yield node, _TYPE, n(SBKG.Finding)
            yield node, n(SCHEMA.text), _text(finding.text)
            yield node, n(SBKG.position), integer(position)
            yield node, n(PROV.wasDerivedFrom), self.article
            if finding.headline:
                yield node, n(SBKG.headline), _text(finding.headline)

    def chart(self) -> Iterable[Triple]:
        chart = self.r.chart
        if chart is None or not chart.observations:
            return  # labels without values: read for names, but no data set
        ds = iri(str(ID.chart) + key_hash(self.r.path))
        yield self.pub, n(SBKG.hasChart), ds
        yield ds, _TYPE, n(QB.DataSet)
        yield ds, n(QB.structure), n(SBKG.chartStructure)
        yield ds, n(PROV.wasDerivedFrom), self.article
        if chart.kind:
            yield ds, n(SBKG.chartType), _text(chart.kind)
        if chart.title:
            yield ds, n(DCTERMS.title), _text(chart.title)
        if chart.category_axis:
            yield ds, n(SBKG.categoryAxisTitle), _text(chart.category_axis)
        for o in chart.observations:
            obs = iri(str(ID.observation) + key_hash(self.r.path, str(o.series), str(o.category)))
            yield obs, _TYPE, n(QB.Observation)
            yield obs, n(QB.dataSet), ds
            yield obs, n(SBKG.series), _text(o.series_label)
            yield obs, n(SBKG.category), _text(o.category_label)
            yield obs, n(SBKG.seriesIndex), integer(o.series)
            yield obs, n(SBKG.categoryIndex), integer(o.category)
            yield obs, n(SBKG.value), literal(_decimal(o.value), _DECIMAL)
            if chart.value_axis:
                yield obs, n(SBKG.axisTitle), _text(chart.value_axis)

    # -- entities named in the text ------------------------------------------------------------
    def genes(self) -> Iterable[Triple]:
        facts = {f.key: f for f in self.r.entities.gene_facts}
        described: set[str] = set()
        for m in self.r.entities.genes:
            if m.gene.key not in facts:
                raise ValueError(f"{self.r.path}: no gene facts for the mention of {m.gene.key}")
            about = facts[m.gene.key]
            gene = iri(about.iri)
            mention = iri(str(ID.mention) + key_hash(self.r.path, m.gene.key, m.section, m.sentence,
                                                   m.written, str(m.offset)))
            yield self.article, n(SBKG.mentionsGene), gene
            yield self.pub, n(SBKG.reportsGene), gene
            yield self.article, n(SBKG.hasMention), mention
            yield mention, _TYPE, n(SBKG.GeneMention)
            yield mention, n(SBKG.gene), gene
            yield mention, n(SBKG.writtenAs), _text(m.written)
            yield mention, n(SBKG.inSection), _text(m.section)
            yield mention, n(SBKG.sentence), _text(m.sentence)
            yield mention, n(PROV.wasDerivedFrom), self.article
            if m.direction:
                yield mention, n(SBKG.direction), _text(m.direction)
            if gene not in described:
                described.add(gene)
                yield from _gene_triples(about)

    def datasets(self) -> Iterable[Triple]:
        for d in self.r.entities.datasets:
            node = iri(d.iri)
            yield self.pub, n(SBKG.usesDataset), node
            yield node, _TYPE, n(SBKG.Dataset)
            yield node, n(SBKG.accession), _text(d.accession)
            yield node, n(RDFS.label), _text(d.accession)
            yield node, n(SBKG.repository), _text(d.repository)

    def missions(self) -> Iterable[Triple]:
        for m in self.r.entities.missions:
            node = iri(m.iri)
            yield self.article, n(SBKG.mentionsMission), node
            if m.broader:  # a numbered member of a series, minted from the text
                yield node, _TYPE, n(SKOS.Concept)
                yield node, n(SKOS.prefLabel), literal(m.label, language="en")
                yield node, n(SKOS.inScheme), n(SBKG.missions)
                yield node, n(SKOS.broader), iri(m.broader)

    def text_organisms(self) -> Iterable[Triple]:
        for named in self.r.entities.organisms:
            yield self.article, n(SBKG.mentionsOrganism), iri(named.iri)
            yield from _taxon_triples(named)
        for studied in self.r.entities.studied:
            yield self.pub, n(SBKG.studiesOrganism), iri(studied.iri)


def _decimal(value: Decimal) -> str:
    """The lexical form Oxigraph stores a decimal in (no exponent, no trailing zeros).

    >>> [_decimal(Decimal(x)) for x in ("1.0", "0.470", "100", "-2.5E-3")]
    ['1', '0.47', '100', '-0.0025']
    """
    return format(value.normalize(), "f")


def _gene_triples(g: GeneFacts) -> Iterable[Triple]:
    """What the record states about a gene: its node, organism, names, matches, orthologs."""
    node = iri(g.iri)
    yield node, _TYPE, n(SBKG.Gene)
    yield node, n(SBKG.symbol), _text(g.symbol)
    yield node, n(RDFS.label), _text(g.symbol)
    if g.taxon_iri is not None:
        yield node, n(SBKG.inTaxon), iri(g.taxon_iri)
    if g.taxon is not None:
        yield from _taxon_triples(g.taxon)
    if g.name:
        yield node, n(SCHEMA.name), _text(g.name)
    for alias in g.aliases:
        yield node, n(SBKG.alias), _text(alias)
    for symbol in g.previous:
        yield node, n(SBKG.previousSymbol), _text(symbol)
    for match in g.matches:
        yield node, n(SKOS.exactMatch), iri(match)
    if g.homologene:
        yield node, n(SBKG.homologeneGroup), _text(g.homologene)
    for other in g.orthologs:
        twin = iri(other.iri)
        yield node, n(SBKG.orthologousTo), twin
        yield twin, n(SBKG.orthologousTo), node
        yield from _gene_triples(other)


def _taxon_triples(t: Taxon) -> Iterable[Triple]:
    """A taxon's type, name and rank, and the parent chain the record holds for it."""
    node = iri(t.iri)
    yield node, _TYPE, n(SBKG.Taxon)
    yield node, n(RDFS.label), _text(t.name)
    yield node, n(SBKG.taxonRank), _text(t.rank)
    if t.parent_node is not None:  # a species the data lacks: its genus
        yield node, n(SBKG.parentTaxon), iri(t.parent_node.iri)
        yield from _taxon_triples(t.parent_node)
