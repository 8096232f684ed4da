"""``kg serve``'s server, in process on 127.0.0.1 and a free port, over a small graph of ours:
for the protocol and hardening tests, which need a fresh server per case and options the
command line does not reach (a one-second socket timeout, a tiny body limit).

The graph: four document graphs, each stating that its own IRI is a document (the shape the
W3C protocol tests query), and one graph no test names, to show that a dataset restricted
to some graphs sees those alone.
"""

from __future__ import annotations

import http.client
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace

from kg.rdf.store import KnowledgeGraph
from kg.serve.http import ServeOptions, make_server

KEY = "protocol-test-key-41b9"
DOC = "http://xmlns.com/foaf/0.1/Document"
TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
DATA = [f"http://kasei.us/2009/09/sparql/data/data{i}.rdf" for i in range(4)]
OTHER = "http://example.org/unnamed-graph"


def graph_lines() -> list[str]:
    lines = [f"<{g}> <{TYPE}> <{DOC}> <{g}> .\n" for g in DATA]
    lines.append(f"<{OTHER}/doc> <{TYPE}> <{DOC}> <{OTHER}> .\n")
    return sorted(lines, key=lambda line: (line.split()[-2], line))


@dataclass(frozen=True)
class Running:
    host: str
    port: int

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict[str, str] | None = None, timeout: float = 30,
                ) -> tuple[int, dict[str, str], bytes]:
        """One request on its own connection: status, headers (lower-cased names), body."""
        conn = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            return (response.status, {k.lower(): v for k, v in response.getheaders()},
                    response.read())
        finally:
            conn.close()


@contextmanager
def running(options: ServeOptions | None = None, lines: list[str] | None = None,
            ) -> Iterator[Running]:
    """A server of the graph above (or ``lines``), stopped when the block ends."""
    options = replace(options or ServeOptions(update_key=KEY), host="127.0.0.1", port=0)
    server = make_server(KnowledgeGraph.from_lines(lines or graph_lines()), options)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Running("127.0.0.1", server.server_address[1])
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
