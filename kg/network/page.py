"""The study network as one self-contained HTML page (pyvis and vis-network), offline.

pyvis holds the nodes and edges and ships vis-network, which the page carries inline
(``cdn_resources="in_line"``). The page itself is ours (``kg/network/page.html``): pyvis's
templates link Bootstrap and Tom Select from CDNs, and a page that must open on a laptop
in a field station may not load anything from anywhere. Its Content-Security-Policy says so
to the browser too.

Text from articles is data, never markup: node data goes into the page as JSON (Jinja's
``tojson`` escapes ``<``, ``>``, ``&`` and quotes), labels are drawn on a canvas, and
tooltips, legend, filters and messages are built with ``textContent``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

import networkx as nx

from kg.network.layout import LAYOUT_THRESHOLD, positions
from kg.network.options import MAX_NODES, NODE_TYPES, NetworkOptions
from kg.network.projection import build_network
from kg.network.views import Omitted, focus, iter_types, node_size, trim
from kg.rdf.store import KnowledgeGraph

__all__ = ["STYLES", "PageOptions", "PageReport", "MAX_NODES", "render_page", "write_page",
           "make_page"]


@dataclass(frozen=True)
class Style:
    colour: str
    shape: str
    name: str  # in the legend


#: colour and shape per node type (colour-blind-safe palette, shapes tell types apart too)
STYLES: dict[str, Style] = {
    "publication": Style("#2f6db5", "dot", "publication"),
    "organism": Style("#2e9d5b", "diamond", "organism"),
    "gene": Style("#e07b24", "triangle", "gene"),
    "dataset": Style("#8e62c4", "square", "OSDR / GEO dataset"),
    "mission": Style("#cf3f4f", "star", "mission or analog"),
    "experiment-type": Style("#1a9eaa", "hexagon", "experiment type"),
    "gap": Style("#9a7048", "triangleDown", "research theme of gaps"),
    "tag": Style("#d064a8", "dot", "tag"),
    "author": Style("#7a7a7a", "dot", "author"),
    "journal": Style("#a4a226", "square", "journal"),
}
assert set(STYLES) == set(NODE_TYPES)

_EDGE_NAMES = {"organism": "studies", "experiment-type": "experiment type", "tag": "tag",
               "dataset": "uses dataset", "mission": "mentions mission", "gene": "reports gene",
               "gap": "leaves open", "author": "author", "journal": "published in",
               "ortholog": "orthologous genes"}
_LABEL_LENGTH = 42


@dataclass(frozen=True)
class PageOptions:
    title: str = "Space-biology study network"
    message: str = ""  # shown above the network: what was left out, what is in focus


def _short(text: str, length: int = _LABEL_LENGTH) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _vis_data(network: nx.Graph) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Nodes and edges as pyvis makes them for vis-network, with our data fields kept; with
    their positions when the network is too large for the page to lay it out
    (:mod:`kg.network.layout`)."""
    from pyvis.network import Network  # imports IPython: only when a page is written

    # directed: pyvis then skips its duplicate-edge scan, quadratic in the edges (a NetworkX
    # graph has no duplicates); the arrows it would add are switched off per edge
    net = Network(cdn_resources="in_line", directed=True)
    degree = dict(network.degree())
    placed = positions(network) if len(network) >= LAYOUT_THRESHOLD else {}
    for node, data in network.nodes(data=True):
        style = STYLES[data["type"]]
        extra = {k: v for k, v in data.items() if k not in ("label", "title", "type")}
        if node in placed:
            extra["x"], extra["y"] = placed[node]
        net.add_node(node, label=_short(str(data["label"])), shape=style.shape,
                     color=style.colour, size=node_size(data, degree[node]),
                     kind=data["type"], name=str(data["label"]),
                     heading=str(data.get("title", "")), **extra)
    for a, b, data in network.edges(data=True):
        weight = data.get("weight", 1)
        net.add_edge(a, b, width=round(1 + math.log2(weight), 2), kind=data["type"],
                     weight=weight, dashes=data["type"] == "ortholog", arrows={"to": False},
                     color="#e07b24" if data["type"] == "ortholog" else "#b8c2cc")
    return net.nodes, net.edges


