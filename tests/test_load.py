"""A bounded load test of a real ``kg serve``: 4 clients send 300 requests (GET and POST, SELECT,
ASK, CONSTRUCT) to a server with 2 workers. Every request must get an answer, 200 or a
deliberate 503 with ``Retry-After``; the server must answer afterwards; and the serving
process and its workers, sampled from /proc while the load runs, must stay within the server's
own size plus its memory budget (``--max-workers`` times ``--max-memory-mb``).

The RSS of forked workers counts the pages they share with the server, so the sum sampled
here over-counts: staying under the budget by this count is staying under it.
"""

from __future__ import annotations

import json
import os
import resource
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from .servers import serve

WORKERS, MEMORY_MB = 2, 512
QUERIES = [
    "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "ASK { ?s a ?c }",
    "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 100",
    "CONSTRUCT { ?s a ?c } WHERE { ?s a ?c } LIMIT 50",
    "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
]


def _rss(pid: int) -> int:
    """Resident bytes of a process, 0 if it is gone."""
    try:
        pages = int(Path(f"/proc/{pid}/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return 0
    return pages * resource.getpagesize()


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def family_rss(pid: int) -> int:
    """The server's RSS plus its workers'."""
    return _rss(pid) + sum(_rss(child) for child in _children(pid))


def one_request(base: str, index: int) -> tuple[int, float, dict[str, str]]:
    """Send request number ``index`` (the query and method vary with it): status, seconds,
    headers."""
    query = QUERIES[index % len(QUERIES)]
    accept = "text/turtle" if query.startswith("CONSTRUCT") else "application/sparql-results+json"
    if index % 2:
        request = urllib.request.Request(
            f"{base}/sparql", urllib.parse.urlencode({"query": query}).encode(),
            {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept})
    else:
        request = urllib.request.Request(
            f"{base}/sparql?{urllib.parse.urlencode({'query': query})}", headers={"Accept": accept})
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            response.read()
            status, headers = response.status, dict(response.headers)
    except urllib.error.HTTPError as err:
        err.read()
        status, headers = err.code, dict(err.headers)
    return status, time.perf_counter() - started, headers


def run_load(base: str, pid: int, clients: int = 4, total: int = 300,
             ) -> tuple[list[tuple[int, float, dict[str, str]]], int, float]:
    """The answers to ``total`` requests from ``clients`` threads, the peak RSS of the server
    and its workers meanwhile, and the seconds it all took."""
    peak, stop = [family_rss(pid)], threading.Event()

    def sample() -> None:
        while not stop.wait(0.02):
            peak[0] = max(peak[0], family_rss(pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        answers = list(pool.map(lambda i: one_request(base, i), range(total)))
    took = time.perf_counter() - started
    stop.set()
    sampler.join(5)
    return answers, peak[0], took


@pytest.fixture(scope="module")
def loaded(content_build):
    server = serve(content_build, "--max-workers", str(WORKERS), "--max-waiting", "8",
                   "--max-memory-mb", str(MEMORY_MB))
    yield server
    server.stop()


def test_every_request_is_answered_within_the_memory_budget(loaded) -> None:
    pid = loaded.process.pid
    assert os.path.isdir(f"/proc/{pid}")
    baseline = _rss(pid)
    answers, peak, _ = run_load(loaded.url, pid)
    assert len(answers) == 300
    statuses = {status for status, _, _ in answers}
    assert statuses <= {200, 503}, statuses
    assert all(headers.get("Retry-After") for status, _, headers in answers if status == 503)
    assert sum(status == 200 for status, _, _ in answers) >= 150
    assert peak < baseline + WORKERS * MEMORY_MB * 1024 * 1024, (baseline, peak)
    # and it still answers, with the whole graph
    status, _, _ = one_request(loaded.url, 0)
    assert status == 200
    with urllib.request.urlopen(f"{loaded.url}/sparql?query=ASK%7B%3Fs%20%3Fp%20%3Fo%7D") as answer:
        assert json.loads(answer.read())["boolean"] is True
