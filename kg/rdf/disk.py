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

A forked process must not use a RocksDB handle its parent opened (RocksDB does not survive
``fork``), so a caller that forks (the guarded engine of ``kg serve``) opens the stores in
each worker (:func:`open_store`, a few milliseconds).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pyoxigraph as ox

__all__ = ["STORE_DIR", "MERGED", "DATASET", "write_stores", "valid_location", "open_store",
           "swap_in"]

#: the folder of the stores in a build folder, and the two stores in it
STORE_DIR = "store"
MERGED = "merged"
DATASET = "dataset"
_STAMP = "STAMP"


def _stamp(graph_file: Path) -> str:
    info = graph_file.stat()
    return f"{info.st_size} {info.st_mtime_ns}\n"


def write_stores(folder: Path, quads_file: Path, turtle_file: Path) -> None:
    """Write both stores into ``folder`` (made new) from a build's finished dumps: the N-Quads
    of the article graphs and the Turtle of their merge. The stamp names ``quads_file`` as it
    is now: renaming it keeps the size and time the stamp holds."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    merged = ox.Store(str(folder / MERGED))
    merged.bulk_load(path=str(turtle_file), format=ox.RdfFormat.TURTLE)
    merged.flush()
    del merged
    dataset = ox.Store(str(folder / DATASET))
    dataset.bulk_load(path=str(quads_file), format=ox.RdfFormat.N_QUADS)
    dataset.bulk_load(path=str(turtle_file), format=ox.RdfFormat.TURTLE,
                      to_graph=ox.DefaultGraph())
    dataset.flush()
    del dataset
    (folder / _STAMP).write_text(_stamp(quads_file), encoding="utf-8")


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
        current = _stamp(graph_file)
    except (OSError, UnicodeDecodeError):
        return None
    if stamp != current or not (folder / MERGED).is_dir() or not (folder / DATASET).is_dir():
        return None
    return folder


def open_store(location: Path, which: str) -> ox.Store:
    """One of the stores at ``location``, read-only (``which``: :data:`MERGED` or
    :data:`DATASET`)."""
    return ox.Store.read_only(str(location / which))
