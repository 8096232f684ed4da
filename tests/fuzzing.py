"""Hypothesis strategies for articles like the real ones, and for the ways they go wrong.

An article is drawn as frontmatter fields (each value in one of the forms real files use, or a
wrong type, or a raw YAML snippet), a Markdown body in the shape of the real summaries, and
then mutated at three levels: the YAML (tags, anchors, duplicate keys, tabs ...), the text
(BOM, CRLF, a missing closing ``---``) and the bytes (invalid UTF-8, binary garbage). File
names are drawn as bytes, since a folder on disk can hold names that are not UTF-8.

The words are our own; the gene symbols, organisms, missions and accessions are the kinds of
names real articles hold, because they are what the extractors look for.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import yaml
from hypothesis import strategies as st

__all__ = ["Article", "articles", "file_names", "CONTROL", "CONTROL_DOI"]

CONTROL_DOI = "10.5555/fuzz.control"
#: a good article placed beside the generated ones: it must always be built
CONTROL = f"""---
title: "Control summary: flown mice keep their muscle genes busy"
publishDate: 2022-03-04
authors: ["Doe J", "Roe R"]
organisms: ["Mice"]
doi: "{CONTROL_DOI}"
journal: "Journal of Fuzzed Fixtures"
knowledgeGaps: ["Whether the change lasts after landing"]
---

