"""KGX export: the mapping table holds against the Biolink Model, and the TSVs hold the graph.

The model is read from the ``biolink-model`` package with linkml-runtime's SchemaView (offline;
``bmt.Toolkit()`` and the ``kgx`` package download the model at import and fail here, so the
files are read back with ``csv``).
"""

from __future__ import annotations

import csv
import importlib.resources
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.publish.biolink import CURIE_PREFIXES, EDGE_RULES, NODE_RULES, curie
from kg.publish.kgx import EDGE_COLUMNS, NODE_COLUMNS, write_kgx
from kg.rdf.store import KnowledgeGraph


@pytest.fixture(scope="module")
def model():
    from linkml_runtime.utils.schemaview import SchemaView

    path = importlib.resources.files("biolink_model") / "schema" / "biolink_model.yaml"
    return SchemaView(str(path))


def _class(model, category: str) -> str:
    """``biolink:OrganismTaxon`` -> the model's class name ``organism taxon``."""
    assert category.startswith("biolink:"), category
    by_camel = {"".join(w[0].upper() + w[1:] for w in name.split()): name for name in model.all_classes()}
    assert category[8:] in by_camel, f"{category} is not a class of the Biolink Model"
    return by_camel[category[8:]]


def _slot(model, predicate: str) -> str:
    name = predicate.removeprefix("biolink:").replace("_", " ")
    assert name in model.all_slots(), f"{predicate} is not a slot of the Biolink Model"
    return name


def _is_a(model, cls: str, ancestor: str) -> bool:
    return ancestor in model.class_ancestors(cls, mixins=True)


def test_categories_are_named_things(model) -> None:
    for category in {r.category for r in NODE_RULES} | {r.subject_category for r in EDGE_RULES}:
        assert _is_a(model, _class(model, category), "named thing"), category
    for rule in EDGE_RULES:
        assert _is_a(model, _class(model, rule.category), "association"), rule.category


def test_predicates_descend_from_related_to(model) -> None:
    for rule in EDGE_RULES:
        assert "related to" in model.slot_ancestors(_slot(model, rule.predicate)), rule.predicate


def test_provenance_values_are_in_the_enums(model) -> None:
    levels = set(model.get_enum("KnowledgeLevelEnum").permissible_values)
    agents = set(model.get_enum("AgentTypeEnum").permissible_values)
    for rule in EDGE_RULES:
        for prov in filter(None, (rule.provenance, rule.reference)):
            assert prov.knowledge_level in levels, rule
            assert prov.agent_type in agents, rule
            assert prov.source.startswith("infores:"), rule


def test_domains_and_ranges_are_met(model) -> None:
    for rule in EDGE_RULES:
        slot = model.induced_slot(_slot(model, rule.predicate))
        for end, wanted in ((rule.subject_category, slot.domain), (rule.object_category, slot.range)):
            if wanted and wanted in model.all_classes():
                assert _is_a(model, _class(model, end), wanted), f"{rule.predicate}: {end} is no {wanted}"
        # the node rules make the ends the table claims
        assert rule.object_category in {r.category for r in NODE_RULES}


def test_columns_are_slots(model) -> None:
    for column in {*NODE_COLUMNS, *EDGE_COLUMNS}:
        assert column.replace("_", " ") in model.all_slots(), column
    for rule in NODE_RULES:
        assert {c for c, _path in rule.columns} <= set(NODE_COLUMNS), rule.name


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


@pytest.fixture(scope="module")
def exported(content_build, tmp_path_factory):
    out = tmp_path_factory.mktemp("kgx")
    graph = KnowledgeGraph.load(content_build)
    paths, report = write_kgx(graph, out)
    return graph, _read(paths[0]), _read(paths[1]), report, paths


def _expand(value: str) -> str:
    prefix, _, local = value.partition(":")
    assert prefix in CURIE_PREFIXES, f"{value} is not a CURIE of the export's prefixes"
    return CURIE_PREFIXES[prefix] + local


def test_every_edge_joins_two_nodes(exported) -> None:
    _graph, nodes, edges, report, _paths = exported
    ids = [n["id"] for n in nodes]
    assert len(ids) == len(set(ids)) == report.nodes
    assert len({e["id"] for e in edges}) == len(edges) == report.edges
    for edge in edges:
        assert edge["subject"] in set(ids) and edge["object"] in set(ids), edge
        assert edge["id"].startswith("urn:uuid:")
    for node in nodes:
        if not node["id"].startswith("PMC:"):  # the PMC prefix drops the URL's final slash
            assert _expand(node["id"]) == node["iri"], node


def test_edges_carry_what_the_graph_says(exported) -> None:
    graph, nodes, edges, report, _paths = exported
    reported = graph.query("""PREFIX sbkg: <https://w3id.org/spacebio-kg/ontology#>
        SELECT DISTINCT ?p ?g WHERE { ?p sbkg:reportsGene ?g }""")
    expected = {(curie(r["p"].value), curie(r["g"].value)) for r in reported}
    mined = {(e["subject"], e["object"]) for e in edges
             if e["predicate"] == "biolink:mentions" and e["agent_type"] == "text_mining_agent"
             and e["object"].startswith(("NCBIGene:", "SBKG.gene:"))}
    assert expected and mined == expected
    by_id = {n["id"]: n for n in nodes}
    for edge in edges:
        if edge["predicate"] == "biolink:in_taxon":  # the node column says the same
            assert by_id[edge["subject"]]["in_taxon"] == edge["object"]
        if edge["predicate"] == "biolink:has_author":
            assert edge["publications"] == edge["subject"]
            assert by_id[edge["object"]]["category"] == "biolink:Agent"
    findings = graph.query("SELECT (COUNT(*) AS ?n) WHERE { ?s <https://w3id.org/spacebio-kg/ontology#hasFinding> ?o }")
    assert report.dropped["sbkg:hasFinding"] == int(next(iter(findings))["n"].value) > 0
    assert "sbkg:reportsGene" not in report.dropped and "rdfs:label" not in report.dropped


def test_same_graph_same_bytes(exported, content_build, tmp_path: Path) -> None:
    """The export reads the merged graph: the Turtle dump (no article graphs) gives the same files."""
    _graph, _nodes, _edges, _report, paths = exported
    again, _ = write_kgx(KnowledgeGraph.load(content_build / "graph.ttl"), tmp_path)
    assert [p.read_bytes() for p in again] == [p.read_bytes() for p in paths]


def test_cli_writes_a_folder(content_build, tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["export", "--graph", str(content_build), "-f", "kgx"])
    assert result.exit_code == 2 and "needs -o" in result.output
    result = runner.invoke(main, ["export", "--graph", str(content_build), "-f", "kgx", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    header = (tmp_path / "edges.tsv").read_text(encoding="utf-8").split("\n", 1)[0]
    assert header.split("\t") == list(EDGE_COLUMNS)
