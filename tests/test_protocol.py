"""The W3C SPARQL 1.1 Protocol tests, read from the shipped manifest and sent to a real
``kg serve`` server, one test per case; then the protocol points the cases leave loose
(which graphs a restricted dataset sees, q-values, 405's ``Allow``) and the Service
Description, checked against what the server does.

Every case of the manifest gives its requests as data (method, path, headers, body and its
encoding, expected status, format and boolean), so the runner builds each request from the
manifest alone; a case without them fails (nothing is skipped silently). The manifest's
``/sparql/`` paths are sent to ``/sparql``; updates carry the server's update key.
"""

from __future__ import annotations

import json
import urllib.parse
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.collection import Collection
from rdflib.compare import isomorphic

from kg.serve.http import ServeOptions

from .conftest import SHARED
from .endpoint import DATA, KEY, OTHER, running

MANIFEST = SHARED / "conformance" / "sparql11-protocol-manifest.ttl"
MF = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = rdflib.Namespace("http://www.w3.org/2011/http#")
CNT = rdflib.Namespace("http://www.w3.org/2011/content#")
HTS = "http://www.w3.org/2011/http-statusCodes#StatusCode"
SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
RESULTS = ("application/sparql-results+json", "application/sparql-results+xml")
TABULAR = (*RESULTS, "text/csv", "text/tab-separated-values")
RDF_TYPES = {"text/turtle": ox.RdfFormat.TURTLE, "application/n-triples": ox.RdfFormat.N_TRIPLES,
             "application/rdf+xml": ox.RdfFormat.RDF_XML,
             "application/ld+json": ox.RdfFormat.JSON_LD}


def _manifest() -> rdflib.Graph:
    graph = rdflib.Graph()
    if MANIFEST.is_file():
        graph.parse(MANIFEST, format="turtle")
    return graph


GRAPH = _manifest()
HEAD = next(GRAPH.subjects(rdflib.RDF.type, MF.Manifest), None)
ENTRIES = list(Collection(GRAPH, GRAPH.value(HEAD, MF.entries))) if HEAD is not None else []


def _name(case: rdflib.term.Node) -> str:
    return str(case).rsplit("#", 1)[-1]


def _requests(case: rdflib.term.Node) -> list[rdflib.term.Node]:
    action = GRAPH.value(case, MF.action)
    listed = GRAPH.value(action, HT.requests) if action is not None else None
    return list(Collection(GRAPH, listed)) if listed is not None else []


def test_the_manifest_holds_the_34_cases() -> None:
    assert MANIFEST.is_file(), f"the W3C protocol manifest is not at {MANIFEST}"
    assert len(ENTRIES) == 34 == len(set(ENTRIES))
    assert set(GRAPH.subjects(rdflib.RDF.type, MF.ProtocolTest)) == set(ENTRIES)
    assert all(_requests(case) for case in ENTRIES), "a case has no machine-readable request"


def _send(server, request: rdflib.term.Node) -> tuple[int, dict[str, str], bytes]:
    method = str(GRAPH.value(request, HT.methodName))
    path = str(GRAPH.value(request, HT.absolutePath))
    assert path.startswith("/sparql/")
    path = "/sparql" + path.removeprefix("/sparql/")
    headers = {"Authorization": f"Bearer {KEY}"}
    listed = GRAPH.value(request, HT.headers)
    for header in Collection(GRAPH, listed) if listed is not None else []:
        headers[str(GRAPH.value(header, HT.fieldName))] = str(GRAPH.value(header, HT.fieldValue))
    body = None
    content = GRAPH.value(request, HT.body)
    if content is not None:
        encoding = str(GRAPH.value(content, CNT.characterEncoding) or "UTF-8")
        body = str(GRAPH.value(content, CNT.chars)).encode(encoding)
    return server.request(method, path, body, headers)


def _boolean(media: str, body: bytes) -> bool:
    if media.endswith("json"):
        return bool(json.loads(body)["boolean"])
    found = ET.fromstring(body).find("{http://www.w3.org/2005/sparql-results#}boolean")
    assert found is not None
    return found.text == "true"