## Key Findings
- **Fbxo32** rose after the flight (OSD-48).
""".encode()

GENES = ["Fbxo32", "FBXO32", "Cdkn1a", "CDKN1A", "Trp53", "TP53", "Myc", "Col1a1", "Nox1", "Ptgs2",
         "Nfe2l2", "Sod1", "IL6", "Il6", "p21", "FYN", "Tnf", "Cdk1", "HSP70", "Rest", "CAT",
         "NaCl", "Mg2+", "IRE1", "bZIP28", "Dsup", "CAHS", "ACT2", "miR-21", "Spag4"]
ORGANISMS = ["Mice", "Mus musculus", "Homo sapiens", "Humans", "Rats", "Arabidopsis thaliana",
             "Arabidopsis", "Tardigrades", "Ramazzottius varieornatus", "C. elegans",
             "Drosophila melanogaster", "E. coli", "Staphylococcus aureus", "Yeast",
             "Human cell lines", "Toadfish", "Land snail", "Cell cultures", "Astronauts"]
MISSIONS = ["STS-135", "Rodent Research-1", "RR-6", "Bion-M 1", "ISS", "Mars500", "SpaceX CRS-8",
            "Expedition 42", "the Twins Study", "Artemis I"]
ACCESSIONS = ["OSD-48", "OSD-104", "GLDS-242", "GSE12345", "PRJNA1", "OSD-" + "9" * 40, "OSD-0",
              "GLDS-", "osd-7", "OSD‑48"]
WORDS = ["spaceflight", "microgravity", "radiation", "bone", "muscle", "liver", "gene",
         "expression", "rose", "fell", "after", "the", "flight", "in", "mice", "roots",
         "stress", "pathway", "was", "upregulated", "downregulated", "fold", "cells"]
ARROWS = ["↑", "↓", "→", "←", "->", "<-", "=>", "⇒", "↔", "upregulated", "down"]
ODD = ["\u0301" * 50, "\u202e", "\u200f", "\u200b", "\u2028", "\u0085", "\x0c", "\x0b", "\x00",
       "\ufeff", "\ufffe", "\U0001f9ec", "\ud7ff", "\uFDD0", "Ω", "ß", "ﬁ", "İ", "\t", "\r",
       "\\", "\"", "'", "<", ">", "{", "}", "|", "^", "`", "%", "#", "&", "*", "!", "@", ":"]

KNOWN_VALUES = {
    "experimentType": ["Spaceflight", "Ground-based", "Simulated microgravity", "Review",
                       "spaceflight", "Meta-analysis"],
    "priority": ["high", "medium", "low", "High", "urgent"],
    "consensusLevel": ["high", "medium", "low", "contested"],
}


@dataclass(frozen=True)
class Article:
    """One generated file: its name (bytes) and its content (bytes)."""

    name: bytes
    data: bytes


def one_in(draw: st.DrawFn, n: int) -> bool:
    """True about once in ``n`` draws. Not ``integers(0, n - 1) == 0``: Hypothesis favours 0
    and the bounds, which made a "one in ten" mutation hit one file in four or five."""
    return bool(draw(st.sampled_from(range(n))) == n // 2)


# -- text pieces ------------------------------------------------------------------------------
odd_char = st.sampled_from(ODD)
word = st.one_of(st.sampled_from(WORDS), st.sampled_from(GENES), st.sampled_from(ORGANISMS))
plain = st.lists(word, min_size=1, max_size=12).map(" ".join)
# text as a file holds it: valid UTF-8 (surrogates come in as bytes, in byte_mutation)
weird_text = st.one_of(
    st.text(st.characters(codec="utf-8"), max_size=40),
    st.lists(st.one_of(word, odd_char), min_size=1, max_size=15).map(" ".join),
    st.lists(st.one_of(word, odd_char), min_size=1, max_size=15).map("".join),
)
text = st.one_of(plain, plain, weird_text)


def _repeat(piece: st.SearchStrategy[str], low: int, high: int) -> st.SearchStrategy[str]:
    return st.tuples(piece, st.integers(low, high)).map(lambda pair: pair[0] * pair[1])


long_text = st.one_of(
    _repeat(st.sampled_from(["*", "**", "_", "__", "`", "[", "](", "*a", "**a ", "_a_ ", "~~",
                             "![", "(", ")", "\\", "<", "#", "- "]), 100, 4000),
    _repeat(st.sampled_from([g + " " for g in GENES] + ["**Fbxo32** ", "*Cdkn1a* ",
                                                        "Myc/Trp53 ", "OSD-48 ", "Mice "]),
            100, 2000),
    _repeat(st.sampled_from(["a", "word ", "\u0301", "𝔸", " "]), 1000, 50_000),
)


# -- frontmatter values -----------------------------------------------------------------------
def _dates() -> st.SearchStrategy[str]:
    """publishDate written every way we have seen, and ways YAML accepts that Python does not."""
    real = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 1, 1))
    moment = st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 1, 1))
    offsets = st.sampled_from(["Z", "+00:00", "-05:00", "+99:00", "+23:59", "-24:00", "+5",
                               " +0100", "+05:30:00", ""])
    return st.one_of(
        real.map(lambda d: d.isoformat()),
        real.map(lambda d: f'"{d.isoformat()}"'),
        st.tuples(moment, offsets).map(lambda p: p[0].isoformat() + p[1]),
        st.tuples(moment, offsets).map(lambda p: p[0].strftime("%Y-%m-%d %H:%M:%S.%f") + p[1]),
        real.map(lambda d: f'"{d.strftime("%B %d, %Y")}"'),
        real.map(lambda d: d.strftime("%d %B %Y")),
        real.map(lambda d: d.strftime("%Y/%m/%d")),
        real.map(lambda d: d.strftime("%Y-%m")),
        st.tuples(st.integers(-1, 10_000), st.integers(0, 13), st.integers(0, 32)).map(
            lambda p: f"{p[0]:04d}-{p[1]:02d}-{p[2]:02d}"),
        st.tuples(st.integers(0, 9999), st.integers(1, 12), st.integers(1, 31),
                  st.integers(0, 30), st.integers(0, 70)).map(
            lambda p: f"{p[0]}-{p[1]}-{p[2]}T{p[3]}:{p[4]}:00"),
        st.sampled_from(["2021-02-30", "0000-01-01", "2021-01-01T10:00:00+99:00", "20210823",
                         "99999999999999999999", "-1", "1e999", ".inf", ".nan", "~", "''", "yes",
                         "[2021, 8, 23]", "{year: 2021}", "!!timestamp 2021-13-01",
                         "!!timestamp abc", "!!str 2021-08-23", "2021-08-23T25:61:61Z",
                         "9999-12-31T23:59:59.999999999-23:59", "0001-01-01T00:00:00+01:00",
                         "2021-W33", "Sep 16, 2025", "Sept. 16 2025", "2021-08-23 garbage",
                         "2021-08-23\t10:00", "1999-12-31 23:59:60"]),
        weird_text.map(json.dumps),
    )


def _doi() -> st.SearchStrategy[str]:
    suffix = st.text(alphabet=st.characters(min_codepoint=33, max_codepoint=0x2FFF), min_size=1,
                     max_size=30)
    prefix = st.integers(0, 10**10).map(str)
    bare = st.tuples(prefix, suffix).map(lambda p: f"10.{p[0]}/{p[1]}")
    dressed = st.tuples(st.sampled_from(["", "doi:", "doi: ", "https://doi.org/",
                                         "http://dx.doi.org/", "DOI ", "https://doi.org/doi:"]),
                        st.one_of(bare, st.sampled_from([f"10.5555/fuzz.{i}" for i in range(6)])))
    good = st.sampled_from([f"10.5555/fuzz.{i}" for i in range(6)] + ["10.1038/s41526-024-1",
                                                                        "10.3390/ijms22169088"])
    return st.one_of(
        good, good, good.map(json.dumps), good.map(json.dumps),
        dressed.map(lambda p: json.dumps(p[0] + p[1])),
        st.sampled_from(["10.5555/fuzz.1", "10.5555/FUZZ.1", "PMC8396460", "PMCID: PMC8396460",
                         "pmc123", "10.1234", "11.1234/x", "10.12/x", "", "''", "~", "[10.1/x]",
                         "10.1/x y", "!!binary aGVsbG8=", "10.5555/a<b>\"c", "10.5555/%zz",
                         "10.5555/#frag", "10.5555/?q", "10.5555/\u202e", "10.5555/a\\u0000",
                         json.dumps(CONTROL_DOI), json.dumps(CONTROL_DOI.upper())]),
        st.floats(allow_nan=True).map(repr),
    )


def _url() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(["https://www.ncbi.nlm.nih.gov/pmc/articles/PMC8396460/",
                         "https://www.ncbi.nlm.nih.gov/pmc/articles/PMC1/",
                         "http://example.org/a b", "javascript:alert(1)", "ftp://x", "https://",
                         "https://ex ample.org/<x>", "https://example.org/\u202e\u0000",
                         "//example.org", "[https://x]", "https://example.org/%", ""]),
        st.tuples(st.sampled_from(["https://", "http://", "HTTPS://"]), weird_text).map(
            lambda p: json.dumps(p[0] + p[1])),
    )


def _chart_value() -> st.SearchStrategy[Any]:
    return st.one_of(
        st.integers(-(10**30), 10**30), st.floats(allow_nan=True, allow_infinity=True),
        st.sampled_from(["12%", "1,000", "NaN", "Infinity", "-inf", "1e999999999", "1E-999999999",
                         "1e400", "0x1F", "", " ", "1_000", "６", "½", "1e+9999999999999999999",
                         "9" * 5000, "-0", "12.5 %"]),
        st.integers(-(10**400), 10**400), st.booleans(), st.none(), text,
        st.fixed_dictionaries({"x": st.one_of(text, st.integers()),
                               "y": st.one_of(st.floats(), st.integers(), text)}),
        st.lists(st.integers(), max_size=3),
    )


def _chart() -> st.SearchStrategy[Any]:
    labels = st.lists(st.one_of(text, st.sampled_from(GENES), st.integers(), st.none(),
                                st.lists(text, max_size=3)), max_size=12)
    dataset = st.fixed_dictionaries(
        {"label": st.one_of(text, st.none(), st.integers())},
        optional={"data": st.one_of(st.lists(_chart_value(), max_size=20), _chart_value()),
                  "backgroundColor": st.lists(st.just("rgba(54, 162, 235, 0.7)"), max_size=3),
                  "borderWidth": st.integers(0, 3)})
    scales = st.fixed_dictionaries({}, optional={
        "x": st.fixed_dictionaries({"title": st.fixed_dictionaries({"text": text})}),
        "y": st.one_of(st.fixed_dictionaries({"title": st.fixed_dictionaries(
            {"display": st.booleans(), "text": st.one_of(text, st.integers(),
                                                         st.lists(text, max_size=2))})}),
            text),
        "r": st.fixed_dictionaries({"title": st.fixed_dictionaries({"text": text})})})
    options = st.fixed_dictionaries({}, optional={
        "responsive": st.booleans(), "indexAxis": st.sampled_from(["x", "y", 3]),
        "scales": st.one_of(scales, text),
        "plugins": st.fixed_dictionaries({"title": st.fixed_dictionaries(
            {"text": st.one_of(text, st.none())})})})
    good = st.fixed_dictionaries(
        {"type": st.sampled_from(["bar", "line", "radar", "polarArea", "scatter", "none", "pie",
                                  "doughnut", "", "BAR"])},
        optional={"data": st.fixed_dictionaries(
            {"labels": labels, "datasets": st.lists(dataset, max_size=4)}),
            "options": options})
    wrong = st.one_of(
        st.fixed_dictionaries({"type": st.just("bar"), "data": st.one_of(
            text, st.lists(st.integers(), max_size=3),
            st.fixed_dictionaries({"labels": text, "datasets": st.one_of(
                text, st.lists(st.one_of(text, st.integers()), max_size=3))}))}),
        st.lists(st.integers(), max_size=3), st.integers(), text,
        st.just({"chartData": {"type": "bar"}}),
    )
    return st.one_of(good, good, good, wrong)


def _nested(leaf: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.recursive(leaf, lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(["name", "a", "b"]), inner,
                                                     max_size=3)), max_leaves=8)


def _strings_value(pool: list[str]) -> st.SearchStrategy[Any]:
    item = st.one_of(st.sampled_from(pool), text)
    return st.one_of(
        st.lists(item, max_size=8), st.lists(item, max_size=8), item,
        st.lists(item, min_size=2, max_size=5).map(", ".join),
        st.lists(item, min_size=2, max_size=5).map("; ".join),
        _nested(item), st.lists(st.one_of(item, st.none(), st.integers(), st.booleans()),
                                max_size=4),
        st.lists(st.fixed_dictionaries({"name": item}), max_size=3), st.none(), st.integers(),
    )


AUTHORS = ["Kumar A", "Tahimic CGT", "da Silveira WA", "Dr. Jane Smith", "Jane Q. Public, PhD",
           "O'Brien M", "Núñez-García J", "李 伟", "X", "", "et al.", "A. B. C.", ",", ";"]


def _value(key: str) -> st.SearchStrategy[Any]:
    if key in ("title", "summary", "journal"):
        return st.one_of(text, text, text, long_text, st.integers(), st.floats(), st.none(),
                         st.lists(text, max_size=2), st.dictionaries(text, text, max_size=2),
                         st.booleans())
    if key == "authors":
        return _strings_value(AUTHORS)
    if key == "tags":
        return _strings_value(["Cardiovascular", "Genetics", "Microgravity", "Bone", "Plants"])
    if key == "organisms":
        return _strings_value(ORGANISMS)
    if key == "knowledgeGaps":
        return st.one_of(_strings_value([" ".join(WORDS[:8]), "Long-term effects", "Dose"]),
                         st.lists(long_text, max_size=1))
    if key in KNOWN_VALUES:
        return st.one_of(st.sampled_from(KNOWN_VALUES[key]), _strings_value(KNOWN_VALUES[key]),
                         st.booleans(), st.integers())
    if key == "readTime":
        return st.one_of(st.integers(-5, 10**20), st.sampled_from(["3 min", "5 minutes", "x"]),
                         st.floats(), st.booleans(), st.none())
    if key == "chartData":
        return _chart()
    if key == "featuredImage":
        return st.one_of(st.just("https://example.org/i.jpg"), st.just("/images/x.png"), text)
    return st.one_of(text, text, _nested(st.one_of(text, st.integers(), st.none())))


_RAW_FIELD = {"publishDate": _dates, "doi": _doi, "url": _url}
FIELDS = ["title", "summary", "publishDate", "authors", "tags", "organisms", "experimentType",
          "featuredImage", "readTime", "priority", "consensusLevel", "knowledgeGaps", "doi",
          "journal", "url", "chartData"]
EXTRA_KEYS = ["scales", "plugins", "indexAxis", "unknownField", "Title", "1", "doi ", "date"]


def _render(key: str, value: Any, block: bool) -> list[str]:
    """``key: value`` as YAML lines, in flow or block style as real files write them."""
    try:
        if block and isinstance(value, (dict, list)) and value:
            dumped = yaml.safe_dump(value, default_flow_style=False, allow_unicode=True,
                                    sort_keys=False, width=10**6)
            return [f"{key}:"] + ["  " + line for line in dumped.rstrip("\n").split("\n")]
        dumped = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10**6)
    except (yaml.YAMLError, ValueError):
        return [f"{key}: {json.dumps(str(value))}"]
    dumped = dumped.rstrip("\n")
    dumped = dumped.removesuffix("\n...").removesuffix("...").rstrip("\n")
    if "\n" in dumped:
        return [f"{key}: {json.dumps(str(value))}"]
    return [f"{key}: {dumped}"]


@st.composite
def frontmatter_lines(draw: st.DrawFn) -> list[str]:
    keys = draw(st.lists(st.sampled_from(FIELDS), min_size=0, max_size=len(FIELDS), unique=True))
    if "doi" not in keys and not one_in(draw, 5):
        keys.append("doi")  # most files are studies: a doi makes the checks after it run
    if "title" not in keys and not one_in(draw, 4):
        keys.insert(0, "title")
    keys += draw(st.lists(st.sampled_from(EXTRA_KEYS), max_size=2))
    keys = draw(st.permutations(keys))
    lines: list[str] = []
    for key in keys:
        if key in _RAW_FIELD and not one_in(draw, 4):
            lines.append(f"{key}: {draw(_RAW_FIELD[key]())}")
            continue
        lines += _render(key, draw(_value(key)), draw(st.booleans()))
    return lines


# -- the body ---------------------------------------------------------------------------------
HEADINGS = ["# Introduction", "## Research Objective", "## Key Findings", "## Key Findings:",
            "### Main Findings", "## Methodology", "## Knowledge Gaps & Future Research",
            "## Knowledge Gaps", "## Importance", "## Conclusion", "####### seven", "#NoSpace",
            "## ", "##", "## **Key Findings**", "## Key Findings ##", "# Key findings `code`"]


@st.composite
def bullet(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.one_of(
        st.sampled_from(GENES).map(lambda g: f"**{g}**"), st.sampled_from(GENES),
        st.sampled_from(GENES).map(lambda g: f"*{g}*"), st.sampled_from(ARROWS),
        st.sampled_from(ACCESSIONS), st.sampled_from(MISSIONS), st.sampled_from(ORGANISMS),
        st.sampled_from(WORDS), st.floats(-100, 100).map(lambda f: f"{f:.1f}-fold"),
        odd_char, st.sampled_from(["(", ")", "[ref](http://x)", "`", "**", "*", "_", ":"]),
    ), min_size=1, max_size=25))
    marker = draw(st.sampled_from(["- ", "* ", "*   ", "+ ", "1. ", "999) ", "  - ", "\t- ",
                                   "-", "    * "]))
    return marker + " ".join(parts)


@st.composite
def body(draw: st.DrawFn) -> list[str]:
    lines: list[str] = [""]
    for _ in range(draw(st.integers(0, 5))):
        lines.append(draw(st.one_of(st.sampled_from(HEADINGS), st.sampled_from(HEADINGS),
                                    st.text(st.characters(codec="utf-8"), max_size=20).map(
                                        lambda t: "## " + t))))
        for _ in range(draw(st.integers(0, 5))):
            lines.append(draw(st.one_of(bullet(), bullet(), text, st.just(""),
                                        st.just("```"), st.just("---"),
                                        st.just("| a | b |"))))
    if one_in(draw, 6):
        lines.append(draw(st.one_of(long_text, long_text.map(lambda t: "- " + t))))
    return lines


# -- mutations --------------------------------------------------------------------------------
TAGS = ["!!str", "!!int", "!!float", "!!bool", "!!null", "!!binary", "!!timestamp", "!!set",
        "!!omap", "!!pairs", "!!seq", "!!map", "!custom", "!!python/object:os.system",
        "!<tag:yaml.org,2002:str>", "!!merge", "!!value", "!!yaml"]
YAML_NOISE = ["<<: {title: merged}", "<<: *nope", "? [a, b]\n: c", "? {x: 1}\n: 1", "~: null",
              "1: one", "2021-01-01: day", "%YAML 1.1", "...", "--- ", "- item", "title",
              "key: 'unclosed", 'key: "unclosed', "key: [1, 2", "key: {a: 1", "key: |\n  block",
              "key: >-\n  folded\n  text", "key: @at", "key: `tick", "key: a: b", "\tkey: tab",
              "key:\tvalue", "  indented: x", "key: &a [1, 2]\nother: *a", "a: *a",
              "deep: " + "[" * 39 + "]" * 39, "deep: " + "[" * 41 + "]" * 41,
              "deep: " + "{a: " * 30 + "1" + "}" * 30, "key: " + "x" * 10_000,
              "bomb0: &b0 [x, x, x, x, x, x, x, x]\nbomb1: &b1 [*b0, *b0, *b0, *b0, *b0, *b0, "
              "*b0, *b0]\nbomb2: &b2 [*b1, *b1, *b1, *b1, *b1, *b1, *b1, *b1]\nbomb3: [*b2, *b2, "
              "*b2, *b2, *b2, *b2, *b2, *b2]"]


@st.composite
def yaml_mutation(draw: st.DrawFn, lines: list[str]) -> list[str]:
    lines = list(lines)
    kind = draw(st.sampled_from(["tag", "noise", "duplicate", "tabs", "anchor", "delete",
                                 "swap", "indent", "chart-alias"]))
    where = draw(st.integers(0, max(len(lines), 1) - 1)) if lines else 0
    if kind == "tag" and lines:
        key, sep, rest = lines[where].partition(":")
        if sep:
            lines[where] = f"{key}: {draw(st.sampled_from(TAGS))}{rest}"
    elif kind == "noise":
        lines[where:where] = draw(st.sampled_from(YAML_NOISE)).split("\n")
    elif kind == "duplicate" and lines:
        lines.insert(draw(st.integers(0, len(lines))), lines[where])
    elif kind == "tabs":
        lines = [line.replace("  ", "\t", 1) if draw(st.booleans()) else line for line in lines]
    elif kind == "anchor" and len(lines) >= 2:
        key, sep, rest = lines[0].partition(":")
        if sep and rest.strip():
            lines[0] = f"{key}: &anchor{rest}"
            other, sep2, _ = lines[where].partition(":")
            if sep2 and where:
                lines[where] = f"{other}: *anchor"
    elif kind == "delete" and lines:
        del lines[where]
    elif kind == "swap" and len(lines) >= 2:
        lines[0], lines[where] = lines[where], lines[0]
    elif kind == "indent" and lines:
        lines[where] = " " * draw(st.integers(1, 6)) + lines[where]
    elif kind == "chart-alias":
        lines += ["chartData:", "  type: bar", "  data:", "    labels: &l [a, b, c, d, e, f]",
                  "    datasets:", "      - &d {label: s, data: [1, 2, 3, 4, 5, 6]}",
                  "      - *d", "      - {label: *l, data: *l}"]
    return lines


@st.composite
def text_mutation(draw: st.DrawFn, content: str) -> str:
    kind = draw(st.sampled_from(["bom", "crlf", "cr", "unclosed", "glued", "no-open",
                                 "second-block", "fence", "insert-odd", "empty", "blank-lead",
                                 "double-bom"]))
    if kind == "bom":
        return "\ufeff" + content
    if kind == "double-bom":
        return "\ufeff\ufeff" + content
    if kind == "crlf":
        return content.replace("\n", "\r\n")
    if kind == "cr":
        return content.replace("\n", "\r")
    if kind == "unclosed":
        head, sep, tail = content.partition("\n---\n")
        return head + "\n" + tail if sep else content
    if kind == "glued":
        return content.replace("\n---\n", "---\n", 1)
    if kind == "no-open":
        return content.removeprefix("---\n")
    if kind == "second-block":
        return content.replace("\n---\n", "\n---\n---\ntitle: again\n---\n", 1)
    if kind == "fence":
        return content.replace("\n", "\n```yaml\n", 1)
    if kind == "insert-odd":
        at = draw(st.integers(0, len(content)))
        return content[:at] + draw(st.one_of(odd_char, st.text(max_size=5))) + content[at:]
    if kind == "empty":
        return draw(st.sampled_from(["", "---", "---\n---", "---\n\n---\n", "\n\n\n"]))
    return "\n\n  \n" + content


@st.composite
def byte_mutation(draw: st.DrawFn, data: bytes) -> bytes:
    at = draw(st.integers(0, len(data)))
    piece = draw(st.one_of(
        st.sampled_from([b"\xff", b"\xed\xa0\x80", b"\xc0\xaf", b"\xe2\x82", b"\x00",
                         b"\xf4\x90\x80\x80", b"\xef\xbb\xbf", b"\x80" * 10]),
        st.binary(min_size=1, max_size=30)))
    if draw(st.booleans()):
        return data[:at] + piece + data[at:]
    return data[:at] + piece + data[at + len(piece):]


@st.composite
def article_bytes(draw: st.DrawFn) -> bytes:
    """The content of one file: mostly a real-looking article, often mutated."""
    lines = draw(frontmatter_lines())
    for _ in range(one_in(draw, 3) + one_in(draw, 6)):  # most files get no YAML mutation
        lines = draw(yaml_mutation(lines))
    content = "---\n" + "\n".join(lines) + "\n---\n" + "\n".join(draw(body())) + "\n"
    if one_in(draw, 4):
        content = draw(text_mutation(content))
    data = content.encode("utf-8", "surrogatepass")
    if one_in(draw, 10):
        data = draw(byte_mutation(data))
    return data


# -- file names -------------------------------------------------------------------------------
_NAME_CHARS = st.one_of(
    st.characters(codec="utf-8", exclude_characters="/\x00"),
    st.sampled_from(list(" -_.,#%?&=+;()[]{}'\"\\\n\t~!")),
)


@st.composite
def file_name(draw: st.DrawFn) -> bytes:
    """A file name as bytes, ending in an article suffix, never hidden."""
    suffix = draw(st.sampled_from([b".md", b".md", b".md", b".MD", b".Md", b".markdown"]))
    kind = draw(st.sampled_from(["plain", "text", "bytes", "option", "long", "sub", "nfd"]))
    if kind == "plain":
        stem = draw(st.text(alphabet="abcdefghij-0123456789", min_size=1, max_size=12)).encode()
    elif kind == "text":
        stem = draw(st.text(alphabet=_NAME_CHARS, min_size=1, max_size=20)).encode("utf-8")
    elif kind == "bytes":
        stem = draw(st.binary(min_size=1, max_size=20)).replace(b"/", b"_").replace(b"\x00", b"_")
    elif kind == "option":
        stem = draw(st.sampled_from([b"-x", b"--help", b"-", b"--", b"-o out", b"~"]))
    elif kind == "long":
        stem = b"n" * draw(st.integers(100, 255 - len(suffix)))
    elif kind == "sub":
        stem = b"sub/" + draw(st.sampled_from([b"a", b"b c", b"\xff", b"-x"]))
    else:
        stem = draw(st.sampled_from(["é", "é", "Å", "Å", "ﬁ"])).encode() + b"x"
    if stem.startswith(b"."):
        stem = b"_" + stem
    return (stem + suffix)[-255:] if len(stem + suffix) > 255 else stem + suffix


@st.composite
def articles(draw: st.DrawFn, max_files: int = 4) -> list[Article]:
    """A few files with distinct names (as bytes: names differing only in case are distinct)."""
    names = draw(st.lists(file_name(), min_size=1, max_size=max_files, unique=True))
    if one_in(draw, 6):  # a twin the graph would name alike: x.md beside x.MD
        stem = names[0][: -len(b".md")] if names[0].lower().endswith(b".md") else names[0]
        twin = stem + draw(st.sampled_from([b".MD", b".mD", b".md"]))
        names += [twin] if twin not in names else []
    names = [n for n in names if os.path.basename(n) and not os.path.basename(n).startswith(b".")
             and n.lower() != b"control.md"]
    return [Article(n, draw(article_bytes())) for n in names]


file_names = file_name
