"""``chartData`` (Chart.js configuration) turned into observations: data, not a blob.

Each value becomes one :class:`Observation` with its series label, category label and number;
the chart keeps its type and the titles of its value and category axes. Colours, fonts, sizes
and callbacks are styling and are dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml

from kg.ingest.safe_yaml import load_yaml

__all__ = ["Observation", "Chart", "parse_chart"]

Warn = Callable[[str, str, str], None]  # (field, code, message)

#: the largest power of ten a plotted value may have, either way: the graph writes a decimal
#: without an exponent, so ``1e999999999`` would be a billion digits (or overflow); every
#: float fits (1.8e308 to 5e-324), and so do the p-values of genome-wide studies
MAX_EXPONENT = 400


@dataclass(frozen=True)
class Observation:
    """One plotted value. ``series`` and ``category`` are 1-based positions in the chart."""

    series_label: str
    category_label: str
    value: Decimal
    series: int
    category: int


@dataclass(frozen=True)
class Chart:
    kind: str | None
    title: str | None
    value_axis: str | None
    category_axis: str | None
    observations: tuple[Observation, ...]
    labels: tuple[str, ...] = ()  # every category and series label, with or without values


def parse_chart(raw: Any, warn: Warn) -> Chart | None:
    """Read a ``chartData`` value; ``warn(field, code, message)`` hears about repairs.

    Raises ``ValueError`` (with the field path as its second argument) for a shape that cannot
    be read at all.

    >>> c = parse_chart({"type": "bar", "data": {"labels": ["a", "b"],
    ...     "datasets": [{"label": "s", "data": [1, 2.5]}]}}, print)
    >>> [(o.series_label, o.category_label, str(o.value)) for o in c.observations]
    [('s', 'a', '1'), ('s', 'b', '2.5')]
    """
    if raw is None:
        return None
    if isinstance(raw, str):
        raw = _unquote(raw, warn)
        if raw is None:
            return None
    if not isinstance(raw, dict):
        raise ValueError("chartData must be a mapping (type, data, options)", "chartData")
    kind = raw.get("type")
    kind = str(kind).strip().lower() if kind is not None else None
    data = raw.get("data") or {}
    if not isinstance(data, dict):
        raise ValueError("chartData.data must be a mapping (labels, datasets)", "chartData.data")
    labels = data.get("labels") or []
    if not isinstance(labels, list):
        raise ValueError("chartData.data.labels must be a list", "chartData.data.labels")
    datasets = data.get("datasets") or []
    if not isinstance(datasets, list):
        raise ValueError("chartData.data.datasets must be a list", "chartData.data.datasets")
    options: dict[str, Any] = raw["options"] if isinstance(raw.get("options"), dict) else {}
    observations: list[Observation] = []
    for s, dataset in enumerate(datasets, start=1):
        field = f"chartData.data.datasets[{s}]"
        if not isinstance(dataset, dict):
            raise ValueError("each dataset must be a mapping with label and data", field)
        observations.extend(_series(dataset, s, labels, field, warn))
    if not observations and kind not in (None, "none"):
        warn("chartData", "empty-chart", f"a '{kind}' chart with no values; nothing to keep")
    if not observations and kind in (None, "none") and not labels:
        return None
    value_axis, category_axis = _axis_titles(options, kind)
    names = [_text(label) for label in labels]
    names += [_text(d.get("label")) for d in datasets if isinstance(d, dict)]
    return Chart(kind, _text(_dig(options, "plugins", "title", "text")), value_axis,
                 category_axis, tuple(observations), tuple(dict.fromkeys(n for n in names if n)))


def _series(dataset: dict[str, Any], s: int, labels: list[Any], field: str,
            warn: Warn) -> list[Observation]:
    label = _text(dataset.get("label")) or f"Series {s}"
    values = dataset.get("data")
    if values is None:
        return []
    if not isinstance(values, list):
        values = [values]
    out = []
    short = False
    for c, value in enumerate(values, start=1):
        category = None
        if isinstance(value, dict):  # {x, y} points of scatter and line charts
            category = _text(value.get("x"))
            value = value.get("y")
        number = _number(value, f"{field}.data[{c}]", warn)
        if number is None:
            continue
        if category is None:
            if c <= len(labels):
                category = _text(labels[c - 1]) or str(c)
            else:
                category, short = str(c), True
        out.append(Observation(label, category, number, s, c))
    if short:
        warn(field, "chart-labels", f"'{label}' has more values than the chart has labels; "
             "the extra values are named by their position")
    return out


def _number(value: Any, field: str, warn: Warn) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, bool):
        warn(field, "chart-value", f"{value!r} is not a number; dropped")
        return None
    if isinstance(value, int):
        return _bounded(Decimal(value), value, field, warn)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            warn(field, "chart-value", f"{value!r} is not a finite number; dropped")
            return None
        return _bounded(Decimal(repr(value)), value, field, warn)
    text = str(value).strip().rstrip("%").replace(",", "")
    try:
        number = Decimal(text)
    except InvalidOperation:
        warn(field, "chart-value", f"{value!r} is not a number; dropped")
        return None
    if not number.is_finite():
        warn(field, "chart-value", f"{value!r} is not a finite number; dropped")
        return None
    if _bounded(number, value, field, warn) is None:
        return None
    warn(field, "chart-value-text", f"the number {value!r} was written as text; read as {number}")
    return number


def _bounded(number: Decimal, value: Any, field: str, warn: Warn) -> Decimal | None:
    """``number``, or ``None`` (with a warning) past :data:`MAX_EXPONENT` either way."""
    if number and abs(number.adjusted()) > MAX_EXPONENT:
        written = str(value)
        shown = written if len(written) <= 40 else f"{written[:20]}... ({len(written)} characters)"
        warn(field, "chart-value", f"{shown!r} is beyond 1e±{MAX_EXPONENT}, not a plotted "
             "value; dropped")
        return None
    return number


def _unquote(text: str, warn: Warn) -> Any:
    """chartData given as one quoted string of YAML: read the YAML inside it."""
    try:
        inner = load_yaml(text)
    except yaml.YAMLError as err:
        raise ValueError(f"chartData is a string that is not YAML: {err}", "chartData") from err
    if isinstance(inner, dict) and set(inner) == {"chartData"}:
        inner = inner["chartData"]
    if isinstance(inner, dict):
        warn("chartData", "chart-as-text", "chartData was one quoted string of YAML; read inside")
        return inner
    if not text.strip() or text.strip().lower() == "none":
        return None
    raise ValueError("chartData is text, not a chart", "chartData")


def _axis_titles(options: dict[str, Any], kind: str | None) -> tuple[str | None, str | None]:
    scales = options.get("scales") if isinstance(options.get("scales"), dict) else {}
    if kind in ("radar", "polararea"):
        return _text(_dig(scales, "r", "title", "text")), None
    value, category = ("x", "y") if options.get("indexAxis") == "y" else ("y", "x")
    return (_text(_dig(scales, value, "title", "text")),
            _text(_dig(scales, category, "title", "text")))


def _dig(node: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(node, dict):
            return None
        node = node.get(key)
    return node


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):  # Chart.js allows multi-line labels as lists
        value = " ".join(str(v) for v in value)
    text = " ".join(str(value).split())
    return text or None
