"""``kg serve``, started as a real process on 127.0.0.1 and spoken to over HTTP: the protocol,
the formats and the limits. Its answers, query by query, are in the compliance suite,
tests/test_engines.py."""

from __future__ import annotations

import csv
import io
import json
import re
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pyoxigraph as ox
import pytest

from kg.rdf.store import KnowledgeGraph
from kg.serve.http import ServeOptions
from kg.sparql.library import list_queries

from .endpoint import KEY as ENDPOINT_KEY
from .endpoint import running
from .servers import serve

KEY = "test-update-key-7f3a"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture(scope="module")
def strict(content_build):
    """A server with tight limits and an update key."""
    server = serve(content_build, "--max-seconds", "1", "--max-rows", "50",
                   env={"KG_UPDATE_KEY": KEY})
    yield server.url
    server.stop()


def http(url: str, data: bytes | None = None, headers: dict | None = None,
         method: str | None = None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def get(base: str, query: str, accept: str = "application/sparql-results+json"):
    return http(f"{base}/sparql?{urllib.parse.urlencode({'query': query})}",
                headers={"Accept": accept})


def post(base: str, form: dict, headers: dict | None = None):
    return http(f"{base}/sparql", urllib.parse.urlencode(form).encode(),
                {"Content-Type": "application/x-www-form-urlencoded", **(headers or {})})


def json_rows(body: bytes) -> list[dict]:
    data = json.loads(body)
    return [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]


def test_get_and_post_give_the_same_answer(served) -> None:
    by_get = get(served, COUNT)
    by_form = post(served, {"query": COUNT})
    by_body = http(f"{served}/sparql", COUNT.encode(),
                   {"Content-Type": "application/sparql-query"})
    assert by_get[0] == by_form[0] == by_body[0] == 200
    counts = {json_rows(r[2])[0]["n"] for r in (by_get, by_form, by_body)}
    assert len(counts) == 1 and int(counts.pop()) > 1000


@pytest.mark.parametrize("accept, media", [
    ("application/sparql-results+json", "application/sparql-results+json"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"),
    ("text/tab-separated-values", "text/tab-separated-values"),
    ("text/html;q=0.9, text/csv", "text/csv"),
    ("*/*", "application/sparql-results+json"),
])
def test_results_come_in_the_format_asked_for(served, accept, media) -> None:
    query = "SELECT ?doi WHERE { ?p <https://w3id.org/spacebio-kg/ontology#doi> ?doi } ORDER BY ?doi"
    status, headers, body = get(served, query, accept)
    assert status == 200 and headers["Content-Type"].split(";")[0] == media
    text = body.decode("utf-8")
    if media.endswith("json"):
        dois = [r["doi"] for r in json_rows(body)]
    elif media.endswith("xml"):
        ns = {"r": "http://www.w3.org/2005/sparql-results#"}
        dois = [e.text for e in ET.fromstring(body).iterfind(".//r:literal", ns)]
    elif media == "text/csv":
        dois = [row[0] for row in list(csv.reader(io.StringIO(text)))[1:]]
    else:
        dois = [line.strip('"') for line in text.splitlines()[1:]]
    assert len(dois) >= 15 and all(d.startswith("10.") for d in dois)
    assert dois == sorted(dois)


def test_graph_results_as_turtle_or_n_triples(served) -> None:
    query = "CONSTRUCT { ?p a ?c } WHERE { ?p a ?c } LIMIT 40"
    for accept, fmt in (("text/turtle", ox.RdfFormat.TURTLE),
                        ("application/n-triples", ox.RdfFormat.N_TRIPLES)):
        status, headers, body = get(served, query, accept)
        assert status == 200 and headers["Content-Type"].startswith(accept)
        assert len(list(ox.parse(body, format=fmt))) == 40


def test_named_graphs_are_served(served, content_build) -> None:
    graphs = KnowledgeGraph.load(content_build).named_graphs()
    status, _, body = get(served, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert status == 200
    assert sorted(f"<{r['g']}>" for r in json_rows(body)) == graphs


def test_bad_requests_are_refused_with_a_reason(served) -> None:
    status, _, body = get(served, "SELECT WHERE {")
    assert status == 400 and b"does not parse" in body
    # no query: the service description, which is RDF only
    assert http(f"{served}/sparql", headers={"Accept": "application/sparql-results+json"})[0] == 406
    assert http(f"{served}/nothing")[0] == 404


def test_read_only_without_an_update_key(served) -> None:
    update = "INSERT DATA { <http://x/s> <http://x/p> <http://x/o> }"
    status, _, body = post(served, {"update": update})
    assert status == 403 and b"read-only" in body
    assert http(f"{served}/sparql", update.encode(),
                {"Content-Type": "application/sparql-update"})[0] == 403
    assert json.loads(get(served, "ASK { <http://x/s> ?p ?o }")[2])["boolean"] is False


def test_updates_need_the_key(strict) -> None:
    update = "INSERT DATA { GRAPH <http://x/g> { <http://x/s> <http://x/p> <http://x/o> } }"
    status, headers, _ = post(strict, {"update": update})
    assert status == 401 and headers["WWW-Authenticate"].startswith("Bearer")
    status, headers, _ = post(strict, {"update": update}, {"Authorization": "Bearer wrong"})
    assert status == 401 and 'error="invalid_token"' in headers["WWW-Authenticate"]
    ask = "ASK { GRAPH <http://x/g> { <http://x/s> ?p ?o } }"
    assert json.loads(get(strict, ask)[2])["boolean"] is False
    assert post(strict, {"update": update}, {"Authorization": f"Bearer {KEY}"})[0] == 204
    assert json.loads(get(strict, ask)[2])["boolean"] is True
    assert json.loads(get(strict, "ASK { <http://x/s> ?p ?o }")[2])["boolean"] is False, \
        "an insert into a named graph stays in that graph"


def test_a_query_over_the_time_limit_is_stopped_and_the_server_lives(strict) -> None:
    endless = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    status, _, body = get(strict, endless)
    assert status == 503 and b"longer than 1 s" in body
    status, _, body = get(strict, COUNT)
    assert status == 200 and int(json_rows(body)[0]["n"]) > 1000


def test_a_remote_engine_reads_the_limits_as_limit_errors(strict) -> None:
    """Over HTTP, an outrun limit is the same error as in process: QueryLimitError."""
    from kg.errors import QueryLimitError
    from kg.sparql.remote import RemoteEngine

    engine = RemoteEngine.at(strict + "/sparql")
    with pytest.raises(QueryLimitError, match="more than 50 rows") as rows:
        engine.query("SELECT * WHERE { ?s ?p ?o }")
    assert rows.value.limit == "rows" and strict in str(rows.value)
    with pytest.raises(QueryLimitError, match="longer than 1 s") as time:
        engine.query("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }")
    assert time.value.limit == "time"


def test_results_over_the_row_limit_are_refused(strict) -> None:
    status, _, body = get(strict, "SELECT * WHERE { ?s ?p ?o }")
    assert status == 413 and b"more than 50 rows" in body
    status, _, body = get(strict, "SELECT * WHERE { ?s ?p ?o } LIMIT 50")
    assert status == 200 and len(json_rows(body)) == 50


def test_the_query_page_works_offline(served) -> None:
    status, headers, body = http(served + "/")
    page = body.decode("utf-8")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    # the editor (YASGUI, inlined: tests/test_editor.py) and the endpoint it asks
    assert 'id="yasgui"' in page and '"endpoint": "/sparql"' in page
    # nothing is loaded from elsewhere, and the browser is told to load nothing from elsewhere
    # (a link in a message, <a href="https://...">, is no load)
    assert not re.search(r"""src\s*=\s*["'`]?(https?:)?//""", page)
    assert not re.search(r"""<link[^>]+href\s*=\s*["']?(https?:)?//""", page)
    assert not re.search(r"@import|url\(\s*['\"]?(https?:)?//", page)
    policy = headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "connect-src 'self'" in policy
    catalogue = json.loads(http(served + "/queries")[2])
    assert {q["name"] for q in catalogue} == {q.name for q in list_queries()}
    profile = next(q for q in catalogue if q["name"] == "gene-profile")
    assert 'VALUES ?gene { "Fbxo32" }' in profile["text"]


# -- hardening: in-process servers with small limits (tests/endpoint.py) ------------------------
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(f"?s{i} ?p{i} ?o{i} ." for i in range(12)) + " }"


class _Tiny:
    """A tiny SPARQL endpoint on 127.0.0.1 that counts the requests it gets."""

    def __init__(self) -> None:
        self.paths: list[str] = []
        tiny = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                return

            def _reply(self) -> None:
                tiny.paths.append(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                body = json.dumps({"head": {"vars": ["s"]}, "results": {"bindings": [
                    {"s": {"type": "uri", "value": "http://remote.example/thing"}}]}}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = _reply

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sparql"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def tiny():
    server = _Tiny()
    yield server
    server.stop()


def _ask(server, query: str, **headers: str) -> tuple[int, bytes]:
    status, _, body = server.request("GET", "/sparql?" + urllib.parse.urlencode({"query": query}),
                                     None, headers)
    return status, body


def test_service_is_refused_unless_allowed_and_no_request_leaves(tiny) -> None:
    query = f"SELECT ?s WHERE {{ SERVICE <{tiny.url}> {{ ?s ?p ?o }} }}"
    with running() as server:
        status, body = _ask(server, query)
        assert status == 400 and b"--allow-service" in body and tiny.url.encode() in body
        prefixed = f"PREFIX r: <{tiny.url.rsplit('/', 1)[0]}/> SELECT * {{ SERVICE SILENT r:sparql {{ ?s ?p ?o }} }}"
        assert _ask(server, prefixed)[0] == 400
        assert _ask(server, "SELECT * { SERVICE ?where { ?s ?p ?o } }")[0] == 400
        # the word in a comment, a string, a variable or a prefixed name is not the keyword
        harmless = ('PREFIX ex: <http://example.org/> # a query without a service\n'
                    'SELECT ?service WHERE { BIND("SERVICE <http://127.0.0.1:1/>" AS ?service) '
                    'OPTIONAL { ?service ex:service ?o } }')
        assert _ask(server, harmless)[0] == 200
        update = f"LOAD <{tiny.url}> INTO GRAPH <http://example.org/loaded>"
        status, _, body = server.request("POST", "/sparql", update.encode(), {
            "Content-Type": "application/sparql-update", "Authorization": f"Bearer {ENDPOINT_KEY}"})
        assert status == 400 and b"LOAD" in body
    assert tiny.paths == [], "a refused SERVICE or LOAD reached the network"
    with running(ServeOptions(update_key=ENDPOINT_KEY, allowed_services=(tiny.url,))) as server:
        status, body = _ask(server, query)
        assert status == 200, body
        assert json_rows(body) == [{"s": "http://remote.example/thing"}]
    assert tiny.paths, "the allowed SERVICE was not called"


def _raw(server, data: bytes, wait: float = 10.0) -> bytes:
    """Send raw bytes on a fresh connection; what comes back until the server closes it."""
    with socket.create_connection((server.host, server.port), timeout=wait) as conn:
        conn.sendall(data)
        out = b""
        while chunk := conn.recv(65536):
            out += chunk
        return out


def test_a_silent_client_is_dropped_after_the_timeout() -> None:
    with running(ServeOptions(timeout=1.0)) as server:
        for sent in (b"", b"POST /sparql HTTP/1.1\r\nContent-Length: 100\r\n\r\nquery=ASK"):
            started = time.monotonic()
            with socket.create_connection((server.host, server.port), timeout=10) as conn:
                conn.sendall(sent)
                assert conn.recv(1024) == b""  # closed by the server, not by us
            assert time.monotonic() - started < 5
        assert _ask(server, "ASK {}")[0] == 200


def test_an_oversize_body_is_413_before_it_is_read() -> None:
    with running(ServeOptions(max_body_bytes=1000, timeout=20.0)) as server:
        # the headers alone: the answer comes without the 5000 bytes ever being sent
        answer = _raw(server, b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: "
                              b"application/sparql-query\r\nContent-Length: 5000\r\n\r\n")
        assert answer.startswith(b"HTTP/1.1 413")
        answer = _raw(server, b"POST /sparql HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
                              b"Content-Type: application/sparql-query\r\nContent-Length: 5000\r\n\r\n")
        assert answer.startswith(b"HTTP/1.1 413"), "refused before 100 Continue"
        status, _, _ = server.request("POST", "/sparql", b"ASK {}",
                                      {"Content-Type": "application/sparql-query"})
        assert status == 200


@pytest.mark.parametrize("length", [b"abc", b"-5", b"1 2", b"+3", b"\xd9\xa3"])
def test_a_malformed_content_length_is_400_and_the_server_goes_on(length) -> None:
    with running() as server:
        answer = _raw(server, b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: "
                              b"application/sparql-query\r\nContent-Length: " + length +
                              b"\r\n\r\nASK {}")
        assert answer.startswith(b"HTTP/1.1 400")
        assert _ask(server, "ASK {}")[0] == 200


@pytest.mark.parametrize("authorization, status", [
    (None, 401), ("Basic " + "a2c6a2V5", 401), ("Bearer", 401), ("Bearer  ", 401),
    (f"Token {ENDPOINT_KEY}", 401), (f"Bearer {ENDPOINT_KEY} extra", 401),
    (f"Bearer{ENDPOINT_KEY}", 401), ("Bearer wrong-key", 401),
    (f"bearer {ENDPOINT_KEY}", 204), (f"BEARER {ENDPOINT_KEY}", 204),
    (f"Bearer {ENDPOINT_KEY}", 204),
])
def test_updates_need_exactly_a_bearer_key(authorization, status) -> None:
    update = "INSERT DATA { GRAPH <http://example.org/g> { <http://example.org/s> a <http://example.org/C> } }"
    headers = {"Content-Type": "application/sparql-update"}
    if authorization is not None:
        headers["Authorization"] = authorization
    with running() as server:
        got, answer_headers, _ = server.request("POST", "/sparql", update.encode(), headers)
        assert got == status
        if status == 401:
            assert answer_headers["www-authenticate"].startswith("Bearer ")
        done = json.loads(_ask(server, "ASK { GRAPH ?g { <http://example.org/s> a ?c } }")[1])
        assert done["boolean"] is (status == 204)


def test_workers_are_bounded_and_the_rest_told_to_retry() -> None:
    with running(ServeOptions(max_seconds=2.0, max_workers=1, max_waiting=0)) as server:
        slow = threading.Thread(target=_ask, args=(server, ENDLESS))
        slow.start()
        time.sleep(0.5)  # the slow query holds the one worker
        status, headers, body = server.request("GET", "/sparql?query=ASK%7B%7D")
        assert status == 503 and headers["retry-after"] == "1" and b"busy" in body
        slow.join(10)
        assert _ask(server, "ASK {}")[0] == 200


def test_an_update_over_the_time_limit_is_stopped_and_changes_nothing() -> None:
    endless = ("INSERT { GRAPH <http://example.org/g> { <http://example.org/s> a ?o0 } } WHERE { "
               + " ".join(f"?s{i} ?p{i} ?o{i} ." for i in range(12)) + " }")
    with running(ServeOptions(max_seconds=1.0, update_key=ENDPOINT_KEY)) as server:
        status, _, body = server.request("POST", "/sparql", endless.encode(), {
            "Content-Type": "application/sparql-update",
            "Authorization": f"Bearer {ENDPOINT_KEY}"})
        assert status == 503 and b"update ran longer than 1 s" in body
        assert json.loads(_ask(server, "ASK { GRAPH ?g { <http://example.org/s> ?p ?o } }")[1]
                          )["boolean"] is False


def test_connections_beyond_the_limit_are_told_503_at_once() -> None:
    with running(ServeOptions(max_connections=1, timeout=5.0)) as server:
        with socket.create_connection((server.host, server.port), timeout=10) as idle:
            time.sleep(0.2)  # the idle connection holds the one place
            answer = _raw(server, b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\n\r\n")
            assert answer.startswith(b"HTTP/1.1 503") and b"Retry-After: 1" in answer
            idle.sendall(b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            assert idle.recv(1024).startswith(b"HTTP/1.1 200")
        time.sleep(0.2)
        assert _ask(server, "ASK {}")[0] == 200


def test_format_is_a_hint_that_accept_backs() -> None:
    with running() as server:
        query = urllib.parse.quote("CONSTRUCT WHERE { ?s ?p ?o }")
        for fmt, media in (("n3", "text/turtle"), ("ntriples", "application/n-triples"),
                           ("nonsense", "application/rdf+xml")):
            status, headers, _ = server.request("GET", f"/sparql?query={query}&format={fmt}",
                                                None, {"Accept": "application/rdf+xml"})
            assert status == 200 and headers["content-type"].startswith(media)


def test_the_examples_are_served_and_run_here(served) -> None:
    """SIB-style SPARQL examples of the library at /examples, targeting this endpoint; each
    example's query answers here. A Host header that is no host name is not written into
    the Turtle."""
    import rdflib

    status, headers, body = http(f"{served}/examples")
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    graph = rdflib.Graph().parse(data=body.decode(), format="turtle")
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    schema = rdflib.Namespace("https://schema.org/")
    examples = set(graph.subjects(rdflib.RDF.type, sh.SPARQLExecutable))
    assert len(examples) == len(list_queries())
    assert {str(t) for t in graph.objects(None, schema.target)} == {f"{served}/sparql"}
    for example in sorted(examples)[:3]:
        text = next(graph.objects(example, sh.select), None) or next(
            graph.objects(example, sh.construct))
        assert http(f"{served}/sparql", str(text).encode(),
                    {"Content-Type": "application/sparql-query"})[0] == 200
    status, _headers, body = http(f"{served}/examples", headers={"Host": "x> <y"})
    assert status == 200 and b"x> <y" not in body
