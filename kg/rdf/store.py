"""The built graph: canonical N-Quads lines (one named graph per article) and a query store.

A :class:`KnowledgeGraph` keeps its statements as canonical N-Quads lines, the form the build
writes (``graph.nq``), and answers SPARQL with Oxigraph. Measured on the 10k benchmark graph:

- Oxigraph answers the shipped queries 9-11x faster than rdflib, once its store holds only
  the merged graph in its default graph;
- with the article graphs in the same store, default-graph queries got up to 40x slower (18 s
  against 0.44 s), and a named graph used as the default graph was as slow; Oxigraph's own
  union default graph repeats a triple once per graph.

So queries run on a store of the merged graph alone; a query that names graphs (``GRAPH``,
``FROM``) runs on a second store with the article graphs too, made only when such a query
comes. Stores are made on first use, so a build that only writes files never pays for one.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO, TypeAlias, cast

import pyoxigraph as ox

from kg.errors import GraphLoadError
from kg.rdf.canonical import split_quad
from kg.rdf.disk import DATASET, MERGED, open_store, valid_location
from kg.rdf.lexer import tokens

if TYPE_CHECKING:  # rdflib is slow to import: only to_rdflib needs it, and only when called
    import rdflib

#: what a SPARQL variable may be bound to before a query runs
Binding: TypeAlias = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple

__all__ = ["KnowledgeGraph", "Binding", "QueryDataset", "GRAPH_FILE", "TURTLE_FILE", "REPORT_FILE",
           "VOID_FILE"]

#: the files of a build folder
GRAPH_FILE = "graph.nq"
TURTLE_FILE = "graph.ttl"
REPORT_FILE = "report.json"
VOID_FILE = "void.ttl"

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
def names_graphs(sparql: str) -> bool:
    """Whether ``sparql`` may name graphs: a ``GRAPH`` or ``FROM`` keyword token, not the word
    in a comment, a string, an IRI or a prefixed name (the word "from" in a query's header
    sent it to the slower store, 300 s instead of 0.4 s). A false alarm costs speed only."""
    return any(t.keyword("GRAPH", "FROM") for t in tokens(sparql))


@dataclass(frozen=True)
class QueryDataset:
    """The RDF dataset a request names (SPARQL 1.1 Protocol ``default-graph-uri`` and
    ``named-graph-uri``): graph IRIs whose merge is the default graph, and the graphs
    ``GRAPH`` may see. It replaces the query's own ``FROM`` and ``FROM NAMED``."""

    default: tuple[str, ...] = ()
    named: tuple[str, ...] = ()


