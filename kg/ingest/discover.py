"""The article files of a content folder, each taken as it is on disk, and the entries refused.

A content folder is whatever a user points at, so discovery never trusts it:

- file names are taken as their bytes are (a name that is not UTF-8 keeps its bytes through
  ``surrogateescape``; :func:`kg.errors.printable` is how reports show it);
- a symbolic link is followed only while it stays inside the folder; a link that leaves it, a
  loop of links or a broken link is refused and reported, never read;
- only regular files are read: a FIFO or a device named ``*.md`` is reported, not opened (a
  FIFO would block the build for ever);
- hidden files and folders (``.git``, ``.obsidian``) are skipped.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from kg.errors import ContentError, Diagnostic, Severity

__all__ = ["Entry", "discover", "entries", "SUFFIXES"]

#: what an article file's name ends with (any casing)
SUFFIXES = (".md", ".markdown")


@dataclass(frozen=True)
class Entry:
    """One article file of the folder, or an entry refused with the reason."""

    path: Path
    rel: str  # relative to the folder, ``/``-separated, as on disk
    refused: Diagnostic | None = None


def _refusal(rel: str, code: str, message: str) -> Diagnostic:
    return Diagnostic(Severity.ERROR, rel, None, None, code, message)


def entries(content_dir: str | Path) -> list[Entry]:
    """Every article file under ``content_dir`` and every entry refused, in path order."""
    root = Path(content_dir)
    if not root.is_dir():
        raise ContentError(f"content folder not found: {root}")
    real_root = root.resolve()
    found: list[Entry] = []
    seen_dirs: set[str] = {str(real_root)}
    stack: list[tuple[Path, str]] = [(root, "")]
    while stack:
        folder, prefix = stack.pop()
        try:
            listing = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as err:
            found.append(Entry(folder, prefix.rstrip("/"),
                               _refusal(prefix.rstrip("/") or ".", "unreadable",
                                        f"cannot list this folder: {err.strerror or err}")))
            continue
        for item in listing:
            if item.name.startswith("."):
                continue
            rel = prefix + item.name
            path = Path(item.path)
            is_article = item.name.lower().endswith(SUFFIXES)
            if item.is_symlink():
                target = _inside(path, real_root)
                if isinstance(target, str):
                    if is_article or _names_folder(path):
                        found.append(Entry(path, rel, _refusal(rel, "symlink", target)))
                    continue
                if target.is_dir():
                    if str(target) not in seen_dirs:
                        seen_dirs.add(str(target))
                        stack.append((path, rel + "/"))
                    continue
            elif item.is_dir(follow_symlinks=False):
                seen_dirs.add(str(path.resolve()))
                stack.append((path, rel + "/"))
                continue
            if not is_article:
                continue
            try:
                mode = os.stat(path).st_mode
            except OSError as err:
                found.append(Entry(path, rel, _refusal(rel, "unreadable",
                                                       f"cannot read: {err.strerror or err}")))
                continue
            if not stat.S_ISREG(mode):
                kind = "a FIFO" if stat.S_ISFIFO(mode) else "not a regular file"
                found.append(Entry(path, rel, _refusal(
                    rel, "not-a-file", f"{kind}, not an article file; not read")))
                continue
            found.append(Entry(path, rel))
    return sorted(found, key=lambda e: e.rel)


def _names_folder(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False


def _inside(link: Path, real_root: Path) -> Path | str:
    """The resolved target of a link inside the folder, or why it is refused."""
    try:
        target = link.resolve(strict=True)
    except RuntimeError:  # Python < 3.13 reports a loop so
        return "a loop of symbolic links; not followed"
    except OSError as err:
        if err.errno == 40:  # ELOOP
            return "a loop of symbolic links; not followed"
        return f"a symbolic link to nothing ({err.strerror or err}); not followed"
    if target != real_root and real_root not in target.parents:
        return "a symbolic link that leaves the content folder; not followed"
    return target


def discover(content_dir: str | Path) -> list[Path]:
    """The article files under ``content_dir`` that can be read, in path order."""
    return [e.path for e in entries(content_dir) if e.refused is None]
