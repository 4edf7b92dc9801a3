"""Forms from the one schema: a control per field (label = the Chinese key, help beside it),
lists of items, selects for choices and references; and a posted form back to values."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..model.dates import parse_date
from ..model.fieldtypes import Choice, Date, Field, Group, ListOf, Text
from ..model.problems import Problem
from .yamldoc import UNCHANGED, fits

# Reference fields are recognised by their attribute: unit_id, member_unit_ids, brand_id, batch_name ...
REFERENCE = re.compile(r"(?:\w+_)?(unit|brand|case|meeting|alliance|activity|campaign|batch)_(?:ids?|names?)|(demo_site)")


@dataclass
class Options:
    """What reference fields may name: (value, label) pairs by referenced kind."""

    by_kind: dict[str, list[tuple[str, str]]] = field(default_factory=dict)


@dataclass
class Control:
    path: tuple
    key: str
    help: str = ""
    widget: str = "text"   # text, textarea, date, select, image, group, list
    value: Any = ""
    options: list[tuple[str, str]] = field(default_factory=list)
    required: bool = False
    internal: bool = False
    problems: list[Problem] = field(default_factory=list)
    children: list["Control"] = field(default_factory=list)
    template: "Control | None" = None  # a list's blank item, copied by the page's script
    stray: str = ""  # what the file holds when it is not of this field's shape, shown as it is
    notes: list[str] = field(default_factory=list)  # what the importer asks a person to check here

    @property
    def name(self) -> str:
        return ".".join(str(p) for p in self.path)

    @property
    def id(self) -> str:
        return "f-" + "-".join(str(p) for p in self.path) if self.path else "f-root"

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


def form(group: Group | ListOf, data: Any, options: Options, problems: dict[tuple, list[Problem]]) -> Control:
    """The form for a whole record file."""
    return _control(Field("", "", group, ""), (), data, options, problems)


def _control(f: Field, path: tuple, value: Any, options: Options, problems: dict) -> Control:
    kind = f.kind
    c = Control(path, f.key, f.help, required=f.required, internal=f.internal, problems=problems.get(path, []))
    value = None if value is UNCHANGED else value
    reference = REFERENCE.fullmatch(f.attr)
    if reference:  # chosen from a list: which file holds the names, and ids as examples, say nothing here
        c.help = _FILE_HINTS.sub("", c.help)
    if value not in (None, "") and not fits(kind, value):
        c.stray, value = _plain(value), None
    if isinstance(kind, Group):
        c.widget = "group"
        value = value if isinstance(value, dict) else {}
        c.children = [_control(sub, path + (sub.key,), value.get(sub.key), options, problems) for sub in kind.fields]
    elif isinstance(kind, ListOf):
        c.widget, c.help = "list", _LIST_EXAMPLE.sub(_as_items, c.help)
        items = value if isinstance(value, list) else []
        item_field = Field("", f.attr.removesuffix("s"), kind.item, f.help)
        c.children = [_item(item_field, path + (i,), v, i, options, problems) for i, v in enumerate(items)]
        c.template = _item(item_field, path + ("__i__",), None, None, options, {})
    elif isinstance(kind, Choice):
        c.widget, c.value = "select", _scalar(value)
        c.options = [(o, o) for o in kind.options]
    elif reference and reference.group(reference.lastindex) in options.by_kind:
        c.widget, c.value = "select", _scalar(value)
        c.options = list(options.by_kind[reference.group(reference.lastindex)])
    elif isinstance(kind, Date):
        c.widget, c.value = "date", _iso(value)
        if value not in (None, "") and not c.value:
            c.widget, c.value = "text", _scalar(value)  # unreadable: shown as typed, with its problem
    elif isinstance(kind, Text) and kind.multiline:
        c.widget, c.value = "textarea", _scalar(value)
    elif type(kind).__name__ == "Image":
        c.widget, c.value = "image", _scalar(value)
    else:
        c.value = _scalar(value)
    if c.widget == "select" and c.value and c.value not in [o for o, _ in c.options]:
        c.options.append((c.value, f"{c.value}（不在可选范围内）"))
    return c


# "，填 units.yml 里的编号", "（品牌文件名，不含 .yml）", "，例如：[audit-bureau, trade-union]"
_FILE_HINTS = re.compile(r"，填 \S+\.yml 里[^，；（]*|（[^（）]*\.yml[^（）]*）|，?例如：\[[^\]]*\]")
# A list's example is written for the YAML file ("例如：[水利, 五星五型]"); the form has a box per item.
_LIST_EXAMPLE = re.compile(r"\[([^\[\]]+)\]")


def _as_items(found: re.Match) -> str:
    return "、".join(f"“{item.strip()}”" for item in found.group(1).split(","))


def _item(f: Field, path: tuple, value: Any, index: int | None, options: Options, problems: dict) -> Control:
    c = _control(f, path, value, options, problems)
    c.key = f"第{index + 1}项" if index is not None else "新的一项"
    c.help = ""  # the list's help says it once
    return c


def _plain(value: Any) -> str:
    if isinstance(value, dict):
        return "；".join(f"{k}: {_plain(v)}" for k, v in value.items())
    if isinstance(value, list):
        return "；".join(_plain(v) for v in value)
    return "" if value is None else str(value)


def _scalar(value: Any) -> str:
    if value is None or isinstance(value, (dict, list)):
        return ""
    return str(value)


def _iso(value: Any) -> str:
    day = parse_date(value.strip()) if isinstance(value, str) else None
    return day.isoformat() if day else ""


def values(group: Group | ListOf, posted: list[tuple[str, str]]) -> Any:
    """A posted form → values shaped like the record (lists in the order the page sent them)."""
    fields = {}
    order: list[str] = []
    for name, value in posted:
        if name not in fields:
            order.append(name)
        fields[name] = value
    return _value(group, "", fields, order)


def _value(kind, name: str, fields: dict[str, str], order: list[str]) -> Any:
    """A field's posted value; UNCHANGED for a field the post does not carry (never read as emptied)."""
    if isinstance(kind, Group):
        value = {f.key: _value(f.kind, _join(name, f.key), fields, order) for f in kind.fields}
        return UNCHANGED if all(v is UNCHANGED for v in value.values()) else value
    if isinstance(kind, ListOf):
        prefix = _join(name, "")
        items: list[str] = []
        for posted in order:
            if posted.startswith(prefix) and posted != prefix:
                item = posted[len(prefix):].split(".", 1)[0]
                if item not in items and item != "__i__":
                    items.append(item)
        if not items and (name not in fields if name else not fields):  # every list posts its name, even when emptied
            return UNCHANGED  # (a file that is one list has no name: a post carrying no field at all changes nothing)
        return Posted([_value(kind.item, prefix + item, fields, order) for item in items],
                      [int(item) if item.isdigit() else None for item in items])
    return fields[name].replace("\r\n", "\n").strip() if name in fields else UNCHANGED


class Posted(list):
    """A list as posted: its items in page order, and where each stood in the file (None: added
    on the page), so that a removed or moved item takes its comments and other keys along."""

    def __init__(self, items, origins: list[int | None]) -> None:
        super().__init__(items)
        self.origins = origins


def _join(name: str, key: str) -> str:
    return f"{name}.{key}" if name else key
