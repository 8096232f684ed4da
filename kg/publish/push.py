"""Loading a built graph into a remote store with the SPARQL 1.1 Graph Store HTTP Protocol.

Each named graph (one per article, and the vocabulary graph) is sent whole with ``PUT``, which
replaces the graph in one request: a failed or repeated push never leaves half an article or
two copies of it.

After the graphs, the push writes a manifest graph (:data:`MANIFEST_GRAPH`): the SHA-256 of
each graph's canonical N-Triples. When a query endpoint is given, the push first reads that
manifest and sends only the graphs whose digest changed (or that the store no longer holds);
so a re-push after editing one article sends that article's graph alone, and a push cut off
half-way sends again, on the next run, whatever it had not confirmed. ``prune`` deletes the
store's article graphs that the build no longer has.

The HTTP client is ``requests`` (SPARQLWrapper speaks the query protocol only), for its
digest authentication, which Virtuoso's write endpoints require.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from kg.core.namespaces import ID, MANIFEST_GRAPH, SBKG
from kg.errors import PushError
from kg.rdf.canonical import iri, literal, split_quad
from kg.rdf.store import KnowledgeGraph
from kg.sparql.engine import SparqlEngine
from kg.sparql.remote import Endpoint, RemoteEngine

__all__ = ["PushError", "PushReport", "push", "MANIFEST_GRAPH"]


_REMOTE_STATE = f"""
SELECT ?g ?digest WHERE {{
  GRAPH <{MANIFEST_GRAPH}> {{ ?g <{SBKG.graphDigest}> ?digest }}
  FILTER EXISTS {{ GRAPH ?g {{ ?s ?p ?o }} }}
}}
"""
_REMOTE_ARTICLE_GRAPHS = f"""
SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?g a <{SBKG.ArticleGraph}> }} }}
"""


@dataclass(frozen=True)
class PushReport:
    """What a push did: graphs sent, left as they were, deleted; triples sent."""

    sent: tuple[str, ...]
    unchanged: tuple[str, ...]
    deleted: tuple[str, ...]
    triples: int


def _graphs(graph: KnowledgeGraph) -> dict[str, list[str]]:
    """N-Triples lines of each named graph, by graph IRI."""
    grouped: dict[str, list[str]] = defaultdict(list)
    for line in graph.quad_lines():
        triple, name = split_quad(line)
        if name.startswith("<"):
            grouped[name[1:-1]].append(triple)
    return dict(grouped)


def digest(lines: list[str]) -> str:
    """``sha256:`` and the SHA-256 of a graph's canonical N-Triples lines."""
    return "sha256:" + hashlib.sha256("".join(lines).encode("utf-8")).hexdigest()


def _manifest(digests: dict[str, str]) -> bytes:
    return "".join(f"{iri(name)} {iri(str(SBKG.graphDigest))} {literal(value)} .\n"
                   for name, value in sorted(digests.items())).encode("utf-8")


def push(
    graph: KnowledgeGraph,
    store: Endpoint,
    *,
    sparql: SparqlEngine | Endpoint | None = None,
    prune: bool = False,
    graph_param: str = "graph",
    progress: Callable[[int, int, str], None] | None = None,
) -> PushReport:
    """Send each named graph of ``graph`` to the Graph Store endpoint ``store``.

    ``sparql``: a query engine (or endpoint) of the same store, to skip graphs that did not change and to
    find graphs to ``prune``. ``graph_param``: the name of the request parameter naming the
    graph (``graph`` in the standard; Virtuoso also reads ``graph-uri``).
    """
    import requests
    from requests.auth import HTTPBasicAuth, HTTPDigestAuth

    auth = None
    if store.user is not None:
        scheme = HTTPDigestAuth if store.auth == "digest" else HTTPBasicAuth
        auth = scheme(store.user, store.password or "")
    local = _graphs(graph)
    digests = {name: digest(lines) for name, lines in local.items()}
    remote: dict[str, str] = {}
    stored: list[str] = []
    if isinstance(sparql, Endpoint):
        sparql = RemoteEngine(sparql)
    if sparql is not None:
        remote = {str(row["g"]): str(row["digest"]) for row in sparql.query(_REMOTE_STATE).values()}
        if prune:
            stored = [str(row["g"]) for row in sparql.query(_REMOTE_ARTICLE_GRAPHS).values()]
    session = requests.Session()

    sent: list[str] = []

    def send(method: str, name: str, body: bytes | None = None) -> None:
        headers = {"Content-Type": "text/turtle; charset=utf-8"} if body is not None else {}
        done = f" ({len(sent)} of {len(local)} graphs sent before this one, each whole)"
        try:
            response = session.request(method, store.url, params={graph_param: name}, data=body,
                                       headers=headers, auth=auth, timeout=300)
        except requests.ConnectionError as err:
            reason = err.args[0] if err.args else err
            reason = getattr(reason, "reason", reason)
            raise PushError(f"{store.url}: cannot connect ({reason}){done}") from err
        except requests.RequestException as err:
            raise PushError(f"{store.url}: cannot {method} graph <{name}>: {err}{done}") from err
        if response.status_code >= 300:
            text = " ".join(response.text.split())[:300]
            hint = ""
            if response.status_code == 401:
                hint = (" - check the user and password" if store.user else
                        " - the store wants a user and password (--user, KG_ENDPOINT_PASSWORD)")
                if store.auth != "digest":
                    hint += "; stores such as Virtuoso want digest authentication (--auth digest)"
            raise PushError(f"{store.url} refused {method} of graph <{name}>: "
                            f"HTTP {response.status_code} {response.reason}{hint}"
                            f"{': ' + text if text else ''}{done}")

    unchanged, triples = [], 0
    for done, (name, lines) in enumerate(sorted(local.items()), start=1):
        if remote.get(name) == digests[name]:
            unchanged.append(name)
        else:
            send("PUT", name, "".join(lines).encode("utf-8"))
            sent.append(name)
            triples += len(lines)
        if progress:
            progress(done, len(local), name)
    deleted = []
    if prune:
        ours = str(ID.graph)
        for name in sorted(set(stored) - set(local)):
            if name.startswith(ours):
                send("DELETE", name)
                deleted.append(name)
    if sent or deleted or set(remote) != set(local):
        send("PUT", MANIFEST_GRAPH, _manifest(digests))  # last: it vouches for what was sent
    return PushReport(tuple(sent), tuple(unchanged), tuple(deleted), triples)