@pytest.mark.parametrize("case", ENTRIES, ids=_name)
def test_w3c_protocol_case(case) -> None:
    with running() as server:
        for request in _requests(case):
            status, headers, body = _send(server, request)
            expected = GRAPH.value(request, HT.resp)
            classes = {str(c).removeprefix(HTS) for c in GRAPH.objects(expected, MF.expectedStatus)}
            assert f"{status // 100}xx" in classes, (status, body[:300])
            media = headers.get("content-type", "").split(";")[0]
            fmt = GRAPH.value(expected, MF.expectedFormat)
            if fmt is not None and str(fmt) == "boolean":
                assert media in RESULTS
            elif fmt is not None and str(fmt) == "tabular":
                assert media in TABULAR and body
            elif fmt is not None:
                assert media in RDF_TYPES
                list(ox.parse(body, format=RDF_TYPES[media]))  # it parses
            boolean = GRAPH.value(expected, MF.expectedBoolean)
            if boolean is not None:
                assert _boolean(media, body) is bool(boolean.toPython())


def _select(server, query: str, **params: str | list[str]) -> list[str]:
    query_string = urllib.parse.urlencode({"query": query, **params}, doseq=True)
    status, _, body = server.request("GET", f"/sparql?{query_string}")
    assert status == 200, body
    return sorted(b["x"]["value"] for b in json.loads(body)["results"]["bindings"])


def test_a_restricted_dataset_sees_its_graphs_alone() -> None:
    with running() as server:
        assert _select(server, "SELECT ?x { ?x a ?t }") == sorted([*DATA, OTHER + "/doc"])
        assert _select(server, "SELECT ?x { ?x a ?t }", **{"default-graph-uri": DATA[1]}) == [DATA[1]]
        both = _select(server, "SELECT ?x { ?x a ?t }", **{"default-graph-uri": DATA[1:3]})
        assert both == DATA[1:3]
        named = _select(server, "SELECT ?x { GRAPH ?x { ?s a ?t } }",
                        **{"named-graph-uri": [DATA[0], OTHER]})
        assert named == sorted([DATA[0], OTHER])
        # the protocol's dataset replaces the query's FROM; named graphs alone: empty default
        assert _select(server, f"SELECT ?x FROM <{DATA[2]}> {{ ?x a ?t }}",
                       **{"default-graph-uri": DATA[3]}) == [DATA[3]]
        assert _select(server, "SELECT ?x { ?x a ?t }", **{"named-graph-uri": DATA[0]}) == []


def test_relative_iris_resolve_against_the_endpoint() -> None:
    with running() as server:
        assert _select(server, "SELECT ?x { BIND(<thing> AS ?x) }") == [f"{server.url}/thing"]


@pytest.mark.parametrize("accept, media", [
    ("application/sparql-results+json;q=0.5, application/sparql-results+xml", RESULTS[1]),
    ("text/csv;q=0, */*;q=0.1", RESULTS[0]),
    ("text/*;q=0.9, text/csv;q=0.2", "text/tab-separated-values"),
    ("application/sparql-results+xml, application/sparql-results+json", RESULTS[1]),
    ("text/turtle", None),
    ("application/sparql-results+json;q=0", None),
])
def test_accept_q_values_choose_the_format(accept, media) -> None:
    with running() as server:
        query = urllib.parse.quote("SELECT ?x { ?x a ?t }")
        status, headers, _ = server.request("GET", f"/sparql?query={query}", None,
                                            {"Accept": accept})
        if media is None:
            assert status == 406
        else:
            assert status == 200 and headers["content-type"].split(";")[0] == media


def test_other_methods_are_405_with_allow() -> None:
    with running() as server:
        for method in ("PUT", "DELETE", "PATCH", "OPTIONS"):
            status, headers, _ = server.request(method, "/sparql?query=ASK%7B%7D", b"")
            assert status == 405 and headers["allow"] == "GET, POST"
        status, _, body = server.request("POST", "/sparql", b"ASK {}", {"Content-Type": "text/plain"})
        assert status == 415 and b"application/sparql-query" in body


def _description(server, accept: str = "text/turtle") -> rdflib.Graph:
    status, headers, body = server.request("GET", "/sparql", None, {"Accept": accept})
    assert status == 200 and headers["content-type"].startswith(accept)
    return rdflib.Graph().parse(data=body, format={"text/turtle": "turtle",
                                                    "application/rdf+xml": "xml"}[accept])


