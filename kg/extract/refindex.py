"""Reference tables (genes, taxa) as pre-indexed SQLite files, so that a process looks names
up without first reading whole tables.

The gzipped TSVs stay the source (small, diffable, made by ``scripts/genes/make_gene_data.py``
and the taxa generator); ``genes.sqlite`` and ``taxa.sqlite`` are derived from them, beside
them, on first use (like ``__pycache__``) or ahead of time by
``scripts/genes/make_gene_index.py``. Reading the gene TSVs into dictionaries took 0.4 s for
the text and up to 2 s more per taxon and index, a taxon name a linear search of 5 MB
(docs/scaling.md); an index is opened read-only and answers each lookup from its B-trees.

An index records the SHA-256 of the sources it was made from and the version of its layout:
:func:`open_index` makes it again when it no longer matches them (in memory when the folder
cannot be written: slow, but never wrong). Row numbers are the line numbers of the sources
(from 0, header excluded), so an index gives rows back in the order the TSVs hold them.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

__all__ = ["Index", "Spec", "digests", "gene_spec", "lines", "open_index", "stale",
           "write_index"]


@dataclass(frozen=True)
class Spec:
    """One index: its file, its sources, its layout and how it is filled from them."""

    name: str
    sources: tuple[str, ...]
    layout: str  # bumped whenever tables, columns or the folding of keys change
    fill: Callable[[sqlite3.Connection, Traversable], None]


_SCHEMA = """
CREATE TABLE taxon (taxon INTEGER PRIMARY KEY);
CREATE TABLE gene (row INTEGER PRIMARY KEY, taxon INTEGER NOT NULL, key TEXT NOT NULL,
    symbol TEXT NOT NULL, loose TEXT NOT NULL, name TEXT NOT NULL, hgnc TEXT NOT NULL,
    mgi TEXT NOT NULL, rgd TEXT NOT NULL, xref TEXT NOT NULL, type TEXT NOT NULL);
CREATE TABLE alias (row INTEGER PRIMARY KEY, taxon INTEGER NOT NULL, alias TEXT NOT NULL,
    loose TEXT NOT NULL, key TEXT NOT NULL, kind TEXT NOT NULL, known INTEGER NOT NULL);
CREATE TABLE ortholog (row INTEGER PRIMARY KEY, grp TEXT NOT NULL, taxon INTEGER NOT NULL,
    key TEXT NOT NULL);
