"""Remote SPARQL 1.1 endpoints: queries and updates through SPARQLWrapper, basic or digest auth.

Credentials are values given by the caller (the CLI reads them from options or the
environment; the library never does) and are never shown: an :class:`Endpoint` and a
:class:`RemoteEngine` show only their URL, and errors name the URL and the server's answer.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from kg.errors import QueryError, QueryLimitError
from kg.sparql.library import resolve_query
from kg.sparql.result import QueryResult, from_json

__all__ = ["Endpoint", "RemoteEngine", "query_endpoint", "run_named_remote", "AUTH_SCHEMES"]

AUTH_SCHEMES = ("basic", "digest")


@dataclass(frozen=True)
class Endpoint:
    """An HTTP address and, if it needs them, credentials (kept out of repr and messages).

    Used for query endpoints and for the Graph Store endpoints ``kg push`` writes to.
    """

    url: str
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    auth: str = "basic"

    def __post_init__(self) -> None:
        if self.auth not in AUTH_SCHEMES:
            raise QueryError(f"unknown authentication {self.auth!r}; choose "
                             f"{' or '.join(AUTH_SCHEMES)}")


@dataclass(frozen=True)
class RemoteEngine:
    """A SPARQL 1.1 Protocol endpoint as a :class:`~kg.sparql.engine.SparqlEngine`.

    ``update_url``: where updates go, for stores with a separate update endpoint (Oxigraph's
    ``/update``); by default the query endpoint. ``timeout``: seconds to wait for an answer.
    """

    endpoint: Endpoint
    timeout: float = 60.0
    update_url: str | None = None

    @classmethod
    def at(cls, url: str, user: str | None = None, password: str | None = None,
           auth: str = "basic", timeout: float = 60.0) -> RemoteEngine:
        return cls(Endpoint(url, user, password, auth), timeout)

    @property
    def name(self) -> str:
        return self.endpoint.url

    def query(self, sparql: str) -> QueryResult:
        return query_endpoint(self.endpoint, sparql, self.timeout)

    def update(self, sparql: str) -> None:
        target = Endpoint(self.update_url, self.endpoint.user, self.endpoint.password,
                          self.endpoint.auth) if self.update_url else self.endpoint
        client = _client(target, sparql, self.timeout)
        _send(client, target)


def _client(endpoint: Endpoint, sparql: str, timeout: float) -> Any:
    from SPARQLWrapper import BASIC, DIGEST, POST, SPARQLWrapper

    client = SPARQLWrapper(endpoint.url)
    client.setMethod(POST)
    client.setTimeout(max(1, round(timeout)))
    client.setQuery(sparql)
    if endpoint.user is not None:
        client.setHTTPAuth(DIGEST if endpoint.auth == "digest" else BASIC)
        client.setCredentials(endpoint.user, endpoint.password or "")
    return client


# answers of an endpoint that guards itself (``kg serve``): which limit the query outran
_LIMITS = {413: "rows", 503: "time"}


def _send(client: Any, endpoint: Endpoint) -> bytes:
    """Send the request; the answer's body, or :class:`QueryError` naming the URL
    (:class:`QueryLimitError` when the endpoint says the query outran its limits)."""
    from urllib.error import HTTPError

    from SPARQLWrapper.SPARQLExceptions import QueryBadFormed, SPARQLWrapperException

    try:
        response = client.query()
        body: bytes = response.response.read()
        return body
    except HTTPError as err:  # the statuses SPARQLWrapper does not translate
        reason = " ".join(err.read().decode("utf-8", "replace").split())[:400]
        message = f"{endpoint.url}: HTTP {err.code} {err.reason}{': ' + reason if reason else ''}"
        if err.code in _LIMITS:
            raise QueryLimitError(message, _LIMITS[err.code]) from err
        raise QueryError(message) from err
    except QueryBadFormed as err:
        raise QueryError(f"{endpoint.url}: the query does not parse: {_first_line(err)}") from err
    except SPARQLWrapperException as err:
        raise QueryError(f"{endpoint.url} refused the query: {_first_line(err)}") from err
    except (OSError, ValueError) as err:  # urllib errors: connection refused, 401, timeouts
        raise QueryError(f"{endpoint.url}: {_first_line(err)}") from err


def query_endpoint(endpoint: Endpoint, sparql: str, timeout: float = 60.0) -> QueryResult:
    """Run ``sparql`` at ``endpoint`` and read the answer as RDF terms."""
    from SPARQLWrapper import JSON, N3

    client = _client(endpoint, sparql, timeout)
    graph_query = client.queryType in ("CONSTRUCT", "DESCRIBE")
    client.setReturnFormat(N3 if graph_query else JSON)
    body = _send(client, endpoint)
    try:
        if graph_query:
            return QueryResult(triples=tuple(ox.parse(body, format=ox.RdfFormat.TURTLE)))
        return from_json(json.loads(body))
    except (SyntaxError, ValueError, KeyError, TypeError) as err:
        raise QueryError(f"{endpoint.url}: cannot read the answer: {_first_line(err)}") from err


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
