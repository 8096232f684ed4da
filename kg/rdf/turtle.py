"""Turtle written from sorted canonical N-Triples lines, with the project prefixes.

One subject block at a time, predicates and objects grouped, IRIs shortened with
:class:`~kg.core.namespaces.Shortener` where the local name is plainly safe. The writer never
holds more than one line, so it streams; the same lines give the same bytes.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from typing import BinaryIO, TextIO

from kg.core.namespaces import PREFIXES, Shortener
from kg.rdf.canonical import XSD

__all__ = ["write_turtle", "turtle_bytes", "subject_blocks", "write_lines"]

_RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_INTEGER = re.compile(r"^[+-]?[0-9]+$")
_DECIMAL = re.compile(r"^[+-]?[0-9]*\.[0-9]+$")


def _object(short: Shortener, term: str) -> str:
    if term.startswith("<"):
        return short.term(term)
    if term.startswith('"') and term.endswith(">") and '"^^<' in term:
        lexical, _, datatype = term.rpartition("^^")
        if datatype == f"<{XSD}integer>" and _INTEGER.match(lexical[1:-1]):
            return lexical[1:-1]
        if datatype == f"<{XSD}decimal>" and _DECIMAL.match(lexical[1:-1]):
            return lexical[1:-1]
        return f"{lexical}^^{short.term(datatype)}"
    return term


def _split_triple(line: str) -> tuple[str, str, str]:
    s, p, rest = line.rstrip("\n").split(" ", 2)
    return s, p, rest[:-2].rstrip()


def write_turtle(lines: Iterable[str], out: TextIO, prefixes: dict[str, str] = PREFIXES,
                 header: bool = True) -> int:
    """Write sorted, distinct N-Triples ``lines`` as Turtle; returns the number of triples.
    ``header=False``: the subject blocks alone, without the ``@prefix`` lines."""
    short = Shortener(prefixes)
    for prefix, space in prefixes.items() if header else ():
        out.write(f"@prefix {prefix}: <{space}> .\n")
    count = 0
    subject = predicate = None
    for line in lines:
        s, p, o = _split_triple(line)
        count += 1
        if s != subject:
            if subject is not None:
                out.write(" .\n")
            out.write(f"\n{short.term(s) if s.startswith('<') else s}\n")
            out.write(f"    {'a' if p == _RDF_TYPE else short.term(p)} {_object(short, o)}")
            subject, predicate = s, p
        elif p != predicate:
            out.write(f" ;\n    {'a' if p == _RDF_TYPE else short.term(p)} {_object(short, o)}")
            predicate = p
        else:
            out.write(f" ,\n        {_object(short, o)}")
    if subject is not None:
        out.write(" .\n")
    return count


def turtle_bytes(triple_lines: Iterable[str], out: BinaryIO) -> int:
    """Write sorted N-Triples lines as Turtle with the project prefixes; returns the count."""
    text = io.TextIOWrapper(out, encoding="utf-8", newline="\n", write_through=True)
    try:
        return write_turtle(triple_lines, text, PREFIXES)
    finally:
        text.detach()


def subject_blocks(triple_lines: Iterable[str]) -> str:
    """The subject blocks of sorted N-Triples lines as :func:`turtle_bytes` writes them, each
    ``\n`` + subject line + its predicates and objects + `` .\n``: what a rebuild puts in
    place of a changed subject's block in ``graph.ttl`` (:mod:`kg.rdf.splice`)."""
    text = io.StringIO(newline="\n")
    write_turtle(triple_lines, text, PREFIXES, header=False)
    return text.getvalue()


def write_lines(lines: Iterable[str], out: BinaryIO) -> None:
    """Write text lines to a binary file as UTF-8."""
    for line in lines:
        out.write(line.encode("utf-8"))
