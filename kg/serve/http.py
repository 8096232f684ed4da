"""Serving a built graph over the SPARQL 1.1 Protocol, with a query page that works offline.

``GET /sparql?query=`` and ``POST /sparql`` (form-encoded or ``application/sparql-query``)
answer in the format the ``Accept`` header prefers (q-values read; SPARQL results JSON, XML,
CSV, TSV; Turtle, N-Triples, JSON-LD or RDF/XML for CONSTRUCT and DESCRIBE), over the dataset
the request names (``default-graph-uri``, ``named-graph-uri``) or else the whole graph.
``GET /sparql`` with no query is the Service Description. ``/`` is a query page with the
shipped queries, all inline: no asset comes from a CDN. The protocol's rules are in
:mod:`kg.serve.protocol`; the W3C protocol tests run against this server
(tests/test_protocol.py).

One bad query cannot take the server down: queries and updates go to a
:class:`~kg.sparql.guarded.GuardedEngine`, which runs each in a forked worker, killed when it
outlasts ``max_seconds`` (HTTP 503), refusing results of more than ``max_rows`` rows (HTTP
413), its memory capped; at most ``max_workers`` at once, ``max_waiting`` more queued, the
rest refused with 503 and ``Retry-After``. The server makes no request of its own: ``SERVICE``
and ``LOAD`` are refused (400) unless the operator allows the endpoint
(``allowed_services``). Connections are bounded too: a listen backlog, at most
``max_connections`` served at once, a socket timeout (a client that sends nothing is dropped),
a body-size limit checked on ``Content-Length`` before reading (413; a malformed length is
400). The graph is read-only unless an update key is configured; then updates carry
``Authorization: Bearer <key>``.

The server is the standard library's threading HTTP server with those limits added: a WSGI
server such as waitress would bring a thread pool and body limits, but not the forked workers
(the part that stops a runaway query), and every limit it has is a few lines here.
"""

from __future__ import annotations

import contextlib
import hmac
import json
import re
import threading
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlparse

from kg.errors import ProtocolError, QueryError, QueryLimitError, ServeError
from kg.rdf.lexer import loads, services
from kg.rdf.store import KnowledgeGraph
from kg.serve.answers import RDF_MEDIA, RESULT_MEDIA, write_rdf, write_result
from kg.serve.description import Description, describe
from kg.serve.page import page_bytes, page_policy
from kg.serve.protocol import ALLOWED_METHODS, Operation, read_operation
from kg.sparql.examples import examples_turtle
from kg.sparql.guarded import GuardedEngine, Limits
from kg.sparql.library import list_queries
from kg.sparql.local import LocalEngine

__all__ = ["ServeOptions", "ServeError", "make_server"]


@dataclass(frozen=True)
class ServeOptions:
    """What ``kg serve`` listens on and every limit it keeps (see the module docstring)."""

    host: str = "127.0.0.1"
    port: int = 8000
    max_seconds: float = 10.0
    max_rows: int = 10_000
    max_memory_mb: int = 1_024  # per worker: max_workers of them make the memory budget
    update_key: str | None = None
    max_workers: int = 2
    max_waiting: int = 16
    allowed_services: tuple[str, ...] = ()
    timeout: float = 30.0
    max_body_bytes: int = 1_048_576
    backlog: int = 64
    max_connections: int = 64

    @property
    def limits(self) -> Limits:
        return Limits(self.max_seconds, self.max_rows, self.max_memory_mb, self.max_workers,
                      self.max_waiting)


# the page may talk to this server alone: no CDN, no other site, even if the page were changed
_PAGE_POLICY = page_policy()
_HOST = re.compile(r"[A-Za-z0-9.\-]+(:[0-9]{1,5})?|\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?")
_TOKEN = re.compile(r"[A-Za-z0-9\-._~+/]+=*")  # RFC 6750 b64token


