"""Release bundles: the same bytes for the same build and version, checksums that check, and
the changes since the previous release."""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner
from rdflib.namespace import VOID

from kg.cli import main
from kg.errors import KgError
from kg.pipeline.build import build
from kg.publish.release import SUMS_FILE, release
from kg.rdf.store import KnowledgeGraph

from .conftest import REPO

ARTICLES = sorted((REPO / "content").glob("*.md"))[:3]


def _build(tmp: Path, name: str, articles: list[Path]) -> Path:
    content = tmp / f"{name}-content"
    content.mkdir()
    for article in articles:
        shutil.copy(article, content / article.name)
    out = tmp / name
    result = build(content, out)
    assert not result.failed
    return out


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> tuple[Path, Path]:
    """Two builds, the second with one more article than the first."""
    tmp = tmp_path_factory.mktemp("release-builds")
    return _build(tmp, "small", ARTICLES[:2]), _build(tmp, "bigger", ARTICLES)


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_same_build_and_version_same_bytes(builds, tmp_path: Path) -> None:
    small, _bigger = builds
    first = release(small, tmp_path / "a", "1.0")
    second = release(small, tmp_path / "b", "1.0")
    assert first == tmp_path / "a" / "1.0"
    assert _files(first) == _files(second)
    names = set(_files(first))
    assert {"graph.nq.gz", "graph.ttl.gz", "graph.jsonld.gz", "nodes.tsv", "edges.tsv", "void.ttl",
            "examples.ttl", "CHANGES.json", "CHANGES.md", SUMS_FILE} <= names
    again = release(small, tmp_path / "a", "1.0")  # releasing a version again replaces it
    assert _files(again) == _files(second)


def test_gzip_members_name_no_file_and_no_time(builds, tmp_path: Path) -> None:
    small, _bigger = builds
    folder = release(small, tmp_path, "1.0")
    data = (folder / "graph.nq.gz").read_bytes()
    assert data[3] & 0x08 == 0  # FNAME flag unset
    assert data[4:8] == b"\0\0\0\0"  # MTIME 0
    assert gzip.decompress(data) == (small / "graph.nq").read_bytes()
    jsonld = rdflib.Dataset().parse(data=gzip.decompress((folder / "graph.jsonld.gz").read_bytes()),
                                    format="json-ld")
    triples = {(s, p, o) for s, p, o, _g in jsonld.quads((None, None, None, None))}
    assert len(triples) == KnowledgeGraph.load(small).triple_count


def test_sha256sum_checks_the_bundle(builds, tmp_path: Path) -> None:
    small, _bigger = builds
    folder = release(small, tmp_path, "1.0")
    sums = (folder / SUMS_FILE).read_text(encoding="utf-8").splitlines()
    assert sorted(line.split("  ", 1)[1] for line in sums) == sorted(set(_files(folder)) - {SUMS_FILE})
    checked = subprocess.run(["sha256sum", "-c", SUMS_FILE], cwd=folder, capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    (folder / "edges.tsv").write_text("tampered\n", encoding="utf-8")
    checked = subprocess.run(["sha256sum", "-c", SUMS_FILE], cwd=folder, capture_output=True, text=True)
    assert checked.returncode != 0 and "edges.tsv: FAILED" in checked.stdout


def test_void_names_the_bundle_dumps(builds, tmp_path: Path) -> None:
    small, _bigger = builds
    folder = release(small, tmp_path, "2.0")
    void = rdflib.Graph().parse(folder / "void.ttl", format="turtle", publicID=folder.as_uri() + "/")
    dumps = {str(d).rsplit("/", 1)[-1] for d in void.objects(None, VOID.dataDump)}
    assert dumps and dumps <= set(_files(folder))
    assert "2.0" in {str(v) for v in void.objects(None, rdflib.OWL.versionInfo)}


def test_one_more_article_is_one_more_publication(builds, tmp_path: Path) -> None:
    small, bigger = builds
    first = release(small, tmp_path, "1.9")
    assert json.loads((first / "CHANGES.json").read_text())["previous"] is None
    second = release(bigger, tmp_path, "1.10")  # the previous one found beside it: 1.9 < 1.10
    record = json.loads((second / "CHANGES.json").read_text(encoding="utf-8"))
    assert record["previous"] == "1.9"
    change = record["changes"]["publications"]
    assert change["change"] == 1 and change["after"] == record["counts"]["publications"]
    publications = KnowledgeGraph.load(bigger).query(
        "SELECT (COUNT(*) AS ?n) WHERE { ?p a <https://w3id.org/spacebio-kg/ontology#Publication> }")
    assert change["after"] == int(next(iter(publications))["n"].value)
    assert record["changes"]["triples"]["change"] > 0
    assert f"publications: {change['before']} → {change['after']} (+1)" in (second / "CHANGES.md").read_text()


def test_cli_with_an_explicit_previous(builds, tmp_path: Path) -> None:
    small, bigger = builds
    runner = CliRunner()
    result = runner.invoke(main, ["release", str(tmp_path / "old"), "--version", "1", "--graph", str(small)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(main, ["release", str(tmp_path / "new"), "--version", "2", "--graph", str(bigger),
                                  "--previous", str(tmp_path / "old" / "1")])
    assert result.exit_code == 0, result.output
    assert "Changes since 1:" in result.output and "(+1)" in result.output
    result = runner.invoke(main, ["release", str(tmp_path), "--version", "../up", "--graph", str(small)])
    assert result.exit_code == 3


def test_previous_must_be_a_release(builds, tmp_path: Path) -> None:
    small, _bigger = builds
    with pytest.raises(KgError, match="no release"):
        release(small, tmp_path / "out", "1", previous=small)
