"""Benchmark: every library query on every engine, on a build of the real corpus.

    python benchmarks/bench_engines.py [CONTENT_DIR]      (default: ../shared/corpus)

Builds the folder, then starts what the compliance suite starts (tests/servers.py): ``kg
serve`` in its own process, a private Virtuoso and the Oxigraph server, each loaded with ``kg
push``. It runs every shipped query on the local engine (the reference), the guarded engine,
``kg serve``, Virtuoso and Oxigraph server, and prints each query's seconds per engine and
whether the rows equal the local ones (compared as tests/test_engines.py compares them).
Figures, not assertions; an engine that cannot start is reported and left out.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))


def main() -> None:
    from kg.pipeline.build import build
    from kg.publish.push import push
    from kg.rdf.store import KnowledgeGraph
    from kg.sparql.engine import SparqlEngine, run_named
    from kg.sparql.formats import format_result
    from kg.sparql.guarded import GuardedEngine, Limits
    from kg.sparql.library import list_queries
    from kg.sparql.local import LocalEngine
    from kg.sparql.remote import Endpoint, RemoteEngine
    from tests.conftest import comparable
    from tests.servers import (
        VIRTUOSO_PASSWORD,
        Oxigraph,
        Virtuoso,
        free_port,
        oxigraph_binary,
        serve,
        virtuoso_available,
    )

    content = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE.parent.parent / "shared" / "corpus"
    with tempfile.TemporaryDirectory() as work_dir:
        work = Path(work_dir)
        t = time.perf_counter()
        build(content, work / "build", jobs=2)
        graph = KnowledgeGraph.load(work / "build")
        print(f"{content}: {graph.triple_count:,} triples, built in {time.perf_counter() - t:.1f} s")
        engines: dict[str, SparqlEngine] = {
            "local": LocalEngine(graph),
            "guarded": GuardedEngine(LocalEngine(graph), Limits(max_seconds=60, max_rows=10**6)),
        }
        stops = []
        served = serve(work / "build", "--max-rows", "1000000", "--max-seconds", "60")
        stops.append(served.stop)
        engines["kg serve"] = RemoteEngine.at(served.url + "/sparql", timeout=120)
        if virtuoso_available():
            virtuoso = Virtuoso(work / "virtuoso", free_port(), free_port(), VIRTUOSO_PASSWORD)
            virtuoso.start()
            stops.append(virtuoso.stop)
            push(graph, Endpoint(virtuoso.graph_store, "dba", virtuoso.password, "digest"),
                 sparql=Endpoint(virtuoso.sparql))
            engines["virtuoso"] = RemoteEngine.at(virtuoso.sparql, timeout=120)
        else:
            print("virtuoso: not installed, left out")
        if oxigraph_binary() is not None:
            server = Oxigraph(work / "oxigraph", free_port()).start()
            stops.append(server.stop)
            push(graph, Endpoint(server.graph_store), sparql=RemoteEngine(Endpoint(server.query)))
            engines["oxigraph"] = RemoteEngine.at(server.query, timeout=120)
        else:
            print("oxigraph server: not installed, left out")
        try:
            _table(engines, list_queries(), run_named, comparable, format_result)
        finally:
            for stop in stops:
                stop()


def _table(engines, queries, run_named, comparable, format_result) -> None:  # type: ignore[no-untyped-def]
    names = list(engines)
    print(f"{'query':<32}" + "".join(f"{n:>11}" for n in names) + "   rows  same as local")
    slowest = dict.fromkeys(names, 0.0)
    differ = 0
    for query in queries:
        cells, answers = [], {}
        for name, engine in engines.items():
            t = time.perf_counter()
            try:
                answers[name] = run_named(engine, query.name)
                seconds = time.perf_counter() - t
                cells.append(f"{seconds:>10.2f}s")
                slowest[name] = max(slowest[name], seconds)
            except Exception as err:  # a benchmark reports, it does not stop
                cells.append(f"{'failed':>11}")
                print(f"  {query.name} on {name}: {err}")

        def key(result):  # type: ignore[no-untyped-def]
            if result.triples is not None:
                return format_result(result, "turtle")
            return (result.columns, comparable(result.values()))

        local = answers.get("local")
        same = [n for n, a in answers.items() if local is not None and key(a) == key(local)]
        differ += len(names) - len(same)
        rows = len(local.triples if local and local.triples is not None else
                   local.rows if local else [])
        verdict = "all" if len(same) == len(names) else "only " + ", ".join(same)
        print(f"{query.name:<32}" + "".join(cells) + f" {rows:>6}  {verdict}")
    print("slowest:" + "".join(f" {n} {s:.2f} s;" for n, s in slowest.items()))
    print(f"answers differing from local: {differ}")


if __name__ == "__main__":
    main()
