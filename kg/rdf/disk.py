"""The query-ready store a build leaves on disk, so that no command reloads ``graph.nq``.

Loading the text dumps into Oxigraph costs every command the same again: at 10k articles
``kg query journals`` spent 23 s and 1.4 GB reloading for a 0.05 s query. So the build also
writes ``store/`` beside the dumps, two Oxigraph (RocksDB) stores:

- ``store/merged``: the merge of all graphs as the default graph (what almost every query
  reads; a store with named graphs in it answered default-graph queries up to 40x slower);
- ``store/dataset``: the article graphs as named graphs and their merge as the default graph,
  for the queries that name graphs (``GRAPH``, ``FROM``).

``store/STAMP`` records the size and modification time of the ``graph.nq`` the stores were
made from. A command uses the stores only while ``graph.nq`` is that same file; a graph
edited, replaced or copied without its times is read from the text again (slower, never
wrong). The stores are opened read-only: several processes can query them at once.

Oxigraph's bulk loader holds a batch of up to a million quads per thread in memory: loading
the 10k build's ``graph.nq`` (3.7M quads) in one call peaked at 1.7 GB. The dumps are fed to it
in pieces of :data:`PIECE` statements instead (N-Quads at line ends, our Turtle at the blank
line between subject blocks, each piece with the prefix header), which held the same load
to 0.3 GB; the stores hold the same statements.

A forked process must not use a RocksDB handle its parent opened (RocksDB does not survive
``fork``), so a caller that forks (the guarded engine of ``kg serve``) opens the stores in
each worker (:func:`open_store`, a few milliseconds).
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from kg.rdf.canonical import literal

__all__ = ["STORE_DIR", "MERGED", "DATASET", "write_stores", "QuadFeed", "valid_location", "open_store",
           "swap_in", "StorePatch", "unstamp", "stamp", "file_stamp"]

#: the folder of the stores in a build folder, and the two stores in it
STORE_DIR = "store"
MERGED = "merged"
DATASET = "dataset"
_STAMP = "STAMP"
#: statements given to one call of Oxigraph's bulk loader
PIECE = 250_000


class _Piece(io.RawIOBase):
    """The next ``size`` statements of an open dump, as a file for Oxigraph to read: lines to
    the end of the ``size``-th (for Turtle, to the end of its subject block), after ``header``."""

    def __init__(self, handle: BinaryIO, size: int, header: list[bytes], turtle: bool) -> None:
        self._lines = handle
        self._size = size
        self._turtle = turtle
        self._buffer = b"".join(header)
        self._count = 0
        self._ended = False
        self.empty = True

    def readable(self) -> bool:
        return True

    def _more(self, wanted: int) -> None:
        parts, size = [self._buffer], len(self._buffer)
        while size < wanted and not self._ended:
            full = self._count >= self._size
            if full and not self._turtle:
                self._ended = True
                break
            line = self._lines.readline()
            if not line or (full and line == b"\n"):  # Turtle: between two subject blocks
                self._ended = True
                break
            self._count += 1
            self.empty = False
            parts.append(line)
            size += len(line)
        self._buffer = b"".join(parts)

    def readinto(self, target: bytearray | memoryview) -> int:  # type: ignore[override]
        # (the stub wants a Buffer; what Oxigraph hands over is a writable bytes-like)
        if len(self._buffer) < len(target):
            self._more(len(target))
        n = min(len(target), len(self._buffer))
        target[:n] = self._buffer[:n]
        self._buffer = self._buffer[n:]
        return n


def _load(store: ox.Store, path: Path, fmt: ox.RdfFormat, piece: int,
          to_graph: ox.DefaultGraph | None = None) -> None:
    """Bulk-load the dump at ``path`` (N-Quads, or Turtle as :mod:`kg.rdf.turtle` writes it)
    ``piece`` statements at a time."""
    with path.open("rb") as handle:
        _load_from(store, handle, fmt, piece, to_graph)


def _load_from(store: ox.Store, handle: BinaryIO, fmt: ox.RdfFormat, piece: int,
               to_graph: ox.DefaultGraph | None = None) -> None:
    turtle = fmt is ox.RdfFormat.TURTLE
    header: list[bytes] = []
    if turtle:  # the prefixes, to the blank line before the first subject
        for line in iter(handle.readline, b""):
            header.append(line)
            if line == b"\n":
                break
    while True:
        part = _Piece(handle, piece, header, turtle)
        store.bulk_load(io.BufferedReader(part, 1 << 20), format=fmt, to_graph=to_graph)
        if part.empty:
            return


class QuadFeed:
    """The dataset store's article graphs loaded while the build writes ``graph.nq``.

    Loading the N-Quads is the largest part of writing the stores (at 10k articles about
    half), and while the build maps its records and writes Turtle it uses one core. So the
    lines written to ``graph.nq`` are also written to a pipe, from which a thread (Oxigraph's
    loader works outside the GIL) loads them into ``folder/dataset``, in pieces as
    :func:`write_stores` does; a full pipe makes the build wait for the loader. Should the
    loader fail, the next :meth:`write` or :meth:`close` raises its error; :meth:`abort` ends
    it when the build fails (the caller removes ``folder``).
    """

    def __init__(self, folder: Path, piece: int = PIECE) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        read, write = os.pipe()
        self._reader = os.fdopen(read, "rb", buffering=1 << 20)
        self._writer = os.fdopen(write, "wb", buffering=1 << 20)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._load, args=(piece,), daemon=True,
                                        name="kg-store-feed")
        self._thread.start()

    def _load(self, piece: int) -> None:
        try:
            store = ox.Store(str(self.folder / DATASET))
            _load_from(store, self._reader, ox.RdfFormat.N_QUADS, piece)
            store.flush()
            del store  # closed: the build opens it again for the merge
        except BaseException as err:  # raised in the build's thread by write or close
            self._error = err
        finally:
            self._reader.close()  # a write blocked on a full pipe now fails

    def write(self, data: bytes) -> None:
        try:
            self._writer.write(data)
        except BrokenPipeError:
            self._thread.join()
            raise self._error or BrokenPipeError("the store loader stopped") from None

    def close(self) -> None:
        """The quads are all written: wait for the loader to finish."""
        with contextlib.suppress(BrokenPipeError):
            self._writer.close()
        self._thread.join()
        if self._error is not None:
            raise self._error

    def abort(self) -> None:
        with contextlib.suppress(OSError):
            self._writer.close()
        self._thread.join()


def file_stamp(path: Path) -> str:
    """A file's size and modification time: what tells it from another version of it."""
    info = path.stat()
    return f"{info.st_size} {info.st_mtime_ns}\n"


