"""Loading a built graph into a remote store with the SPARQL 1.1 Graph Store HTTP Protocol.

Each named graph (one per article, and the vocabulary graph) is sent whole with ``PUT``, which
replaces the graph in one request. A push never lies about what the store holds:

- **a lock**: with a query endpoint, the push first writes a lock graph (:data:`LOCK_GRAPH`:
  an owner and an expiry) and reads it back; a lock of another push that has not expired stops
  this one with a clear error, so two pushes cannot interleave and merge two versions. A push
  that died leaves a lock that lapses at its expiry. The lock is released at the end;
- **the manifest first invalidated, then vouched for**: the manifest graph
  (:data:`MANIFEST_GRAPH`) holds the SHA-256 of every graph as last confirmed. Before anything
  is sent it is cut down to the graphs this push leaves alone; only after every graph is sent
  and verified is it written whole. A push cut off half-way therefore leaves a manifest that
  claims nothing it did not confirm, and the next push sends again what was not confirmed;
- **verified**: after sending, the triples of each graph sent are counted in the store and
  compared with the build's; a store that kept fewer is an error naming the graphs;
- **whole or old**: given an update endpoint, a graph larger than ``stage_above`` triples is
  loaded into a staging graph and moved over the old one with SPARQL ``MOVE``, so that a PUT
  killed half-way leaves the old version, never a missing graph.

The HTTP client is ``requests`` (SPARQLWrapper speaks the query protocol only), for its
digest authentication, which Virtuoso's write endpoints require.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import socket
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, cast

from kg.core.namespaces import ID, LOCK_GRAPH, MANIFEST_GRAPH, SBKG, STAGING_GRAPH, XSD
from kg.errors import PushError, QueryError
from kg.rdf.canonical import iri, literal, split_quad
from kg.rdf.store import KnowledgeGraph
from kg.sparql.engine import SparqlEngine
from kg.sparql.remote import Endpoint, RemoteEngine

__all__ = ["PushError", "PushReport", "push", "MANIFEST_GRAPH", "LOCK_GRAPH", "digest"]

_REMOTE_STATE = f"""
SELECT ?g ?digest WHERE {{
  GRAPH <{MANIFEST_GRAPH}> {{ ?g <{SBKG.graphDigest}> ?digest }}
  FILTER EXISTS {{ GRAPH ?g {{ ?s ?p ?o }} }}
}}
"""
_REMOTE_ARTICLE_GRAPHS = f"""
SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?g a <{SBKG.ArticleGraph}> }} }}
"""
_LOCK_STATE = f"""
SELECT ?owner ?expires WHERE {{
  GRAPH <{LOCK_GRAPH}> {{ <{LOCK_GRAPH}> <{SBKG.lockOwner}> ?owner ;
                                           <{SBKG.lockExpires}> ?expires }}
}}
"""


@dataclass(frozen=True)
class PushReport:
    """What a push did: graphs sent, left as they were, deleted; triples sent."""

    sent: tuple[str, ...]
    unchanged: tuple[str, ...]
    deleted: tuple[str, ...]
    triples: int
    verified: bool = False  # the triples of every graph sent were counted in the store


def _graphs(graph: KnowledgeGraph) -> Iterator[tuple[str, list[str]]]:
    """Each named graph's N-Triples lines, one graph at a time (a graph's lines are together
    in :meth:`KnowledgeGraph.quad_lines`), so that a push holds one graph, not the corpus:
    the 100k build's graph.nq is 37M lines."""
    name: str | None = None
    lines: list[str] = []
    seen: set[str] = set()
    for line in graph.quad_lines():
        triple, graph_name = split_quad(line)
        if not graph_name.startswith("<"):
            continue
        if graph_name != name:
            if name is not None:
                yield name[1:-1], lines
            if graph_name in seen:  # (quad_lines promises otherwise)
                raise PushError(f"the lines of graph {graph_name} are not together")
            seen.add(graph_name)
            name, lines = graph_name, []
        lines.append(triple)
    if name is not None:
        yield name[1:-1], lines


def digest(lines: list[str]) -> str:
    """``sha256:`` and the SHA-256 of a graph's canonical N-Triples lines."""
    return "sha256:" + hashlib.sha256("".join(lines).encode("utf-8")).hexdigest()


def _manifest(digests: dict[str, str]) -> bytes:
    return "".join(f"{iri(name)} {iri(str(SBKG.graphDigest))} {literal(value)} .\n"
                   for name, value in sorted(digests.items())).encode("utf-8")


def _lock_body(owner: str, expires: int) -> bytes:
    me = iri(LOCK_GRAPH)
    return (f"{me} {iri(str(SBKG.lockOwner))} {literal(owner)} .\n"
            f"{me} {iri(str(SBKG.lockExpires))} {literal(str(expires), str(XSD.integer))} .\n"
            ).encode()


