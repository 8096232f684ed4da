"""Distinct lines in sorted order in bounded memory: an external sort of canonical lines.

The merge of a build (``graph.ttl``) is every distinct triple of every article graph, sorted.
Held as one set and sorted at the end, it grew with the corpus (about 65 MB of strings per
thousand articles, and the list of the sort beside it), so a 100k build could not fit in a few
GB. Here the lines are gathered in a set of at most ``chunk`` lines; a full set is sorted and
written to a run file in a scratch folder, and the runs are read back by a k-way merge
(:func:`heapq.merge`) that drops the duplicates found in several runs. Memory is then one
chunk plus one line a run, whatever the corpus size; runs beyond ``fan_in`` are first merged
into larger runs, so a merge never opens more files than that.

Lines compare as Python strings (code points), the order ``sorted`` gives, so the output is
exactly ``sorted(set(lines))``: the same bytes as the in-memory design.
"""

from __future__ import annotations

import heapq
import shutil
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from pathlib import Path

__all__ = ["CHUNK", "FAN_IN", "ExternalSort", "distinct", "sorted_distinct"]

#: lines held in memory before a run is written (about 40 MB of canonical lines)
CHUNK = 200_000
#: runs merged at once (each holds an open file)
FAN_IN = 64


def distinct(lines: Iterable[str]) -> Iterator[str]:
    """``lines`` (sorted) without repeats: each line once, in order."""
    last: str | None = None
    for line in lines:
        if line != last:
            yield line
            last = line


class ExternalSort:
    """Lines added in any order, given back sorted and distinct (:meth:`lines`).

    ``folder``: where run files go (made when first needed, removed by :meth:`close`);
    ``None`` keeps every line in memory, as for a build that writes nothing.
    """

    def __init__(self, folder: Path | None, chunk: int = CHUNK, fan_in: int = FAN_IN) -> None:
        if chunk < 1 or fan_in < 2:
            raise ValueError("chunk must be at least 1 and fan_in at least 2")
        self._folder = folder
        self._chunk = chunk
        self._fan_in = fan_in
        self._buffer: set[str] = set()
        self._runs: list[Path] = []
        self._made = 0

    def add(self, lines: Iterable[str]) -> None:
        """Take ``lines`` in; a run is written once the chunk is full."""
        self._buffer.update(lines)
        if self._folder is not None and len(self._buffer) >= self._chunk:
            self._runs.append(self._write(sorted(self._buffer)))
            self._buffer = set()

    @property
    def runs(self) -> int:
        """Run files written so far (for tests and benchmarks)."""
        return self._made

    def _write(self, lines: Iterable[str]) -> Path:
        assert self._folder is not None
        self._folder.mkdir(parents=True, exist_ok=True)
        path = self._folder / f"run-{self._made:06d}.txt"
        self._made += 1
        with path.open("w", encoding="utf-8", newline="\n") as out:
            out.writelines(lines)
        return path

    def _merged(self, runs: list[Path], tail: list[str]) -> Iterator[str]:
        """The distinct lines of ``runs`` and the sorted ``tail``; each run is removed once
        read through."""
        with ExitStack() as stack:
            handles = [stack.enter_context(run.open(encoding="utf-8", newline="\n"))
                       for run in runs]
            yield from distinct(heapq.merge(*handles, tail))
        for run in runs:
            run.unlink(missing_ok=True)

    def lines(self) -> Iterator[str]:
        """Every line added, sorted, each once. Called once: the runs are used up."""
        while len(self._runs) >= self._fan_in:  # fewer runs, each larger, before the last merge
            batch, self._runs = self._runs[: self._fan_in], self._runs[self._fan_in:]
            self._runs.append(self._write(self._merged(batch, [])))
        tail = sorted(self._buffer)
        self._buffer = set()
        runs, self._runs = self._runs, []
        return self._merged(runs, tail)

    def close(self) -> None:
        """Remove the scratch folder and whatever runs are left in it."""
        self._buffer = set()
        self._runs = []
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)


def sorted_distinct(lines: Iterable[str], folder: Path | None, chunk: int = CHUNK,
                    fan_in: int = FAN_IN) -> Iterator[str]:
    """``sorted(set(lines))`` as an iterator, spilling runs into ``folder`` (removed at the
    end, or when the iterator is closed)."""
    sorter = ExternalSort(folder, chunk, fan_in)
    try:
        batch: list[str] = []
        size = min(chunk, 4096)
        for line in lines:
            batch.append(line)
            if len(batch) >= size:
                sorter.add(batch)
                batch = []
        sorter.add(batch)
        yield from sorter.lines()
    finally:
        sorter.close()
