"""The graph stage: golden graph, identifiers, named graphs, ontology coverage."""

from __future__ import annotations

import ast
import builtins
import dataclasses
import importlib
import io
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS

from kg.core.namespaces import SBKG, SCHEMA, VOCAB_GRAPH
from kg.core.resources import ontology_file
from kg.extract.entities import Entities, GeneFacts
from kg.extract.genes import Gene, GeneMention
from kg.extract.taxa import Taxon
from kg.ingest.articles import read_article
from kg.pipeline.build import build
from kg.rdf import mapping
from kg.rdf.canonical import drop_graph
from kg.rdf.mapping import article_iri, article_lines, graph_iri, publication_iri, tool_iri
from kg.records.check import to_record
from kg.records.model import ArticleRecord, Gap, Organism
from kg.version import __version__

from .conftest import DATA, assert_isomorphic

GOLDEN = DATA / "golden"
ARTICLES = DATA / "articles"


def named_graph(result, path: str) -> rdflib.Graph:
    """The triples of one article's named graph, as an rdflib graph."""
    name = ox.NamedNode(graph_iri(path))
    triples = [ox.Triple(q.subject, q.predicate, q.object)
               for q in result.graph.quads() if q.graph_name == name]
    graph = rdflib.Graph()
    graph.parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")
    return graph


@pytest.fixture(scope="module")
def articles():
    return build(ARTICLES, out_dir=None)


# the golden graph is mapped with this version, so that it holds for any release of the tool
GOLDEN_VERSION = "0.0.0"


def golden_graph() -> rdflib.Graph:
    """The graph of the golden article, as the check and graph stages give it."""
    record, _notes = to_record(read_article(GOLDEN / "pelvic-bone.md", GOLDEN))
    lines = sorted({drop_graph(line) for line in article_lines(record, GOLDEN_VERSION)})
    return rdflib.Graph().parse(data="".join(lines), format="nt")


def test_golden_article_graph() -> None:
    expected = rdflib.Graph().parse(GOLDEN / "pelvic-bone.ttl", format="turtle")
    assert_isomorphic(expected, golden_graph())


def test_build_states_the_golden_graph_with_its_own_version() -> None:
    """The pipeline maps as the golden test does, and records the running tool's version."""
    built = named_graph(build(GOLDEN, out_dir=None), "pelvic-bone.md")
    tool = rdflib.URIRef(tool_iri(__version__))
    assert (None, PROV.wasAttributedTo, tool) in built
    assert built.value(tool, SCHEMA.softwareVersion) == rdflib.Literal(__version__)
    placeholder = rdflib.URIRef(tool_iri(GOLDEN_VERSION))
    expected = rdflib.Graph()
    for s, p, o in golden_graph():
        if placeholder in (s, o):
            continue
        expected.add((s, p, o))
    for s, p, o in built:
        if tool in (s, o):
            continue
        assert (s, p, o) in expected, (s, p, o)
    assert len({t for t in built if tool not in (t[0], t[2])}) == len(expected)


def test_golden_diff_is_readable() -> None:
    expected = rdflib.Graph().parse(GOLDEN / "pelvic-bone.ttl", format="turtle")
    changed = rdflib.Graph()
    for triple in expected:
        changed.add(triple)
    changed.remove((None, SBKG.doi, None))
    with pytest.raises(AssertionError) as err:
        assert_isomorphic(expected, changed)
    assert "only in expected" in str(err.value) and "10.1371/journal.pone.0061372" in str(err.value)


def test_publication_iri_is_the_lower_case_doi() -> None:
    assert publication_iri("10.1038/S42003-024-06336-W") == "https://doi.org/10.1038/s42003-024-06336-w"
    # characters a DOI may hold but an IRI may not are escaped
    assert publication_iri("10.1002/(SICI)1097<477>") == "https://doi.org/10.1002/(sici)1097%3C477%3E"


def test_two_articles_about_one_doi_give_one_publication(articles) -> None:
    g = articles.graph.to_rdflib()
    pub = rdflib.URIRef("https://doi.org/10.1038/s42003-024-06336-w")
    assert set(g.subjects(RDF.type, SBKG.Publication)) == {pub}
    summaries = set(g.subjects(SBKG.summarizes, pub))
    assert summaries == {rdflib.URIRef(article_iri("lab/tardigrade-proteins.md")),
                         rdflib.URIRef(article_iri("field/tardigrade-proteins-review.md"))}
    # both article graphs state the publication, so replacing either keeps it whole
    for path in ("lab/tardigrade-proteins.md", "field/tardigrade-proteins-review.md"):
        assert (pub, SBKG.doi, rdflib.Literal("10.1038/s42003-024-06336-w")) in named_graph(
            articles, path)


