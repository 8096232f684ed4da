"""The topic words of a short text (a knowledge gap), so that gaps about one topic can be found
together across articles.

Extraction, not Markdown: the words are looked up against a list of words that carry no topic,
and the record of an article keeps them, so the graph stage states them without looking up.
"""

from __future__ import annotations

import re

__all__ = ["keywords"]

# words that carry no topic: function words and the vocabulary every research gap uses
_STOPWORDS = frozenset("""
about above across after again against along also among and another any are around because
been before being below between both but can could does doing down during each either else
even every from further have having here how however into itself just less like many may
might more most much must near need needed needs neither nor not now only other others
over own same should since some such than that the their them then there these they this
those through thus under until upon very was were what when where whether which while who
whom whose why will with within without would yet
effect effects role roles mechanism mechanisms study studies data level levels potential
specific understanding understand unknown unclear future research long term longterm
impact impacts factor factors response responses change changes different differences
whether extent precise exact full fully better more further additional underlying key
real actual true whole overall general possible possibly likely beyond across
instead time times test tests tested testing link links linked linking remain remains
remaining question questions open known work works used using way ways trigger triggers
triggered function functions relevance relevant causality cause causes caused disturbed
affect affects affected involved involve involves particular certain various several
""".split())


def keywords(text: str) -> tuple[str, ...]:
    """The topic words of a short text, lower case, plurals made singular, in order.

    >>> keywords("Whether bone loss in mice translates to human astronauts' bones")
    ('bone', 'loss', 'mice', 'translate', 'human', 'astronaut')
    """
    found = []
    for word in re.findall(r"[A-Za-z][A-Za-z-]+", text.lower()):
        word = word.strip("-")
        if len(word) < 4 or word in _STOPWORDS:
            continue
        if word.endswith("ies") and len(word) > 5:
            word = word[:-3] + "y"
        elif word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 4:
            word = word[:-1]
        if word not in found and word not in _STOPWORDS:
            found.append(word)
    return tuple(found)
