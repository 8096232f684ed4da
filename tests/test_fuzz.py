"""A fuzz suite of our own (issue 15): generated articles, mutated every way real files go
wrong, must never abort a build, hide a file, take unbounded time or memory, or build
differently twice. The known cases are in test_robustness.py; this searches for the others.

The runs are seeded (``derandomize``) so the normal suite is repeatable and bounded (well under
a minute here). ``FUZZ_EXAMPLES=2000 make fuzz`` runs the same properties for longer; the
figures of such runs are in docs/fuzzing.md.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
import time
import tracemalloc
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
import yaml
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from kg.errors import ArticleError, NotAStudy, Severity, printable
from kg.extract.lexicon import lexicon
from kg.ingest.articles import parse_article
from kg.ingest.charts import parse_chart
from kg.ingest.discover import name_key
from kg.ingest.safe_yaml import load_yaml
from kg.pipeline.build import build
from kg.rdf.mapping import article_iri, article_lines, graph_iri
from kg.records.check import to_record, web_iri

from .fuzzing import CONTROL, CONTROL_DOI, Article, article_bytes, articles

#: seconds one file may take to read, check and map (generous: the machine is shared)
FILE_BUDGET = 2.0
#: bytes a build of a few generated files may allocate at its peak (tracemalloc)
MEMORY_BUDGET = 200 * 2**20


def _examples(default: int) -> int:
    """How many examples a property tries. ``FUZZ_EXAMPLES`` (read here, in the tests only) is
    the count for the one-file property, whose default is 100; the others scale with it, so
    ``FUZZ_EXAMPLES=2000`` (``make fuzz``) tries 2,000 files one by one and 800 folders."""
    wanted = os.environ.get("FUZZ_EXAMPLES")
    return max(default, int(wanted) * default // 100) if wanted else default


def fuzz(default: int, shrink: bool = True) -> Any:
    """Seeded, bounded settings. ``shrink=False`` for properties whose examples cost a whole
    build each: shrinking one of those took over five minutes, and the failure message shows
    every file of the folder anyway."""
    phases = [Phase.explicit, Phase.reuse, Phase.generate, *([Phase.shrink] if shrink else [])]
    return settings(max_examples=_examples(default), derandomize=True, deadline=None,
                    database=None, print_blob=False, phases=phases,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.large_base_example,
                                           HealthCheck.filter_too_much])


@pytest.fixture(scope="module", autouse=True)
def _warm() -> Iterator[None]:
    """Load the reference tables (genes, taxa, themes) once, so no example is timed with them:
    each organism's gene table is loaded on its first mention, which took 5 s in an example."""
    lex = lexicon()
    for taxon in lex.taxa:
        lex.taxon(taxon)
    _ = lex.members
    with tempfile.TemporaryDirectory(prefix="kg-fuzz-") as folder:
        (Path(folder) / "control.md").write_bytes(CONTROL)
        assert build(folder, None).counts["built"] == 1
    yield


def _show(data: bytes) -> str:
    return repr(data[:600]) + (f" ... ({len(data)} bytes)" if len(data) > 600 else "")


# -- one file: read, checked and mapped, or refused with a diagnostic -----------------------------
@fuzz(100)
@given(article_bytes())
@example(b"---\ntitle: t\ndoi: 10.5555/x\nchartData:\n  type: bar\n  data:\n    labels: [a]\n"
         b"    datasets:\n      - data: ['1e999999999']\n---\n")
def test_one_file_is_read_or_refused_never_crashes(data: bytes) -> None:
    started = time.process_time()
    try:
        raw = parse_article(data, "fuzz.md")
        record, notes = to_record(raw)
        lines = article_lines(record)
    except (ArticleError, NotAStudy) as refusal:
        diagnostic = refusal.diagnostic
        assert diagnostic.path == "fuzz.md"
        if isinstance(refusal, ArticleError):
            _check_line(diagnostic.line, diagnostic.field, data)
    else:
        assert all(line.endswith(" .\n") for line in lines), lines[:3]
        assert all(d.path == "fuzz.md" for d in notes)
    took = time.process_time() - started
    assert took < FILE_BUDGET, f"{took:.2f} s for {_show(data)}"


