"""Stage 1: read one Markdown article into its frontmatter mapping and body, repairing on the way.

Real content folders are messy. The reader repairs what it can repair without guessing, and
reports each repair as a warning naming the file and line:

==========================  =================================================================
code                        what was found, and what the reader did
==========================  =================================================================
``glued-delimiter``         the closing ``---`` stuck to the end of a line: split it off
``second-frontmatter``      a second ``---`` block right after the first: merged into it
``code-fence``              a ```yaml fence inside the frontmatter: fence lines removed
``stray-line``              a prose line in the frontmatter that is not YAML: removed
``unbracketed-list``        ``key: "a", "b"``: read as the list ``["a", "b"]``
``script-in-chart``         a JavaScript function in chart options: removed (styling only)
``duplicate-field``         a field given twice: the last one is kept, as YAML does
==========================  =================================================================

Anything else that keeps the frontmatter from parsing is an :class:`~kg.errors.ArticleError`
naming the line and the field around it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from kg.errors import ArticleError, Diagnostic, Severity
from kg.ingest.markdown import Section, parse_sections
from kg.ingest.safe_yaml import load_yaml

__all__ = ["RawArticle", "read_article", "parse_article"]

_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:(?:\s|$)")
_FENCE = re.compile(r"^\s*```\s*[A-Za-z]*\s*$")
_UNBRACKETED = re.compile(r'^([A-Za-z_][\w-]*):\s*("[^"]*"(?:\s*,\s*"[^"]*")+)\s*$')
_SCRIPT = re.compile(r"^(\s*)[\w-]+:\s*(?:\([^)]*\)\s*=>|function\s*\(|[A-Za-z_]\w*\s*=>)")
_MAX_REPAIRS = 50


@dataclass(frozen=True)
class RawArticle:
    """A file split into its frontmatter mapping and Markdown body, after repairs.

    ``field_lines`` maps each top-level frontmatter field to its 1-based line in the file, so
    later stages can point at the line of a bad value.
    """

    path: str
    sha256: str
    meta: Mapping[str, Any]
    field_lines: Mapping[str, int]
    body: str
    body_line: int
    sections: tuple[Section, ...]
    repairs: tuple[Diagnostic, ...]


def read_article(file: Path, root: Path) -> RawArticle:
    """Read ``file`` (named in reports by its path relative to ``root``)."""
    rel = file.relative_to(root).as_posix()
    return parse_article(file.read_bytes(), rel)


def parse_article(data: bytes, path: str) -> RawArticle:
    """Parse the bytes of one article; ``path`` is how reports name it.

    >>> a = parse_article(b'---\\ntitle: "T"\\ndoi: 10.1/x\\n---\\n# Key Findings\\n- one\\n', "a.md")
    >>> a.meta["title"], a.field_lines["doi"], a.sections[0].bullets
    ('T', 3, ('one',))
    """
    digest = hashlib.sha256(data).hexdigest()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise ArticleError(path, line, None, "not-utf8", "the file is not UTF-8 text") from err
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    reader = _FrontmatterReader(path, lines)
    meta, field_lines, body_start = reader.read()
    body = "\n".join(lines[body_start:])
    return RawArticle(
        path=path,
        sha256=digest,
        meta=MappingProxyType(meta),
        field_lines=MappingProxyType(field_lines),
        body=body,
        body_line=body_start + 1,
        sections=parse_sections(body, first_line=body_start + 1),
        repairs=tuple(reader.repairs),
    )


class _FrontmatterReader:
    """Finds, repairs and parses the frontmatter of one file. Line numbers are 0-based inside."""

    def __init__(self, path: str, lines: list[str]) -> None:
        self.path = path
        self.lines = lines
        self.repairs: list[Diagnostic] = []
        # the frontmatter as (file line index, text) pairs, so repairs keep true line numbers
        self.fm: list[tuple[int, str]] = []

    # -- reporting ---------------------------------------------------------------------------
    def _warn(self, index: int | None, field: str | None, code: str, message: str) -> None:
        line = None if index is None else index + 1
        self.repairs.append(Diagnostic(Severity.WARNING, self.path, line, field, code, message))

    def _fail(self, index: int | None, field: str | None, code: str, message: str) -> ArticleError:
        return ArticleError(self.path, None if index is None else index + 1, field, code, message)

    # -- the steps ---------------------------------------------------------------------------
    def read(self) -> tuple[dict[str, Any], dict[str, int], int]:
        start = self._opening()
        close, glued = self._closing(start)
        self.fm = [(i, self.lines[i]) for i in range(start + 1, close)]
        if glued:
            head = self.lines[close].rstrip()[:-3]
            self.fm.append((close, head))
            self._warn(close, None, "glued-delimiter",
                       "the closing '---' was glued to the end of this line; split it off")
        body_start = self._second_block(close + 1)
        self._drop_fences()
        meta = self._parse()
        return meta, self._field_lines(), body_start

    def _opening(self) -> int:
        for i, line in enumerate(self.lines):
            if not line.strip():
                continue
            if line.rstrip() == "---":
                return i
            break
        raise self._fail(0, None, "no-frontmatter",
                         "the file does not start with a '---' frontmatter block")

    def _closing(self, start: int) -> tuple[int, bool]:
        """The index of the closing delimiter, and whether it was glued to a line's end."""
        for i in range(start + 1, len(self.lines)):
            stripped = self.lines[i].rstrip()
            if stripped == "---":
                return i, False
            if stripped.endswith("---") and self._body_follows(i + 1):
                return i, True
        raise self._fail(start, None, "unclosed-frontmatter",
                         "the frontmatter block opened here is never closed with '---'")

    def _body_follows(self, index: int) -> bool:
        """Whether Markdown (or nothing) follows: what makes a trailing '---' a closer."""
        for line in self.lines[index:]:
            if line.strip():
                return line.lstrip().startswith("#") and not _KEY.match(line)
        return True

    def _second_block(self, index: int) -> int:
        """Merge a second frontmatter block that starts right after the first; return body start."""
        nxt = index
        while nxt < len(self.lines) and not self.lines[nxt].strip():
            nxt += 1
        if nxt >= len(self.lines) or self.lines[nxt].rstrip() != "---":
            return index
        first = next((i for i in range(nxt + 1, len(self.lines)) if self.lines[i].strip()), None)
        if first is None or not _KEY.match(self.lines[first]):
            return index  # a horizontal rule, not a block
        try:
            close, glued = self._closing(nxt)
        except ArticleError:
            return index
        block = [(i, self.lines[i]) for i in range(nxt + 1, close)]
        if glued:
            block.append((close, self.lines[close].rstrip()[:-3]))
        ours = {m.group(1) for _, text in self.fm if (m := _KEY.match(text))}
        theirs = {m.group(1) for _, text in block if (m := _KEY.match(text))}
        # fields in both blocks: the second block is the full one, so it wins
        self.fm = [(i, t) for i, t in self.fm if not ((m := _KEY.match(t)) and m.group(1) in theirs)]
        self.fm += block
        clash = sorted(ours & theirs)
        note = f"; the second block's {', '.join(clash)} kept" if clash else ""
        self._warn(nxt, None, "second-frontmatter",
                   f"a second frontmatter block starts here; merged into the first{note}")
        return close + 1

    def _drop_fences(self) -> None:
        fences = [i for i, text in self.fm if _FENCE.match(text)]
        if fences:
            self.fm = [(i, t) for i, t in self.fm if not _FENCE.match(t)]
            where = ", ".join(str(i + 1) for i in fences)
            # an opening fence belongs to the field that follows it
            after = next((m.group(1) for i, t in self.fm if i > fences[0] and (m := _KEY.match(t))),
                         None)
            self._warn(fences[0], after or self._field_at(fences[0]), "code-fence",
                       f"code fence lines inside the frontmatter removed (lines {where})")

    def _parse(self) -> dict[str, Any]:
        for _ in range(_MAX_REPAIRS):
            text = "\n".join(t for _, t in self.fm)
            try:
                meta = load_yaml(text)
            except yaml.MarkedYAMLError as err:
                if not self._repair(err):
                    raise self._syntax_error(err) from err
                continue
            except yaml.YAMLError as err:  # unmarked: nesting past what libyaml itself allows
                raise self._fail(None, None, "yaml-syntax", f"invalid YAML: {err}") from err
            if meta is None:
                meta = {}
            if not isinstance(meta, dict):
                first = self.fm[0][0] if self.fm else None
                raise self._fail(first, None, "frontmatter-not-mapping",
                                 "the frontmatter must be a mapping of 'field: value' lines")
            return {str(k): v for k, v in meta.items()}
        raise self._fail(None, None, "yaml-syntax", "too many problems in the frontmatter")

    def _syntax_error(self, err: yaml.MarkedYAMLError) -> ArticleError:
        pos = self._position(err)
        context = err.context_mark
        if pos is not None and context is not None and context.line < pos:
            pos = context.line  # where the unfinished value began: names the field at fault
        index = self.fm[pos][0] if pos is not None else None
        field = self._field_at(index) if index is not None else None
        problem = (err.problem or str(err)).strip()
        return self._fail(index, field, "yaml-syntax", f"invalid YAML: {problem}")

    def _position(self, err: yaml.MarkedYAMLError) -> int | None:
        if not self.fm:
            return None
        mark = err.problem_mark or err.context_mark
        if mark is None:
            return None
        return min(mark.line, len(self.fm) - 1)

    # -- error-driven repairs ------------------------------------------------------------------
    def _repair(self, err: yaml.MarkedYAMLError) -> bool:
        pos = self._position(err)
        if pos is None:
            return False
        near = [p for p in (pos, pos - 1) if 0 <= p < len(self.fm)]
        if err.context_mark is not None and err.context_mark.line < len(self.fm):
            near.append(err.context_mark.line)
        return any(self._unbracketed(p) for p in near) or self._script(pos) or any(
            self._stray(p) for p in near
        )

    def _unbracketed(self, pos: int) -> bool:
        index, text = self.fm[pos]
        m = _UNBRACKETED.match(text)
        if not m:
            return False
        self.fm[pos] = (index, f"{m.group(1)}: [{m.group(2)}]")
        self._warn(index, m.group(1), "unbracketed-list",
                   "several quoted values without [ ]; read as a list")
        return True

    def _script(self, pos: int) -> bool:
        """Remove a JavaScript function (chart callbacks) that YAML cannot read."""
        for start in range(pos, -1, -1):
            index, text = self.fm[start]
            m = _SCRIPT.match(text)
            if not m:
                continue
            indent = len(m.group(1))
            end = start + 1
            while end < len(self.fm) and (
                not self.fm[end][1].strip() or _indent(self.fm[end][1]) > indent
            ):
                end += 1
            if end < len(self.fm) and self.fm[end][1].strip() in {"}", "};", "},"}:
                end += 1
            if end <= pos:
                return False  # the error lies after this function: not its doing
            key = text.strip().split(":", 1)[0]
            del self.fm[start:end]
            self._warn(index, self._field_at(index), "script-in-chart",
                       f"a JavaScript function ('{key}') removed: chart styling, not data")
            return True
        return False

    def _stray(self, pos: int) -> bool:
        index, text = self.fm[pos]
        if not text.strip() or text[0].isspace() or _KEY.match(text):
            return False
        if text.lstrip()[0] in "-#[{\"'|>&*!%@`":
            return False
        del self.fm[pos]
        self._warn(index, None, "stray-line",
                   f"a line that is not YAML removed from the frontmatter: {text.strip()[:60]!r}")
        return True

    # -- line bookkeeping ------------------------------------------------------------------------
    def _field_at(self, index: int) -> str | None:
        """The top-level field whose value spans file line ``index``."""
        field = None
        for i, text in self.fm:
            if i > index:
                break
            if m := _KEY.match(text):
                field = m.group(1)
        return field

    def _field_lines(self) -> dict[str, int]:
        seen: dict[str, int] = {}
        for index, text in self.fm:
            if m := _KEY.match(text):
                key = m.group(1)
                if key in seen:
                    self._warn(index, key, "duplicate-field",
                               f"'{key}' is also given on line {seen[key]}; this one is kept")
                seen[key] = index + 1
        return seen


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))
