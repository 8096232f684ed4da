"""YAML read with limits, so that no frontmatter can exhaust the build.

PyYAML (with libyaml) parses a document into nodes, then constructs Python values from them.
Three things a hostile or broken file can do are stopped here, each as a
``yaml.MarkedYAMLError`` that names the line, which the article reader reports like any other
YAML problem:

- an alias bomb: a few hundred bytes whose aliases expand to billions of values (a value is
  constructed once, but every later walk over it expands it). The expanded size is counted on
  the node graph, each node once, before anything is constructed;
- nesting deep enough to exhaust the interpreter's stack (a thousand nested brackets);
- values YAML accepts that Python cannot hold: a date of 2021-02-30, year 0, a time-zone
  offset of +99:00 stay the text they were written as (the record checker then reports a bad
  date with its field); ``!!float abc``, ``!!bool maybe`` or ``!!timestamp abc`` are errors
  naming their line.
"""

from __future__ import annotations

from typing import Any

import yaml

__all__ = ["load_yaml", "MAX_VALUES", "MAX_DEPTH"]

#: values a frontmatter may expand to (real ones hold a few hundred)
MAX_VALUES = 100_000
#: nesting a frontmatter may have (real charts nest five or six levels)
MAX_DEPTH = 40

try:  # libyaml is ~9x faster; fall back to the pure-Python loader where it is missing
    _Base: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Base = yaml.SafeLoader


class _Loader(_Base):  # type: ignore[misc]  # PyYAML's loaders are untyped mixins
    """The safe loader, with constructors that fail as marked errors instead of crashing."""

    def construct_yaml_timestamp(self, node: yaml.Node) -> Any:
        if not self.timestamp_regexp.match(self.construct_scalar(node)):
            # only an explicit ``!!timestamp`` reaches here with text of another shape (PyYAML
            # then fails on a regex match of None): the writer insisted, so it is an error
            raise _refused(node, f"{node.value!r} is not a date (!!timestamp)")
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError):
            return self.construct_scalar(node)  # kept as written: the checker says why

    def construct_yaml_float(self, node: yaml.Node) -> Any:
        try:
            return super().construct_yaml_float(node)
        except (ValueError, OverflowError, IndexError) as err:  # IndexError: ``!!float ''``
            raise _refused(node, f"{node.value!r} is not a number (!!float)") from err

    def construct_yaml_int(self, node: yaml.Node) -> Any:
        try:
            return super().construct_yaml_int(node)
        except (ValueError, OverflowError, IndexError) as err:  # IndexError: ``!!int ''``
            raise _refused(node, f"{node.value!r} is not an integer (!!int)") from err

    def construct_yaml_bool(self, node: yaml.Node) -> Any:
        try:
            return super().construct_yaml_bool(node)
        except KeyError as err:
            raise _refused(node, f"{node.value!r} is not true or false (!!bool)") from err

    def construct_yaml_binary(self, node: yaml.Node) -> Any:
        try:
            return super().construct_yaml_binary(node)
        except (ValueError, TypeError) as err:
            raise _refused(node, "not base64 data (!!binary)") from err


for _tag, _method in (
    ("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp),
    ("tag:yaml.org,2002:float", _Loader.construct_yaml_float),
    ("tag:yaml.org,2002:int", _Loader.construct_yaml_int),
    ("tag:yaml.org,2002:bool", _Loader.construct_yaml_bool),
    ("tag:yaml.org,2002:binary", _Loader.construct_yaml_binary),
):
    _Loader.add_constructor(_tag, _method)


def _refused(node: yaml.Node, problem: str) -> yaml.constructor.ConstructorError:
    return yaml.constructor.ConstructorError(None, None, problem, node.start_mark)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _check_size(root: yaml.Node) -> None:
    """Refuse a node graph that expands past :data:`MAX_VALUES` values or :data:`MAX_DEPTH`
    levels. Each distinct node is visited once (aliases share nodes), without recursion."""
    size: dict[int, int] = {}
    depth: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool, int]] = [(root, False, 1)]
    while stack:
        node, done, level = stack.pop()
        key = id(node)
        if level > MAX_DEPTH:
            raise _refused(node, f"the frontmatter nests deeper than {MAX_DEPTH} levels")
        if done:
            kids = _children(node)
            size[key] = 1 + sum(size[id(k)] for k in kids)
            depth[key] = 1 + max((depth[id(k)] for k in kids), default=0)
            if size[key] > MAX_VALUES:
                raise _refused(node, f"the frontmatter expands to more than {MAX_VALUES:,} "
                                     "values (YAML aliases); refused")
            continue
        if key in size:
            continue
        stack.append((node, True, level))
        stack.extend((k, False, level + 1) for k in _children(node) if id(k) not in size)
    if depth.get(id(root), 0) > MAX_DEPTH:
        raise _refused(root, f"the frontmatter nests deeper than {MAX_DEPTH} levels")


def load_yaml(text: str) -> Any:
    """Parse one YAML document within the limits; raises ``yaml.YAMLError`` subclasses.

    >>> load_yaml("a: [1, 2]\\nb: 2021-02-30")
    {'a': [1, 2], 'b': '2021-02-30'}
    """
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _check_size(node)
        return loader.construct_document(node)
    except RecursionError as err:  # libyaml's own composer on absurd nesting
        raise yaml.YAMLError(f"the frontmatter nests too deeply: {err}") from err
    finally:
        loader.dispose()
