"""Running SPARQL over a built graph: the shipped query library, or any query file.

Results come back as a :class:`QueryResult` (columns and rows of RDF terms, or triples for
CONSTRUCT, or a boolean for ASK), which :func:`format_result` writes as a table, CSV, TSV,
SPARQL results JSON or Turtle.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .errors import QueryError
from .resources import query_files
from .store import KnowledgeGraph

__all__ = [
    "QueryInfo",
    "QueryResult",
    "list_queries",
    "resolve_query",
    "run_query",
    "format_result",
    "RESULT_FORMATS",
]

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


@dataclass(frozen=True)
class QueryInfo:
    """A query of the library and what its ``#+ key: value`` header says."""

    name: str
    summary: str
    header: dict[str, str]


def query_header(text: str) -> dict[str, str]:
    r"""The ``#+ key: value`` lines at the top of a query; indented ``#+`` lines continue a value.

    >>> query_header("#+ summary: Genes\n#+ description: one\n#+   two\nSELECT")
    {'summary': 'Genes', 'description': 'one two'}
    """
    header: dict[str, str] = {}
    key = None
    for line in text.splitlines():
        if not line.startswith("#+"):
            if line.strip() and not line.startswith("#"):
                break
            continue
        body = line[2:]
        if body.startswith("   ") and key:
            header[key] = f"{header[key]} {body.strip()}"
            continue
        name, _, value = body.strip().partition(":")
        key = name.strip()
        header[key] = value.strip()
    return header


def list_queries() -> list[QueryInfo]:
    """The shipped query library, by name."""
    out = []
    for name, file in query_files().items():
        header = query_header(file.read_text(encoding="utf-8"))
        out.append(QueryInfo(name, header.get("summary", ""), header))
    return out


def resolve_query(name_or_file: str) -> tuple[str, str]:
    """The (name, text) of a shipped query name (``publications``) or a ``.rq`` file path."""
    library = query_files()
    name = name_or_file[:-3] if name_or_file.endswith(".rq") else name_or_file
    if "/" not in name_or_file and name in library:
        return name, library[name].read_text(encoding="utf-8")
    path = Path(name_or_file)
    if path.is_file():
        return path.stem, path.read_text(encoding="utf-8")
    known = ", ".join(library) or "none"
    raise QueryError(f"no query named {name_or_file!r} and no such file (shipped: {known})")


def run_query(graph: KnowledgeGraph, sparql: str) -> QueryResult:
    """Run ``sparql`` over the union of the graph's named graphs."""
    try:
        result = graph.query(sparql)
    except SyntaxError as err:
        raise QueryError(f"the query does not parse: {err}") from err
    except (OSError, ValueError, TypeError) as err:
        raise QueryError(f"the query failed: {err}") from err
    if isinstance(result, ox.QueryBoolean):
        return QueryResult(boolean=bool(result))
    if isinstance(result, ox.QueryTriples):
        return QueryResult(triples=tuple(result))
    columns = tuple(v.value for v in result.variables)
    rows = tuple(tuple(solution[c] for c in columns) for solution in result)
    return QueryResult(columns, rows)


def _plain(term: Term | None) -> str | None:
    if term is None:
        return None
    if isinstance(term, ox.Triple):
        return str(term)
    return term.value


def _table(result: QueryResult, width: int = 60) -> str:
    def cell(term: Term | None) -> str:
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


def _delimited(result: QueryResult, delimiter: str) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(result.columns)
    for row in result.rows:
        writer.writerow([_plain(v) or "" for v in row])
    return buffer.getvalue()


def _json_term(term: Term) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": str(term)}


def _json(result: QueryResult) -> str:
    if result.boolean is not None:
        return json.dumps({"head": {}, "boolean": result.boolean}, indent=1) + "\n"
    bindings = [
        {c: _json_term(v) for c, v in zip(result.columns, row) if v is not None}
        for row in result.rows
    ]
    data = {"head": {"vars": list(result.columns)}, "results": {"bindings": bindings}}
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def _turtle(result: QueryResult) -> str:
    if result.triples is None:
        raise QueryError("turtle output is for CONSTRUCT and DESCRIBE queries")
    from .namespaces import PREFIXES

    triples = sorted(result.triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES).decode("utf-8")


RESULT_FORMATS = ("table", "csv", "tsv", "json", "turtle")


def format_result(result: QueryResult, fmt: str = "table") -> str:
    """Write a result as ``table``, ``csv``, ``tsv``, ``json`` (SPARQL results) or ``turtle``."""
    if fmt not in RESULT_FORMATS:
        raise QueryError(f"unknown result format {fmt!r}; choose one of {', '.join(RESULT_FORMATS)}")
    if fmt == "turtle":
        return _turtle(result)
    if result.triples is not None:
        return _turtle(result)
    if result.boolean is not None:
        return _json(result) if fmt == "json" else f"{str(result.boolean).lower()}\n"
    if fmt == "json":
        return _json(result)
    if fmt in ("csv", "tsv"):
        return _delimited(result, "," if fmt == "csv" else "\t")
    return _table(result)