def _check_line(line: int | None, field: str | None, data: bytes) -> None:
    """A diagnostic's line lies in the file, and a field written in the file has its line."""
    lines = data.count(b"\n") + data.count(b"\r") + 1
    assert line is None or 1 <= line <= lines, (line, lines)
    if field and line is None:
        key = re.escape(field.split(".", 1)[0].split("[", 1)[0].encode())
        text = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        assert not re.search(rb"(?m)^" + key + rb"\s*:", text.split(b"\n---", 1)[0]), (
            f"{field} is written in the file but its diagnostic names no line")


# -- a folder: every file accounted for, the control built, bounded, deterministic ----------------
def _write(content: Path, files: list[Article]) -> dict[str, bytes]:
    """The files on disk under their byte names; returns what each relative path holds."""
    base = os.fsencode(content)
    written = {"control.md": CONTROL}
    content.mkdir()
    (content / "control.md").write_bytes(CONTROL)
    for item in files:
        target = os.path.join(base, item.name)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as handle:
            handle.write(item.data)
        written[os.fsdecode(item.name)] = item.data
    return written


def _graph_names(nquads: bytes) -> set[str]:
    return {m.group(1).decode() for m in re.finditer(rb"<([^<>]*)> \.\n", nquads)}


@fuzz(40, shrink=False)
@given(articles(), st.integers(0, 4))
def test_a_folder_of_generated_files_builds(files: list[Article], choice: int) -> None:
    twice, traced = choice == 0, choice == 1
    with tempfile.TemporaryDirectory(prefix="kg-fuzz-") as folder:
        content, out = Path(folder) / "content", Path(folder) / "out"
        written = _write(content, files)
        times: dict[str, float] = {}
        clock = [time.process_time()]

        def progress(done: int, total: int, path: str) -> None:
            now = time.process_time()
            times[path], clock[0] = now - clock[0], now

        if traced:
            tracemalloc.start()
        started = time.process_time()
        try:
            result = build(content, out, progress=progress)
        finally:
            peak = tracemalloc.get_traced_memory()[1] if traced else 0
            if traced:
                tracemalloc.stop()
        took = time.process_time() - started
        outcomes = {o.path: o for o in result.outcomes}
        # every file accounted for, once
        assert sorted(outcomes) == sorted(written)
        assert len(result.outcomes) == len(written)
        for path, outcome in outcomes.items():
            shown = f"{printable(path)}: {_show(written[path])}"
            codes = [d.code for d in outcome.diagnostics]
            assert "internal-error" not in codes, f"{outcome.diagnostics} for {shown}"
            assert all(d.path == path for d in outcome.diagnostics), shown
            if outcome.status == "rejected":
                errors = [d for d in outcome.diagnostics if d.severity is Severity.ERROR]
                assert errors, f"rejected without an error: {shown}"
                for d in errors:
                    _check_line(d.line, d.field, written[path])
            assert times.get(path, 0) < FILE_BUDGET, f"{times[path]:.2f} s for {shown}"
        assert took < FILE_BUDGET * len(written) + 5, f"{took:.1f} s"
        if traced:
            assert peak < MEMORY_BUDGET, f"{peak / 2**20:.0f} MB for {len(written)} files"
        # the control is built, and its publication is in the graph
        assert outcomes["control.md"].status in ("built", "repaired"), outcomes["control.md"]
        nquads = (out / "graph.nq").read_bytes()
        assert f"<https://doi.org/{CONTROL_DOI}>".encode() in nquads
        # each built file has a named graph of its own
        built = [p for p, o in outcomes.items() if o.status in ("built", "repaired")]
        graphs = {graph_iri(p) for p in built}
        assert len(graphs) == len(built), f"two files share a graph: {sorted(built)}"
        assert graphs <= _graph_names(nquads)
        # the graph reads back: one IRI Oxigraph refuses makes the whole build unreadable
        ox.parse(nquads, format=ox.RdfFormat.N_QUADS)
        # the report says the same
        report = json.loads((out / "report.json").read_text(encoding="utf-8"))
        assert report["files"] == len(written)
        assert Counter(o["status"] for o in report["outcomes"]) == Counter(
            o.status for o in result.outcomes)
        assert sorted(o["path"] for o in report["outcomes"]) == sorted(
            printable(p) for p in written)
        if twice:
            again = build(content, Path(folder) / "again")
            assert again.outcomes == result.outcomes
            assert (Path(folder) / "again" / "graph.nq").read_bytes() == nquads
            assert ((Path(folder) / "again" / "graph.ttl").read_bytes()
                    == (out / "graph.ttl").read_bytes())


