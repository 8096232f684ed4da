"""Many articles, one publication: facts reconciled by the stated policy, every disagreement
a warning naming the publication, the field, each file and value; each article keeps its word."""

from __future__ import annotations

from pathlib import Path

import rdflib
from rdflib.namespace import DCTERMS

from kg.core.namespaces import SBKG
from kg.pipeline.build import build
from kg.rdf.mapping import article_iri

from .conftest import write

ARTICLE = """---
title: "{title}"
publishDate: {date}
authors: [{authors}]
organisms: ["Mice"]
doi: "10.5555/reconcile.one"
url: "https://www.ncbi.nlm.nih.gov/pmc/articles/{pmc}/"
journal: "{journal}"
---

## Key Findings
- **Fbxo32** rose.
"""


def article(title: str, date: str, pmc: str, journal: str = "Journal A",
            authors: str = '"Smith J", "Doe A"') -> str:
    return ARTICLE.format(title=title, date=date, pmc=pmc, journal=journal, authors=authors)


def test_the_value_most_articles_state_wins_and_each_article_keeps_its_own(tmp_path: Path) -> None:
    write(tmp_path / "c", "a.md", article("One", "2020-05-01", "PMC111"))
    write(tmp_path / "c", "b.md", article("Two", "2020-05-01", "PMC111"))
    write(tmp_path / "c", "c.md", article("Three", "2020-05-02", "PMC222", journal="Journal B"))
    result = build(tmp_path / "c", tmp_path / "out")
    graph = rdflib.Graph().parse(tmp_path / "out" / "graph.ttl", format="turtle")
    pub = rdflib.URIRef("https://doi.org/10.5555/reconcile.one")
    assert [str(v) for v in graph.objects(pub, DCTERMS.issued)] == ["2020-05-01"]
    assert [str(v) for v in graph.objects(pub, SBKG.pmcid)] == ["PMC111"]
    odd = rdflib.URIRef(article_iri("c.md"))
    assert str(graph.value(odd, SBKG.statedIssued)) == "2020-05-02"
    assert str(graph.value(odd, SBKG.statedPmcid)) == "PMC222"
    assert str(graph.value(odd, SBKG.statedJournal)) == "Journal B"
    assert graph.value(rdflib.URIRef(article_iri("a.md")), SBKG.statedIssued) is None
    notes = [d for d in result.diagnostics if d.code == "publication-conflict"]
    dates = [d for d in notes if d.field == "publishDate"]
    assert len(dates) == 3 and {d.path for d in dates} == {"a.md", "b.md", "c.md"}
    message = dates[0].message
    assert "10.5555/reconcile.one" in message and "a.md: 2020-05-01" in message
    assert "c.md: 2020-05-02" in message and "most articles state it" in message
    assert not result.failed and build(tmp_path / "c", None, strict=True).failed


def test_a_tie_goes_to_the_value_that_sorts_first(tmp_path: Path) -> None:
    write(tmp_path / "c", "a.md", article("One", "2021-03-09", "PMC900",
                                          authors='"Zed Z", "Able A"'))
    write(tmp_path / "c", "b.md", article("Two", "2021-03-08", "PMC1000",
                                          authors='"Able A", "Zed Z"'))
    build(tmp_path / "c", tmp_path / "out")
    graph = rdflib.Graph().parse(tmp_path / "out" / "graph.ttl", format="turtle")
    pub = rdflib.URIRef("https://doi.org/10.5555/reconcile.one")
    assert [str(v) for v in graph.objects(pub, DCTERMS.issued)] == ["2021-03-08"]  # earliest
    assert [str(v) for v in graph.objects(pub, SBKG.pmcid)] == ["PMC900"]  # lowest number
    rows = graph.query("""
        PREFIX sbkg: <https://w3id.org/spacebio-kg/ontology#>
        PREFIX schema: <https://schema.org/>
        SELECT ?n ?name WHERE { ?p sbkg:hasAuthorship ?r . ?r sbkg:authorPosition ?n ;
                                sbkg:author/schema:name ?name } ORDER BY ?n""")
    assert [str(r.name) for r in rows] == ["Able A", "Zed Z"]  # "Able A; Zed Z" sorts first
    stated = graph.value(rdflib.URIRef(article_iri("a.md")), SBKG.statedAuthors)
    assert str(stated) == "Zed Z; Able A"


def test_the_real_folders_validate(corpus, tmp_path: Path) -> None:
    from kg.checks.shacl import validate
    from kg.rdf.store import KnowledgeGraph

    for folder in ("news", "revisions", ""):
        result = build(corpus / folder, tmp_path / (folder or "all"))
        report = validate(KnowledgeGraph.load(tmp_path / (folder or "all")))
        assert report.conforms, (folder, report.violations[:3])
        assert result.counts["rejected"] == 0
