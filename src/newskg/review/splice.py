"""Edit a YAML file by splicing: only the lines of the items that changed are written again.

A facts, entities or instances file is parsed once (`EditedFile`) with ruamel.yaml's round-trip
loader, which keeps comments, key order and quoting, and knows the line of every item. Edits change
the parsed value: an item (a list item under ``mentions:``…, or a key under ``entities:``,
``events:``…) changed in place, set, deleted or added. Writing back dumps each changed item alone
with the file's indentation and puts its lines in place of the old ones; every other byte of the
file stays as it was, which a whole-file dump would not promise (ruamel joins a flow list written
over two lines, for one). However many edits a save holds, the file is parsed once.

An item's lines run from its first line to the line before the next item, less any blank and
comment-only lines at its end (those belong to what follows: a banner, a comment on the next item).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from newskg.errors import InputError

WIDTH = 4096  # never fold a long line


class SpliceError(InputError):
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
    return _seq_place(_lines(text), seq, index)


def _seq_place(lines: list[str], seq: CommentedSeq, index: int) -> Place:
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
    return _map_place(_lines(text), node, key)


def _map_place(lines: list[str], node: CommentedMap, key: Any) -> Place:
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


@dataclass(frozen=True)
class _Original:
    """An item as the file had it: its key (None in a list), its value and its lines."""

    key: Any
    value: Any
    place: Place


Path_ = tuple[str, ...]  # top-level keys down to a mapping; () is the file's top level
_UNREAD = object()


class EditedFile:
    """A YAML file parsed once, changed by any number of edits, written back by splicing.

    Edits change the parsed value (``doc``) through this object's methods: `set` and `delete` a
    key of a mapping reached through top-level keys, `append` to and `remove` from a top-level
    list, and `changed` for an item changed in place. `text` then writes each changed item's lines
    again, removes a deleted item's, and puts new items after the last item their list or mapping
    had (a new top-level key at the end of the file); the rest of the text stays byte for byte.
    An item's lines are found from the parse (ruamel's line marks) before its list or mapping is
    first changed.
    """

    def __init__(self, text: str | None) -> None:
        self.original = text  # None: the file does not exist
        self._doc: Any = _UNREAD  # parsed when first needed
        self._lines = _lines(text or "")
        self._maps: dict[Path_, tuple[Any, list[_Original]]] = {}
        self._seqs: dict[str, tuple[Any, list[_Original]]] = {}
        self._changed: set[int] = set()  # id() of items changed in place
        self._edited = False

    # -- reading ------------------------------------------------------------------------------
    @property
    def doc(self) -> Any:
        """The file's value as the edits so far left it (None: no file, or nothing in it)."""
        if self._doc is _UNREAD:
            self._doc = parse(self.original) if self.original else None
        return self._doc

    def table(self, path: Path_) -> Any:
        """The mapping at ``path`` (None when there is none)."""
        node = self.doc
        for part in path:
            node = node.get(part) if isinstance(node, CommentedMap) else None
        return node if isinstance(node, CommentedMap) else None

    # -- edits ------------------------------------------------------------------------------------
    def set(self, path: Path_, key: str, value: Any) -> None:
        """``key: value`` in the mapping at ``path`` (the mappings on the way made when missing)."""
        self._remember(path)
        node = self._top()
        for depth, part in enumerate(path):
            child = node.get(part)
            if child is None:
                child = node[part] = CommentedMap()
            elif not isinstance(child, CommentedMap):
                raise SpliceError(f"{'.'.join(path[:depth + 1])!r} is not a mapping")
            node = child
        node[key] = value
        self._edited = True

    def _top(self) -> Any:
        """The file's top-level mapping (made when the file has nothing yet)."""
        if self.doc is None:
            self._doc = CommentedMap()
        elif not isinstance(self.doc, CommentedMap):
            raise SpliceError("the file's top level is not a mapping")
        return self.doc

    def delete(self, path: Path_, key: str) -> None:
        """Remove ``key`` from the mapping at ``path``; a mapping left empty goes too, up to the
        top level."""
        node = self.table(path)
        if node is None or key not in node:
            raise SpliceError(f"no {key!r} under {'.'.join(path)!r}")
        self._remember(path)
        del node[key]
        while path and not node:
            path, key = path[:-1], path[-1]
            node = self.table(path)
            del node[key]
        self._edited = True

    def append(self, section: str, item: Any) -> None:
        """``item`` at the end of the top-level list ``section`` (made when missing)."""
        self._remember_seq(section)
        top = self._top()
        seq = top.get(section)
        if seq is None:
            seq = top[section] = CommentedSeq()
        elif not isinstance(seq, CommentedSeq):
            raise SpliceError(f"{section!r} is not a list")
        seq.append(item)
        self._edited = True

    def remove(self, section: str, item: Any) -> None:
        """Remove ``item`` (this very value) from the top-level list ``section``."""
        self._remember_seq(section)
        seq = self.doc[section]
        del seq[next(i for i, x in enumerate(seq) if x is item)]
        self._edited = True

    def changed(self, where: str | Path_, item: Any) -> None:
        """``item``, of the top-level list ``where`` (a name) or of the mapping at ``where`` (a
        path), was changed in place: its lines are written again."""
        if isinstance(where, str):
            self._remember_seq(where)
        else:
            self._remember(where)
        self._changed.add(id(item))
        self._edited = True

    # -- the items' lines, before their list or mapping changes -----------------------------------
    def _remember(self, path: Path_) -> None:
        """Note the lines of every item of the mappings from the top level down to ``path``, once
        (the first time one of them is to change: the parse's line marks are still right)."""
        node = self.doc
        for depth in range(len(path) + 1):
            if not isinstance(node, CommentedMap) or node.lc.line is None:  # made by an edit
                return
            if path[:depth] not in self._maps:
                self._maps[path[:depth]] = (node, [
                    _Original(key, node[key], _map_place(self._lines, node, key)) for key in node])
            node = node.get(path[depth]) if depth < len(path) else None

    def _remember_seq(self, section: str) -> None:
        self._remember(())
        seq = self.doc.get(section) if isinstance(self.doc, CommentedMap) else None
        if section in self._seqs or not isinstance(seq, CommentedSeq) or seq.lc.line is None:
            return
        self._seqs[section] = (seq, [_Original(None, item, _seq_place(self._lines, seq, index))
                                     for index, item in enumerate(seq)])

    # -- writing --------------------------------------------------------------------------------
    def text(self) -> str | None:
        """The file's text with the edits spliced in (None: the file does not exist, and no
        edit made it)."""
        if not self._edited:
            return self.original
        splices: list[tuple[int, int, str]] = []
        if () in self._maps:
            self._map_splices((), self.doc, splices)
        elif isinstance(self.doc, CommentedMap) and self.doc:  # a file made by the edits
            splices.append((len(self._lines), len(self._lines), "".join(
                self._new_item((), key, value) for key, value in self.doc.items())))
        lines = list(self._lines)
        final_newline = not lines or lines[-1].endswith("\n")
        if not final_newline:
            lines[-1] += "\n"
        touched_end = False
        # From the end back, so that each splice's line numbers hold; of two at the same place,
        # the one made later (a new top-level key after a mapping's new last key) ends up last.
        order = sorted(range(len(splices)), key=lambda i: (splices[i][0], splices[i][1], i))
        for start, end, new in (splices[i] for i in reversed(order)):
            if end == len(self._lines) and (start == end or not new):
                touched_end = True
            lines[start:end] = [new]
        out = "".join(lines)
        return out[:-1] if not final_newline and not touched_end and out.endswith("\n") else out

    def _map_splices(self, path: Path_, live: Any, out: list[tuple[int, int, str]]) -> None:
        node, originals = self._maps[path]
        if live is not node:  # replaced as a whole: its parent writes it
            return
        keys = set()
        for original in originals:
            keys.add(original.key)
            start, end = original.place.start, original.place.end
            if original.key not in live:
                out.append((start, end, ""))
                continue
            now = live[original.key]
            if now is not original.value or id(now) in self._changed:
                out.append((start, end, self._new_item(path, original.key, now)))
            elif path + (original.key,) in self._maps:
                self._map_splices(path + (original.key,), now, out)
            elif not path and original.key in self._seqs:
                self._seq_splices(original.key, now, out)
        new = "".join(self._new_item(path, key, value) for key, value in live.items()
                      if key not in keys)
        if not new:
            return
        if originals:
            at = originals[-1].place.end
            out.append((at, at, new))
        elif not path:
            out.append((len(self._lines), len(self._lines), new))
        else:
            raise SpliceError(f"{'.'.join(path)!r} is empty; add a first entry by hand")

    def _new_item(self, path: Path_, key: Any, value: Any) -> str:
        """``key: value`` written at the depth of ``path``; a top-level list with its items at
        column 2, as the drafts write them."""
        if not path and isinstance(value, CommentedSeq):
            return f"{key}:\n" + "".join(dump_seq_item(item, 2) for item in value)
        return dump_map_item(str(key), value, len(path))

    def _seq_splices(self, section: str, live: Any, out: list[tuple[int, int, str]]) -> None:
        seq, originals = self._seqs[section]
        if live is not seq:
            return
        alive = {id(item) for item in live}
        for original in originals:
            start, end = original.place.start, original.place.end
            if id(original.value) not in alive:
                out.append((start, end, ""))
            elif id(original.value) in self._changed:
                out.append((start, end, dump_seq_item(original.value, original.place.column)))
        before = {id(o.value) for o in originals}
        new = [item for item in live if id(item) not in before]
        if not new:
            return
        if originals:
            last = originals[-1].place
            out.append((last.end, last.end,
                        "".join(dump_seq_item(item, last.column) for item in new)))
        else:  # `section: []`: the key's line is written again with the items under it
            line = self._maps[()][0].lc.key(section)[0]
            out.append((line, line + 1, f"{section}:\n" + "".join(
                dump_seq_item(item, 2) for item in new)))