def default_owner() -> str:
    """Who a push says it is in the lock: host, process and a random token."""
    return f"kg push on {socket.gethostname()} pid {os.getpid()} #{secrets.token_hex(4)}"


class _Client:
    """Requests to one Graph Store endpoint (and its update endpoint), errors made ours."""

    def __init__(self, store: Endpoint, update: Endpoint | None, graph_param: str,
                 total: int) -> None:
        import requests

        self.requests = requests
        self.store, self.update_endpoint, self.graph_param = store, update, graph_param
        self.session = requests.Session()
        self.sent: list[str] = []
        self.total = total
        self.auths: dict[str, Any] = {}

    def _auth(self, endpoint: Endpoint) -> Any:
        """One auth object per endpoint, so digest auth reuses its nonce."""
        from requests.auth import HTTPBasicAuth, HTTPDigestAuth

        if endpoint.user is None:
            return None
        if endpoint.url not in self.auths:
            scheme = HTTPDigestAuth if endpoint.auth == "digest" else HTTPBasicAuth
            self.auths[endpoint.url] = scheme(endpoint.user, endpoint.password or "")
        return self.auths[endpoint.url]

    def _done(self) -> str:
        return f" ({len(self.sent)} of {self.total} graphs sent before this one, each whole)"

    def _request(self, endpoint: Endpoint, method: str, what: str, **kwargs: Any) -> None:
        requests = self.requests
        try:
            response = self.session.request(method, endpoint.url, auth=self._auth(endpoint),
                                            timeout=300, **kwargs)
        except requests.ConnectionError as err:
            reason = err.args[0] if err.args else err
            reason = getattr(reason, "reason", reason)
            raise PushError(f"{endpoint.url}: cannot connect ({reason}) during {what}"
                            f"{self._done()}") from err
        except requests.RequestException as err:
            raise PushError(f"{endpoint.url}: {what} failed: {err}{self._done()}") from err
        if response.status_code >= 300:
            text = " ".join(response.text.split())[:300]
            hint = ""
            if response.status_code == 401:
                hint = (" - check the user and password" if endpoint.user else
                        " - the store wants a user and password (--user, KG_ENDPOINT_PASSWORD)")
                if endpoint.auth != "digest":
                    hint += "; stores such as Virtuoso want digest authentication (--auth digest)"
            raise PushError(f"{endpoint.url} refused {what}: "
                            f"HTTP {response.status_code} {response.reason}{hint}"
                            f"{': ' + text if text else ''}{self._done()}")

    def put(self, name: str, body: bytes) -> None:
        self._request(self.store, "PUT", f"PUT of graph <{name}>",
                      params={self.graph_param: name}, data=body,
                      headers={"Content-Type": "text/turtle; charset=utf-8"})

    def delete(self, name: str) -> None:
        self._request(self.store, "DELETE", f"DELETE of graph <{name}>",
                      params={self.graph_param: name})

    def update(self, text: str, what: str) -> None:
        if self.update_endpoint is None:  # pragma: no cover - callers check
            raise PushError("no update endpoint")
        self._request(self.update_endpoint, "POST", what, data={"update": text})


def _rows(sparql: SparqlEngine, query: str) -> list[dict[str, str | None]]:
    try:
        return sparql.query(query).values()
    except QueryError as err:
        raise PushError(f"cannot read the store's state: {err}") from err


