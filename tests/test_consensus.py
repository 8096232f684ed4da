"""Consensus per gene: how many publications state each direction, and whether they agree."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.pipeline.build import build
from kg.sparql.run import run_named

from .conftest import write

ARTICLE = """---
title: "{title}"
publishDate: 2023-05-01
authors: ["Fixture A"]
organisms: ["Mice"]
experimentType: "Spaceflight"
doi: "{doi}"
journal: "Journal of Test Fixtures"
---

## Key Findings
{findings}
"""

STUDIES = {
    # one publication, two directions (two tissues): it counts under both
    "two-tissues.md": ("10.5555/consensus.a", [
        "- In the soleus **Fbxo32** rose after the flight.",
        "- In the heart **Fbxo32** fell below ground levels."]),
    "soleus.md": ("10.5555/consensus.b", ["- **Fbxo32** was upregulated in flown mice."]),
    # two publications, one direction: agree
    "bone-one.md": ("10.5555/consensus.c", ["- **Col1a1** decreased in the femur."]),
    "bone-two.md": ("10.5555/consensus.d", ["- **Col1a1** was lower in flown tibiae."]),
    # the same publication summarised twice, one direction: one publication, too few
    "liver.md": ("10.5555/consensus.e", ["- **Cyp2e1** increased in the liver."]),
    "liver-again.md": ("10.5555/consensus.e", ["- Flight raised **Cyp2e1** in the liver."]),
    # named by two publications, no direction stated: too few
    "named-one.md": ("10.5555/consensus.f", ["- The study measured **Sost** in bone."]),
    "named-two.md": ("10.5555/consensus.g", ["- **Sost** was measured by qPCR."]),
}


@pytest.fixture(scope="module")
def consensus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, str | None]]:
    folder: Path = tmp_path_factory.mktemp("consensus")
    for name, (doi, findings) in STUDIES.items():
        write(folder, name, ARTICLE.format(title=name[:-3], doi=doi, findings="\n".join(findings)))
    result = build(folder, out_dir=None)
    assert result.counts["rejected"] == 0, [str(d) for d in result.diagnostics]
    rows = run_named(result.graph, "recurring-genes").values()
    return {str(row["symbol"]): row for row in rows}


def counts(row: dict[str, str | None]) -> tuple[int, int, int, int, str | None]:
    return (int(row["studies"] or 0), int(row["up"] or 0), int(row["down"] or 0),
            int(row["unchanged"] or 0), row["agreement"])


def test_columns_are_exactly_the_consensus_columns(consensus) -> None:
    row = next(iter(consensus.values()))
    assert list(row) == ["symbol", "gene", "taxon", "studies", "up", "down", "unchanged",
                         "agreement"]


def test_a_publication_stating_two_directions_counts_in_both(consensus) -> None:
    assert counts(consensus["Fbxo32"]) == (2, 2, 1, 0, "disagree")


def test_one_direction_from_two_publications_agrees(consensus) -> None:
    assert counts(consensus["Col1a1"]) == (2, 0, 2, 0, "agree")


def test_one_publication_in_two_articles_is_one_study(consensus) -> None:
    assert "Cyp2e1" not in consensus  # one publication: below min = 2


def test_no_direction_stated_is_too_few_never_blank(consensus) -> None:
    assert counts(consensus["Sost"]) == (2, 0, 0, 0, "too few")
    assert all(row["agreement"] in ("agree", "disagree", "too few") for row in consensus.values())
