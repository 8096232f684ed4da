"""The build's sorted dumps edited in place of rewritten: find a graph's lines in ``graph.nq``
or a subject's block in ``graph.ttl`` by bisection, and copy the file around new parts.

Both dumps are sorted, so the previous build's files are their own index; no side index has
to be kept in step with them:

- ``graph.nq``: the lines of one graph are contiguous, graphs in the order of their IRIs (the
  graph term ends each line);
- ``graph.ttl``: one block per subject, in the order of the subjects' canonical terms, each
  block a blank line, the subject (prefixed where :class:`~kg.core.namespaces.Shortener`
  shortened it) on its own line, then its predicates and objects. No other blank line occurs:
  a literal's line breaks are escaped.

Keys compare as UTF-8 bytes, which order as the code points the build sorted on. A rebuild
that changed one article finds its few ranges in about 30 reads each and copies the rest of
each file in large pieces.
"""

from __future__ import annotations

import io
import mmap
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import BinaryIO

from kg.core.namespaces import PREFIXES

__all__ = ["SortedDump", "splice"]

_PIECE = 64 << 20  # bytes copied per write
_EXPAND = {f"{prefix}:".encode(): f"<{space}".encode() for prefix, space in PREFIXES.items()}


def _expand(term: bytes) -> bytes:
    """A Turtle subject as written back to its N-Triples term (``sbkg:x`` -> ``<...x>``)."""
    if term.startswith((b"<", b"_:")):
        return term
    colon = term.index(b":") + 1
    return _EXPAND[term[:colon]] + term[colon:] + b">"


class SortedDump:
    """A finished dump, mapped read-only: ``kind`` ``"nquads"`` (records: lines, keyed by their
    graph) or ``"turtle"`` (records: subject blocks, keyed by their subject)."""

    def __init__(self, path: Path, kind: str) -> None:
        self.path = path
        self._handle = path.open("rb")
        size = path.stat().st_size
        self.map: mmap.mmap | bytes = (mmap.mmap(self._handle.fileno(), 0, access=mmap.ACCESS_READ)
                                       if size else b"")
        self.size = size
        self._next: Callable[[int], int]
        self._key: Callable[[int], bytes]
        if kind == "nquads":
            self._next, self._key = self._next_line, self._graph
        elif kind == "turtle":
            self._next, self._key = self._next_block, self._subject
        else:
            raise ValueError(f"not a dump kind: {kind}")

    def fileno(self) -> int:
        return self._handle.fileno()

    def close(self) -> None:
        if isinstance(self.map, mmap.mmap):
            self.map.close()
        self._handle.close()

    def __enter__(self) -> SortedDump:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # the first record that starts at or after a byte position (the size: none)
    def _next_line(self, pos: int) -> int:
        if pos <= 0:
            return 0
        found = self.map.find(b"\n", pos - 1)
        return self.size if found < 0 else found + 1

    def _next_block(self, pos: int) -> int:
        found = self.map.find(b"\n\n", max(pos - 1, 0))
        return self.size if found < 0 else found + 1

    def _graph(self, start: int) -> bytes:
        end = self.map.find(b"\n", start)
        body = self.map[start:end if end >= 0 else self.size].rstrip(b" .")
        return body[body.rindex(b" ") + 1:]

    def _subject(self, start: int) -> bytes:
        end = self.map.find(b"\n", start + 1)
        return _expand(self.map[start + 1:end])

    def _first(self, key: bytes, after: bool) -> int:
        """The start of the first record whose key is ``>= key`` (``> key`` when ``after``)."""
        lo, hi = 0, self.size
        while lo < hi:  # the smallest position whose next record passes the test
            mid = (lo + hi) // 2
            start = self._next(mid)
            found = start >= self.size or (self._key(start) > key if after
                                           else self._key(start) >= key)
            if found:
                hi = mid
            else:
                lo = mid + 1
        return self._next(lo)

    def range(self, key: str) -> tuple[int, int]:
        """The bytes ``[start, end)`` of the records with ``key`` (a graph or subject term);
        where there are none, ``start == end`` is where they would go."""
        raw = key.encode("utf-8")
        start = self._first(raw, after=False)
        if start >= self.size or self._key(start) != raw:
            return start, start
        return start, self._first(raw, after=True)

    def text(self, start: int, end: int) -> str:
        return bytes(self.map[start:end]).decode("utf-8")


def splice(dump: SortedDump, edits: Iterable[tuple[int, int, bytes]], out: BinaryIO) -> None:
    """Write ``dump`` to ``out`` with each range ``[start, end)`` of ``edits`` (sorted, not
    overlapping; an empty range inserts) replaced by its bytes. The unchanged ranges are
    copied by the kernel where it can (``copy_file_range``: no pass through this process; on
    a file system that shares extents, no copy at all)."""
    view = memoryview(dump.map) if isinstance(dump.map, mmap.mmap) else memoryview(b"")
    pos = 0
    kernel = hasattr(os, "copy_file_range") and _is_file(out)

    def copy(upto: int) -> None:
        nonlocal pos, kernel
        if kernel and pos < upto:
            out.flush()
            try:
                while pos < upto:
                    done = os.copy_file_range(dump.fileno(), out.fileno(), upto - pos, pos)
                    if done <= 0:
                        break
                    pos += done
            except OSError:  # not between these two files here: copy through memory
                kernel = False
            out.seek(0, os.SEEK_END)
        while pos < upto:
            step = min(upto, pos + _PIECE)
            out.write(view[pos:step])
            pos = step

    try:
        for start, end, data in edits:
            if start < pos or end < start:
                raise ValueError(f"edits out of order at byte {start} of {dump.path}")
            copy(start)
            out.write(data)
            pos = end
        copy(dump.size)
    finally:
        view.release()


def _is_file(out: BinaryIO) -> bool:
    try:
        out.fileno()
    except (OSError, AttributeError, io.UnsupportedOperation):
        return False
    return True