def _vis_library() -> tuple[str, str]:
    """vis-network's script and style sheet as pyvis ships them."""
    import pyvis

    lib = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
    script = (lib / "vis-network.min.js").read_text(encoding="utf-8")
    style = (lib / "vis-network.css").read_text(encoding="utf-8")
    # inlined as they are: they must not close their own element
    assert "</script" not in script.lower() and "</style" not in style.lower()
    return script, style


def render_page(network: nx.Graph, options: PageOptions = PageOptions(),
                omitted: Omitted = Omitted()) -> str:
    """The page's HTML."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    nodes, edges = _vis_data(network)
    script, style = _vis_library()
    legend = [{"type": t, "name": STYLES[t].name, "colour": STYLES[t].colour,
               "shape": STYLES[t].shape, "count": count} for t, count in iter_types(network)]
    facets = {
        key: sorted({v for _, d in network.nodes(data=True) if d["type"] == "publication"
                     for v in d.get(key, [])})
        for key in ("organisms", "experiment_types", "tags")
    }
    message = " ".join(m for m in (options.message, _omitted_message(network, omitted)) if m)
    folder = Path(str(files("kg.network")))
    env = Environment(loader=FileSystemLoader(folder), autoescape=select_autoescape(["html"]))
    data = {"nodes": nodes, "edges": edges, "legend": legend, "facets": facets,
            "edge_names": _EDGE_NAMES, "message": message, "large": len(nodes) > 300,
            "positioned": len(nodes) >= LAYOUT_THRESHOLD}
    return env.get_template("page.html").render(title=options.title, data=data,
                                                   vis_script=script, vis_style=style)


def _omitted_message(network: nx.Graph, omitted: Omitted) -> str:
    if not omitted:
        return ""
    return (f"Showing {len(network):,} of {omitted.total_nodes:,} nodes: {omitted.describe()}. "
            "Use kg viz --max-nodes, --focus or --types to see more.")


def write_page(network: nx.Graph, path: str | Path, options: PageOptions = PageOptions(),
               omitted: Omitted = Omitted()) -> Path:
    """Write the page to ``path`` (one file, nothing beside it)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_page(network, options, omitted), encoding="utf-8")
    return path


@dataclass(frozen=True)
class PageReport:
    """What :func:`make_page` wrote: the file, what it shows, what it left out."""

    path: Path
    nodes: int
    edges: int
    omitted: Omitted
    focus: tuple[str, ...] = ()


def make_page(graph: KnowledgeGraph, path: str | Path, *, network_options: NetworkOptions = NetworkOptions(),
              focus_on: str | None = None, depth: int = 2, max_nodes: int = MAX_NODES,
              title: str | None = None) -> PageReport:
    """The study network of ``graph`` (a :class:`~kg.rdf.store.KnowledgeGraph`) as a page at
    ``path``: the whole network or the neighbourhood of ``focus_on`` within ``depth`` steps,
    trimmed to ``max_nodes`` (0: no limit) with a message saying what was left out."""
    network = build_network(graph, network_options)
    notes = []
    names: tuple[str, ...] = ()
    if focus_on:
        network = focus(network, focus_on, depth)
        centre = network.graph["focus"]["nodes"]
        names = tuple(str(network.nodes[n]["label"]) for n in centre)
        shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
        notes.append(f"The neighbourhood of {shown} within {depth} "
                     f"step{'s' if depth != 1 else ''}.")
    network, omitted = trim(network, max_nodes)
    page_title = title or (f"Study network: {focus_on}" if focus_on else STUDY_TITLE)
    written = write_page(network, path, PageOptions(page_title, " ".join(notes)), omitted)
    return PageReport(written, len(network), network.number_of_edges(), omitted, names)


STUDY_TITLE = "Space-biology study network"
