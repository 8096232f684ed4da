"""Writing a graph in the standard RDF formats, always in the same order.

Formats with named graphs (TriG, N-Quads, JSON-LD) keep one graph per article; the others write
the union. Statements are sorted before writing, so the same graph gives byte-identical files
whatever order it was built or loaded in.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from .errors import FormatError
from .namespaces import PREFIXES
from .store import KnowledgeGraph

__all__ = ["Format", "FORMATS", "serialize", "export"]


@dataclass(frozen=True)
class Format:
    name: str
    rdf_format: ox.RdfFormat
    extension: str
    named_graphs: bool


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("turtle", ox.RdfFormat.TURTLE, "ttl", False),
        Format("ntriples", ox.RdfFormat.N_TRIPLES, "nt", False),
        Format("xml", ox.RdfFormat.RDF_XML, "rdf", False),
        Format("jsonld", ox.RdfFormat.JSON_LD, "jsonld", True),
        Format("trig", ox.RdfFormat.TRIG, "trig", True),
        Format("nquads", ox.RdfFormat.N_QUADS, "nq", True),
    )
}


def _format(name: str) -> Format:
    try:
        return FORMATS[name]
    except KeyError:
        raise FormatError(f"unknown format {name!r}; choose one of {', '.join(FORMATS)}") from None


def _quad_key(q: ox.Quad) -> tuple[str, str, str, str]:
    return (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object))


def _triple_key(t: ox.Triple) -> tuple[str, str, str]:
    return (str(t.subject), str(t.predicate), str(t.object))


def serialize(graph: KnowledgeGraph, fmt: str, out: BinaryIO | None = None) -> bytes | None:
    """Write ``graph`` as ``fmt`` to ``out``, or return the bytes when ``out`` is ``None``."""
    spec = _format(fmt)
    if spec.named_graphs:
        statements: list = sorted(graph.quads(), key=_quad_key)
    else:
        statements = sorted(graph.triples(), key=_triple_key)
    prefixes = PREFIXES if spec.rdf_format is not ox.RdfFormat.N_TRIPLES else None
    return ox.serialize(statements, out, spec.rdf_format, prefixes=prefixes)


def export(graph: KnowledgeGraph, fmt: str, path: str | Path) -> Path:
    """Write ``graph`` as ``fmt`` into the file ``path``; returns the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        serialize(graph, fmt, out)
    return path
