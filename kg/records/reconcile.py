"""Many articles, one publication: the facts about a publication reconciled across articles.

Two articles about one DOI may state different PMC ids, dates a day apart, other journals,
URLs or author lists (revisions of one summary, two summaries of one paper). The merged graph
must say one thing about the publication, so each field is reconciled by a documented,
deterministic policy:

1. the value most of the publication's articles state (an article that states nothing does not
   vote);
2. a tie goes to the value that sorts first: the earliest date, the lowest PMC id, the
   alphabetically first journal, URL or author list (written ``Family I; Family I``).

Every article's record then carries the reconciled value, and keeps its own different value in
``stated``, which its named graph records as the article's statement (``sbkg:stated...``). Each
disagreement is a warning naming the publication, the field, and each file with its value.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from kg.errors import Diagnostic, Severity
from kg.records.model import ArticleRecord, Person

__all__ = ["FIELDS", "reconcile", "shown"]


def _authors(people: tuple[Person, ...]) -> str:
    return "; ".join(f"{p.family} {p.initials}".strip() for p in people)


#: the publication's fields that articles may disagree on, and how each is shown and compared
FIELDS: dict[str, Callable[[Any], str]] = {
    "published": lambda v: v.isoformat(),
    "pmcid": lambda v: f"PMC{int(v[3:]):012d}" if str(v)[3:].isdigit() else str(v),
    "journal": str,
    "url": str,
    "authors": _authors,
}
_FRONTMATTER = {"published": "publishDate", "pmcid": "doi", "journal": "journal", "url": "url",
                "authors": "authors"}


def shown(field: str, value: Any) -> str:
    """A value as a report shows it."""
    return _authors(value) if field == "authors" else (
        value.isoformat() if field == "published" else str(value))


def reconcile(records: Sequence[ArticleRecord]) -> tuple[list[ArticleRecord], list[Diagnostic]]:
    """The records with their publication's facts reconciled, and one warning per file and
    disagreement. Records of publications stated by one article come back unchanged."""
    groups: dict[str, list[int]] = defaultdict(list)
    for index, record in enumerate(records):
        if record.publication_key:
            groups[record.publication_key].append(index)
    out = list(records)
    notes: list[Diagnostic] = []
    for key in sorted(groups):
        members = groups[key]
        if len(members) < 2:
            continue
        for field, sort_key in FIELDS.items():
            stated = [(records[i].path, getattr(records[i], field)) for i in members
                      if getattr(records[i], field)]
            votes = Counter(sort_key(v) for _p, v in stated)
            if len(votes) < 2:
                continue
            best = max(votes.values())
            chosen_key = min(k for k, n in votes.items() if n == best)
            chosen = next(v for _p, v in stated if sort_key(v) == chosen_key)
            listing = "; ".join(f"{p}: {shown(field, v)}" for p, v in sorted(stated))
            why = ("most articles state it" if best > 1 and list(votes.values()).count(best) == 1
                   else "a tie: the value that sorts first")
            for i in members:
                record = out[i]
                own = getattr(records[i], field)
                extra: dict[str, Any] = {field: chosen}
                if own and sort_key(own) != chosen_key:
                    extra["stated"] = (*record.stated, (field, shown(field, own)))
                out[i] = replace(record, **extra)
                if not own:
                    continue  # it states nothing here: no disagreement of its own to report
                # a PMC id comes from the url when the doi field holds the DOI
                name = "url" if field == "pmcid" and record.doi else _FRONTMATTER[field]
                line = dict(record.field_lines).get(name)
                notes.append(Diagnostic(
                    Severity.WARNING, record.path, line, name, "publication-conflict",
                    f"the articles about {key} disagree on its {field} ({listing}); the graph "
                    f"states {shown(field, chosen)} ({why}), each article's own value stays in "
                    "its graph"))
    return out, notes