class _Handler(BaseHTTPRequestHandler):
    server_version = "kg-sparql"
    protocol_version = "HTTP/1.1"
    engine: GuardedEngine  # set on the subclass made by make_server
    options: ServeOptions
    endpoint: str  # the endpoint's own URL: the base IRI of queries and updates
    description: _Describer

    def log_message(self, format: str, *args: object) -> None:
        return

    def _answer(self, status: int, media: str, body: bytes, policy: str | None = None,
                headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        if policy:
            self.send_header("Content-Security-Policy", policy)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Type", media + ("; charset=utf-8" if "json" in media or
                                                  media.startswith("text/") else ""))
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _refuse(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        self._answer(status, "text/plain", message.encode(), headers=headers)

    def do_GET(self) -> None:
        url = urlparse(self.path)
        if (self.headers.get("Content-Length") or "0").strip() != "0":
            self.close_connection = True  # a GET body is never read: end the stream after it
        if url.path == "/":
            self._answer(HTTPStatus.OK, "text/html", page_bytes(), _PAGE_POLICY)
        elif url.path == "/queries":
            # parameters bound to their defaults in the VALUES block a user can edit
            catalogue = [{"name": q.name, "summary": q.summary,
                          "text": q.sparql()} for q in list_queries()]
            self._answer(HTTPStatus.OK, "application/json", json.dumps(catalogue).encode())
        elif url.path == "/examples":
            # the query library as SPARQL examples (SIB convention) that run here
            host = self.headers.get("Host") or ""
            if not _HOST.fullmatch(host):  # a Host header is the client's word: IRI-safe only
                host = f"{self.options.host}:{self.options.port}"
            text = examples_turtle(f"http://{host}/sparql")
            self._answer(HTTPStatus.OK, "text/turtle", text.encode("utf-8"))
        elif url.path == "/sparql":
            self._sparql(b"")
        else:
            self._refuse(HTTPStatus.NOT_FOUND, "not found: try /sparql, /examples or /")

    def do_POST(self) -> None:
        try:
            body = self._body()
        except ProtocolError as err:
            self.close_connection = True  # the body was not read: the stream is lost
            self._refuse(err.status, str(err), err.headers)
            return
        if urlparse(self.path).path != "/sparql":
            self._refuse(HTTPStatus.NOT_FOUND, "not found: POST to /sparql")
        else:
            self._sparql(body)

    def _not_allowed(self) -> None:
        self.close_connection = True  # any body is left unread
        path = urlparse(self.path).path
        pages = ("/", "/queries", "/examples")
        allowed = ALLOWED_METHODS if path == "/sparql" else "GET" if path in pages else ""
        if allowed:
            self._refuse(HTTPStatus.METHOD_NOT_ALLOWED,
                         f"{self.command} is not allowed on {path}: use {allowed}",
                         {"Allow": allowed})
        else:
            self._refuse(HTTPStatus.NOT_FOUND, "not found: try /sparql or /")

    do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_HEAD = do_TRACE = _not_allowed

    def _length(self) -> int:
        """The declared body length, if it is valid and within limits."""
        if self.headers.get("Transfer-Encoding"):
            raise ProtocolError(HTTPStatus.LENGTH_REQUIRED, "send a Content-Length, not chunks")
        lengths = set(self.headers.get_all("Content-Length") or [])
        if not lengths:
            return 0
        raw = lengths.pop().strip()
        if lengths or not raw.isdigit() or not raw.isascii():
            raise ProtocolError(HTTPStatus.BAD_REQUEST, "Content-Length is not one number")
        if int(raw) > self.options.max_body_bytes:
            raise ProtocolError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                                f"the body is over {self.options.max_body_bytes} bytes")
        return int(raw)

    def _body(self) -> bytes:
        """The request body, read only if its declared length is valid and within limits."""
        return self.rfile.read(self._length())

    def handle_expect_100(self) -> bool:
        """``Expect: 100-continue``: refuse a body before the client sends it, not after."""
        try:
            self._length()
        except ProtocolError as err:
            self.close_connection = True
            self._refuse(err.status, str(err), err.headers)
            return False
        return super().handle_expect_100()

    def _sparql(self, body: bytes) -> None:
        url = urlparse(self.path)
        try:
            operation = read_operation(self.command, url.query, self.headers.get("Content-Type"),
                                       body)
            if operation is None:
                self._answer(HTTPStatus.OK, *write_rdf(describe(self.description()),
                                                       self.headers.get("Accept")))
                return
            self._refuse_outbound(operation)
            if operation.kind == "update":
                self._update(operation)
            else:
                self._query(operation)
        except ProtocolError as err:
            self._refuse(err.status, str(err), err.headers)
        except QueryLimitError as err:
            if err.limit == "rows":
                self._refuse(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, str(err))
            else:
                headers = {"Retry-After": "1"} if err.limit == "busy" else {}
                self._refuse(HTTPStatus.SERVICE_UNAVAILABLE, str(err), headers)
        except QueryError as err:
            self._refuse(HTTPStatus.BAD_REQUEST, str(err))

    def _refuse_outbound(self, operation: Operation) -> None:
        """No request leaves this server but to an endpoint the operator allowed."""
        targets = [("SERVICE", s) for s in services(operation.text, self.endpoint)]
        if operation.kind == "update":
            targets += [("LOAD", s) for s in loads(operation.text, self.endpoint)]
        for keyword, target in targets:
            if target not in self.options.allowed_services:
                shown = f"<{target}>" if target else "a variable endpoint"
                raise ProtocolError(HTTPStatus.BAD_REQUEST, (
                    f"{keyword} {shown} is refused: this endpoint makes no outbound requests; "
                    "its operator can allow named endpoints (kg serve --allow-service URL)"))

    def _query(self, operation: Operation) -> None:
        result = self.engine.query(operation.text, operation.dataset, self.endpoint)
        self._answer(HTTPStatus.OK, *write_result(result, self.headers.get("Accept"),
                                                  operation.fmt))

    def _update(self, operation: Operation) -> None:
        key = self.options.update_key
        if key is None:
            self._refuse(HTTPStatus.FORBIDDEN, "this endpoint is read-only")
            return
        given = self.headers.get_all("Authorization") or []
        scheme, _, token = given[0].strip().partition(" ") if len(given) == 1 else ("", "", "")
        token = token.strip()
        if scheme.lower() != "bearer" or not _TOKEN.fullmatch(token):
            self._challenge("invalid_request", "send Authorization: Bearer <update key>")
            return
        if not hmac.compare_digest(token.encode(), key.encode()):
            self._challenge("invalid_token", "wrong update key")
            return
        self.engine.update(operation.text, self.endpoint)
        self.description.forget()
        self._answer(HTTPStatus.NO_CONTENT, "text/plain", b"")

    def _challenge(self, error: str, message: str) -> None:
        self._refuse(HTTPStatus.UNAUTHORIZED, message,
                     {"WWW-Authenticate": f'Bearer realm="kg", error="{error}"'})