"""
_INDEXES = """
CREATE INDEX gene_symbol ON gene (taxon, symbol);
CREATE INDEX gene_loose ON gene (taxon, loose);
CREATE INDEX gene_key ON gene (taxon, key);
CREATE INDEX alias_exact ON alias (taxon, alias);
CREATE INDEX alias_loose ON alias (taxon, loose);
CREATE INDEX alias_key ON alias (taxon, key);
CREATE INDEX ortholog_member ON ortholog (taxon, key);
CREATE INDEX ortholog_group ON ortholog (grp);
"""


def digests(folder: Traversable, sources: Sequence[str]) -> dict[str, str]:
    """The SHA-256 of each source file in ``folder``."""
    return {name: hashlib.sha256((folder / name).read_bytes()).hexdigest() for name in sources}


def _meta(spec: Spec, folder: Traversable) -> dict[str, str]:
    return {"layout": spec.layout, **digests(folder, spec.sources)}


def stale(db: sqlite3.Connection, spec: Spec, folder: Traversable) -> bool:
    """Whether the index ``db`` was made from other sources, or with another layout."""
    try:
        meta = dict(db.execute("SELECT name, value FROM meta").fetchall())
    except sqlite3.DatabaseError:
        return True
    return meta != _meta(spec, folder)


def lines(resource: Traversable) -> Iterator[list[str]]:
    """The fields of each line of a gzip TSV, after its header."""
    text = gzip.decompress(resource.read_bytes()).decode("utf-8")
    for line in text.splitlines()[1:]:
        yield line.split("\t")


def _fill_all(db: sqlite3.Connection, spec: Spec, folder: Traversable) -> None:
    db.execute("CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID")
    spec.fill(db, folder)
    db.execute("ANALYZE")  # statistics, so that each lookup takes its narrowest index
    db.executemany("INSERT INTO meta VALUES (?, ?)", sorted(_meta(spec, folder).items()))
    db.commit()


def _fill_genes(db: sqlite3.Connection, folder: Traversable, fold: Callable[[str], str]) -> None:
    db.executescript(_SCHEMA)
    genes = []
    keys: set[tuple[int, str]] = set()
    for row, (taxon, ncbi, symbol, name, hgnc, mgi, rgd, xref, kind) in enumerate(
            lines(folder / "genes.tsv.gz")):
        key = ncbi or hgnc or mgi or rgd or xref
        keys.add((int(taxon), key))
        genes.append((row, int(taxon), key, symbol, fold(symbol), name, hgnc, mgi, rgd, xref,
                      kind))
    db.executemany("INSERT INTO gene VALUES (?,?,?,?,?,?,?,?,?,?,?)", genes)
    db.executemany("INSERT INTO taxon VALUES (?)", sorted({(g[1],) for g in genes}))
    db.executemany("INSERT INTO alias VALUES (?,?,?,?,?,?,?)", (
        (row, int(taxon), alias, fold(alias), key, kind, (int(taxon), key) in keys)
        for row, (taxon, alias, key, kind) in enumerate(lines(folder / "aliases.tsv.gz"))))
    db.executemany("INSERT INTO ortholog VALUES (?,?,?,?)", (
        (row, group, int(taxon), key)
        for row, (group, taxon, key) in enumerate(lines(folder / "orthologs.tsv.gz"))))
    db.executescript(_INDEXES)


def write_index(spec: Spec, folder: Path) -> Path:
    """Write the index of the sources in ``folder`` beside them, replacing any; the same
    sources give the same tables."""
    target = folder / spec.name
    partial = target.with_name(f"{target.name}.{os.getpid()}.partial")  # one per writer
    partial.unlink(missing_ok=True)
    db = sqlite3.connect(partial)
    try:
        db.execute("PRAGMA journal_mode = OFF")
        _fill_all(db, spec, folder)
        db.execute("VACUUM")
        db.close()
    except BaseException:
        db.close()
        partial.unlink(missing_ok=True)
        raise
    partial.replace(target)
    return target


def _read_only(path: Path) -> sqlite3.Connection:
    # immutable: no locks, no journal; a new index replaces the file, never rewrites it
    return sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True,
                           check_same_thread=False)


def open_index(spec: Spec, folder: Traversable) -> tuple[sqlite3.Connection, bool, bool]:
    """The index of the tables in ``folder``: ``(connection, found fresh, on disk)``. Made
    beside them first when it is missing or stale, or in memory when that folder cannot be
    written (a zip, a read-only install)."""
    fresh = True
    if isinstance(folder, Path):
        path = folder / spec.name
        if path.exists():
            db = _read_only(path)
            if not stale(db, spec, folder):
                return db, True, True
            db.close()
        fresh = False
        try:
            write_index(spec, folder)
            return _read_only(path), fresh, True
        except (OSError, sqlite3.Error):
            pass
    db = sqlite3.connect(":memory:", check_same_thread=False)
    _fill_all(db, spec, folder)
    return db, False, False


#: lookups an index remembers (most are words that name no gene, each asked once per file)
_ANSWERS_KEPT = 200_000


class Index:
    """An open index: one read-only connection per process (a forked worker opens its own,
    as SQLite asks), and the lookups it has answered (at most :data:`_ANSWERS_KEPT`, so
    that a worker's memory does not grow with the corpus)."""

    def __init__(self, spec: Spec, folder: Traversable) -> None:
        self._spec, self._folder = spec, folder
        self._db: sqlite3.Connection | None = None
        self._pid = 0
        self._on_disk = False
        self.fresh = True  # False when the index was missing or stale and had to be made
        self._cache: dict[tuple[str, tuple[object, ...]], list[tuple[Any, ...]]] = {}

    def rows(self, sql: str, *args: object) -> list[tuple[Any, ...]]:
        """The rows of a query, asked once per process."""
        found = self._cache.get((sql, args))
        if found is None:
            if self._db is None or (self._on_disk and self._pid != os.getpid()):
                self._db, fresh, self._on_disk = open_index(self._spec, self._folder)
                self._pid, self.fresh = os.getpid(), self.fresh and fresh
            if len(self._cache) >= _ANSWERS_KEPT:
                self._cache.clear()  # (a worker of a 100k build held 1.4 GB of answers)
            found = self._cache[(sql, args)] = self._db.execute(sql, args).fetchall()
        return found


def gene_spec(fold: Callable[[str], str]) -> Spec:
    """The gene index, its keys folded by ``fold`` (kg.extract.lexicon's)."""
    return Spec("genes.sqlite", ("genes.tsv.gz", "aliases.tsv.gz", "orthologs.tsv.gz"), "3",
                lambda db, folder: _fill_genes(db, folder, fold))
