"""The package's layout shows its pipeline: stages import only earlier stages, and the face
of the package imports nothing heavy until it is used.

The imports of every module under ``kg/`` are read with :mod:`ast` (nothing is imported), so a
cycle or an import against the flow fails here before it confuses anyone.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPO

PACKAGE = REPO / "kg"

#: the stages in the order data flows through them; a module may import its own stage and
#: earlier ones. Stages of one rank are siblings and may not import each other.
RANKS: dict[str, int] = {
    "version": 0, "errors": 0,
    "core": 1,
    "ingest": 2,
    "extract": 3,
    "records": 4,
    "rdf": 5,
    "pipeline": 6, "sparql": 6,
    "publish": 7, "checks": 7, "network": 7,
    "serve": 8,
    "cli": 9, "__main__": 10,
}
#: at most a handful of modules at the top of the package
TOP_MODULES = {"__init__", "__main__", "cli", "errors", "version"}


def stage(module: str) -> str:
    """``kg.extract.genes`` -> ``extract``; ``kg`` -> ``__init__``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def module_name(path: Path) -> str:
    rel = path.relative_to(REPO).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def imports(path: Path) -> list[tuple[str, int]]:
    """The ``kg`` modules ``path`` imports (absolute names), with line numbers."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the importing package
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target == "kg":  # from kg import x: x may be a submodule
                found += [(f"kg.{alias.name}", node.lineno) for alias in node.names]
            else:
                found.append((target, node.lineno))
    return [(target, line) for target, line in found if target == "kg" or target.startswith("kg.")]


def graph() -> dict[str, list[tuple[str, int]]]:
    return {module_name(p): imports(p) for p in sorted(PACKAGE.rglob("*.py"))}


def test_every_stage_and_top_module_is_known() -> None:
    top = {p.stem for p in PACKAGE.glob("*.py")}
    assert top <= TOP_MODULES, f"modules at the top beyond the handful: {sorted(top - TOP_MODULES)}"
    stages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    unknown = stages - set(RANKS)
    assert not unknown, f"subpackages missing from the flow order in this test: {sorted(unknown)}"


def test_imports_follow_the_flow() -> None:
    against = []
    for module, targets in graph().items():
        here = stage(module)
        for target, line in targets:
            there = stage(target)
            if target == "kg" or there == "__init__":
                against.append(f"{module}:{line} imports the package face kg/__init__")
            elif here == "__init__" or here == there:
                continue
            elif there not in RANKS:
                against.append(f"{module}:{line} imports {target}, which is no known stage")
            elif RANKS[there] >= RANKS.get(here, 99):
                against.append(f"{module}:{line} ({here}) imports {target} ({there}), "
                               "a later or sibling stage")
    assert not against, "imports against the flow:\n" + "\n".join(against)


def test_no_import_cycles() -> None:
    edges = {m: sorted({t for t, _ in ts if t in graph_names}) for m, ts in graph().items()
             for graph_names in [set(graph())]}
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in edges.get(node, []):
            if state.get(nxt) == 1:
                cycles.append([*path[path.index(nxt):], nxt] if nxt in path else [node, nxt])
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node, [node])
    assert not cycles, "import cycles: " + "; ".join(" -> ".join(c) for c in cycles)


def test_the_flow_check_catches_an_import_against_it(tmp_path: Path) -> None:
    """The checker itself: an extraction module importing the graph stage is reported."""
    module = PACKAGE / "extract" / "_probe_against_flow.py"
    module.write_text("from kg.rdf.store import KnowledgeGraph\n", encoding="utf-8")
    try:
        with pytest.raises(AssertionError, match=r"extract\._probe_against_flow:1"):
            test_imports_follow_the_flow()
    finally:
        module.unlink()


HEAVY = ("networkx", "pyvis", "pyshacl")


@pytest.mark.parametrize("code", ["import kg", "import kg.cli; kg.cli.main(['--help'])"])
def test_the_face_and_the_help_load_nothing_heavy(code: str) -> None:
    probe = (f"import sys\ntry:\n    {code}\nexcept SystemExit:\n    pass\n"
             f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         cwd=REPO, check=True).stdout.strip().splitlines()[-1]
    assert out == "[]", f"{code!r} loaded {out}"


def test_the_face_still_offers_every_name() -> None:
    import kg

    for name in kg.__all__:
        assert getattr(kg, name) is not None, name
    with pytest.raises(AttributeError):
        kg.no_such_name  # noqa: B018