def push(
    graph: KnowledgeGraph,
    store: Endpoint,
    *,
    sparql: SparqlEngine | Endpoint | None = None,
    update: Endpoint | None = None,
    prune: bool = False,
    graph_param: str = "graph",
    progress: Callable[[int, int, str], None] | None = None,
    owner: str | None = None,
    lock_seconds: int = 900,
    stage_above: int = 50_000,
) -> PushReport:
    """Send each named graph of ``graph`` to the Graph Store endpoint ``store``.

    ``sparql``: a query engine (or endpoint) of the same store: lock it, skip graphs that did not change,
    verify what was sent, and find graphs to ``prune``. ``update``: its SPARQL Update
    endpoint, to move graphs of more than ``stage_above`` triples into place whole.
    ``graph_param``: the request parameter naming the graph (``graph`` in the standard;
    Virtuoso also reads ``graph-uri``). ``owner`` names this push in the lock, which lapses
    after ``lock_seconds``.
    """
    if isinstance(sparql, Endpoint):
        sparql = RemoteEngine(sparql)
    digests: dict[str, str] = {}
    local: dict[str, int] = {}  # each graph's triples
    for name, lines in _graphs(graph):
        digests[name], local[name] = digest(lines), len(lines)
    client = _Client(store, update, graph_param, len(local))
    me = owner or default_owner()
    if sparql is not None:
        _lock(client, sparql, me, lock_seconds)
    try:
        remote: dict[str, str] = {}
        stored: list[str] = []
        if sparql is not None:
            remote = {cast(str, r["g"]): cast(str, r["digest"]) for r in _rows(sparql, _REMOTE_STATE)}
            if prune:
                stored = [cast(str, r["g"]) for r in _rows(sparql, _REMOTE_ARTICLE_GRAPHS)]
        unchanged = [n for n in sorted(local) if remote.get(n) == digests[n]]
        changed = [n for n in sorted(local) if remote.get(n) != digests[n]]
        ours = str(ID.graph)
        doomed = sorted(n for n in set(stored) - set(local) if n.startswith(ours)) if prune else []
        if changed or doomed:
            # vouch only for what this push leaves alone, until the rest is confirmed
            client.put(MANIFEST_GRAPH, _manifest({n: digests[n] for n in unchanged}))
        triples = 0
        to_send = set(changed)
        done = len(unchanged)
        for name, lines in (_graphs(graph) if to_send else ()):  # read again, one at a time
            if name not in to_send:
                continue
            body = "".join(lines).encode("utf-8")
            if update is not None and len(lines) > stage_above:
                _staged(client, name, body)
            else:
                client.put(name, body)
            client.sent.append(name)
            triples += len(lines)
            done += 1
            if progress:
                progress(done, len(local), name)
        if len(client.sent) != len(changed):  # the graph changed while it was pushed
            missing = sorted(to_send - set(client.sent))[:3]
            raise PushError(f"graphs of the build disappeared while they were pushed: {missing}")
        verified = False
        if sparql is not None and changed:
            _verify(sparql, {n: local[n] for n in changed})
            verified = True
        for name in doomed:
            client.delete(name)
        if changed or doomed or set(remote) != set(local):
            client.put(MANIFEST_GRAPH, _manifest(digests))  # last: it vouches for all of it
        return PushReport(tuple(changed), tuple(unchanged), tuple(doomed), triples, verified)
    finally:
        if sparql is not None:
            _unlock(client, sparql, me)


def _lock(client: _Client, sparql: SparqlEngine, owner: str, seconds: int) -> None:
    now = int(time.time())
    for row in _rows(sparql, _LOCK_STATE):
        holder, expires = row["owner"] or "", int(row["expires"] or 0)
        if holder != owner and expires > now:
            raise PushError(
                f"the store is being pushed by {holder!r} until "
                f"{time.strftime('%Y-%m-%d %H:%M:%S UTC', time.gmtime(expires))}; try again "
                f"later (a push that died releases its lock then; the lock is graph <{LOCK_GRAPH}>)")
    client.put(LOCK_GRAPH, _lock_body(owner, now + seconds))
    holders = {row["owner"] for row in _rows(sparql, _LOCK_STATE)}
    if holders != {owner}:
        raise PushError(f"another push took the lock of the store at the same time ({holders}); "
                        "try again")


def _unlock(client: _Client, sparql: SparqlEngine, owner: str) -> None:
    try:
        holders = {row["owner"] for row in _rows(sparql, _LOCK_STATE)}
        if holders == {owner}:
            client.delete(LOCK_GRAPH)
    except PushError:
        pass  # the lock lapses at its expiry; the push's own outcome is what to report


def _staged(client: _Client, name: str, body: bytes) -> None:
    """Load into a staging graph, then move it over ``name`` in one update."""
    staging = STAGING_GRAPH + hashlib.sha256(name.encode("utf-8")).hexdigest()[:16]
    client.put(staging, body)
    client.update(f"MOVE SILENT GRAPH <{staging}> TO <{name}>", f"the move of graph <{name}>")


def _verify(sparql: SparqlEngine, expected: dict[str, int]) -> None:
    """Count the triples of each graph sent in the store; fewer or more is an error."""
    found: dict[str, int] = {}
    names = sorted(expected)
    for start in range(0, len(names), 200):  # VALUES blocks of a size every store takes
        block = " ".join(f"<{n}>" for n in names[start:start + 200])
        rows = _rows(sparql, "SELECT ?g (COUNT(*) AS ?n) WHERE { VALUES ?g { " + block
                     + " } GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        found.update({cast(str, r["g"]): int(r["n"] or 0) for r in rows})
    wrong = [f"<{n}>: {found.get(n, 0)} of {count} triples" for n, count in expected.items()
             if found.get(n, 0) != count]
    if wrong:
        raise PushError(f"the store does not hold what was sent ({len(wrong)} graphs): "
                        + "; ".join(wrong[:5]) + ("; ..." if len(wrong) > 5 else "")
                        + ". The manifest was not updated: the next push sends them again")
