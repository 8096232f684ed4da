"""SHACL validation of a built graph against ``ontology/shapes.ttl`` (through pySHACL).

The library returns data (:class:`ValidationReport`); the CLI alone turns it into an exit code.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from kg.core.namespaces import SH
from kg.core.resources import ontology_file
from kg.errors import GraphLoadError
from kg.rdf.store import KnowledgeGraph

__all__ = ["Violation", "ValidationReport", "validate", "format_report"]

_RESULTS = f"PREFIX sh: <{SH}>\n" + """
SELECT ?focus ?path ?value ?message ?severity ?shape WHERE {
  ?r a sh:ValidationResult ; sh:focusNode ?focus ; sh:resultSeverity ?severity ;
     sh:sourceShape ?shape .
  OPTIONAL { ?r sh:resultPath ?path }
  OPTIONAL { ?r sh:value ?value }
  OPTIONAL { ?r sh:resultMessage ?message }
}
"""


@dataclass(frozen=True)
class Violation:
    """One SHACL result: the node at fault, the property path, the value and the message."""

    severity: str
    focus: str
    path: str | None
    value: str | None
    message: str
    shape: str


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool
    violations: tuple[Violation, ...]
    checked_triples: int


def validate(graph: KnowledgeGraph, shapes: str | Path | None = None) -> ValidationReport:
    """Validate ``graph`` (its union) against the shipped shapes or a shapes file."""
    import pyshacl
    import rdflib

    data = graph.to_rdflib()
    shapes_graph = rdflib.Graph()
    if shapes is None:
        shapes_graph.parse(data=ontology_file("shapes.ttl").read_text("utf-8"), format="turtle")
    else:
        try:
            shapes_graph.parse(str(shapes), format="turtle")
        except (SyntaxError, ValueError, OSError) as err:  # rdflib's BadSyntax is a SyntaxError
            raise GraphLoadError(f"shapes file {shapes} cannot be read as Turtle: "
                                 f"{' '.join(str(err).split())[:300]}") from err
    conforms, results, _text = pyshacl.validate(
        data, shacl_graph=shapes_graph, inference="none", allow_warnings=True
    )
    found = []
    for row in results.query(_RESULTS):
        found.append(Violation(
            severity=str(row.severity).rsplit("#", 1)[-1],
            focus=str(row.focus),
            path=_path(row.path),
            value=None if row.value is None else str(row.value),
            message=str(row.message or "constraint not met"),
            shape=str(row.shape) if not isinstance(row.shape, rdflib.BNode) else "",
        ))
    found.sort(key=lambda v: (v.focus, v.path or "", v.message, v.value or ""))
    return ValidationReport(bool(conforms), tuple(found), len(data))


def _path(term: object) -> str | None:
    if term is None:
        return None
    import rdflib

    if isinstance(term, rdflib.BNode):
        return "(inverse path)"
    return str(term)


def format_report(report: ValidationReport, limit: int = 50) -> str:
    """A readable report: verdict, counts by message, then the first ``limit`` results."""
    if report.conforms:
        return f"conforms: {report.checked_triples} triples meet every shape\n"
    counts = Counter(v.message for v in report.violations)
    lines = [f"does not conform: {len(report.violations)} result(s) "
             f"over {report.checked_triples} triples", ""]
    lines += [f"  {n:>5}  {message}" for message, n in counts.most_common()]
    lines.append("")
    for v in report.violations[:limit]:
        where = f" {v.path}" if v.path else ""
        value = f" = {v.value}" if v.value else ""
        lines.append(f"{v.severity}: <{v.focus}>{where}{value}: {v.message}")
    if len(report.violations) > limit:
        lines.append(f"... and {len(report.violations) - limit} more")
    return "\n".join(lines) + "\n"
