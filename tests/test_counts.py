"""`kg stats`, `kg themes` and the queries count the same things the same way."""

from __future__ import annotations

from click.testing import CliRunner

from kg.cli import main
from kg.rdf.store import KnowledgeGraph
from kg.sparql.run import run_named
from kg.sparql.stats import stats, themes


def test_stats_counts_studies_per_mission_as_the_missions_query_does(content_build) -> None:
    graph = KnowledgeGraph.load(content_build)
    counted = {label: n for scheme, label, n in stats(graph).concepts if scheme == "sbkg:missions"}
    studies = {r["mission"]: int(r["studies"] or 0) for r in run_named(graph, "missions").values()}
    assert studies and all(counted[m] == n for m, n in studies.items()), (counted, studies)


def test_themes_match_the_shared_gaps_query(content_build) -> None:
    graph = KnowledgeGraph.load(content_build)
    found = themes(graph)
    assert found and any(t.kind == "need" for t in found)
    shared = {r["theme"]: (int(r["publications"] or 0), int(r["gaps"] or 0))
              for r in run_named(graph, "shared-knowledge-gaps", {"min": "1"}).values()}
    assert {t.label: (t.publications, t.gaps) for t in found} == shared
    assert all(t.publications >= 2 for t in found)  # a theme groups gaps of two studies


def test_kg_themes_prints_every_theme(content_build) -> None:
    result = CliRunner().invoke(main, ["themes", "--graph", str(content_build)])
    assert result.exit_code == 0, result.output
    found = themes(KnowledgeGraph.load(content_build))
    assert result.output.count("\n") == len(found) + 2
    assert f"{len(found)} themes" in result.output and found[0].label in result.output
