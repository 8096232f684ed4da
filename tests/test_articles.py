"""Reading articles: one test per malformation kind seen in real content folders.

Each repairable kind is made from one clean article; the repaired record must equal the clean
one (nothing lost), and the repair must be reported with its file, line and field.
"""

from __future__ import annotations

import dataclasses

import pytest

from kg.errors import ArticleError, Severity
from kg.ingest.articles import parse_article
from kg.records.check import NotAStudy, to_record
from kg.records.model import ArticleRecord

FRONT = [
    'title: "Flown Mice Keep Their Gut Flora, Lose Their Bone"',
    'summary: "A short summary written for these tests."',
    "publishDate: 2021-04-23T00:00:00Z",
    'authors: ["Brereton NJB", "Pitre FE", "Gonzalez E"]',
    'tags: ["Microbiology", "Digestive"]',
    'organisms: ["Humans"]',
    'experimentType: ["Spaceflight", "Simulated Microgravity"]',
    "readTime: 4",
    'priority: "high"',
    'consensusLevel: "controversial"',
    'knowledgeGaps: ["Which taxa return after the mission", "Diet as a confounder"]',
    'doi: "10.1016/j.csbj.2021.03.040"',
    'journal: "Computational and Structural Biotechnology Journal"',
    'url: "https://www.ncbi.nlm.nih.gov/pmc/articles/PMC8095110/"',
]
CHART = [
    "chartData:",
    '  type: "bar"',
    "  data:",
    '    labels: ["Start", "End"]',
    "    datasets:",
    '      - label: "Diversity"',
    "        data: [3.1, 2.4]",
    "  options:",
    "    plugins:",
    "      tooltip:",
    '        backgroundColor: "#000"',
    "    scales:",
    "      y:",
    "        title:",
    '          text: "Shannon index"',
]
BODY = [
    "",
    "# Introduction",
    "Isolation changes the gut.",
    "",
    "## Key Findings",
    "- **Drift**: several taxa shifted during isolation.",
    "- Recovery was partial.",
]


def text(front: list[str] = FRONT, chart: list[str] = CHART, body: list[str] = BODY,
         close: str = "---") -> bytes:
    return "\n".join(["---", *front, *chart, close, *body, ""]).encode("utf-8")


def record(data: bytes, path: str = "a.md") -> tuple[ArticleRecord, list]:
    rec, notes = to_record(parse_article(data, path))
    return rec, list(notes)


def same_content(a: ArticleRecord, b: ArticleRecord) -> bool:
    keep = dict(path="x", sha256="x", sections=())
    return dataclasses.replace(a, **keep) == dataclasses.replace(b, **keep)


def codes(notes: list) -> dict[str, tuple[int | None, str | None]]:
    return {n.code: (n.line, n.field) for n in notes}


@pytest.fixture(scope="module")
def clean() -> ArticleRecord:
    rec, notes = record(text())
    assert [n for n in notes if n.severity is not Severity.INFO] == []
    return rec


def test_clean_article_reads_every_field(clean: ArticleRecord) -> None:
    assert clean.title.startswith("Flown Mice")
    assert clean.doi == "10.1016/j.csbj.2021.03.040"
    assert clean.pmcid == "PMC8095110"
    assert [p.key for p in clean.authors] == ["brereton-njb", "pitre-fe", "gonzalez-e"]
    assert [o.taxon.id for o in clean.organisms] == [9606]
    assert clean.experiment_types == (("Spaceflight", True), ("Simulated Microgravity", True))
    assert clean.priority == ("high", True) and clean.consensus == ("controversial", True)
    assert [g.text for g in clean.gaps] == ["Which taxa return after the mission",
                                            "Diet as a confounder"]
    # each gap carries its topic words, so the graph stage states them without looking up
    assert [g.keywords for g in clean.gaps] == [("taxa", "return", "mission"),
                                                ("diet", "confounder")]
    assert [(f.headline, f.text) for f in clean.findings] == [
        ("Drift", "Drift: several taxa shifted during isolation."),
        (None, "Recovery was partial."),
    ]
    assert clean.chart is not None and clean.chart.value_axis == "Shannon index"
    assert [(o.series_label, o.category_label, str(o.value)) for o in clean.chart.observations] == [
        ("Diversity", "Start", "3.1"), ("Diversity", "End", "2.4")]


