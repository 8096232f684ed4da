"""Rewrite the README's ``console`` blocks with what each command prints on content/.

    python scripts/readme_outputs.py && git diff README.md

tests/test_readme.py holds the README to this: run the script after a change to content/, the
queries or the table format, and read the diff before committing.
"""

from __future__ import annotations

import re
import shlex
import sys
import tempfile
from pathlib import Path

from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.cli import main  # noqa: E402
from kg.pipeline.build import build  # noqa: E402

_BLOCK = re.compile(r"(```console\n\$ (kg [^\n]+)\n)(.*?)(```)", re.S)


def run() -> None:
    readme = ROOT / "README.md"
    with tempfile.TemporaryDirectory() as folder:
        build(ROOT / "content", folder)

        def answer(match: re.Match[str]) -> str:
            args = [*shlex.split(match.group(2))[1:], "--graph", folder]
            result = CliRunner().invoke(main, args)
            if result.exit_code != 0:
                raise SystemExit(f"{match.group(2)} failed: {result.output}")
            return match.group(1) + result.output + match.group(4)

        text = _BLOCK.sub(answer, readme.read_text(encoding="utf-8"))
    readme.write_text(text, encoding="utf-8")
    print(f"rewrote {len(_BLOCK.findall(text))} console blocks of {readme.relative_to(ROOT)}")


if __name__ == "__main__":
    run()
