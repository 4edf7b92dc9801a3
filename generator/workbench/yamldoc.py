"""Round-trip YAML: a record file's text → an editable document → the same text with only
the changed values rewritten (comments, key order, quoting and untouched fields kept)."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString
from ruamel.yaml.tokens import CommentToken

from ..model.dates import parse_date
from ..model.fieldtypes import Date, Group, ListOf
from ..model.fieldtypes import is_empty as _is_empty
from ..model.plaintext import CONTROL

UNCHANGED = type("Unchanged", (), {"__repr__": lambda self: "UNCHANGED"})()  # a field the post did not carry

# mapping indent, sequence indent, dash offset: the first that reproduces a file exactly is used
STYLES = ((2, 4, 2), (2, 2, 0), (4, 6, 4), (4, 4, 2), (4, 4, 0), (2, 4, 0), (3, 5, 2))


class Document:
    """A parsed record file and the YAML settings that write it back unchanged."""

    def __init__(self, text: str, raw: Any = None) -> None:
        self.original = text
        self.style = STYLES[0]
        for style in STYLES:
            yaml = _yaml(style)
            data = yaml.load(text)
            if _dump(yaml, data) == text:
                self.style = style
                break
        self.data = _yaml(self.style).load(text)
        self.starts = _starts(self.data)
        if isinstance(self.data, (CommentedMap, CommentedSeq)) and not self.data:
            self.data.fa.set_block_style()  # a new file's "{}" grows into block YAML, as people write it
        _keep_line_breaks(self.data, raw)

    def text(self) -> str:
        return _dump(_yaml(self.style), self.data)

    def rewrite(self, kind, old: Any, new: Any) -> str:
        """The file with the form's values: the top-level fields (or list items) that did not change
        keep their original text byte for byte; the changed ones are written by ruamel.yaml."""
        changed = changed_parts(kind, old, new)
        self.data = merge(kind, self.data, old, new)
        rewritten = self.text()
        if not self.starts:
            return rewritten
        return _splice(self.original, self.starts, rewritten, _starts(_yaml(self.style).load(rewritten)), changed)


def parse(text: str) -> Any:
    """The file as ruamel.yaml reads it (raises its YAMLError: a key twice, say), without working out its style."""
    return _yaml(STYLES[0]).load(text)


def _starts(data: Any) -> dict:
    """The line where each top-level key (or list item) begins."""
    if isinstance(data, CommentedMap):
        return {key: data.lc.key(key)[0] for key in data}
    if isinstance(data, CommentedSeq):
        return {i: data.lc.item(i)[0] for i in range(len(data))}
    return {}


def _blocks(lines: list[str], starts: dict) -> tuple[list[str], dict]:
    ordered = sorted(starts.items(), key=lambda item: item[1])
    blocks = {}
    for i, (key, start) in enumerate(ordered):
        end = ordered[i + 1][1] if i + 1 < len(ordered) else len(lines)
        blocks[key] = lines[start:end]
    return lines[:ordered[0][1]] if ordered else lines, blocks


def _splice(original: str, old_starts: dict, rewritten: str, new_starts: dict, changed: set) -> str:
    head, old_blocks = _blocks(original.splitlines(keepends=True), old_starts)
    _, new_blocks = _blocks(rewritten.splitlines(keepends=True), new_starts)
    eol = "\r\n" if "\r\n" in original else "\n"
    parts = list(head)
    for key in sorted(new_starts, key=new_starts.get):
        if key in old_blocks and key not in changed:
            block = old_blocks[key]
        else:
            block = [line[:-1] + eol if eol != "\n" and line.endswith("\n") else line for line in new_blocks[key]]
        if parts and not parts[-1].endswith("\n"):
            parts[-1] += eol  # a file without a final line break gains one before a new part
        parts += block
    return "".join(parts)


def changed_parts(kind, old: Any, new: Any) -> set:
    """The top-level keys (or list positions) whose values the form changed."""
    if isinstance(kind, Group) and isinstance(new, dict):
        old = old if isinstance(old, dict) else {}
        return {f.key for f in kind.fields if not same(f.kind, old.get(f.key), new.get(f.key, UNCHANGED))}
    if isinstance(kind, ListOf) and isinstance(new, list):
        old = old if isinstance(old, list) else []
        return {i for i, value in enumerate(new) if i >= len(old) or not same(kind.item, old[i], value)}
    return set()


def _keep_line_breaks(node: Any, raw: Any) -> None:
    """Plain text over several lines means those lines to the checker, but ruamel.yaml joins them with
    spaces (which Chinese must not get): such values are rewritten, if at all, as literal blocks."""
    pairs = ([(k, raw.get(str(k))) for k in node] if isinstance(node, CommentedMap) and isinstance(raw, dict)
             else [(i, raw[i]) for i in range(min(len(node), len(raw)))]
             if isinstance(node, CommentedSeq) and isinstance(raw, list) else [])
    for key, raw_value in pairs:
        value = node[key]
        if type(value) is str and isinstance(raw_value, str) and "\n" in raw_value and value != raw_value:
            node[key] = LiteralScalarString(raw_value + "\n")
        else:
            _keep_line_breaks(value, raw_value)


def _yaml(style: tuple[int, int, int]) -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 10**6  # never fold: folding puts spaces into Chinese text
    yaml.indent(mapping=style[0], sequence=style[1], offset=style[2])
    return yaml


def _dump(yaml: YAML, data: Any) -> str:
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def new_text(kind: Group | ListOf, value: Any, header: str = "") -> str:
    """A whole file from form values, in the schema's order, empty fields left out."""
    data = build(kind, value)
    body = _dump(_yaml(STYLES[0]), data) if data is not None else ""
    return header + body


