"""Serving a built graph over the SPARQL 1.1 Protocol, with a query page that works offline.

``GET /sparql?query=`` and ``POST /sparql`` (form-encoded or ``application/sparql-query``)
answer in the format the ``Accept`` header asks for (SPARQL results JSON, XML, CSV, TSV; Turtle
or N-Triples for CONSTRUCT and DESCRIBE). ``/`` is a query page with the shipped queries, all
inline: no asset comes from a CDN.

One bad query cannot take the server down: queries go to a
:class:`~kg.sparql.guarded.GuardedEngine`, which runs each in a forked worker, killed when it
outlasts ``max_seconds`` (HTTP 503), refusing results of more than ``max_rows`` rows (HTTP
413), its memory capped. This module only reads requests, asks the engine, and writes the
answer in the negotiated format. The graph is read-only unless an update key is configured;
then ``POST`` with ``update=`` or ``application/sparql-update`` and ``Authorization: Bearer
<key>`` changes it.

Oxigraph runs each query (the library's engine, 10-100x faster than rdflib's). The server is
the standard library's threading HTTP server: a maintained endpoint package such as
rdflib-endpoint evaluates queries in the serving process, where a runaway query cannot be
stopped.
"""

from __future__ import annotations

import hmac
import json
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.resources import files
from urllib.parse import parse_qs, urlparse

import pyoxigraph as ox

from kg.errors import QueryError, QueryLimitError, ServeError
from kg.rdf.store import KnowledgeGraph
from kg.serve.page import page_bytes, page_policy
from kg.sparql.guarded import GuardedEngine, Limits
from kg.sparql.library import list_queries
from kg.sparql.local import LocalEngine
from kg.sparql.result import QueryResult
from kg.sparql.results import MEDIA_TYPES, to_csv, to_json, to_tsv, to_xml

__all__ = ["ServeOptions", "ServeError", "make_server"]

_WRITERS = {"json": to_json, "xml": to_xml, "csv": to_csv, "tsv": to_tsv}
_GRAPH_FORMATS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
_SHORT = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
          "csv": "text/csv", "tsv": "text/tab-separated-values", "turtle": "text/turtle",
          "ntriples": "application/n-triples"}


@dataclass(frozen=True)
class ServeOptions:
    host: str = "127.0.0.1"
    port: int = 8000
    max_seconds: float = 10.0
    max_rows: int = 10_000
    max_memory_mb: int = 2_048
    update_key: str | None = None

    @property
    def limits(self) -> Limits:
        return Limits(self.max_seconds, self.max_rows, self.max_memory_mb)


def _negotiate(accept: str, graph_result: bool) -> str:
    """The media type to answer with, from an Accept header or a ``format`` value."""
    offered = list(_GRAPH_FORMATS) if graph_result else list(MEDIA_TYPES.values())
    for part in accept.split(","):
        media = _SHORT.get(part.strip(), part.split(";")[0].strip().lower())
        if media in offered:
            return media
        if media in ("application/json", "*/*", "text/*", "application/*"):
            return offered[0]
    return offered[0]


def _write(result: QueryResult, accept: str) -> tuple[str, bytes]:
    """The media type the client asked for, and the result written in it."""
    if result.triples is not None:
        media = _negotiate(accept, True)
        return media, ox.serialize(list(result.triples), format=_GRAPH_FORMATS[media]) or b""
    media = _negotiate(accept, False)
    writer = _WRITERS[next(k for k, v in MEDIA_TYPES.items() if v == media)]
    if result.boolean is not None:
        return media, writer(None, [], result.boolean).encode()
    return media, writer(result.columns, result.rows).encode()


_PAGE = files("kg.serve") / "page.html"
# the page may talk to this server alone: no CDN, no other site, even if the page were changed
_PAGE_POLICY = page_policy()


