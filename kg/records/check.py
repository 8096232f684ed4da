"""A :class:`~kg.ingest.articles.RawArticle` checked and normalised into an
:class:`~kg.records.model.ArticleRecord`.

Records are plain frozen dataclasses (no RDF yet, see :mod:`kg.records.model`): the graph stage
turns them into quads without looking anything up, so the look-ups happen here.
Every field is checked here. A value that can be safely normalised is, with a warning; a value
that cannot be understood raises :class:`~kg.errors.ArticleError` with the file, line and field.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from kg.core.namespaces import bare_doi
from kg.core.schemes import CONSENSUS, EXPERIMENT_TYPE, PRIORITY, Scheme
from kg.errors import ArticleError, Diagnostic, NotAStudy, Severity
from kg.extract.claims import find_claims
from kg.extract.entities import find_entities
from kg.extract.keywords import keywords
from kg.extract.taxa import NON_TAXON_LABELS, resolve_organism
from kg.ingest.articles import RawArticle
from kg.ingest.charts import parse_chart
from kg.ingest.markdown import plain_text
from kg.records.model import ArticleRecord, Finding, Gap, Organism, Person

__all__ = [
    "NotAStudy",
    "to_record",
    "parse_person",
    "web_iri",
]

KNOWN_FIELDS = frozenset({
    "title", "summary", "publishDate", "authors", "tags", "organisms", "experimentType",
    "featuredImage", "readTime", "priority", "consensusLevel", "knowledgeGaps", "doi", "journal",
    "url", "chartData",
})
# Chart.js option keys: found at the top level, they slipped out of chartData.options
_CHART_OPTIONS = frozenset({"scales", "plugins", "indexAxis", "responsive", "maintainAspectRatio"})
# fields that show a file is a study summary, so a missing DOI is worth a warning
_STUDY_FIELDS = ("organisms", "knowledgeGaps", "journal", "authors", "experimentType")

# ASCII digits only: \d alone also takes Arabic-Indic and other digits, no DOI or PMC id has
_DOI = re.compile(r"^10\.\d{4,9}/\S+$", re.ASCII)
_PMCID = re.compile(r"^(?:PMCID:?\s*)?(PMC\d+)$", re.I | re.ASCII)
_PMC_URL = re.compile(r"ncbi\.nlm\.nih\.gov/pmc/articles/(PMC\d+)", re.I | re.ASCII)
_TITLES = re.compile(r"^(?:dr|prof|professor|mr|mrs|ms)\.?\s+", re.I)
_INITIALS = re.compile(r"^[A-Z]{1,4}$")
_LEAD = re.compile(r"^\*\*(.+?)\*\*\s*[:.\-–—]?\s*")


def to_record(raw: RawArticle) -> tuple[ArticleRecord, tuple[Diagnostic, ...]]:
    """Check and normalise one article. Returns the record and the warnings about it.

    Raises :class:`~kg.errors.ArticleError` for a value that cannot be understood and
    :class:`NotAStudy` for a file without a ``doi`` field.
    """
    return _Checker(raw).record()


class _Checker:
    def __init__(self, raw: RawArticle) -> None:
        self.raw = raw
        self.meta = raw.meta
        self.notes: list[Diagnostic] = list(raw.repairs)

    def line(self, field: str) -> int | None:
        return self.raw.field_lines.get(field.split(".", 1)[0].split("[", 1)[0])

    def note(self, field: str | None, code: str, message: str,
             severity: Severity = Severity.WARNING) -> None:
        line = self.line(field) if field else None
        self.notes.append(Diagnostic(severity, self.raw.path, line, field, code, message))

    def fail(self, field: str, code: str, message: str) -> ArticleError:
        return ArticleError(self.raw.path, self.line(field), field, code, message)

    # -- the record ------------------------------------------------------------------------
    def record(self) -> tuple[ArticleRecord, tuple[Diagnostic, ...]]:
        doi, pmcid = self.identifiers()
        chart_raw = self.chart_with_stray_options()
        for key in sorted(set(self.meta) - KNOWN_FIELDS - _CHART_OPTIONS):
            self.note(key, "unknown-field", f"unknown field '{key}' ignored", Severity.INFO)
        try:
            chart = parse_chart(chart_raw, self._chart_note)
        except ValueError as err:
            raise self.fail(err.args[1], "bad-chart", err.args[0]) from err
        entities = find_entities(self.raw)
        record = ArticleRecord(
            path=self.raw.path,
            sha256=self.raw.sha256,
            title=self.title(),
            summary=self.text("summary"),
            doi=doi,
            pmcid=pmcid,
            published=self.date(),
            journal=self.text("journal"),
            url=self.url(),
            image=self.image(),
            read_minutes=self.minutes(),
            authors=tuple(self.authors()),
            tags=tuple(dict.fromkeys(self.strings("tags"))),
            organisms=tuple(self.organisms()),
            experiment_types=tuple(self.concepts("experimentType", EXPERIMENT_TYPE)),
            priority=self.concept("priority", PRIORITY),
            consensus=self.concept("consensusLevel", CONSENSUS),
            gaps=tuple(self.gaps()),
            findings=tuple(self.findings()),
            chart=chart,
            sections=self.raw.sections,
            entities=entities,
            claims=find_claims(entities.genes),
            field_lines=tuple(sorted(self.raw.field_lines.items())),
        )
        return record, tuple(self.notes)

    def _chart_note(self, field: str, code: str, message: str) -> None:
        self.note(field, code, message)

    def chart_with_stray_options(self) -> Any:
        """chartData, with Chart.js option keys that slipped out of it to the top level put back.

        A key such as ``scales:`` written at column 0 below chartData parses as a field of its
        own; it belongs to ``chartData.options`` (it carries the axis titles).
        """
        raw = self.meta.get("chartData")
        stray = [k for k in self.meta if k in _CHART_OPTIONS]
        chart_line = self.line("chartData")
        if not isinstance(raw, dict) or not stray or chart_line is None:
            for key in stray:
                self.note(key, "unknown-field", f"unknown field '{key}' ignored", Severity.INFO)
            return raw
        raw = dict(raw)
        options = dict(raw.get("options") or {}) if isinstance(raw.get("options"), dict) else {}
        for key in stray:
            if (self.line(key) or 0) < chart_line:
                self.note(key, "unknown-field", f"unknown field '{key}' ignored", Severity.INFO)
                continue
            options.setdefault(key, self.meta[key])
            self.note(key, "chart-option-outside",
                      f"the chart option '{key}' stood outside chartData; moved into its options")
        raw["options"] = options
        return raw

    # -- identifiers -------------------------------------------------------------------------
    def identifiers(self) -> tuple[str | None, str | None]:
        value = self.meta.get("doi")
        url_pmcid = None
        if isinstance(self.meta.get("url"), str) and (m := _PMC_URL.search(self.meta["url"])):
            url_pmcid = m.group(1).upper()
        if value is None or (isinstance(value, str) and not value.strip()):
            study = [f for f in _STUDY_FIELDS if self.meta.get(f)]
            severity = Severity.WARNING if study else Severity.INFO
            why = (f"it has {', '.join(study)} like a study summary, but no doi"
                   if study else "no doi: not a publication summary")
            raise NotAStudy(Diagnostic(severity, self.raw.path, self.line("doi"), "doi",
                                       "no-doi", f"skipped: {why}"))
        if not isinstance(value, str):
            raise self.fail("doi", "bad-doi", f"doi must be text, not {type(value).__name__}")
        text = value.strip()
        if m := _PMCID.match(text):
            pmcid = m.group(1).upper()
            self.note("doi", "pmcid-in-doi",
                      f"the doi field holds the PMC id {pmcid}; the publication is identified "
                      "by its PMC id")
            if url_pmcid and url_pmcid != pmcid:
                self.note("url", "pmcid-mismatch", f"url names {url_pmcid}, doi field {pmcid}")
            return None, pmcid
        bare = bare_doi(text)
        if bare != text:
            self.note("doi", "doi-form", f"doi written as {text!r}; kept as {bare!r}")
        if not _DOI.match(bare):
            raise self.fail("doi", "bad-doi", f"{text!r} is not a DOI (10.<registrant>/<suffix>)")
        return bare.lower(), url_pmcid

    # -- simple fields ------------------------------------------------------------------------
    def text(self, field: str) -> str | None:
        value = self.meta.get(field)
        if value is None:
            return None
        if isinstance(value, (list, dict)):
            raise self.fail(field, "bad-type", f"{field} must be text, not a {type(value).__name__}")
        text = " ".join(str(value).split())
        return text or None

    def title(self) -> str:
        title = self.text("title")
        if not title:
            raise self.fail("title", "no-title", "an article needs a title")
        return title

    def date(self) -> date | None:
        value = self.meta.get("publishDate")
        if value is None:
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        text = str(value).strip()
        try:
            return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
        except ValueError:
            pass
        for fmt in ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%Y/%m/%d", "%Y-%m"):
            try:
                parsed = datetime.strptime(text, fmt).date()
            except ValueError:
                continue
            self.note("publishDate", "date-form", f"date {text!r} read as {parsed.isoformat()}")
            return parsed
        raise self.fail("publishDate", "bad-date", f"{text!r} is not a date (YYYY-MM-DD)")

    def url(self) -> str | None:
        url = self.text("url")
        if url and not re.match(r"^https?://\S+$", url):
            raise self.fail("url", "bad-url", f"{url!r} is not an http(s) URL")
        return self.web_address("url", url)

    def image(self) -> str | None:
        image = self.text("featuredImage")
        if not image or not re.match(r"^https?://\S+$", image):
            return None  # a site-relative path names no resource outside the site
        return self.web_address("featuredImage", image)

    def web_address(self, field: str, value: str | None) -> str | None:
        if value is None:
            return None
        encoded = web_iri(value)
        if encoded is None:
            raise self.fail(field, "bad-url", f"{value!r} has no host an IRI can hold")
        if encoded != value:
            self.note(field, "iri-escaped", f"characters no IRI may hold were %-encoded: {encoded}")
        return encoded

    def minutes(self) -> int | None:
        value = self.meta.get("readTime")
        if value is None or isinstance(value, bool):
            return None
        if isinstance(value, int):
            return value
        m = re.match(r"^\s*(\d{1,6})\s*(?:min(?:ute)?s?)?\s*$", str(value), re.ASCII)
        if not m:
            self.note("readTime", "bad-read-time", f"{value!r} is not a number of minutes; dropped")
            return None
        self.note("readTime", "read-time-form", f"{value!r} read as {m.group(1)} minutes")
        return int(m.group(1))

    def strings(self, field: str) -> list[str]:
        """A list of strings; a lone string is a one-item list."""
        value = self.meta.get(field)
        if value is None:
            return []
        if isinstance(value, str):
            return [" ".join(value.split())] if value.strip() else []
        if not isinstance(value, list):
            raise self.fail(field, "bad-type", f"{field} must be a list of text")
        out = []
        for i, item in enumerate(value, start=1):
            if isinstance(item, (list, dict)) or item is None:
                raise self.fail(f"{field}[{i}]", "bad-type", f"item {i} of {field} is not text")
            text = " ".join(str(item).split())
            if text:
                out.append(text)
        return out

    # -- people, organisms, vocabularies ------------------------------------------------------------
    def authors(self) -> list[Person]:
        names = self.strings("authors")
        value = self.meta.get("authors")
        if isinstance(value, str) and (";" in value or "," in value):
            parts = [p.strip() for p in re.split(r"[;,]", value) if p.strip()]
            if ";" in value or all(len(p.split()) >= 2 for p in parts):
                self.note("authors", "authors-as-text", f"one text of {len(parts)} names; split")
                names = parts
        people: dict[str, Person] = {}
        for name in names:
            person = parse_person(name)
            if person.key in people:
                self.note("authors", "duplicate-author",
                          f"{name!r} is listed twice; kept at its first place")
                continue
            people[person.key] = person
        return list(people.values())

    def organisms(self) -> list[Organism]:
        out = []
        for label in dict.fromkeys(self.strings("organisms")):
            taxon = resolve_organism(label)
            if taxon is None and label.lower() not in NON_TAXON_LABELS:
                self.note("organisms", "unknown-organism",
                          f"{label!r} names no known taxon; kept as text")
            out.append(Organism(label, taxon))
        return out

    def concept(self, field: str, scheme: Scheme) -> tuple[str, bool] | None:
        values = self.concepts(field, scheme)
        if len(values) > 1:
            raise self.fail(field, "bad-type", f"{field} takes one value, not {len(values)}")
        return values[0] if values else None

    def concepts(self, field: str, scheme: Scheme) -> list[tuple[str, bool]]:
        out = []
        for value in dict.fromkeys(self.strings(field)):
            known = scheme.canonical(value)
            if known is None:
                self.note(field, "unknown-concept",
                          f"{value!r} is not in the {scheme.label.lower()} scheme; kept as a new "
                          "concept")
            out.append((known or value, known is not None))
        return out

    # -- gaps and findings ---------------------------------------------------------------------------
    def gaps(self) -> list[Gap]:
        texts = self.strings("knowledgeGaps")
        if texts:
            return [Gap(t, "frontmatter", keywords(t)) for t in dict.fromkeys(texts)]
        body = [plain_text(b) for s in self.raw.sections if s.kind == "knowledge-gaps"
                for b in s.bullets]
        return [Gap(t, "body", keywords(t)) for t in dict.fromkeys(body) if t]

    def findings(self) -> list[Finding]:
        out = []
        for section in self.raw.sections:
            if section.kind != "key-findings":
                continue
            for bullet in section.bullets:
                m = _LEAD.match(bullet)
                headline = plain_text(m.group(1)).rstrip(":. ") if m else None
                text = plain_text(bullet)
                if text:
                    out.append(Finding(text, headline or None, bullet))
        return out


_AUTHORITY = re.compile(r"^(?P<user>[^@]*@)?(?P<host>\[[0-9A-Fa-f:.]+\]|[^:\[\]]*)(?P<port>:[0-9]*)?$")
_PERCENT = re.compile(r"%[0-9A-Fa-f]{2}")
_IRI_ASCII = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=")


def _iri_char(c: str) -> bool:
    """Whether RFC 3987 lets ``c`` stand unencoded in an IRI (iunreserved or sub-delims)."""
    o = ord(c)
    if o < 0x80:
        return c in _IRI_ASCII
    return (0xA0 <= o <= 0xD7FF or 0xF900 <= o <= 0xFDCF or 0xFDF0 <= o <= 0xFFEF
            or (0x10000 <= o <= 0xEFFFD and (o & 0xFFFF) <= 0xFFFD and not 0xE0000 <= o <= 0xE0FFF))


def _encode(text: str, keep: str) -> str:
    """``text`` with every character an IRI may not hold %-encoded (``keep``: delimiters that
    may stand, a ``%`` starting a well-formed escape stays)."""
    out = []
    for i, c in enumerate(text):
        if _iri_char(c) or c in keep or (c == "%" and _PERCENT.match(text, i)):
            out.append(c)
        else:
            out.append("".join(f"%{b:02X}" for b in c.encode("utf-8", "surrogatepass")))
    return "".join(out)


def web_iri(url: str) -> str | None:
    """An http(s) URL as an IRI the graph can hold, or ``None`` when its host cannot be one.

    The graph is written as N-Quads and read back by Oxigraph, which checks every IRI: one URL
    with ``%zz``, a DEL, a second ``#`` or a code point RFC 3987 leaves out (U+FFFE,
    private use) made the whole built graph unreadable. Those characters are %-encoded.

    >>> web_iri("https://example.org/a b%zz#x#y"), web_iri("https://[::1]:80/%41")
    ('https://example.org/a%20b%25zz#x%23y', 'https://[::1]:80/%41')
    >>> web_iri("https://[bad/") is None
    True
    """
    m = re.match(r"^(https?://)([^/?#]*)(.*)$", url, re.I | re.S)
    if not m:
        return None
    scheme, authority, rest = m.groups()
    parts = _AUTHORITY.match(authority)
    if parts is None:
        return None
    host = parts["host"] if parts["host"].startswith("[") else _encode(parts["host"], "")
    user = _encode(parts["user"][:-1], ":") + "@" if parts["user"] else ""
    path, hash_, fragment = rest.partition("#")
    return (scheme + user + host + (parts["port"] or "") + _encode(path, ":@/?")
            + hash_ + _encode(fragment, ":@/?"))


def parse_person(name: str) -> Person:
    """Family name and initials from the ways articles write authors.

    >>> parse_person("Adamopoulos KI"), parse_person("Konstantinos I Adamopoulos").key
    (Person(name='Adamopoulos KI', family='Adamopoulos', initials='KI'), 'adamopoulos-ki')
    >>> parse_person("da Silveira WA").key, parse_person("Dr. Jane Smith").key
    ('da-silveira-wa', 'smith-j')
    """
    clean = _TITLES.sub("", " ".join(name.split())).strip().rstrip(",")
    clean = re.sub(r",?\s+(?:ph\.?d|md|m\.d)\.?$", "", clean, flags=re.I)
    tokens = clean.replace(".", ". ").split()
    tokens = [t.rstrip(".") for t in tokens if t.rstrip(".")]
    if len(tokens) >= 2 and _INITIALS.match(tokens[-1]):
        return Person(name.strip(), " ".join(tokens[:-1]), tokens[-1])
    if len(tokens) >= 2:
        given = [t for t in tokens[:-1] if t[:1].isalpha()]
        return Person(name.strip(), tokens[-1], "".join(t[0].upper() for t in given))
    return Person(name.strip(), clean, "")
