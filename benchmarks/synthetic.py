"""Synthetic content folders in the real article format, for benchmarks.

Articles are generated from a seed, so a size always gives the same folder. They have what real
articles have: a full frontmatter (authors, tags, organisms, knowledge gaps, DOI, chart data
with Chart.js styling) and the seven body sections, about 8 kB each. A few percent carry the
malformations real folders have (a ```yaml fence around the chart, a missing DOI), and some
DOIs repeat, as when two articles summarise one paper.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime
from pathlib import Path

import frontmatter

__all__ = ["generate"]

_SURNAMES = ["Smith", "Garcia", "Chen", "Kumar", "Okafor", "Novak", "Tanaka", "Silva", "Costes",
             "Beheshti", "Blaber", "Sanders", "Arakawa", "Brandizzi", "Mao", "Ray", "Alwood"]
_ORGANISMS = ["Mice", "Humans", "Rats", "Arabidopsis", "E. coli", "Yeast", "Tardigrades",
              "Drosophila melanogaster", "Others"]
_TAGS = ["Genetics", "Microgravity", "Human Physiology", "Animals", "Microbiology",
         "Musculoskeletal", "Proteomics", "Metabolomics", "Radiation", "Cardiovascular", "Plants"]
_TYPES = ["Spaceflight", "Simulated Microgravity", "Ground Control", "Radiation Exposure", "Others"]
_GENES = ["Fbxo32", "Trim63", "Cdkn1a", "Col1a1", "Sost", "Ppara", "FYN", "TNO1", "IRE1", "gpx"]
_WORDS = ("bone muscle gene expression flight ground control radiation dose response tissue "
          "mouse human plant root cell stress pathway signal loss gain recovery mission").split()
_STYLE = {
    "backgroundColor": "rgba(54, 162, 235, 0.25)", "borderColor": "rgba(54, 162, 235, 1)",
    "pointBackgroundColor": "rgba(54, 162, 235, 1)", "pointBorderColor": "#fff",
    "borderWidth": 3, "pointRadius": 5, "tension": 0.4, "fill": False,
}


def _sentence(rng: random.Random, words: int = 18) -> str:
    text = " ".join(rng.choice(_WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def _article(i: int, rng: random.Random) -> str:
    doi_number = i if rng.random() > 0.05 else max(0, i - 1)  # 5% share a DOI with a neighbour
    labels = [f"Group {k}" for k in range(1, 6)]
    chart = {
        "type": rng.choice(["bar", "line", "radar"]),
        "data": {
            "labels": labels,
            "datasets": [
                {"label": f"Series {s}", "data": [round(rng.uniform(0, 2), 2) for _ in labels],
                 **_STYLE}
                for s in range(1, rng.randint(2, 4))
            ],
        },
        "options": {
            "responsive": True,
            "plugins": {"legend": {"display": True, "position": "top",
                                   "labels": {"color": "#e0e7ff", "font": {"size": 14}}}},
            "scales": {"y": {"beginAtZero": True, "title": {"display": True,
                                                            "text": "Fold change"}}},
        },
    }
    meta = {
        "title": f"Synthetic study {i}: {_sentence(rng, 8)[:-1]}",
        "summary": _sentence(rng, 40),
        "publishDate": datetime(2000 + rng.randint(10, 24), rng.randint(1, 12),
                                rng.randint(1, 28), tzinfo=UTC),
        "authors": [f"{rng.choice(_SURNAMES)} {chr(65 + rng.randint(0, 25))}"
                    f"{chr(65 + rng.randint(0, 25))}" for _ in range(rng.randint(2, 12))],
        "tags": rng.sample(_TAGS, 4),
        "organisms": rng.sample(_ORGANISMS, rng.randint(1, 3)),
        "experimentType": rng.choice(_TYPES),
        "featuredImage": f"https://images.example.org/{i}.jpg",
        "readTime": rng.randint(3, 8),
        "priority": rng.choice(["high", "medium", "low"]),
        "consensusLevel": rng.choice(["high", "medium", "low", "controversial"]),
        "knowledgeGaps": [_sentence(rng, 9)[:-1] for _ in range(4)],
        "doi": f"10.5555/synthetic.{doi_number}",
        "journal": f"Journal of Space Biology {rng.randint(1, 60)}",
        "url": f"https://www.ncbi.nlm.nih.gov/pmc/articles/PMC{1000000 + doi_number}/",
        "chartData": chart,
    }
    if rng.random() < 0.02:
        del meta["doi"]
    findings = "\n".join(
        f"- **Finding {k}**: {_sentence(rng)} **{rng.choice(_GENES)}** changed." for k in range(5))
    gaps = "\n".join(f"- {_sentence(rng, 14)}" for _ in range(4))
    body = (
        f"# Introduction\n{_sentence(rng, 60)}\n\n## Research Objective\n{_sentence(rng, 40)}\n\n"
        f"## Key Findings\n{findings}\n\n## Methodology\n- {_sentence(rng)}\n- {_sentence(rng)}\n\n"
        f"## Importance for Space Missions\n{_sentence(rng, 50)}\n\n"
        f"## Knowledge Gaps & Future Research\n{gaps}\n\n## Results\n{_sentence(rng, 50)}\n"
    )
    text = frontmatter.dumps(frontmatter.Post(body, **meta), sort_keys=False)
    if rng.random() < 0.03:  # the chart wrapped in a ```yaml fence, as in real revisions
        text = text.replace("\nchartData:", "\n```yaml\nchartData:", 1).replace(
            "\n---\n", "\n```\n---\n", 1)
    return text + "\n"


def generate(folder: Path, count: int, seed: int = 7) -> Path:
    """Write ``count`` articles under ``folder`` (100 per subfolder); reuse a finished folder."""
    marker = folder / f".complete-{count}-{seed}"
    if marker.is_file():
        return folder
    rng = random.Random(seed)
    for i in range(count):
        sub = folder / f"batch-{i // 100:05d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"article-{i:07d}.md").write_text(_article(i, rng), encoding="utf-8")
    marker.write_text("done\n")
    return folder
