"""Node positions computed here, in Python, for networks too large to lay out in the browser.

vis-network's physics lays a network out in the page: fine for a few hundred nodes, but at a
few thousand the page spends its first minute settling. Above :data:`LAYOUT_THRESHOLD` nodes
the positions are computed before the page is written and the page turns its physics off.

The layout is igraph's Fruchterman-Reingold (C, with a grid for large graphs): measured on
one shared core, 0.7 s for 3,000 nodes where NetworkX's ``spring_layout`` took 107 s and its
``forceatlas2_layout`` 187 s. It starts from positions of our own (a golden-angle spiral in
node order), with igraph's random numbers seeded and the caller's random state restored, so
that the same network gives the same picture.
"""

from __future__ import annotations

import math
import random
from collections.abc import Hashable

import networkx as nx

__all__ = ["LAYOUT_THRESHOLD", "positions"]

#: from this many nodes on, the page gets positions and no physics
LAYOUT_THRESHOLD = 300
# the typical distance between linked nodes on the page, in vis-network's pixels
_SPACING = 90.0


def positions(network: nx.Graph) -> dict[Hashable, tuple[float, float]]:
    """``node -> (x, y)`` in page pixels, centred on 0, deterministic for a given network."""
    import igraph as ig  # only for pages of large networks

    nodes = list(network.nodes)
    if not nodes:
        return {}
    index = {node: i for i, node in enumerate(nodes)}
    graph = ig.Graph(n=len(nodes), edges=[(index[a], index[b]) for a, b in network.edges()
                                          if a != b])
    golden = math.pi * (3 - math.sqrt(5))
    start = [[math.sqrt(i) * math.cos(i * golden), math.sqrt(i) * math.sin(i * golden)]
             for i in range(len(nodes))]
    state = random.getstate()
    try:
        random.seed(7)  # igraph draws from Python's random module
        layout = graph.layout_fruchterman_reingold(seed=start, niter=500,
                                                   grid=len(nodes) > 1000)
    finally:
        random.setstate(state)
    coords = layout.coords
    xs = [c[0] for c in coords]
    ys = [c[1] for c in coords]
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    lengths = sorted(math.dist(coords[index[a]], coords[index[b]])
                     for a, b in network.edges() if a != b)
    typical = lengths[len(lengths) // 2] if lengths else 1.0
    scale = _SPACING / typical if typical > 0 else 1.0
    return {node: (round((x - cx) * scale, 1), round((y - cy) * scale, 1))
            for node, (x, y) in zip(nodes, coords, strict=True)}