# -- the parsers below the reader, on values no article generator would write ---------------------
@fuzz(200)
@given(st.text(max_size=300))
@example("a: !!timestamp 2021-02-30T00:00:00+99:00")
def test_yaml_either_parses_or_fails_as_yaml(source: str) -> None:
    with contextlib.suppress(yaml.YAMLError):
        load_yaml(source)


_json = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=8),
              st.decimals(allow_nan=True).map(str)),
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.sampled_from(["type", "data", "labels", "datasets",
                                                             "label", "x", "y", "options",
                                                             "scales", "title", "text"]),
                                            inner, max_size=4)),
    max_leaves=25)


@fuzz(200)
@given(_json)
def test_a_chart_of_any_shape_is_read_or_refused_with_its_field(raw: Any) -> None:
    try:
        chart = parse_chart(raw, lambda *_: None)
    except ValueError as err:
        assert len(err.args) == 2 and str(err.args[1]).startswith("chartData"), err.args
        return
    for o in chart.observations if chart else ():
        assert isinstance(o.value, Decimal) and o.value.is_finite()


# -- what the fuzzer found, kept as plain regressions -------------------------------------------
FOUND = {
    # the graph writes decimals without an exponent: 1e999999999 overflowed (an internal error)
    "huge-chart-value": (
        "chartData:\n  type: bar\n  data:\n    labels: [a]\n    datasets:\n"
        "      - data: ['1e999999999', 2]", None),
    # PyYAML's timestamp constructor fails on a regex match of None (an internal error)
    "timestamp-tag-on-text": ("summary: !!timestamp spaceflight", (4, "summary", "yaml-syntax")),
    # PyYAML's int and float constructors index the first character of an empty value
    "empty-int-tag": ("readTime: !!int ''", (4, "readTime", "yaml-syntax")),
    "empty-float-tag": ("readTime: !!float", (4, "readTime", "yaml-syntax")),
    # int() refuses more than 4,300 digits (a ValueError, an internal error)
    "read-time-of-5000-digits": (f"readTime: '{'9' * 5000} min'", None),
    # a url Oxigraph refuses as an IRI made the whole graph unreadable; a host no IRI can
    # have is an error, the rest is %-encoded
    "url-bad-escape": ("url: https://example.org/%zz#a#b", None),
    "url-bad-host": ("url: 'https://[example.org/'", (4, "url", "bad-url")),
    "url-bad-port": ("url: 'https://example.org:eighty/'", (4, "url", "bad-url")),
}


@pytest.mark.parametrize("name", sorted(FOUND))
def test_what_the_fuzzer_found_is_read_or_refused_by_line_and_field(name: str) -> None:
    extra, refusal = FOUND[name]
    data = f"---\ntitle: Found\ndoi: 10.5555/found\n{extra}\n---\n## Key Findings\n- x\n"
    if refusal is None:
        record, notes = to_record(parse_article(data.encode(), "found.md"))
        lines = article_lines(record)
        ox.parse("".join(lines).encode(), format=ox.RdfFormat.N_QUADS)
        codes = [d.code for d in notes]
        if "chartData" in extra:
            assert "chart-value" in codes
            assert [str(o.value) for o in record.chart.observations] == ["2"]
        elif "readTime" in extra:
            assert record.read_minutes is None and "bad-read-time" in codes
        else:
            assert record.url == "https://example.org/%25zz#a%23b" and "iri-escaped" in codes
        return
    with pytest.raises(ArticleError) as caught:
        to_record(parse_article(data.encode(), "found.md"))
    d = caught.value.diagnostic
    assert (d.line, d.field, d.code) == refusal, d