FORMAT_MEDIA = {  # the W3C format IRIs (https://www.w3.org/ns/formats/), by hand
    "SPARQL_Results_JSON": "application/sparql-results+json",
    "SPARQL_Results_XML": "application/sparql-results+xml",
    "SPARQL_Results_CSV": "text/csv", "SPARQL_Results_TSV": "text/tab-separated-values",
    "Turtle": "text/turtle", "N-Triples": "application/n-triples",
    "JSON-LD": "application/ld+json", "RDF_XML": "application/rdf+xml"}


@pytest.mark.parametrize("update_key", [KEY, None])
def test_the_service_description_says_what_the_server_does(update_key) -> None:
    with running(ServeOptions(update_key=update_key)) as server:
        description = _description(server)
        assert isomorphic(_description(server, "application/rdf+xml"), description)
        service = description.value(predicate=rdflib.RDF.type, object=SD.Service)
        assert service is not None
        assert description.value(service, SD.endpoint) == rdflib.URIRef(server.url + "/sparql")
        languages = set(description.objects(service, SD.supportedLanguage))
        assert (SD.SPARQL11Update in languages) is (update_key is not None)
        assert SD.SPARQL11Query in languages
        # each advertised format is answered, in that media type
        formats = [str(f).rsplit("/", 1)[-1] for f in description.objects(service, SD.resultFormat)]
        assert len(formats) >= 6
        for name in formats:
            media = FORMAT_MEDIA[name]
            query = "SELECT ?x { ?x a ?t }" if media in TABULAR else "CONSTRUCT WHERE { ?x a ?t }"
            status, headers, _ = server.request(
                "GET", f"/sparql?query={urllib.parse.quote(query)}", None, {"Accept": media})
            assert status == 200 and headers["content-type"].split(";")[0] == media
        # the dataset: the default graph is the union of the named graphs listed
        dataset = description.value(service, SD.defaultDataset)
        assert SD.UnionDefaultGraph in set(description.objects(service, SD.feature))
        named = sorted(str(description.value(g, SD.name))
                       for g in description.objects(dataset, SD.namedGraph))
        assert named == _select(server, "SELECT DISTINCT ?x { GRAPH ?x { ?s ?p ?o } }")
        default = description.value(dataset, SD.defaultGraph)
        triples = description.value(default, rdflib.URIRef("http://rdfs.org/ns/void#triples"))
        count = json.loads(server.request("GET", "/sparql?query=" + urllib.parse.quote(
            "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"))[2])["results"]["bindings"][0]["n"]["value"]
        assert int(triples) == int(count)


@pytest.mark.parametrize("text, found", [
    ("SELECT * { SERVICE <http://a.example/sparql> { ?s ?p ?o } }", ["http://a.example/sparql"]),
    ("BASE <http://b.example/> SELECT * { SERVICE SILENT <sparql> { ?s ?p ?o } }",
     ["http://b.example/sparql"]),
    ("PREFIX e: <http://c.example/> SELECT * { SERVICE e:q { ?s ?p ?o } }", ["http://c.example/q"]),
    ("SELECT * { SERVICE ?endpoint { ?s ?p ?o } }", [None]),
    ("SELECT * { SERVICE u:q { ?s ?p ?o } }", [None]),  # an undeclared prefix: unknown
    ('# SERVICE <http://d.example/>\nSELECT ?service { ?service <http://x/service> "SERVICE" }', []),
    ("SELECT * { ?s ?p '''a\nSERVICE <http://e.example/>''' }", []),
])
def test_service_endpoints_are_read_from_tokens(text, found) -> None:
    from kg.rdf.lexer import services

    assert services(text, "http://endpoint.example/sparql") == found


def test_using_goes_before_each_modify_where_only() -> None:
    from kg.rdf.lexer import add_using, names_dataset

    update = ("DELETE WHERE { ?a ?b ?c } ;\n"
              "INSERT { ?s a ?t } WHERE { { SELECT ?s WHERE { ?s ?p ?t } } } ;\n"
              "DELETE { ?s ?p 'WHERE' } WHERE { ?s ?p ?o }")
    changed = add_using(update, ("http://g.example/1",), ("http://g.example/2",))
    clause = "USING <http://g.example/1> USING NAMED <http://g.example/2> WHERE"
    assert changed.count(clause) == 2 and changed.startswith("DELETE WHERE {")
    assert "SELECT ?s WHERE" in changed and "'WHERE'" in changed
    assert names_dataset(changed) and not names_dataset(update)
    assert names_dataset("WITH <http://g.example/1> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }")
