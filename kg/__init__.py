"""Turn Markdown summaries of space-biology publications into an RDF knowledge graph.

The package is a pipeline of stages, one subpackage each (see ``docs/architecture.md``)::

    ingest -> extract -> records -> rdf -> pipeline -> (sparql | network | publish | checks | serve)

This module is the face of the package: the names users call, imported only when first used,
so that ``import kg`` (and ``kg --help``) load neither networkx, pyvis nor pySHACL.

>>> import kg
>>> result = kg.build("tests/data/articles", out_dir=None)   # doctest: +SKIP
>>> kg.query(result.graph, "publications").values()[0]["doi"]   # doctest: +SKIP
'10.1038/s42003-024-06336-w'
"""

from __future__ import annotations

from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.version import __version__

if TYPE_CHECKING:  # the names below, for type checkers and readers
    from kg.checks.shacl import ValidationReport, validate
    from kg.errors import (
        ArticleError,
        ContentError,
        Diagnostic,
        FormatError,
        GraphLoadError,
        KgError,
        NetworkError,
        PushError,
        QueryError,
        QueryLimitError,
        ServeError,
        Severity,
    )
    from kg.network.options import NetworkOptions
    from kg.network.page import make_page
    from kg.network.projection import build_network
    from kg.pipeline.build import BuildResult, FileOutcome, build
    from kg.publish.export import FORMATS, export, serialize
    from kg.publish.push import PushReport, push
    from kg.rdf.store import KnowledgeGraph
    from kg.sparql.engine import SparqlEngine, run_named
    from kg.sparql.formats import format_result
    from kg.sparql.guarded import GuardedEngine, Limits
    from kg.sparql.library import NamedQuery, list_queries, resolve_query
    from kg.sparql.local import LocalEngine
    from kg.sparql.remote import Endpoint, RemoteEngine, query_endpoint
    from kg.sparql.result import QueryResult
    from kg.sparql.run import run_query
    from kg.sparql.stats import Stats, stats

#: public name -> the module that defines it
_LAZY: dict[str, str] = {
    "build": "kg.pipeline.build",
    "BuildResult": "kg.pipeline.build",
    "FileOutcome": "kg.pipeline.build",
    "export": "kg.publish.export",
    "serialize": "kg.publish.export",
    "FORMATS": "kg.publish.export",
    "push": "kg.publish.push",
    "PushReport": "kg.publish.push",
    "KnowledgeGraph": "kg.rdf.store",
    "NamedQuery": "kg.sparql.library",
    "list_queries": "kg.sparql.library",
    "resolve_query": "kg.sparql.library",
    "Endpoint": "kg.sparql.remote",
    "query_endpoint": "kg.sparql.remote",
    "RemoteEngine": "kg.sparql.remote",
    "SparqlEngine": "kg.sparql.engine",
    "LocalEngine": "kg.sparql.local",
    "GuardedEngine": "kg.sparql.guarded",
    "Limits": "kg.sparql.guarded",
    "QueryResult": "kg.sparql.result",
    "format_result": "kg.sparql.formats",
    "run_named": "kg.sparql.engine",
    "run_query": "kg.sparql.run",
    "Stats": "kg.sparql.stats",
    "stats": "kg.sparql.stats",
    "ValidationReport": "kg.checks.shacl",
    "validate": "kg.checks.shacl",
    "NetworkOptions": "kg.network.options",
    "build_network": "kg.network.projection",
    "make_page": "kg.network.page",
    **{name: "kg.errors" for name in (
        "ArticleError", "ContentError", "Diagnostic", "FormatError", "GraphLoadError", "KgError",
        "NetworkError", "PushError", "QueryError", "QueryLimitError", "ServeError", "Severity")},
}

__all__ = ["__version__", "load", "query", *_LAZY]


def __getattr__(name: str) -> Any:
    """Import a public name from its module on first use (PEP 562)."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'kg' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value  # later uses skip this function
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


def load(path: str | Path = "build") -> KnowledgeGraph:
    """Load a build folder or an RDF file."""
    from kg.rdf.store import KnowledgeGraph

    return KnowledgeGraph.load(path)


def query(graph: KnowledgeGraph | SparqlEngine, name_or_file: str, **params: str) -> QueryResult:
    """Run a shipped query by name (``"gene-profile"``) or a ``.rq`` file over ``graph`` (or
    any engine: local, guarded, remote), with its parameters (``gene="Fbxo32"``)."""
    from kg.sparql.engine import run_named

    return run_named(graph, name_or_file, params)
