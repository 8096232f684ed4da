"""Build a knowledge graph from a content folder: every file read, checked, turned into quads.

Every file is accounted for in the :class:`BuildResult`: ``built``, ``repaired`` (built, with
warnings saying what was repaired), ``skipped`` (no DOI: not a publication summary) or
``rejected`` (an error naming file, line and field). One bad file never stops the others.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pyoxigraph as ox

from . import __version__
from .articles import read_article
from .errors import ArticleError, ContentError, Diagnostic, Severity
from .export import export
from .graph import article_quads, n, publication_iri
from .namespaces import VOCAB_GRAPH
from .records import NotAStudy, to_record
from .resources import ontology_file
from .store import GRAPH_FILE, REPORT_FILE, TURTLE_FILE, KnowledgeGraph

__all__ = ["FileOutcome", "BuildResult", "discover", "build", "vocabulary_quads"]

Progress = Callable[[int, int, str], None]
STATUSES = ("built", "repaired", "skipped", "rejected")
_SUFFIXES = {".md", ".markdown"}
# Markdown files a content folder may hold besides articles, recognised when they lack frontmatter
_DOCUMENTATION = {"README", "CHANGELOG", "LICENSE", "CONTRIBUTING", "INDEX"}


@dataclass(frozen=True)
class FileOutcome:
    """What became of one file."""

    path: str
    status: str
    diagnostics: tuple[Diagnostic, ...]
    publication: str | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "status": self.status,
            "publication": self.publication,
            "diagnostics": [d.as_dict() for d in self.diagnostics],
        }


@dataclass(frozen=True)
class BuildResult:
    """The graph, what became of each file, and the files written."""

    graph: KnowledgeGraph
    outcomes: tuple[FileOutcome, ...]
    strict: bool = False
    written: tuple[Path, ...] = field(default=())

    @property
    def counts(self) -> dict[str, int]:
        found = Counter(o.status for o in self.outcomes)
        return {status: found.get(status, 0) for status in STATUSES}

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return [d for o in self.outcomes for d in o.diagnostics]

    @property
    def publications(self) -> int:
        return len({o.publication for o in self.outcomes if o.publication})

    @property
    def failed(self) -> bool:
        """Whether any file was rejected (or, under ``strict``, warned about)."""
        if self.counts["rejected"]:
            return True
        return self.strict and any(d.severity is Severity.WARNING for d in self.diagnostics)

    def report(self) -> dict[str, object]:
        return {
            "tool": f"kg {__version__}",
            "files": len(self.outcomes),
            "counts": self.counts,
            "publications": self.publications,
            "quads": len(self.graph),
            "strict": self.strict,
            "outcomes": [o.as_dict() for o in self.outcomes],
        }


def discover(content_dir: str | Path) -> list[Path]:
    """The article files under ``content_dir``, in a stable order (hidden folders skipped)."""
    root = Path(content_dir)
    if not root.is_dir():
        raise ContentError(f"content folder not found: {root}")
    files = [
        p for p in root.rglob("*")
        if p.suffix.lower() in _SUFFIXES and p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(root).parts)
    ]
    return sorted(files, key=lambda p: p.relative_to(root).as_posix())


def vocabulary_quads() -> list[ox.Quad]:
    """The published concept schemes (``ontology/vocabularies.ttl``) in their own graph."""
    data = ontology_file("vocabularies.ttl").read_bytes()
    graph = n(VOCAB_GRAPH)
    return [ox.Quad(t.subject, t.predicate, t.object, graph)
            for t in ox.parse(data, format=ox.RdfFormat.TURTLE)]


def build_file(file: Path, root: Path, strict: bool = False) -> tuple[FileOutcome, list[ox.Quad]]:
    """Read, check and convert one file. Never raises for a problem in the file itself."""
    rel = file.relative_to(root).as_posix()
    try:
        raw = read_article(file, root)
    except ArticleError as err:
        if err.diagnostic.code == "no-frontmatter" and file.stem.upper() in _DOCUMENTATION:
            note = Diagnostic(Severity.INFO, rel, None, None, "documentation",
                              f"skipped: {file.name} documents the folder, it is not an article")
            return FileOutcome(rel, "skipped", (note,)), []
        return FileOutcome(rel, "rejected", (err.diagnostic,)), []
    except OSError as err:
        diag = Diagnostic(Severity.ERROR, rel, None, None, "unreadable", f"cannot read: {err}")
        return FileOutcome(rel, "rejected", (diag,)), []
    try:
        record, notes = to_record(raw)
    except NotAStudy as skip:
        return FileOutcome(rel, "skipped", (*raw.repairs, skip.diagnostic)), []
    except ArticleError as err:
        return FileOutcome(rel, "rejected", (*raw.repairs, err.diagnostic)), []
    pub = publication_iri(record.publication_key)
    warnings = [d for d in notes if d.severity is Severity.WARNING]
    if strict and warnings:
        why = Diagnostic(Severity.ERROR, rel, None, None, "strict",
                         f"rejected under --strict: {len(warnings)} warning(s)")
        return FileOutcome(rel, "rejected", (*notes, why)), []
    status = "repaired" if warnings else "built"
    return FileOutcome(rel, status, notes, pub), article_quads(record)


def build(
    content_dir: str | Path = "content",
    out_dir: str | Path | None = "build",
    *,
    strict: bool = False,
    progress: Progress | None = None,
) -> BuildResult:
    """Build the graph of every article under ``content_dir``; write it to ``out_dir``.

    ``out_dir`` receives ``graph.ttl`` (the merged graph), ``graph.trig`` (one named graph per
    article, with provenance) and ``report.json`` (what became of each file). With
    ``out_dir=None`` nothing is written. ``progress(done, total, path)`` is called per file.
    """
    root = Path(content_dir)
    files = discover(root)
    outcomes: list[FileOutcome] = []
    quads: list[ox.Quad] = vocabulary_quads()
    for done, file in enumerate(files, start=1):
        outcome, produced = build_file(file, root, strict)
        outcomes.append(outcome)
        quads.extend(produced)
        if progress:
            progress(done, len(files), outcome.path)
    result = BuildResult(KnowledgeGraph.from_quads(quads), tuple(outcomes), strict)
    if out_dir is None:
        return result
    return BuildResult(result.graph, result.outcomes, strict, write_build(result, out_dir))


def write_build(result: BuildResult, out_dir: str | Path) -> tuple[Path, ...]:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = (
        export(result.graph, "turtle", out / TURTLE_FILE),
        export(result.graph, "trig", out / GRAPH_FILE),
        _write_json(result.report(), out / REPORT_FILE),
    )
    return written


def _write_json(data: object, path: Path) -> Path:
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
