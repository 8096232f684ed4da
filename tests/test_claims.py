"""Claims (issue 12): gene changes stated as findings, and how claims of publications relate.

The fixtures are small articles written here: each states a few gene changes in its Key
Findings, so that a contradiction, a support across orthologs, a publication with two tissues
and the sentences that make no claim can be told apart.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.checks.shacl import validate
from kg.core.namespaces import LINKS_GRAPH
from kg.extract.claims import find_claims, tissue_of
from kg.ingest.articles import read_article
from kg.pipeline.build import build
from kg.rdf import claims as rdf_claims
from kg.rdf.claims import link_lines, links
from kg.rdf.mapping import publication_iri
from kg.records.check import to_record
from kg.records.model import ArticleRecord
from kg.sparql.run import run_named, run_query

from .conftest import write

SBKG = "https://w3id.org/spacebio-kg/ontology#"


def article(doi: str, organism: str, findings: list[str], title: str = "",
            extra: str = "") -> str:
    bullets = "\n".join(f"- {f}" for f in findings)
    return f"""---
title: "{title or 'A fixture study of ' + doi}"
publishDate: 2024-03-01
authors: ["Fixture Author"]
organisms: ["{organism}"]
doi: "{doi}"
journal: "Journal of Test Fixtures"
---

## Methodology
Hindlimb unloading for two weeks; qPCR of Fbxo32 and Sost in the soleus and femur.

## Key Findings
{bullets}
{extra}
"""


#: (file, DOI, organism, findings): mouse studies that disagree on Sost, mouse and human
#: studies that agree on the atrophy gene, and one mouse study with two tissues
STUDIES = {
    "bone-up.md": ("10.5555/claims.bone-up", "Mice", [
        "Unloaded mice raised **Sost** in the femur within a week.",
    ]),
    "bone-down.md": ("10.5555/claims.bone-down", "Mice", [
        "**Sost** fell in the tibia of reloaded mice.",
    ]),
    "mouse-atrophy.md": ("10.5555/claims.mouse", "Mice", [
        "**Fbxo32** was upregulated in the gastrocnemius after unloading.",
    ]),
    "human-atrophy.md": ("10.5555/claims.human", "Humans", [
        "After bed rest, **FBXO32** increased in vastus lateralis biopsies.",
    ]),
    "two-tissues.md": ("10.5555/claims.tissues", "Mice", [
        "**Fbxo32** rose in the soleus of flown mice.",
        "In the heart, **Fbxo32** decreased after the same flight.",
    ]),
}


def write_studies(folder: Path, studies: dict[str, tuple[str, str, list[str]]]) -> Path:
    for name, (doi, organism, findings) in studies.items():
        write(folder, name, article(doi, organism, findings))
    return folder


@pytest.fixture(scope="module")
def fixtures(tmp_path_factory) -> Path:
    return write_studies(tmp_path_factory.mktemp("claims"), STUDIES)


@pytest.fixture(scope="module")
def graph(fixtures):
    return build(fixtures, out_dir=None).graph


def record(folder: Path, name: str) -> ArticleRecord:
    return to_record(read_article(folder / name, folder))[0]


def claims_of(folder: Path, name: str) -> list[tuple[str, str, str | None]]:
    r = record(folder, name)
    symbols = {f.key: f.symbol for f in r.entities.gene_facts}
    return [(symbols[c.gene], c.direction, c.tissue) for c in r.claims]


def pairs(graph, prop: str) -> set[tuple[str, str]]:
    """(publication, publication) of each link of ``prop``, as DOIs' last parts."""
    rows = run_query(graph, f"""
        PREFIX sbkg: <{SBKG}>
        SELECT ?pa ?pb WHERE {{ GRAPH <{LINKS_GRAPH}> {{ ?a sbkg:{prop} ?b }}
          ?a sbkg:inPublication ?pa . ?b sbkg:inPublication ?pb }}""").values()
    return {(r["pa"].rsplit(".", 1)[-1], r["pb"].rsplit(".", 1)[-1]) for r in rows}


# -- claims of one article -----------------------------------------------------------------------
def test_a_claim_keeps_gene_direction_and_the_tissue_of_its_sentence(fixtures) -> None:
    assert claims_of(fixtures, "bone-up.md") == [("Sost", "up", "femur")]
    assert claims_of(fixtures, "human-atrophy.md") == [("FBXO32", "up", "vastus lateralis")]


