"""YAML loading that remembers where every mapping and value came from (file and line).

Facts files are edited by people; an error must point at the line to fix. PyYAML's composer keeps a
``start_mark`` on every node, so we construct plain Python values from nodes and attach the line numbers
to the mappings we return.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from newskg.errors import FactsError
from newskg.project.inputs import read_text_as_stored


class Located(dict[str, Any]):
    """A mapping read from YAML, with the 1-based line of itself and of each of its keys."""

    path: Path
    line: int
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class LocatedList(list[Any]):
    """A sequence read from YAML, with the 1-based line of each item."""

    path: Path
    line: int
    item_lines: list[int]


# libyaml's parser (when PyYAML was built with it) composes nodes about 10x faster, with the same marks.
_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[valid-type,misc]
    """A safe loader that leaves dates as text: newskg parses them itself, with clear errors."""


# YAML 1.2's core schema for booleans, integers and floats, not PyYAML's YAML 1.1 ones: `017` is
# 17 (1.1: octal 15), `yes`, `no`, `on`, `off` are text (1.1: booleans; "no" is Norwegian's
# language tag), `1:20` is text (1.1: sexagesimal 80), `1_000` is text. Dates stay text too.
_CORE = {
    "tag:yaml.org,2002:bool": re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    "tag:yaml.org,2002:int": re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"),
    "tag:yaml.org,2002:float": re.compile(
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)"
        r"|\.(?:nan|NaN|NAN))$"),
}
_Loader.yaml_implicit_resolvers = {
    first: [(tag, _CORE.get(tag, rx)) for tag, rx in resolvers
            if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
for _first in "0123456789-+.":  # the core schema's numbers start so (1.1 listed fewer firsts)
    _listed = _Loader.yaml_implicit_resolvers.setdefault(_first, [])
    for _tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float"):
        if not any(t == _tag for t, _ in _listed):
            _listed.append((_tag, _CORE[_tag]))
    # an integer before a float: the float pattern matches "017" too
    _listed.sort(key=lambda pair: pair[0] == "tag:yaml.org,2002:float")


def _core_int(self: yaml.SafeLoader, node: yaml.ScalarNode) -> int:
    """An integer as YAML 1.2 reads it: decimal, or 0o octal, or 0x hexadecimal."""
    value = str(self.construct_scalar(node))
    return int(value, 0) if value.startswith(("0o", "0x")) else int(value, 10)


_Loader.add_constructor("tag:yaml.org,2002:int", _core_int)
_STR: str = _Loader.DEFAULT_SCALAR_TAG
_SEQ: str = _Loader.DEFAULT_SEQUENCE_TAG
_MAP: str = _Loader.DEFAULT_MAPPING_TAG
# The implicit resolvers to try for a plain scalar, by its first character (PyYAML's own lists,
# the wildcard ones appended once here rather than on every scalar)
_BY_FIRST = {first: (*resolvers, *_Loader.yaml_implicit_resolvers.get(None, []))
             for first, resolvers in _Loader.yaml_implicit_resolvers.items() if first is not None}
_WILDCARD = tuple(_Loader.yaml_implicit_resolvers.get(None, []))


def _resolve(self: yaml.SafeLoader, kind: type, value: str, implicit: tuple[bool, bool]) -> str:
    """PyYAML's BaseResolver.resolve without path resolvers (newskg adds none): libyaml's composer
    calls it for every node, so its cost is a good part of reading a facts file."""
    if kind is yaml.ScalarNode:
        if implicit[0]:
            for tag, regexp in _BY_FIRST.get(value[:1], _WILDCARD):
                if regexp.match(value):
                    return str(tag)
        return _STR
    return _SEQ if kind is yaml.SequenceNode else _MAP


def _no_path(*_args: object) -> None:
    """Path resolvers (none here) need no bookkeeping as the composer descends and ascends."""


_Loader.resolve = _resolve
_Loader.descend_resolver = _no_path
_Loader.ascend_resolver = _no_path


# Anchors and aliases (&name, *name) let a few lines stand for a huge tree (an "alias bomb": nine
# levels of ten aliases are a billion nodes) or a loop (&l [*l]). libyaml composes them as shared
# nodes, cheaply; the tree is built here, so the budget is counted here.
ALIAS_NODE_BUDGET = 1000  # nodes that aliases may add to one file, in all
MAX_DEPTH = 100  # levels of nesting (a facts file needs about six)


class _TreeBuilder:
    """Builds Located/LocatedList/scalars from composed nodes, within the alias budget and depth.

    A node reached a second time is reached through an alias: every node built that way counts
    against ``ALIAS_NODE_BUDGET``; an alias to a node that contains it is a loop.
    """

    def __init__(self, path: Path, loader: yaml.SafeLoader) -> None:
        self.path = path
        self.loader = loader
        self.seen: set[int] = set()
        self.open: set[int] = set()  # the nodes being built: the ancestors of the current one
        self.through_aliases = 0

    def build(self, node: yaml.Node, ref_line: int, alias_line: int | None = None,
              depth: int = 0) -> Any:
        """``ref_line``: where the node is referred to; ``alias_line``: where the alias being
        expanded is, when inside one."""
        ident = id(node)
        if ident in self.open:
            raise FactsError("an alias refers to a node that contains it (a loop)", path=self.path,
                             line=alias_line or ref_line,
                             hint="write the value out instead of using the alias")
        if ident in self.seen:
            alias_line = alias_line or ref_line
            self.through_aliases += 1
            if self.through_aliases > ALIAS_NODE_BUDGET:
                raise FactsError(
                    f"aliases expand to more than {ALIAS_NODE_BUDGET} values in this file",
                    path=self.path, line=alias_line,
                    hint="write the values out instead of using anchors and aliases (&name, *name)")
        self.seen.add(ident)
        if depth > MAX_DEPTH:
            raise FactsError(f"nested more than {MAX_DEPTH} levels deep", path=self.path,
                             line=node.start_mark.line + 1, hint="a facts file needs a few levels")
        if isinstance(node, yaml.MappingNode):
            self.open.add(ident)
            out = self._mapping(node, alias_line, depth)
            self.open.discard(ident)
            return out
        if isinstance(node, yaml.SequenceNode):
            self.open.add(ident)
            items = LocatedList()
            items.path, items.line, items.item_lines = self.path, node.start_mark.line + 1, []
            for item in node.value:
                items.append(self._text(item, depth + 1)
                             or self.build(item, items.line, alias_line, depth + 1))
                items.item_lines.append(item.start_mark.line + 1)
            self.open.discard(ident)
            return items
        return self._scalar(node)

    def _mapping(self, node: yaml.MappingNode, alias_line: int | None, depth: int) -> Located:
        out = Located()
        out.path, out.line, out.key_lines = self.path, node.start_mark.line + 1, {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                raise FactsError("a key must be plain text, not a list or mapping",
                                 path=self.path, line=key_line)
            key = self._scalar(key_node)
            if not isinstance(key, str):
                key = str(key)
            if key in out:
                raise FactsError(
                    f"duplicate key {key!r}", path=self.path, line=key_line,
                    hint="each key may appear once in a mapping",
                )
            out[key] = (self._text(value_node, depth + 1)
                        or self.build(value_node, key_line, alias_line, depth + 1))
            out.key_lines[key] = key_line
        return out

    def _text(self, node: yaml.Node, depth: int) -> str:
        """A plain text value's text, met for the first time (what `build` would return, in
        fewer steps: most values are text); "" when `build` must look at it."""
        if (node.__class__ is yaml.ScalarNode and node.tag == _STR and node.value
                and depth <= MAX_DEPTH and id(node) not in self.seen):
            self.seen.add(id(node))
            return node.value  # type: ignore[no-any-return]
        return ""

    def _scalar(self, node: yaml.Node) -> Any:
        if node.tag == _STR:  # what PyYAML's constructor makes of text: the text itself
            return node.value
        try:
            return self.loader.construct_object(node, deep=True)
        except yaml.MarkedYAMLError:
            raise
        # PyYAML's constructors of explicit tags fail in many ways on bad values (!!int abc:
        # ValueError, an empty !!int: IndexError, an empty !!timestamp: AttributeError, 5,000
        # digits: ValueError); whatever it raises, the value at this line is at fault
        except Exception as exc:  # noqa: BLE001
            reason = (str(exc) or type(exc).__name__).splitlines()[0]
            raise FactsError(f"cannot read the value {str(node.value)[:40]!r}: {reason}",
                             path=self.path, line=node.start_mark.line + 1,
                             hint="quote it to keep it as text") from None


def load_yaml(path: Path) -> Any:
    """Parse ``path`` into Located/LocatedList/scalars; malformed YAML becomes a FactsError with its line.

    The file is refused before reading when over the input size limit (newskg.project.inputs).
    """
    text = read_text_as_stored(path, FactsError)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        return _TreeBuilder(path, loader).build(node, node.start_mark.line + 1)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "malformed YAML"
        opened = exc.context_mark.line + 1 if exc.context_mark is not None else None
        if exc.context and exc.problem and opened is not None and line is not None \
                and opened < line:  # "[1, 2" never closed: the line that opened it is the one to fix
            what = exc.context.removeprefix("while parsing ").removeprefix("while scanning ")
            problem = f"{problem} (in {what} that starts here; read up to line {line})"
            line = opened
        raise FactsError(
            f"malformed YAML: {problem}", path=path, line=line,
            hint="check indentation and quote strings that contain ':' or '\"'",
        ) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow (a control, ...)
        # libyaml counts the position in bytes of the UTF-8 text, PyYAML's reader in characters
        before = (text.encode("utf-8")[:exc.position] if _Base is not yaml.SafeLoader
                  else text[:exc.position].encode("utf-8"))
        line = before.count(b"\n") + 1
        code = exc.character if isinstance(exc.character, int) else ord(exc.character[:1] or "\0")
        raise FactsError(f"malformed YAML: {exc.reason} (U+{code:04X})", path=path,
                         line=line, hint="remove the character, or write it as an escape in a "
                         "double-quoted string") from None
    except yaml.YAMLError as exc:
        first_line = (str(exc) or type(exc).__name__).splitlines()[0]
        raise FactsError(f"malformed YAML: {first_line}", path=path) from None
    finally:
        loader.dispose()