def test_authors_keep_their_order(articles) -> None:
    g = articles.graph.to_rdflib()
    rows = g.query("""
        PREFIX sbkg: <https://w3id.org/spacebio-kg/ontology#>
        PREFIX schema: <https://schema.org/>
        SELECT ?name WHERE { ?p sbkg:hasAuthorship ?a . ?a sbkg:authorPosition ?n ;
                             sbkg:author/schema:name ?name } ORDER BY ?n""")
    assert [str(r.name) for r in rows] == ["Yagi-Utsumi M", "Aoki K", "Watanabe H", "Arakawa K"]


def test_knowledge_gaps_are_nodes_shared_per_publication(articles) -> None:
    g = articles.graph.to_rdflib()
    pub = rdflib.URIRef("https://doi.org/10.1038/s42003-024-06336-w")
    gaps = {str(g.value(node, SCHEMA.text)) for node in g.objects(pub, SBKG.hasKnowledgeGap)}
    assert gaps == {
        "How the proteins find their targets outside the cell",  # stated by both articles
        "Whether the shield works in vacuum",
        "Whether the effect scales to whole organs",  # from the body: no knowledgeGaps field
    }
    shared = next(n for n in g.objects(pub, SBKG.hasKnowledgeGap)
                  if str(g.value(n, SCHEMA.text)).startswith("How the proteins"))
    assert len(set(g.objects(shared, PROV.wasDerivedFrom))) == 2


def test_nested_bullets_join_their_finding(articles) -> None:
    g = named_graph(articles, "lab/tardigrade-proteins.md")
    texts = sorted(str(t) for t in g.objects(None, SCHEMA.text))
    assert "The secreted proteins form a protective layer. The layer holds under repeated drying." in texts


def test_chart_values_become_observations_without_nulls(articles) -> None:
    g = named_graph(articles, "lab/tardigrade-proteins.md")
    rows = sorted(
        (str(r.series), str(r.category), float(r.value), str(r.axis))
        for r in g.query("""
            PREFIX sbkg: <https://w3id.org/spacebio-kg/ontology#>
            PREFIX qb: <http://purl.org/linked-data/cube#>
            SELECT ?series ?category ?value ?axis WHERE {
              ?o a qb:Observation ; sbkg:series ?series ; sbkg:category ?category ;
                 sbkg:value ?value ; sbkg:axisTitle ?axis }""")
    )
    axis = "Percent of undried control"
    assert rows == [("With protein", "Enzyme activity", 80.0, axis),
                    ("With protein", "Membrane integrity", 70.0, axis),
                    ("Without", "Enzyme activity", 20.0, axis)]


def test_unknown_concepts_are_kept_as_new_concepts(articles) -> None:
    g = articles.graph.to_rdflib()
    concept = rdflib.URIRef("https://w3id.org/spacebio-kg/vocab/experiment-type/cell-culture")
    assert (concept, SKOS.inScheme, SBKG.experimentTypes) in g
    codes = {d.code for d in articles.diagnostics}
    assert {"unknown-concept", "read-time-form"} <= codes


def test_every_article_graph_records_its_provenance(articles) -> None:
    for outcome in articles.outcomes:
        g = named_graph(articles, outcome.path)
        article = rdflib.URIRef(article_iri(outcome.path))
        graph = rdflib.URIRef(graph_iri(outcome.path))
        assert (graph, PROV.wasDerivedFrom, article) in g
        assert (article, SBKG.sourcePath, rdflib.Literal(outcome.path)) in g
        digest = str(g.value(article, SBKG.contentHash))
        assert digest.startswith("sha256:") and len(digest) == 71
        tool = g.value(graph, PROV.wasAttributedTo)
        assert (tool, SCHEMA.softwareVersion, None) in g


def test_vocabulary_graph_holds_the_published_schemes(articles) -> None:
    vocab = ox.NamedNode(VOCAB_GRAPH)
    subjects = {q.subject.value for q in articles.graph.quads() if q.graph_name == vocab}
    assert "https://w3id.org/spacebio-kg/vocab/experiment-type/spaceflight" in subjects


