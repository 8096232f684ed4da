"""Files shipped with the package: the ontology, shapes, vocabularies and the query library.

They live at the top of the repository (``ontology/``, ``queries/``, the layout is fixed). A
wheel installs them as the data-only packages ``kg.ontology`` and ``kg.queries`` (see
``pyproject.toml``); in a source checkout (editable installs, tests) they are read in place.
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

__all__ = ["ontology_file", "query_files"]

_CHECKOUT = Path(__file__).resolve().parents[2]


def _folder(name: str, marker: str) -> Traversable:
    local = _CHECKOUT / name
    if (local / marker).is_file():
        return local
    return files(f"kg.{name}")


def ontology_file(name: str) -> Traversable:
    """``ontology/<name>``, e.g. ``ontology_file("shapes.ttl")``."""
    return _folder("ontology", "spacebio.ttl") / name


def query_files() -> dict[str, Traversable]:
    """The shipped SPARQL queries by name (file name without ``.rq``), sorted."""
    found = [f for f in _folder("queries", "publications.rq").iterdir() if f.name.endswith(".rq")]
    return {f.name[:-3]: f for f in sorted(found, key=lambda f: f.name)}
