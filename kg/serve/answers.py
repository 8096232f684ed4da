"""Answers written in the media type the client accepts: SPARQL results (JSON, XML, CSV, TSV)
for SELECT and ASK, RDF (Turtle, N-Triples, JSON-LD, RDF/XML) for CONSTRUCT, DESCRIBE and
the service description.

The tables here are the ones the service description advertises, so the description can
only name formats that are written.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pyoxigraph as ox

from kg.errors import ProtocolError
from kg.serve.protocol import choose_media
from kg.sparql.result import QueryResult
from kg.sparql.results import MEDIA_TYPES, to_csv, to_json, to_tsv, to_xml

__all__ = ["RESULT_MEDIA", "RDF_MEDIA", "write_result", "write_rdf"]

Writer = Callable[..., str]
_WRITERS: dict[str, Writer] = {MEDIA_TYPES["json"]: to_json, MEDIA_TYPES["xml"]: to_xml,
                               MEDIA_TYPES["csv"]: to_csv, MEDIA_TYPES["tsv"]: to_tsv}
#: media types of SELECT and ASK answers, in our order of preference
RESULT_MEDIA = tuple(_WRITERS)
_RDF = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
#: media types of graph answers, in our order of preference
RDF_MEDIA = tuple(_RDF)
# other names clients use for the same formats (answered with the type in the table)
_ALIASES = {"application/json": MEDIA_TYPES["json"], "application/xml": MEDIA_TYPES["xml"],
            "text/xml": MEDIA_TYPES["xml"], "text/plain": "application/n-triples",
            "text/n3": "text/turtle", "text/rdf+n3": "text/turtle",
            "application/x-turtle": "text/turtle"}
# the format= parameter's short names
_SHORT = {"json": MEDIA_TYPES["json"], "xml": MEDIA_TYPES["xml"], "csv": "text/csv",
          "tsv": "text/tab-separated-values", "turtle": "text/turtle",
          "ntriples": "application/n-triples", "jsonld": "application/ld+json",
          "json-ld": "application/ld+json", "rdfxml": "application/rdf+xml",
          "rdf": "application/rdf+xml", "n3": "text/turtle"}  # Turtle is N3's RDF subset


def _negotiate(accept: str | None, fmt: str, offered: Sequence[str]) -> str:
    """The media type to write: the ``format`` parameter's if it names one offered here
    (it is no part of the protocol, only a hint some clients send beside ``Accept``: an
    unknown or unfit one is left to ``Accept``), else the one ``Accept`` prefers."""
    hinted = _SHORT.get(fmt.lower(), fmt.lower())
    hinted = _ALIASES.get(hinted, hinted)
    if hinted in offered:
        return hinted
    names = list(offered) + [a for a, m in _ALIASES.items() if m in offered]
    chosen = choose_media(accept, names)
    if chosen is None:
        raise ProtocolError(406, f"no acceptable format in Accept: {accept}; this answer "
                                 f"comes as {', '.join(offered)}")
    return _ALIASES.get(chosen, chosen)


def write_rdf(triples: Sequence[ox.Triple], accept: str | None, fmt: str = "") -> tuple[str, bytes]:
    """Triples in the negotiated RDF format: ``(media type, bytes)``."""
    media = _negotiate(accept, fmt, RDF_MEDIA)
    return media, ox.serialize(list(triples), format=_RDF[media]) or b""


def write_result(result: QueryResult, accept: str | None, fmt: str = "") -> tuple[str, bytes]:
    """A query result in the negotiated format: ``(media type, bytes)``."""
    if result.triples is not None:
        return write_rdf(result.triples, accept, fmt)
    media = _negotiate(accept, fmt, RESULT_MEDIA)
    writer = _WRITERS[media]
    if result.boolean is not None:
        return media, writer(None, [], result.boolean).encode()
    return media, writer(result.columns, result.rows).encode()
