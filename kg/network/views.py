"""Views of a study network: a neighbourhood, a picture trimmed to a readable size, and the
attributes drawings and files need."""

from __future__ import annotations

import difflib
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import networkx as nx

from kg.errors import NetworkError
from kg.network.options import NODE_TYPES

__all__ = ["Omitted", "focus", "trim", "node_size", "flat", "flat_network", "iter_types"]

# which nodes go first when a network is trimmed, among those of as many studies
_DROP_ORDER = {t: i for i, t in enumerate(("author", "tag", "gap", "gene", "dataset", "journal",
                                           "mission", "experiment-type", "organism",
                                           "publication"))}



@dataclass(frozen=True)
class Omitted:
    """What :func:`trim` left out: nodes per type, and the size before."""

    nodes: tuple[tuple[str, int], ...] = ()
    total_nodes: int = 0
    total_edges: int = 0

    def __bool__(self) -> bool:
        return bool(self.nodes)

    def describe(self) -> str:
        """``left out 1,204 genes and 40 research themes linked to fewest studies``."""
        if not self.nodes:
            return ""
        parts = [f"{count:,} {_plural(kind, count)}" for kind, count in self.nodes]
        joined = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
        return f"left out {joined}, those linked to fewest studies"


def _plural(kind: str, count: int) -> str:
    names = {"gap": "research theme", "experiment-type": "experiment type"}
    name = names.get(kind, kind)
    return name if count == 1 else name + "s"


def _matches(network: nx.Graph, term: str) -> list[str]:
    wanted = term.strip().casefold()
    exact, partial = [], []
    for node, data in network.nodes(data=True):
        names = {str(data.get(k, "")).casefold() for k in ("label", "doi", "symbol")} | {
            node.casefold()}
        if wanted in names:
            exact.append(node)
        elif len(wanted) >= 3 and any(wanted in name for name in names):
            partial.append(node)
    return exact or partial


def focus(network: nx.Graph, term: str, depth: int = 2) -> nx.Graph:
    """The neighbourhood within ``depth`` steps of the nodes named ``term`` (a gene symbol, a
    DOI, an organism, a title; exact names first, any casing, else names containing it)."""
    if depth < 0:
        raise NetworkError("--depth must be 0 or more")
    found = _matches(network, term)
    if not found:
        labels = sorted({str(d.get("label", "")) for _, d in network.nodes(data=True)})
        near = difflib.get_close_matches(term, labels, n=3, cutoff=0.6)
        hint = f"; did you mean {', '.join(near)}?" if near else ""
        raise NetworkError(f"nothing in the network is called {term!r}{hint}")
    keep: set[str] = set()
    for node in found:
        keep |= set(nx.single_source_shortest_path_length(network, node, cutoff=depth))
    view = network.subgraph(sorted(keep)).copy()
    view.graph["focus"] = {"term": term, "depth": depth, "nodes": found}
    return view


def trim(network: nx.Graph, max_nodes: int) -> tuple[nx.Graph, Omitted]:
    """At most ``max_nodes`` nodes, leaving out first what links fewest studies (genes of one
    study before genes of five; tags and authors before genes). Publications get at least
    60% of the room, the most connected first, so that a corpus of thousands still shows
    the things its studies share, not a field of lone dots."""
    if max_nodes <= 0 or len(network) <= max_nodes:
        return network, Omitted()
    degree = dict(network.degree())
    publications = sorted((n for n, d in network.nodes(data=True) if d["type"] == "publication"),
                          key=lambda n: (-degree[n], n))
    others = sorted((n for n, d in network.nodes(data=True) if d["type"] != "publication"),
                    key=lambda n: (-network.nodes[n]["studies"],
                                   -_DROP_ORDER[network.nodes[n]["type"]], -degree[n], n))
    room = max(math.ceil(max_nodes * 0.6), max_nodes - len(others))
    chosen = set(publications[:room])
    for node in others:  # the most shared first, while they link a publication shown
        if len(chosen) >= max_nodes:
            break
        if any(m in chosen for m in network[node] if network.nodes[m]["type"] == "publication"):
            chosen.add(node)
    kept = network.subgraph(n for n in network.nodes if n in chosen).copy()
    left_out = Counter(network.nodes[n]["type"] for n in network.nodes if n not in chosen)
    omitted = Omitted(tuple((t, left_out[t]) for t in NODE_TYPES if left_out[t]),
                      len(network), network.number_of_edges())
    kept.graph.update(network.graph)
    return kept, omitted


def node_size(data: dict[str, Any], degree: int) -> float:
    """A drawing size: publications by their links, the rest by their studies."""
    count = degree if data["type"] == "publication" else data.get("studies", 1)
    return round(min(48.0, 10 + 6 * math.sqrt(max(count, 1) - 1)), 1)


def flat(value: object) -> str | int | float | bool:
    """An attribute as GraphML, GEXF and CSV hold it: lists joined with ``; ``."""
    if isinstance(value, (list, tuple, set)):
        return "; ".join(str(v) for v in value)
    if isinstance(value, (str, int, float, bool)):
        return value
    return "" if value is None else str(value)


def flat_network(network: nx.Graph) -> nx.Graph:
    """A copy with every attribute flat (for GraphML and GEXF writers)."""
    copy = nx.Graph()
    keys = sorted({k for _, d in network.nodes(data=True) for k in d})
    for node, data in network.nodes(data=True):
        copy.add_node(node, **{k: flat(data.get(k, "")) for k in keys})
    for a, b, data in network.edges(data=True):
        copy.add_edge(a, b, **{k: flat(v) for k, v in data.items()})
    return copy


def iter_types(network: nx.Graph) -> Iterable[tuple[str, int]]:
    """(node type, count) in legend order, for the types present."""
    counts = Counter(d["type"] for _, d in network.nodes(data=True))
    return ((t, counts[t]) for t in NODE_TYPES if counts[t])


