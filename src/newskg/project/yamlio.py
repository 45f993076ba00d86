"""YAML loading that remembers where every mapping and value came from (file and line).

Facts files are edited by people; an error must point at the line to fix. PyYAML's composer keeps a
``start_mark`` on every node, so we construct plain Python values from nodes and attach the line numbers
to the mappings we return.
"""

from __future__ import annotations

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


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


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
                items.append(self.build(item, items.line, alias_line, depth + 1))
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
            out[key] = self.build(value_node, key_line, alias_line, depth + 1)
            out.key_lines[key] = key_line
        return out

    def _scalar(self, node: yaml.Node) -> Any:
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
