"""Turn Markdown summaries of space-biology publications into an RDF knowledge graph.

>>> import kg
>>> result = kg.build("tests/data/articles", out_dir=None)   # doctest: +SKIP
>>> kg.query(result.graph, "publications").values()[0]["doi"]   # doctest: +SKIP
'10.1038/s42003-024-06336-w'
"""

__version__ = "0.1.0"

from pathlib import Path

from .build import BuildResult, FileOutcome, build
from .errors import (
    ArticleError,
    ContentError,
    Diagnostic,
    FormatError,
    GraphLoadError,
    KgError,
    QueryError,
    Severity,
)
from .export import FORMATS, export, serialize
from .library import NamedQuery, list_queries, resolve_query
from .query import QueryResult, format_result, run_named, run_query
from .push import PushError, PushReport, push
from .remote import Endpoint, query_endpoint
from .network import NetworkOptions, build_network
from .stats import Stats, stats
from .store import KnowledgeGraph
from .validate import ValidationReport, validate
from .viz import make_page

__all__ = [
    "__version__",
    "build",
    "load",
    "query",
    "export",
    "serialize",
    "stats",
    "validate",
    "list_queries",
    "run_query",
    "run_named",
    "push",
    "query_endpoint",
    "Endpoint",
    "PushReport",
    "PushError",
    "NamedQuery",
    "build_network",
    "NetworkOptions",
    "make_page",
    "resolve_query",
    "format_result",
    "FORMATS",
    "BuildResult",
    "FileOutcome",
    "KnowledgeGraph",
    "QueryResult",
    "Stats",
    "ValidationReport",
    "Diagnostic",
    "Severity",
    "KgError",
    "ArticleError",
    "ContentError",
    "GraphLoadError",
    "QueryError",
    "FormatError",
]


def load(path: str | Path = "build") -> KnowledgeGraph:
    """Load a build folder or an RDF file."""
    return KnowledgeGraph.load(path)


def query(graph: KnowledgeGraph, name_or_file: str, **params: str) -> QueryResult:
    """Run a shipped query by name (``"gene-profile"``) or a ``.rq`` file over ``graph``,
    with its parameters (``gene="Fbxo32"``)."""
    return run_named(graph, name_or_file, params)
