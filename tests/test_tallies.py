"""The tallies graph: the corpus's counts, computed at build time, answer as counting would.

The library queries that read the tallies (``recurring-genes``, ``journals``,
``coverage-matrix``, ``under-studied``, ``author-collaboration``; ``gene-profile`` its name
keys) replaced queries that counted, or folded names, over the article graphs on every run. Those counting queries are kept in
``tests/data/aggregates``: on the shipped content, the shared corpus and corpora made to
hit the corners (one publication stated by two articles, authors sharing publications),
both give the same rows.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.core.namespaces import TALLIES_GRAPH
from kg.pipeline.build import build
from kg.rdf.store import KnowledgeGraph
from kg.rdf.tallies import MIN_SHARED, Counted, tally_lines
from kg.rdf.themes import EXAMPLES
from kg.sparql.engine import run_named

from .conftest import DATA, REPO, comparable, write

AGGREGATES = DATA / "aggregates"
#: each query with the parameters it is compared under
CASES = [
    ("recurring-genes", {}), ("recurring-genes", {"min": "1"}), ("recurring-genes", {"min": "3"}),
    ("journals", {}),
    ("coverage-matrix", {}),
    ("under-studied", {}), ("under-studied", {"max": "2"}), ("under-studied", {"max": "1000"}),
    ("author-collaboration", {}), ("author-collaboration", {"min": "3"}),
    *(("gene-profile", {"gene": name}) for name in (
        "Fbxo32", "FBXO32", "fbxo-32", "MAFbx", "atrogin-1", "p21", "Cdkn1a", "Trim63",
        "MuRF1", "Tnfsf11", "RANKL", "Sost", "Col1a1", "p53", "TP53", "Trp53", "no such gene")),
]
#: the queries that counted over every publication
COUNTING = ("recurring-genes", "journals", "coverage-matrix", "under-studied",
            "author-collaboration")

ARTICLE = """---
title: "{title}"
summary: "A study written for the tallies tests."
publishDate: "2021-03-0{day}"
authors: [{authors}]
organisms: [{organisms}]
experimentType: [{kinds}]
doi: "{doi}"
journal: "{journal}"
---

## Key Findings

{findings}
"""


def same_answers(graph: KnowledgeGraph) -> None:
    for name, params in CASES:
        counted = comparable(run_named(graph, str(AGGREGATES / f"{name}.rq"), params).values())
        tallied = comparable(run_named(graph, name, params).values())
        assert tallied == counted, (name, params)


@pytest.fixture(scope="module")
def corners(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two articles about one publication (they count once), three authors sharing two or
    three publications, genes stated in two directions, an organism with no taxon."""
    folder: Path = tmp_path_factory.mktemp("tallies")
    studies = [
        ("a.md", "10.1000/t.1", '"Ann Lee", "Bo Chan", "Cy Diaz"', '"Mice"', '"Spaceflight"',
         "Journal One", "- **Fbxo32** was upregulated in muscle.\n- Cdkn1a was upregulated."),
        ("a-again.md", "10.1000/T.1", '"Ann Lee", "Bo Chan", "Cy Diaz"', '"Mice", "Rats"',
         '"Spaceflight", "Ground Control"', "Journal One",
         "- Fbxo32 was upregulated in the soleus.\n- Trim63 was downregulated."),
        ("b.md", "10.1000/t.2", '"Ann Lee", "Bo Chan", "Cy Diaz"', '"Mice", "Tardigrades"',
         '"Radiation Exposure"', "Journal Two",
         "- Fbxo32 was downregulated after radiation.\n- Cdkn1a was upregulated.\n"
         "- p53 was upregulated in the marrow."),
        ("c.md", "10.1000/t.3", '"Ann Lee", "Bo Chan"', '"Humans"', '"Spaceflight"',
         "Journal Two", "- FBXO32 was unchanged in crew samples.\n- TP53 was upregulated."),
        ("d.md", "10.1000/t.4", '"Dee Ek"', '"Arabidopsis thaliana"', '"Others"',
         "Journal Two", "- No gene was named."),
    ]
    for day, (name, doi, authors, organisms, kinds, journal, findings) in enumerate(studies, 1):
        write(folder, name, ARTICLE.format(title=name, day=day, doi=doi, authors=authors,
                                           organisms=organisms, kinds=kinds, journal=journal,
                                           findings=findings))
    return folder


