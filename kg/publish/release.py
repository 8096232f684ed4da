"""A versioned release bundle of a build: dumps, KGX, VoID, examples, checksums and changes.

A release is what a data portal, Zenodo or a KG registry takes: one folder per version with
the graph in the common formats (compressed), the KGX tables, a VoID description naming the
bundle's own dumps, the SPARQL examples, ``SHA256SUMS`` (``sha256sum -c`` checks it) and
``CHANGES.json`` / ``CHANGES.md``, the counts that changed since the previous release.

Same build and version, same bytes: gzip members carry no file name and mtime 0, every file
is written from sorted lines, and nothing records the date or the machine. That lets a mirror
verify a bundle by rebuilding it, and keeps a release diff down to what changed.

The previous release is the ``previous`` folder if given, else the highest other version
beside the new one in ``out`` (versions compared by their numbers: 1.10 after 1.9); its
``CHANGES.json`` holds the counts compared against.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import re
import shutil
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from kg.core.namespaces import OWL, RDF, SBKG, shorten
from kg.errors import GraphLoadError, KgError
from kg.publish.export import serialize
from kg.publish.kgx import write_kgx
from kg.rdf.canonical import iri, literal
from kg.rdf.store import GRAPH_FILE, TURTLE_FILE, KnowledgeGraph
from kg.rdf.turtle import turtle_bytes
from kg.rdf.void import DATASET, void_lines
from kg.sparql.examples import EXAMPLES_FILE, examples_turtle

__all__ = ["CHANGES_FILE", "SUMS_FILE", "COUNTED", "release", "counts", "find_previous",
           "version_key", "gzip_bytes"]

CHANGES_FILE = "CHANGES.json"
SUMS_FILE = "SHA256SUMS"
#: the classes whose counts a release reports by a plain name
COUNTED = {
    "publications": str(SBKG.Publication),
    "articles": str(SBKG.ArticleSummary),
    "genes": str(SBKG.Gene),
    "organisms": str(SBKG.Taxon),
    "datasets": str(SBKG.Dataset),
    "people": str(SBKG.Person),
    "knowledge_gaps": str(SBKG.KnowledgeGap),
    "findings": str(SBKG.Finding),
}
_VERSION = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._+-]*$")
_TYPE = f"<{RDF.type}>"


def gzip_bytes(data: bytes) -> bytes:
    """``data`` gzipped the same way every time: no file name, mtime 0, level 6 (the gzip
    default: on a 74 MB graph.nq 2.3 s against 5.5 s at level 9, for a file 4 % larger).

    >>> gzip_bytes(b"x") == gzip_bytes(b"x"), gzip.decompress(gzip_bytes(b"x"))
    (True, b'x')
    """
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=6) as out:
        out.write(data)
    return buffer.getvalue()


def version_key(version: str) -> tuple[tuple[int, int | str], ...]:
    """A sort key comparing the numbers of a version as numbers.

    >>> sorted(["1.10", "1.9", "1.9.1", "2.0-rc1"], key=version_key)
    ['1.9', '1.9.1', '1.10', '2.0-rc1']
    """
    return tuple((0, int(part)) if part.isdigit() else (1, part)
                 for part in re.findall(r"\d+|[^\d.+-]+", version))


def counts(triple_lines: Iterable[str]) -> dict[str, object]:
    """Triples, the :data:`COUNTED` classes by name, and every class's instances."""
    triples = 0
    classes: Counter[str] = Counter()
    for line in triple_lines:
        triples += 1
        _s, p, rest = line.split(" ", 2)
        if p == _TYPE:
            classes[rest[:-3].rstrip()[1:-1]] += 1
    named: dict[str, int] = {"triples": triples}
    named.update({name: classes.get(cls, 0) for name, cls in COUNTED.items()})
    return {"counts": named, "classes": {shorten(c): n for c, n in sorted(classes.items())}}


def find_previous(out: Path, version: str) -> Path | None:
    """The release before ``version`` in ``out``: the highest lower version with a
    ``CHANGES.json``."""
    if not out.is_dir():
        return None
    key = version_key(version)
    older = [d for d in out.iterdir() if (d / CHANGES_FILE).is_file() and version_key(d.name) < key]
    return max(older, key=lambda d: version_key(d.name)) if older else None