def test_yaml_fence_inside_frontmatter(clean: ArticleRecord) -> None:
    rec, notes = record(text(chart=["```yaml", *CHART, "```"]))
    assert same_content(rec, clean)
    assert codes(notes)["code-fence"] == (16, "chartData")  # the opening fence line


def test_closing_delimiter_glued_to_a_line(clean: ArticleRecord) -> None:
    glued = [*CHART[:-1], CHART[-1] + "---"]
    rec, notes = record(text(chart=glued, close=""))
    assert same_content(rec, clean)
    assert codes(notes)["glued-delimiter"][0] == 1 + len(FRONT) + len(CHART)


def test_fence_and_glued_delimiter_together(clean: ArticleRecord) -> None:
    rec, notes = record(text(chart=["```yaml", *CHART, "```---"], close=""))
    assert same_content(rec, clean)
    assert {"code-fence", "glued-delimiter"} <= set(codes(notes))


def test_stray_prose_line_in_frontmatter(clean: ArticleRecord) -> None:
    stray = "No chartData - the paper has no numbers to plot"
    rec, notes = record(text(chart=[*CHART, stray]))
    assert same_content(rec, clean)
    line = 2 + len(FRONT) + len(CHART)
    assert codes(notes)["stray-line"] == (line, None)


def test_stray_line_glued_to_the_closing_delimiter() -> None:
    rec, notes = record(text(chart=["No chartData - nothing to plot---"], close=""))
    assert rec.chart is None
    assert {"glued-delimiter", "stray-line"} <= set(codes(notes))


def test_list_written_without_brackets(clean: ArticleRecord) -> None:
    front = [f if not f.startswith("experimentType") else
             'experimentType: "Spaceflight", "Simulated Microgravity"' for f in FRONT]
    rec, notes = record(text(front=front))
    assert same_content(rec, clean)
    assert codes(notes)["unbracketed-list"] == (8, "experimentType")


def test_experiment_type_as_a_string() -> None:
    front = [f if not f.startswith("experimentType") else 'experimentType: "Ground Control"'
             for f in FRONT]
    rec, notes = record(text(front=front))
    assert rec.experiment_types == (("Ground Control", True),)
    assert not [n for n in notes if n.severity is Severity.WARNING]


def test_javascript_callback_in_chart_options(clean: ArticleRecord) -> None:
    script = [
        "        callbacks:",
        "          label: (context) => {",
        "            const v = context.parsed.y;",
        "            return v > 0 ? `up: ${v}` : `down: ${v}`;",
        "          }",
    ]
    chart = CHART[:11] + script + CHART[11:]
    rec, notes = record(text(chart=chart))
    assert same_content(rec, clean)
    assert codes(notes)["script-in-chart"] == (2 + len(FRONT) + 12, "chartData")


def test_second_frontmatter_block_is_merged(clean: ArticleRecord) -> None:
    first = ["---", 'url: "https://www.ncbi.nlm.nih.gov/pmc/articles/PMC8095110/"', "---"]
    data = "\n".join(first).encode() + b"\n" + text()
    rec, notes = record(data)
    assert same_content(rec, clean)
    assert codes(notes)["second-frontmatter"] == (4, None)


def test_pmcid_in_doi_field() -> None:
    front = [f if not f.startswith("doi") else 'doi: "PMCID:PMC8095110"' for f in FRONT]
    rec, notes = record(text(front=front))
    assert rec.doi is None and rec.pmcid == "PMC8095110"
    assert rec.publication_key == "PMC8095110"
    assert codes(notes)["pmcid-in-doi"] == (13, "doi")


def test_doi_written_as_url_is_normalised() -> None:
    front = [f if not f.startswith("doi") else 'doi: "https://doi.org/10.1016/J.CSBJ.2021.03.040"'
             for f in FRONT]
    rec, notes = record(text(front=front))
    assert rec.doi == "10.1016/j.csbj.2021.03.040"
    assert "doi-form" in codes(notes)


