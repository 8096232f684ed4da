"""Any name finds the thing: gene names as articles write them, DOIs in any form, organisms by
name; and a parameter that names nothing is said, not answered with silence."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import QueryError
from kg.pipeline.build import build
from kg.sparql.library import resolve_query
from kg.sparql.lookup import explain_empty
from kg.sparql.run import run_named

from .conftest import DATA, write

MOUSE = (DATA / "species" / "mouse-muscle.md").read_text(encoding="utf-8")
HUMAN = (DATA / "species" / "human-muscle.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("lookup")
    write(folder / "content", "mouse.md", MOUSE.replace(
        "`Cdkn1a` rose as well", "the CDK inhibitor p21 (`Cdkn1a`) rose as well"))
    write(folder / "content", "human.md", HUMAN + "\n- In the same biopsies p21 (**CDKN1A**) rose.\n")
    build(folder / "content", folder / "out")
    return folder / "out"


def symbols(built: Path, gene: str) -> set[tuple[str, str]]:
    from kg.rdf.store import KnowledgeGraph

    rows = run_named(KnowledgeGraph.load(built), "gene-profile", {"gene": gene}).values()
    return {(str(r["symbol"]), str(r["taxon"]).rsplit("_", 1)[-1]) for r in rows}


def test_a_written_name_finds_every_gene_it_resolved_to(built: Path) -> None:
    assert symbols(built, "p21") == {("Cdkn1a", "10090"), ("CDKN1A", "9606")}
    assert symbols(built, "P-21") == symbols(built, "p21")  # case, hyphens ignored
    assert symbols(built, "cdkn1a") == {("Cdkn1a", "10090"), ("CDKN1A", "9606")}


def test_a_doi_in_any_form_finds_the_publication(built: Path) -> None:
    from kg.rdf.store import KnowledgeGraph

    graph = KnowledgeGraph.load(built)
    forms = ["10.5555/fixture.mouse", "doi:10.5555/FIXTURE.MOUSE",
             "https://doi.org/10.5555/fixture.mouse", "http://dx.doi.org/10.5555/Fixture.Mouse"]
    answers = [run_named(graph, "publication-card", {"doi": f}).triples for f in forms]
    assert answers[0] and all(a == answers[0] for a in answers)


def test_an_organism_by_name_or_curie(built: Path) -> None:
    from kg.rdf.store import KnowledgeGraph

    graph = KnowledgeGraph.load(built)
    by_curie = run_named(graph, "cross-species-genes", {"taxonA": "NCBITaxon:10090"}).values()
    assert by_curie
    for name in ("mouse", "Mus musculus", "mice"):
        assert run_named(graph, "cross-species-genes", {"taxonA": name}).values() == by_curie
    with pytest.raises(QueryError, match="no organism called 'Qwertyella nonexistens'"):
        run_named(graph, "cross-species-genes", {"taxonA": "Qwertyella nonexistens"})


def test_a_parameter_naming_nothing_is_said_with_close_matches(built: Path) -> None:
    from kg.rdf.store import KnowledgeGraph
    from kg.sparql.local import LocalEngine

    engine = LocalEngine(KnowledgeGraph.load(built))
    [message] = explain_empty(engine, resolve_query("gene-profile"), {"gene": "Fbxo23"})
    assert "no gene 'Fbxo23'" in message and "Fbxo32" in message
    assert explain_empty(engine, resolve_query("gene-profile"), {"gene": "p21"}) == []
    result = CliRunner().invoke(main, ["query", "dataset-publications", "--graph", str(built)])
    assert result.exit_code == 0
    assert "(0 rows)" in result.output
    assert "no dataset 'OSD-195' in this graph (the default" in result.output
    assert "OSD-21" in result.output  # what the graph holds instead


def test_an_alias_of_the_reference_tables_finds_the_gene(built: Path) -> None:
    """MAFbx is nowhere in the articles: the gene tables know it as Fbxo32's alias, in mouse
    and in human; Waf1 is a previous symbol of Cdkn1a."""
    assert symbols(built, "MAFbx") == {("Fbxo32", "10090"), ("FBXO32", "9606")}
    assert symbols(built, "mafbx") == symbols(built, "MAFbx")
    assert ("Cdkn1a", "10090") in symbols(built, "waf1")


def test_a_name_the_articles_write_wins_over_other_genes_aliases(
        tmp_path: Path) -> None:
    """p21 is also an alias of TCEAL1 and NSG1: where articles write p21 for Cdkn1a, p21 finds
    Cdkn1a, not every gene once called p21; TCEAL1 is still found by its symbol."""
    write(tmp_path / "content", "mouse.md", MOUSE.replace(
        "`Cdkn1a` rose as well", "the CDK inhibitor p21 (`Cdkn1a`) rose as well"))
    write(tmp_path / "content", "human.md",
          HUMAN + "\n- **TCEAL1** fell in the same biopsies.\n")
    build(tmp_path / "content", tmp_path / "out")
    assert symbols(tmp_path / "out", "p21") == {("Cdkn1a", "10090")}
    assert symbols(tmp_path / "out", "TCEAL1") == {("TCEAL1", "9606")}
    written_nowhere = symbols(tmp_path / "out", "WEX9")  # TCEAL1's alias, in no article
    assert written_nowhere == {("TCEAL1", "9606")}


def test_a_doi_written_in_capitals_in_the_article_is_found_in_any_case(tmp_path: Path) -> None:
    """The graph states DOIs in lower case (they ignore case), so the queries match them
    exactly, an index look-up rather than a case-folded scan of every DOI."""
    from kg.rdf.store import KnowledgeGraph

    write(tmp_path / "content", "mouse.md",
          MOUSE.replace('doi: "10.5555/fixture.mouse"', 'doi: "10.5555/FIXTURE.Mouse"'))
    build(tmp_path / "content", tmp_path / "out")
    graph = KnowledgeGraph.load(tmp_path / "out")
    for form in ("10.5555/fixture.mouse", "doi:10.5555/FIXTURE.MOUSE"):
        card = run_named(graph, "publication-card", {"doi": form}).triples
        assert card and any(str(t.object) == '"10.5555/fixture.mouse"' for t in card)
