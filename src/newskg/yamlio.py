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


def _to_python(node: yaml.Node, path: Path, loader: yaml.SafeLoader) -> Any:
    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out = Located()
        out.path, out.line, out.key_lines = path, line, {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                key = str(key)
            if key in out:
                raise FactsError(
                    f"duplicate key {key!r}", path=path, line=key_node.start_mark.line + 1,
                    hint="each key may appear once in a mapping",
                )
            out[key] = _to_python(value_node, path, loader)
            out.key_lines[key] = key_node.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        items = LocatedList()
        items.path, items.line, items.item_lines = path, line, []
        for item in node.value:
            items.append(_to_python(item, path, loader))
            items.item_lines.append(item.start_mark.line + 1)
        return items
    return loader.construct_object(node, deep=True)


def load_yaml(path: Path) -> Any:
    """Parse ``path`` into Located/LocatedList/scalars; malformed YAML becomes a FactsError with its line."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FactsError("file not found", path=path) from None
    except UnicodeDecodeError as exc:
        raise FactsError(f"not UTF-8 text ({exc.reason} at byte {exc.start})", path=path) from None
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        return _to_python(node, path, loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "malformed YAML"
        raise FactsError(
            f"malformed YAML: {problem}", path=path, line=line,
            hint="check indentation and quote strings that contain ':' or '\"'",
        ) from None
    finally:
        loader.dispose()
