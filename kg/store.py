"""The built graph: one named graph per article, queried through an Oxigraph store.

Oxigraph (``pyoxigraph``) is the query store because the benchmark says so: its SPARQL engine
answers 10-100x faster than rdflib's, and loading N-Quads into it happens in Rust. The store is
made only when something needs it (a query, a count, an export other than the canonical text
formats), so a build that just writes files never pays for it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pyoxigraph as ox

from .errors import GraphLoadError

__all__ = ["KnowledgeGraph", "GRAPH_FILE", "TURTLE_FILE", "REPORT_FILE", "UNION"]

#: the files of a build folder
GRAPH_FILE = "graph.nq"
TURTLE_FILE = "graph.ttl"
REPORT_FILE = "report.json"

_BY_EXTENSION = {
    ".trig": ox.RdfFormat.TRIG,
    ".nq": ox.RdfFormat.N_QUADS,
    ".nquads": ox.RdfFormat.N_QUADS,
    ".ttl": ox.RdfFormat.TURTLE,
    ".turtle": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".xml": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
}

#: where the store keeps the merge of all graphs, the default graph of every query
UNION = ox.NamedNode("urn:x-spacebio-kg:union")
_MAKE_UNION = f"""
INSERT {{ GRAPH <{UNION.value}> {{ ?s ?p ?o }} }}
WHERE {{ {{ ?s ?p ?o }} UNION {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{UNION.value}>) }} }}
"""


class KnowledgeGraph:
    """A graph to query, count, validate and export.

    Queries see the merge of all graphs (each triple once, however many article graphs state
    it) as their default graph, and each article graph by name in ``GRAPH`` patterns.
    Oxigraph's own union default graph repeats a triple once per graph, so the merge is kept
    in a hidden graph of the store, made on the first query.
    """

    def __init__(self, store: ox.Store | None = None, *, source: bytes | Path | None = None,
                 fmt: ox.RdfFormat = ox.RdfFormat.N_QUADS) -> None:
        self._store = store
        self._source = source
        self._format = fmt
        self._graphs: list[ox.NamedNode | ox.BlankNode] | None = None
        self._merged_size = 0

    @classmethod
    def from_nquads(cls, data: bytes) -> KnowledgeGraph:
        """A graph from N-Quads text, loaded into a store on first use."""
        return cls(source=data)

    @classmethod
    def load(cls, path: str | Path) -> KnowledgeGraph:
        """Read a build folder (its ``graph.nq``) or one RDF file, by its extension."""
        path = Path(path)
        file = path / GRAPH_FILE if path.is_dir() else path
        if not file.is_file():
            hint = " (run 'kg build' first)" if path.is_dir() or path.name == "build" else ""
            raise GraphLoadError(f"no graph at {file}{hint}")
        fmt = _BY_EXTENSION.get(file.suffix.lower())
        if fmt is None:
            known = ", ".join(sorted(_BY_EXTENSION))
            raise GraphLoadError(f"{file}: unknown RDF file extension (known: {known})")
        graph = cls(source=file, fmt=fmt)
        graph.store  # noqa: B018 - read now, so that a broken file fails here, not later
        return graph

    @property
    def store(self) -> ox.Store:
        """The Oxigraph store, loaded from the source on first use."""
        if self._store is None:
            store = ox.Store()
            try:
                if isinstance(self._source, Path):
                    store.bulk_load(path=str(self._source), format=self._format)
                elif self._source is not None:
                    store.bulk_load(self._source, format=self._format)
            except (SyntaxError, ValueError, OSError) as err:
                raise GraphLoadError(f"{self._source}: cannot read {self._format.name}: {err}"
                                     ) from err
            self._store, self._source = store, None
        return self._store

    def _merged(self) -> list[ox.NamedNode | ox.BlankNode]:
        """Make the merge graph if needed; return the real named graphs."""
        if self._graphs is None:
            self.store.update(_MAKE_UNION)
            self._graphs = [g for g in self.store.named_graphs() if g != UNION]
            count = self.store.query("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", default_graph=UNION)
            self._merged_size = int(next(iter(count))["n"].value)
        return self._graphs

    def __len__(self) -> int:
        """The number of quads (a triple in two article graphs counts twice)."""
        return len(self.store) - self._merged_size

    @property
    def triple_count(self) -> int:
        """The number of distinct triples."""
        self._merged()
        return self._merged_size

    def quads(self) -> Iterator[ox.Quad]:
        return (q for q in self.store if q.graph_name != UNION)

    def named_graphs(self) -> list[ox.NamedNode | ox.BlankNode]:
        return sorted((g for g in self.store.named_graphs() if g != UNION), key=str)

    def quad_lines(self) -> list[str]:
        """Every quad as a canonical N-Quads line, graphs in IRI order, lines sorted in each.

        Triples of the default graph (from a plain Turtle file, say) come first, as
        N-Triples lines.
        """
        lines = sorted(self._dump(ox.DefaultGraph()))
        for graph in self.named_graphs():
            term = str(graph)
            lines += sorted(f"{line[:-3]} {term} .\n" for line in self._dump(graph))
        return lines

    def triple_lines(self) -> list[str]:
        """The distinct triples of the merge of all graphs, as sorted N-Triples lines."""
        self._merged()
        return sorted(self._dump(UNION))

    def _dump(self, graph: ox.NamedNode | ox.BlankNode | ox.DefaultGraph) -> list[str]:
        data = self.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph)
        return data.decode("utf-8").splitlines(keepends=True)

    def query(self, sparql: str, substitutions: dict[ox.Variable, object] | None = None,
              ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        """Run SPARQL over the merge of all graphs (raises ``SyntaxError`` for a bad query)."""
        graphs = self._merged()
        return self.store.query(sparql, default_graph=UNION, named_graphs=graphs,
                                substitutions=substitutions or None)

    def to_rdflib(self):  # -> rdflib.Graph; imported here, rdflib is slow to import
        """The merge of all graphs as an ``rdflib.Graph`` (a copy), for pySHACL and rdflib users."""
        import rdflib

        graph = rdflib.Graph()
        graph.parse(data="".join(self.triple_lines()), format="nt")
        return graph
