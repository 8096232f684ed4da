"""The study network: a NetworkX projection of the knowledge graph.

Nodes are typed (publication, organism, gene, dataset, mission, experiment type, tag,
knowledge-gap topic, author, journal) and keyed by their IRI; every edge joins a publication
to something it studies, reports, uses or shares, except orthology edges, which join a gene
to its ortholog so that a mouse gene and its human counterpart sit side by side. Edges carry
a type and a weight (how many mentions, gaps or articles make the link).

Knowledge gaps are free text, one per publication; the network shows their topics instead
(the ``sbkg:keyword`` of each gap), as a node wherever at least ``min_gap_publications``
publications share one: that is the view in which shared gaps show.

The projection is read with SPARQL from the merged graph, so it works on any build or RDF
file. :func:`focus` keeps the neighbourhood of some nodes, :func:`trim` keeps a network
readable by leaving out what links fewest studies, and says what it left out.
"""

from __future__ import annotations

import csv
import difflib
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import networkx as nx

from kg.errors import NetworkError
from kg.core.namespaces import BASE
from kg.rdf.store import KnowledgeGraph
from kg.core.schemes import slug

__all__ = ["NODE_TYPES", "DEFAULT_TYPES", "NetworkOptions", "NetworkError", "Omitted",
           "build_network", "focus", "trim", "parse_types", "node_size", "flat", "flat_network",
           "iter_types", "NETWORK_FORMATS", "write_network"]

#: every node type, in the order legends list them
NODE_TYPES = ("publication", "organism", "gene", "dataset", "mission", "experiment-type",
              "gap", "tag", "author", "journal")
#: a readable picture: what links studies to each other; tags, authors and journals are many
DEFAULT_TYPES = frozenset({"publication", "organism", "gene", "dataset", "mission",
                           "experiment-type", "gap"})
# which nodes go first when a network is trimmed, among those of as many studies
_DROP_ORDER = {t: i for i, t in enumerate(("author", "tag", "gap", "gene", "dataset", "journal",
                                           "mission", "experiment-type", "organism",
                                           "publication"))}

_GAP_TOPIC = BASE + "id/gap-topic/"
_UNRESOLVED = BASE + "id/organism-name/"

_PREFIXES = """
PREFIX sbkg: <https://w3id.org/spacebio-kg/ontology#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX schema: <https://schema.org/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""


@dataclass(frozen=True)
class NetworkOptions:
    """Which node types the network has, and from how many studies a gap topic shows."""

    types: frozenset[str] = DEFAULT_TYPES
    min_gap_publications: int = 2


@dataclass(frozen=True)
class Omitted:
    """What :func:`trim` left out: nodes per type, and the size before."""

    nodes: tuple[tuple[str, int], ...] = ()
    total_nodes: int = 0
    total_edges: int = 0

    def __bool__(self) -> bool:
        return bool(self.nodes)

    def describe(self) -> str:
        """``left out 1,204 genes and 40 knowledge-gap topics linked to fewest studies``."""
        if not self.nodes:
            return ""
        parts = [f"{count:,} {_plural(kind, count)}" for kind, count in self.nodes]
        joined = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
        return f"left out {joined}, those linked to fewest studies"


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


def _plural(kind: str, count: int) -> str:
    names = {"gap": "knowledge-gap topic", "experiment-type": "experiment type"}
    name = names.get(kind, kind)
    return name if count == 1 else name + "s"


# -- reading the graph -------------------------------------------------------------------------
def _rows(graph: KnowledgeGraph, query: str) -> list[dict[str, str | None]]:
    from kg.sparql.run import run_query

    return run_query(graph, _PREFIXES + query).values()


_PUBLICATIONS = """
SELECT ?p ?doi ?date ?url ?title ?journal WHERE {
  ?p a sbkg:Publication .
  OPTIONAL { ?p sbkg:doi ?doi }
  OPTIONAL { ?p dct:issued ?date }
  OPTIONAL { ?p schema:url ?url }
  OPTIONAL { ?a sbkg:summarizes ?p ; dct:title ?title }
  OPTIONAL { ?p schema:isPartOf/schema:name ?journal }
}"""
_LINKS = {
    "organism": "SELECT ?p ?n ?label WHERE { ?p sbkg:studiesOrganism ?n . ?n rdfs:label ?label }",
    "experiment-type": "SELECT ?p ?n ?label WHERE { ?p sbkg:experimentType ?n . ?n skos:prefLabel ?label }",
    "tag": "SELECT ?p ?n ?label WHERE { ?p a sbkg:Publication ; dct:subject ?n . ?n skos:prefLabel ?label }",
    "dataset": "SELECT ?p ?n ?label (1 AS ?w) WHERE { ?p sbkg:usesDataset ?n . ?n sbkg:accession ?label }",
    "mission": """
