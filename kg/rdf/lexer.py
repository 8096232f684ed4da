"""What must be known of a SPARQL text before it runs: whether it names graphs (which store
answers it, :mod:`kg.rdf.store`); and for the endpoint, which ``SERVICE`` endpoints it calls,
whether it ``LOAD``\\ s, whether an update names its own dataset, and where the protocol's
``using-graph-uri`` clauses go.

Read from the tokens of the text, never from a regular expression over the raw text: a
comment, a string, an IRI, a variable (``?service``) or a prefixed name (``ex:load``) is one
token, so only the keyword itself counts. The text is parsed for real by Oxigraph in the
worker; this is only as much of the grammar as those questions need. pyoxigraph has no
parser that gives the algebra back; rdflib's ``parseQuery`` does, but measured on the 22
shipped queries (~0.8 kB each) it takes ~80 ms a query, against ~0.5 ms to tokenise here,
and it knows a different SPARQL dialect from the engine that runs the query.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urljoin

__all__ = ["Token", "tokens", "services", "loads", "names_dataset", "add_using"]

_TOKEN = re.compile(r'''
    (?P<comment>\#[^\n]*)
  | (?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'
              |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$]\w+)
  | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<pname>(?:[A-Za-z_][\w.-]*)?:(?:[\w:%.-]|\\.)*)
  | (?P<number>[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
  | (?P<word>[A-Za-z_]\w*)
  | (?P<open>\{)
  | (?P<close>\})
  | (?P<other>\S)
''', re.VERBOSE)


@dataclass(frozen=True)
class Token:
    """One token: its kind (``word``, ``iri``, ``open`` ...), text, offset, and brace depth."""

    kind: str
    text: str
    start: int
    depth: int

    def keyword(self, *words: str) -> bool:
        return self.kind == "word" and self.text.upper() in words


def tokens(text: str) -> Iterator[Token]:
    """The tokens of ``text`` but comments, each with the depth of ``{}`` it is at."""
    depth = 0
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        if kind == "comment":
            continue
        if kind == "close":
            depth = max(depth - 1, 0)
        yield Token(kind, match.group(), match.start(), depth)
        if kind == "open":
            depth += 1


def _targets(text: str, keyword: str, base_iri: str | None) -> list[str | None]:
    """The IRIs ``keyword`` (``SERVICE``, ``LOAD``) is followed by, resolved as the query
    resolves them (``BASE``, ``PREFIX``); ``None`` for a variable or an unknown prefix."""
    found: list[str | None] = []
    prefixes: dict[str, str] = {}
    listed = list(tokens(text))
    for i, token in enumerate(listed):
        following = listed[i + 1] if i + 1 < len(listed) else None
        if token.keyword("PREFIX") and i + 2 < len(listed):
            prefixes[listed[i + 1].text] = urljoin(base_iri or "", listed[i + 2].text[1:-1])
        if token.keyword("BASE") and following is not None and following.kind == "iri":
            base_iri = urljoin(base_iri or "", following.text[1:-1])
        if not token.keyword(keyword):
            continue
        target = next((t for t in listed[i + 1:] if not t.keyword("SILENT")), None)
        if target is not None and target.kind == "iri":
            found.append(urljoin(base_iri or "", target.text[1:-1]))
        elif target is not None and target.kind == "pname":
            name, _, local = target.text.partition(":")
            found.append(prefixes[name + ":"] + local if name + ":" in prefixes else None)
        else:
            found.append(None)
    return found


def services(text: str, base_iri: str | None = None) -> list[str | None]:
    """The endpoints ``SERVICE`` clauses call, as absolute IRIs (``None`` for a variable)."""
    return _targets(text, "SERVICE", base_iri)


def loads(text: str, base_iri: str | None = None) -> list[str | None]:
    """The documents an update's ``LOAD`` operations would fetch, as absolute IRIs."""
    return _targets(text, "LOAD", base_iri)


def names_dataset(text: str) -> bool:
    """Whether an update names its own dataset (``USING``, ``USING NAMED``, ``WITH``)."""
    return any(t.depth == 0 and t.keyword("USING", "WITH") for t in tokens(text))


def add_using(text: str, default: tuple[str, ...], named: tuple[str, ...]) -> str:
    """``text`` with ``USING <g>`` and ``USING NAMED <g>`` before the ``WHERE`` of every
    ``DELETE``/``INSERT ... WHERE`` operation: the protocol's ``using-graph-uri`` and
    ``using-named-graph-uri`` written into the update (Oxigraph takes no dataset argument
    for updates). ``DELETE WHERE`` has no dataset clause in the grammar and is left as is."""
    clause = "".join(f"USING <{g}> " for g in default) + "".join(
        f"USING NAMED <{g}> " for g in named)
    out, done, previous = [], 0, None
    for token in tokens(text):
        if (token.depth == 0 and token.keyword("WHERE")
                and not (previous is not None and previous.keyword("DELETE"))):
            out += [text[done:token.start], clause]
            done = token.start
        previous = token
    return "".join(out) + text[done:]
