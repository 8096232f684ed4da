"""Stage 2c: the gene changes an article states as findings, each a :class:`GeneClaim`.

A claim is a gene mention whose clause states a direction (up, down or unchanged, read by
:mod:`kg.extract.genedirection` within the clause of the gene, so that "X was up, whereas Y
fell" says Y fell) in a part of the article that reports results: the summary and body
sections of kind ``key-findings`` or ``results``. A gene named in the
methods, the objective or the knowledge gaps ("whether Fbxo32 rises in people") is a
question, not a finding, and makes no claim; nor does a sentence that names a gene without a
change. Titles make none either: they put genes in causal phrases ("bone loss through
inhibition by p21") that read as changes of the gene.

The tissue is read from the sentence with a small vocabulary of general anatomy words
(skeletal muscle, soleus, femur, liver, retina, root ...), not tuned to any corpus: the tissue
word nearest to the gene within its clause ("Fbxo32 rose in the soleus while Cdkn1a fell in
the liver": soleus for one, liver for the other), else the sentence's only tissue. Claims
are what the graph links across publications (``sbkg:supports``, ``sbkg:contradicts``), so
one article states each (gene, direction, tissue) once, with the sentence of the part that
reports it best (Key Findings before Results before the summary).

A condition (spaceflight, unloading, radiation) is not read: the claims of one publication
share its conditions, which the publication's experiment type and text already give.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from kg.extract.genedirection import direction_of
from kg.extract.genes import MAX_EVIDENCE, GeneMention
from kg.ingest.markdown import section_kind

__all__ = ["GeneClaim", "TISSUES", "PARTS", "find_claims", "tissue_of", "claim_direction",
           "claim_part"]


@dataclass(frozen=True)
class GeneClaim:
    """A gene change one article states: gene (its :attr:`Gene.key`), direction, the tissue
    when the sentence names one, and the sentence itself as evidence."""

    gene: str
    direction: str
    tissue: str | None
    evidence: str
    section: str


#: tissue label -> the words that name it (singular and plural, lower case); the label is what
#: the graph states, so a general word and its synonyms meet (cardiac muscle is the heart)
TISSUES: dict[str, tuple[str, ...]] = {
    "skeletal muscle": ("skeletal muscle", "skeletal muscles", "muscle", "muscles",
                        "myofiber", "myofibers", "myofibre", "myofibres"),
    "soleus": ("soleus",),
    "gastrocnemius": ("gastrocnemius",),
    "quadriceps": ("quadriceps",),
    "tibialis anterior": ("tibialis anterior",),
    "vastus lateralis": ("vastus lateralis",),
    "extensor digitorum longus": ("extensor digitorum longus",),
    "smooth muscle": ("smooth muscle", "smooth muscles"),
    "heart": ("heart", "hearts", "heart muscle", "cardiac muscle", "myocardium", "ventricle",
              "ventricles"),
    "bone": ("bone", "bones", "skeleton", "trabecular bone", "cortical bone"),
    "femur": ("femur", "femurs", "femora", "femoral"),
    "tibia": ("tibia", "tibiae", "tibias", "tibial"),
    "pelvis": ("pelvis", "pelvic bone", "ischium"),
    "spine": ("spine", "vertebra", "vertebrae", "lumbar"),
    "cartilage": ("cartilage",),
    "tendon": ("tendon", "tendons"),
    "liver": ("liver", "livers", "hepatic"),
    "kidney": ("kidney", "kidneys", "renal"),
    "spleen": ("spleen", "spleens", "splenic"),
    "thymus": ("thymus", "thymic"),
    "lymph node": ("lymph node", "lymph nodes"),
    "bone marrow": ("bone marrow", "marrow"),
    "blood": ("blood", "whole blood", "plasma", "serum"),
    "brain": ("brain", "brains"),
    "hippocampus": ("hippocampus", "hippocampal"),
    "cortex": ("cerebral cortex", "cortex", "cortical"),
    "cerebellum": ("cerebellum",),
    "retina": ("retina", "retinas", "retinae", "retinal"),
    "eye": ("eye", "eyes"),
    "lung": ("lung", "lungs"),
    "intestine": ("intestine", "intestines", "gut", "colon", "ileum", "jejunum", "duodenum"),
    "stomach": ("stomach",),
    "skin": ("skin", "epidermis", "dermis"),
    "adipose tissue": ("adipose tissue", "adipose", "fat pad", "white fat", "brown fat"),
    "adrenal gland": ("adrenal gland", "adrenal glands", "adrenal"),
    "aorta": ("aorta", "aortic"),
    "blood vessel": ("blood vessel", "blood vessels", "vasculature", "artery", "arteries",
                     "microvessel", "microvessels", "endothelium"),
    "testis": ("testis", "testes"),
    "ovary": ("ovary", "ovaries"),
    "mammary gland": ("mammary gland", "mammary glands"),
    "inner ear": ("inner ear", "cochlea", "utricle", "vestibular"),
    "root": ("root", "roots", "root tip", "root tips", "root hair", "root hairs"),
    "shoot": ("shoot", "shoots"),
    "leaf": ("leaf", "leaves", "rosette"),
    "hypocotyl": ("hypocotyl", "hypocotyls"),
    "flower": ("flower", "flowers"),
    "seed": ("seed", "seeds"),
}
_WORD_TISSUE = {word: label for label, words in TISSUES.items() for word in words}
# longest words first: "skeletal muscle" before "muscle", "bone marrow" before "bone"
_TISSUE = re.compile(r"(?<![\w-])(" + "|".join(
    re.escape(w) for w in sorted(_WORD_TISSUE, key=lambda w: (-len(w), w))) + r")(?![\w-])", re.I)
# "root cause", "heart rate": an anatomy word that names something else here
_NOT_TISSUE = re.compile(r"\s+(?:causes?|rates?|means?|mean-square|pressure)\b", re.I)
# where one clause of a sentence ends and another, about something else, begins
# (a bold lead ends at its colon: "A p53-independent brake: p21 rose" says nothing of p53)
_CLAUSE = re.compile(r"[;:]|\b(?:while|whereas|but|although|though|yet|unlike)\b", re.I)
# a change named as a noun speaks of its object ("inhibition of bone formation via p21" is
# not p21 going down): such a cue counts only for a gene among the first words of its object
_NOMINAL = re.compile(r"\b(?:inhibition|loss|reduction|increase|decrease|suppression|"
                      r"activation|induction|elevation|depletion|accumulation|enhancement|"
                      r"decline|stimulation|repression|upregulation|downregulation|"
                      r"up-regulation|down-regulation)\s+(?:of|in)\s+", re.I)
# the word right before a gene (past emphasis and "the"): the gene's own verb or noun
_VERB_BEFORE = re.compile(r"[\w-]+[\s*_`]+(?:the\s+)?[*_`]*$")
_OBJECT_REACH = 60  # characters after the preposition where the noun's object stands
# words that end the noun's object: "inhibition of bone formation via p21"
_OBJECT_END = re.compile(r",|\b(?:via|by|through|with|from|after|during|in|on)\b", re.I)

#: the parts of an article that report results, best first (the evidence a claim keeps)
PARTS = ("key-findings", "results", "summary")


def claim_part(section: str) -> str | None:
    """Which result-reporting part a mention's section is (see :data:`PARTS`), or ``None``.

    >>> claim_part("Key Findings"), claim_part("summary"), claim_part("Methodology")
    ('key-findings', 'summary', None)
    >>> [claim_part(s) for s in ("title", "knowledgeGaps", "chartData", "Research Objective")]
    [None, None, None, None]
    """
    if section == "summary":  # the frontmatter's units are named by their field
        return section
    if section in ("title", "knowledgeGaps", "chartData"):
        return None
    kind = section_kind(section)
    return kind if kind in PARTS else None


def _clause(sentence: str, position: int) -> tuple[int, int]:
    """(start, end) of the clause of ``sentence`` that holds ``position``."""
    cuts = [0, *(m.start() for m in _CLAUSE.finditer(sentence)), len(sentence) + 1]
    return next((a, b) for a, b in pairwise(cuts) if a <= position < b)


def claim_direction(sentence: str, position: int, others: Iterable[int] = ()) -> str | None:
    """The direction the clause of ``position`` states: stricter than the mention's direction,
    which a cue of the next clause may give ("X was up, whereas Y fell": Y fell). ``others``:
    where the sentence's other genes stand; a word right before one of them, after
    ``position``, is that gene's verb ("lowering Bglap and raising Sost": Sost is raised).

    >>> text = "Nox1 was up, whereas Nfe2l2, a transcription factor, fell."
    >>> claim_direction(text, 0), claim_direction(text, text.index("Nfe2l2"))
    ('up', 'down')
    >>> claim_direction("Cells with CAHS1 grew; CAHS12 gave no gain.", 23) is None
    True
    >>> text = "Inhibition of bone formation via p21, and an increase in Cdkn1a."
    >>> claim_direction(text, text.index("p21")), claim_direction(text, text.index("Cdkn1a"))
    (None, 'up')
    >>> text = "Flight altered bone genes, lowering Bglap and raising Sost."
    >>> claim_direction(text, text.index("Bglap"), [text.index("Sost")])
    'down'
    """
    for other in sorted(others, reverse=True):
        verb = _VERB_BEFORE.search(sentence, 0, other)
        if other > position and verb and verb.start() > position:
            sentence = sentence[:verb.start()] + " " * (verb.end() - verb.start()) + sentence[verb.end():]
    lo, hi = _clause(sentence, position)
    at = position - lo

    def keep(m: re.Match[str]) -> str:
        between = m.string[m.end():at]
        if m.end() <= at <= m.end() + _OBJECT_REACH and not _OBJECT_END.search(between):
            return m.group(0)
        return " " * len(m.group(0))

    return direction_of(_NOMINAL.sub(keep, sentence[lo:hi]), at)


def tissue_of(sentence: str, position: int) -> str | None:
    """The tissue the sentence names for what stands at ``position``: the nearest tissue word
    of that clause, else the sentence's one tissue (several and none nearby: ``None``).

    >>> text = "Fbxo32 rose in the soleus while Cdkn1a fell in the liver."
    >>> tissue_of(text, 0), tissue_of(text, text.index("Cdkn1a"))
    ('soleus', 'liver')
    >>> tissue_of("In flown mice, Sost went up; osteocytes of the femur were fewer.", 15)
    'femur'
    >>> tissue_of("Cardiac muscle raised Nppa.", 22), tissue_of("The root cause: Rbohc fell.", 16)
    ('heart', None)
    """
    found = [(m.start(), _WORD_TISSUE[m.group(1).lower()]) for m in _TISSUE.finditer(sentence)
             if not _NOT_TISSUE.match(sentence, m.end())]
    if not found:
        return None
    lo, hi = _clause(sentence, position)
    near = [(abs(start - position), label) for start, label in found if lo <= start < hi]
    if near:
        return min(near)[1]
    labels = {label for _start, label in found}
    return labels.pop() if len(labels) == 1 else None


def _positions(mentions: list[GeneMention]) -> dict[int, int]:
    """Where each mention stands in its plain-text sentence. A mention keeps its offset in the
    Markdown of its text unit, not in the sentence: the k-th mention written ``X`` of a
    sentence is taken to be its k-th ``X`` (0 when the plain text lost the form)."""
    out: dict[int, int] = {}
    groups: dict[tuple[str, str], list[int]] = {}
    for i, m in enumerate(mentions):
        groups.setdefault((m.section, m.sentence), []).append(i)
    for (_section, sentence), members in groups.items():
        seen: dict[str, int] = {}
        for i in sorted(members, key=lambda j: mentions[j].offset):
            written = mentions[i].written
            start = -1
            for _k in range(seen.get(written, 0) + 1):
                start = sentence.find(written, start + 1)
                if start < 0:
                    break
            seen[written] = seen.get(written, 0) + 1
            out[i] = max(start, 0)
    return out


def find_claims(mentions: Iterable[GeneMention]) -> tuple[GeneClaim, ...]:
    """The claims of an article's gene mentions: one per (gene, direction, tissue), with the
    evidence of the best part that states it, in the order the article first states them."""
    stated = [m for m in mentions if claim_part(m.section) is not None]
    where = _positions(stated)
    genes_at: dict[tuple[str, str], list[int]] = {}
    for i, m in enumerate(stated):
        genes_at.setdefault((m.section, m.sentence), []).append(where[i])
    best: dict[tuple[str, str, str | None], tuple[int, int, GeneClaim]] = {}
    for i, m in enumerate(stated):
        if not m.direction:
            continue  # the mention's sentence states no change near it
        others = [at for at in genes_at[(m.section, m.sentence)] if at != where[i]]
        direction = claim_direction(m.sentence, where[i], others)
        if direction is None:
            continue  # the sentence's change is another clause's, about something else
        tissue = tissue_of(m.sentence, where[i])
        key = (m.gene.key, direction, tissue)
        rank = PARTS.index(claim_part(m.section) or "")
        claim = GeneClaim(m.gene.key, direction, tissue, m.sentence[:MAX_EVIDENCE], m.section)
        if key not in best:
            best[key] = (i, rank, claim)
        elif rank < best[key][1]:
            best[key] = (best[key][0], rank, claim)
    return tuple(claim for _i, _rank, claim in sorted(best.values(), key=lambda v: v[0]))