def test_every_explicit_tag_on_every_kind_of_value_is_yaml_or_an_error_of_yaml() -> None:
    """Each constructor of the safe loader, given each shape of node: nothing but a YAML error
    (which names its line) may come out."""
    tags = ["!!str", "!!int", "!!float", "!!bool", "!!null", "!!binary", "!!timestamp", "!!set",
            "!!omap", "!!pairs", "!!seq", "!!map", "!custom", "!!python/object:os.system",
            "!!merge", "!!value", "!!yaml", "!<tag:yaml.org,2002:str>", "!"]
    values = ["abc", "", "''", "[1, 2]", "{a: 1}", "[[a, b]]", "[{a: 1}]", "2021-02-30", "1e5",
              ".nan", "~", "&a x", "[a, {b: 1, c: 2}]", "0x", "0b", "-", "+", ":", "1_", "._"]
    unexpected = []
    for tag in tags:
        for value in values:
            try:
                load_yaml(f"k: {tag} {value}")
            except yaml.MarkedYAMLError:
                pass
            except Exception as err:  # what the test is about: anything else escaping
                unexpected.append((tag, value, type(err).__name__))
    assert unexpected == []


def test_files_the_graph_would_name_alike_are_refused_but_one(tmp_path: Path) -> None:
    """x.md and x.MD (or y.markdown and y.markdown.md) were one article in one graph: two
    titles, two DOIs on one node. The file written exactly .md is read, the other refused."""
    content = tmp_path / "content"
    content.mkdir()
    for name, doi in (("x.MD", "a"), ("x.md", "b"), ("y.markdown", "c"), ("y.markdown.md", "d"),
                      ("z.Md", "e")):
        (content / name).write_bytes(CONTROL.replace(b"fuzz.control", f"fuzz.{doi}".encode()))
    result = build(content, None)
    found = {o.path: (o.status, [d.code for d in o.diagnostics]) for o in result.outcomes}
    assert found == {"x.md": ("built", []), "x.MD": ("rejected", ["name-clash"]),
                     "y.markdown.md": ("built", []), "y.markdown": ("rejected", ["name-clash"]),
                     "z.Md": ("built", [])}
    assert "x.md" in next(o for o in result.outcomes if o.path == "x.MD").diagnostics[0].message


_names = st.tuples(st.sampled_from(["x", "x.md", "x.markdown", "sub/x", "x.MD", "X"]),
                   st.sampled_from(["", ".md", ".MD", ".Md", ".markdown", ".md.md"]),
                   ).map("".join)


@fuzz(300)
@given(_names, _names)
def test_discovery_names_articles_as_the_graph_does(a: str, b: str) -> None:
    """Discovery refuses clashes by :func:`name_key`; that only works while it is the graph's
    own rule for article and graph IRIs."""
    same = name_key(a) == name_key(b)
    assert (graph_iri(a) == graph_iri(b)) == same
    assert (article_iri(a) == article_iri(b)) == same


@fuzz(300)
@given(st.sampled_from(["https://", "http://", "HTTPS://"]),
       st.text(st.one_of(st.characters(codec="utf-8"), st.sampled_from(list("[]:@%#?/"))),
               max_size=30))
def test_a_url_becomes_an_iri_oxigraph_reads_or_is_refused(scheme: str, rest: str) -> None:
    iri = web_iri(scheme + rest)
    if iri is not None:
        ox.NamedNode(iri)  # raises ValueError on an IRI it would refuse in graph.nq
