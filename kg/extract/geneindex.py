"""The gene tables as one pre-indexed SQLite file, so that a process looks names up without
first reading them all.

``genes.tsv.gz``, ``aliases.tsv.gz`` and ``orthologs.tsv.gz`` stay the source (small, diffable,
made by ``scripts/genes/make_gene_data.py``); ``genes.sqlite`` is derived from them by
:func:`write_index` (``scripts/genes/make_gene_index.py``) and shipped beside them. Reading the
TSVs into dictionaries took 0.4 s for the text and up to 2 s more per taxon and index
(docs/scaling.md); the index is opened read-only and answers each lookup from its B-trees.

The index records the SHA-256 of the three sources it was made from and the version of its
layout (:data:`LAYOUT`): :func:`stale` tells an index that no longer matches them, and the
lexicon then builds the same index in memory from the TSVs (slow, but never wrong).

Row numbers are the line numbers of the sources (from 0, header excluded), so an index
gives its rows back in the order the TSV-reading loader did.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import sqlite3
from collections.abc import Callable, Iterator
from importlib.resources.abc import Traversable
from pathlib import Path

__all__ = ["INDEX", "LAYOUT", "SOURCES", "connect_memory", "digests", "stale", "write_index"]

#: the index's file name, beside its sources
INDEX = "genes.sqlite"
#: the sources, in the order their digests are recorded
SOURCES = ("genes.tsv.gz", "aliases.tsv.gz", "orthologs.tsv.gz")
#: bumped whenever the tables, their columns or the folding of keys change
LAYOUT = "3"

_SCHEMA = """
CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
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


def digests(folder: Traversable) -> dict[str, str]:
    """The SHA-256 of each source file in ``folder``."""
    return {name: hashlib.sha256((folder / name).read_bytes()).hexdigest() for name in SOURCES}


def stale(db: sqlite3.Connection, folder: Traversable) -> bool:
    """Whether the index ``db`` was made from other sources, or with another layout."""
    try:
        meta = dict(db.execute("SELECT name, value FROM meta").fetchall())
    except sqlite3.DatabaseError:
        return True
    return meta != {"layout": LAYOUT, **digests(folder)}


def _lines(resource: Traversable) -> Iterator[list[str]]:
    text = gzip.decompress(resource.read_bytes()).decode("utf-8")
    for line in text.splitlines()[1:]:
        yield line.split("\t")


def _fill(db: sqlite3.Connection, folder: Traversable, fold: Callable[[str], str]) -> None:
    db.executescript(_SCHEMA)
    genes = []
    keys: set[tuple[int, str]] = set()
    for row, (taxon, ncbi, symbol, name, hgnc, mgi, rgd, xref, kind) in enumerate(
            _lines(folder / "genes.tsv.gz")):
        key = ncbi or hgnc or mgi or rgd or xref
        keys.add((int(taxon), key))
        genes.append((row, int(taxon), key, symbol, fold(symbol), name, hgnc, mgi, rgd, xref,
                      kind))
    db.executemany("INSERT INTO gene VALUES (?,?,?,?,?,?,?,?,?,?,?)", genes)
    db.executemany("INSERT INTO taxon VALUES (?)", sorted({(g[1],) for g in genes}))
    db.executemany("INSERT INTO alias VALUES (?,?,?,?,?,?,?)", (
        (row, int(taxon), alias, fold(alias), key, kind, (int(taxon), key) in keys)
        for row, (taxon, alias, key, kind) in enumerate(_lines(folder / "aliases.tsv.gz"))))
    db.executemany("INSERT INTO ortholog VALUES (?,?,?,?)", (
        (row, group, int(taxon), key)
        for row, (group, taxon, key) in enumerate(_lines(folder / "orthologs.tsv.gz"))))
    db.executescript(_INDEXES)
    db.execute("ANALYZE")  # statistics, so that each lookup takes its narrowest index
    db.executemany("INSERT INTO meta VALUES (?, ?)",
                   sorted({"layout": LAYOUT, **digests(folder)}.items()))
    db.commit()


def write_index(folder: Path, fold: Callable[[str], str], target: Path | None = None) -> Path:
    """Write the index of the sources in ``folder`` (to ``folder/genes.sqlite`` unless
    ``target``), replacing any; the same sources give the same tables."""
    target = target or folder / INDEX
    partial = target.with_name(f"{target.name}.{os.getpid()}.partial")  # one per writer
    partial.unlink(missing_ok=True)
    db = sqlite3.connect(partial)
    try:
        db.execute("PRAGMA page_size = 4096")
        db.execute("PRAGMA journal_mode = OFF")
        _fill(db, folder, fold)
        db.execute("VACUUM")
        db.close()
    except BaseException:
        db.close()
        partial.unlink(missing_ok=True)
        raise
    partial.replace(target)
    return target


def connect_memory(folder: Traversable, fold: Callable[[str], str]) -> sqlite3.Connection:
    """The index built in memory from the sources: what the lexicon uses when the shipped
    index is missing or stale."""
    db = sqlite3.connect(":memory:", check_same_thread=False)
    _fill(db, folder, fold)
    return db
