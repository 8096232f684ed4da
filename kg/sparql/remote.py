"""Remote SPARQL 1.1 endpoints: queries through SPARQLWrapper, with basic or digest auth.

Credentials come from options or the environment (``KG_ENDPOINT_USER``,
``KG_ENDPOINT_PASSWORD``, ``KG_ENDPOINT_AUTH``) and are never printed: an
:class:`Endpoint` shows only its URL, and errors name the URL and the server's answer.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.errors import QueryError
from kg.sparql.library import resolve_query
from kg.sparql.run import QueryResult

__all__ = ["Endpoint", "query_endpoint", "run_named_remote", "AUTH_SCHEMES"]

AUTH_SCHEMES = ("basic", "digest")


@dataclass(frozen=True)
class Endpoint:
    """A SPARQL endpoint and, if it needs them, credentials (kept out of repr and messages)."""

    url: str
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    auth: str = "basic"

    @classmethod
    def configure(cls, url: str, user: str | None = None, password: str | None = None,
                  auth: str | None = None) -> Endpoint:
        """Options win over ``KG_ENDPOINT_USER`` / ``KG_ENDPOINT_PASSWORD`` / ``KG_ENDPOINT_AUTH``."""
        auth = (auth or os.environ.get("KG_ENDPOINT_AUTH") or "basic").lower()
        if auth not in AUTH_SCHEMES:
            raise QueryError(f"unknown authentication {auth!r}; choose {' or '.join(AUTH_SCHEMES)}")
        return cls(url, user or os.environ.get("KG_ENDPOINT_USER") or None,
                   password or os.environ.get("KG_ENDPOINT_PASSWORD") or None, auth)


def _term(binding: dict[str, str]) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    kind, value = binding["type"], binding["value"]
    if kind == "uri":
        return ox.NamedNode(value)
    if kind == "bnode":
        return ox.BlankNode(value)
    if "xml:lang" in binding:
        return ox.Literal(value, language=binding["xml:lang"])
    if "datatype" in binding:
        return ox.Literal(value, datatype=ox.NamedNode(binding["datatype"]))
    return ox.Literal(value)


def query_endpoint(endpoint: Endpoint, sparql: str, timeout: float = 60.0) -> QueryResult:
    """Run ``sparql`` at ``endpoint`` and read the answer as RDF terms."""
    from SPARQLWrapper import BASIC, DIGEST, JSON, N3, POST, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    client = SPARQLWrapper(endpoint.url)
    client.setMethod(POST)
    client.setTimeout(int(timeout))
    client.setQuery(sparql)
    if endpoint.user is not None:
        client.setHTTPAuth(DIGEST if endpoint.auth == "digest" else BASIC)
        client.setCredentials(endpoint.user, endpoint.password or "")
    graph_query = client.queryType in ("CONSTRUCT", "DESCRIBE")
    client.setReturnFormat(N3 if graph_query else JSON)
    try:
        response = client.query()
        data = response.convert() if not graph_query else response.response.read()
    except SPARQLWrapperException as err:
        raise QueryError(f"{endpoint.url} refused the query: {_first_line(err)}") from err
    except OSError as err:  # urllib errors: connection refused, 401, timeouts
        raise QueryError(f"{endpoint.url}: {_first_line(err)}") from err
    if graph_query:
        return QueryResult(triples=tuple(ox.parse(data, format=ox.RdfFormat.TURTLE)))
    if "boolean" in data:
        return QueryResult(boolean=bool(data["boolean"]))
    columns = tuple(data["head"]["vars"])
    rows = tuple(tuple(_term(b[c]) if c in b else None for c in columns)
                 for b in data["results"]["bindings"])
    return QueryResult(columns, rows)


def _first_line(err: BaseException) -> str:
    """The error in one line: SPARQLWrapper's first line and the server's answer, if any."""
    text = str(err).strip()
    head, _, response = text.partition("Response:")
    lines = head.strip().splitlines()
    message = lines[0] if lines else type(err).__name__
    if response.strip():
        body = response.strip()
        if body.startswith(("b'", 'b"')):
            body = body[2:-1].replace("\\n", " ")
        message += " " + " ".join(body.split())[:400]
    return message[:600]


def run_named_remote(endpoint: Endpoint, name_or_file: str,
                     params: dict[str, str] | None = None) -> QueryResult:
    """Run a query of the library at an endpoint, parameters bound in a ``VALUES`` block."""
    return query_endpoint(endpoint, resolve_query(name_or_file).sparql(params))
