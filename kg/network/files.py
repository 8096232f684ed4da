"""The study network as files for network tools: GraphML, GEXF, and node and edge CSV."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import networkx as nx

from kg.errors import NetworkError
from kg.network.options import NETWORK_FORMATS, NetworkOptions
from kg.network.projection import build_network
from kg.network.views import flat_network
from kg.rdf.store import KnowledgeGraph

__all__ = ["write_network", "export_network"]


def write_network(network: nx.Graph, fmt: str, path: str | Path) -> list[Path]:
    """Write ``network`` as GraphML, GEXF (a file each) or CSV (``path`` is then a folder
    that gets ``nodes.csv`` and ``edges.csv``). The same network gives the same bytes."""
    path = Path(path)
    flat_graph = flat_network(network)
    if fmt == "graphml":
        path.parent.mkdir(parents=True, exist_ok=True)
        text = "\n".join(nx.generate_graphml(flat_graph, prettyprint=True))
        path.write_text(text + "\n", encoding="utf-8")
        return [path]
    if fmt == "gexf":
        path.parent.mkdir(parents=True, exist_ok=True)
        text = "\n".join(nx.generate_gexf(_gexf_ready(flat_graph), prettyprint=True))
        text = re.sub(r' lastmodifieddate="[^"]*"', "", text, count=1)  # today's date: not data
        text = re.sub(r'(<graph [^>]*?) name=""', r"\1", text, count=1)  # GEXF 1.2 has no name
        path.write_text(text + "\n", encoding="utf-8")
        return [path]
    if fmt == "csv":
        path.mkdir(parents=True, exist_ok=True)
        keys = sorted({k for _, d in flat_graph.nodes(data=True) for k in d} - {"type", "label"})
        degree = dict(network.degree())
        with (path / "nodes.csv").open("w", encoding="utf-8", newline="") as handle:
            out = csv.writer(handle)
            out.writerow(["id", "type", "label", "degree", *keys])
            for node, data in flat_graph.nodes(data=True):
                out.writerow([node, data["type"], data["label"], degree[node],
                              *(data.get(k, "") for k in keys)])
        with (path / "edges.csv").open("w", encoding="utf-8", newline="") as handle:
            out = csv.writer(handle)
            out.writerow(["source", "target", "type", "weight"])
            for a, b, data in flat_graph.edges(data=True):
                out.writerow([a, b, data["type"], data["weight"]])
        return [path / "nodes.csv", path / "edges.csv"]
    raise NetworkError(f"unknown network format {fmt!r}; choose {', '.join(NETWORK_FORMATS)}")


def _gexf_ready(network: nx.Graph) -> nx.Graph:
    """A copy whose edges carry their kind as ``kind``: GEXF's own edge ``type`` attribute
    allows only directed, undirected and mutual, and NetworkX writes an edge's ``type`` there."""
    copy = nx.Graph()
    copy.add_nodes_from(network.nodes(data=True))
    for a, b, data in network.edges(data=True):
        copy.add_edge(a, b, **{("kind" if k == "type" else k): v for k, v in data.items()})
    return copy


def export_network(graph: KnowledgeGraph, fmt: str, path: str | Path,
                   options: NetworkOptions | None = None) -> list[Path]:
    """The study network of ``graph`` as GraphML, GEXF or node and edge CSV files, for Gephi,
    Cytoscape and spreadsheets."""
    return write_network(build_network(graph, options or NetworkOptions()), fmt, path)