class KnowledgeGraph:
    """A graph to query, count, validate and export.

    Queries see the merge of all graphs (each triple once, however many article graphs state
    it) as their default graph, and each article graph by name in ``GRAPH`` patterns.
    """

    def __init__(self, lines: list[str] | None = None, *, file: Path | None = None) -> None:
        """``lines``: canonical quad lines in memory; or ``file``: a canonical ``graph.nq``."""
        self._lines = lines
        self._file = file
        self._store: ox.Store | None = None
        self._dataset: ox.Store | None = None
        self._triples: int | None = None
        self._updated = False
        # the stores the build left on disk beside ``graph.nq``, if they were made from it
        self._location = valid_location(file) if file is not None else None

    @classmethod
    def from_lines(cls, lines: list[str]) -> KnowledgeGraph:
        """A graph from canonical N-Quads lines (as :func:`kg.build.build` makes them)."""
        return cls(lines)

    @classmethod
    def load(cls, path: str | Path) -> KnowledgeGraph:
        """Read a build folder (its ``graph.nq``) or any RDF file, by its extension."""
        path = Path(path)
        file = path / GRAPH_FILE if path.is_dir() else path
        if not file.is_file():
            hint = " (run 'kg build' first)" if path.is_dir() or path.name == "build" else ""
            raise GraphLoadError(f"no graph at {file}{hint}")
        if path.is_dir():
            return cls(file=file)  # written by the build: canonical already
        fmt = _BY_EXTENSION.get(file.suffix.lower())
        if fmt is None:
            known = ", ".join(sorted(_BY_EXTENSION))
            raise GraphLoadError(f"{file}: unknown RDF file extension (known: {known})")
        store = ox.Store()
        try:
            store.bulk_load(path=str(file), format=fmt)
        except (SyntaxError, ValueError, OSError) as err:
            raise GraphLoadError(f"{file}: cannot read it as {fmt.name}: {err}") from err
        return cls(_canonical_lines(store))

    # -- statements as text ----------------------------------------------------------------------
    def quad_lines(self) -> Iterator[str]:
        """Every quad as a canonical N-Quads line: graphs in IRI order, lines sorted in each.

        Triples of the default graph (from a plain Turtle file, say) come first, as N-Triples
        lines.
        """
        if self._lines is not None:
            return iter(self._lines)
        return _read_lines(self._file)

    def triple_lines(self) -> list[str]:
        """The distinct triples of the merge of all graphs, as sorted N-Triples lines."""
        return sorted({split_quad(line)[0] for line in self.quad_lines()})

    def __len__(self) -> int:
        """The number of quads (a triple in two article graphs counts twice)."""
        return sum(1 for _ in self.quad_lines())

    @property
    def triple_count(self) -> int:
        """The number of distinct triples."""
        if self._triples is None:
            if self._updated:  # the default graph of the store with the article graphs
                default = self._dataset_store().quads_for_pattern(None, None, None, ox.DefaultGraph())
                self._triples = sum(1 for _ in default)
            else:
                self._triples = len(self.store)
        return self._triples

    def named_graphs(self) -> list[str]:
        """The named graphs, as N-Triples IRIs, in order."""
        found = {split_quad(line)[1] for line in self.quad_lines()}
        found.discard("")
        return sorted(found)

    def quads(self) -> Iterator[ox.Quad]:
        """Every quad as a pyoxigraph object, in the order of :meth:`quad_lines`."""
        data = "".join(self.quad_lines()).encode("utf-8")
        return iter(ox.parse(data, format=ox.RdfFormat.N_QUADS))

    # -- querying ----------------------------------------------------------------------------------
    @property
    def on_disk(self) -> bool:
        """Whether queries run on the stores the build left on disk (opened read-only, in
        each process that queries: a forked worker must open its own)."""
        return self._location is not None and not self._updated

    def for_worker(self) -> KnowledgeGraph:
        """This graph as a forked worker must use it: itself when its stores are in memory
        (the fork copied them), else a new graph that opens the stores on disk itself. The
        handles the parent opened are left alone: closing them in a fork is no safer than
        using them."""
        if not self.on_disk:
            return self
        return KnowledgeGraph(self._lines, file=self._file)

    def preload(self) -> None:
        """Load the in-memory stores a query may need now, so that forked workers share them
        (a no-op for stores on disk, which each worker opens itself)."""
        if not self.on_disk:
            self.store  # noqa: B018 - loading is the point

    @property
    def store(self) -> ox.Store:
        """An Oxigraph store holding the merged graph as its default graph."""
        if self._store is None and self.on_disk:
            assert self._location is not None
            self._store = open_store(self._location, MERGED)
        if self._store is None:
            store = ox.Store()
            store.bulk_load("".join(self.triple_lines()).encode("utf-8"),
                            format=ox.RdfFormat.N_TRIPLES)
            self._store = store
        return self._store

    def _dataset_store(self) -> ox.Store:
        """A store with the article graphs as named graphs and their merge as default graph."""
        if self._dataset is None and self.on_disk:
            assert self._location is not None
            self._dataset = open_store(self._location, DATASET)
        if self._dataset is None:
            store = ox.Store()
            store.bulk_load("".join(self.quad_lines()).encode("utf-8"),
                            format=ox.RdfFormat.N_QUADS)
            store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
            self._dataset = store
        return self._dataset

    def store_for(self, sparql: str, dataset: QueryDataset | None = None) -> ox.Store:
        """The store a query runs on: with the article graphs if it names graphs or a
        ``dataset`` (or once the graph has been updated, when that store is the only one)."""
        if self._updated or dataset is not None or names_graphs(sparql):
            return self._dataset_store()
        return self.store

    def query(self, sparql: str, substitutions: dict[ox.Variable, Binding] | None = None,
              *, dataset: QueryDataset | None = None, base_iri: str | None = None,
              ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        """Run SPARQL over the merge of all graphs, or over ``dataset``, relative IRIs
        resolved against ``base_iri`` (raises ``SyntaxError`` for a bad query)."""
        store = self.store_for(sparql, dataset)
        if dataset is None:
            return store.query(sparql, substitutions=substitutions or None, base_iri=base_iri)
        return store.query(sparql, substitutions=substitutions or None, base_iri=base_iri,
                           default_graph=[ox.NamedNode(g) for g in dataset.default],
                           named_graphs=[ox.NamedNode(g) for g in dataset.named])

    def update(self, sparql_update: str, base_iri: str | None = None) -> None:
        """Apply a SPARQL update to the queried graph (the served graph of ``kg serve``).

        The update goes to the store with the article graphs, so that ``GRAPH`` patterns and
        ``INSERT DATA { GRAPH <g> { ... } }`` work as in any store; from then on every query runs
        there (the default graph is the merge as built, changed by the updates). The canonical
        lines this graph was made from are not changed: exports show the graph as built.
        """
        if self.on_disk:  # the stores on disk are read-only: updates go to a copy in memory
            self._location = None
            self._store = self._dataset = None
        self._dataset_store().update(sparql_update, base_iri=base_iri)
        self._updated = True
        self._store = None
        self._triples = None

    def to_rdflib(self) -> rdflib.Graph:  # imported here: rdflib is slow to import
        """The merged graph as an ``rdflib.Graph`` (a copy), for pySHACL and rdflib users."""
        import rdflib

        graph = rdflib.Graph()
        graph.parse(data="".join(self.triple_lines()), format="nt")
        return graph


def _read_lines(file: Path | None) -> Iterator[str]:
    if file is None:
        return iter(())
    try:
        handle = file.open(encoding="utf-8", newline="\n")
    except OSError as err:
        raise GraphLoadError(f"cannot read {file}: {err}") from err
    return _close_after(handle)


def _close_after(handle: TextIO) -> Iterator[str]:
    with handle:
        yield from handle


def _dump(store: ox.Store, graph: ox.NamedNode | ox.BlankNode | ox.DefaultGraph) -> list[str]:
    # without an output, dump returns the bytes (the stub's ``bytes | None`` covers both uses)
    data = cast(bytes, store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph))
    return data.decode("utf-8").splitlines(keepends=True)


def _canonical_lines(store: ox.Store) -> list[str]:
    """The store's quads as canonical lines, in the order the build writes them."""
    lines = sorted(_dump(store, ox.DefaultGraph()))
    for graph in sorted(store.named_graphs(), key=str):
        term = str(graph)
        lines += sorted(f"{line[:-3]} {term} .\n" for line in _dump(store, graph))
    return lines