def write_stores(folder: Path, quads_file: Path, turtle_file: Path,
                 piece: int = PIECE, *, quads_loaded: bool = False) -> None:
    """Write both stores into ``folder`` (made new) from a build's finished dumps: the N-Quads
    of the article graphs and the Turtle of their merge, each compacted once loaded (RocksDB's
    ``optimize``: loaded in pieces, a store is many overlapping files that every read must
    consult; on the 10k build compacting took 5 s and 8 s and made `knowledge-gaps` 14.9 s ->
    5.5 s on the merged store, `article-provenance` 3.0 s -> 1.7 s on the dataset store).
    The stamp names ``quads_file`` as it is now: renaming it keeps the size and time the
    stamp holds. ``quads_loaded``: ``folder`` has the dataset store with the article graphs
    already (a :class:`QuadFeed`'s), to which the merge is added."""
    if not quads_loaded:
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)

    def merged() -> None:
        store = ox.Store(str(folder / MERGED))
        _load(store, turtle_file, ox.RdfFormat.TURTLE, piece)
        store.optimize()
        store.flush()

    def dataset() -> None:
        store = ox.Store(str(folder / DATASET))
        if not quads_loaded:
            _load(store, quads_file, ox.RdfFormat.N_QUADS, piece)
        _load(store, turtle_file, ox.RdfFormat.TURTLE, piece, ox.DefaultGraph())
        store.optimize()
        store.flush()

    # the two stores load at once: Oxigraph's loader leaves Python while it works (at 1k
    # articles 8.6-11.3 s against 10.8-14.0 s one after the other, same run)
    with ThreadPoolExecutor(max_workers=2) as pool:
        for done in [pool.submit(merged), pool.submit(dataset)]:
            done.result()
    (folder / _STAMP).write_text(file_stamp(quads_file), encoding="utf-8")


