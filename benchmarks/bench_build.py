"""Benchmark: build throughput, peak memory, and the cost of the build over just parsing.

    python benchmarks/bench_build.py                      # 1k and 10k articles, all designs
    python benchmarks/bench_build.py --sizes 100000 --designs kg,kg-jobs  # what make bench adds
    python benchmarks/bench_build.py --sizes 100000 --designs oxigraph

For each corpus size it generates a synthetic folder in the real format (benchmarks/synthetic.py),
then runs, each in a fresh process so that peak memory is its own:

- ``parse``: read every file and YAML-parse it with python-frontmatter (libyaml): the floor;
- ``kg``: the project's build on one core, no cache (records -> canonical N-Quads lines ->
  graph.nq + graph.ttl + the on-disk stores); its peak MB is the streaming design's: the
  merge by external sort (``kg/rdf/sorting.py``) and the stores loaded in pieces;
- ``kg-jobs``: the same on all cores (``kg build`` with its default ``--jobs``);
- ``rebuild``: a build, then one article edited and built again from the cache (the figure
  is the second build);
- ``oxigraph``: the same statements as pyoxigraph objects in an Oxigraph store, sorted and
  written by pyoxigraph (the project's first design);
- ``oxrdflib``: the same statements through rdflib's API into an Oxigraph store (oxrdflib);
- ``rdflib``: the same statements in rdflib's in-memory Dataset, written by rdflib.

The three store designs get their statements by parsing the kg lines, which is cheaper than
making the objects one by one in Python, so their figures are a lower bound.

It prints articles/s, peak memory, the ratio of each design's time to the parse time, and a
breakdown by phase. Figures, not assertions: nothing here passes or fails.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

DESIGNS = ("parse", "kg", "kg-jobs", "rebuild", "oxigraph", "oxrdflib", "rdflib")


def _files(content: Path) -> list[Path]:
    from kg.pipeline.build import discover

    return discover(content)


def run_parse(content: Path, out: Path) -> dict[str, float]:
    import frontmatter

    t0 = time.perf_counter()
    failed = 0
    for file in _files(content):
        try:
            frontmatter.loads(file.read_text(encoding="utf-8"))
        except Exception:
            failed += 1
    return {"total": time.perf_counter() - t0, "unparsable": failed}


def _records_to_lines(content: Path) -> tuple[list[str], dict[str, float]]:
    """The articles as N-Quads lines, through the project's own reader and checker."""
    from kg.pipeline.build import build_file, vocabulary_lines

    t0 = time.perf_counter()
    lines = vocabulary_lines()
    for file in _files(content):
        lines.extend(build_file(file, content)[1])
    return lines, {"read+records+lines": time.perf_counter() - t0}


def run_kg(content: Path, out: Path, jobs: int = 1) -> dict[str, float]:
    """The project's own build, end to end, on ``jobs`` cores and without a cache."""
    from kg.pipeline.build import build

    marks: list[float] = []
    t0 = time.perf_counter()
    result = build(content, out, progress=lambda done, total, _p: done == total and marks.append(
        time.perf_counter()), jobs=jobs, cache=False)
    total = time.perf_counter() - t0
    read = (marks[0] if marks else t0) - t0
    return {"read files": read, "map+write+stores": total - read, "total": total,
            "triples": result.triples, "jobs": jobs}


def run_kg_jobs(content: Path, out: Path) -> dict[str, float]:
    """The build on all cores, as ``kg build`` runs it by default."""
    return run_kg(content, out, jobs=len(os.sched_getaffinity(0)))


def run_rebuild(content: Path, out: Path) -> dict[str, float]:
    """One article edited after a build, then built again (on a copy of the folder, so the
    corpus stays as generated): its body (the previous outputs edited where they changed,
    kg/pipeline/incremental.py), then one of its knowledge gaps (the corpus themes computed
    again too), then the same body edit without the state of the last build (a full build
    reusing only the cache of records, the rebuild before the edits in place)."""
    import re
    import shutil

    from kg.pipeline.build import build

    copy = out / "content"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(content, copy)
    t0 = time.perf_counter()
    build(copy, out / "build", jobs=len(os.sched_getaffinity(0)))
    first = time.perf_counter() - t0
    article = sorted(copy.rglob("*.md"))[len(_files(copy)) // 2]
    figures: dict[str, float] = {"first build": first}

    def edit(name: str, change: object) -> None:
        text = article.read_text(encoding="utf-8")
        article.write_text(change(text), encoding="utf-8")  # type: ignore[operator]
        t = time.perf_counter()
        result = build(copy, out / "build")
        figures[name] = time.perf_counter() - t
        figures[f"{name} patched"] = float(result.patched)
        figures["reused"], figures["triples"] = result.reused, result.triples

    edit("body edit", lambda text: text + "\nOne more line.\n")
    edit("gap edit", lambda text: re.sub(r"(knowledgeGaps:\n- )", r"\1Whether roots ", text,
                                         count=1))
    (out / "build" / "cache" / "STATE").unlink()
    edit("no state", lambda text: text + "\nAnd another.\n")
    figures["total"] = figures["body edit"]
    return figures


def run_oxigraph(content: Path, out: Path) -> dict[str, float]:
    """pyoxigraph objects in an Oxigraph store, sorted and written by pyoxigraph."""
    import pyoxigraph as ox

    from kg.core.namespaces import PREFIXES

    lines, phases = _records_to_lines(content)
    t = time.perf_counter()
    quads = list(ox.parse("".join(lines).encode(), format=ox.RdfFormat.N_QUADS))
    del lines
    phases["objects"] = time.perf_counter() - t
    t = time.perf_counter()
    store = ox.Store()
    store.bulk_extend(quads)
    del quads
    phases["store load"] = time.perf_counter() - t
    t = time.perf_counter()
    triples = sorted({q.triple for q in store}, key=lambda q: (str(q.subject), str(q.predicate),
                                                                str(q.object)))
    ox.serialize(triples, out / "graph.ttl", ox.RdfFormat.TURTLE, prefixes=PREFIXES)
    phases["write turtle"] = time.perf_counter() - t
    t = time.perf_counter()
    quads = sorted(store, key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate),
                                        str(q.object)))
    ox.serialize(quads, out / "graph.trig", ox.RdfFormat.TRIG, prefixes=PREFIXES)
    phases["write trig"] = time.perf_counter() - t
    phases["triples"] = len(triples)
    phases["total"] = sum(v for k, v in phases.items() if k != "triples")
    return phases


