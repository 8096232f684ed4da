"""The guarded engine: a local engine whose every query runs in a forked worker, with limits.

One bad query must not take a shared endpoint down: the worker is killed when it outlasts
``max_seconds``, refuses results of more than ``max_rows`` rows (or triples), and has its
address space capped at the server's size plus ``max_memory_mb``. Each outrun limit is a
:class:`~kg.errors.QueryLimitError` (``limit`` says which), so ``kg serve`` can answer 503 or
413 while other callers treat it as any :class:`~kg.errors.QueryError`.

A fork copies the loaded Oxigraph store for free (copy-on-write), so the worker starts in
milliseconds and sees exactly the served graph. The worker sends the answer back as SPARQL
results JSON or N-Triples, which the parent reads into a :class:`QueryResult`.

At most ``max_workers`` workers run at once; up to ``max_waiting`` more callers wait for one
(never longer than ``max_seconds``), and a caller beyond that is refused at once
(``QueryLimitError`` with ``limit="busy"``: ``kg serve`` answers 503 with ``Retry-After``). So
the memory all workers may take is bounded: ``max_workers`` times ``max_memory_mb``.

An update is rehearsed first in a worker, under the same limits, on the worker's copy of
the store; only an update that finished there within the limits is applied to the served
store (the same work again, known to fit). A runaway update thus costs a killed worker, never
the server.
"""

from __future__ import annotations

import gc
import json
import multiprocessing
import resource
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.connection import Connection

import pyoxigraph as ox

from kg.errors import QueryError, QueryLimitError
from kg.rdf.store import KnowledgeGraph, QueryDataset
from kg.sparql.local import LocalEngine
from kg.sparql.ordering import sorted_here
from kg.sparql.result import QueryResult, from_json
from kg.sparql.results import to_json

__all__ = ["Limits", "GuardedEngine"]


@dataclass(frozen=True)
class Limits:
    """What one query may use: seconds, rows (or triples) of the answer, extra memory; and
    how many workers run at once, how many callers may wait for one."""

    max_seconds: float = 10.0
    max_rows: int = 10_000
    max_memory_mb: int = 2_048
    max_workers: int = 2
    max_waiting: int = 16

    @property
    def memory_budget_mb(self) -> int:
        """The memory all workers together may take beyond the server's own."""
        return self.max_workers * self.max_memory_mb


class _Outrun(Exception):
    def __init__(self, message: str, limit: str) -> None:
        super().__init__(message)
        self.limit = limit


@dataclass(frozen=True)
class _Job:
    """What a worker runs: a query (over ``dataset`` if given) or the rehearsal of an update."""

    sparql: str
    update: bool = False
    dataset: QueryDataset | None = None
    base_iri: str | None = None

    @property
    def kind(self) -> str:
        return "update" if self.update else "query"


def _evaluate(graph: KnowledgeGraph, job: _Job, max_rows: int, budget: int,
              conn: Connection) -> None:
    """In the worker: run the job, send ``(outcome, detail, body)``. ``budget``: the bytes of
    address space the job may add."""
    # what the fork copied is never collected here: a fork of the test session, its worker's
    # cyclic garbage collector running in the middle of a query, died of a segmentation fault
    # once in CI; the parent's garbage (query answers over its own RocksDB handles among it)
    # is the parent's to free
    gc.freeze()
    try:
        # in memory: the parent's store, copied by the fork; on disk: opened here, since a
        # RocksDB handle does not survive a fork, and before the cap, since RocksDB starts
        # threads as it opens (under the cap their stacks failed: 19 of 60 queries measured)
        graph = graph.for_worker()
        if graph.on_disk and not job.update:
            graph.store_for(job.sparql, job.dataset)
        if budget and (size := _address_space()):
            resource.setrlimit(resource.RLIMIT_AS, (size + budget, size + budget))
        if job.update:  # on the worker's copy of the store: the parent's is not touched
            graph.update(job.sparql, job.base_iri)
            conn.send(("done", "", b""))
            return
        def select(text: str) -> QueryResult:
            solutions = graph.query(text, dataset=job.dataset, base_iri=job.base_iri)
            assert isinstance(solutions, ox.QuerySolutions)  # a final ORDER BY: a SELECT
            return _rows(solutions, max_rows)

        ordered = sorted_here(job.sparql, select)  # faster (kg.sparql.ordering)
        if ordered is not None:
            conn.send(("json", "", to_json(list(ordered.columns), ordered.rows).encode()))
            return
        result = graph.query(job.sparql, dataset=job.dataset, base_iri=job.base_iri)
        if isinstance(result, ox.QueryTriples):
            triples = []
            for triple in result:
                triples.append(triple)
                if len(triples) > max_rows:
                    raise _Outrun(f"more than {max_rows} triples; narrow the query", "rows")
            conn.send(("triples", "", ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)))
        elif isinstance(result, ox.QueryBoolean):
            conn.send(("json", "", to_json(None, [], bool(result)).encode()))
        else:
            solutions = _rows(result, max_rows)
            conn.send(("json", "", to_json(list(solutions.columns), solutions.rows).encode()))
    except _Outrun as outrun:
        conn.send(("limit", outrun.limit, str(outrun).encode()))
    except SyntaxError as err:
        conn.send(("error", "", f"the {job.kind} does not parse: {err}".encode()))
    except MemoryError:
        conn.send(("limit", "memory", f"the {job.kind} ran out of memory".encode()))
    except Exception as err:
        conn.send(("error", "", f"the {job.kind} failed: {err}".encode()))
    finally:
        conn.close()