def _declared() -> set[rdflib.URIRef]:
    onto = rdflib.Graph().parse(data=ontology_file("spacebio.ttl").read_text("utf-8"),
                                format="turtle")
    kinds = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty,
             SKOS.ConceptScheme}
    return {s for s, _, o in onto.triples((None, RDF.type, None)) if o in kinds}


def test_ontology_declares_every_class_and_property_the_graph_uses(articles) -> None:
    golden = build(GOLDEN, out_dir=None)
    declared = _declared() | {RDF.type}
    for result in (articles, golden):
        g = result.graph.to_rdflib()
        used = set(g.predicates()) | set(g.objects(None, RDF.type))
        assert used - declared == set()


def test_ontology_terms_have_labels_and_comments() -> None:
    onto = rdflib.Graph().parse(data=ontology_file("spacebio.ttl").read_text("utf-8"),
                                format="turtle")
    ours = {s for s in _declared() if str(s).startswith(str(SBKG._NS))}
    for term in ours:
        assert onto.value(term, RDFS.label) is not None, term
        assert onto.value(term, RDFS.comment) is not None, term


def test_defined_namespace_matches_the_ontology() -> None:
    ours = {str(s) for s in _declared() if str(s).startswith(str(SBKG._NS))}
    ours.add(str(SBKG.chartStructure))  # a qb:DataStructureDefinition, not a class or property
    assert ours == {str(SBKG[name]) for name in SBKG.__annotations__}
    with pytest.raises(AttributeError):
        SBKG.hasFindng  # noqa: B018 - a misspelt term must fail


def test_dcterms_and_schema_carry_bibliographic_data(articles) -> None:
    g = articles.graph.to_rdflib()
    pub = rdflib.URIRef("https://doi.org/10.1038/s42003-024-06336-w")
    assert g.value(pub, DCTERMS.issued) == rdflib.Literal("2024-05-25", datatype=rdflib.XSD.date)
    journal = g.value(pub, SCHEMA.isPartOf)
    assert str(g.value(journal, SCHEMA.name)) == "Communications Biology"
    assert str(g.value(pub, SCHEMA.url)).endswith("PMC11127982/")


# -- the graph stage maps, it does not look up ------------------------------------------------
# names the graph stage may import from the stages before it: dataclasses and IRI helpers
_EARLIER = ("kg.ingest", "kg.extract", "kg.records")