def _run_rdflib(content: Path, out: Path, store: str, turtle: str, trig: str,
                nquads: str) -> dict[str, float]:
    import rdflib

    from kg.core.namespaces import PREFIXES

    lines, phases = _records_to_lines(content)
    t = time.perf_counter()
    dataset = rdflib.Dataset(store=store)
    for prefix, ns in PREFIXES.items():
        dataset.bind(prefix, ns)
    dataset.parse(data="".join(lines), format=nquads)
    del lines
    phases["objects+store load"] = time.perf_counter() - t
    t = time.perf_counter()
    union = rdflib.Graph(store=store) if store != "default" else rdflib.Graph()
    for prefix, ns in PREFIXES.items():
        union.bind(prefix, ns)
    for s, p, o, _g in dataset.quads():
        union.add((s, p, o))
    union.serialize(out / "graph.ttl", format=turtle)
    phases["write turtle"] = time.perf_counter() - t
    t = time.perf_counter()
    dataset.serialize(out / "graph.trig", format=trig)
    phases["write trig"] = time.perf_counter() - t
    phases["triples"] = len(union)
    phases["total"] = sum(v for k, v in phases.items() if k != "triples")
    return phases


def run_rdflib(content: Path, out: Path) -> dict[str, float]:
    """rdflib's in-memory store, written by rdflib."""
    return _run_rdflib(content, out, "default", "turtle", "trig", "nquads")


def run_oxrdflib(content: Path, out: Path) -> dict[str, float]:
    """rdflib's API over an Oxigraph store (oxrdflib), written by Oxigraph."""
    return _run_rdflib(content, out, "Oxigraph", "ox-turtle", "ox-trig", "ox-nquads")


def one(design: str, content: Path, out: Path) -> None:
    """Run one design in this process and print its figures as JSON."""
    out.mkdir(parents=True, exist_ok=True)
    figures = globals()[f"run_{design.replace('-', '_')}"](content, out)
    figures["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # the largest worker (``--jobs``): each is forked from the build, so its peak counts
    # the pages it shares with it; the machine holds at most the two peaks at once
    figures["worker_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    figures["articles"] = len(_files(content))
    print(json.dumps(figures))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--designs", default=",".join(DESIGNS))
    parser.add_argument("--workdir", default=os.environ.get("KG_BENCH_DIR", "/tmp/kg-bench"))
    parser.add_argument("--one", nargs=3, metavar=("DESIGN", "CONTENT", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        one(args.one[0], Path(args.one[1]), Path(args.one[2]))
        return
    from synthetic import generate

    work = Path(args.workdir)
    designs = [d for d in args.designs.split(",") if d]
    if "parse" not in designs:
        designs.insert(0, "parse")
    print(f"{'articles':>8} {'design':<9} {'seconds':>8} {'art/s':>8} {'peak MB':>8} "
          f"{'x parse':>7}  phases (s)")
    for size in (int(s) for s in args.sizes.split(",")):
        t = time.perf_counter()
        content = generate(work / f"corpus-{size}", size)
        print(f"# corpus of {size} articles ready in {time.perf_counter() - t:.1f} s", flush=True)
        parse_time = None
        for design in designs:
            proc = subprocess.run(
                [sys.executable, __file__, "--one", design, str(content),
                 str(work / f"out-{size}-{design}")],
                capture_output=True, text=True, check=False,
            )
            if proc.returncode != 0:
                print(f"{size:>8} {design:<9} failed: {proc.stderr.strip().splitlines()[-1:]}")
                continue
            f = json.loads(proc.stdout.strip().splitlines()[-1])
            parse_time = parse_time or f["total"]
            phases = ", ".join(f"{k} {v:.1f}" for k, v in f.items()
                               if k not in ("total", "peak_mb", "articles", "quads", "triples",
                                            "unparsable", "jobs", "reused", "worker_mb"))
            extra = f"; {f['triples']:,} triples" if "triples" in f else ""
            extra += f"; {f['jobs']} jobs" if "jobs" in f else ""
            extra += f"; largest worker {f['worker_mb']:.0f} MB" if f.get("worker_mb", 0) > 1 else ""
            extra += f"; {f['reused']:,} files reused" if "reused" in f else ""
            print(f"{size:>8} {design:<9} {f['total']:>8.1f} {f['articles'] / f['total']:>8.0f} "
                  f"{f['peak_mb']:>8.0f} {f['total'] / parse_time:>7.1f}  {phases}{extra}",
                  flush=True)


if __name__ == "__main__":
    main()
