"""Every file of a build read into its record: from the cache, in worker processes, or here.

Reading (YAML, Markdown, entity extraction) is most of a build's time, and each file's record
depends only on the file, its path and this package. So:

- **Cache.** Each file's outcome and record are kept in ``<out>/cache/`` under a key of the
  file's bytes, its path in the folder, ``--strict``, and a digest of this package's code and
  reference data (any change to either, released or not, makes every key new). A rebuild reads
  again only the files that changed; entries no longer used are removed, so the cache holds
  one build. The entries are pickles: the cache trusts its own build folder, as a build trusts
  its content folder.
- **All cores.** Files not in the cache are read by ``jobs`` forked workers. The first file is
  read here first, so the reference data (gene and taxon tables) is loaded once and shared by
  the fork. Results come back in discovery order, so the output does not depend on ``jobs``.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Callable, Collection, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import cache
from importlib.resources import files
from multiprocessing import get_context
from pathlib import Path
from typing import Generic, TypeVar

from kg.core.resources import ontology_file
from kg.ingest.discover import Entry
from kg.version import __version__

__all__ = ["CACHE_DIR", "read_all", "code_digest", "file_key", "cached"]

#: the cache's folder in a build folder
CACHE_DIR = "cache"
T = TypeVar("T")
Progress = Callable[[str], None]


@cache
def code_digest() -> str:
    """A digest of this package's modules and shipped data: what a record depends on besides
    its file."""
    digest = hashlib.sha256(__version__.encode())
    root = Path(str(files("kg")))
    # the ontology's vocabularies and the themes' cues, read in place in a source checkout
    # (a wheel has them in the package)
    ontology = Path(str(ontology_file("spacebio.ttl"))).parent
    folders = [root] if ontology.is_relative_to(root) else [root, ontology]
    for folder in folders:
        for path in sorted(_package_files(folder)):
            digest.update(f"{folder.name}/{path.relative_to(folder).as_posix()}".encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()


#: files derived from others that are hashed already: the SQLite indexes of the reference
#: tables (kg/extract/refindex.py, made from the TSVs; 100 MB, 0.25 s of every build to hash)
_DERIVED = {".pyc", ".sqlite", ".partial"}


def _package_files(folder: Path) -> Iterator[Path]:
    for path in folder.rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix not in _DERIVED:
            yield path


def file_key(entry: Entry, strict: bool) -> str | None:
    """The cache key of a file as it is now (``None``: unreadable)."""
    try:
        data = entry.path.read_bytes()
    except OSError:
        return None  # the reader reports it
    digest = hashlib.sha256(code_digest().encode())
    digest.update(b"strict" if strict else b"lenient")
    digest.update(os.fsencode(entry.rel) + b"\0")
    digest.update(data)
    return digest.hexdigest()


class _Cache(Generic[T]):
    """``<out>/cache/<key[:2]>/<key>``: one pickled ``(outcome, record)`` per file."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.used: set[Path] = set()
        self.hits = 0

    def _path(self, key: str) -> Path:
        assert self.folder is not None
        return self.folder / key[:2] / key

    def get(self, key: str | None) -> T | None:
        if self.folder is None or key is None:
            return None
        path = self._path(key)
        try:
            found = pickle.loads(path.read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError,
                TypeError, ValueError):
            return None  # missing or unreadable: read the file again
        self.used.add(path)
        self.hits += 1
        return found  # type: ignore[no-any-return]

    def put(self, key: str | None, value: T) -> None:
        if self.folder is None or key is None:
            return
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        part = path.with_name(path.name + ".part")
        part.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(part, path)
        self.used.add(path)

    def prune(self, keep: Collection[str] = ()) -> None:
        """Remove the entries this build did not use (nor ``keep``, keys of files a rebuild
        did not need to read)."""
        if self.folder is None or not self.folder.is_dir():
            return
        for path in self.folder.glob("*/*"):
            if path not in self.used and path.name not in keep:
                path.unlink(missing_ok=True)


def cached(cache_dir: Path, key: str | None) -> object | None:
    """The cache's ``(outcome, record)`` of a key, or ``None`` when it holds none."""
    return _Cache[object](cache_dir).get(key)


_WORKER: tuple[Callable[[Path, Path, bool, str], object], Path, bool] | None = None


def _work(entry: Entry) -> object:
    assert _WORKER is not None
    read, root, strict = _WORKER
    return read(entry.path, root, strict, entry.rel)


def read_all(read: Callable[[Path, Path, bool, str], T], entries: list[Entry], root: Path,
             strict: bool, *, cache_dir: Path | None, jobs: int = 1,
             progress: Progress | None = None,
             keep: set[str] | None = None,
             slim: Callable[[T], T] | None = None) -> tuple[list[T], int, list[str | None]]:
    """``read(path, root, strict, rel)`` of every entry, in order; how many came from the
    cache; and each entry's key (:func:`file_key`). ``read`` must never raise (a file's failure
    is its result). ``cache_dir=None``: no cache (and no keys: ``None`` each). ``keep``:
    keys whose entries stay in the cache although not read here. ``slim``: what to keep of
    each result once it is in the cache (the rest is read back from there with
    :func:`cached` when needed), so that a large corpus's results are not all held at once."""
    store: _Cache[T] = _Cache(cache_dir)
    keys = [file_key(entry, strict) if cache_dir is not None else None for entry in entries]
    thin = slim if slim is not None and cache_dir is not None else (lambda result: result)
    results: list[T | None] = []
    for key in keys:
        found = store.get(key)
        results.append(None if found is None else thin(found))
    todo = [i for i, found in enumerate(results) if found is None]
    for i, found in enumerate(results):
        if found is not None and progress:
            progress(entries[i].rel)
    for i, result in zip(todo, _map(read, [entries[i] for i in todo], root, strict, jobs),
                         strict=True):
        store.put(keys[i], result)
        results[i] = thin(result) if keys[i] is not None else result
        if progress:
            progress(entries[i].rel)
    store.prune(keep or ())
    return [r for r in results if r is not None], store.hits, keys


def _map(read: Callable[[Path, Path, bool, str], T], entries: list[Entry], root: Path,
         strict: bool, jobs: int) -> Iterator[T]:
    """Each entry read, in order: the first here (it loads the reference data, which the fork
    then shares), the rest by ``jobs`` workers. Should a worker die (killed for memory, say),
    the files not yet read are read here, one by one."""
    done = 0
    if entries:
        yield read(entries[0].path, root, strict, entries[0].rel)
        done = 1
    if jobs > 1 and len(entries) - done > 1:
        global _WORKER
        _WORKER = (read, root, strict)
        chunk = max(1, min(64, (len(entries) - done) // (jobs * 8)))
        try:
            with ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("fork")) as pool:
                for result in pool.map(_work, entries[done:], chunksize=chunk):
                    yield result  # type: ignore[misc]
                    done += 1
        except BrokenProcessPool:
            pass
        finally:
            _WORKER = None
    for entry in entries[done:]:
        yield read(entry.path, root, strict, entry.rel)
