"""The query page of ``kg serve`` (YASGUI, inlined), in a real headless Chromium against a real
server on 127.0.0.1 holding a small graph with a hostile title in it."""

from __future__ import annotations

import csv
import io
import json
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from kg.pipeline.build import build
from kg.serve.http import ServeOptions, make_server
from kg.serve.page import page_bytes, page_policy
from kg.sparql.library import resolve_query

from .browser import Browser, allow_downloads, chromium, set_field
from .conftest import DATA, need, write
from .servers import free_port

HOSTILE = "<img src=x onerror=alert(1)>"
MOUSE = "https://doi.org/10.5555/fixture.mouse"
ROWS = "[...document.querySelectorAll('.yasr table.dataTable tbody tr')]"
EDITOR = "kg.yasgui.getTab().getYasqe()"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("editor") / "content"
    mouse = (DATA / "species" / "mouse-muscle.md").read_text(encoding="utf-8")
    write(folder, "mouse.md", mouse.replace(
        'title: "Unloaded Mouse Muscle Turns On Its Atrophy Genes"', f'title: "{HOSTILE}"'))
    write(folder, "human.md", (DATA / "species" / "human-muscle.md").read_text(encoding="utf-8"))
    graph = build(folder, out_dir=None).graph
    running = make_server(graph, ServeOptions(port=free_port()))
    thread = threading.Thread(target=running.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{running.server_address[1]}"
    running.shutdown()
    running.server_close()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    need(chromium() is not None, "Chromium (apt install chromium) is not installed")
    with Browser() as running:
        yield running


@pytest.fixture
def opened(browser, server):
    page = browser.open(server + "/", isolated=True)  # YASGUI keeps tabs: each test starts anew
    page.wait_for("!!(window.kg && window.kg.ready && document.querySelector('.CodeMirror'))")
    yield page
    # whatever a test did, the page asked nothing of any other origin, and nothing ran
    assert all(url.startswith(server + "/") for url in page.requests), page.requests
    assert page.dialogs == [] and page.errors == []
    # (DOMPurify parsing markup in an inert document makes Chrome log the event handler it
    # found there as refused; that one is no request and ran nothing)
    refused = [e for e in page.log if e.startswith("security") and "inline event handler" not in e]
    assert refused == [], refused
    page.send("Page.close")
    browser.send("Target.disposeBrowserContext", {"browserContextId": page.context})


def run(page) -> list[list[str]]:
    """Press the editor's run button; once the results are drawn, the text of the table's
    cells (none if another view than the table drew them)."""
    page.evaluate("window.drawn = false; void kg.yasgui.getTab().getYasr().once('drawn', () => "
                  "{ window.drawn = true; })")
    page.evaluate("document.querySelector('.yasqe_queryButton').click()")
    page.wait_for("window.drawn")
    return page.evaluate(f"{ROWS}.map(r => [...r.cells].slice(1).map(c => c.textContent))")


def choose(page, name: str) -> None:
    set_field(page, "#library", name, "change")


def test_the_page_is_one_file_that_allows_only_its_own_scripts(server) -> None:
    with urllib.request.urlopen(server + "/", timeout=30) as response:
        body, policy = response.read(), response.headers["Content-Security-Policy"]
    assert body == page_bytes() and policy == page_policy()
    assert "default-src 'none'" in policy and "connect-src 'self'" in policy
    script = next(p for p in policy.split(";") if p.strip().startswith("script-src"))
    assert "unsafe" not in script and script.count("'sha256-") == 2
    # the bundle cannot end its element early or leave the parser in an escaped state
    text = body.decode("utf-8")
    assert text.lower().count("<script") == 3 and text.lower().count("</script") == 3
    assert "<!--" not in text and "sourceMappingURL" not in text


def test_the_editor_loads_with_no_request_to_another_origin(opened, server) -> None:
    assert opened.requests == [server + "/"]
    assert opened.evaluate("document.querySelectorAll('.yasqe .CodeMirror').length") == 1
    # completion comes from our prefixes alone: the LOV completers would ask the network
    assert opened.evaluate("Object.keys(" + EDITOR + ".autocompleters).sort()") == [
        "kgPrefixes", "variables"]
    assert opened.evaluate("kg.yasgui.getTab().getEndpoint()") == server + "/sparql"
    opened.evaluate(f"(() => {{ const y = {EDITOR}; y.setValue('PREFIX sbk'); "
                    "y.setCursor(y.lineCount(), 99); y.autocomplete(); })()")
    hints = opened.wait_for("(() => { const l = document.querySelectorAll('.CodeMirror-hints li');"
                            " return l.length && [...l].map(i => i.textContent); })()", 20)
    assert hints == ["sbkg: <https://w3id.org/spacebio-kg/ontology#>"]


def test_the_policy_refuses_other_origins_and_foreign_scripts(opened) -> None:
    """Were the page made to ask another site for something, or to run a script it did not
    ship with, the browser would refuse (and the other tests would see it in the log)."""
    assert opened.evaluate("fetch('https://example.org/kg').then(() => 'sent', () => 'refused')"
                           ) == "refused"
    opened.evaluate("""(() => { const s = document.createElement('script');
        s.textContent = 'window.injected = true'; document.body.appendChild(s); })()""")
    assert opened.evaluate("window.injected === undefined")
    refused = [entry for entry in opened.log if entry.startswith("security")]
    assert len(refused) == 2 and "connect-src" in refused[0] and "script-src" in refused[1]
    opened.log.clear()


def test_a_library_query_opens_with_a_field_per_parameter(opened) -> None:
    choose(opened, "cross-species-genes")
    fields = opened.evaluate(
        "[...document.querySelectorAll('#params input')].map(i => [i.name, i.value])")
    assert fields == [["taxonA", "NCBITaxon:10090"], ["taxonB", "NCBITaxon:9606"]]
    query = resolve_query("cross-species-genes")
    assert opened.evaluate(EDITOR + ".getValue()") == (
        f"# {query.summary}\n" + query.sparql().lstrip("\n"))
    # a new tab has its own query: the fields of this one go
    opened.evaluate("void kg.yasgui.addTab(true)")
    assert opened.evaluate("document.querySelectorAll('#params input').length") == 0
    assert opened.evaluate("document.getElementById('library').value") == ""


@pytest.mark.parametrize("name, param, value", [
    ("gene-profile", "gene", "Cdkn1a"),
    ("gene-profile", "gene", 'x" } ; DROP ALL ; # $& \\'),
    ("publication-card", "doi", "https://doi.org/10.5555/FIXTURE.Mouse"),
    ("recurring-genes", "min", "3"),
    ("cross-species-genes", "taxonB", "NCBITaxon:10116"),
    ("themes-in-context", "type", "<https://w3id.org/spacebio-kg/vocab/experiment-type/x>"),
])
def test_a_field_binds_its_value_as_the_library_does(opened, name, param, value) -> None:
    """The page re-binds the VALUES block to the same text as kg.sparql.library.bind."""
    choose(opened, name)
    set_field(opened, f"#params input[name={param}]", value)
    query = resolve_query(name)
    assert opened.evaluate(EDITOR + ".getValue()") == (
        f"# {query.summary}\n" + query.sparql({param: value}).lstrip("\n"))
    assert opened.evaluate(f"document.querySelector('#params input[name={param}]')"
                           ".classList.contains('invalid')") is False


def test_a_value_that_is_no_term_leaves_the_query_alone(opened) -> None:
    choose(opened, "recurring-genes")
    before = opened.evaluate(EDITOR + ".getValue()")
    set_field(opened, "#params input[name=min]", "two")
    assert opened.evaluate(EDITOR + ".getValue()") == before
    assert "a number" in opened.evaluate("document.querySelector('#params .error').textContent")


def test_results_show_short_iris_as_links(opened) -> None:
    choose(opened, "gene-profile")
    rows = run(opened)
    assert rows and {row[0].lower() for row in rows} == {"fbxo32"}
    links = opened.evaluate(
        "[...document.querySelectorAll('.yasr tbody a.iri')].map(a => [a.textContent, a.href])")
    assert ["doi:10.5555/fixture.mouse", MOUSE] in links
    assert ["NCBITaxon:10090", "http://purl.obolibrary.org/obo/NCBITaxon_10090"] in links
    set_field(opened, "#params input[name=gene]", "Cdkn1a")
    assert {row[0].lower() for row in run(opened)} == {"cdkn1a"}


def test_a_click_on_our_iri_shows_what_the_graph_says_about_it(opened) -> None:
    """w3id.org does not know the graph's own IRIs: a click asks this endpoint instead, in a
    new tab; an IRI of elsewhere (a DOI) stays a link to its own page."""
    opened.evaluate(EDITOR + ".setValue('SELECT DISTINCT ?publication ?class WHERE { "
                    "?publication a ?class FILTER(STRSTARTS(STR(?publication), \"https://doi\")) }')")
    run(opened)
    links = "[...document.querySelectorAll('.yasr tbody a.iri')]"
    assert opened.evaluate(f"{links}.find(a => a.textContent === 'doi:10.5555/fixture.mouse')"
                           ".target") == "_blank"
    opened.evaluate(f"{links}.find(a => a.textContent === 'sbkg:Publication').click()")
    assert opened.evaluate("kg.yasgui.getTab().getName()") == "sbkg:Publication"
    about = run(opened)
    assert {"doi:10.5555/fixture.mouse", "doi:10.5555/fixture.human"} <= {row[0] for row in about}
    assert len(opened.evaluate("Object.keys(kg.yasgui._tabs)")) == 2


def test_a_hostile_literal_is_shown_as_text(opened, server) -> None:
    opened.evaluate(EDITOR + ".setValue('SELECT ?title WHERE { ?p ?q ?title "
                    "FILTER(CONTAINS(STR(?title), \"onerror\")) }')")
    rows = run(opened)
    assert [row[0].strip('"') for row in rows] == [HOSTILE]
    assert opened.evaluate("document.querySelector('.yasr tbody .nonIri').textContent") == HOSTILE
    assert opened.evaluate("document.querySelectorAll('#yasgui img').length") == 0
    assert not any("/x" in url for url in opened.requests)


def test_results_download_as_csv_and_json(opened, tmp_path: Path) -> None:
    allow_downloads(opened, tmp_path)
    choose(opened, "gene-profile")
    rows = run(opened)
    opened.evaluate("document.querySelector('.yasr_downloadIcon').click()")
    table = wait_for_file(tmp_path, ".csv")
    read = list(csv.reader(io.StringIO(table.read_text(encoding="utf-8"))))
    assert read[0][:3] == ["symbol", "taxon", "publication"] and len(read) == len(rows) + 1
    assert any(MOUSE in row for row in read[1:])
    opened.evaluate("kg.yasgui.getTab().getYasr().selectPlugin('response')")
    opened.evaluate("document.querySelector('.yasr_downloadIcon').click()")
    answer = json.loads(wait_for_file(tmp_path, ".json").read_text(encoding="utf-8"))
    assert len(answer["results"]["bindings"]) == len(rows)


def wait_for_file(folder: Path, suffix: str, seconds: float = 20) -> Path:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        done = [p for p in folder.iterdir() if p.suffix == suffix]
        if done:
            return done[0]
        time.sleep(0.1)
    raise AssertionError(f"no {suffix} file downloaded into {folder}: {list(folder.iterdir())}")


def test_a_count_per_label_is_drawn_as_a_bar_chart(opened) -> None:
    opened.evaluate(EDITOR + ".setValue('SELECT ?class (COUNT(?s) AS ?n) WHERE { ?s a ?class } "
                    "GROUP BY ?class ORDER BY DESC(?n) ?class')")
    rows = run(opened)
    opened.evaluate("kg.yasgui.getTab().getYasr().selectPlugin('chart')")
    bars = opened.wait_for("""(() => { const s = document.querySelector('.kg-chart svg');
        return s && [...s.querySelectorAll('rect')].map(r => +r.getAttribute('width')); })()""")
    counts = [int(row[1].strip('"').split('"')[0]) for row in rows]
    assert len(bars) == len(rows) and bars[0] == 480
    assert bars == pytest.approx([480 * n / counts[0] for n in counts])
    labels = opened.evaluate("[...document.querySelectorAll('.kg-chart svg text[text-anchor]')]"
                             ".map(t => t.firstChild.data)")
    assert "sbkg:Publication" in labels
    # three columns: no chart, and the results are drawn another way
    opened.evaluate(EDITOR + ".setValue('SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 3')")
    run(opened)
    assert opened.evaluate("kg.yasgui.getTab().getYasr().plugins.chart.canHandleResults()") is False
    assert opened.evaluate("kg.yasgui.getTab().getYasr().drawnPlugin") != "chart"
    assert opened.evaluate("document.querySelectorAll('.kg-chart').length") == 0
