"""JSON-LD in compact form, written from canonical N-Quads lines, with the project's context.

The context is ``ontology/context.jsonld`` (the project prefixes: ``sbkg:``, ``ncbigene:``,
``NCBITaxon:`` ...), published with the ontology and written inline into every file, so that a
file reads back offline, without fetching a context. Each named graph is one object of the
top-level ``@graph`` with its own ``@graph`` of nodes; each node lists its types under
``@type`` and every property as an array, IRIs as ``{"@id": ...}``, typed and tagged literals
with ``@type`` / ``@language`` (lexical forms kept exactly, so the file parses back to the same
quads). Lines come sorted, so the file streams and the same graph gives the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from kg.core.namespaces import PREFIXES, Shortener
from kg.rdf.canonical import split_quad, unescape

__all__ = ["context", "write_jsonld", "context_file_text"]

_RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"


def context() -> dict[str, Any]:
    """The JSON-LD context: every project prefix (what ``ontology/context.jsonld`` holds).

    JSON-LD 1.1 uses a term as a prefix only when its IRI ends in ``/``, ``#``, ``:`` (a
    gen-delim) or when the term says ``"@prefix": true``, as ``NCBITaxon_`` needs.
    """
    out: dict[str, Any] = {"@version": 1.1}
    for prefix, space in PREFIXES.items():
        out[prefix] = space if space[-1] in ":/?#[]@" else {"@id": space, "@prefix": True}
    return out


def context_file_text() -> str:
    """The text of ``ontology/context.jsonld`` (a test holds the shipped file to it:
    ``python -c "from kg.publish.jsonld import *; print(context_file_text(), end='')"
    > ontology/context.jsonld`` after a change of prefixes)."""
    return json.dumps({"@context": context()}, indent=1) + "\n"


def _compact(short: Shortener, term: str) -> str:
    """An N-Triples IRI term as a compact IRI of the context, or the full IRI."""
    return short(term[1:-1])


def _value(term: str, short: Shortener) -> dict[str, str] | str:
    if term.startswith("<"):
        return {"@id": _compact(short, term)}
    body, _, tail = term[1:].rpartition('"')
    value = unescape(body)
    if tail.startswith("@"):
        return {"@value": value, "@language": tail[1:]}
    if tail.startswith("^^"):
        return {"@value": value, "@type": _compact(short, tail[2:])}
    return value


def _nodes(lines: Iterable[str], short: Shortener) -> Iterator[tuple[str, dict[str, Any]]]:
    """(graph term, node object) for each subject, in line order."""
    subject = graph = None
    node: dict[str, Any] = {}
    for line in lines:
        triple, g = split_quad(line)
        s, p, o = triple.rstrip(" .\n").split(" ", 2)
        if (s, g) != (subject, graph):
            if subject is not None and graph is not None:
                yield graph, node
            subject, graph = s, g
            node = {"@id": _compact(short, s) if s.startswith("<") else s}
        if p == _RDF_TYPE:
            node.setdefault("@type", []).append(_compact(short, o))
        else:
            node.setdefault(_compact(short, p), []).append(_value(o, short))
    if subject is not None and graph is not None:
        yield graph, node


def write_jsonld(quad_lines: Iterable[str], out: TextIO) -> None:
    """Write sorted canonical N-Quads (or N-Triples) lines as compact JSON-LD."""
    short = Shortener(PREFIXES)
    out.write('{\n "@context": ' + json.dumps(context(), ensure_ascii=False))
    out.write(',\n "@graph": [')
    current = ""  # the named graph whose object is open ("" for none)
    top = inner = 0  # items written at the top level, and inside the open graph
    for graph, node in _nodes(quad_lines, short):
        if graph != current:
            if current:
                out.write("\n  ]}")
            current, inner = graph, 0
            if graph:  # a named graph: an object at the top level with its own @graph
                out.write(("," if top else "") + '\n  {"@id": ' + json.dumps(_compact(short, graph))
                          + ', "@graph": [')
                top += 1
        text = json.dumps(node, ensure_ascii=False, sort_keys=True)
        if current:
            out.write(("," if inner else "") + "\n   " + text)
            inner += 1
        else:  # a triple of the default graph
            out.write(("," if top else "") + "\n  " + text)
            top += 1
    if current:
        out.write("\n  ]}")
    out.write("\n ]\n}\n")
