"""What a build leaves for the next one to start from: ``<out>/cache/STATE``.

A rebuild after a small edit should cost the edit, not the corpus. The previous build's
dumps are sorted, so they serve as their own index (:mod:`kg.rdf.splice`); what they do not
say, this state keeps, per file read: its cache key, its outcome (as reported, gaps included),
its claims as the links see them and its part of the tallies; for the corpus: the digest of
the themes' input, the VoID counts, the number of quads, and the size and modification time
of each output file.

The state is used only when everything it describes is still there as it was: the same code
and reference data (:func:`~kg.pipeline.reading.code_digest`), the same ``--strict``, each
output file with its recorded size and time, and valid stores. Anything else, and the build
starts from scratch. Like the cache, it is a pickle that trusts its own build folder.
"""

from __future__ import annotations

import os
import pickle
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from kg.pipeline.reading import CACHE_DIR, code_digest
from kg.rdf.claims import Member
from kg.rdf.disk import file_stamp, valid_location
from kg.rdf.store import GRAPH_FILE, REPORT_FILE, TURTLE_FILE, VOID_FILE
from kg.rdf.tallies import Counted, GeneNames, ThemePublications

if TYPE_CHECKING:
    from kg.pipeline.files import FileOutcome

__all__ = ["Article", "BuildState", "STATE_FILE", "load_state", "save_state", "forget_state"]

STATE_FILE = "STATE"
#: the outputs a state describes
OUTPUTS = (GRAPH_FILE, TURTLE_FILE, VOID_FILE, REPORT_FILE)


@dataclass(frozen=True)
class Article:
    """One file of the build as the next build needs it."""

    key: str | None
    outcome: FileOutcome
    members: tuple[Member, ...]
    #: its graph's part of the tallies (``None``: no graph)
    counted: Counted | None = None


@dataclass(frozen=True)
class BuildState:
    code: str
    strict: bool
    articles: dict[str, Article]
    themes: str
    void: tuple[int, int, dict[str, int], dict[str, int]]
    quads: int
    stamps: tuple[tuple[str, str], ...] = ()
    #: the names of the genes the articles describe (:data:`~kg.rdf.tallies.GeneNames`)
    names: GeneNames = field(default_factory=dict)
    #: the publications of each research theme (:data:`~kg.rdf.tallies.ThemePublications`),
    #: kept from the last time the themes were computed
    themed: ThemePublications = field(default_factory=dict)


def save_state(state: BuildState, out: Path) -> None:
    """Write ``state`` for the outputs now in ``out`` (stamped as they are)."""
    stamps = tuple((name, file_stamp(out / name)) for name in OUTPUTS)
    folder = out / CACHE_DIR
    folder.mkdir(parents=True, exist_ok=True)
    part = folder / f"{STATE_FILE}.part"
    data = replace(state, stamps=stamps)
    part.write_bytes(pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
    os.replace(part, folder / STATE_FILE)


def forget_state(out: Path) -> None:
    (out / CACHE_DIR / STATE_FILE).unlink(missing_ok=True)


def load_state(out: Path, strict: bool) -> BuildState | None:
    """The state of the last build into ``out``, if a rebuild may start from it."""
    try:
        state = pickle.loads((out / CACHE_DIR / STATE_FILE).read_bytes())
        if not isinstance(state, BuildState) or state.code != code_digest() \
                or state.strict != strict:
            return None
        if any(file_stamp(out / name) != stamp for name, stamp in state.stamps) \
                or {name for name, _s in state.stamps} != set(OUTPUTS):
            return None
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError,
            ValueError):
        return None
    if valid_location(out / GRAPH_FILE) is None:
        return None
    return state
