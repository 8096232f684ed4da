"""The study network: typed nodes and edges, orthology, focus, trimming, and network files."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import NetworkError
from kg.network.files import write_network
from kg.network.options import DEFAULT_TYPES, NODE_TYPES, NetworkOptions, parse_types
from kg.network.projection import build_network
from kg.network.views import focus, trim
from kg.pipeline.build import build
from kg.rdf.store import KnowledgeGraph

from .conftest import DATA

MOUSE = "https://identifiers.org/ncbigene:67731"  # Fbxo32
HUMAN = "https://identifiers.org/ncbigene:114907"  # FBXO32
MOUSE_STUDY = "https://doi.org/10.5555/fixture.mouse"
HUMAN_STUDY = "https://doi.org/10.5555/fixture.human"


@pytest.fixture(scope="module")
def species() -> nx.Graph:
    return build_network(build(DATA / "species", out_dir=None).graph)


@pytest.fixture(scope="module")
def content(content_build) -> nx.Graph:
    return build_network(KnowledgeGraph.load(content_build), NetworkOptions(frozenset(NODE_TYPES)))


def test_mouse_and_human_genes_sit_side_by_side(species) -> None:
    assert species.nodes[MOUSE]["type"] == species.nodes[HUMAN]["type"] == "gene"
    assert species.edges[MOUSE, HUMAN]["type"] == "ortholog"
    assert species.edges[MOUSE_STUDY, MOUSE] == {"type": "gene", "weight": 1}
    assert species.nodes[MOUSE]["organism"] == "Mus musculus"
    assert species.nodes[HUMAN]["directions"] == ["unchanged"]
    assert nx.is_path(species, [MOUSE_STUDY, MOUSE, HUMAN, HUMAN_STUDY])


def test_publications_carry_what_a_tooltip_shows(species) -> None:
    mouse = species.nodes[MOUSE_STUDY]
    assert mouse["label"] == "Unloaded Mouse Muscle Turns On Its Atrophy Genes"
    assert (mouse["year"], mouse["doi"], mouse["journal"]) == (
        "2024", "10.5555/fixture.mouse", "Journal of Test Fixtures")
    assert mouse["url"] == "https://doi.org/10.5555/fixture.mouse"
    assert mouse["organisms"] == ["Mus musculus"]
    assert mouse["genes"] == ["Cdkn1a", "Fbxo32"]


def test_every_node_and_edge_is_typed_and_weighted(content) -> None:
    assert {d["type"] for _, d in content.nodes(data=True)} == set(NODE_TYPES)
    for a, b, data in content.edges(data=True):
        assert data["weight"] >= 1
        kinds = {content.nodes[a]["type"], content.nodes[b]["type"]}
        if data["type"] == "ortholog":
            assert kinds == {"gene"}
        else:
            assert kinds == {"publication", data["type"]}
    for node, data in content.nodes(data=True):
        linked = sum(1 for n in content[node] if content.nodes[n]["type"] == "publication")
        assert data["studies"] == (1 if data["type"] == "publication" else linked)


def test_gap_topics_need_several_publications(content_build) -> None:
    graph = KnowledgeGraph.load(content_build)
    two = build_network(graph)
    three = build_network(graph, NetworkOptions(DEFAULT_TYPES, min_gap_publications=3))
    topics = {n for n, d in two.nodes(data=True) if d["type"] == "gap"}
    fewer = {n for n, d in three.nodes(data=True) if d["type"] == "gap"}
    assert fewer < topics and all(three.nodes[n]["studies"] >= 3 for n in fewer)
    assert all(two.nodes[n]["studies"] >= 2 for n in topics)


def test_node_types_are_an_option(content_build) -> None:
    graph = KnowledgeGraph.load(content_build)
    default = build_network(graph)
    assert {d["type"] for _, d in default.nodes(data=True)} == set(DEFAULT_TYPES)
    small = build_network(graph, NetworkOptions(parse_types("publication,organism")))
    assert {d["type"] for _, d in small.nodes(data=True)} == {"publication", "organism"}
    assert parse_types("+tag,-gap") == (DEFAULT_TYPES | {"tag"}) - {"gap"}
    assert parse_types("all") == frozenset(NODE_TYPES)
    with pytest.raises(NetworkError, match="unknown node type 'genes'"):
        parse_types("publication,genes")
    with pytest.raises(NetworkError, match="keep 'publication'"):
        parse_types("-publication")


def test_focus_keeps_a_neighbourhood(species) -> None:
    one = focus(species, "fbxo32", depth=1)  # any casing: mouse Fbxo32 and human FBXO32
    assert set(one) == {MOUSE, HUMAN, MOUSE_STUDY, HUMAN_STUDY}
    assert focus(species, "10.5555/FIXTURE.MOUSE", depth=0).nodes[MOUSE_STUDY]
    assert set(focus(species, "Cdkn1a", depth=2)) >= {MOUSE_STUDY, MOUSE}
    with pytest.raises(NetworkError, match="did you mean Cdkn1a"):
        focus(species, "Cdkn1b")


def test_trim_leaves_out_what_links_fewest_studies(content) -> None:
    publications = {n for n, d in content.nodes(data=True) if d["type"] == "publication"}
    budget = math.ceil(len(publications) / 0.6) + 5  # publications get 60% of the room at least
    assert budget < len(content)
    kept, omitted = trim(content, budget)
    assert len(kept) <= budget and omitted.total_nodes == len(content)
    assert sum(n for _, n in omitted.nodes) == len(content) - len(kept)
    assert publications <= set(kept), "publications go last"
    dropped = set(content) - set(kept)
    worst_kept = min(d["studies"] for n, d in kept.nodes(data=True) if d["type"] != "publication")
    best_dropped = max(content.nodes[n]["studies"] for n in dropped)
    assert worst_kept >= best_dropped
    assert "left out" in omitted.describe() and "authors" in omitted.describe()
    same, nothing = trim(content, len(content))
    assert same is content and not nothing


@pytest.mark.parametrize("fmt, read", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_network_files_read_back_in_networkx(content, tmp_path: Path, fmt, read) -> None:
    [path] = write_network(content, fmt, tmp_path / f"net.{fmt}")
    back = read(path)
    assert back.number_of_nodes() == content.number_of_nodes()
    assert back.number_of_edges() == content.number_of_edges()
    node = next(n for n, d in content.nodes(data=True) if d["type"] == "publication")
    assert back.nodes[node]["type"] == "publication"
    assert back.nodes[node]["organisms"] == "; ".join(content.nodes[node]["organisms"])
    again = write_network(content, fmt, tmp_path / f"again.{fmt}")[0]
    assert again.read_bytes() == path.read_bytes()


def test_network_csv_files(content, tmp_path: Path) -> None:
    nodes_csv, edges_csv = write_network(content, "csv", tmp_path / "csv")
    nodes = list(csv.DictReader(nodes_csv.open(encoding="utf-8")))
    edges = list(csv.DictReader(edges_csv.open(encoding="utf-8")))
    assert len(nodes) == len(content) and len(edges) == content.number_of_edges()
    ids = {row["id"] for row in nodes}
    assert all(row["source"] in ids and row["target"] in ids for row in edges)
    assert {row["type"] for row in nodes} == set(NODE_TYPES)


def test_export_command_writes_network_files(content_build, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "net.graphml"
    result = runner.invoke(main, ["export", "--graph", str(content_build), "-f", "graphml",
                                  "-o", str(out), "--types", "+author"])
    assert result.exit_code == 0, result.output
    types = {d["type"] for _, d in nx.read_graphml(out).nodes(data=True)}
    assert types == DEFAULT_TYPES | {"author"}
    assert runner.invoke(main, ["export", "--graph", str(content_build), "-f", "gexf"]
                         ).exit_code == 2  # a network file needs -o
    assert runner.invoke(main, ["export", "--graph", str(content_build), "-f", "csv", "-o",
                                str(tmp_path / "c"), "--types", "genes"]).exit_code == 3


def test_trim_keeps_room_for_what_many_studies_share() -> None:
    network = nx.Graph()
    for i in range(200):
        pub, gene = f"p{i:03}", f"g{i:03}"
        network.add_node(pub, type="publication", studies=1)
        network.add_node(gene, type="gene", studies=1)
        network.add_edge(pub, gene, type="gene", weight=1)
        network.add_edge(pub, "mouse", type="organism", weight=1)
        if i < 10:  # ten publications that share a dataset: the most connected
            network.add_edge(pub, "OSD-1", type="dataset", weight=1)
    network.nodes["mouse"].update(type="organism", studies=200)
    network.nodes["OSD-1"].update(type="dataset", studies=10)
    kept, omitted = trim(network, 50)
    kinds = [d["type"] for _, d in kept.nodes(data=True)]
    assert len(kept) == 50 and kinds.count("publication") == 30
    assert {"mouse", "OSD-1"} <= set(kept) and {f"p{i:03}" for i in range(10)} <= set(kept)
    assert all(any(kept.nodes[m]["type"] == "publication" for m in kept[n]) for n in kept
               if kept.nodes[n]["type"] != "publication")
    assert dict(omitted.nodes) == {"publication": 170, "gene": 182}
