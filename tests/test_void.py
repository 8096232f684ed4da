"""The build describes its dataset in VoID: size, classes and properties with counts, dumps."""

from __future__ import annotations

from pathlib import Path

import rdflib
from rdflib.namespace import RDF, VOID

from kg.core.namespaces import SBKG
from kg.pipeline.build import build
from kg.rdf.void import DATASET

from .conftest import REPO


def test_void_counts_what_the_dumps_hold(tmp_path: Path) -> None:
    result = build(REPO / "content", tmp_path / "out")
    path = tmp_path / "out" / "void.ttl"
    assert path in result.written
    void = rdflib.Graph().parse(path, format="turtle")
    dataset = rdflib.URIRef(DATASET)
    assert (dataset, RDF.type, VOID.Dataset) in void
    assert int(void.value(dataset, VOID.triples)) == result.triples
    data = rdflib.Graph().parse(tmp_path / "out" / "graph.ttl", format="turtle")
    by_class = {void.value(p, VOID["class"]): int(void.value(p, VOID.entities))
                for p in void.objects(dataset, VOID.classPartition)}
    assert by_class[SBKG.Publication] == len(set(data.subjects(RDF.type, SBKG.Publication)))
    by_property = {void.value(p, VOID.property): int(void.value(p, VOID.triples))
                   for p in void.objects(dataset, VOID.propertyPartition)}
    assert by_property[SBKG.reportsGene] == len(list(data.triples((None, SBKG.reportsGene, None))))
    assert sum(by_property.values()) == result.triples
    dumps = {str(d).rsplit("/", 1)[-1] for d in void.objects(dataset, VOID.dataDump)}
    assert dumps == {"graph.nq", "graph.ttl"}
    assert rdflib.URIRef(str(SBKG._NS)) in set(void.objects(dataset, VOID.vocabulary))
    again = build(REPO / "content", tmp_path / "again")
    assert (tmp_path / "again" / "void.ttl").read_bytes() == path.read_bytes()
    assert again.triples == result.triples
