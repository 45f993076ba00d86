"""Edit a YAML file by splicing: only the lines of the item that changed are written again.

A facts, entities or instances file is parsed with ruamel.yaml's round-trip loader, which keeps
comments, key order and quoting, and knows the line of every item. An edit takes one item (a list
item under ``mentions:``…, or a key under ``entities:``, ``events:``…), changes it as a ruamel value,
dumps that item alone with the file's indentation, and puts the new lines in place of the old ones.
Every other byte of the file stays as it was, which a whole-file dump would not promise (ruamel joins
a flow list written over two lines, for one).

An item's lines run from its first line to the line before the next item, less any blank and
comment-only lines at its end (those belong to what follows: a banner, a comment on the next item).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

WIDTH = 4096  # never fold a long line


class SpliceError(ValueError):
    """The file cannot be edited as asked (not YAML, or the item is not there)."""


def _yaml() -> YAML:
    y = YAML(typ="rt")
    y.preserve_quotes = True
    y.width = WIDTH
    y.indent(mapping=2, sequence=2, offset=0)
    return y


def parse(text: str) -> Any:
    try:
        return _yaml().load(text)
    except YAMLError as exc:
        raise SpliceError(f"not YAML ruamel can read: {str(exc).splitlines()[0]}") from None


def quoted(value: str) -> DoubleQuotedScalarString:
    """Free text written double-quoted, as drafts write it (never read back as a date or bool)."""
    out: DoubleQuotedScalarString = DoubleQuotedScalarString(value)
    return out


@dataclass(frozen=True)
class Place:
    """Where an item is: its first line, the line after its last one (0-based), its column."""

    start: int
    end: int
    column: int


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def _trim(lines: list[str], start: int, end: int) -> int:
    """``end`` moved back over trailing blank and comment-only lines (not below start + 1)."""
    while end > start + 1 and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
        end -= 1
    return end


def _block_end(lines: list[str], start: int, column: int) -> int:
    """The first line after ``start`` that is indented at or left of ``column`` (a sibling, or the
    next section), comments and blank lines not counting."""
    for index in range(start + 1, len(lines)):
        line = lines[index]
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if len(line) - len(line.lstrip(" ")) <= column:
            return index
    return len(lines)


def seq_item_place(text: str, section: str, index: int, doc: Any = None) -> Place:
    """The lines of item ``index`` of the top-level list ``section`` (``doc``: ``text`` parsed)."""
    doc = parse(text) if doc is None else doc
    seq = doc.get(section) if isinstance(doc, CommentedMap) else None
    if not isinstance(seq, CommentedSeq) or not 0 <= index < len(seq):
        raise SpliceError(f"no item {index} under {section!r}")
    lines = _lines(text)
    line, column = seq.lc.item(index)
    if isinstance(seq[index], CommentedMap) and seq[index]:  # the dash is left of the first key
        first_key = next(iter(seq[index]))
        line, key_column = seq[index].lc.key(first_key)
        column = _dash_column(lines[line], key_column)
    end = _block_end(lines, line, column)
    return Place(line, _trim(lines, line, end), column)


def _dash_column(line: str, key_column: int) -> int:
    dash = line.rfind("-", 0, key_column)
    return dash if dash >= 0 else max(0, key_column - 2)


def map_item_place(text: str, path: tuple[str, ...], key: str, doc: Any = None) -> Place:
    """The lines of ``key`` in the mapping reached through ``path`` (top-level keys)."""
    node = parse(text) if doc is None else doc
    for part in path:
        node = node.get(part) if isinstance(node, CommentedMap) else None
    if not isinstance(node, CommentedMap) or key not in node:
        raise SpliceError(f"no {key!r} under {'.'.join(path)!r}")
    lines = _lines(text)
    line, column = node.lc.key(key)
    end = _block_end(lines, line, column)
    return Place(line, _trim(lines, line, end), column)


def dump_seq_item(item: Any, column: int) -> str:
    """One list item as YAML lines with its dash at ``column``. It is dumped inside a mapping,
    so that the columns of its comments, which ruamel keeps as read, stay right."""
    y = _yaml()
    y.indent(mapping=2, sequence=column + 2, offset=column)
    out = io.StringIO()
    y.dump(CommentedMap([("_", CommentedSeq([item]))]), out)
    return _trimmed(_lines(out.getvalue())[1:])


def dump_map_item(key: str, value: Any, depth: int) -> str:
    """``key: value`` as YAML lines, the key at column 2 * ``depth``."""
    node: Any = CommentedMap([(key, value)])
    for _ in range(depth):
        node = CommentedMap([("_", node)])
    out = io.StringIO()
    _yaml().dump(node, out)
    return _trimmed(_lines(out.getvalue())[depth:])


def _trimmed(lines: list[str]) -> str:
    """``lines`` without the blank and comment-only lines at their end: ruamel gives an item the
    comments that follow it, and those stay where they are in the file."""
    return "".join(lines[:_trim(lines, 0, len(lines)) if lines else 0])


def _replace(text: str, place: Place, new: str) -> str:
    lines = _lines(text)
    if place.end == len(lines) and lines and not lines[-1].endswith("\n") and new:
        new = new.rstrip("\n")
    return "".join(lines[:place.start]) + new + "".join(lines[place.end:])


def edit_seq_item(text: str, section: str, index: int, change: Callable[[Any], None],
                  doc: Any = None) -> str:
    """``text`` with item ``index`` of ``section`` changed in place by ``change`` (``doc``:
    ``text`` parsed, changed too)."""
    doc = parse(text) if doc is None else doc
    place = seq_item_place(text, section, index, doc)
    item = doc[section][index]
    change(item)
    return _replace(text, place, dump_seq_item(item, place.column))


def delete_seq_item(text: str, section: str, index: int, doc: Any = None) -> str:
    return _replace(text, seq_item_place(text, section, index, doc), "")


def append_seq_item(text: str, section: str, item: Any, *, column: int | None = None,
                    doc: Any = None) -> str:
    """``text`` with ``item`` added at the end of the top-level list ``section`` (made when
    missing, at the end of the file)."""
    doc = parse(text) if doc is None else doc
    seq = doc.get(section) if isinstance(doc, CommentedMap) else None
    if isinstance(seq, CommentedSeq) and seq:
        last = seq_item_place(text, section, len(seq) - 1, doc)
        return _insert(text, last.end, dump_seq_item(item, last.column))
    if isinstance(doc, CommentedMap) and section in doc and seq is not None and not isinstance(
            seq, CommentedSeq):
        raise SpliceError(f"{section!r} is not a list")
    if isinstance(doc, CommentedMap) and section in doc:  # `section:` with nothing under it
        line = doc.lc.key(section)[0]
        body = dump_seq_item(item, 2 if column is None else column)
        lines = _lines(text)
        lines[line] = f"{section}:\n"
        return "".join(lines[:line + 1]) + body + "".join(lines[line + 1:])
    body = f"{section}:\n" + dump_seq_item(item, 2 if column is None else column)
    return _append(text, body)


def set_map_item(text: str, path: tuple[str, ...], key: str, value: Any,
                 doc: Any = None) -> str:
    """``text`` with ``key: value`` set in the mapping at ``path`` (top-level keys), replacing
    the key's lines or appending after the mapping's last key (the mapping made when missing)."""
    doc = parse(text) if doc is None else doc
    if doc is None:
        doc = CommentedMap()
        text = ""
    node = doc
    for depth, part in enumerate(path):
        child = node.get(part) if isinstance(node, CommentedMap) else None
        if child is None:
            block = dump_map_item(key, value, len(path))
            for level in range(len(path) - 1, depth - 1, -1):
                block = " " * (2 * level) + f"{path[level]}:\n" + block
            if depth == 0:
                return _append(text, block)
            return _insert(text, map_item_place(text, path[:depth], _last_key(node), doc).end,
                           block)
        node = child
    if not isinstance(node, CommentedMap):
        raise SpliceError(f"{'.'.join(path)!r} is not a mapping")
    if key in node:
        place = map_item_place(text, path, key, doc)
        return _replace(text, place, dump_map_item(key, value, len(path)))
    if not node:
        raise SpliceError(f"{'.'.join(path)!r} is empty; add a first entry by hand")
    last = map_item_place(text, path, _last_key(node), doc)
    return _insert(text, last.end, dump_map_item(key, value, len(path)))


def delete_map_item(text: str, path: tuple[str, ...], key: str, doc: Any = None) -> str:
    """``text`` without ``key`` (and its lines) in the mapping at ``path``; a mapping left empty
    goes too, up to the top level."""
    doc = parse(text) if doc is None else doc
    node = doc
    parents = []
    for part in path:
        parents.append(node)
        node = node.get(part) if isinstance(node, CommentedMap) else None
    if not isinstance(node, CommentedMap) or key not in node:
        raise SpliceError(f"no {key!r} under {'.'.join(path)!r}")
    depth = len(path)
    while depth > 0 and len(node) == 1:  # the only key: remove the mapping holding it
        depth -= 1
        key, node = path[depth], parents[depth]
    return _replace(text, map_item_place(text, path[:depth], key, doc), "")


def _last_key(node: CommentedMap) -> str:
    return str(list(node)[-1])


def _insert(text: str, at: int, block: str) -> str:
    lines = _lines(text)
    if at > 0 and at == len(lines) and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    return "".join(lines[:at]) + block + "".join(lines[at:])


def _append(text: str, block: str) -> str:
    if text and not text.endswith("\n"):
        text += "\n"
    return text + block
