"""The pieces of an article that entity extraction reads, and where each piece sits.

An article names genes, datasets and missions everywhere: title, summary, knowledge gaps,
chart labels and every body section. Each piece is a :class:`TextUnit` keeping its Markdown,
since emphasis is evidence (``**Fbxo32**``, `` `gpx` ``, ``*tno1*`` mark gene names), and
the name of the section it comes from, which mention evidence records.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from kg.ingest.charts import Chart
from kg.ingest.markdown import Section, plain_text

__all__ = ["TextUnit", "text_units", "sentences", "marked_spans"]


@dataclass(frozen=True)
class TextUnit:
    """A piece of article text: its section name, its Markdown, whether it is a chart label."""

    section: str
    markdown: str
    label: bool = False


def text_units(title: str, summary: str | None, gaps: Iterable[str], chart: Chart | None,
               sections: Iterable[Section]) -> list[TextUnit]:
    """Every piece of text of an article, frontmatter and body, in reading order."""
    units = [TextUnit("title", title)]
    if summary:
        units.append(TextUnit("summary", summary))
    units.extend(TextUnit("knowledgeGaps", gap) for gap in gaps)
    if chart is not None:
        units.extend(TextUnit("chartData", label, True) for label in chart.labels)
    units.extend(TextUnit(s.heading or s.kind, s.text) for s in sections)
    return units


# -- sentences and emphasis ------------------------------------------------------------------------
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9*_`(\[\"'])|\n\s*\n|\n(?=\s*(?:[-*+]|\d+[.)])\s)")
_EMPHASIS = re.compile(r"(\*\*\*|\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1", re.S)


def sentences(markdown: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of a Markdown text; list items count as sentences."""
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(markdown):
        if markdown[start:match.start()].strip():
            spans.append((start, match.start()))
        start = match.end()
    if markdown[start:].strip():
        spans.append((start, len(markdown)))
    return spans


def marked_spans(markdown: str, max_words: int = 4) -> list[tuple[int, int]]:
    """(start, end) of short emphasised or code spans: evidence that they hold names.

    >>> text = "genes **Fbxo32** and `gpx`, and **a long emphasised phrase of many words**"
    >>> [text[s:e] for s, e in marked_spans(text)]
    ['Fbxo32', 'gpx']
    """
    spans = []
    for match in _EMPHASIS.finditer(markdown):
        inner = match.group(2)
        if inner.count(" ") < max_words and "\n" not in inner:
            spans.append((match.start(2), match.end(2)))
    return spans


_BULLET = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+")


def sentence_text(markdown: str, span: tuple[int, int]) -> str:
    """The plain text of a sentence, without its list bullet.

    >>> sentence_text("- **Fbxo32** rose.", (0, 18))
    'Fbxo32 rose.'
    """
    return plain_text(_BULLET.sub("", markdown[span[0]:span[1]]))