def build(kind, value: Any) -> Any:
    """Form values → YAML values for a new part of a document."""
    if isinstance(kind, Group):
        node = CommentedMap()
        for f in kind.fields:
            if f.key in value and value[f.key] is not UNCHANGED and not _is_empty(value[f.key]):
                node[f.key] = build(f.kind, value[f.key])
        return node
    if isinstance(kind, ListOf):
        return CommentedSeq(build(kind.item, v) for v in value if v is not UNCHANGED and not _is_empty(v))
    return scalar(value)


def scalar(text: str) -> Any:
    """A typed value as YAML writes it plainly: dates and whole numbers unquoted, as people write them
    (the checker reads every scalar as the text typed, so nothing changes meaning)."""
    text = _LINE_BREAKS.sub("\n", text.replace("\r\n", "\n")).strip()
    if re.fullmatch(r"[1-9]\d{0,14}|0", text):
        return int(text)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return text
    if CONTROL.search(text):  # not in a block or plain (the checker then asks for them to go): quoted, with escapes
        return DoubleQuotedScalarString(text)
    return LiteralScalarString(text + "\n") if "\n" in text else text


# Line and paragraph separators pasted from Word and web pages (U+2028, U+2029, NEL) mean line breaks;
# written as they are, YAML readers would break the line there.
_LINE_BREAKS = re.compile("\r|[\u2028\u2029\x85]")


def same(kind, old: Any, new: Any) -> bool:
    """Whether a form value says the same as what the file holds (as the checker reads it)."""
    if new is UNCHANGED:
        return True
    if isinstance(kind, Group):
        old = old if isinstance(old, dict) else {}
        return isinstance(new, dict) and all(same(f.kind, old.get(f.key), new.get(f.key)) for f in kind.fields)
    if isinstance(kind, ListOf):
        old = [v for v in old if not _is_empty(v)] if isinstance(old, list) else ([] if _is_empty(old) else [old])
        new = [v for v in new or [] if not _is_empty(v)]
        return len(old) == len(new) and all(same(kind.item, o, n) for o, n in zip(old, new))
    if isinstance(old, (dict, list)):
        return False
    a, b = _text(old), _text(new)
    if a != b and isinstance(kind, Date):
        return _date(a) is not None and _date(a) == _date(b)
    return a == b


def _text(value: Any) -> str:
    return "" if value is None else str(value).replace("\r\n", "\n").strip()


def _date(text: str):
    return parse_date(text) if text else None


def merge(kind, node: Any, old: Any, new: Any) -> Any:
    """`node` (the document's value) changed only where `new` differs from `old` (its reading)."""
    if new is UNCHANGED:  # a post that carried none of it
        return node
    if isinstance(kind, Group):
        if not isinstance(node, CommentedMap) or not isinstance(old, dict):
            return build(kind, new)
        order = [f.key for f in kind.fields]
        for f in kind.fields:
            before, after = old.get(f.key), new.get(f.key, UNCHANGED)
            if same(f.kind, before, after):
                continue
            if _is_empty(after):
                if fits(f.kind, before):  # a value of the wrong shape is not shown as such: kept until replaced
                    node.pop(f.key, None)
            elif f.key in node:
                node[f.key] = merge(f.kind, node[f.key], before, after)
            else:
                node.insert(_place(node, order, f.key), f.key, build(f.kind, after))
        return node
    if isinstance(kind, ListOf):
        if not isinstance(node, CommentedSeq) or not isinstance(old, list) or len(old) != len(node):
            return build(kind, new)
        origins = getattr(new, "origins", None)
        if origins is not None and not _in_place(origins, len(node)):
            return _rearranged(kind, node, old, new, origins)
        for i, value in enumerate(new):
            if i < len(node):
                if not same(kind.item, old[i], value):
                    node[i] = merge(kind.item, node[i], old[i], value)
            elif not _is_empty(value):
                node.append(build(kind.item, value))
        del node[len(new):]
        return node
    return scalar(new)


