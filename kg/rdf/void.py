"""A VoID description of a built dataset: its size, classes and properties with counts, the
vocabularies it uses and where its dumps are.

Endpoints of the field describe their data this way (W3C VoID), so that a crawler or a person
knows what a dump holds before loading it. The description is computed from the merged
triples at build time and written beside the dumps as ``void.ttl``; the dump locations are
relative IRIs, which resolve against the file's own location. Partitions get IRIs minted from
the class or property (no blank nodes), so the same build gives the same bytes.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Iterator

from kg.core.namespaces import BASE, DCTERMS, RDF, VOID, XSD, Shortener
from kg.rdf.canonical import iri, literal

__all__ = ["DATASET", "VoidCounts", "void_lines"]

#: the dataset a build describes
DATASET = BASE + "id/dataset"
_TYPE = iri(str(RDF.type))
_INTEGER = str(XSD.integer)


def _n(term: object) -> str:
    return iri(str(term))


def _count(value: int) -> str:
    return literal(str(value), _INTEGER)


def _partition(kind: str, term: str) -> str:
    return iri(f"{DATASET}/{kind}/{hashlib.sha1(term.encode()).hexdigest()[:16]}")


class VoidCounts:
    """What VoID counts, gathered one line at a time, so that the counting can ride along
    another pass over the merged lines (the Turtle writer's) instead of holding them.

    Lines come sorted, so a subject is new exactly when it differs from the line before: no
    set of every subject is kept.
    """

    def __init__(self) -> None:
        self.triples = 0
        self.subjects = 0
        self.classes: Counter[str] = Counter()
        self.properties: Counter[str] = Counter()
        self._subject: str | None = None

    def add(self, line: str) -> None:
        s, p, rest = line.split(" ", 2)
        self.triples += 1
        if s != self._subject:
            self.subjects += 1
            self._subject = s
        self.properties[p] += 1
        if p == _TYPE:
            self.classes[rest[:-3].rstrip()] += 1

    def change(self, subject_lines: list[str], sign: int) -> None:
        """Count in (``sign`` 1) or out (-1) the sorted lines of one subject's whole block: how a
        rebuild updates the counts of the subjects it changed, without the other lines."""
        if not subject_lines:
            return
        self.subjects += sign
        self.triples += sign * len(subject_lines)
        for line in subject_lines:
            _s, p, rest = line.split(" ", 2)
            self.properties[p] += sign
            if p == _TYPE:
                self.classes[rest[:-3].rstrip()] += sign

    def state(self) -> tuple[int, int, dict[str, int], dict[str, int]]:
        """What was counted, to be taken up again by :meth:`resume`."""
        return self.triples, self.subjects, dict(self.classes), dict(self.properties)

    @classmethod
    def resume(cls, state: tuple[int, int, dict[str, int], dict[str, int]]) -> VoidCounts:
        counts = cls()
        counts.triples, counts.subjects = state[0], state[1]
        counts.classes.update(state[2])
        counts.properties.update(state[3])
        return counts

    def watch(self, lines: Iterable[str]) -> Iterator[str]:
        """``lines`` passed through, each counted on the way."""
        for line in lines:
            self.add(line)
            yield line

    def lines(self, dumps: Iterable[str]) -> list[str]:
        """The description of what was counted; ``dumps``: file names of the dump files."""
        # (a class or property a rebuild counted out entirely is not described)
        return _description(self.triples, self.subjects, +self.classes, +self.properties, dumps)


def void_lines(triple_lines: Iterable[str], dumps: Iterable[str]) -> list[str]:
    """N-Triples lines of the VoID description of ``triple_lines`` (sorted, distinct
    N-Triples lines of the merged graph); ``dumps``: file names of the dump files."""
    counts = VoidCounts()
    for line in triple_lines:
        counts.add(line)
    return counts.lines(dumps)


def _description(triples: int, subjects: int, classes: Counter[str],
                 properties: Counter[str], dumps: Iterable[str]) -> list[str]:
    d = iri(DATASET)
    out = [
        (d, _TYPE, _n(VOID.Dataset)),
        (d, _n(DCTERMS.title), literal("Space-biology knowledge graph", language="en")),
        (d, _n(VOID.triples), _count(triples)),
        (d, _n(VOID.distinctSubjects), _count(subjects)),
        (d, _n(VOID.classes), _count(len(classes))),
        (d, _n(VOID.properties), _count(len(properties))),
        (d, _n(VOID.uriSpace), literal(BASE + "id/")),
    ]
    spaces = Shortener()
    used = {v for v in (spaces.namespace(t[1:-1]) for t in [*classes, *properties]) if v}
    out += [(d, _n(VOID.vocabulary), iri(v)) for v in used]
    out += [(d, _n(VOID.dataDump), f"<{name}>") for name in dumps]
    for cls, count in classes.items():
        part = _partition("class", cls)
        out += [(d, _n(VOID.classPartition), part), (part, _n(VOID["class"]), cls),
                (part, _n(VOID.entities), _count(count))]
    for prop, count in properties.items():
        part = _partition("property", prop)
        out += [(d, _n(VOID.propertyPartition), part), (part, _n(VOID.property), prop),
                (part, _n(VOID.triples), _count(count))]
    return sorted({f"{s} {p} {o} .\n" for s, p, o in out})