def test_a_two_tissue_publication_makes_two_claims(fixtures) -> None:
    assert claims_of(fixtures, "two-tissues.md") == [("Fbxo32", "up", "soleus"),
                                                     ("Fbxo32", "down", "heart")]


def test_sentences_without_a_change_and_questions_make_no_claim(tmp_path) -> None:
    write(tmp_path, "quiet.md", article("10.5555/claims.quiet", "Mice", [
        "**Fbxo32** is an E3 ubiquitin ligase expressed in muscle.",
        "The panel covered **Sost** and **Bglap**.",
    ], extra="\n## Knowledge Gaps\n- Whether **Sost** rises in people is unknown.\n"))
    r = record(tmp_path, "quiet.md")
    assert r.entities.genes  # the genes are named, and the methods even say "unloading"
    assert r.claims == ()


def test_a_title_makes_no_claim(tmp_path) -> None:
    """Titles put genes in causal phrases: "bone loss through inhibition by p21" is no p21 fall."""
    write(tmp_path, "title.md", article("10.5555/claims.title", "Mice", ["Mice were flown."],
                                        title="Flight Thins Bone Through Inhibition by Cdkn1a"))
    r = record(tmp_path, "title.md")
    assert [m.direction for m in r.entities.genes if m.section == "title"] == ["down"]
    assert r.claims == ()


def test_the_tissue_is_the_one_of_the_genes_clause() -> None:
    text = "Tnf rose in the liver whereas Il6 fell in the spleen."
    assert [tissue_of(text, text.index(g)) for g in ("Tnf", "Il6")] == ["liver", "spleen"]
    assert tissue_of("Cardiac muscle raised Nppa.", 22) == "heart"  # one concept, two words
    assert tissue_of("Nppa rose.", 0) is None


def test_a_change_of_another_clause_is_not_the_genes(tmp_path) -> None:
    write(tmp_path, "clauses.md", article("10.5555/claims.clauses", "Mice", [
        "**Nox1** was up about sixfold, whereas **Nfe2l2**, the Nrf2 regulator, fell.",
        "Weightlessness lowered **Bglap** and raised **Acp5** in bone.",
    ]))
    assert claims_of(tmp_path, "clauses.md") == [
        ("Nox1", "up", None), ("Nfe2l2", "down", None), ("Bglap", "down", "bone"),
        ("Acp5", "up", "bone")]


# -- links across publications -----------------------------------------------------------------------
def test_opposite_directions_of_one_gene_contradict(graph) -> None:
    found = pairs(graph, "contradicts")
    assert ("bone-up", "bone-down") in found and ("bone-down", "bone-up") in found  # both ways
    assert not {("bone-up", "bone-down")} & pairs(graph, "supports")


def test_orthologs_in_the_same_direction_support_each_other(graph) -> None:
    found = pairs(graph, "supports")
    assert {("mouse", "human"), ("human", "mouse")} <= found
    # the two-tissue study agrees with both on the soleus and disagrees on the heart
    assert {("tissues", "human"), ("tissues", "mouse")} <= found
    assert {("tissues", "human"), ("tissues", "mouse")} <= pairs(graph, "contradicts")


def test_claims_of_one_publication_are_never_linked(graph) -> None:
    linked = pairs(graph, "supports") | pairs(graph, "contradicts")
    assert linked and all(a != b for a, b in linked)


def test_the_contradictions_query_shows_both_sides(graph) -> None:
    rows = run_named(graph, "contradictions", {"symbol": "sost"}).values()
    assert len(rows) == 1
    row = rows[0]
    assert (row["kind"], row["symbolA"], row["symbolB"]) == ("opposite", "Sost", "Sost")
    sides = {(row["directionA"], row["tissueA"], row["doiA"], row["evidenceA"]),
             (row["directionB"], row["tissueB"], row["doiB"], row["evidenceB"])}
    assert sides == {
        ("up", "femur", "10.5555/claims.bone-up",
         "Unloaded mice raised Sost in the femur within a week."),
        ("down", "tibia", "10.5555/claims.bone-down", "Sost fell in the tibia of reloaded mice."),
    }
    assert row["titleA"].startswith("A fixture study of 10.5555/claims.bone-")
    everything = run_named(graph, "contradictions").values()
    # the heart claim of the two-tissue study against the muscle claims of mouse and human
    assert sorted((r["doiA"][-6:], r["doiB"][-7:], r["tissueB"]) for r in everything
                  if r["symbolA"] != "Sost") == [(".human", "tissues", "heart"),
                                                 (".mouse", "tissues", "heart")]


