"""What a command imports before it runs: ``kg --help`` and ``kg build`` should not pay for the
modules of other commands (rdflib's formats, the SPARQL result writers, scikit-learn)."""

from __future__ import annotations

import json
import subprocess
import sys

import click
from click.testing import CliRunner

from kg.cli import main
from kg.network.options import NETWORK_FORMATS
from kg.publish.export import FORMATS
from kg.sparql.formats import RESULT_FORMATS
from kg.sparql.remote import AUTH_SCHEMES


def _imported_by(code: str) -> set[str]:
    """The modules a fresh interpreter holds after running ``code``."""
    script = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True)
    return set(json.loads(done.stdout.splitlines()[-1]))


def test_the_command_line_imports_no_command_modules():
    modules = _imported_by("import kg.cli")
    heavy = {"rdflib", "sklearn", "numpy", "networkx", "kg.publish.export", "kg.sparql.formats",
             "kg.sparql.remote", "kg.pipeline.build"}
    assert not heavy & modules


def test_help_imports_no_rdflib():
    modules = _imported_by("from kg.cli import main\n"
                           "try:\n    main(['--help'])\nexcept SystemExit:\n    pass")
    assert "rdflib" not in modules and "kg.publish.export" not in modules


def _choices(command: str, option: str) -> tuple[str, ...]:
    param = next(p for p in main.commands[command].params if p.name == option)
    assert isinstance(param.type, click.Choice)
    return tuple(param.type.choices)


def test_lazy_choices_are_the_modules_values():
    assert _choices("export", "fmt") == (*FORMATS, *NETWORK_FORMATS, "kgx")
    assert _choices("query", "fmt") == RESULT_FORMATS
    assert _choices("query", "auth") == _choices("push", "auth") == AUTH_SCHEMES


def test_a_lazy_choice_still_refuses_what_it_does_not_list(tmp_path):
    result = CliRunner().invoke(main, ["export", "--graph", str(tmp_path), "-f", "bogus"])
    assert result.exit_code == 2
    assert "'bogus' is not one of 'turtle'," in result.output
    result = CliRunner().invoke(main, ["query", "journals", "-f", "bogus"])
    assert result.exit_code == 2 and "'table'" in result.output
