"""The article files of a content folder, each taken as it is on disk, and the entries refused.

A content folder is whatever a user points at, so discovery never trusts it:

- file names are taken as their bytes are (a name that is not UTF-8 keeps its bytes through
  ``surrogateescape``; :func:`kg.errors.printable` is how reports show it);
- a symbolic link is followed only while it stays inside the folder; a link that leaves it, a
  loop of links or a broken link is refused and reported, never read;
- only regular files are read: a FIFO or a device named ``*.md`` is reported, not opened (a
  FIFO would block the build for ever);
- hidden files and folders (``.git``, ``.obsidian``) are skipped;
- two files the graph would name alike (``x.md`` and ``x.MD``, ``y.markdown`` and
  ``y.markdown.md``: the graph names an article by its path without ``.md``) would merge into
  one article; the first, in the order of :func:`name_key`'s preference, is read and the others
  are refused, naming it.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from kg.errors import ContentError, Diagnostic, Severity, printable

__all__ = ["Entry", "discover", "entries", "name_key", "SUFFIXES"]

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
    return sorted(_refuse_clashes(found), key=lambda e: e.rel)


def name_key(rel: str) -> str:
    """The name the graph gives the article at ``rel``: its path without a final ``.md`` of
    any casing. It must stay the rule of ``kg.rdf.mapping`` (article and graph IRIs), which a
    test checks; it lives here because discovery comes first and refuses the clashes.

    >>> name_key("news/x.MD"), name_key("y.markdown.md"), name_key("y.markdown")
    ('news/x', 'y.markdown', 'y.markdown')
    """
    return rel[: -len(".md")] if rel.lower().endswith(".md") else rel


def _refuse_clashes(found: list[Entry]) -> list[Entry]:
    """Refuse every file whose :func:`name_key` another file has; the one read is the one
    written exactly ``.md``, else the first in path order (the same whatever the listing)."""
    groups: dict[str, list[Entry]] = {}
    for entry in found:
        if entry.refused is None:
            groups.setdefault(name_key(entry.rel), []).append(entry)
    refused: dict[str, Entry] = {}
    for key, group in groups.items():
        if len(group) < 2:
            continue
        kept, *others = sorted(group, key=lambda e: (not e.rel.endswith(".md"), e.rel))
        for other in others:
            refused[other.rel] = Entry(other.path, other.rel, _refusal(
                other.rel, "name-clash",
                f"{printable(kept.rel)} has the same name in the graph ({printable(key)}); "
                "only that one is read: rename one of them"))
    return [refused.get(e.rel, e) for e in found]


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