class _Server(ThreadingHTTPServer):
    """A threading server that serves at most ``max_connections`` connections at once: one
    more is told 503 at once and closed, instead of one more thread."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], handler: type[_Handler], backlog: int,
                 max_connections: int) -> None:
        self.request_queue_size = backlog
        self._connections = threading.BoundedSemaphore(max_connections)
        super().__init__(address, handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        if not self._connections.acquire(blocking=False):
            with contextlib.suppress(OSError):
                request.sendall(b"HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\n"
                                b"Content-Length: 0\r\nConnection: close\r\n\r\n")
            self.shutdown_request(request)
            return
        super().process_request(request, client_address)

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._connections.release()


class _Describer:
    """The description of this server, made on first request and again after an update."""

    def __init__(self, engine: GuardedEngine, endpoint: str, options: ServeOptions) -> None:
        self._graph: KnowledgeGraph = engine.local.graph
        self._endpoint = endpoint
        self._options = options
        self._made: Description | None = None

    def __call__(self) -> Description:
        if self._made is None:
            self._made = Description(
                self._endpoint, RESULT_MEDIA + RDF_MEDIA, self._options.update_key is not None,
                bool(self._options.allowed_services), self._graph.triple_count,
                [g[1:-1] for g in self._graph.named_graphs()])
        return self._made

    def forget(self) -> None:
        self._made = None


def make_server(graph: KnowledgeGraph | GuardedEngine,
                options: ServeOptions = ServeOptions()) -> ThreadingHTTPServer:
    """An HTTP server for ``graph`` (guarded with the limits of ``options``, or the engine
    given); call ``serve_forever()`` on it (and ``shutdown()``)."""
    engine = graph if isinstance(graph, GuardedEngine) else GuardedEngine(LocalEngine(graph),
                                                                          options.limits)
    handler: type[_Handler] = type("Handler", (_Handler,), {"engine": engine, "options": options,
                                            "timeout": options.timeout})
    try:
        server = _Server((options.host, options.port), handler, options.backlog,
                         options.max_connections)
    except OSError as err:
        raise ServeError(f"cannot listen on {options.host}:{options.port}: {err.strerror or err}"
                         ) from err
    host = f"[{options.host}]" if ":" in options.host else options.host
    handler.endpoint = f"http://{host}:{server.server_address[1]}/sparql"
    handler.description = _Describer(engine, handler.endpoint, options)
    return server

