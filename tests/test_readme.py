"""The README shows real output: each ``console`` block is run on content/ and compared."""

from __future__ import annotations

import re
import shlex

import pytest
from click.testing import CliRunner

from kg.cli import main

from .conftest import REPO

_BLOCK = re.compile(r"```console\n\$ (kg [^\n]+)\n(.*?)```", re.S)
BLOCKS = _BLOCK.findall((REPO / "README.md").read_text(encoding="utf-8"))


def test_the_readme_shows_three_questions() -> None:
    assert len(BLOCKS) >= 3


@pytest.mark.parametrize("command, shown", BLOCKS, ids=[c for c, _ in BLOCKS])
def test_readme_output_is_what_the_command_prints(content_build, command: str,
                                                  shown: str) -> None:
    args = [*shlex.split(command)[1:], "--graph", str(content_build)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert result.output == shown, "README.md shows an old answer: paste the new one"
