"""The query library: SPARQL files that explain themselves, and their parameters.

Each ``queries/*.rq`` starts with a header::

    #+ summary: Everything known about one gene
    #+ description: One row per mention ...
    #+ param: gene = "Fbxo32" -- the gene's symbol, in any casing

A parameter names a variable of the query and gives its default as a SPARQL term (a literal,
``<iri>`` or ``prefix:name``). Values are bound as RDF terms, never pasted into the query text:
each term, written and escaped by Oxigraph, goes in a ``VALUES`` block that opens the query's
WHERE clause, so the local engine, ``kg serve`` and any remote endpoint run the same text. (The
engine-level substitution of SPARQL SEP-0007 that Oxigraph offers binds only variables the
query projects, which would add parameter columns to results.) A value such as
``x" } ; DROP ALL ; #`` is a string literal: data, never query syntax.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.core.namespaces import PREFIXES, bare_doi, shorten
from kg.core.resources import query_files
from kg.errors import QueryError
from kg.rdf.lexer import Token, tokens

__all__ = ["Param", "NamedQuery", "list_queries", "resolve_query", "bind", "with_values",
           "query_header"]

Term = ox.NamedNode | ox.Literal


@dataclass(frozen=True)
class Param:
    name: str
    default: Term
    description: str

    @property
    def shown(self) -> str:
        """The default as a user types it after ``--param name=``: ``Fbxo32``, ``NCBITaxon:9606``."""
        if isinstance(self.default, ox.NamedNode):
            return shorten(self.default.value)
        return self.default.value


@dataclass(frozen=True)
class NamedQuery:
    """A query of the library (or a file): its name, header and text."""

    name: str
    summary: str
    description: str
    params: tuple[Param, ...]
    text: str

    def sparql(self, values: dict[str, str] | None = None) -> str:
        """The text to run: parameters (``values``, else their defaults) bound in a ``VALUES``
        block, the same text for the local graph, our endpoint and any store."""
        return with_values(self.text, bind(self, values or {}))


def query_header(text: str) -> dict[str, list[str]]:
    r"""The ``#+ key: value`` lines at the top of a query; indented ``#+`` lines continue.

    >>> query_header("#+ summary: Genes\n#+ description: one\n#+   two\nSELECT")
    {'summary': ['Genes'], 'description': ['one two']}
    """
    header: dict[str, list[str]] = {}
    key = None
    for line in text.splitlines():
        if not line.startswith("#+"):
            if line.strip() and not line.startswith("#"):
                break
            continue
        body = line[2:]
        if body.startswith("   ") and key:
            header[key][-1] = f"{header[key][-1]} {body.strip()}"
            continue
        name, _, value = body.strip().partition(":")
        key = name.strip()
        header.setdefault(key, []).append(value.strip())
    return header


_PARAM = re.compile(r"^(\w+)\s*=\s*(.+?)(?:\s+--\s+(.*))?$")
_PREFIX_DECL = re.compile(r"^\s*PREFIX\s+([\w-]*):\s*<([^>]*)>", re.I | re.M)


def _prefixes(text: str) -> dict[str, str]:
    return {**PREFIXES, **{p: iri for p, iri in _PREFIX_DECL.findall(text)}}


def parse_term(term: str, prefixes: dict[str, str]) -> Term:
    """A SPARQL term written as in a query: ``"Fbxo32"``, ``2``, ``<iri>``, ``NCBITaxon:9606``.

    >>> parse_term('"Fbxo32"', {}), parse_term("NCBITaxon:9606", PREFIXES).value
    (<Literal value=Fbxo32 datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#string>>, 'http://purl.obolibrary.org/obo/NCBITaxon_9606')
    """
    try:
        solutions = ox.Store().query(f"SELECT ?v WHERE {{ VALUES ?v {{ {term} }} }}",
                                     prefixes=prefixes)
        if not isinstance(solutions, ox.QuerySolutions):
            raise QueryError(f"{term!r} is not a SPARQL term")
        value = next(iter(solutions))["v"]
    except (SyntaxError, StopIteration) as err:
        raise QueryError(f"{term!r} is not a SPARQL term") from err
    if not isinstance(value, (ox.NamedNode, ox.Literal)):
        raise QueryError(f"{term!r} is not an IRI or a literal")
    return value


def _named(name: str, text: str) -> NamedQuery:
    header = query_header(text)
    prefixes = _prefixes(text)
    params = []
    for line in header.get("param", []):
        m = _PARAM.match(line)
        if not m:
            raise QueryError(f"{name}: cannot read the parameter line {line!r}")
        params.append(Param(m.group(1), parse_term(m.group(2), prefixes), m.group(3) or ""))
    return NamedQuery(name, " ".join(header.get("summary", [])),
                      " ".join(header.get("description", [])), tuple(params), text)


def list_queries() -> list[NamedQuery]:
    """The shipped query library, by name."""
    return [_named(name, file.read_text(encoding="utf-8"))
            for name, file in query_files().items()]


def resolve_query(name_or_file: str) -> NamedQuery:
    """A shipped query by name (``publications``) or a ``.rq`` file."""
    library = query_files()
    name = name_or_file[:-3] if name_or_file.endswith(".rq") else name_or_file
    if "/" not in name_or_file and name in library:
        return _named(name, library[name].read_text(encoding="utf-8"))
    path = Path(name_or_file)
    if path.is_file():
        return _named(path.stem, path.read_text(encoding="utf-8"))
    known = ", ".join(library) or "none"
    raise QueryError(f"no query named {name_or_file!r} and no such file (shipped: {known})")


def bind(query: NamedQuery, values: dict[str, str]) -> dict[ox.Variable, Term]:
    """Each parameter's term: the value given (as text) or the default.

    A value for a literal parameter is a literal of the default's datatype; for an IRI
    parameter, an IRI, a ``prefix:name`` of the project prefixes or the query's own.
    """
    params = {p.name: p for p in query.params}
    unknown = sorted(set(values) - set(params))
    if unknown:
        known = ", ".join(params) or "none"
        raise QueryError(f"{query.name} has no parameter {', '.join(unknown)} (it has: {known})")
    bound: dict[ox.Variable, Term] = {}
    for name, param in params.items():
        if name not in values:
            bound[ox.Variable(name)] = param.default
        elif isinstance(param.default, ox.Literal):
            bound[ox.Variable(name)] = _literal(normalise(name, values[name]), param.default, name)
        elif name.startswith("taxon") and ":" not in values[name]:
            bound[ox.Variable(name)] = _organism(values[name], name)
        else:
            bound[ox.Variable(name)] = _iri(values[name], _prefixes(query.text), name)
    return bound


def normalise(name: str, value: str) -> str:
    """A parameter value in the form the graph holds: a DOI bare and in lower case, however it
    was written (``doi:``, a DOI URL, any case).

    >>> normalise("doi", " https://doi.org/10.1038/S41526-024-00392-6 "), normalise("gene", "p21")
    ('10.1038/s41526-024-00392-6', 'p21')
    """
    if name == "doi":
        return bare_doi(value).lower()
    return value


def _organism(value: str, name: str) -> ox.NamedNode:
    """An organism parameter given by name (mouse, Mus musculus, E. coli): its taxon."""
    from kg.extract.taxa import resolve_organism

    taxon = resolve_organism(value)
    if taxon is None or taxon.id is None:
        raise QueryError(f"parameter {name}: no organism called {value!r} (give a common or "
                         "scientific name, or NCBITaxon:<id>)")
    return ox.NamedNode(taxon.iri)


def _literal(value: str, default: ox.Literal, name: str) -> ox.Literal:
    datatype = default.datatype
    if datatype.value.endswith(("#integer", "#decimal", "#double")):
        try:
            float(value)
        except ValueError:
            raise QueryError(f"parameter {name} takes a number, not {value!r}") from None
    if datatype.value.endswith("#string"):
        return ox.Literal(value)
    return ox.Literal(value, datatype=datatype)


def _iri(value: str, prefixes: dict[str, str], name: str) -> ox.NamedNode:
    value = value.strip().removeprefix("<").removesuffix(">")
    prefix, _, local = value.partition(":")
    if prefix in prefixes and not local.startswith("//"):
        value = prefixes[prefix] + local
    try:
        return ox.NamedNode(value)
    except ValueError:
        raise QueryError(f"parameter {name} takes an IRI, not {value!r}") from None


def with_values(text: str, bound: dict[ox.Variable, Term]) -> str:
    """The query text with its parameters bound in ``VALUES`` blocks, for endpoints that cannot
    substitute variables. Terms are written by Oxigraph (escaped).

    A parameter is a constant of the whole query, so its block opens the outer WHERE clause
    and also every sub-``SELECT``'s WHERE clause that uses the variable: a subquery is
    evaluated on its own, and a filter inside it would otherwise see the variable unbound.

    >>> q = 'SELECT ?s WHERE { ?s ?p ?gene }'
    >>> with_values(q, {ox.Variable("gene"): ox.Literal('x" } ; DROP ALL ; #')})
    'SELECT ?s WHERE { VALUES ?gene { "x\\\\" } ; DROP ALL ; #" } ?s ?p ?gene }'
    >>> with_values('SELECT * WHERE { { SELECT ?s WHERE { ?s ?p ?o FILTER(?o = ?v) } } }',
    ...             {ox.Variable("v"): ox.Literal("1")})
    'SELECT * WHERE { VALUES ?v { "1" } { SELECT ?s WHERE { VALUES ?v { "1" } ?s ?p ?o FILTER(?o = ?v) } } }'
    """
    if not bound:
        return text
    body = "\n".join("" if line.lstrip().startswith("#") else line for line in text.splitlines())
    listed = list(tokens(body))
    inserts: list[tuple[int, str]] = []
    for i, token in enumerate(listed[:-1]):
        if not (token.keyword("WHERE") and listed[i + 1].kind == "open"):
            continue
        outer = not inserts
        names = list(bound) if outer else [v for v in bound if v.value in _scope(listed, i)]
        if names:
            block = " ".join(f"VALUES ?{v.value} {{ {bound[v]} }}" for v in names)
            inserts.append((listed[i + 1].start + 1, f" {block}"))
    if not inserts:
        raise QueryError("parameters need a query with a WHERE clause")
    for at, block in reversed(inserts):
        body = body[:at] + block + body[at:]
    return body


def _scope(listed: list[Token], where: int) -> set[str]:
    """The variables a sub-SELECT whose ``WHERE`` is ``listed[where]`` uses anywhere: its
    projection, its WHERE clause and its modifiers (``GROUP BY ?min``, ``HAVING``), i.e.
    every variable inside the braces that enclose the subquery."""
    depth = listed[where].depth
    start = next(j for j in range(where, -1, -1)
                 if listed[j].kind == "open" and listed[j].depth == depth - 1)
    found = set()
    for later in listed[start + 1:]:
        if later.kind == "close" and later.depth == depth - 1:
            break
        if later.kind == "var":
            found.add(later.text[1:])
    return found