def swap_in(new: Path, final: Path) -> None:
    """Put the finished stores ``new`` in place of ``final``: a reader sees the old stores or
    the new ones, and a stale stamp only ever makes it read the text."""
    old = final.with_name(final.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if final.exists():
        os.replace(final, old)
    os.replace(new, final)
    if old.exists():
        shutil.rmtree(old, ignore_errors=True)


def valid_location(graph_file: Path) -> Path | None:
    """The stores made from ``graph_file`` (a build's ``graph.nq``), or ``None`` when there are
    none or they were made from another version of the file."""
    folder = graph_file.parent / STORE_DIR
    try:
        stamp = (folder / _STAMP).read_text(encoding="utf-8")
        current = file_stamp(graph_file)
    except (OSError, UnicodeDecodeError):
        return None
    if stamp != current or not (folder / MERGED).is_dir() or not (folder / DATASET).is_dir():
        return None
    return folder


def open_store(location: Path, which: str) -> ox.Store:
    """One of the stores at ``location``, read-only (``which``: :data:`MERGED` or
    :data:`DATASET`)."""
    return ox.Store.read_only(str(location / which))


def unstamp(location: Path) -> None:
    """Mark the stores as made from no ``graph.nq``: done before they are edited, so that a
    rebuild that fails half-way leaves stores no command uses (until the next full build)."""
    (location / _STAMP).unlink(missing_ok=True)


def stamp(location: Path, graph_file: Path) -> None:
    """Mark the stores (edited by a rebuild) as made from ``graph_file`` as it is now."""
    part = location / f"{_STAMP}.part"
    part.write_text(file_stamp(graph_file), encoding="utf-8")
    os.replace(part, location / _STAMP)


def _term(term: object) -> str:
    """A stored term in the build's canonical N-Triples form (the form the build wrote)."""
    if isinstance(term, ox.NamedNode):
        return f"<{term.value}>"
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        return literal(term.value, term.datatype.value, term.language)
    raise TypeError(f"not a term of a build: {term!r}")


class StorePatch:
    """Both stores of a build opened for writing, to apply what a rebuild changed: some
    article graphs replaced, and the merge (the default graph of both) updated to match.

    A triple leaves the merge only when no article graph states it any more; the merged
    triples of a subject are read back for the subject's new block in ``graph.ttl``.
    """

    def __init__(self, location: Path) -> None:
        self.dataset = ox.Store(str(location / DATASET))
        self.merged = ox.Store(str(location / MERGED))

    def subject_lines(self, subject: str) -> list[str]:
        """The sorted canonical triple lines of the merge about ``subject`` (an N-Triples
        term)."""
        node = ox.BlankNode(subject[2:]) if subject.startswith("_:") else ox.NamedNode(subject[1:-1])
        return sorted(f"{_term(q.subject)} {_term(q.predicate)} {_term(q.object)} .\n"
                      for q in self.merged.quads_for_pattern(node, None, None, ox.DefaultGraph()))

    def replace(self, removed: list[str], added: list[str]) -> None:
        """Named-graph quads (canonical N-Quads lines) out of and into the dataset store."""
        for quad in _quads(removed, ox.RdfFormat.N_QUADS):
            self.dataset.remove(quad)
        self.dataset.extend(_quads(added, ox.RdfFormat.N_QUADS))

    def merge(self, removed: set[str], added: set[str]) -> None:
        """Update the merge: ``added`` triple lines in, ``removed`` ones out unless an article
        graph still states them (call after :meth:`replace`)."""
        for triple in _quads(sorted(added), ox.RdfFormat.N_TRIPLES):
            for store in (self.dataset, self.merged):
                store.add(ox.Quad(triple.subject, triple.predicate, triple.object))
        for triple in _quads(sorted(removed - added), ox.RdfFormat.N_TRIPLES):
            stated = any(not isinstance(q.graph_name, ox.DefaultGraph) for q in
                         self.dataset.quads_for_pattern(triple.subject, triple.predicate,
                                                        triple.object, None))
            if not stated:
                for store in (self.dataset, self.merged):
                    store.remove(ox.Quad(triple.subject, triple.predicate, triple.object))

    def close(self) -> None:
        self.dataset.flush()
        self.merged.flush()
        del self.dataset, self.merged


def _quads(lines: list[str], fmt: ox.RdfFormat) -> list[ox.Quad]:
    return list(ox.parse("".join(lines).encode("utf-8"), format=fmt)) if lines else []
