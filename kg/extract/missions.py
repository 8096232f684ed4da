"""Missions, flight platforms and ground analogs named in article text.

The vocabulary is data: ``ontology/missions.ttl``, a SKOS scheme with alternative labels and,
for series (STS-n, Rodent Research-n, Bion-Mn), a label pattern that mints the numbered member
as a narrower concept.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import pyoxigraph as ox

from kg.core.namespaces import SBKG, SKOS, VOCAB
from kg.core.resources import ontology_file
from kg.core.schemes import slug

__all__ = ["Mission", "find_missions", "scan_missions", "mission_spans", "MISSION_NS"]

MISSION_NS = str(VOCAB.mission)
_SKOS = str(SKOS)


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
    anything: re.Pattern[str]  # any label or series at all: most texts name none


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
    # one pass that tells whether a text names any mission at all (most name none): the
    # labels in any casing, acronyms and series as written, each a whole word
    alternatives = ["(?i:" + "|".join(_flexible(w) for w in words) + ")"] + [
        re.escape(a) for a in acronyms] + [p[str(SBKG.labelPattern)] for p in patterns.values()]
    anything = re.compile(r"(?<![\w-])(?:" + "|".join(f"(?:{a})" for a in alternatives)
                          + r")(?![\w-])")
    return _Vocabulary(
        labels=re.compile(r"(?<![\w-])(" + "|".join(_flexible(w) for w in words) + r")(?![\w-])",
                          re.IGNORECASE),
        acronyms=re.compile(r"(?<![\w-])(" + "|".join(sorted(acronyms, key=len, reverse=True))
                            + r")(?![\w-])") if acronyms else None,
        by_label=by_label,
        pref=pref,
        series=series,
        anything=anything,
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
    return scan_missions(texts)[0]


def scan_missions(texts: Iterable[str]) -> tuple[tuple[Mission, ...], list[list[tuple[int, int]]]]:
    """The missions of ``texts``, and where in each text a mission name stands."""
    vocab = _vocabulary()
    found: dict[str, Mission] = {}
    all_spans: list[list[tuple[int, int]]] = []
    for text in texts:
        hits: list[tuple[int, int, Mission]] = []
        if vocab.anything.search(text):
            for pattern, template, series in vocab.series:
                for match in pattern.finditer(text):
                    label = template.format(*match.groups())
                    hits.append((*match.span(), Mission(MISSION_NS + slug(label), label, series)))
            taken = [(s, e) for s, e, _ in hits]
            named = ((vocab.labels, True), (vocab.acronyms, False))
            for label_pattern, fold in named:
                for match in label_pattern.finditer(text) if label_pattern is not None else ():
                    if any(s <= match.start() < e for s, e in taken):
                        continue
                    key = _label_key(match.group(1)) if fold else match.group(1)
                    iri = vocab.by_label[key]
                    hits.append((*match.span(), Mission(iri, vocab.pref[iri])))
        hits.sort(key=lambda h: h[0])
        for _start, _end, mission in hits:
            found.setdefault(mission.iri, mission)
        all_spans.append([(s, e) for s, e, _ in hits])
    return tuple(found.values()), all_spans


def mission_spans(text: str) -> list[tuple[int, int]]:
    """Where mission names stand in ``text`` (STS-135, Bion-M1): not gene names."""
    return scan_missions([text])[1][0]
