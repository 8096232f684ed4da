"""The command line, run in process: options, outputs and exit codes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner

from kg.cli import main

from .conftest import DATA, write

COLUMNS = {
    "publications": ["publication", "doi", "title", "date", "source"],
    "organisms": ["publication", "taxon", "label"],
    "knowledge-gaps": ["publication", "gap"],
}
# queries that need genes: run on the species fixtures
GENE_COLUMNS = {
    "genes-by-article": ["source", "doi", "symbol", "gene", "taxon", "written"],
    "cross-species-genes": ["symbolA", "geneA", "studiesA", "publicationsA", "symbolB", "geneB",
                            "studiesB", "publicationsB"],
}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("build")
    result = CliRunner().invoke(main, ["build", str(DATA / "articles"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def run(*args: str) -> object:
    return CliRunner().invoke(main, list(args))


def test_build_prints_a_summary_and_warnings(tmp_path: Path) -> None:
    result = run("build", str(DATA / "articles"), "-o", str(tmp_path))
    assert result.exit_code == 0
    assert ("2 files: 0 built, 2 built with repairs, 0 skipped (no DOI), 0 rejected; "
            "3 warnings, 0 errors; 1 publications") in result.output
    assert "field/tardigrade-proteins-review.md:8: warning: [experimentType]" in result.output
    assert (tmp_path / "graph.ttl").is_file()


def test_build_exit_codes(tmp_path: Path) -> None:
    write(tmp_path, "c/bad.md", "---\ntitle: x\ndoi: 10.1/x\nauthors: [unclosed\n---\n")
    write(tmp_path, "c/good.md", (DATA / "golden" / "pelvic-bone.md").read_text())
    result = run("build", str(tmp_path / "c"), "-o", str(tmp_path / "o"))
    assert result.exit_code == 1
    assert "bad.md:4: error: [authors] invalid YAML" in result.output
    assert (tmp_path / "o" / "graph.ttl").is_file()  # the good file was still built
    assert run("build", str(DATA / "articles"), "-o", str(tmp_path / "s"), "--strict").exit_code == 1
    assert run("build", str(tmp_path / "missing"), "-o", str(tmp_path / "m")).exit_code == 3
    assert run("build", "--no-such-option").exit_code == 2


@pytest.mark.parametrize("fmt", ["turtle", "ntriples", "xml", "jsonld", "trig", "nquads"])
def test_export_formats_parse_back_to_the_same_graph(built: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"graph.{fmt}"
    result = run("export", "--graph", str(built), "--format", fmt, "-o", str(out))
    assert result.exit_code == 0, result.output
    parse_as = {"ntriples": "nt", "jsonld": "json-ld"}.get(fmt, fmt)
    if fmt in ("trig", "nquads", "jsonld"):
        dataset = rdflib.Dataset()
        dataset.parse(out, format=parse_as)
        parsed = {(s, p, o) for s, p, o, _g in dataset.quads()}
    else:
        parsed = set(rdflib.Graph().parse(out, format=parse_as))
    expected = set(rdflib.Graph().parse(built / "graph.ttl", format="turtle"))
    assert parsed == expected


def test_export_to_standard_output(built: Path) -> None:
    result = run("export", "--graph", str(built), "-f", "ntriples")
    assert result.exit_code == 0
    assert len(rdflib.Graph().parse(data=result.output, format="nt")) > 100


@pytest.mark.parametrize("name", sorted(COLUMNS))
def test_shipped_queries_have_exactly_their_columns(built: Path, name: str) -> None:
    result = run("query", name, "--graph", str(built), "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.output)))
    assert rows[0] == COLUMNS[name]
    assert len(rows) > 1


@pytest.mark.parametrize("name", sorted(GENE_COLUMNS))
def test_gene_queries_have_exactly_their_columns(tmp_path: Path, name: str) -> None:
    assert run("build", str(DATA / "species"), "-o", str(tmp_path)).exit_code == 0
    result = run("query", name, "--graph", str(tmp_path), "--format", "csv")
    rows = list(csv.reader(io.StringIO(result.output)))
    assert rows[0] == GENE_COLUMNS[name] and len(rows) > 1


def test_publications_query_gives_source_paths(built: Path) -> None:
    result = run("query", "publications", "--graph", str(built), "--format", "json")
    data = json.loads(result.output)
    sources = sorted(b["source"]["value"] for b in data["results"]["bindings"])
    assert sources == ["field/tardigrade-proteins-review.md", "lab/tardigrade-proteins.md"]
    dois = {b["doi"]["value"] for b in data["results"]["bindings"]}
    assert dois == {"10.1038/s42003-024-06336-w"}


def test_query_from_a_file_and_table_output(built: Path, tmp_path: Path) -> None:
    rq = write(tmp_path, "count.rq", "SELECT (COUNT(*) AS ?n) WHERE { ?s a ?c }")
    result = run("query", str(rq), "--graph", str(built))
    assert result.exit_code == 0
    assert result.output.splitlines()[0].strip() == "n" and "(1 row)" in result.output


def test_query_errors_exit_3(built: Path, tmp_path: Path) -> None:
    assert run("query", "no-such-query", "--graph", str(built)).exit_code == 3
    bad = write(tmp_path, "bad.rq", "SELECT WHERE {")
    result = run("query", str(bad), "--graph", str(built))
    assert result.exit_code == 3 and "does not parse" in result.output
    assert run("query", "publications", "--graph", str(tmp_path / "none")).exit_code == 3


def test_stats_counts_classes_and_concepts(built: Path) -> None:
    result = run("stats", "--graph", str(built))
    assert result.exit_code == 0
    lines = {" ".join(line.split()) for line in result.output.splitlines()}
    assert "sbkg:Publication 1" in lines and "sbkg:ArticleSummary 2" in lines
    assert "concepts of sbkg:experimentTypes:" in lines
    assert "Ground Control 1" in lines  # one publication, stated by two articles
    assert "medium 1" in lines  # the consensus level both articles state: one study


def test_validate_conforms_and_fails(built: Path, tmp_path: Path) -> None:
    ok = run("validate", "--graph", str(built))
    assert ok.exit_code == 0, ok.output
    assert ok.output.startswith("conforms")
    graph = rdflib.Graph().parse(built / "graph.ttl")
    graph.remove((None, rdflib.URIRef("http://purl.org/dc/terms/title"), None))
    broken = tmp_path / "broken.ttl"
    graph.serialize(broken, format="turtle")
    bad = run("validate", "--graph", str(broken))
    assert bad.exit_code == 1
    assert "an article has exactly one non-empty title" in bad.output


def test_validate_with_unreadable_shapes_exits_3_naming_the_file(built: Path,
                                                                 tmp_path: Path) -> None:
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text("not turtle {\n", encoding="utf-8")
    result = run("validate", "--graph", str(built), "--shapes", str(shapes))
    assert result.exit_code == 3, result.output
    assert f"shapes file {shapes} cannot be read as Turtle" in result.output


def test_queries_lists_the_library() -> None:
    from kg.sparql.library import list_queries

    result = run("queries")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    for query in list_queries():
        line = next(line for line in lines if line.split()[0] == query.name)
        assert query.summary in line
    assert "--param gene=Fbxo32" in result.output
    assert set(COLUMNS) <= {line.split()[0] for line in lines if not line.startswith(" ")}


def test_query_parameters_and_formats(tmp_path: Path) -> None:
    assert run("build", str(DATA / "species"), "-o", str(tmp_path)).exit_code == 0
    graph = ["--graph", str(tmp_path)]
    as_json = run("query", "gene-profile", *graph, "-p", "gene=FBXO32", "-f", "json")
    assert as_json.exit_code == 0, as_json.output
    data = json.loads(as_json.output)
    found = {b["symbol"]["value"]: b["orthologs"]["value"].split(", ")
             for b in data["results"]["bindings"]}
    assert set(found) == {"FBXO32", "Fbxo32"}  # the human and the mouse gene
    assert "Fbxo32 (Mus musculus)" in found["FBXO32"]
    assert "FBXO32 (Homo sapiens)" in found["Fbxo32"]
    as_tsv = run("query", "gene-profile", *graph, "--param", "gene=fbxo32", "-f", "tsv")
    header, *rows = as_tsv.output.splitlines()
    assert header.split("\t")[:2] == ["?symbol", "?taxon"] and len(rows) == 2
    card = run("query", "publication-card", *graph, "-p", "doi=10.5555/FIXTURE.MOUSE",
               "-f", "turtle")
    assert card.exit_code == 0, card.output
    parsed = rdflib.Graph().parse(data=card.output, format="turtle")
    assert (rdflib.URIRef("https://doi.org/10.5555/fixture.mouse"),
            rdflib.URIRef("https://w3id.org/spacebio-kg/ontology#reportsGene"), None) in parsed
    table = run("query", "publication-card", *graph, "-p", "doi=10.5555/fixture.mouse")
    assert table.exit_code == 0 and table.output == card.output  # a graph result is Turtle


def test_query_usage_errors(built: Path) -> None:
    graph = ["--graph", str(built)]
    assert run("query", "gene-profile", *graph, "-p", "gene").exit_code == 2
    wrong = run("query", "gene-profile", *graph, "-p", "genes=Sost")
    assert wrong.exit_code == 3 and "has no parameter genes" in wrong.output
    select_as_turtle = run("query", "publications", *graph, "-f", "turtle")
    assert select_as_turtle.exit_code == 3 and "CONSTRUCT" in select_as_turtle.output
    nowhere = run("query", "publications", "--endpoint", "http://127.0.0.1:9/sparql")
    assert nowhere.exit_code == 3 and "127.0.0.1:9" in nowhere.output


def test_serve_on_a_taken_port_exits_3_with_the_address(built: Path) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run("serve", "--graph", str(built), "--port", str(port))
    assert result.exit_code == 3, result.output
    assert f"cannot listen on 127.0.0.1:{port}" in result.output
