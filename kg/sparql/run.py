"""Running SPARQL over a built graph: the shipped query library, or any query file.

Results come back as a :class:`QueryResult` (columns and rows of RDF terms, or triples for
CONSTRUCT, or a boolean for ASK), which :func:`format_result` writes as a table, CSV, TSV,
SPARQL results JSON or Turtle.
"""

from __future__ import annotations

from dataclasses import dataclass
import pyoxigraph as ox

from kg.errors import QueryError
from kg.sparql.library import resolve_query
from kg.sparql.results import to_csv, to_json, to_tsv, to_xml
from kg.rdf.store import KnowledgeGraph

__all__ = ["QueryResult", "run_query", "run_named", "format_result", "RESULT_FORMATS"]

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


@dataclass(frozen=True)
class QueryResult:
    """Columns and rows for SELECT; ``triples`` for CONSTRUCT/DESCRIBE; ``boolean`` for ASK."""

    columns: tuple[str, ...] = ()
    rows: tuple[tuple[Term | None, ...], ...] = ()
    triples: tuple[ox.Triple, ...] | None = None
    boolean: bool | None = None

    def values(self) -> list[dict[str, str | None]]:
        """Rows as dictionaries of plain strings (IRIs and lexical forms), for Python users."""
        return [{c: _plain(v) for c, v in zip(self.columns, row)} for row in self.rows]


def run_query(graph: KnowledgeGraph, sparql: str,
              bound: dict[ox.Variable, object] | None = None) -> QueryResult:
    """Run ``sparql`` over the graph, variables of ``bound`` bound as RDF terms by the engine."""
    try:
        result = graph.query(sparql, bound)
    except SyntaxError as err:
        raise QueryError(f"the query does not parse: {err}") from err
    except (OSError, ValueError, TypeError, RuntimeError) as err:
        raise QueryError(f"the query failed: {err}") from err
    if isinstance(result, ox.QueryBoolean):
        return QueryResult(boolean=bool(result))
    if isinstance(result, ox.QueryTriples):
        return QueryResult(triples=tuple(result))
    columns = tuple(v.value for v in result.variables)
    rows = tuple(tuple(solution[c] for c in columns) for solution in result)
    return QueryResult(columns, rows)


def run_named(graph: KnowledgeGraph, name_or_file: str,
              params: dict[str, str] | None = None) -> QueryResult:
    """Run a query of the library (or a file) over ``graph`` with its parameters bound, in
    the same ``VALUES`` block an endpoint receives: one query text everywhere."""
    return run_query(graph, resolve_query(name_or_file).sparql(params))


def _plain(term: Term | None) -> str | None:
    if term is None:
        return None
    if isinstance(term, ox.Triple):
        return str(term)
    return term.value


def _table(result: QueryResult, width: int = 60) -> str:
    """A terminal table: IRIs shortened with the project prefixes (``ncbigene:12575``), long
    values cut at ``width`` characters."""
    from kg.rdf.canonical import shortener
    from kg.core.namespaces import PREFIXES

    short = shortener(PREFIXES)

    def cell(term: Term | None) -> str:
        if isinstance(term, ox.NamedNode):
            return short(f"<{term.value}>").removeprefix("<").removesuffix(">")
        text = _plain(term) or ""
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

    from kg.rdf.canonical import write_turtle
    from kg.core.namespaces import PREFIXES

    data = ox.serialize(result.triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
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
