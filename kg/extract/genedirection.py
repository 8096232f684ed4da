"""The direction a sentence states for a gene it names: up, down or unchanged, the evidence a
gene mention keeps (``GeneMention.direction``).
"""

from __future__ import annotations

import re

__all__ = ["direction_of"]


_DIRECTIONS = (
    ("unchanged", re.compile(r"\b(unchanged|unaltered|not (?:significantly )?(?:change|alter|"
                             r"affect)\w*|no (?:significant )?(?:change|difference)s?|did not "
                             r"(?:change|differ)|remained (?:stable|unchanged))", re.I)),
    ("up", re.compile(r"\b(up-?regulat\w*|increas\w*|elevat\w*|induc(?!er)\w*|higher|rose|"
                      r"rises?|rising|raised?|enhanc\w*|activat(?!or)\w*|overexpress\w*|"
                      r"stimulat\w*|(?:went|was|were|is|are) up|up \d|climbed|gained|"
                      r"accumulat\w*|boost\w*)", re.I)),
    ("down", re.compile(r"\b(down-?regulat\w*|decreas\w*|reduc\w*|lower\w*|suppress\w*|"
                        r"repress(?!or)\w*|inhibit(?!or)\w*|declin\w*|dropped|fell|falls?|"
                        r"falling|diminish\w*|deplet\w*|inactivat\w*|loss of|lost|"
                        r"(?:went|was|were|is|are) down)", re.I)),
)


# a verb followed by its object ("lowered Col1a1") speaks of that object, not of what precedes
_OBJECT = re.compile(r"\s+(?:the\s+|both\s+)?[*_`]*(?=[A-Za-z]\S*[A-Z0-9])[A-Za-z][\w-]*")


# a clause of condition with a subject of its own ("as the dose increased", "when levels
# fell"): its verb speaks of that subject, not of a gene named before the clause
_CONDITION = re.compile(r"\b(?:as|when|while|whereas|since|because|once|until|if)"
                        r"((?:\s+[\w-]+){1,3})\s*$", re.I)


def _condition_of_another(sentence: str, cue: int, position: int) -> bool:
    """Whether the cue at ``cue`` is the verb of a clause of condition whose own subject lies
    between the conjunction and the cue, and the gene at ``position`` is outside that clause.

    >>> text = "Pathways of Pkd1 fell as the dose increased."
    >>> _condition_of_another(text, text.index("increased"), text.index("Pkd1"))
    True
    >>> text = "Fbxo32 rose while Col1a1 decreased."
    >>> _condition_of_another(text, text.index("decreased"), text.index("Col1a1"))
    False
    """
    head = sentence[max(0, cue - 60):cue]
    m = _CONDITION.search(head)
    if m is None:
        return False
    clause_start = cue - len(head) + m.start()
    return not clause_start <= position < cue


def direction_of(sentence: str, position: int) -> str | None:
    """The direction the sentence states nearest to ``position``: up, down or unchanged.

    >>> direction_of("Fbxo32 was upregulated while Col1a1 decreased.", 0)
    'up'
    >>> direction_of("Fbxo32 was upregulated while Col1a1 decreased.", 29)
    'down'
    >>> text = "Flown mice raised Fbxo32 and Cdkn1a and lowered Col1a1."
    >>> [direction_of(text, text.index(g)) for g in ("Cdkn1a", "Col1a1")]
    ['up', 'down']
    >>> direction_of("Cdkn1a, which encodes the CDK inhibitor p21, was up 3.3-fold.", 0)
    'up'
    >>> text = ("Mice lost bone in three ways at once: resorption by osteoclasts, osteocytic "
    ...         "osteolysis, and growth arrest through Cdkn1a.")
    >>> direction_of(text, text.index("Cdkn1a")) is None  # "lost" is about bone, too far away
    True
    """
    best: tuple[int, str] | None = None
    for name, pattern in _DIRECTIONS:
        for match in pattern.finditer(sentence):
            if match.start() > position and _OBJECT.match(sentence, match.end()):
                continue  # "A and B and lowered C": the verb is C's
            if _condition_of_another(sentence, match.start(), position):
                continue  # "A fell as the dose increased": the verb is the dose's
            distance = abs(match.start() - position)
            if name == "unchanged":
                distance -= 1  # "not increased" reads as unchanged, not up
            if distance <= _DIRECTION_REACH and (best is None or distance < best[0]):
                best = (distance, name)
    return best[1] if best else None


_DIRECTION_REACH = 80  # characters: a cue further away speaks of something else
