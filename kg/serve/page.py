"""The query page of ``kg serve``: YASGUI, inlined into one HTML page that needs no network.

People who query SPARQL endpoints know YASGUI (its editor YASQE, its result views YASR). The
page inlines the vendored bundle (``assets/``, version and checksum in ``assets/README.md``),
its style sheet and our configuration, so that it loads nothing from anywhere and asks only
this server (``/sparql``) for anything. What the bundle would fetch is switched off or
replaced: prefix completion from prefix.cc and term completion from Linked Open Vocabularies
give way to the project's own prefixes, the Google-Charts chart plugin (not in this bundle) to
a small bar chart drawn in SVG by the page itself.

The query library goes in at build time, each query with its parameters (name, default as a
user types it, description, kind), so the page can show one field per parameter and re-bind
the query's ``VALUES`` block as the field changes.

The policy the server sends with the page (:func:`page_policy`) allows only the page's own
inline scripts, by their SHA-256: a script that markup in a result managed to inject would
not run, even if YASR's own sanitising let it through.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from functools import cache
from importlib.resources import files

import pyoxigraph as ox

from kg.core.namespaces import BASE, PREFIXES
from kg.sparql.library import NamedQuery, Param, list_queries

__all__ = ["ENDPOINT", "DISPLAY_PREFIXES", "catalogue", "page_bytes", "page_policy"]

ENDPOINT = "/sparql"
# shown in results only: a DOI's local part has slashes, which a SPARQL prefixed name cannot
# hold, so ``doi:`` is not offered for queries
DISPLAY_PREFIXES = {"doi": "https://doi.org/"}

_HERE = files("kg.serve")
_ASSETS = _HERE / "assets"
_SLOTS = ("/*kg:yasgui-css*/", "/*kg:config*/", "/*kg:yasgui-js*/")
_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)


def _param(param: Param) -> dict[str, str]:
    default = param.default
    kind = "iri" if isinstance(default, ox.NamedNode) else "literal"
    entry = {"name": param.name, "default": param.shown, "description": param.description,
             "kind": kind}
    if isinstance(default, ox.Literal):
        entry["datatype"] = default.datatype.value
        if default.language:
            entry["language"] = default.language
    return entry


def _entry(query: NamedQuery) -> dict[str, object]:
    # the text a user edits: parameters bound to their defaults, as /queries gives it, headed
    # by the summary (the binding drops the query's comment lines)
    text = query.sparql().lstrip("\n")
    return {"name": query.name, "summary": query.summary, "description": query.description,
            "text": f"# {query.summary}\n{text}" if query.summary else text,
            "params": [_param(p) for p in query.params]}


def catalogue() -> list[dict[str, object]]:
    """The query library as the page shows it: one entry per query, with its parameters.

    >>> gene = next(q for q in catalogue() if q["name"] == "gene-profile")
    >>> gene["params"][0]["name"], gene["params"][0]["default"], gene["params"][0]["kind"]
    ('gene', 'Fbxo32', 'literal')
    """
    return [_entry(q) for q in list_queries()]


def _inline_script(text: str) -> str:
    """JavaScript safe inside ``<script>``: no ``</script`` to end the element early and no
    ``<!--`` or ``<script`` to put the HTML parser in its escaped states (where the closing
    tag stops counting). The bundle has these only inside string and regular-expression
    literals, where ``\\x3C`` means the same ``<``."""
    text = re.sub(r"\n//# sourceMappingURL=\S*\s*$", "\n", text)
    return re.sub(r"<(?=!--|/?script)", r"\\x3C", text, flags=re.I)


def _json_script(value: object) -> str:
    """JSON for a ``<script type="application/json">`` element: no ``<`` at all, so no tag."""
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c")


def _config() -> dict[str, object]:
    # longest namespace first: YASR writes an IRI with the first prefix that matches it
    ordered = dict(sorted({**PREFIXES, **DISPLAY_PREFIXES}.items(), key=lambda kv: -len(kv[1])))
    return {"endpoint": ENDPOINT, "base": BASE, "prefixes": PREFIXES, "display": ordered,
            "queries": catalogue()}


@cache
def page_bytes() -> bytes:
    """The whole page, UTF-8, built once: YASGUI, its styles, our configuration and script."""
    template = (_HERE / "page.html").read_text(encoding="utf-8")
    css = (_ASSETS / "yasgui.min.css").read_text(encoding="utf-8")
    if "</style" in css.lower():
        raise RuntimeError("the vendored style sheet would end its <style> element")
    parts = {
        _SLOTS[0]: css,
        _SLOTS[1]: _json_script(_config()),
        _SLOTS[2]: _inline_script((_ASSETS / "yasgui.min.js").read_text(encoding="utf-8")),
    }
    for slot, text in parts.items():
        if template.count(slot) != 1:
            raise RuntimeError(f"kg/serve/page.html must hold {slot} once")
        before, after = template.split(slot)
        template = before + text + after  # not str.replace: the bundle is not a pattern
    return template.encode("utf-8")


@cache
def page_policy() -> str:
    """The Content-Security-Policy for the page: nothing from elsewhere, requests to this
    server only, and no script but the page's own (each by its hash)."""
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode() + "'"
        for s in _SCRIPT.findall(page_bytes().decode("utf-8")))
    return (f"default-src 'none'; connect-src 'self'; script-src {hashes}; "
            "style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; "
            "form-action 'self'; frame-ancestors 'none'")
