"""Benchmark: the shipped queries on a built graph, Oxigraph against rdflib's engine.

    python benchmarks/bench_query.py /tmp/kg-bench/out-10000-kg

Loads the build's graph.nq into the project's store (Oxigraph, with its merged default graph)
and into an rdflib Graph of the merged triples, then runs every shipped query on both and
prints load time, time per query, the ratio, and whether both give the same number of rows
(triples for CONSTRUCT). A query rdflib's engine cannot run is reported, not fatal.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    import rdflib

    from kg.rdf.store import KnowledgeGraph
    from kg.sparql.library import list_queries
    from kg.sparql.run import run_query

    build = Path(sys.argv[1] if len(sys.argv) > 1 else "build")
    t = time.perf_counter()
    graph = KnowledgeGraph.load(build)
    graph.triple_count  # noqa: B018 - make the merged graph now, not inside the first query
    ox_load = time.perf_counter() - t
    t = time.perf_counter()
    rdf = rdflib.Graph()
    rdf.parse(build / "graph.ttl", format="turtle")
    rdf_load = time.perf_counter() - t
    print(f"{graph.triple_count:,} triples; load: oxigraph {ox_load:.1f} s, rdflib {rdf_load:.1f} s")
    print(f"{'query':<28} {'oxigraph s':>10} {'rdflib s':>9} {'ratio':>6}  rows")
    for info in list_queries():
        text = info.sparql()  # parameters at their defaults, as the CLI runs them
        t = time.perf_counter()
        result = run_query(graph, text)
        rows = len(result.rows if result.triples is None else result.triples)  # or triples
        ox_time = time.perf_counter() - t
        t = time.perf_counter()
        try:
            rdf_rows = len(list(rdf.query(text)))
        except Exception as err:  # rdflib's engine fails on some valid queries: say which
            print(f"{info.name:<28} {ox_time:>10.3f} {'-':>9} {'-':>6}  {rows}; rdflib failed: "
                  f"{type(err).__name__}: {err}")
            continue
        rdf_time = time.perf_counter() - t
        same = "same" if rows == rdf_rows else f"differ ({rows} vs {rdf_rows})"
        print(f"{info.name:<28} {ox_time:>10.3f} {rdf_time:>9.2f} {rdf_time / ox_time:>6.0f}x  "
              f"{rows} {same}")


if __name__ == "__main__":
    main()
