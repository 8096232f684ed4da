"""The query library as SPARQL examples in the SIB convention (SHACL executables in Turtle).

SIB's endpoints (UniProt, Bgee, OMA ...) publish their example queries as RDF, one
``sh:SPARQLExecutable`` each with the question in ``rdfs:comment`` and the text in
``sh:select`` / ``sh:ask`` / ``sh:construct``, so that query editors (YASGUI's example
browser, sparql-examples tools) can list and run them, and so that the examples themselves can
be queried. Here each query of ``queries/*.rq`` becomes one such example: its name as
``rdfs:label`` and in its IRI, its summary as the comment, its text with the parameters bound
to their defaults (so that the example runs as written), the endpoint as ``schema:target``
and keywords from a ``#+ keywords:`` header or else the words of its name. The file is written
from sorted N-Triples lines: the same library gives the same bytes.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from pathlib import Path

from kg.core.namespaces import BASE, PREFIXES, RDF, RDFS, SCHEMA, SH
from kg.rdf.canonical import iri, literal
from kg.rdf.turtle import write_turtle
from kg.sparql.library import NamedQuery, list_queries, query_header

__all__ = ["EXAMPLES_FILE", "EXAMPLE_SPACE", "query_form", "example_lines", "examples_turtle",
           "write_examples"]

EXAMPLES_FILE = "examples.ttl"
#: where example IRIs live: one per query name
EXAMPLE_SPACE = BASE + "sparql-examples/"

#: the executable class and the property holding the text, by query form
_FORMS = {
    "SELECT": ("SPARQLSelectExecutable", "select"),
    "ASK": ("SPARQLAskExecutable", "ask"),
    "CONSTRUCT": ("SPARQLConstructExecutable", "construct"),
    "DESCRIBE": ("SPARQLDescribeExecutable", "describe"),
}
_FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)
_STRING = re.compile(r"\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'|<[^>\s]*>")


def query_form(text: str) -> str:
    """The form of a query (``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``): the first form
    keyword outside comments, strings and IRIs.

    >>> query_form('# ASK me\\nPREFIX a: <http://x/ASK>\\nconstruct { ?s ?p "SELECT" } WHERE {}')
    'CONSTRUCT'
    """
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    match = _FORM.search(_STRING.sub('""', body))
    if match is None:
        raise ValueError("no SELECT, ASK, CONSTRUCT or DESCRIBE in the query")
    return match.group(1).upper()


def keywords(query: NamedQuery) -> list[str]:
    """A ``#+ keywords:`` header (comma-separated), else the longer words of the query's name.

    >>> from kg.sparql.library import NamedQuery
    >>> keywords(NamedQuery("cross-species-genes", "", "", (), "SELECT * {}"))
    ['cross', 'genes', 'species']
    """
    header = query_header(query.text).get("keywords")
    words = [w.strip() for line in header for w in line.split(",")] if header else query.name.split("-")
    return sorted({w for w in words if len(w) > 2})  # not "in", "by" of a name


def _line(s: str, p: object, o: str) -> str:
    return f"{s} {iri(str(p))} {o} .\n"


def example_lines(queries: Iterable[NamedQuery], endpoint: str | None = None) -> list[str]:
    """Sorted N-Triples lines of the examples of ``queries`` (``endpoint``: their target)."""
    lines = []
    for query in queries:
        node = iri(EXAMPLE_SPACE + query.name)
        text = query.sparql().strip() + "\n"  # the bound text blanks the header's lines
        cls, prop = _FORMS[query_form(text)]
        lines += [
            _line(node, RDF.type, iri(str(SH.SPARQLExecutable))),
            _line(node, RDF.type, iri(str(SH[cls]))),
            _line(node, SH[prop], literal(text)),
            _line(node, RDFS.label, literal(query.name)),
        ]
        if query.summary:
            lines.append(_line(node, RDFS.comment, literal(query.summary, language="en")))
        if query.description:
            lines.append(_line(node, SCHEMA.description, literal(query.description, language="en")))
        lines += [_line(node, SCHEMA.keywords, literal(word)) for word in keywords(query)]
        if endpoint:
            lines.append(_line(node, SCHEMA.target, iri(endpoint)))
    return sorted(set(lines))


def examples_turtle(endpoint: str | None = None, queries: Iterable[NamedQuery] | None = None) -> str:
    """The examples of the shipped library (or of ``queries``) as Turtle text."""
    out = io.StringIO()
    prefixes = {**PREFIXES, "sh": str(SH)}
    write_turtle(example_lines(list_queries() if queries is None else queries, endpoint), out, prefixes)
    return out.getvalue()


def write_examples(path: str | Path, endpoint: str | None = None) -> Path:
    """Write the shipped library's examples as Turtle to ``path``; returns the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(examples_turtle(endpoint), encoding="utf-8", newline="\n")
    return path