def _rows(result: ox.QuerySolutions, max_rows: int) -> QueryResult:
    """The solutions read whole, or :class:`_Outrun` past ``max_rows``."""
    columns = tuple(v.value for v in result.variables)
    rows = []
    for solution in result:
        rows.append(tuple(solution[c] for c in columns))
        if len(rows) > max_rows:
            raise _Outrun(f"more than {max_rows} rows; add a LIMIT", "rows")
    return QueryResult(columns, tuple(rows))


class GuardedEngine:
    """A :class:`LocalEngine` behind a forked worker with :class:`Limits` (``kg serve``'s engine).

    Safe to call from several threads: forks and updates take turns on one lock, so no
    thread is inside the store while it is copied; updates also take turns among themselves,
    so that the store an update was rehearsed on is the store it is applied to.
    """

    def __init__(self, local: LocalEngine, limits: Limits = Limits()) -> None:
        self.local = local
        self.limits = limits
        self._lock = threading.Lock()
        self._updating = threading.Lock()
        self._slots = threading.Condition()
        self._running = 0
        self._waiting = 0
        local.graph.preload()  # once, before the first query, not in each worker

    @property
    def name(self) -> str:
        return f"{self.local.name} (guarded)"

    @contextmanager
    def _slot(self) -> Iterator[None]:
        """A worker slot: wait for one in the bounded queue, or be refused at once."""
        with self._slots:
            if self._running >= self.limits.max_workers:
                if self._waiting >= self.limits.max_waiting:
                    raise QueryLimitError(
                        f"all {self.limits.max_workers} workers are busy and "
                        f"{self._waiting} requests wait; try again shortly", "busy")
                self._waiting += 1
                try:
                    if not self._slots.wait_for(
                            lambda: self._running < self.limits.max_workers,
                            self.limits.max_seconds):
                        raise QueryLimitError("no worker became free in "
                                              f"{self.limits.max_seconds:g} s", "busy")
                finally:
                    self._waiting -= 1
            self._running += 1
        try:
            yield
        finally:
            with self._slots:
                self._running -= 1
                self._slots.notify()

    def query(self, sparql: str, dataset: QueryDataset | None = None,
              base_iri: str | None = None) -> QueryResult:
        """Run a query in a worker, over ``dataset`` if given (the request's graphs)."""
        outcome, body = self._run(_Job(sparql, dataset=dataset, base_iri=base_iri))
        if outcome == "triples":
            return QueryResult(triples=tuple(ox.parse(body, format=ox.RdfFormat.N_TRIPLES)))
        return from_json(json.loads(body))

    def update(self, sparql: str, base_iri: str | None = None) -> None:
        """Rehearse the update in a worker under the limits, then apply it here."""
        with self._updating:
            self._run(_Job(sparql, update=True, base_iri=base_iri))
            with self._lock:
                self.local.update(sparql, base_iri)

    def _run(self, job: _Job) -> tuple[str, bytes]:
        with self._slot():
            return self._fork(job)

    def _fork(self, job: _Job) -> tuple[str, bytes]:
        context = multiprocessing.get_context("fork")
        receive, send = context.Pipe(duplex=False)
        memory = self.limits.max_memory_mb * 1024 * 1024  # the worker adds it to its own size
        graph = self.local.graph
        with self._lock:
            # in memory: made here, shared by every fork (an update runs on the store with the
            # graphs); on disk: each worker opens the stores itself
            if not graph.on_disk:
                graph.store_for(job.sparql, QueryDataset() if job.update else job.dataset)
            child = context.Process(target=_evaluate, daemon=True,
                                    args=(graph, job, self.limits.max_rows, memory, send))
            child.start()
        send.close()
        try:
            if not receive.poll(self.limits.max_seconds):
                raise QueryLimitError(
                    f"the {job.kind} ran longer than "
                    f"{self.limits.max_seconds:g} s", "time")
            outcome, detail, body = receive.recv()
        except EOFError:
            raise QueryLimitError(f"the {job.kind} stopped the worker", "worker") from None
        finally:
            receive.close()
            if child.is_alive():
                child.kill()
            child.join(5)
        if outcome == "limit":
            raise QueryLimitError(body.decode(), detail)
        if outcome == "error":
            raise QueryError(body.decode())
        return outcome, body


def _address_space() -> int:
    """This process's address space in bytes (0 where /proc cannot tell)."""
    try:
        with open("/proc/self/statm") as handle:
            pages = int(handle.read().split()[0])
    except OSError:
        return 0
    return pages * resource.getpagesize()
