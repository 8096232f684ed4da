"""The guarded engine: a local engine whose every query runs in a forked worker, with limits.

One bad query must not take a shared endpoint down: the worker is killed when it outlasts
``max_seconds``, refuses results of more than ``max_rows`` rows (or triples), and has its
address space capped at the server's size plus ``max_memory_mb``. Each outrun limit is a
:class:`~kg.errors.QueryLimitError` (``limit`` says which), so ``kg serve`` can answer 503 or
413 while other callers treat it as any :class:`~kg.errors.QueryError`.

A fork copies the loaded Oxigraph store for free (copy-on-write), so the worker starts in
milliseconds and sees exactly the served graph. The worker sends the answer back as SPARQL
results JSON or N-Triples, which the parent reads into a :class:`QueryResult`.
"""

from __future__ import annotations

import json
import multiprocessing
import resource
import threading
from dataclasses import dataclass
from multiprocessing.connection import Connection

import pyoxigraph as ox

from kg.errors import QueryError, QueryLimitError
from kg.rdf.store import KnowledgeGraph
from kg.sparql.local import LocalEngine
from kg.sparql.result import QueryResult, from_json
from kg.sparql.results import to_json

__all__ = ["Limits", "GuardedEngine"]


@dataclass(frozen=True)
class Limits:
    """What one query may use: seconds, rows (or triples) of the answer, extra memory."""

    max_seconds: float = 10.0
    max_rows: int = 10_000
    max_memory_mb: int = 2_048


class _Outrun(Exception):
    def __init__(self, message: str, limit: str) -> None:
        super().__init__(message)
        self.limit = limit


def _evaluate(graph: KnowledgeGraph, sparql: str, max_rows: int, memory: int,
              conn: Connection) -> None:
    """In the worker: run the query, send ``(outcome, detail, body)``."""
    try:
        if memory:
            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        # in memory: the parent's store, copied by the fork; on disk: opened here, since a
        # RocksDB handle does not survive a fork
        result = graph.for_worker().store_for(sparql).query(sparql)
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
            columns = [v.value for v in result.variables]
            rows = []
            for solution in result:
                rows.append(tuple(solution[c] for c in columns))
                if len(rows) > max_rows:
                    raise _Outrun(f"more than {max_rows} rows; add a LIMIT", "rows")
            conn.send(("json", "", to_json(columns, rows).encode()))
    except _Outrun as outrun:
        conn.send(("limit", outrun.limit, str(outrun).encode()))
    except SyntaxError as err:
        conn.send(("error", "", f"the query does not parse: {err}".encode()))
    except MemoryError:
        conn.send(("limit", "memory", b"the query ran out of memory"))
    except Exception as err:
        conn.send(("error", "", f"the query failed: {err}".encode()))
    finally:
        conn.close()


class GuardedEngine:
    """A :class:`LocalEngine` behind a forked worker with :class:`Limits` (``kg serve``'s engine).

    Safe to call from several threads: forks and updates take turns on one lock, so no
    thread is inside the store while it is copied.
    """

    def __init__(self, local: LocalEngine, limits: Limits = Limits()) -> None:
        self.local = local
        self.limits = limits
        self._lock = threading.Lock()
        local.graph.preload()  # once, before the first query, not in each worker

    @property
    def name(self) -> str:
        return f"{self.local.name} (guarded)"

    def query(self, sparql: str) -> QueryResult:
        context = multiprocessing.get_context("fork")
        receive, send = context.Pipe(duplex=False)
        memory = self._memory_cap()
        with self._lock:
            graph = self.local.graph
            if not graph.on_disk:
                graph.store_for(sparql)  # loaded here once, shared with every worker by the fork
            child = context.Process(target=_evaluate, daemon=True,
                                    args=(graph, sparql, self.limits.max_rows, memory, send))
            child.start()
        send.close()
        try:
            if not receive.poll(self.limits.max_seconds):
                raise QueryLimitError(
                    f"the query ran longer than {self.limits.max_seconds:g} s", "time")
            outcome, detail, body = receive.recv()
        except EOFError:
            raise QueryLimitError("the query stopped the worker", "worker") from None
        finally:
            receive.close()
            if child.is_alive():
                child.kill()
            child.join(5)
        if outcome == "limit":
            raise QueryLimitError(body.decode(), detail)
        if outcome == "error":
            raise QueryError(body.decode())
        if outcome == "triples":
            return QueryResult(triples=tuple(ox.parse(body, format=ox.RdfFormat.N_TRIPLES)))
        return from_json(json.loads(body))

    def update(self, sparql: str) -> None:
        with self._lock:
            self.local.update(sparql)

    def _memory_cap(self) -> int:
        try:
            with open("/proc/self/statm") as handle:
                pages = int(handle.read().split()[0])
        except OSError:
            return 0
        return pages * resource.getpagesize() + self.limits.max_memory_mb * 1024 * 1024