def test_duplicate_field_keeps_the_last(clean: ArticleRecord) -> None:
    rec, notes = record(text(front=['priority: "low"', *FRONT]))
    assert same_content(rec, clean)
    assert codes(notes)["duplicate-field"] == (11, "priority")  # the kept one


def test_chart_data_written_as_one_quoted_string(clean: ArticleRecord) -> None:
    inner = "\\n".join(line.replace('"', '\\"') for line in CHART)
    rec, notes = record(text(chart=[f'chartData: "{inner}"']))
    assert rec.chart == clean.chart
    assert "chart-as-text" in codes(notes)


def test_chart_option_slipped_to_top_level(clean: ArticleRecord) -> None:
    chart = [*CHART[:11], "scales:", "  y:", "    title:", '      text: "Shannon index"']
    rec, notes = record(text(chart=chart))
    assert rec.chart == clean.chart
    assert codes(notes)["chart-option-outside"][1] == "scales"


def test_date_without_time(clean: ArticleRecord) -> None:
    front = [f if not f.startswith("publishDate") else "publishDate: 2021-04-23" for f in FRONT]
    rec, _ = record(text(front=front))
    assert rec.published == clean.published


def test_windows_line_endings_and_bom(clean: ArticleRecord) -> None:
    rec, notes = record(b"\xef\xbb\xbf" + text().replace(b"\n", b"\r\n"))
    assert same_content(rec, clean)
    assert not [n for n in notes if n.severity is Severity.WARNING]


def test_tech_news_without_doi_is_skipped_quietly() -> None:
    front = ['title: "A New Phone"', 'summary: "Gadgets."', 'tags: ["Technology"]']
    with pytest.raises(NotAStudy) as err:
        record(text(front=front, chart=[]))
    assert err.value.diagnostic.severity is Severity.INFO
    assert err.value.diagnostic.field == "doi"


def test_study_without_doi_is_skipped_with_a_warning() -> None:
    front = [f for f in FRONT if not f.startswith("doi")]
    with pytest.raises(NotAStudy) as err:
        record(text(front=front))
    assert err.value.diagnostic.severity is Severity.WARNING


@pytest.mark.parametrize(
    ("front", "chart", "close", "line", "field", "code"),
    [
        ([*FRONT[:3], 'authors: ["unclosed', *FRONT[4:]], CHART, "---", 5, "authors", "yaml-syntax"),
        ([*FRONT[:11], 'doi: "not-a-doi"', *FRONT[12:]], CHART, "---", 13, "doi", "bad-doi"),
        (FRONT[1:], CHART, "---", None, "title", "no-title"),
        (FRONT, ["chartData: [1, 2, 3]"], "---", 16, "chartData", "bad-chart"),
        ([*FRONT[:2], "publishDate: next spring", *FRONT[3:]], CHART, "---", 4, "publishDate",
         "bad-date"),
        (FRONT, CHART, "", 1, None, "unclosed-frontmatter"),
    ],
    ids=["bad-yaml", "bad-doi", "no-title", "chart-not-a-mapping", "bad-date", "unclosed"],
)
def test_unrepairable_files_name_line_and_field(front, chart, close, line, field, code) -> None:
    with pytest.raises(ArticleError) as err:
        record(text(front=front, chart=chart, close=close), path="news/x.md")
    diag = err.value.diagnostic
    assert (diag.path, diag.line, diag.field, diag.code) == ("news/x.md", line, field, code)
    assert diag.severity is Severity.ERROR
    assert "news/x.md" in str(err.value)


def test_file_without_frontmatter_is_rejected() -> None:
    with pytest.raises(ArticleError) as err:
        parse_article(b"# Just a heading\n", "x.md")
    assert err.value.diagnostic.code == "no-frontmatter"


def test_file_that_is_not_utf8_names_the_line() -> None:
    with pytest.raises(ArticleError) as err:
        parse_article(b"---\ntitle: ok\n---\nbad \xff byte\n", "x.md")
    assert (err.value.diagnostic.line, err.value.diagnostic.code) == (4, "not-utf8")
