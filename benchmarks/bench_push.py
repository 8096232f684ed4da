"""Benchmark: a build pushed into Virtuoso, and the library queries answered there.

    python benchmarks/bench_push.py BUILD_DIR [--buffers N] [--timeout S] [--bulk]
                                    [--only NAME,NAME] [--keep]

Starts a private Virtuoso on 127.0.0.1 as the tests do (tests/servers.py; Debian
``virtuoso-opensource``), given ``--buffers`` 8 kB pages of memory (default 680,000, the
template's figure for 8 GB), pushes the build with ``kg push`` (one named graph per article,
with the manifest and the count check), and prints graphs/s and triples/s; then runs every
library query there, slowest first. With ``--bulk``, the build's ``graph.nq`` is loaded
instead by Virtuoso's bulk loader (``ld_dir`` + ``rdf_loader_run``, the way to a first load
of a large corpus on a server that can read the file), and the quads of the project's graphs
are counted against the build's. ``--only`` runs the named queries alone; ``--keep`` leaves
Virtuoso running after them (its endpoint printed) until interrupted, to try queries by hand.
Figures, not assertions.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))


def main() -> None:
    from kg.rdf.store import KnowledgeGraph
    from kg.sparql.engine import run_named
    from kg.sparql.library import list_queries
    from kg.sparql.remote import RemoteEngine
    from tests.servers import VIRTUOSO_PASSWORD, Virtuoso, free_port, virtuoso_available

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("build", type=Path)
    parser.add_argument("--buffers", type=int, default=680_000)
    parser.add_argument("--timeout", type=float, default=300.0)
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--bulk", action="store_true", help="Virtuoso's bulk loader, not kg push")
    parser.add_argument("--no-estimates", action="store_true",
                        help="comment out MaxQueryCostEstimationTime, which refuses queries "
                             "by their estimated cost")
    parser.add_argument("--only", default="", help="comma-separated query names to run")
    parser.add_argument("--keep", action="store_true",
                        help="keep Virtuoso running after the queries, until interrupted")
    args = parser.parse_args()
    only = {name for name in args.only.split(",") if name}
    if not virtuoso_available():
        sys.exit("virtuoso-opensource is not installed")
    graph = KnowledgeGraph.load(args.build)
    with tempfile.TemporaryDirectory(dir=args.workdir) as work:
        virtuoso = Virtuoso(Path(work) / "virtuoso", free_port(), free_port(), VIRTUOSO_PASSWORD,
                            buffers=args.buffers, estimates=not args.no_estimates)
        virtuoso.start()
        try:
            if args.bulk:
                bulk_load(virtuoso, args.build)
            else:
                send(virtuoso, graph)
            engine = RemoteEngine.at(virtuoso.sparql, timeout=args.timeout)
            times = []
            for query in list_queries():
                if only and query.name not in only:
                    continue
                t = time.perf_counter()
                try:
                    result = run_named(engine, query.name)
                    rows = len(result.triples if result.triples is not None else result.rows)
                    times.append((time.perf_counter() - t, query.name, f"{rows:,} rows"))
                except Exception as err:  # a benchmark reports, it does not stop
                    times.append((time.perf_counter() - t, query.name, f"failed: {err}"[:400]))
                print(f"  {query.name}: {times[-1][0]:.2f} s", flush=True)
            print("queries on Virtuoso, slowest first:")
            for took, name, what in sorted(times, reverse=True):
                print(f"  {name:<34} {took:>8.2f} s  {what}")
            answered = [t for t, _n, what in times if not what.startswith("failed")]
            print(f"  {sum(1 for t in answered if t < 1)} of {len(times)} answered in under 1 s; "
                  f"{len(times) - len(answered)} failed")
            if args.keep:
                print(f"Virtuoso at {virtuoso.sparql} (isql port {virtuoso.sql_port}); "
                      "interrupt to stop it", flush=True)
                try:
                    while True:
                        time.sleep(3600)
                except KeyboardInterrupt:
                    pass
        finally:
            virtuoso.stop()


def send(virtuoso: Any, graph: Any) -> None:
    """``kg push`` of the whole build: graphs/s and triples/s."""
    from kg.publish.push import push
    from kg.sparql.remote import Endpoint

    started = time.perf_counter()
    last = [started]

    def progress(done: int, total: int, _name: str) -> None:
        now = time.perf_counter()
        if now - last[0] > 60 or done == total:
            last[0] = now
            print(f"  {done:,} of {total:,} graphs, {now - started:.0f} s", flush=True)

    report = push(graph, Endpoint(virtuoso.graph_store, "dba", virtuoso.password,
                                  "digest"),
                  sparql=Endpoint(virtuoso.sparql), progress=progress)
    seconds = time.perf_counter() - started
    print(f"push: {len(report.sent):,} graphs, {report.triples:,} triples in "
          f"{seconds:.1f} s: {len(report.sent) / seconds:,.0f} graphs/s, "
          f"{report.triples / seconds:,.0f} triples/s (verified: {report.verified})",
          flush=True)


def bulk_load(virtuoso: Any, build: Path) -> None:
    """``graph.nq`` through Virtuoso's bulk loader: quads/s, and the quads counted there."""
    quads = json.loads((build / "report.json").read_text(encoding="utf-8"))["quads"]
    os.link(build / "graph.nq", virtuoso.folder / "graph.nq")  # it reads DirsAllowed only
    started = time.perf_counter()
    loaded = _isql(virtuoso, f"ld_dir('{virtuoso.folder}', 'graph.nq', 'urn:kg:none'); "
                             "rdf_loader_run(); checkpoint; "
                             "SELECT ll_state, ll_error FROM DB.DBA.LOAD_LIST;")
    seconds = time.perf_counter() - started
    # counted in SQL, not at the HTTP endpoint, whose time limit would give a partial count
    counted = _isql(virtuoso, "SPARQL SELECT COUNT(*) WHERE { GRAPH ?g { ?s ?p ?o } "
                              "FILTER(STRSTARTS(STR(?g), 'https://w3id.org/spacebio-kg/')) };")
    held = re.findall(r"^\s*(\d+)\s*$", counted, re.M)
    print(f"bulk load: {quads:,} quads in {seconds:.1f} s: {quads / seconds:,.0f} quads/s; "
          f"Virtuoso holds {int(held[0]) if held else -1:,} quads in our graphs (load list: "
          f"{' '.join(loaded.split()[-6:])})", flush=True)


def _isql(virtuoso: Any, statements: str) -> str:
    done = subprocess.run(["isql-vt", f"127.0.0.1:{virtuoso.sql_port}", "dba",
                           virtuoso.password, f"EXEC={statements}"],
                          capture_output=True, text=True, check=False)
    return done.stdout + done.stderr

if __name__ == "__main__":
    main()