def test_the_corners_count_as_the_counting_queries_do(corners: Path) -> None:
    result = build(corners, out_dir=None)
    assert result.counts["rejected"] == 0, [str(d) for d in result.diagnostics]
    same_answers(result.graph)
    genes = {r["symbol"]: r for r in run_named(result.graph, "recurring-genes",
                                                {"min": "1"}).values()}
    # a.md and a-again.md are one publication: Fbxo32 up once, down once (b.md)
    assert (genes["Fbxo32"]["studies"], genes["Fbxo32"]["up"], genes["Fbxo32"]["down"]) \
        == ("2", "1", "1")
    pairs = {frozenset((r["author"], r["coauthor"])): r["publications"]
             for r in run_named(result.graph, "author-collaboration").values()}
    assert pairs == {frozenset(("Ann Lee", "Bo Chan")): "3",
                     frozenset(("Ann Lee", "Cy Diaz")): "2",
                     frozenset(("Bo Chan", "Cy Diaz")): "2"}


def test_the_shipped_content_counts_as_the_counting_queries_do(content_build: Path) -> None:
    same_answers(KnowledgeGraph.load(content_build))


def test_the_shared_corpus_counts_as_the_counting_queries_do(corpus: Path) -> None:
    result = build(corpus, out_dir=None)
    same_answers(result.graph)
    assert run_named(result.graph, "author-collaboration").values()  # (it has some)


def test_a_min_below_two_is_two(content_build: Path) -> None:
    graph = KnowledgeGraph.load(content_build)
    assert run_named(graph, "author-collaboration", {"min": "1"}).values() \
        == run_named(graph, "author-collaboration", {"min": str(MIN_SHARED)}).values()


def test_tallies_unite_the_articles_of_a_publication_and_ignore_their_order() -> None:
    one = Counted("<p1>", genes=("<g>",), directions=(("<g>", '"up"'),), authors=("<a>", "<b>"))
    again = Counted("<p1>", genes=("<g>",), directions=(("<g>", '"down"'),),
                    authors=("<a>", "<b>"))
    two = Counted("<p2>", genes=("<g>",), authors=("<a>", "<b>"))
    lines = tally_lines([one, again, two])
    assert lines == tally_lines([two, again, one]) == sorted(set(lines))
    text = "".join(lines)
    assert f'<g> <{"https://w3id.org/spacebio-kg/ontology#"}publicationCount> "2"' in text
    assert text.count('upCount> "1"') == 1 and text.count('downCount> "1"') == 1
    assert text.count('sharedPublications> "2"') == 1
    assert all(line.endswith(f"<{TALLIES_GRAPH}> .\n") for line in lines)
    assert tally_lines([one, two][:1]) and 'sharedPublications' not in "".join(
        tally_lines([one, again]))  # one shared publication: no collaboration


def tallies_of(out: Path) -> list[str]:
    return [line for line in (out / "graph.nq").read_text(encoding="utf-8").splitlines()
            if line.endswith(f"<{TALLIES_GRAPH}> .")]


