"""Benchmark: what a user waits for besides the build: start-up, and queries on the stores.

    python benchmarks/bench_start.py                       # content/ and the bench_build outputs
    python benchmarks/bench_start.py /tmp/kg-bench/out-10000-kg

Prints, each in a fresh process (wall seconds, process start included):

- ``kg --help``; ``kg build`` of a folder with one article, into a new output folder (the
  figure docs/scaling.md had before the reference indexes, 1.42 s, was the cached rebuild:
  the same folder three times) and again into the same one; ``kg query journals`` on the
  ``content/`` build, opening its on-disk stores and, for the ratio, reading ``graph.nq``
  again as before the stores (a copy of the build without ``store/``);
- for each build folder given (default: one ``kg`` or ``kg-jobs`` output of ``bench_build.py``
  per corpus size),
  every library query's time on the on-disk stores, in one process, slowest first; for a
  query ending in ``ORDER BY``, also its time with the sort left to Oxigraph (the ratio of
  :mod:`kg.sparql.ordering`).

Figures, not assertions: nothing here passes or fails.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
KG = [sys.executable, "-m", "kg"]
#: as a user runs kg: with the modules' bytecode cached (a shell that sets
#: PYTHONDONTWRITEBYTECODE made every run compile every module, 0.94 s against 0.58 s for a
#: one-article build)
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def _timed(args: list[str], repeat: int = 3, fresh: Path | None = None) -> float:
    """The best wall time of ``repeat`` runs (the machine may be shared); ``fresh`` is removed
    before each run (a build's output folder, so that no run reads its cache)."""
    best = float("inf")
    for _ in range(repeat):
        if fresh is not None:
            shutil.rmtree(fresh, ignore_errors=True)
        t = time.perf_counter()
        subprocess.run(args, capture_output=True, check=True, cwd=REPO, env=ENV)
        best = min(best, time.perf_counter() - t)
    return best


def start_costs(work: Path) -> None:
    content = REPO / "content"
    one = work / "one"
    one.mkdir()
    shutil.copy(sorted(content.glob("*.md"))[0], one)
    build = work / "build"
    subprocess.run([*KG, "build", str(content), "-o", str(build), "-q"], env=ENV,
                   capture_output=True, check=True, cwd=REPO)
    text_only = work / "text-only"
    shutil.copytree(build, text_only, ignore=shutil.ignore_patterns("store", "cache"))
    print(f"{'start-up (best of 3, process included)':<48} {'seconds':>8}")
    print(f"{'kg --help':<48} {_timed([*KG, '--help']):>8.2f}")
    one_build = [*KG, "build", str(one), "-o", str(work / "one-out"), "-q"]
    print(f"{'kg build (one article, new output folder)':<48} "
          f"{_timed(one_build, fresh=work / 'one-out'):>8.2f}")
    print(f"{'kg build (one article, again: cached)':<48} {_timed(one_build):>8.2f}")
    disk = _timed([*KG, "query", "journals", "--graph", str(build)])
    text = _timed([*KG, "query", "journals", "--graph", str(text_only)])
    print(f"{'kg query journals, content/ (on-disk stores)':<48} {disk:>8.2f}")
    print(f"{'kg query journals, content/ (graph.nq reloaded)':<48} {text:>8.2f}"
          f"   x{text / disk:.1f}")


def query_latency(build: Path) -> None:
    sys.path.insert(0, str(REPO))
    from kg.rdf.store import KnowledgeGraph
    from kg.sparql.engine import run_named
    from kg.sparql.library import list_queries
    from kg.sparql.local import LocalEngine
    from kg.sparql.ordering import trailing_order

    t = time.perf_counter()
    graph = KnowledgeGraph.load(build)
    triples = graph.triple_count
    opened = time.perf_counter() - t
    print(f"\n{build}: {triples:,} triples, stores {'on disk' if graph.on_disk else 'in memory'}"
          f", opened in {opened:.2f} s")
    times = []
    for info in list_queries():
        t = time.perf_counter()
        rows = len(run_named(graph, info.name).rows)
        seconds = time.perf_counter() - t
        engine_sort = None  # the same query with its ORDER BY left to Oxigraph, for the ratio
        if trailing_order(info.sparql()) is not None:
            t = time.perf_counter()
            run_named(LocalEngine(graph, sort_here=False), info.name)
            engine_sort = time.perf_counter() - t
        times.append((seconds, info.name, rows, engine_sort))
    print(f"  {'query':<34} {'seconds':>10} {'rows':>8}   ORDER BY in Oxigraph")
    for seconds, name, rows, engine_sort in sorted(times, reverse=True):
        ratio = "" if engine_sort is None else f"   {engine_sort:.3f} s ({engine_sort / seconds:.1f}x)"
        print(f"  {name:<34} {seconds:>8.3f} s {rows:>8,}{ratio}")
    print(f"  {sum(1 for s, *_ in times if s < 1)} of {len(times)} under 1 s; slowest "
          f"{max(times)[0]:.2f} s")


def _bench_builds(work: Path) -> list[Path]:
    """One build of each size bench_build.py left (the one-core one, else the all-core one:
    the same graph), smallest first."""
    found: dict[int, Path] = {}
    for design in ("kg-jobs", "kg"):
        for path in work.glob(f"out-*-{design}"):
            if (path / "store").is_dir():
                found[int(path.name.split("-")[1])] = path
    return [found[size] for size in sorted(found)]


def main() -> None:
    builds = [Path(a) for a in sys.argv[1:]] or _bench_builds(Path(
        os.environ.get("KG_BENCH_DIR", "/tmp/kg-bench")))
    with tempfile.TemporaryDirectory() as work:
        start_costs(Path(work))
    for build in builds:
        query_latency(build)


if __name__ == "__main__":
    main()
