"""The shipped queries on small fixture graphs: the rows a researcher would expect."""

from __future__ import annotations

import pytest

from kg.pipeline.build import build
from kg.sparql.run import run_named, run_query

from .conftest import DATA


@pytest.fixture(scope="module")
def species():
    return build(DATA / "species", out_dir=None).graph


def rows(graph, name: str) -> list[dict]:
    return run_named(graph, name).values()


def test_genes_by_article_has_one_row_per_article_and_gene(species) -> None:
    found = rows(species, "genes-by-article")
    assert list(found[0]) == ["source", "doi", "symbol", "gene", "taxon", "written"]
    assert [(r["source"], r["symbol"], r["gene"].rsplit(":", 1)[-1], r["taxon"][-5:])
            for r in found] == [
        ("human-muscle.md", "FBXO32", "114907", "_9606"),
        ("mouse-muscle.md", "Cdkn1a", "12575", "10090"),
        ("mouse-muscle.md", "Fbxo32", "67731", "10090"),
    ]


def test_genes_by_article_shows_the_forms_written(tmp_path) -> None:
    """p21 and CDKN1a stay visible beside the official symbol they resolve to."""
    text = (DATA / "species" / "mouse-muscle.md").read_text(encoding="utf-8")
    (tmp_path / "a.md").write_text(text.replace(
        "`Cdkn1a` rose as well", "`Cdkn1a` (also written p21 and CDKN1a/p21) rose as well"),
        encoding="utf-8")
    found = rows(build(tmp_path, out_dir=None).graph, "genes-by-article")
    written = {r["symbol"]: set((r["written"] or "").split("; ")) for r in found}
    assert written["Cdkn1a"] >= {"Cdkn1a", "p21"}
    assert written["Fbxo32"] == {"Fbxo32"}


def test_cross_species_genes_pairs_mouse_and_human_studies(species) -> None:
    found = rows(species, "cross-species-genes")
    assert [(r["symbolA"], r["studiesA"], r["publicationsA"], r["symbolB"], r["studiesB"],
             r["publicationsB"]) for r in found] == [
        ("Fbxo32", "1", "https://doi.org/10.5555/fixture.mouse",
         "FBXO32", "1", "https://doi.org/10.5555/fixture.human")]


def test_mentions_keep_direction_and_dataset_is_linked(species) -> None:
    found = run_query(species, """
        PREFIX sbkg: <https://w3id.org/spacebio-kg/ontology#>
        SELECT ?symbol ?direction WHERE { ?m sbkg:gene ?g ; sbkg:direction ?direction .
                                          ?g sbkg:symbol ?symbol } ORDER BY ?symbol""").values()
    assert [(r["symbol"], r["direction"]) for r in found] == [
        ("Cdkn1a", "up"), ("FBXO32", "unchanged"), ("Fbxo32", "up")]
    datasets = run_query(species, """
        PREFIX sbkg: <https://w3id.org/spacebio-kg/ontology#>
        SELECT ?accession WHERE { ?p sbkg:usesDataset ?d . ?d sbkg:accession ?accession }""")
    assert [r["accession"] for r in datasets.values()] == ["OSD-21"]
