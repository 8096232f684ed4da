"""``kg serve``, started as a real process on 127.0.0.1 and spoken to over HTTP: the protocol,
the formats and the limits. Its answers, query by query, are in the compliance suite,
tests/test_engines.py."""

from __future__ import annotations

import csv
import io
import json
import re
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest

from kg.rdf.store import KnowledgeGraph
from kg.sparql.library import list_queries

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
    assert http(f"{served}/sparql")[0] == 400
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
    assert post(strict, {"update": update}, {"Authorization": "Bearer wrong"})[0] == 403
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
