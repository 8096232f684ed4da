"""The graph as KGX TSV (``nodes.tsv``, ``edges.tsv``): Biolink-typed nodes and edges.

KGX is the exchange format of Biolink-aware knowledge graphs (Translator, Monarch, KG-Hub):
one row per node with its Biolink category, one row per edge with its Biolink predicate and
the provenance Translator asks for (``primary_knowledge_source``, ``knowledge_level``,
``agent_type``). What maps to what is the reviewed table of :mod:`kg.publish.biolink`; this
module only runs it. Nodes and edges are read from the built graph with SPARQL, so the export
sees the same graph as every query. Rows are sorted and edge ids derived from their content,
so the same graph gives the same bytes. Statements that the table does not carry (findings,
gaps, charts, journals ...) are counted by property in the :class:`KgxReport`.
"""

from __future__ import annotations

import re
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.core.namespaces import RDF, SBKG, shorten
from kg.publish.biolink import EDGE_RULES, INFORES, NODE_RULES, EdgeRule, curie
from kg.rdf.store import KnowledgeGraph

__all__ = ["NODE_COLUMNS", "EDGE_COLUMNS", "KgxReport", "kgx_tables", "write_kgx",
           "NODES_FILE", "EDGES_FILE"]

NODES_FILE = "nodes.tsv"
EDGES_FILE = "edges.tsv"

NODE_COLUMNS = ("id", "category", "name", "symbol", "full_name", "description", "summary",
                "in_taxon", "synonym", "keywords", "xref", "iri", "provided_by")
EDGE_COLUMNS = ("id", "subject", "predicate", "object", "category", "primary_knowledge_source",
                "knowledge_level", "agent_type", "publications", "original_predicate")
#: columns that hold one value; every other column but ``id`` is a list, joined with ``|``
_SINGLE = {"id", "name", "symbol", "full_name", "description", "summary", "iri",
           "subject", "predicate", "object", "primary_knowledge_source", "knowledge_level",
           "agent_type", "original_predicate"}
# edge ids are name-based UUIDs in a namespace of our own: same edge, same id
_EDGE_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://w3id.org/spacebio-kg/kgx/edge")

Row = dict[str, str]
_IRI = re.compile(r"<([^>]+)>")


@dataclass(frozen=True)
class KgxReport:
    """What an export wrote and what it left out."""

    nodes: int
    edges: int
    #: statements of the graph that became neither an edge nor a node column, by property
    dropped: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        return {"nodes": self.nodes, "edges": self.edges, "dropped": dict(self.dropped)}


