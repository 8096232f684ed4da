"""Missions, flight platforms and ground analogs named in article text.

The vocabulary is data: ``ontology/missions.ttl``, a SKOS scheme with alternative labels and,
for series (STS-n, Rodent Research-n, Bion-Mn), a label pattern that mints the numbered member
as a narrower concept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

import pyoxigraph as ox

from .namespaces import SBKG
from .resources import ontology_file
from .vocab import slug

__all__ = ["Mission", "find_missions", "mission_spans", "MISSION_NS"]

MISSION_NS = "https://w3id.org/spacebio-kg/vocab/mission/"
_SKOS = "http://www.w3.org/2004/02/skos/core#"


@dataclass(frozen=True)
class Mission:
    """A concept of the mission scheme; ``broader`` is set for a minted series member."""

    iri: str
    label: str
    broader: str | None = None


@dataclass(frozen=True)
class _Vocabulary:
    labels: re.Pattern[str]  # any label, ignoring case
    acronyms: re.Pattern[str] | None  # one-word capital labels, as written
    by_label: dict[str, str]  # casefolded label -> concept IRI
    pref: dict[str, str]  # concept IRI -> preferred label
    series: tuple[tuple[re.Pattern[str], str, str], ...]  # (pattern, template, series IRI)


@lru_cache(maxsize=1)
def _vocabulary() -> _Vocabulary:
    triples = ox.parse(ontology_file("missions.ttl").read_bytes(), format=ox.RdfFormat.TURTLE)
    by_label: dict[str, str] = {}
    pref: dict[str, str] = {}
    acronyms: list[str] = []
    patterns: dict[str, dict[str, str]] = {}
    for t in triples:
        predicate, subject = t.predicate.value, t.subject.value
        if predicate in (_SKOS + "prefLabel", _SKOS + "altLabel") and subject.startswith(MISSION_NS):
            label = t.object.value
            if predicate == _SKOS + "prefLabel":
                pref[subject] = label
            if re.fullmatch(r"[A-Z][A-Z0-9]+", label):
                acronyms.append(label)
                by_label[label] = subject
            else:
                by_label[_label_key(label)] = subject
        elif predicate in (str(SBKG.labelPattern), str(SBKG.labelTemplate)):
            patterns.setdefault(subject, {})[predicate] = t.object.value
    words = sorted((k for k in by_label if not re.fullmatch(r"[A-Z][A-Z0-9]+", k)), key=len,
                   reverse=True)
    series = tuple(
        (re.compile(rf"(?<![\w-]){p[str(SBKG.labelPattern)]}(?![\w-])"),
         p[str(SBKG.labelTemplate)], iri)
        for iri, p in sorted(patterns.items())
    )
    return _Vocabulary(
        labels=re.compile(r"(?<![\w-])(" + "|".join(_flexible(w) for w in words) + r")(?![\w-])",
                          re.IGNORECASE),
        acronyms=re.compile(r"(?<![\w-])(" + "|".join(sorted(acronyms, key=len, reverse=True))
                            + r")(?![\w-])") if acronyms else None,
        by_label=by_label,
        pref=pref,
        series=series,
    )


def _flexible(label: str) -> str:
    """A label's pattern: a space and a hyphen stand for each other (hind-limb, hind limb)."""
    return r"[\s-]".join(re.escape(part) for part in re.split(r"[\s-]", label))


def _label_key(text: str) -> str:
    return re.sub(r"[\s-]+", " ", text).casefold()


def find_missions(texts: Iterable[str]) -> tuple[Mission, ...]:
    """The missions, platforms and analogs ``texts`` name, each once, in order.

    >>> [m.label for m in find_missions(["Mice flew on STS-135 and the ISS; others were "
    ...                                  "hindlimb-unloaded or on Bion-M 1."])]
    ['STS-135', 'International Space Station', 'hindlimb unloading', 'Bion-M1']
    """
    vocab = _vocabulary()
    found: dict[str, tuple[int, Mission]] = {}
    order = 0
    for text in texts:
        hits: list[tuple[int, Mission]] = []
        for pattern, template, series in vocab.series:
            for match in pattern.finditer(text):
                label = template.format(*match.groups())
                hits.append((match.start(), Mission(MISSION_NS + slug(label), label, series)))
        taken = [(m.start(), m.end()) for p, _, _ in vocab.series for m in p.finditer(text)]
        for pattern, fold in ((vocab.labels, True), (vocab.acronyms, False)):
            if pattern is None:
                continue
            for match in pattern.finditer(text):
                if any(s <= match.start() < e for s, e in taken):
                    continue
                key = _label_key(match.group(1)) if fold else match.group(1)
                iri = vocab.by_label[key]
                hits.append((match.start(), Mission(iri, vocab.pref[iri])))
        for _position, mission in sorted(hits, key=lambda h: h[0]):
            if mission.iri not in found:
                found[mission.iri] = (order, mission)
                order += 1
    return tuple(m for _, m in sorted(found.values(), key=lambda x: x[0]))


def mission_spans(text: str) -> list[tuple[int, int]]:
    """Where mission names stand in ``text`` (STS-135, Bion-M1): not gene names."""
    vocab = _vocabulary()
    spans = [m.span() for p, _, _ in vocab.series for m in p.finditer(text)]
    for pattern in (vocab.labels, vocab.acronyms):
        if pattern is not None:
            spans += [m.span() for m in pattern.finditer(text)]
    return spans
