"""What becomes of each file of a build, and the outputs a build writes.

Every file is accounted for in the :class:`BuildResult`: ``built``, ``repaired`` (built, with
warnings saying what was repaired), ``skipped`` (no DOI: not a publication summary) or
``rejected`` (an error naming file, line and field). One bad file never stops the others.
The pieces here are shared by the full build (:mod:`kg.pipeline.build`) and the rebuild that
edits the last outputs (:mod:`kg.pipeline.incremental`): reading a file into its record,
mapping a record, reconciling publications, the corpus graphs, and writing the outputs
complete or not at all.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import BinaryIO, cast

import pyoxigraph as ox

from kg.core.namespaces import VOCAB_GRAPH
from kg.core.resources import ontology_file
from kg.errors import ArticleError, Diagnostic, Severity, printable
from kg.extract.themes import GapText, assign_themes, need_ids
from kg.ingest.articles import read_article
from kg.rdf.canonical import iri
from kg.rdf.disk import STORE_DIR, QuadFeed, stamp, swap_in, write_stores
from kg.rdf.mapping import Mapped, article_lines, gap_iri, mapped_article, publication_iri
from kg.rdf.store import GRAPH_FILE, REPORT_FILE, TURTLE_FILE, VOID_FILE, KnowledgeGraph
from kg.rdf.tallies import ThemePublications
from kg.rdf.themes import theme_iri, theme_lines
from kg.records.check import NotAStudy, to_record
from kg.records.model import ArticleRecord
from kg.records.reconcile import reconcile
from kg.version import __version__

__all__ = ["FileOutcome", "BuildResult", "build_file", "read_file", "vocabulary_lines",
           "corpus_themes", "reconcile_outcomes", "themes_digest", "map_record",
           "written_files", "outputs"]

Progress = Callable[[int, int, str], None]
STATUSES = ("built", "repaired", "skipped", "rejected")
# Markdown files a content folder may hold besides articles, recognised when they lack frontmatter
_DOCUMENTATION = {"README", "CHANGELOG", "LICENSE", "CONTRIBUTING", "INDEX"}


@dataclass(frozen=True)
class FileOutcome:
    """What became of one file."""

    path: str
    status: str
    diagnostics: tuple[Diagnostic, ...]
    publication: str | None = None
    #: the file's knowledge gaps, for the themes computed over the whole corpus (not reported)
    gaps: tuple[GapText, ...] = field(default=(), compare=False, repr=False)

    def as_dict(self) -> dict[str, object]:
        return {
            "path": printable(self.path),
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
    quads: int = 0
    triples: int = 0
    #: files whose records came from the cache of the previous build (not in the report, which
    #: is the same however the build was made)
    reused: int = 0
    #: whether the previous build's outputs were edited (:mod:`kg.pipeline.incremental`)
    #: rather than written anew
    patched: bool = False

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
            "quads": self.quads,
            "triples": self.triples,
            "strict": self.strict,
            "outcomes": [o.as_dict() for o in self.outcomes],
        }


#: the published concept schemes: put in every build, in the vocabulary graph
VOCABULARY_FILES = ("vocabularies.ttl", "missions.ttl")


def vocabulary_lines() -> list[str]:
    """The published concept schemes (``ontology/vocabularies.ttl``, ``missions.ttl``)."""
    graph = ox.NamedNode(VOCAB_GRAPH)
    quads = [ox.Quad(t.subject, t.predicate, t.object, graph)
             for name in VOCABULARY_FILES
             for t in ox.parse(ontology_file(name).read_bytes(), format=ox.RdfFormat.TURTLE)]
    # without an output, serialize returns the bytes (the stub's ``bytes | None`` covers both uses)
    text = cast(bytes, ox.serialize(quads, format=ox.RdfFormat.N_QUADS)).decode("utf-8")
    return sorted(set(text.splitlines(keepends=True)))


def _theme_gaps(outcomes: list[FileOutcome]) -> Iterator[GapText]:
    """The knowledge gaps the corpus themes are computed from: those of the built files."""
    return (g for o in outcomes if o.status in ("built", "repaired") for g in o.gaps)


def corpus_themes(outcomes: list[FileOutcome]) -> tuple[list[str], ThemePublications]:
    """The themes graph of the built files' knowledge gaps (empty when no theme is shared),
    and the publications of each theme, for the tallies."""
    gaps = list(_theme_gaps(outcomes))
    themes = assign_themes(gaps).themes if gaps else []
    if not themes:
        return [], {}
    publications = {g.key: g.publication for g in gaps}
    members = {iri(theme_iri(t)): tuple(sorted({sys.intern(iri(publications[key]))
                                                for key in t.members})) for t in themes}
    return theme_lines(themes, {}, members), members


def build_file(file: Path, root: Path, strict: bool = False,
               rel: str | None = None) -> tuple[FileOutcome, list[str]]:
    """Read, check and convert one file into its N-Quads lines. Never raises: whatever goes
    wrong with one file, even a fault of this package, is that file's rejection, so that the
    other files are still built. ``rel``: the file's path in the folder (from discovery)."""
    rel = rel if rel is not None else file.relative_to(root).as_posix()
    try:
        return _build_file(file, root, rel, strict)
    except (Exception, RecursionError, MemoryError) as err:  # the promise above
        return _internal(rel, err), []


