"""Writing a graph in the standard RDF formats, always in the same order.

N-Quads, N-Triples and Turtle are written from canonical lines (see :mod:`kg.canonical`):
graphs in IRI order, statements sorted, each triple of the merge once. TriG, JSON-LD and
RDF/XML go through Oxigraph's writers, fed the statements in that same order. The same graph gives
byte-identical files whatever order it was built or loaded in, and exporting a loaded build
reproduces the build's own ``graph.nq`` and ``graph.ttl``.
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from kg.core.namespaces import PREFIXES
from kg.errors import FormatError
from kg.publish.jsonld import write_jsonld
from kg.rdf.canonical import split_quad
from kg.rdf.sorting import sorted_distinct
from kg.rdf.store import KnowledgeGraph
from kg.rdf.turtle import turtle_bytes, write_lines

__all__ = ["Format", "FORMATS", "serialize", "export"]


@dataclass(frozen=True)
class Format:
    name: str
    extension: str
    named_graphs: bool
    rdf_format: ox.RdfFormat


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("turtle", "ttl", False, ox.RdfFormat.TURTLE),
        Format("ntriples", "nt", False, ox.RdfFormat.N_TRIPLES),
        Format("xml", "rdf", False, ox.RdfFormat.RDF_XML),
        Format("jsonld", "jsonld", True, ox.RdfFormat.JSON_LD),
        Format("trig", "trig", True, ox.RdfFormat.TRIG),
        Format("nquads", "nq", True, ox.RdfFormat.N_QUADS),
    )
}


def _format(name: str) -> Format:
    try:
        return FORMATS[name]
    except KeyError:
        raise FormatError(f"unknown format {name!r}; choose one of {', '.join(FORMATS)}") from None


def _triples(graph: KnowledgeGraph, scratch: str) -> Iterator[str]:
    """The merge's distinct triples, sorted, streamed from the quad lines by an external sort
    in ``scratch`` (a whole graph's triples are never held at once)."""
    return sorted_distinct((split_quad(line)[0] for line in graph.quad_lines()),
                           Path(scratch) / "runs")


def _write(graph: KnowledgeGraph, spec: Format, out: BinaryIO) -> None:
    if spec.name == "nquads":
        write_lines(graph.quad_lines(), out)
    elif spec.name in ("ntriples", "turtle"):
        with tempfile.TemporaryDirectory(prefix="kg-export-") as scratch:
            if spec.name == "ntriples":
                write_lines(_triples(graph, scratch), out)
            else:
                turtle_bytes(_triples(graph, scratch), out)
    elif spec.name == "jsonld":  # compact, with the published context inline
        text = io.TextIOWrapper(out, encoding="utf-8", newline="\n", write_through=True)
        try:
            write_jsonld(graph.quad_lines(), text)
        finally:
            text.detach()
    elif spec.named_graphs:  # quads come in canonical order already
        prefixes = PREFIXES if spec.rdf_format is ox.RdfFormat.TRIG else None
        ox.serialize(graph.quads(), out, spec.rdf_format, prefixes=prefixes)
    else:
        triples = ox.parse("".join(graph.triple_lines()).encode(), format=ox.RdfFormat.N_TRIPLES)
        ox.serialize(triples, out, spec.rdf_format, prefixes=PREFIXES)


def serialize(graph: KnowledgeGraph, fmt: str, out: BinaryIO | None = None) -> bytes | None:
    """Write ``graph`` as ``fmt`` to ``out``, or return the bytes when ``out`` is ``None``."""
    spec = _format(fmt)
    if out is not None:
        _write(graph, spec, out)
        return None
    buffer = io.BytesIO()
    _write(graph, spec, buffer)
    return buffer.getvalue()


def export(graph: KnowledgeGraph, fmt: str, path: str | Path) -> Path:
    """Write ``graph`` as ``fmt`` into the file ``path``; returns the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        serialize(graph, fmt, out)
    return path
