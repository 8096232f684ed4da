"""Error classes and the diagnostics a build reports.

Every problem found in an article is a :class:`Diagnostic` naming the file, the line and the
field. A problem that stops an article from being built is raised as :class:`ArticleError`
(which carries the same three facts); problems the reader could repair are collected as
warnings. Errors about whole operations (a graph that cannot be loaded, a query that does not
parse) are other subclasses of :class:`KgError`; the CLI maps each to an exit code.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "Severity",
    "Diagnostic",
    "printable",
    "KgError",
    "ArticleError",
    "ContentError",
    "GraphLoadError",
    "QueryError",
    "QueryLimitError",
    "FormatError",
    "NotAStudy",
    "NetworkError",
    "PushError",
    "ServeError",
    "ProtocolError",
]


def printable(path: str) -> str:
    """A file path fit to print and to write as UTF-8: bytes of a name that is not UTF-8 (kept
    through ``surrogateescape``) shown as U+FFFD.

    >>> printable("bad" + b"\\xff".decode("utf-8", "surrogateescape") + ".md")
    'bad\\ufffd.md'
    """
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


class Severity(StrEnum):
    """How bad a diagnostic is.

    ``info`` never fails a build, ``warning`` fails it only under ``--strict``, ``error``
    means the file was rejected.
    """

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True)
class Diagnostic:
    """One thing worth telling the user about one article file.

    >>> str(Diagnostic(Severity.WARNING, "news/a.md", 12, "doi", "pmcid-in-doi", "moved"))
    'news/a.md:12: warning: [doi] moved (pmcid-in-doi)'
    """

    severity: Severity
    path: str
    line: int | None
    field: str | None
    code: str
    message: str

    def __str__(self) -> str:
        path = printable(self.path)
        where = path if self.line is None else f"{path}:{self.line}"
        field = f"[{self.field}] " if self.field else ""
        return f"{where}: {self.severity.value}: {field}{self.message} ({self.code})"

    def as_dict(self) -> dict[str, object]:
        return {
            "severity": self.severity.value,
            "path": printable(self.path),
            "line": self.line,
            "field": self.field,
            "code": self.code,
            "message": self.message,
        }


class KgError(Exception):
    """Base class of every error this package raises on purpose."""


class ArticleError(KgError, ValueError):
    """An article cannot be built. Carries the file, the line and the field at fault."""

    def __init__(
        self, path: str, line: int | None, field: str | None, code: str, message: str
    ) -> None:
        self.diagnostic = Diagnostic(Severity.ERROR, path, line, field, code, message)
        super().__init__(str(self.diagnostic))


class ContentError(KgError):
    """The content folder itself is unusable (missing, not a folder, no articles)."""


class GraphLoadError(KgError):
    """A built graph could not be found or read."""


class QueryError(KgError):
    """A query could not be found, parsed, bound or run."""


class QueryLimitError(QueryError):
    """A query outran a limit of the engine that ran it: ``limit`` is ``time``, ``rows`` or
    ``memory`` (or ``worker``, when the worker running it died)."""

    def __init__(self, message: str, limit: str) -> None:
        super().__init__(message)
        self.limit = limit


class FormatError(KgError, ValueError):
    """An output format that this package does not know."""


class NotAStudy(Exception):
    """The file has no DOI: not a publication summary, so it is skipped, not built.

    Not a :class:`KgError`: skipping is an outcome of a build, not a failure of one.
    """

    def __init__(self, diagnostic: Diagnostic) -> None:
        self.diagnostic = diagnostic
        super().__init__(str(diagnostic))


class NetworkError(KgError):
    """A network cannot be made as asked (a focus that names nothing, an unknown type)."""


class PushError(KgError):
    """The store refused a request, or could not be reached."""


class ServeError(KgError):
    """The server cannot start (the port is taken, the address is not this machine's)."""


class ProtocolError(ServeError):
    """A request the SPARQL 1.1 Protocol does not allow: ``status`` is the HTTP answer, and
    ``headers`` what must come with it (``Allow`` for 405, ``Retry-After`` for 503)."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.headers = dict(headers or {})
