"""Regenerate the golden graph of tests/data/golden after an intended change to the model.

    python scripts/regenerate_golden.py && git diff tests/data/golden

Review the diff triple by triple before committing: the golden file is what the tests hold
the graph stage to.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.core.namespaces import PREFIXES  # noqa: E402
from kg.ingest.articles import read_article  # noqa: E402
from kg.rdf.canonical import drop_graph  # noqa: E402
from kg.rdf.mapping import article_lines  # noqa: E402
from kg.rdf.turtle import write_turtle  # noqa: E402
from kg.records.check import to_record  # noqa: E402

# a placeholder, not the tool's version: the golden graph holds for every release
VERSION = "0.0.0"
HEADER = "# The graph of {name}, checked by hand. Regenerate only for an intended change.\n"


def main() -> None:
    folder = ROOT / "tests" / "data" / "golden"
    for article in sorted(folder.glob("*.md")):
        record, _notes = to_record(read_article(article, folder))
        lines = sorted({drop_graph(line) for line in article_lines(record, version=VERSION)})
        out = io.StringIO()
        write_turtle(lines, out, PREFIXES)
        article.with_suffix(".ttl").write_text(HEADER.format(name=article.name) + out.getvalue(),
                                               encoding="utf-8")
        print(f"wrote {article.with_suffix('.ttl').relative_to(ROOT)}")


if __name__ == "__main__":
    main()