def _lookups(source: str) -> list[str]:
    """What ``source`` imports from earlier stages that is neither a dataclass nor an IRI helper."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.startswith(_EARLIER)]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith(_EARLIER):
            module = importlib.import_module(node.module or "")
            for alias in node.names:
                value = getattr(module, alias.name)
                if not ((isinstance(value, type) and dataclasses.is_dataclass(value))
                        or alias.name.endswith("_iri")):
                    found.append(f"{node.module}.{alias.name}")
    return found


def test_lookups_are_found_in_imports() -> None:
    assert _lookups("from kg.extract.lexicon import GeneRef, lexicon\n"
                    "from kg.extract.taxa import TAXA, Taxon, taxon, taxon_iri\n"
                    "import kg.extract.keywords\n") == [
        "kg.extract.lexicon.lexicon", "kg.extract.taxa.TAXA", "kg.extract.taxa.taxon",
        "kg.extract.keywords"]


def test_mapping_imports_no_lookup() -> None:
    source = Path(mapping.__file__).read_text(encoding="utf-8")
    assert _lookups(source) == []


def _hand_made_record() -> ArticleRecord:
    """A record written out by hand, with facts no look-up would give (so the graph can only
    have them from the record)."""
    genus = Taxon(90001, "Invented", "genus")
    species = Taxon(None, "Invented example", "species", 90001, genus)
    mouse = Taxon(10090, "Mus musculus", "species")
    ortholog = GeneFacts("9606:7001", "https://identifiers.org/ncbigene/7001", "ABCX1",
                         "http://purl.obolibrary.org/obo/NCBITaxon_9606", None,
                         homologene="4242")
    facts = GeneFacts("10090:local:Abcx1", "https://identifiers.org/ncbigene/7002", "Abcx1",
                      "http://purl.obolibrary.org/obo/NCBITaxon_10090", mouse,
                      name="made-up protein", matches=("https://identifiers.org/MGI:1",),
                      homologene="4242", orthologs=(ortholog,))
    mention = GeneMention(Gene("Abcx1", 10090), "Abcx1", "results", "Abcx1 rose.", "up")
    return ArticleRecord(
        path="hand/made.md", sha256="0" * 64, title="A hand-made record", summary=None,
        doi="10.9999/hand", pmcid=None, published=None, journal=None, url=None, image=None,
        read_minutes=None, authors=(), tags=(), organisms=(Organism("Invented", species),),
        experiment_types=(), priority=None, consensus=None,
        gaps=(Gap("Nothing here is a keyword", "frontmatter", ("chosen", "word")),),
        findings=(), chart=None, sections=(),
        entities=Entities(genes=(mention,), gene_facts=(facts,)))


def test_a_hand_made_record_maps_to_its_quads(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_files(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"the graph stage read a file: {args}")

    record = _hand_made_record()
    with monkeypatch.context() as patched:
        patched.setattr(builtins, "open", no_files)
        patched.setattr(io, "open", no_files)
        lines = article_lines(record, "0.0.0")
    graph_term = f" <{graph_iri('hand/made.md')}> .\n"
    assert all(line.endswith(graph_term) for line in lines)
    g = rdflib.Graph().parse(data="".join(drop_graph(line) for line in lines), format="nt")

    def about(subject: str) -> set[tuple[rdflib.term.Node, rdflib.term.Node]]:
        return set(g.predicate_objects(rdflib.URIRef(subject)))

    lit, ref = rdflib.Literal, rdflib.URIRef
    taxon = "http://purl.obolibrary.org/obo/NCBITaxon_"
    mouse_gene, human_gene = ref("https://identifiers.org/ncbigene/7002"), ref(
        "https://identifiers.org/ncbigene/7001")
    assert about(str(mouse_gene)) == {
        (RDF.type, SBKG.Gene), (SBKG.symbol, lit("Abcx1")), (RDFS.label, lit("Abcx1")),
        (SBKG.inTaxon, ref(taxon + "10090")), (SCHEMA.name, lit("made-up protein")),
        (SKOS.exactMatch, ref("https://identifiers.org/MGI:1")),
        (SBKG.homologeneGroup, lit("4242")), (SBKG.orthologousTo, human_gene)}
    # the ortholog's organism is not in the record: its IRI is stated, its node is not
    assert about(str(human_gene)) == {
        (RDF.type, SBKG.Gene), (SBKG.symbol, lit("ABCX1")), (RDFS.label, lit("ABCX1")),
        (SBKG.inTaxon, ref(taxon + "9606")), (SBKG.homologeneGroup, lit("4242")),
        (SBKG.orthologousTo, mouse_gene)}
    assert about(taxon + "9606") == set()
    assert about(taxon + "10090") == {(RDF.type, SBKG.Taxon), (RDFS.label, lit("Mus musculus")),
                                      (SBKG.taxonRank, lit("species"))}
    species = "https://w3id.org/spacebio-kg/id/taxon/invented-example"
    assert about(species) == {
        (RDF.type, SBKG.Taxon), (RDFS.label, lit("Invented example")),
        (SBKG.taxonRank, lit("species")), (SBKG.parentTaxon, ref(taxon + "90001")),
        (SKOS.altLabel, lit("Invented"))}
    assert about(taxon + "90001") == {(RDF.type, SBKG.Taxon), (RDFS.label, lit("Invented")),
                                      (SBKG.taxonRank, lit("genus"))}
    pub = ref("https://doi.org/10.9999/hand")
    (gap,) = g.objects(pub, SBKG.hasKnowledgeGap)
    assert set(g.objects(gap, SBKG.keyword)) == {lit("chosen"), lit("word")}
    (mention,) = g.subjects(SBKG.gene, mouse_gene)
    assert g.value(mention, SBKG.direction) == lit("up")
    assert (pub, SBKG.reportsGene, mouse_gene) in g
    assert (pub, SBKG.studiesOrganism, ref(species)) in g


def test_a_mention_without_gene_facts_is_an_error() -> None:
    record = _hand_made_record()
    broken = dataclasses.replace(record, entities=dataclasses.replace(record.entities,
                                                                       gene_facts=()))
    with pytest.raises(ValueError, match="no gene facts"):
        article_lines(broken, "0.0.0")