class _Handler(BaseHTTPRequestHandler):
    server_version = "kg-sparql"
    engine: GuardedEngine  # set on the subclass made by make_server
    options: ServeOptions

    def log_message(self, format: str, *args: object) -> None:
        return

    def _answer(self, status: int, media: str, body: bytes, policy: str | None = None) -> None:
        self.send_response(status)
        if policy:
            self.send_header("Content-Security-Policy", policy)
        self.send_header("Content-Type", media + ("; charset=utf-8" if "json" in media or
                                                  media.startswith("text/") else ""))
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        self.wfile.write(body)

    def _refuse(self, status: HTTPStatus, message: str) -> None:
        self._answer(status, "text/plain", message.encode())

    def do_GET(self) -> None:
        url = urlparse(self.path)
        if url.path == "/":
            self._answer(HTTPStatus.OK, "text/html", page_bytes(), _PAGE_POLICY)
        elif url.path == "/queries":
            # parameters bound to their defaults in the VALUES block a user can edit
            catalogue = [{"name": q.name, "summary": q.summary,
                          "text": q.sparql()} for q in list_queries()]
            self._answer(HTTPStatus.OK, "application/json", json.dumps(catalogue).encode())
        elif url.path == "/sparql":
            params = parse_qs(url.query)
            if "update" in params:
                self._refuse(HTTPStatus.BAD_REQUEST, "updates are sent with POST")
            elif "query" not in params:
                self._refuse(HTTPStatus.BAD_REQUEST, "no query parameter")
            else:
                self._query(params["query"][0], params.get("format", [""])[0])
        else:
            self._refuse(HTTPStatus.NOT_FOUND, "not found: try /sparql or /")

    def do_POST(self) -> None:
        url = urlparse(self.path)
        if url.path != "/sparql":
            self._refuse(HTTPStatus.NOT_FOUND, "not found: POST to /sparql")
            return
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8", "replace")
        kind = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        form = parse_qs(body) if kind == "application/x-www-form-urlencoded" else {}
        if kind == "application/sparql-update" or "update" in form:
            self._update(body if kind == "application/sparql-update" else form["update"][0])
        elif kind == "application/sparql-query":
            self._query(body, "")
        elif "query" in form:
            self._query(form["query"][0], form.get("format", [""])[0])
        else:
            self._refuse(HTTPStatus.BAD_REQUEST, "send query= or update=, or a SPARQL body")

    def _query(self, query: str, fmt: str) -> None:
        accept = fmt or self.headers.get("Accept") or "application/sparql-results+json"
        try:
            result = self.engine.query(query)
        except QueryLimitError as err:
            status = (HTTPStatus.REQUEST_ENTITY_TOO_LARGE if err.limit == "rows"
                      else HTTPStatus.SERVICE_UNAVAILABLE)
            self._refuse(status, str(err))
            return
        except QueryError as err:
            self._refuse(HTTPStatus.BAD_REQUEST, str(err))
            return
        self._answer(HTTPStatus.OK, *_write(result, accept))

    def _update(self, update: str) -> None:
        key = self.options.update_key
        if key is None:
            self._refuse(HTTPStatus.FORBIDDEN, "this endpoint is read-only")
            return
        given = (self.headers.get("Authorization") or "").removeprefix("Bearer ").strip()
        if not given:
            self.send_response(HTTPStatus.UNAUTHORIZED)
            self.send_header("WWW-Authenticate", 'Bearer realm="kg"')
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if not hmac.compare_digest(given.encode(), key.encode()):
            self._refuse(HTTPStatus.FORBIDDEN, "wrong update key")
            return
        try:
            self.engine.update(update)
        except QueryError as err:
            self._refuse(HTTPStatus.BAD_REQUEST, str(err))
            return
        self._answer(HTTPStatus.NO_CONTENT, "text/plain", b"")


def make_server(graph: KnowledgeGraph | GuardedEngine,
                options: ServeOptions = ServeOptions()) -> ThreadingHTTPServer:
    """An HTTP server for ``graph`` (guarded with the limits of ``options``, or the engine
    given); call ``serve_forever()`` on it (and ``shutdown()``)."""
    engine = graph if isinstance(graph, GuardedEngine) else GuardedEngine(LocalEngine(graph),
                                                                          options.limits)
    handler = type("Handler", (_Handler,), {"engine": engine, "options": options})
    try:
        server = ThreadingHTTPServer((options.host, options.port), handler)
    except OSError as err:
        raise ServeError(f"cannot listen on {options.host}:{options.port}: {err.strerror or err}"
                         ) from err
    server.daemon_threads = True
    return server