SELECT ?p ?n (MIN(?l) AS ?label) (COUNT(DISTINCT ?a) AS ?w) WHERE {
  ?a sbkg:summarizes ?p ; sbkg:mentionsMission ?n . ?n skos:prefLabel ?l
} GROUP BY ?p ?n""",
    "author": "SELECT ?p ?n (MIN(?l) AS ?label) (1 AS ?w) WHERE { ?p dct:creator ?n . ?n schema:name ?l } GROUP BY ?p ?n",
    "journal": "SELECT ?p ?n (MIN(?l) AS ?label) (1 AS ?w) WHERE { ?p schema:isPartOf ?n . ?n schema:name ?l } GROUP BY ?p ?n",
}
# organism names no taxon matched ("Others"): a node of their own, by name
_UNRESOLVED_ORGANISMS = "SELECT ?p ?label WHERE { ?p sbkg:unresolvedOrganism ?label }"
_GENES = """
SELECT ?p ?n ?symbol ?organism (COUNT(DISTINCT ?m) AS ?w)
       (GROUP_CONCAT(DISTINCT ?direction; SEPARATOR=",") AS ?directions) WHERE {
  ?p sbkg:reportsGene ?n . ?n sbkg:symbol ?symbol .
  OPTIONAL { ?n sbkg:inTaxon/rdfs:label ?organism }
  OPTIONAL { ?a sbkg:summarizes ?p ; sbkg:hasMention ?m . ?m sbkg:gene ?n .
             OPTIONAL { ?m sbkg:direction ?direction } }
} GROUP BY ?p ?n ?symbol ?organism"""
_GAPS = """
SELECT ?p ?keyword ?text WHERE {
  ?p sbkg:hasKnowledgeGap ?gap . ?gap sbkg:keyword ?keyword ; schema:text ?text
}"""
_ORTHOLOGS = "SELECT ?a ?b WHERE { ?a sbkg:orthologousTo ?b }"


@dataclass
class _Publication:
    iri: str
    doi: str | None = None
    date: str | None = None
    url: str | None = None
    titles: set[str] = field(default_factory=set)
    journal: str | None = None
    lists: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))


def build_network(graph: KnowledgeGraph, options: NetworkOptions = NetworkOptions()) -> nx.Graph:
    """The study network of ``graph``: typed nodes, typed weighted edges, nodes in IRI order."""
    unknown = set(options.types) - set(NODE_TYPES)
    if unknown:
        raise NetworkError(f"unknown node type {', '.join(sorted(unknown))}")
    publications: dict[str, _Publication] = {}
    for row in _rows(graph, _PUBLICATIONS):
        pub = publications.setdefault(row["p"], _Publication(row["p"]))
        pub.doi = min(filter(None, (pub.doi, row["doi"])), default=None)
        pub.date = min(filter(None, (pub.date, row["date"])), default=None)
        pub.url = min(filter(None, (pub.url, row["url"])), default=None)
        pub.journal = min(filter(None, (pub.journal, row["journal"])), default=None)
        if row["title"]:
            pub.titles.add(row["title"])

    nodes: dict[str, dict] = {}
    edges: dict[tuple[str, str], dict] = {}

    def link(p: str, n: str, kind: str, weight: int) -> None:
        edges[(p, n)] = {"type": kind, "weight": weight}

    # facets every publication keeps (for filters and tooltips), whether or not they are nodes
    for kind in ("organism", "experiment-type", "tag"):
        found = _rows(graph, _LINKS[kind])
        if kind == "organism":
            found += [{"p": r["p"], "label": r["label"],
                       "n": _UNRESOLVED + (slug(r["label"]) or "unnamed")}
                      for r in _rows(graph, _UNRESOLVED_ORGANISMS)]
        for row in found:
            if row["p"] in publications:
                publications[row["p"]].lists[kind].add(row["label"])
                if kind in options.types:
                    nodes.setdefault(row["n"], {"type": kind, "label": row["label"]})
                    link(row["p"], row["n"], kind, 1)
    for kind in ("dataset", "mission", "author", "journal"):
        if kind not in options.types:
            continue
        for row in _rows(graph, _LINKS[kind]):
            if row["p"] in publications:
                nodes.setdefault(row["n"], {"type": kind, "label": row["label"]})
                link(row["p"], row["n"], kind, int(row["w"]))
    genes: dict[str, dict] = {}
    for row in _rows(graph, _GENES):
        if row["p"] not in publications:
            continue
        publications[row["p"]].lists["gene"].add(row["symbol"])
        if "gene" in options.types:
            gene = genes.setdefault(row["n"], {"type": "gene", "label": row["symbol"],
                                               "symbol": row["symbol"],
                                               "organism": row["organism"] or "",
                                               "directions": set()})
            gene["directions"].update(d for d in (row["directions"] or "").split(",") if d)
            link(row["p"], row["n"], "gene", max(1, int(row["w"])))
    for iri, gene in genes.items():
        gene["directions"] = sorted(gene["directions"])
        nodes[iri] = gene
    if "gap" in options.types:
        topics: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for row in _rows(graph, _GAPS):
            if row["p"] in publications:
                topics[row["keyword"]][row["p"]].append(row["text"])
        for keyword, by_pub in topics.items():
            if len(by_pub) < options.min_gap_publications:
                continue
            iri = _GAP_TOPIC + (slug(keyword) or keyword)
            examples = sorted({t for texts in by_pub.values() for t in texts})
            nodes[iri] = {"type": "gap", "label": keyword, "examples": examples}
            for p, texts in by_pub.items():
                link(p, iri, "gap", len(set(texts)))

    network = nx.Graph()
    for iri in sorted(publications):
        pub = publications[iri]
        title = min(pub.titles) if pub.titles else (pub.doi or iri)
        network.add_node(iri, type="publication", label=title, title=title,
                         doi=pub.doi or "", date=pub.date or "", year=(pub.date or "")[:4],
                         url=f"https://doi.org/{pub.doi}" if pub.doi else (pub.url or ""),
                         journal=pub.journal or "",
                         organisms=sorted(pub.lists["organism"]),
                         experiment_types=sorted(pub.lists["experiment-type"]),
                         tags=sorted(pub.lists["tag"]), genes=sorted(pub.lists["gene"]))
    for iri in sorted(nodes):
        network.add_node(iri, **nodes[iri])
    for (a, b) in sorted(edges):
        network.add_edge(a, b, **edges[(a, b)])
    if "gene" in options.types:
        for row in _rows(graph, _ORTHOLOGS):
            a, b = row["a"], row["b"]
            if a < b and a in genes and b in genes:
                network.add_edge(a, b, type="ortholog", weight=1)
    _count_studies(network)
    return network


def _count_studies(network: nx.Graph) -> None:
    """Each node's ``studies``: the publications it links (a publication: itself, 1)."""
    for node, data in network.nodes(data=True):
        if data["type"] == "publication":
            data["studies"] = 1
        else:
            data["studies"] = sum(1 for n in network[node]
                                  if network.nodes[n]["type"] == "publication")


# -- views -------------------------------------------------------------------------------------
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


def node_size(data: dict, degree: int) -> float:
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


# -- files for network tools ---------------------------------------------------------------------
#: formats for Gephi, Cytoscape and spreadsheets; ``csv`` writes ``nodes.csv`` and ``edges.csv``
NETWORK_FORMATS = {"graphml": "graphml", "gexf": "gexf", "csv": ""}


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
        text = "\n".join(nx.generate_gexf(flat_graph, prettyprint=True))
        text = re.sub(r' lastmodifieddate="[^"]*"', "", text, count=1)  # today's date: not data
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
