"""The controlled vocabularies articles use, as SKOS concept schemes.

Experiment types, priority and consensus level are closed schemes: their concepts are published
in ``ontology/vocabularies.ttl`` and a value outside them is reported (and still kept, as a new
concept of that scheme). Tags form an open scheme: any tag becomes a concept.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = ["Scheme", "SCHEMES", "EXPERIMENT_TYPE", "PRIORITY", "CONSENSUS", "TAG", "slug"]


def slug(text: str) -> str:
    """A lower-case ASCII slug for an IRI path segment.

    >>> slug("Knowledge Gaps & Future Research"), slug("Rolčík J"), slug("E. coli")
    ('knowledge-gaps-future-research', 'rolcik-j', 'e-coli')
    """
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")


@dataclass(frozen=True)
class Scheme:
    """A concept scheme: where its concepts live and, when closed, which concepts it has."""

    name: str
    label: str
    closed: bool
    concepts: tuple[str, ...] = ()

    def canonical(self, value: str) -> str | None:
        """The scheme's own spelling of ``value``, or ``None`` when the scheme lacks it.

        >>> EXPERIMENT_TYPE.canonical("ground control"), EXPERIMENT_TYPE.canonical("Cell culture")
        ('Ground Control', None)
        """
        key = slug(value)
        for concept in self.concepts:
            if slug(concept) == key:
                return concept
        return None


EXPERIMENT_TYPE = Scheme(
    "experiment-type",
    "Experiment types",
    closed=True,
    concepts=("Spaceflight", "Simulated Microgravity", "Ground Control", "Radiation Exposure",
              "Others"),
)
PRIORITY = Scheme("priority", "Priority", closed=True, concepts=("high", "medium", "low"))
CONSENSUS = Scheme(
    "consensus-level", "Consensus level", closed=True,
    concepts=("high", "medium", "low", "controversial"),
)
TAG = Scheme("tag", "Tags", closed=False)

SCHEMES: dict[str, Scheme] = {s.name: s for s in (EXPERIMENT_TYPE, PRIORITY, CONSENSUS, TAG)}