def _text(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> str:
    if isinstance(term, ox.NamedNode):
        return curie(term.value)
    return str(getattr(term, "value", term))


def _clean(value: str) -> str:
    """A value fit for a TSV cell: no tabs or line breaks (KGX has no quoting)."""
    return " ".join(value.split())


def _select(graph: KnowledgeGraph, sparql: str) -> Iterable[ox.QuerySolution]:
    result = graph.query(sparql)
    assert isinstance(result, ox.QuerySolutions)
    return result


def _nodes(graph: KnowledgeGraph) -> dict[str, dict[str, set[str]]]:
    nodes: dict[str, dict[str, set[str]]] = {}
    for rule in NODE_RULES:
        for row in _select(graph, f"SELECT ?s WHERE {{ {rule.select} FILTER(isIRI(?s)) }}"):
            iri = row["s"].value
            node = nodes.setdefault(curie(iri), defaultdict(set))
            node["category"].add(rule.category)
            node["iri"].add(iri)
            node["provided_by"].add(INFORES)
        for column, path in rule.columns:
            sparql = f"SELECT ?s ?o WHERE {{ {rule.select} . ?s {path} ?o }}"
            for row in _select(graph, sparql):
                nodes[curie(row["s"].value)][column].add(_clean(_text(row["o"])))
    return nodes


def _edges(graph: KnowledgeGraph, rule: EdgeRule, nodes: dict[str, dict[str, set[str]]]) -> list[Row]:
    if rule.lift:
        pattern = f"?a <{rule.prop}> ?o . ?a <{SBKG.summarizes}> ?s ."
    else:
        pattern = f"?s <{rule.prop}> ?o ."
    rows = []
    for row in _select(graph, f"SELECT ?s ?o WHERE {{ {pattern} FILTER(isIRI(?s) && isIRI(?o)) }}"):
        subject, obj = curie(row["s"].value), curie(row["o"].value)
        if subject not in nodes or obj not in nodes:
            continue  # an end that is no node (a category the table does not export)
        prov = rule.reference if rule.reference and subject.startswith("NCBIGene:") else rule.provenance
        is_publication = "biolink:Publication" in nodes[subject]["category"]
        rows.append({
            "subject": subject, "predicate": rule.predicate, "object": obj,
            "category": rule.category, "primary_knowledge_source": prov.source,
            "knowledge_level": prov.knowledge_level, "agent_type": prov.agent_type,
            "publications": subject if is_publication else "",
            "original_predicate": curie(rule.prop),
        })
    return rows


def _dropped(graph: KnowledgeGraph, columns: set[str]) -> dict[str, int]:
    carried = {rule.prop for rule in EDGE_RULES} | {str(RDF.type)}
    counts: Counter[str] = Counter()
    for row in _select(graph, "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p"):
        prop = row["p"].value
        if prop not in carried and prop not in columns:
            counts[shorten(prop)] = int(row["n"].value)
    return dict(sorted(counts.items()))


def kgx_tables(graph: KnowledgeGraph) -> tuple[list[Row], list[Row], KgxReport]:
    """The node rows, edge rows (sorted, as written) and the report of an export."""
    nodes = _nodes(graph)
    # a column of one value takes the first (two summaries of one paper: two titles)
    node_rows = [{"id": key, **{c: min(v) if c in _SINGLE else "|".join(sorted(v))
                                for c, v in node.items()}}
                 for key, node in sorted(nodes.items())]
    merged: dict[tuple[str, ...], Row] = {}
    for rule in EDGE_RULES:
        for row in _edges(graph, rule, nodes):
            key = (row["subject"], row["predicate"], row["object"], row["primary_knowledge_source"],
                   row["knowledge_level"], row["agent_type"])
            seen = merged.get(key)
            if seen is None:
                merged[key] = row
            else:  # the same edge from two of our properties: name both
                both = {*seen["original_predicate"].split("|"), row["original_predicate"]}
                seen["original_predicate"] = "|".join(sorted(both))
    edge_rows = []
    for fields, row in sorted(merged.items()):
        edge_id = uuid.uuid5(_EDGE_NAMESPACE, "\t".join(fields))
        edge_rows.append({"id": f"urn:uuid:{edge_id}", **row})
    edge_rows.sort(key=lambda r: (r["subject"], r["predicate"], r["object"], r["id"]))
    # every property a node column reads, its last step or any step of a path
    columns = {iri for rule in NODE_RULES for _c, path in rule.columns for iri in _IRI.findall(path)}
    report = KgxReport(len(node_rows), len(edge_rows), _dropped(graph, columns))
    return node_rows, edge_rows, report


def _tsv(rows: list[Row], columns: tuple[str, ...]) -> str:
    lines = ["\t".join(columns)]
    lines += ["\t".join(row.get(c, "") for c in columns) for row in rows]
    return "\n".join(lines) + "\n"


def write_kgx(graph: KnowledgeGraph, folder: str | Path) -> tuple[list[Path], KgxReport]:
    """Write ``nodes.tsv`` and ``edges.tsv`` into ``folder``; returns the files and the report."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    node_rows, edge_rows, report = kgx_tables(graph)
    paths = [folder / NODES_FILE, folder / EDGES_FILE]
    for path, rows, columns in zip(paths, (node_rows, edge_rows), (NODE_COLUMNS, EDGE_COLUMNS)):
        path.write_text(_tsv(rows, columns), encoding="utf-8", newline="\n")
    return paths, report
