"""Query results written for people and programs: a terminal table, the SPARQL result formats
(CSV, TSV, JSON, XML) and Turtle for CONSTRUCT and DESCRIBE."""

from __future__ import annotations

import pyoxigraph as ox

from kg.errors import QueryError
from kg.sparql.result import QueryResult, Term, plain
from kg.sparql.results import to_csv, to_json, to_tsv, to_xml

__all__ = ["RESULT_FORMATS", "format_result"]


def _table(result: QueryResult, width: int = 60) -> str:
    """A terminal table: IRIs shortened with the project prefixes (``ncbigene:12575``), long
    values cut at ``width`` characters."""
    from kg.core.namespaces import shorten

    def cell(term: Term | None) -> str:
        if isinstance(term, ox.NamedNode):
            return shorten(term.value)
        text = plain(term) or ""
        text = " ".join(text.split())
        return text if len(text) <= width else text[: width - 1] + "…"

    cells = [[cell(v) for v in row] for row in result.rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(result.columns)]
    line = "  ".join(c.ljust(w) for c, w in zip(result.columns, widths)).rstrip()
    out = [line, "  ".join("-" * w for w in widths)]
    out += ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in cells]
    out.append(f"({len(result.rows)} row{'s' if len(result.rows) != 1 else ''})")
    return "\n".join(out) + "\n"


def _turtle(result: QueryResult) -> str:
    """CONSTRUCT results as Turtle, written the way the build writes graph.ttl: sorted, with
    the project prefixes, the same bytes for the same triples."""
    if result.triples is None:
        raise QueryError("turtle output is for CONSTRUCT and DESCRIBE queries")
    import io

    from kg.core.namespaces import PREFIXES
    from kg.rdf.turtle import write_turtle

    data = (ox.serialize(result.triples, format=ox.RdfFormat.N_TRIPLES) or b"").decode("utf-8")
    out = io.StringIO()
    write_turtle(sorted(set(data.splitlines(keepends=True))), out, PREFIXES)
    return out.getvalue()


RESULT_FORMATS = ("table", "csv", "tsv", "json", "xml", "turtle")
_WRITERS = {"csv": to_csv, "tsv": to_tsv, "json": to_json, "xml": to_xml}


def format_result(result: QueryResult, fmt: str = "table") -> str:
    """Write a result as ``table``, the SPARQL results formats ``csv``, ``tsv``, ``json``,
    ``xml``, or ``turtle`` (CONSTRUCT and DESCRIBE)."""
    if fmt not in RESULT_FORMATS:
        raise QueryError(f"unknown result format {fmt!r}; choose one of {', '.join(RESULT_FORMATS)}")
    if fmt == "turtle" or result.triples is not None:  # graphs are written as Turtle
        return _turtle(result)
    if fmt in _WRITERS:
        return _WRITERS[fmt](result.columns, result.rows, result.boolean)
    if result.boolean is not None:
        return f"{str(result.boolean).lower()}\n"
    return _table(result)
