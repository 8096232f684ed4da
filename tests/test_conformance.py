"""Our own writers against independent parsers from Debian (raptor's rapper, serd's serdi).

The build writes Turtle and N-Quads itself (see kg.canonical), so an independent parser must
read every byte of it and find the same number of statements.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from kg.pipeline.build import build

from .conftest import DATA, REPO, need


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, object]:
    out = tmp_path_factory.mktemp("conformance")
    return out, build(REPO / "content", out)


def _count(command: list[str]) -> int:
    proc = subprocess.run(command, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return sum(1 for line in proc.stdout.splitlines() if line.strip())


@pytest.mark.parametrize(("tool", "args"), [
    ("rapper", ["-q", "-i", "turtle", "-o", "ntriples"]),
    ("serdi", ["-i", "turtle", "-o", "ntriples"]),
])
def test_turtle_reads_in_an_independent_parser(built, tool: str, args: list[str]) -> None:
    need(shutil.which(tool) is not None, f"{tool} is not installed (Debian: raptor2-utils, serdi)")
    out, result = built
    assert _count([tool, *args, str(out / "graph.ttl")]) == result.triples


def test_nquads_read_in_an_independent_parser(built) -> None:
    need(shutil.which("rapper") is not None, "rapper is not installed (Debian: raptor2-utils)")
    out, result = built
    assert _count(["rapper", "-q", "-i", "nquads", "-o", "nquads", str(out / "graph.nq")]) == (
        result.quads)


def test_escapes_survive_an_independent_parser(tmp_path: Path) -> None:
    need(shutil.which("serdi") is not None, "serdi is not installed (Debian: serdi)")
    text = (DATA / "golden" / "pelvic-bone.md").read_text(encoding="utf-8").replace(
        'title: "Weightlessness', 'title: "Tab\\there, quote \\" back\\\\slash \\u00e9 Weightlessness')
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "a.md").write_text(text, encoding="utf-8")
    result = build(tmp_path / "c", tmp_path / "o")
    assert _count(["serdi", "-i", "turtle", "-o", "ntriples", str(tmp_path / "o" / "graph.ttl")]) == (
        result.triples)


GEXF_SCHEMA = REPO.parent / "shared" / "conformance" / "gexf-1.2draft" / "gexf.xsd"


def test_gexf_is_valid_against_the_gexf_1_2_schema(built, tmp_path: Path) -> None:
    import networkx as nx

    from kg.network.files import export_network
    from kg.rdf.store import KnowledgeGraph

    need(shutil.which("xmllint") is not None, "xmllint is not installed (Debian: libxml2-utils)")
    need(GEXF_SCHEMA.is_file(), f"the GEXF schema is not at {GEXF_SCHEMA}")
    out, _result = built
    [path] = export_network(KnowledgeGraph.load(out), "gexf", tmp_path / "network.gexf")
    proc = subprocess.run(["xmllint", "--noout", "--schema", str(GEXF_SCHEMA), str(path)],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    back = nx.read_gexf(path)  # and the edge kinds survive, as an attribute of their own
    kinds = {d["kind"] for _a, _b, d in back.edges(data=True)}
    assert {"organism", "gene", "ortholog"} <= kinds


def test_jsonld_is_compact_with_the_published_context_and_reads_back(built, tmp_path: Path) -> None:
    import json

    import pyoxigraph as ox
    from pyld import jsonld

    from kg.publish.export import export
    from kg.rdf.store import KnowledgeGraph

    out, _result = built
    path = export(KnowledgeGraph.load(out), "jsonld", tmp_path / "graph.jsonld")
    data = json.loads(path.read_text(encoding="utf-8"))
    published = json.loads((REPO / "ontology" / "context.jsonld").read_text(encoding="utf-8"))
    assert data["@context"] == published["@context"]  # the published context, inline
    first = data["@graph"][0]["@graph"][0]
    assert ":" in first["@id"] and not first["@id"].startswith("http")  # compact IRIs
    expected = set(ox.parse(path=str(out / "graph.nq"), format=ox.RdfFormat.N_QUADS))
    assert set(ox.parse(path=str(path), format=ox.RdfFormat.JSON_LD)) == expected
    # an independent processor finds the same statements
    lines = jsonld.to_rdf(data, {"format": "application/n-quads"}).splitlines()
    assert len(set(lines)) == len(expected)
