"""The study network: a NetworkX projection of the knowledge graph.

Nodes are typed (publication, organism, gene, dataset, mission, experiment type, tag,
research theme of knowledge gaps, author, journal) and keyed by their IRI; every edge joins a publication
to something it studies, reports, uses or shares, except orthology edges, which join a gene
to its ortholog so that a mouse gene and its human counterpart sit side by side. Edges carry
a type and a weight (how many mentions, gaps or articles make the link).

Knowledge gaps are free text, one per publication; the network shows their research themes
instead (``sbkg:theme``: a curated need or a topic of the corpus, see
:mod:`kg.extract.themes`), as a node wherever at least ``min_gap_publications`` publications
share one, linking the studies that share it: that is the view in which shared gaps show.

The projection is read with SPARQL from the merged graph, so it works on any build or RDF
file. Views of it (a neighbourhood, a trimmed picture) are in :mod:`kg.network.views`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from kg.core.namespaces import DOI, ID, sparql_prefixes
from kg.core.schemes import slug
from kg.errors import NetworkError
from kg.network.options import NODE_TYPES, NetworkOptions
from kg.rdf.store import KnowledgeGraph
from kg.sparql.engine import SparqlEngine, as_engine

__all__ = ["build_network"]

_PREFIXES = sparql_prefixes("sbkg", "dct", "schema", "rdfs", "skos")


# -- reading the graph -------------------------------------------------------------------------
#: a result row, variable -> value. A variable bound outside OPTIONAL is always a string, an
#: OPTIONAL one may be None; the values are typed Any so that the required ones read as str
#: without a check each, and the optional ones are tested where they are read (``or ""``).
_Row = dict[str, Any]


def _rows(engine: SparqlEngine, query: str) -> list[_Row]:
    return engine.query(_PREFIXES + query).values()


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
    "author": """
SELECT ?p ?n (MIN(?l) AS ?label) (1 AS ?w) WHERE { ?p dct:creator ?n . ?n schema:name ?l }
GROUP BY ?p ?n""",
    "journal": """
SELECT ?p ?n (MIN(?l) AS ?label) (1 AS ?w) WHERE { ?p schema:isPartOf ?n . ?n schema:name ?l }
GROUP BY ?p ?n""",
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
SELECT ?p ?theme ?label ?definition ?text WHERE {
  ?p sbkg:hasKnowledgeGap ?gap . ?gap sbkg:theme ?theme ; schema:text ?text .
  ?theme skos:prefLabel ?label . OPTIONAL { ?theme skos:definition ?definition }
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


def build_network(graph: KnowledgeGraph | SparqlEngine,
                  options: NetworkOptions = NetworkOptions()) -> nx.Graph:
    """The study network of ``graph`` (a built graph, or any engine holding one): typed nodes,
    typed weighted edges, nodes in IRI order."""
    graph = as_engine(graph)
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

    # node and edge attributes, as NetworkX takes them (``add_node(iri, **attributes)``)
    nodes: dict[str, dict[str, Any]] = {}
    edges: dict[tuple[str, str], dict[str, Any]] = {}

    def link(p: str, n: str, kind: str, weight: int) -> None:
        edges[(p, n)] = {"type": kind, "weight": weight}

    # facets every publication keeps (for filters and tooltips), whether or not they are nodes
    for kind in ("organism", "experiment-type", "tag"):
        found = _rows(graph, _LINKS[kind])
        if kind == "organism":
            found += [{"p": r["p"], "label": r["label"],
                       "n": str(ID.organism_name) + (slug(r["label"]) or "unnamed")}
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
    genes: dict[str, dict[str, Any]] = {}
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
        themes: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        names: dict[str, tuple[str, str]] = {}
        for row in _rows(graph, _GAPS):
            if row["p"] in publications:
                themes[row["theme"]][row["p"]].append(row["text"])
                names.setdefault(row["theme"], (row["label"], row["definition"] or ""))
        for theme, by_pub in themes.items():
            if len(by_pub) < options.min_gap_publications:
                continue
            examples = sorted({t for texts in by_pub.values() for t in texts})
            label, definition = names[theme]
            nodes[theme] = {"type": "gap", "label": label, "definition": definition,
                            "examples": examples}
            for p, texts in by_pub.items():
                link(p, theme, "gap", len(set(texts)))

    network = nx.Graph()
    for iri in sorted(publications):
        pub = publications[iri]
        title = min(pub.titles) if pub.titles else (pub.doi or iri)
        network.add_node(iri, type="publication", label=title, title=title,
                         doi=pub.doi or "", date=pub.date or "", year=(pub.date or "")[:4],
                         url=f"{DOI}{pub.doi}" if pub.doi else (pub.url or ""),
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


