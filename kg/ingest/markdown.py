"""The Markdown body of an article: its sections, their bullets, and plain text from markup.

Articles use a small, regular subset of Markdown: ATX headings (``## Key Findings``), bullet and
numbered lists, and inline emphasis, code and links. That subset is read here by hand, because
a full Markdown parser would add a dependency and still not give the section structure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Section", "parse_sections", "plain_text", "section_kind"]

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^(\s*)(?:[-*+]|\d{1,3}[.)])\s+(.*)$")
_FENCE = re.compile(r"^\s*(```|~~~)")

# heading words -> section kind; the first rule that matches wins
_KINDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("knowledge-gaps", ("knowledge gap", "future research", "future direction", "open question")),
    ("key-findings", ("key finding", "main finding", "findings", "key result")),
    ("methodology", ("methodology", "method", "experimental design", "approach")),
    ("objective", ("objective", "aim", "goal")),
    ("importance", ("importance", "implication", "significance", "relevance")),
    ("introduction", ("introduction", "background", "overview")),
    ("results", ("result", "conclusion", "summary", "outcome")),
)


@dataclass(frozen=True)
class Section:
    """One section of the body: its heading, a normalised kind, and its raw Markdown."""

    heading: str
    kind: str
    line: int
    text: str
    bullets: tuple[str, ...]


def section_kind(heading: str) -> str:
    """Normalise a heading to one of the section kinds, or ``"other"``.

    >>> section_kind("Knowledge Gaps & Future Research"), section_kind("Key Findings")
    ('knowledge-gaps', 'key-findings')
    """
    words = heading.lower()
    for kind, keys in _KINDS:
        if any(k in words for k in keys):
            return kind
    return "other"


def parse_sections(body: str, first_line: int = 1) -> tuple[Section, ...]:
    """Split ``body`` at its headings; ``first_line`` is the file line of the body's first line.

    Text before the first heading becomes a section of kind ``"preamble"`` when not blank.
    """
    sections: list[Section] = []
    chunk: list[str] = []
    heading, kind, start = "", "preamble", first_line
    in_fence = False
    for offset, line in enumerate(body.split("\n")):
        if _FENCE.match(line):
            in_fence = not in_fence
        m = None if in_fence else _HEADING.match(line)
        if m:
            if chunk and (kind != "preamble" or any(x.strip() for x in chunk)):
                sections.append(_section(heading, kind, start, chunk))
            heading = plain_text(m.group(2))
            kind = section_kind(heading)
            start, chunk = first_line + offset, []
        else:
            chunk.append(line)
    if chunk and (kind != "preamble" or any(x.strip() for x in chunk)):
        sections.append(_section(heading, kind, start, chunk))
    return tuple(sections)


def _section(heading: str, kind: str, line: int, chunk: list[str]) -> Section:
    return Section(heading, kind, line, "\n".join(chunk).strip("\n"), _bullets(chunk))


def _bullets(lines: list[str]) -> tuple[str, ...]:
    """Top-level list items; nested items and continuation lines join their parent item."""
    items: list[list[str]] = []
    top: int | None = None
    for line in lines:
        m = _BULLET.match(line)
        if m:
            indent = len(m.group(1).expandtabs(4))
            if top is None or indent <= top:
                top = indent
                items.append([m.group(2).strip()])
                continue
            if items:
                items[-1].append(m.group(2).strip())
                continue
        elif line.strip() and items and line[:1].isspace():
            items[-1].append(line.strip())
            continue
        elif line.strip() and items:
            top = None  # a paragraph ends the list
            items.append([])
    return tuple(" ".join(parts) for parts in items if parts)


_INLINE = (
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),  # images
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # links
    (re.compile(r"`([^`]*)`"), r"\1"),  # code
    (re.compile(r"(\*\*|__)(.+?)\1"), r"\2"),  # bold
    (re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])"), r"\1"),  # italic *x*
    (re.compile(r"(?<![\w_])_(?!\s)(.+?)(?<!\s)_(?![\w_])"), r"\1"),  # italic _x_
)


def plain_text(markdown: str) -> str:
    """Markdown inline markup removed, whitespace collapsed.

    >>> plain_text("**Fbxo32** and `Cdkn1a` rose in *Mus musculus* ([ref](http://x))")
    'Fbxo32 and Cdkn1a rose in Mus musculus (ref)'
    """
    text = markdown
    for pattern, repl in _INLINE:
        text = pattern.sub(repl, text)
    return " ".join(text.split())
