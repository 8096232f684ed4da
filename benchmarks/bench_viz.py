"""Benchmark: the network page for corpora of hundreds and thousands of publications.

    python benchmarks/bench_viz.py                   # 100, 300, 1000, 3000 articles
    python benchmarks/bench_viz.py --sizes 300 --no-browser

For each size it generates a synthetic content folder (benchmarks/synthetic.py), builds the
graph in memory, then times the projection to NetworkX, writing the page (trimmed to the
default 400 nodes, and untrimmed), and, in headless Chromium (tests/browser.py), the time from
opening the page until its layout has settled (``kg.ready``). Figures, not assertions.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from synthetic import generate  # noqa: E402

from kg.network.page import MAX_NODES, make_page  # noqa: E402
from kg.network.projection import build_network  # noqa: E402
from kg.pipeline.build import build  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100,300,1000,3000")
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()
    browser = None
    if not args.no_browser:
        from tests.browser import Browser

        browser = Browser()
    print(f"{'articles':>8} {'max nodes':>9} {'nodes':>6} {'edges':>6} {'network s':>9} "
          f"{'page s':>7} {'page MB':>7} {'settled s':>9}")
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for size in (int(s) for s in args.sizes.split(",")):
                folder = generate(Path(tmp) / f"c{size}", size)
                graph = build(folder, out_dir=None).graph
                started = time.perf_counter()
                build_network(graph)
                network_s = time.perf_counter() - started
                for limit in (MAX_NODES, 0):
                    started = time.perf_counter()
                    report = make_page(graph, Path(tmp) / f"p{size}-{limit}.html",
                                       max_nodes=limit)
                    page_s = time.perf_counter() - started
                    settled = float("nan")
                    if browser is not None and report.nodes <= 5000:
                        started = time.perf_counter()
                        page = browser.open(report.path.as_uri())
                        page.wait_for("window.kg && window.kg.ready", 600)
                        settled = time.perf_counter() - started
                    megabytes = report.path.stat().st_size / 1e6
                    print(f"{size:>8} {limit or 'none':>9} {report.nodes:>6} {report.edges:>6} "
                          f"{network_s:>9.2f} {page_s:>7.2f} {megabytes:>7.1f} {settled:>9.1f}",
                          flush=True)
    finally:
        if browser is not None:
            browser.close()


if __name__ == "__main__":
    main()