def _changes(now: dict[str, object], before: dict[str, object]) -> dict[str, dict[str, int]]:
    """``{what: {before, after, change}}`` for each count and class count that differs."""
    out: dict[str, dict[str, int]] = {}
    for part in ("counts", "classes"):
        old, new = before.get(part, {}), now[part]
        assert isinstance(old, dict) and isinstance(new, dict)
        for name in sorted(set(old) | set(new)):
            a, b = int(old.get(name, 0)), int(new.get(name, 0))
            if a != b:
                out[name] = {"before": a, "after": b, "change": b - a}
    return out


def _changes_md(version: str, previous: str | None, record: dict[str, object]) -> str:
    lines = [f"# Release {version}", ""]
    stated = record["counts"]
    assert isinstance(stated, dict)
    lines += [f"- {name.replace('_', ' ')}: {value}" for name, value in stated.items()]
    lines.append("")
    changes = record["changes"]
    assert isinstance(changes, dict)
    if previous is None:
        lines.append("First release: no previous release to compare with.")
    elif not changes:
        lines.append(f"No count changed since {previous}.")
    else:
        lines += [f"Changes since {previous}:", ""]
        lines += [f"- {name.replace('_', ' ')}: {c['before']} → {c['after']} ({c['change']:+d})"
                  for name, c in changes.items()]
    return "\n".join(lines) + "\n"


def _void(triple_lines: list[str], dumps: list[str], version: str) -> bytes:
    lines = void_lines(triple_lines, dumps)
    lines.append(f"{iri(DATASET)} {iri(str(OWL.versionInfo))} {literal(version)} .\n")
    out = io.BytesIO()
    turtle_bytes(sorted(set(lines)), out)
    return out.getvalue()


def release(build_folder: str | Path, out: str | Path, version: str,
            previous: str | Path | None = None, *, endpoint: str | None = None) -> Path:
    """Write the release ``out/<version>/`` of the build in ``build_folder``; returns the folder.

    ``previous``: the release folder to compare counts with (default: found beside it).
    ``endpoint``: the SPARQL endpoint the examples name as their target.
    """
    if not _VERSION.match(version):
        raise KgError(f"version {version!r} cannot name a folder: use letters, digits and . _ + -")
    build_folder, out = Path(build_folder), Path(out)
    if not (build_folder / TURTLE_FILE).is_file():  # the dumps are copied as the build wrote them
        raise GraphLoadError(f"{build_folder} is no build folder (no {TURTLE_FILE}; run 'kg build')")
    graph = KnowledgeGraph.load(build_folder)
    before = Path(previous) if previous is not None else find_previous(out, version)
    if before is not None and not (before / CHANGES_FILE).is_file():
        raise KgError(f"{before} is no release: it has no {CHANGES_FILE}")

    staging = out / f".{version}.partial"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    files: dict[str, bytes] = {
        GRAPH_FILE + ".gz": gzip_bytes((build_folder / GRAPH_FILE).read_bytes()),
        TURTLE_FILE + ".gz": gzip_bytes((build_folder / TURTLE_FILE).read_bytes()),
        "graph.jsonld.gz": gzip_bytes(serialize(graph, "jsonld") or b""),
        EXAMPLES_FILE: examples_turtle(endpoint).encode("utf-8"),
    }
    written, report = write_kgx(graph, staging)
    triple_lines = graph.triple_lines()
    files["void.ttl"] = _void(triple_lines, sorted(files), version)
    previous_name = before.name if before is not None else None
    record: dict[str, object] = {"version": version, "previous": previous_name, **counts(triple_lines)}
    old = json.loads((before / CHANGES_FILE).read_text(encoding="utf-8")) if before else {}
    record["changes"] = _changes(record, old)
    record["kgx"] = report.as_dict()
    files[CHANGES_FILE] = (json.dumps(record, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode()
    files["CHANGES.md"] = _changes_md(version, previous_name, record).encode()
    for name, data in files.items():
        (staging / name).write_bytes(data)
    names = sorted([*files, *(p.name for p in written)])
    sums = "".join(f"{hashlib.sha256((staging / n).read_bytes()).hexdigest()}  {n}\n" for n in names)
    (staging / SUMS_FILE).write_text(sums, encoding="utf-8", newline="\n")

    target = out / version
    shutil.rmtree(target, ignore_errors=True)
    staging.rename(target)
    return target