def test_unchanged_against_a_change_is_a_contradiction_of_its_own_kind(tmp_path) -> None:
    write_studies(tmp_path, {
        "up.md": STUDIES["bone-up.md"],
        "flat.md": ("10.5555/claims.flat", "Mice", ["**Sost** was unchanged in the femur."]),
    })
    rows = run_named(build(tmp_path, out_dir=None).graph, "contradictions").values()
    assert [(r["kind"], {r["directionA"], r["directionB"]}) for r in rows] == [
        ("change vs no change", {"up", "unchanged"})]


def test_ortholog_consensus_answers_the_translation_question(graph) -> None:
    rows = run_named(graph, "ortholog-consensus").values()
    assert [(r["symbolA"], r["symbolB"]) for r in rows] == [("Fbxo32", "FBXO32")]
    row = rows[0]
    # mouse: one study up in muscle, one up in the soleus and down in the heart; human: up
    assert (row["upA"], row["downA"], row["unchangedA"]) == ("2", "1", "0")
    assert (row["upB"], row["downB"], row["agreement"]) == ("1", "0", "mixed")
    human_first = run_named(graph, "ortholog-consensus",
                            {"taxonA": "NCBITaxon:9606", "taxonB": "NCBITaxon:10090"}).values()
    assert [(r["symbolA"], r["upA"], r["upB"]) for r in human_first] == [("FBXO32", "1", "2")]


def test_agreeing_orthologs_agree(tmp_path) -> None:
    write_studies(tmp_path, {k: STUDIES[k] for k in ("mouse-atrophy.md", "human-atrophy.md")})
    rows = run_named(build(tmp_path, out_dir=None).graph, "ortholog-consensus").values()
    assert [r["agreement"] for r in rows] == ["agree"]


# -- the graph -------------------------------------------------------------------------------------
def test_claim_graphs_conform_to_the_shapes(graph) -> None:
    report = validate(graph)
    assert report.conforms, report.violations[:5]


def test_two_articles_of_one_publication_state_one_claim(tmp_path) -> None:
    doi, organism, findings = STUDIES["bone-up.md"]
    write(tmp_path, "a.md", article(doi, organism, findings))
    write(tmp_path, "b.md", article(doi, organism, ["Femoral **Sost** climbed in unloaded mice."]))
    g = build(tmp_path, out_dir=None).graph
    rows = run_query(g, f"""PREFIX sbkg: <{SBKG}>
        SELECT ?claim (COUNT(DISTINCT ?e) AS ?n) WHERE {{ ?claim a sbkg:GeneClaim ;
        sbkg:evidence ?e }} GROUP BY ?claim""").values()
    assert [r["n"] for r in rows] == ["2"]  # one node, each article's sentence
    assert validate(g).conforms


def test_links_are_deterministic_and_independent_of_record_order(fixtures) -> None:
    records = [record(fixtures, name) for name in sorted(STUDIES)]
    mapped = [(publication_iri(r.publication_key), r) for r in records]
    assert link_lines(mapped) == link_lines(list(reversed(mapped)))
    assert link_lines(mapped) == sorted(set(link_lines(mapped)))


def test_a_build_is_byte_identical_twice(fixtures, tmp_path) -> None:
    build(fixtures, tmp_path / "one")
    build(fixtures, tmp_path / "two")
    first = (tmp_path / "one" / "graph.nq").read_bytes()
    assert first == (tmp_path / "two" / "graph.nq").read_bytes()
    assert f"<{LINKS_GRAPH}> .".encode() in first


def test_a_large_gene_group_is_linked_only_up_to_the_cap(fixtures, monkeypatch) -> None:
    base = record(fixtures, "bone-up.md")
    many = [(f"https://doi.org/10.5555/many.{i}", base) for i in range(6)]
    assert len(links(many)) == 15  # six publications, one claim each: every pair
    monkeypatch.setattr(rdf_claims, "MAX_GROUP", 4)
    assert len(links(many)) == 6  # four claims linked pairwise, the others left unlinked


def test_records_without_claims_make_an_empty_links_graph(tmp_path) -> None:
    write(tmp_path, "quiet.md", article("10.5555/claims.q", "Mice", ["Mice were flown."]))
    r = record(tmp_path, "quiet.md")
    assert r.claims == () and find_claims(r.entities.genes) == ()
    assert link_lines([(publication_iri(r.publication_key), r)]) == []