def _in_place(origins: list[int | None], count: int) -> bool:
    """Whether the posted items stand where they stood (some removed from the end, some added after)."""
    return all(o == i for i, o in enumerate(origins[:count])) and all(o is None for o in origins[count:])


def _rearranged(kind: ListOf, node: CommentedSeq, old: list, new: list, origins: list[int | None]) -> CommentedSeq:
    """The list with items removed, moved or inserted: each kept item is its own node (its comments
    and keys the form does not show go with it), changed where the form changed it."""
    # ruamel keeps the comment lines before an item at the end of the item above it: take them
    # off, to put them back above the same item (and those after the list after its new last item).
    leads = [_take_lead(item) for item in node]
    items, comments, used = [], {}, set()
    placed: list[int | None] = []
    for origin, value in zip(origins, new):
        if origin is not None and origin < len(node) and origin not in used:
            used.add(origin)
            if origin in node.ca.items:
                comments[len(items)] = node.ca.items[origin]
            items.append(node[origin] if same(kind.item, old[origin], value) else merge(kind.item, node[origin], old[origin], value))
            placed.append(origin)
        elif not _is_empty(value):
            items.append(build(kind.item, value))
            placed.append(None)
    for j, origin in enumerate(placed):
        if origin and leads[origin - 1]:  # the first item's lines stand before the list and stay there
            if j:
                _add_lead(items[j - 1], leads[origin - 1])
            else:
                _add_head(node, leads[origin - 1])
    if items and leads and leads[-1]:
        _add_lead(items[-1], leads[-1])
    del node[:]
    node.ca.items.clear()
    node.extend(items)
    node.ca.items.update(comments)
    return node


def _tail(node: Any, create: bool = False) -> tuple[list, int] | None:
    """Where ruamel keeps the comment after node's last line (the deepest last value's slot):
    (the slot list, its index), or None; create: make the slot where there is none."""
    if isinstance(node, CommentedMap) and node:
        key, index = list(node)[-1], 2
    elif isinstance(node, CommentedSeq) and node:
        key, index = len(node) - 1, 0
    else:
        return None
    deeper = _tail(node[key])
    if deeper is not None:
        return deeper
    slot = node.ca.items.get(key)
    if slot is not None and slot[index] is not None:
        return slot, index
    if not create:
        return None
    inner = _tail(node[key], create=True)
    if inner is not None:
        return inner
    slot = node.ca.items.setdefault(key, [None, None, None, None])
    return slot, index


def _take_lead(item: Any) -> str:
    """The whole comment lines after item's last line (they belong to what follows), taken off it."""
    found = _tail(item)
    if found is None:
        return ""
    slot, index = found
    own, newline, lead = slot[index].value.partition("\n")
    if own.strip():
        slot[index].value = own + newline
    else:
        slot[index] = None
    return lead


def _add_head(node: CommentedSeq, lead: str) -> None:
    """Comment lines put before a list's first item (after the key it is the value of)."""
    tokens = []
    for line in lead.splitlines(keepends=True):
        text = line.lstrip(" ")
        if text.startswith("#"):
            tokens.append(CommentToken(text, CommentMark(len(line) - len(text)), None))
    if tokens:
        if node.ca.comment is None:
            node.ca.comment = [None, []]
        if node.ca.comment[1] is None:
            node.ca.comment[1] = []
        node.ca.comment[1].extend(tokens)


def _add_lead(item: Any, lead: str) -> None:
    """Comment lines put after item's last line (above the item that follows it)."""
    found = _tail(item, create=True)
    if found is None:
        return
    slot, index = found
    if slot[index] is None:
        slot[index] = CommentToken("\n" + lead, CommentMark(0), None)
    else:
        slot[index].value += lead


def fits(kind, value: Any) -> bool:
    """Whether a value has the shape the field takes (a mapping, a list or a text)."""
    if isinstance(kind, Group):
        return isinstance(value, dict)
    if isinstance(kind, ListOf):
        return isinstance(value, list)
    return not isinstance(value, (dict, list))


def _place(node: CommentedMap, order: list[str], key: str) -> int:
    """Where a new key goes: after the keys the schema lists before it."""
    rank = order.index(key)
    for i, existing in enumerate(node):
        if existing in order and order.index(existing) > rank:
            return i
    return len(node)
