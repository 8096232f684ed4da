"""SPARQL query results written in the standard formats: JSON, XML, CSV and TSV.

Written here rather than by Oxigraph because callers hold rows already (the endpoint counts them
against its result-size limit; remote results arrive as rows).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

__all__ = ["to_json", "to_xml", "to_csv", "to_tsv", "MEDIA_TYPES"]

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
Row = Sequence[Term | None]

#: result format -> media type
MEDIA_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _json_term(term: Term) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != _XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": str(term)}


def to_json(columns: Sequence[str] | None, rows: Sequence[Row], boolean: bool | None = None) -> str:
    """SPARQL 1.1 Query Results JSON."""
    if boolean is not None:
        return json.dumps({"head": {}, "boolean": boolean}, indent=1) + "\n"
    columns = columns or ()
    bindings = [{c: _json_term(v) for c, v in zip(columns, row) if v is not None} for row in rows]
    data = {"head": {"vars": list(columns)}, "results": {"bindings": bindings}}
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def _xml_term(term: Term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != _XSD_STRING:
            return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    return f"<literal>{escape(str(term))}</literal>"


def to_xml(columns: Sequence[str] | None, rows: Sequence[Row], boolean: bool | None = None) -> str:
    """SPARQL Query Results XML."""
    out = ['<?xml version="1.0"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">']
    if boolean is not None:
        out += ["<head/>", f"<boolean>{str(boolean).lower()}</boolean>", "</sparql>"]
        return "\n".join(out) + "\n"
    columns = columns or ()
    out.append("<head>" + "".join(f"<variable name={quoteattr(c)}/>" for c in columns) + "</head>")
    out.append("<results>")
    for row in rows:
        cells = "".join(f"<binding name={quoteattr(c)}>{_xml_term(v)}</binding>"
                        for c, v in zip(columns, row) if v is not None)
        out.append(f"<result>{cells}</result>")
    out += ["</results>", "</sparql>"]
    return "\n".join(out) + "\n"


def _plain(term: Term | None) -> str:
    if term is None:
        return ""
    return str(term) if isinstance(term, ox.Triple) else term.value


def to_csv(columns: Sequence[str] | None, rows: Sequence[Row], boolean: bool | None = None) -> str:
    """SPARQL 1.1 Query Results CSV: plain values, types lost."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if boolean is not None:
        writer.writerow(["boolean"])
        writer.writerow([str(boolean).lower()])
        return buffer.getvalue()
    writer.writerow(columns or ())
    for row in rows:
        writer.writerow([_plain(v) for v in row])
    return buffer.getvalue()


def to_tsv(columns: Sequence[str] | None, rows: Sequence[Row], boolean: bool | None = None) -> str:
    """SPARQL 1.1 Query Results TSV: terms in SPARQL syntax, types kept."""
    if boolean is not None:
        return f"?boolean\n{str(boolean).lower()}\n"
    lines = ["\t".join(f"?{c}" for c in columns or ())]
    lines += ["\t".join("" if v is None else str(v) for v in row) for row in rows]
    return "\n".join(lines) + "\n"
