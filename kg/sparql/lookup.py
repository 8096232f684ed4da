"""No silent empties: when a named query finds nothing, say which parameter names nothing in
this graph, with the closest names it does hold.

The parameter defaults are examples from ``content/``; on another folder a query run with them,
or with a misspelt name, would otherwise answer with zero rows and no reason.
"""

from __future__ import annotations

import difflib

import pyoxigraph as ox

from kg.core.namespaces import sparql_prefixes
from kg.sparql.engine import SparqlEngine
from kg.sparql.library import NamedQuery, bind

__all__ = ["explain_empty"]

# parameter -> (what it names, an ASK for the bound ?value, a SELECT of every ?name held)
_KINDS: dict[str, tuple[str, str, str]] = {
    "gene": ("gene", """ASK { { ?g sbkg:symbol|sbkg:alias|sbkg:previousSymbol ?s }
               UNION { ?m sbkg:writtenAs ?s }
               FILTER(LCASE(REPLACE(STR(?s), "[-_ .]", "")) = LCASE(REPLACE(STR(?value), "[-_ .]", ""))) }""",
             "SELECT DISTINCT ?name WHERE { ?g a sbkg:Gene ; sbkg:symbol ?name }"),
    "doi": ("publication with the DOI", "ASK { ?p sbkg:doi ?value }",
            "SELECT DISTINCT ?name WHERE { ?p sbkg:doi ?name }"),
    "dataset": ("dataset", "ASK { ?d sbkg:accession ?value }",
                "SELECT DISTINCT ?name WHERE { ?d sbkg:accession ?name }"),
    "taxon": ("study of the organism", "ASK { ?p sbkg:studiesOrganism ?value }",
              "SELECT DISTINCT ?name WHERE { ?p sbkg:studiesOrganism/rdfs:label ?name }"),
}
_PREFIXES = sparql_prefixes("sbkg", "rdfs")


def _kind(name: str) -> str | None:
    for kind in _KINDS:
        if name == kind or (kind == "taxon" and name.startswith("taxon")):
            return kind
    return None


def explain_empty(engine: SparqlEngine, query: NamedQuery, values: dict[str, str]) -> list[str]:
    """One message per parameter whose value names nothing in the graph behind ``engine``."""
    messages = []
    for variable, term in bind(query, values).items():
        kind = _kind(variable.value)
        if kind is None:
            continue
        what, ask, names = _KINDS[kind]
        found = engine.query(_PREFIXES + ask.replace("?value", str(term)))
        if found.boolean:
            continue
        held = sorted({str(r["name"]) for r in engine.query(_PREFIXES + names).values()})
        shown = term.value if isinstance(term, (ox.Literal, ox.NamedNode)) else str(term)
        near = difflib.get_close_matches(shown, held, n=3, cutoff=0.5)
        hint = f"; close: {', '.join(near)}" if near else (
            f"; for example: {', '.join(held[:3])}" if held else "")
        given = "" if variable.value in values else " (the default, an example from content/)"
        messages.append(f"no {what} {shown!r} in this graph{given}{hint}")
    return messages
