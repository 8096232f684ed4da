"""Benchmark: a build pushed into Virtuoso, and the library queries answered there.

    python benchmarks/bench_push.py BUILD_DIR [--buffers N] [--timeout S]

Starts a private Virtuoso on 127.0.0.1 as the tests do (tests/servers.py; Debian
``virtuoso-opensource``), given ``--buffers`` 8 kB pages of memory (default 680,000, the
template's figure for 8 GB), pushes the build with ``kg push`` (one named graph per article,
with the manifest and the count check), and prints graphs/s and triples/s; then runs every
library query there, slowest first. Figures, not assertions.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))


def main() -> None:
    from kg.publish.push import push
    from kg.rdf.store import KnowledgeGraph
    from kg.sparql.engine import run_named
    from kg.sparql.library import list_queries
    from kg.sparql.remote import Endpoint, RemoteEngine
    from tests.servers import VIRTUOSO_PASSWORD, Virtuoso, free_port, virtuoso_available

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("build", type=Path)
    parser.add_argument("--buffers", type=int, default=680_000)
    parser.add_argument("--timeout", type=float, default=300.0)
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args()
    if not virtuoso_available():
        sys.exit("virtuoso-opensource is not installed")
    graph = KnowledgeGraph.load(args.build)
    with tempfile.TemporaryDirectory(dir=args.workdir) as work:
        virtuoso = Virtuoso(Path(work) / "virtuoso", free_port(), free_port(), VIRTUOSO_PASSWORD,
                            buffers=args.buffers)
        virtuoso.start()
        try:
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
            engine = RemoteEngine.at(virtuoso.sparql, timeout=args.timeout)
            times = []
            for query in list_queries():
                t = time.perf_counter()
                try:
                    result = run_named(engine, query.name)
                    rows = len(result.triples if result.triples is not None else result.rows)
                    times.append((time.perf_counter() - t, query.name, f"{rows:,} rows"))
                except Exception as err:  # a benchmark reports, it does not stop
                    times.append((time.perf_counter() - t, query.name, f"failed: {err}"[:80]))
                print(f"  {query.name}: {times[-1][0]:.2f} s", flush=True)
            print("queries on Virtuoso, slowest first:")
            for took, name, what in sorted(times, reverse=True):
                print(f"  {name:<34} {took:>8.2f} s  {what}")
            print(f"  {sum(1 for t, _n, _w in times if t < 1)} of {len(times)} under 1 s")
        finally:
            virtuoso.stop()


if __name__ == "__main__":
    main()
