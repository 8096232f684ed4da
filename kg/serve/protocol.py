"""The SPARQL 1.1 Protocol's rules for a request, apart from any socket: which operation it
is, over which dataset, and which media type the answer is written in.

Every rule the W3C protocol tests check is here, each broken rule a
:class:`~kg.errors.ProtocolError` carrying the status the protocol asks for: one ``query`` or
one ``update`` (never two, never both: 400), updates only by ``POST`` (400), a ``POST`` body
of a media type the protocol names (415) and in UTF-8 (415 for another charset, 400 for bytes
that are not UTF-8), graph IRIs that are absolute IRIs (400), no ``using-graph-uri`` beside
an update's own ``USING`` or ``WITH`` (400). ``Accept`` is read with its q-values; nothing
acceptable is 406.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from http import HTTPStatus
from urllib.parse import parse_qs

import pyoxigraph as ox

from kg.errors import ProtocolError
from kg.rdf.lexer import add_using, names_dataset
from kg.rdf.store import QueryDataset

__all__ = ["Operation", "read_operation", "choose_media", "ALLOWED_METHODS"]

#: the methods /sparql answers; any other is 405 with this as ``Allow``
ALLOWED_METHODS = "GET, POST"
_FORM = "application/x-www-form-urlencoded"
_QUERY = "application/sparql-query"
_UPDATE = "application/sparql-update"
_QUERY_GRAPHS = ("default-graph-uri", "named-graph-uri")
_UPDATE_GRAPHS = ("using-graph-uri", "using-named-graph-uri")


@dataclass(frozen=True)
class Operation:
    """One protocol operation: a query (over ``dataset`` if the request names one) or an
    update (its ``using-graph-uri`` already written into ``text``); ``fmt`` is the
    ``format`` parameter some clients send instead of ``Accept``."""

    kind: str
    text: str
    dataset: QueryDataset | None = None
    fmt: str = ""


def _bad(message: str, status: HTTPStatus = HTTPStatus.BAD_REQUEST) -> ProtocolError:
    return ProtocolError(status, message)


def _graphs(params: dict[str, list[str]], name: str) -> tuple[str, ...]:
    for iri in params.get(name, []):
        try:
            ox.NamedNode(iri)
        except ValueError:
            raise _bad(f"{name}: {iri!r} is not an absolute IRI") from None
    return tuple(params.get(name, []))


def _text(body: bytes, charset: str) -> str:
    if charset and charset.lower().replace("-", "") != "utf8":
        raise _bad(f"the body must be UTF-8, not {charset}", HTTPStatus.UNSUPPORTED_MEDIA_TYPE)
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise _bad("the body is not UTF-8") from None


def _media(content_type: str | None) -> tuple[str, str]:
    """The media type of a ``Content-Type`` header, and its charset (or "")."""
    media, *params = (content_type or "").split(";")
    charset = next((p.split("=", 1)[1].strip().strip('"') for p in params
                    if p.strip().lower().startswith("charset=")), "")
    return media.strip().lower(), charset


def read_operation(method: str, query_string: str, content_type: str | None,
                   body: bytes) -> Operation | None:
    """The operation of a request to /sparql (``None``: a ``GET`` with no query, which asks
    for the service description)."""
    params = parse_qs(query_string, keep_blank_values=True)
    if method == "GET":
        if "update" in params:
            raise _bad("updates are sent with POST, not GET")
        if "query" not in params:
            return None
        return _operation("query", params, params["query"])
    if method != "POST":
        raise ProtocolError(HTTPStatus.METHOD_NOT_ALLOWED, f"{method} is not allowed on /sparql",
                            {"Allow": ALLOWED_METHODS})
    media, charset = _media(content_type)
    if media == _FORM:
        form = parse_qs(_text(body, charset), keep_blank_values=True)
        for key, values in form.items():
            params.setdefault(key, []).extend(values)
        if "query" in params and "update" in params:
            raise _bad("send query= or update=, not both")
        kind = "update" if "update" in params else "query"
        if kind not in params:
            raise _bad("the form has neither query= nor update=")
        return _operation(kind, params, params[kind])
    if media in (_QUERY, _UPDATE):
        if "query" in params or "update" in params:
            raise _bad(f"a {media} body and a query= or update= parameter: send one")
        kind = "query" if media == _QUERY else "update"
        return _operation(kind, params, [_text(body, charset)])
    raise _bad(f"a POST to /sparql is {_FORM}, {_QUERY} or {_UPDATE}, not "
               f"{media or 'without a Content-Type'}", HTTPStatus.UNSUPPORTED_MEDIA_TYPE)


def _operation(kind: str, params: dict[str, list[str]], texts: list[str]) -> Operation:
    if len(texts) != 1:
        raise _bad(f"one {kind} per request, not {len(texts)}")
    mine, theirs = (_QUERY_GRAPHS, _UPDATE_GRAPHS) if kind == "query" else (
        _UPDATE_GRAPHS, _QUERY_GRAPHS)
    if wrong := [p for p in theirs if p in params]:
        raise _bad(f"{', '.join(wrong)} is not a parameter of a {kind}")
    default, named = _graphs(params, mine[0]), _graphs(params, mine[1])
    fmt = (params.get("format") or [""])[0]
    if kind == "query":
        dataset = QueryDataset(default, named) if default or named else None
        return Operation(kind, texts[0], dataset, fmt)
    text = texts[0]
    if default or named:
        if names_dataset(text):
            raise _bad("the update has USING or WITH: it cannot also take "
                       "using-graph-uri or using-named-graph-uri")
        text = add_using(text, default, named)
    return Operation(kind, text, None, fmt)


def _ranges(accept: str) -> list[tuple[str, float, int]]:
    """The media ranges of an ``Accept`` header: ``(range, q, position)``."""
    out = []
    for position, part in enumerate(accept.split(",")):
        media, *params = part.split(";")
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        if media.strip():
            out.append((media.strip().lower(), q, position))
    return out


def choose_media(accept: str | None, offered: Sequence[str]) -> str | None:
    """The offered media type the client prefers: highest q, then the most specific range
    that matched, then the client's order, then ours. ``None`` if none is acceptable (each
    is refused by ``q=0`` or matched by no range); no ``Accept`` takes our first."""
    if not accept or not accept.strip():
        return offered[0] if offered else None
    ranges = _ranges(accept)
    best: tuple[float, int, int, int] | None = None
    chosen = None
    for index, media in enumerate(offered):
        kind = media.split("/")[0]
        matches = [(2 if r == media else 1 if r == f"{kind}/*" else 0, q, pos)
                   for r, q, pos in ranges if r in (media, f"{kind}/*", "*/*")]
        if not matches:
            continue
        specificity, q, position = max(matches, key=lambda m: (m[0], -m[2]))
        key = (q, specificity, -position, -index)
        if q > 0 and (best is None or key > best):
            best, chosen = key, media
    return chosen
