"""The real corpus in ../shared: every file with a DOI ends up in the graph.

Runs when the shared folder is present (always in CI, where its absence fails the test).
"""

from __future__ import annotations

import json

import pytest

from kg.errors import Severity
from kg.pipeline.build import build
from kg.rdf.mapping import publication_iri
from kg.sparql.run import run_named

from .conftest import GOLD


@pytest.fixture(scope="module")
def result(corpus):
    return build(corpus, out_dir=None)


def gold_entries(corpus) -> list[dict]:
    entries = []
    for name in ("news", "revisions"):
        file = GOLD / f"{name}.json"
        if file.is_file():
            entries += json.loads(file.read_text(encoding="utf-8"))
    return entries


def test_every_file_is_accounted_for(result, corpus) -> None:
    files = sorted(p.relative_to(corpus).as_posix() for p in corpus.rglob("*.md"))
    assert sorted(o.path for o in result.outcomes) == files
    assert sum(result.counts.values()) == len(files)


def test_every_file_with_a_doi_is_in_the_graph(result, corpus) -> None:
    gold = [g for g in gold_entries(corpus) if g["doi"]]
    assert gold, "no gold annotations found"
    outcomes = {o.path: o for o in result.outcomes}
    missing = [g["file"] for g in gold
               if outcomes[g["file"]].publication != publication_iri(g["doi"])]
    assert missing == []
    rows = run_named(result.graph, "publications").values()
    assert {g["doi"].lower() for g in gold} <= {r["doi"] for r in rows}


def test_files_without_doi_are_skipped_not_built(result, corpus) -> None:
    no_doi = {g["file"] for g in gold_entries(corpus) if not g["doi"]}
    built = {o.path for o in result.outcomes if o.publication}
    # the only file without a DOI that is built is identified by the PMC id in its doi field
    assert {p for p in no_doi & built} == {
        o.path for o in result.outcomes
        if any(d.code == "pmcid-in-doi" for d in o.diagnostics)
    }


def test_repairs_are_reported_with_file_and_line(result) -> None:
    repaired = [o for o in result.outcomes if o.status == "repaired"]
    assert repaired
    for outcome in repaired:
        warnings = [d for d in outcome.diagnostics if d.severity is Severity.WARNING]
        assert warnings and all(d.path == outcome.path for d in warnings)
        assert all(d.line is not None for d in warnings)


def test_no_file_of_the_corpus_is_rejected(result) -> None:
    assert [str(d) for d in result.diagnostics if d.severity is Severity.ERROR] == []


def test_gene_extraction_meets_its_bar_on_the_gold(corpus) -> None:
    from kg.extract.evaluate import evaluate

    from .conftest import GOLD

    genes = evaluate(corpus, GOLD).totals["genes"]
    assert genes.precision >= 0.93 and genes.f1 >= 0.93, genes
    # each half of the split by article (kg.extract.evaluate.split_of) holds within 0.03
    for half in ("A", "B"):
        part = evaluate(corpus, GOLD, half).totals["genes"]
        assert part.precision >= 0.90 and part.f1 >= genes.f1 - 0.03, (half, part)


def test_every_gene_node_is_ncbi_gene_or_ours_and_one_per_symbol(result) -> None:
    """No gene node of another registry (HGNC, MGI, FlyBase): those ids are exactMatch links;
    and no two gene nodes of one taxon share a folded symbol (SOD1 and sod1 are one gene)."""
    from kg.core.namespaces import ID, NCBIGENE
    from kg.extract.lexicon import fold

    rows = run_named(result.graph, "genes-by-article").values()
    genes = {(r["gene"], r["taxon"], r["symbol"]) for r in rows}
    assert genes
    foreign = sorted(g for g, _t, _s in genes
                     if not (str(g).startswith(NCBIGENE) or str(g).startswith(str(ID.gene))))
    assert not foreign, foreign
    by_symbol: dict[tuple[str, str], set[str]] = {}
    for gene, taxon, symbol in genes:
        by_symbol.setdefault((str(taxon), fold(str(symbol))), set()).add(str(gene))
    twins = {k: v for k, v in by_symbol.items() if len(v) > 1}
    assert not twins, twins