def _origin(err: BaseException) -> str:
    """`` at kg/extract/genes.py:123``: the innermost frame of ours, to put in a bug report."""
    tb = err.__traceback__
    found = ""
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if "/kg/" in name.replace("\\", "/"):
            found = f" at kg/{name.replace(chr(92), '/').rsplit('/kg/', 1)[1]}:{tb.tb_lineno}"
        tb = tb.tb_next
    return found


def _build_file(file: Path, root: Path, rel: str, strict: bool) -> tuple[FileOutcome, list[str]]:
    outcome, record = _read_file(file, root, rel, strict)
    return outcome, (article_lines(record) if record is not None else [])


def read_file(file: Path, root: Path, strict: bool = False,
              rel: str | None = None) -> tuple[FileOutcome, ArticleRecord | None]:
    """Read and check one file into its record (``None`` unless built). Never raises, like
    :func:`build_file`."""
    rel = rel if rel is not None else file.relative_to(root).as_posix()
    try:
        return _read_file(file, root, rel, strict)
    except (Exception, RecursionError, MemoryError) as err:
        return _internal(rel, err), None


def _internal(rel: str, err: BaseException) -> FileOutcome:
    diag = Diagnostic(Severity.ERROR, rel, None, None, "internal-error",
                      f"kg could not build this file ({type(err).__name__}: "
                      f"{' '.join(str(err).split())[:200]}{_origin(err)}); the other files are "
                      "built. This is a fault of kg, not of the file: please report it "
                      "with the file")
    return FileOutcome(rel, "rejected", (diag,))


def _read_file(file: Path, root: Path, rel: str,
               strict: bool) -> tuple[FileOutcome, ArticleRecord | None]:
    try:
        raw = read_article(file, root)
    except ArticleError as err:
        if err.diagnostic.code == "no-frontmatter" and file.stem.upper() in _DOCUMENTATION:
            note = Diagnostic(Severity.INFO, rel, None, None, "documentation",
                              f"skipped: {file.name} documents the folder, it is not an article")
            return FileOutcome(rel, "skipped", (note,)), None
        return FileOutcome(rel, "rejected", (err.diagnostic,)), None
    except OSError as err:
        diag = Diagnostic(Severity.ERROR, rel, None, None, "unreadable", f"cannot read: {err}")
        return FileOutcome(rel, "rejected", (diag,)), None
    try:
        record, notes = to_record(raw)
    except NotAStudy as skip:
        return FileOutcome(rel, "skipped", (*raw.repairs, skip.diagnostic)), None
    except ArticleError as err:
        return FileOutcome(rel, "rejected", (*raw.repairs, err.diagnostic)), None
    pub = publication_iri(record.publication_key)
    warnings = [d for d in notes if d.severity is Severity.WARNING]
    if strict and warnings:
        why = Diagnostic(Severity.ERROR, rel, None, None, "strict",
                         f"rejected under --strict: {len(warnings)} warning(s)")
        return FileOutcome(rel, "rejected", (*notes, why)), None
    status = "repaired" if warnings else "built"
    context = " ".join((record.title, *record.tags))
    gaps = tuple(GapText(gap_iri(record.publication_key, g.text), pub, g.text, context,
                         need_ids(g.text)) for g in record.gaps)
    return FileOutcome(rel, status, notes, pub, gaps), replace(record, sections=())


def reconcile_outcomes(read: dict[str, FileOutcome], records: dict[str, ArticleRecord]) -> None:
    """Reconcile the publications' facts across ``records`` (by path in the folder; each
    publication's records all in there), in place, and add each disagreement to its file's
    outcome in ``read``."""
    reconciled, conflicts = reconcile(list(records.values()))
    records.update(zip(records, reconciled, strict=True))  # same order, keyed as discovered
    by_path = {record.path: rel for rel, record in records.items()}
    for note in conflicts:
        rel = by_path.get(note.path, note.path)
        if rel in read:
            before = read[rel]
            read[rel] = replace(before, status="repaired",
                                diagnostics=(*before.diagnostics, note))


