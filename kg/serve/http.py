"""Serving a built graph over the SPARQL 1.1 Protocol, with a query page that works offline.

``GET /sparql?query=`` and ``POST /sparql`` (form-encoded or ``application/sparql-query``)
answer in the format the ``Accept`` header asks for (SPARQL results JSON, XML, CSV, TSV; Turtle
or N-Triples for CONSTRUCT and DESCRIBE). ``/`` is a query page with the shipped queries, all
inline: no asset comes from a CDN.

One bad query cannot take the server down: each query runs in a forked child process, which is
killed when it outlasts ``max_seconds`` (HTTP 503) and refuses results of more than
``max_rows`` rows (HTTP 413); a child's memory is capped too. The graph is read-only unless an
update key is configured; then ``POST`` with ``update=`` or ``application/sparql-update`` and
``Authorization: Bearer <key>`` changes it.

Oxigraph runs each query (the library's engine, 10-100x faster than rdflib's). The server is
the standard library's threading HTTP server: a maintained endpoint package such as
rdflib-endpoint evaluates queries in the serving process, where a runaway query cannot be
stopped.
"""

from __future__ import annotations

import hmac
import json
import multiprocessing
import resource
import threading
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.resources import files
from urllib.parse import parse_qs, urlparse

import pyoxigraph as ox

from kg.errors import ServeError
from kg.rdf.store import KnowledgeGraph
from kg.sparql.library import list_queries
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


class _Refused(Exception):
    def __init__(self, status: HTTPStatus, message: str) -> None:
        super().__init__(message)
        self.status = status


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


def _evaluate(store: ox.Store, query: str, accept: str, max_rows: int, memory: int,
              conn) -> None:
    """In the child: run the query, write the answer, send (status, media type, body)."""
    try:
        if memory:
            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        result = store.query(query)
        if isinstance(result, ox.QueryTriples):
            media = _negotiate(accept, True)
            triples = []
            for triple in result:
                triples.append(triple)
                if len(triples) > max_rows:
                    raise _Refused(HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                                   f"more than {max_rows} triples; narrow the query")
            body = ox.serialize(triples, format=_GRAPH_FORMATS[media])
        else:
            media = _negotiate(accept, False)
            writer = _WRITERS[next(k for k, v in MEDIA_TYPES.items() if v == media)]
            if isinstance(result, ox.QueryBoolean):
                body = writer(None, [], bool(result)).encode()
            else:
                columns = [v.value for v in result.variables]
                rows = []
                for solution in result:
                    rows.append(tuple(solution[c] for c in columns))
                    if len(rows) > max_rows:
                        raise _Refused(HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                                       f"more than {max_rows} rows; add a LIMIT")
                body = writer(columns, rows).encode()
        conn.send((HTTPStatus.OK, media, body))
    except _Refused as refused:
        conn.send((refused.status, "text/plain", str(refused).encode()))
    except SyntaxError as err:
        conn.send((HTTPStatus.BAD_REQUEST, "text/plain", f"the query does not parse: {err}".encode()))
    except MemoryError:
        conn.send((HTTPStatus.SERVICE_UNAVAILABLE, "text/plain", b"the query ran out of memory"))
    except Exception as err:
        conn.send((HTTPStatus.BAD_REQUEST, "text/plain", f"the query failed: {err}".encode()))
    finally:
        conn.close()


class _Graph:
    """The served graph, and the lock that keeps forks and updates apart."""

    def __init__(self, graph: KnowledgeGraph, options: ServeOptions) -> None:
        self.graph = graph
        self.options = options
        self.lock = threading.Lock()
        graph.store  # noqa: B018 - load before serving, not in the first request

    def query(self, query: str, accept: str) -> tuple[int, str, bytes]:
        context = multiprocessing.get_context("fork")
        receive, send = context.Pipe(duplex=False)
        memory = self._memory_cap()
        with self.lock:  # no other thread is inside the store while it forks
            store = self.graph.store_for(query)
            child = context.Process(target=_evaluate, daemon=True,
                                    args=(store, query, accept, self.options.max_rows, memory, send))
            child.start()
        send.close()
        try:
            if receive.poll(self.options.max_seconds):
                return receive.recv()
            return (HTTPStatus.SERVICE_UNAVAILABLE, "text/plain",
                    f"the query ran longer than {self.options.max_seconds:g} s".encode())
        except EOFError:
            return HTTPStatus.SERVICE_UNAVAILABLE, "text/plain", b"the query stopped the worker"
        finally:
            receive.close()
            if child.is_alive():
                child.kill()
            child.join(5)

    def _memory_cap(self) -> int:
        try:
            with open("/proc/self/statm") as handle:
                pages = int(handle.read().split()[0])
        except OSError:
            return 0
        return pages * resource.getpagesize() + self.options.max_memory_mb * 1024 * 1024

    def update(self, update: str) -> None:
        with self.lock:
            self.graph.update(update)


_PAGE = files("kg.serve") / "page.html"
# the page may talk to this server alone: no CDN, no other site, even if the page were changed
_PAGE_POLICY = ("default-src 'none'; connect-src 'self'; script-src 'unsafe-inline'; "
                "style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; "
                "form-action 'self'")


class _Handler(BaseHTTPRequestHandler):
    server_version = "kg-sparql"
    served: _Graph  # set on the subclass made by make_server

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
            self._answer(HTTPStatus.OK, "text/html", _PAGE.read_bytes(), _PAGE_POLICY)
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
        self._answer(*self.served.query(query, accept))

    def _update(self, update: str) -> None:
        key = self.served.options.update_key
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
            self.served.update(update)
        except SyntaxError as err:
            self._refuse(HTTPStatus.BAD_REQUEST, f"the update does not parse: {err}")
            return
        except (OSError, ValueError) as err:
            self._refuse(HTTPStatus.BAD_REQUEST, f"the update failed: {err}")
            return
        self._answer(HTTPStatus.NO_CONTENT, "text/plain", b"")


def make_server(graph: KnowledgeGraph, options: ServeOptions = ServeOptions()) -> ThreadingHTTPServer:
    """An HTTP server for ``graph``; call ``serve_forever()`` on it (and ``shutdown()``)."""
    handler = type("Handler", (_Handler,), {"served": _Graph(graph, options)})
    try:
        server = ThreadingHTTPServer((options.host, options.port), handler)
    except OSError as err:
        raise ServeError(f"cannot listen on {options.host}:{options.port}: {err.strerror or err}"
                         ) from err
    server.daemon_threads = True
    return server
