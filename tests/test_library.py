"""The query library: headers, parameters bound as terms, and every query run on content/."""

from __future__ import annotations

import pytest

from kg.core.resources import query_files
from kg.errors import QueryError
from kg.rdf.canonical import literal
from kg.rdf.store import KnowledgeGraph
from kg.rdf.tallies import name_key
from kg.sparql.formats import format_result
from kg.sparql.library import bind, list_queries, query_header, resolve_query, with_values
from kg.sparql.run import run_named, run_query

from .conftest import REPO

LIBRARY = list_queries()
INJECTION = 'x" } ; DROP ALL ; #'


@pytest.fixture(scope="module")
def content(content_build) -> KnowledgeGraph:
    return KnowledgeGraph.load(content_build)


def test_the_library_answers_at_least_fifteen_questions() -> None:
    assert len(LIBRARY) >= 15
    shipped = {p.stem for p in (REPO / "queries").glob("*.rq")}
    assert {q.name for q in LIBRARY} == set(query_files()) == shipped


@pytest.mark.parametrize("query", LIBRARY, ids=lambda q: q.name)
def test_every_query_explains_itself(query) -> None:
    assert len(query.summary) > 15, "a #+ summary: line"
    assert len(query.description) > 40, "a #+ description: line"
    for param in query.params:
        assert param.description, f"parameter {param.name} has no description"
        assert f"?{param.name}" in query.text, f"parameter {param.name} is not used"


@pytest.mark.parametrize("query", LIBRARY, ids=lambda q: q.name)
def test_every_query_runs_on_content_with_its_declared_columns(content, query) -> None:
    result = run_named(content, query.name)
    if result.triples is not None:  # CONSTRUCT
        assert result.triples and "@prefix" in format_result(result, "turtle")
        return
    columns = query_header(query.text).get("columns")
    assert columns, "a SELECT query declares its columns (#+ columns:)"
    assert list(result.columns) == [c.strip() for c in columns[0].split(",")]
    if query.name != "high-priority-low-consensus":  # content/ has no such study: see below
        assert result.rows, f"{query.name} finds nothing in content/"


def test_high_priority_low_consensus_finds_such_a_study(tmp_path) -> None:
    from kg.pipeline.build import build

    text = (REPO / "content" / sorted(p.name for p in (REPO / "content").glob("*.md"))[0])
    source = text.read_text(encoding="utf-8")
    head, _, body = source.partition("\n---\n")
    lines = [line for line in head.splitlines()
             if not line.startswith(("priority:", "consensusLevel:"))]
    (tmp_path / "one.md").write_text("\n".join([*lines, "priority: high", "consensusLevel: low"])
                                     + "\n---\n" + body, encoding="utf-8")
    graph = build(tmp_path, out_dir=None).graph
    rows = run_named(graph, "high-priority-low-consensus").values()
    assert [r["source"] for r in rows] == ["one.md"]


def test_parameters_change_the_answer(content) -> None:
    fbxo32 = {r["symbol"] for r in run_named(content, "gene-profile").values()}
    cdkn1a = run_named(content, "gene-profile", {"gene": "CDKN1A"}).values()
    assert fbxo32 and {s.lower() for s in fbxo32} == {"fbxo32"}
    assert cdkn1a and {r["symbol"].lower() for r in cdkn1a} == {"cdkn1a"}
    mouse_first = run_named(content, "cross-species-genes").values()
    human_first = run_named(content, "cross-species-genes",
                            {"taxonA": "NCBITaxon:9606", "taxonB": "NCBITaxon:10090"}).values()
    assert {(r["symbolA"], r["symbolB"]) for r in mouse_first} == {
        (r["symbolB"], r["symbolA"]) for r in human_first}
    many = run_named(content, "recurring-genes", {"min": "1"}).values()
    few = run_named(content, "recurring-genes").values()
    assert len(many) > len(few) > 0
    assert all(int(r["studies"]) >= 2 for r in few)


def test_a_hostile_value_is_data(content) -> None:
    before = content.triple_count
    assert run_named(content, "gene-profile", {"gene": INJECTION}).rows == ()
    assert content.triple_count == before
    # in a graph where a gene has that very symbol, the value finds it: it was a literal
    s = "https://w3id.org/spacebio-kg/ontology#"
    lines = [f"<http://x/{a}> <{s}{p}> {o} .\n" for a, p, o in [
        ("g", "symbol", '"x\\" } ; DROP ALL ; #"'), ("g", "nameKey", literal(name_key(INJECTION))),
        ("m", "gene", "<http://x/g>"),
        ("m", "inSection", '"Key Findings"'), ("m", "sentence", '"It rose."'),
        ("a", "hasMention", "<http://x/m>"), ("a", "summarizes", "<http://x/p>"),
        ("a", "sourcePath", '"a.md"')]]
    odd = KnowledgeGraph.from_lines(sorted(lines))
    assert [r["symbol"] for r in run_named(odd, "gene-profile", {"gene": INJECTION}).values()] \
        == [INJECTION]
    assert odd.triple_count == len(lines)


def test_a_hostile_iri_is_refused() -> None:
    query = resolve_query("cross-species-genes")
    with pytest.raises(QueryError, match="takes an IRI"):
        bind(query, {"taxonA": "http://x> } ; DROP ALL ; #"})


def test_parameter_errors_name_the_parameter() -> None:
    query = resolve_query("recurring-genes")
    with pytest.raises(QueryError, match="takes a number"):
        bind(query, {"min": "two"})
    with pytest.raises(QueryError, match=r"has no parameter gen .*it has: min"):
        bind(query, {"gen": "x"})


def test_values_block_opens_the_outer_where_clause(content) -> None:
    query = resolve_query("shared-knowledge-gaps")  # a subquery has its own WHERE
    text = with_values(query.text, bind(query, {"min": "3"}))
    assert text.index("VALUES ?min") < text.index("SELECT", text.index("VALUES"))
    rows = run_query(content, text).values()
    assert rows and all(int(r["publications"]) >= 3 for r in rows)


def test_cross_species_genes_gives_one_row_per_ortholog_pair(content) -> None:
    """Publications are listed per side, not multiplied: a pair studied twice on one side is
    one row counting two, so the answer grows with the pairs, not with their studies squared."""
    found = run_named(content, "cross-species-genes").values()
    pairs = [(r["geneA"], r["geneB"]) for r in found]
    assert pairs and len(pairs) == len(set(pairs))
    for r in found:
        for side in "AB":
            listed = r[f"publications{side}"].split(", ")
            assert int(r[f"studies{side}"]) == len(set(listed)) == len(listed)
    assert max(int(r["studiesA"]) for r in found) >= 2, "content/ has a pair studied twice"
