"""The SPARQL 1.1 Service Description of ``kg serve``: what ``GET /sparql`` with no query
answers, so that a client can learn the endpoint's languages, formats and dataset by asking it.

Everything stated is what the server does: the result formats are the ones the endpoint
writes (the same table the writer uses), ``sd:SPARQL11Update`` only when an update key is
set, ``sd:UnionDefaultGraph`` because the default graph is the merge of the article graphs,
``sd:BasicFederatedQuery`` only when the operator allowed some ``SERVICE`` endpoints.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from kg.core.namespaces import FORMATS, RDF, SD, VOID

__all__ = ["FORMAT_IRIS", "Description", "describe"]

#: media type -> the W3C IRI naming that format (the objects of ``sd:resultFormat``)
FORMAT_IRIS = {
    "application/sparql-results+json": FORMATS.SPARQL_Results_JSON,
    "application/sparql-results+xml": FORMATS.SPARQL_Results_XML,
    "text/csv": FORMATS.SPARQL_Results_CSV,
    "text/tab-separated-values": FORMATS.SPARQL_Results_TSV,
    "text/turtle": FORMATS.Turtle,
    "application/n-triples": FORMATS["N-Triples"],
    "application/ld+json": FORMATS["JSON-LD"],
    "application/rdf+xml": FORMATS.RDF_XML,
}
#: named graphs listed one by one up to this many (a description stays small)
_LISTED = 1_000
_XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"


@dataclass(frozen=True)
class Description:
    """What the description says: the endpoint, its formats, its dataset's size."""

    endpoint: str
    formats: Sequence[str]
    update: bool
    federated: bool
    triples: int
    named_graphs: Sequence[str]


def describe(about: Description) -> list[ox.Triple]:
    """The description as triples (written by the server in the negotiated RDF format)."""
    def iri(value: str) -> ox.NamedNode:
        return ox.NamedNode(str(value))

    service, dataset, default = ox.BlankNode("service"), ox.BlankNode("dataset"), ox.BlankNode(
        "default")
    a = iri(RDF.type)
    out = [ox.Triple(service, a, iri(SD.Service)),
           ox.Triple(service, iri(SD.endpoint), iri(about.endpoint)),
           ox.Triple(service, iri(SD.supportedLanguage), iri(SD.SPARQL11Query)),
           ox.Triple(service, iri(SD.feature), iri(SD.UnionDefaultGraph)),
           ox.Triple(service, iri(SD.defaultDataset), dataset),
           ox.Triple(dataset, a, iri(SD.Dataset)),
           ox.Triple(dataset, iri(SD.defaultGraph), default),
           ox.Triple(default, a, iri(SD.Graph)),
           ox.Triple(default, iri(VOID.triples), ox.Literal(str(about.triples),
                                                            datatype=iri(_XSD_INTEGER))),
           ox.Triple(dataset, iri(VOID.subset), default)]
    if about.update:
        out.append(ox.Triple(service, iri(SD.supportedLanguage), iri(SD.SPARQL11Update)))
    if about.federated:
        out.append(ox.Triple(service, iri(SD.feature), iri(SD.BasicFederatedQuery)))
    out += [ox.Triple(service, iri(SD.resultFormat), iri(FORMAT_IRIS[m]))
            for m in about.formats if m in FORMAT_IRIS]
    for i, name in enumerate(about.named_graphs[:_LISTED]):
        node = ox.BlankNode(f"named{i}")
        out += [ox.Triple(dataset, iri(SD.namedGraph), node),
                ox.Triple(node, a, iri(SD.NamedGraph)),
                ox.Triple(node, iri(SD.name), iri(name))]
    return out