def themes_digest(outcomes: list[FileOutcome]) -> str:
    """A digest of what :func:`corpus_themes` computes the themes from."""
    digest = hashlib.sha256()
    for g in _theme_gaps(outcomes):
        digest.update("\x1f".join((g.key, g.publication, g.text, g.context)).encode(
            "utf-8", "surrogateescape") + b"\x1e")
    return digest.hexdigest()


def map_record(rel: str, record: ArticleRecord, outcome: FileOutcome) -> tuple[
        FileOutcome, Mapped | None]:
    """A record's graph (:class:`~kg.rdf.mapping.Mapped`); on a fault of ours, ``None`` and
    the file's rejection."""
    try:
        return outcome, mapped_article(record)
    except (Exception, RecursionError, MemoryError) as err:
        return _internal(rel, err), None


def written_files(out: Path) -> tuple[Path, ...]:
    """The files a build writes, as its result names them."""
    return (out / GRAPH_FILE, out / TURTLE_FILE, out / VOID_FILE, out / STORE_DIR,
            out / REPORT_FILE)


class _Parts:
    """The output files of one build, written beside their final names as ``.part`` files."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.handles: dict[str, BinaryIO] = {}
        #: a folder for the build's temporary files (the sorted runs of the merge)
        self.scratch = folder / "merge.part"
        #: run with the folder once the outputs are in place (saving the build's state)
        self.then: list[Callable[[Path], None]] = []
        #: a rebuild edited the stores in place (:mod:`kg.pipeline.incremental`): they are
        #: stamped once the new ``graph.nq`` is in place, instead of written anew
        self.patched = False
        #: the loader of the dataset store fed as ``graph.nq`` is written (:meth:`open_quads`)
        self.feed: QuadFeed | None = None

    def open(self, name: str) -> BinaryIO:
        handle = (self.folder / f"{name}.part").open("wb")
        self.handles[name] = handle
        return handle

    def open_quads(self) -> _Tee:
        """``graph.nq``, its bytes also loaded into the new dataset store as they are written
        (:class:`kg.rdf.disk.QuadFeed`)."""
        handle = self.open(GRAPH_FILE)
        self.feed = QuadFeed(self.folder / f"{STORE_DIR}.part")
        return _Tee(handle, self.feed)

    def commit(self) -> None:
        if self.feed is not None:
            self.feed.close()
        for handle in self.handles.values():
            handle.flush()
            os.fsync(handle.fileno())
            handle.close()
        shutil.rmtree(self.scratch, ignore_errors=True)
        stores = self.folder / f"{STORE_DIR}.part"
        if GRAPH_FILE in self.handles and TURTLE_FILE in self.handles and not self.patched:
            write_stores(stores, self.folder / f"{GRAPH_FILE}.part",
                         self.folder / f"{TURTLE_FILE}.part", quads_loaded=self.feed is not None)
        # the report goes last: a report always describes the graph files beside it
        for name in sorted(self.handles, key=lambda n: n == REPORT_FILE):
            if name == REPORT_FILE and stores.exists():
                swap_in(stores, self.folder / STORE_DIR)
            os.replace(self.folder / f"{name}.part", self.folder / name)
        if self.patched and GRAPH_FILE in self.handles:
            stamp(self.folder / STORE_DIR, self.folder / GRAPH_FILE)
        for step in self.then:
            step(self.folder)

    def discard(self) -> None:
        if self.feed is not None:
            self.feed.abort()
        for name, handle in self.handles.items():
            handle.close()
            (self.folder / f"{name}.part").unlink(missing_ok=True)
        shutil.rmtree(self.folder / f"{STORE_DIR}.part", ignore_errors=True)
        shutil.rmtree(self.scratch, ignore_errors=True)


class _Tee:
    """Bytes written to a file and to a store's loader."""

    def __init__(self, handle: BinaryIO, feed: QuadFeed) -> None:
        self.handle = handle
        self.feed = feed

    def write(self, data: bytes) -> None:
        self.handle.write(data)
        self.feed.write(data)


@contextmanager
def outputs(out: Path | None) -> Iterator[_Parts | None]:
    """New output files complete, or the old ones untouched: written as ``.part`` files and
    moved over the old ones only once all are complete; on any failure, removed."""
    if out is None:
        yield None
        return
    parts = _Parts(out)
    try:
        yield parts
        parts.commit()
    except BaseException:
        parts.discard()
        raise