def test_an_edit_recounts_the_tallies_as_a_clean_build_would(corners: Path,
                                                              tmp_path: Path) -> None:
    content = tmp_path / "content"
    for path in sorted(corners.iterdir()):
        write(content, path.name, path.read_text(encoding="utf-8"))
    build(content, tmp_path / "out")
    before = tallies_of(tmp_path / "out")
    edited = (content / "c.md").read_text(encoding="utf-8").replace(
        "FBXO32 was unchanged", "FBXO32 was downregulated")
    write(content, "c.md", edited)
    (content / "d.md").unlink()
    rebuilt = build(content, tmp_path / "out")
    assert rebuilt.patched
    clean = build(content, tmp_path / "clean", cache=False)
    assert (tmp_path / "out" / "graph.nq").read_bytes() \
        == (tmp_path / "clean" / "graph.nq").read_bytes()
    after = tallies_of(tmp_path / "out")
    cress = "NCBITaxon_3702>"  # Arabidopsis thaliana, studied by d.md alone
    assert any(cress in line for line in before) and not any(cress in line for line in after)
    assert sum("unchangedCount" in line for line in before) == 1
    assert not any("unchangedCount" in line for line in after)
    # c.md alone wrote FBXO32 (human): its gene is still described, d.md wrote no gene
    assert [line for line in before if "nameKey" in line] \
        == [line for line in after if "nameKey" in line]
    same_answers(clean.graph)


def test_the_library_reads_the_tallies_not_the_articles() -> None:
    """The five queries no longer count over publications, nor gene-profile fold the names
    of every mention (that is what made them slow)."""
    for name in COUNTING:
        text = (REPO / "queries" / f"{name}.rq").read_text(encoding="utf-8")
        assert "COUNT(" not in text, name
        assert "sbkg:publicationCount" in text or "sbkg:sharedPublications" in text, name
    profile = (REPO / "queries" / "gene-profile.rq").read_text(encoding="utf-8")
    assert "writtenAs" not in profile and "sbkg:nameKey" in profile


def _themes(graph: KnowledgeGraph, query: str) -> dict[str, tuple[object, ...]]:
    rows = run_named(graph, query, {"min": "1"}).values()
    return {str(r["theme"]): (r["publications"], r["gaps"],
                              sorted((r["organisms"] or "").split(", ")),
                              set((r["examples"] or "").split(" | "))) for r in rows}


@pytest.mark.parametrize("where", ["content", "corpus"])
def test_shared_gaps_read_the_theme_counts_and_give_three_examples(
        where: str, content_build: Path, corpus: Path) -> None:
    graph = KnowledgeGraph.load(content_build) if where == "content" \
        else build(corpus, out_dir=None).graph
    counted = _themes(graph, str(AGGREGATES / "shared-knowledge-gaps.rq"))
    stated = _themes(graph, "shared-knowledge-gaps")
    assert counted and stated.keys() == counted.keys()
    for theme, (publications, gaps, organisms, examples) in stated.items():
        assert (publications, gaps, organisms) == counted[theme][:3], theme
        assert examples <= counted[theme][3] and 1 <= len(examples) <= EXAMPLES, theme
    assert any(len(found[3]) > EXAMPLES for found in counted.values())  # (some have more)


def test_an_edit_of_organisms_alone_restates_the_organisms_of_its_themes(tmp_path: Path) -> None:
    """The themes are computed again only when gaps change; the organisms of each theme are
    in the tallies, stated again on every build from what each article studies."""
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    build(content, tmp_path / "out")
    zebrafish = "NCBITaxon_7955>"
    studied = [line for line in tallies_of(tmp_path / "out") if "#themeOrganism>" in line]
    assert studied and not any(zebrafish in line for line in studied)
    heart = next(content.glob("A-Shuttle-Flight-Pushes-the-Mouse-Heart*.md"))
    text = heart.read_text(encoding="utf-8")
    assert 'organisms: ["Mice"]' in text
    heart.write_text(text.replace('organisms: ["Mice"]', 'organisms: ["Mice", "Danio rerio"]'),
                     encoding="utf-8")
    assert build(content, tmp_path / "out").patched
    build(content, tmp_path / "clean", cache=False)
    assert (tmp_path / "out" / "graph.nq").read_bytes() \
        == (tmp_path / "clean" / "graph.nq").read_bytes()
    assert any(zebrafish in line and "#themeOrganism>" in line
               for line in tallies_of(tmp_path / "out"))
