"""What a study network holds: its node types and options, parsed without loading NetworkX.

The command line reads its choices from here, so that ``kg --help`` stays light.
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.errors import NetworkError

__all__ = ["NODE_TYPES", "DEFAULT_TYPES", "NETWORK_FORMATS", "MAX_NODES", "NetworkOptions",
           "parse_types"]

NODE_TYPES = ("publication", "organism", "gene", "dataset", "mission", "experiment-type",
              "gap", "tag", "author", "journal")
#: a readable picture: what links studies to each other; tags, authors and journals are many
DEFAULT_TYPES = frozenset({"publication", "organism", "gene", "dataset", "mission",
                           "experiment-type", "gap"})
#: formats for Gephi, Cytoscape and spreadsheets; ``csv`` writes ``nodes.csv`` and ``edges.csv``
NETWORK_FORMATS = {"graphml": "graphml", "gexf": "gexf", "csv": ""}
#: the most nodes a page shows by default: beyond a few hundred, a picture is not read
MAX_NODES = 400


@dataclass(frozen=True)
class NetworkOptions:
    """Which node types the network has, and from how many studies a research theme shows."""

    types: frozenset[str] = DEFAULT_TYPES
    min_gap_publications: int = 2


def parse_types(text: str | None) -> frozenset[str]:
    """``"publication,gene"`` -> the node types; ``"all"``; ``"+tag,-gap"`` edits the default."""
    if not text:
        return DEFAULT_TYPES
    if text.strip() == "all":
        return frozenset(NODE_TYPES)
    items = [t.strip() for t in text.split(",") if t.strip()]
    edits = all(t[0] in "+-" for t in items)
    chosen = set(DEFAULT_TYPES) if edits else set()
    for item in items:
        name = item.lstrip("+-")
        if name not in NODE_TYPES:
            raise NetworkError(f"unknown node type {name!r}; known: {', '.join(NODE_TYPES)}")
        (chosen.discard if item.startswith("-") else chosen.add)(name)
    if "publication" not in chosen:
        raise NetworkError("the network is built around publications: keep 'publication'")
    return frozenset(chosen)


