"""Canonical N-Triples terms and lines: the form every statement of a build takes.

The build works on text: every statement is one canonical N-Quads line (W3C canonical
N-Triples escaping, the form Oxigraph writes too), so statements sort and deduplicate as plain
strings and files come out byte-identical. The benchmark is why: creating pyoxigraph objects
cost more than parsing the articles, and sorting them more again (see README, Performance).
"""

from __future__ import annotations

import hashlib
import json
import re

from kg.core.namespaces import BAD_IRI as _BAD_IRI
from kg.core.namespaces import encode_iri  # kept importable from here

__all__ = [
    "iri",
    "literal",
    "integer",
    "escape",
    "unescape",
    "key_hash",
    "encode_iri",
    "quad_line",
    "split_quad",
    "drop_graph",
    "XSD",
    "XSD_STRING",
]

XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = XSD + "string"
_RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"

# canonical N-Triples: these are escaped, every other character is written as itself
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b",
            "\f": "\\f"}
for _code in [*range(0x00, 0x20), 0x7F]:
    _ESCAPES.setdefault(chr(_code), f"\\u{_code:04X}")
_NEEDS_ESCAPE = re.compile("[" + re.escape("".join(_ESCAPES)) + "]")


def escape(text: str) -> str:
    r"""Escape a literal's lexical form the canonical N-Triples way.

    >>> escape('say "hi"\n\tthen\\go')
    'say \\"hi\\"\\n\\tthen\\\\go'
    """
    if not _NEEDS_ESCAPE.search(text):
        return text
    return _NEEDS_ESCAPE.sub(lambda m: _ESCAPES[m.group(0)], text)


def unescape(lexical: str) -> str:
    r"""The value of an N-Triples string body (canonical escapes only): :func:`escape` undone.

    >>> unescape('say \\"hi\\"\\n')
    'say "hi"\n'
    """
    return str(json.loads('"' + lexical.replace("\\U", "\\u") + '"')) if "\\" in lexical else lexical


def key_hash(*parts: str) -> str:
    """16 hex digits of the SHA-1 of ``parts``: the tail of an IRI minted from them."""
    return hashlib.sha1("\x1f".join(parts).encode("utf-8", "surrogateescape")).hexdigest()[:16]


def iri(value: str) -> str:
    """``<value>``; raises ``ValueError`` for a character no IRI may hold.

    >>> iri("https://doi.org/10.1038/x")
    '<https://doi.org/10.1038/x>'
    """
    if _BAD_IRI.search(value) or ":" not in value:
        raise ValueError(f"not an absolute IRI: {value!r}")
    return f"<{value}>"


def literal(value: str, datatype: str | None = None, language: str | None = None) -> str:
    """A literal term: plain string, typed, or language-tagged.

    >>> literal("1.5", XSD + "decimal"), literal("Mice"), literal("Tags", language="en")
    ('"1.5"^^<http://www.w3.org/2001/XMLSchema#decimal>', '"Mice"', '"Tags"@en')
    """
    text = f'"{escape(value)}"'
    if language:
        return f"{text}@{language.lower()}"
    if datatype and datatype != XSD_STRING:
        return f"{text}^^<{datatype}>"
    return text


def integer(value: int) -> str:
    """An ``xsd:integer`` literal term.

    >>> integer(3)
    '"3"^^<http://www.w3.org/2001/XMLSchema#integer>'
    """
    return literal(str(value), XSD + "integer")


def quad_line(s: str, p: str, o: str, g: str) -> str:
    return f"{s} {p} {o} {g} .\n"


def split_quad(line: str) -> tuple[str, str]:
    """A canonical line as (triple line, graph term); the graph is ``""`` for a triple line.

    >>> split_quad('<a:s> <a:p> "x y" <a:g> .\\n')
    ('<a:s> <a:p> "x y" .\\n', '<a:g>')
    >>> split_quad('<a:s> <a:p> "say \\\\"<b:c>\\\\"" .\\n')
    ('<a:s> <a:p> "say \\\\"<b:c>\\\\"" .\\n', '')
    """
    head = line.index(" ", line.index(" ") + 1) + 1  # after subject and predicate
    rest = line.rstrip("\n")[:-1].rstrip()  # without the final " ."
    if rest[head] != '"':
        end = rest.find(" ", head)
    else:  # a literal: find its closing quote, then any datatype or language tag
        end = head + 1
        while True:
            end = rest.index('"', end)
            before = end - 1
            while rest[before] == "\\":
                before -= 1
            end += 1
            if (end - 2 - before) % 2 == 0:  # an even number of backslashes: not escaped
                break
        end = rest.find(" ", rest.index(">", end) if rest.startswith("^^", end) else end)
    if end == -1:
        return line if line.endswith("\n") else line + "\n", ""
    return f"{rest[:end]} .\n", rest[end + 1:]


def drop_graph(line: str) -> str:
    """The triple of a quad line that has a graph term (as every article line has): fast path.

    >>> drop_graph('<a:s> <a:p> "x y" <a:g> .\\n')
    '<a:s> <a:p> "x y" .\\n'
    """
    return line[: line.rindex(" ", 0, len(line) - 3)] + " .\n"
