"""The network page, opened in a real headless Chromium started by the tests."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.network.page import make_page
from kg.network.projection import build_network
from kg.network.views import focus
from kg.pipeline.build import build
from kg.rdf.store import KnowledgeGraph

from .browser import Browser, chromium
from .conftest import DATA, need, synthetic_corpus, write

HOSTILE_TITLE = "<img src=x onerror=alert(1)>"
HOSTILE_GAP = "<script>alert(2)</script> Whether markup runs"

COUNT_DRAWN = "Object.keys(kg.network.body.nodes).length"
VISIBLE = "kg.nodes.get({filter: n => !n.hidden}).map(n => n.id).sort()"
# pixels the network canvas has painted (it starts transparent)
PAINTED = """(() => { const c = document.querySelector('#network canvas');
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n; })()"""


@pytest.fixture(scope="module")
def browser():
    need(chromium() is not None, "Chromium (apt install chromium) is not installed")
    with Browser() as running:
        yield running


@pytest.fixture(scope="module")
def content_page(content_build, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("page") / "network.html"
    make_page(KnowledgeGraph.load(content_build), path)
    return path


@pytest.fixture(scope="module")
def opened(browser, content_page):
    page = browser.open(content_page.as_uri())
    page.wait_for("window.kg && window.kg.ready")
    return page


def test_the_network_is_drawn_with_every_node(opened, content_build) -> None:
    network = build_network(KnowledgeGraph.load(content_build))
    assert opened.evaluate(COUNT_DRAWN) == len(network)
    assert opened.evaluate("kg.edges.length") == network.number_of_edges()
    assert opened.evaluate(
        "Object.values(kg.network.getPositions()).every(p => isFinite(p.x) && isFinite(p.y))")
    assert opened.evaluate(PAINTED) > 5000
    legend = opened.evaluate("[...document.querySelectorAll('#legend label')].map(l => l.innerText)")
    assert len(legend) == 7 and any(item.startswith("gene") for item in legend)
    assert opened.errors == []


def test_no_request_leaves_the_page(opened, content_page) -> None:
    assert opened.requests == [content_page.as_uri()]
    html = content_page.read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert not re.search(r"cdn\.|jsdelivr|unpkg|cdnjs|googleapis|bootstrap", html, re.I)


def test_an_organism_filter_hides_the_other_studies(opened, content_build) -> None:
    network = build_network(KnowledgeGraph.load(content_build))
    organism = "Arabidopsis thaliana"
    studies = {n for n, d in network.nodes(data=True)
               if d["type"] == "publication" and organism in d["organisms"]}
    expected = studies | {n for n, d in network.nodes(data=True) if d["type"] != "publication"
                          and any(m in studies for m in network[n])}
    assert 0 < len(studies) < sum(1 for _, d in network.nodes(data=True)
                                  if d["type"] == "publication")
    opened.evaluate(f"""(() => {{ const s = document.getElementById('organism');
        s.value = {organism!r}; s.dispatchEvent(new Event('change')); }})()""")
    assert opened.evaluate(VISIBLE) == sorted(expected)
    assert opened.evaluate("document.getElementById('status').textContent") == \
        f"Showing {len(expected)} of {len(network)} nodes."
    opened.evaluate("document.getElementById('reset').click()")
    assert len(opened.evaluate(VISIBLE)) == len(network)


def test_the_legend_hides_a_type_and_search_finds_a_gene(opened, content_build) -> None:
    network = build_network(KnowledgeGraph.load(content_build))
    opened.evaluate("""document.querySelector('#legend input[data-type="gene"]').click()""")
    visible = set(opened.evaluate(VISIBLE))
    assert visible and not any(network.nodes[n]["type"] == "gene" for n in visible)
    opened.evaluate("document.getElementById('reset').click()")
    opened.evaluate("""(() => { const s = document.getElementById('search');
        s.value = 'fbxo32'; s.dispatchEvent(new Event('input')); })()""")
    gene = next(n for n, d in network.nodes(data=True) if d["label"] == "Fbxo32")
    assert opened.evaluate("kg.network.getSelectedNodes()") == [gene]
    details = opened.evaluate("document.getElementById('details').innerText")
    assert "Fbxo32" in details and "Mus musculus" in details
    opened.evaluate("document.getElementById('focus').click()")
    assert set(opened.evaluate(VISIBLE)) == {gene, *network[gene]}
    opened.evaluate("document.getElementById('reset').click()")


def test_article_text_is_shown_as_text_and_runs_nothing(browser, tmp_path: Path) -> None:
    source = (DATA / "species" / "mouse-muscle.md").read_text(encoding="utf-8")
    source = source.replace('title: "Unloaded Mouse Muscle Turns On Its Atrophy Genes"',
                            f'title: "{HOSTILE_TITLE}"')
    source = source.replace('knowledgeGaps: ["Whether the same genes move in people"]',
                            f'knowledgeGaps: ["{HOSTILE_GAP}", "{HOSTILE_GAP} again"]')
    write(tmp_path / "content", "hostile.md", source)
    write(tmp_path / "content", "human.md",
          (DATA / "species" / "human-muscle.md").read_text(encoding="utf-8")
          .replace("knowledgeGaps: [", f'knowledgeGaps: ["{HOSTILE_GAP}", '))
    graph = build(tmp_path / "content", out_dir=None).graph
    path = tmp_path / "page.html"
    make_page(graph, path)
    page = browser.open(path.as_uri())
    page.wait_for("window.kg && window.kg.ready")
    study = "https://doi.org/10.5555/fixture.mouse"
    # the title is drawn as a label and sits in the tooltip as text
    assert page.evaluate(f"kg.nodes.get({study!r}).name") == HOSTILE_TITLE
    point = page.evaluate(f"""(() => {{ const p = kg.network.canvasToDOM(
        kg.network.getPosition({study!r}));
        const r = kg.network.body.container.getBoundingClientRect();
        return [p.x + r.left, p.y + r.top]; }})()""")
    page.move_mouse(*point)
    tip = page.wait_for("""(() => { const t = document.querySelector('div.vis-tooltip');
        return t && t.style.visibility !== 'hidden' && t.textContent; })()""", 20)
    assert HOSTILE_TITLE in tip
    page.click(*point)
    assert HOSTILE_TITLE in page.evaluate("document.getElementById('details').textContent")
    topic = page.evaluate("kg.nodes.get({filter: n => n.kind === 'gap'}).map(n => n.examples)")
    assert any(HOSTILE_GAP in examples for examples in topic)
    # and nothing ran: no dialog, no element made from it, no request for its image
    assert page.dialogs == [] and page.errors == []
    assert page.evaluate("document.querySelectorAll('img, #network script').length") == 0
    assert page.requests == [path.as_uri()]


def test_focus_mode_from_the_command_line(browser, content_build, tmp_path: Path) -> None:
    out = tmp_path / "focus.html"
    result = CliRunner().invoke(main, ["viz", "--graph", str(content_build), "-o", str(out),
                                       "--focus", "Fbxo32", "--depth", "2"])
    assert result.exit_code == 0, result.output
    expected = focus(build_network(KnowledgeGraph.load(content_build)), "Fbxo32", 2)
    assert f"{len(expected)} nodes" in result.output
    page = browser.open(out.as_uri())
    page.wait_for("window.kg && window.kg.ready")
    assert page.evaluate(COUNT_DRAWN) == len(expected)
    message = page.evaluate("document.getElementById('message').textContent")
    assert "neighbourhood of Fbxo32 within 2 steps" in message


def test_a_large_corpus_is_trimmed_and_says_so(browser, tmp_path: Path) -> None:
    folder = synthetic_corpus(tmp_path / "corpus", 300)
    graph = build(folder, out_dir=None).graph
    report = make_page(graph, tmp_path / "large.html", max_nodes=150)
    assert report.omitted and report.nodes <= 150
    page = browser.open(report.path.as_uri())
    page.wait_for("window.kg && window.kg.ready", 120)
    assert page.evaluate(COUNT_DRAWN) == report.nodes
    message = page.evaluate("document.getElementById('message').textContent")
    assert message.startswith(f"Showing {report.nodes} of {report.omitted.total_nodes} nodes")
    assert "left out" in message and "--max-nodes" in message


def test_the_real_corpus_shows_research_themes_not_words(browser, corpus, tmp_path) -> None:
    """On the real articles, shared gaps show as research themes: a readable number of them,
    each a phrase of a need or a topic, none a single word."""
    built = build(corpus / "news", tmp_path / "news")
    path = tmp_path / "network.html"
    make_page(built.graph, path)
    page = browser.open(path.as_uri())
    page.wait_for("window.kg && window.kg.ready")
    labels = page.evaluate("kg.nodes.get({filter: n => n.kind === 'gap'}).map(n => n.name)")
    assert 5 <= len(labels) <= 40, labels
    assert all(len(label.split()) >= 2 for label in labels), labels
    assert page.errors == []
