"""Take the README's screenshot of the study network built from content/.

    python scripts/screenshot_network.py [--graph build] [-o docs/network.png]

Needs Chromium (apt install chromium); it uses the tests' browser driver (tests/browser.py).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from kg.network.page import make_page  # noqa: E402
from kg.pipeline.build import build  # noqa: E402
from tests.browser import Browser  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--content", default=str(HERE.parent / "content"))
    parser.add_argument("-o", "--out", default=str(HERE.parent / "docs" / "network.png"))
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--height", type=int, default=860)
    args = parser.parse_args()
    graph = build(Path(args.content), out_dir=None).graph
    with tempfile.TemporaryDirectory() as folder:
        report = make_page(graph, Path(folder) / "network.html")
        with Browser(args.width, args.height) as browser:
            page = browser.open(report.path.as_uri())
            page.wait_for("window.kg && window.kg.ready", 120)
            page.evaluate("kg.network.fit({animation: false})")
            page.screenshot(Path(args.out))
    print(f"wrote {args.out} ({report.nodes} nodes, {report.edges} edges)")


if __name__ == "__main__":
    main()
