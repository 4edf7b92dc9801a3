"""The kinds of value a record field holds, how each is read, and its JSON Schema.

Every kind reads the raw value (text as typed, lists, mappings) at a path, reports what is
wrong through the context, and returns the value the domain uses.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Callable

import yaml

from .dates import DATE_PATTERN, is_date_form, parse_date
from .load import Marks, label_of
from .pictures import IMAGE_SUFFIXES, link_problem, problem
from .plaintext import CONTROL, INVISIBLE, join_lines
from .problems import Report


class _Dumper(yaml.SafeDumper):
    """Block style, lists indented under their key as in RECORDS.md, multi-line text as `|`."""

    def increase_indent(self, flow: bool = False, indentless: bool = False):
        return super().increase_indent(flow, False)


_Dumper.add_representer(str, lambda dumper, value: dumper.represent_scalar(
    "tag:yaml.org,2002:str", value, style="|" if "\n" in value else None))


def yaml_text(data: Any) -> str:
    """A record file's text; no folding, which would put spaces into Chinese lines."""
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=False, width=10**6)


class Invalid(Exception):
    """A value that cannot be used; the message is for the user."""


@dataclass
class Context:
    """Where values are read from: the file, its line marks and the report."""

    path: Path
    marks: Marks
    report: Report
    content_root: Path

    def error(self, at: tuple, message: str) -> None:
        self.report.error(self.path, self.marks.line(at), label(at), message)

    def warning(self, at: tuple, message: str) -> None:
        self.report.warning(self.path, self.marks.line(at), label(at), message)


def label(at: tuple) -> str:
    """主要措施 › 第2项 › 标题: a field's place in words."""
    return label_of(at)


def is_empty(value: Any) -> bool:
    if value.__class__ is str:  # most values: checked first
        return not value.strip()
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list):
        return all(is_empty(v) for v in value)
    if isinstance(value, dict):
        return all(is_empty(v) for v in value.values())
    return False


def nearest(word: str, choices: list[str]) -> str | None:
    found = difflib.get_close_matches(word, choices, n=1, cutoff=0.5)
    return found[0] if found else None


def _shape(value: Any) -> str:
    return "列表" if isinstance(value, list) else "字段组" if isinstance(value, dict) else "文字"


class Kind(ABC):
    """A kind of value. `read` returns the domain value or raises Invalid."""

    @abstractmethod
    def read(self, value: Any, at: tuple, ctx: Context) -> Any:
        """The domain value of a raw value found at `at`."""

    @abstractmethod
    def json_schema(self) -> dict:
        """The JSON Schema an editor uses to complete and underline this value."""

    def dump(self, value: Any) -> Any:
        """The value as it is written in a record file: the way back from `read`."""
        return value


@dataclass
class Text(Kind):
    """Plain text as typed. Single-line text has its line breaks joined."""

    multiline: bool = False
    warn_longer_than: int | None = None

    def read(self, value: Any, at: tuple, ctx: Context) -> str:
        if not isinstance(value, str):
            raise Invalid(f"应为一段文字，这里是{_shape(value)}")
        if CONTROL.search(value):
            raise Invalid("含有不可见的控制字符，请删除")
        hidden = INVISIBLE.search(value)
        if hidden:
            ctx.warning(at, f"含有不可见字符 U+{ord(hidden.group()):04X}，已忽略；建议删除")
            value = INVISIBLE.sub("", value)
        if "\r" in value:
            value = value.replace("\r\n", "\n").replace("\r", "\n")
        value = unicodedata.normalize("NFC", value).strip()
        if not self.multiline and "\n" in value:  # one line is joined already
            value = join_lines(value.split("\n"))
        if self.warn_longer_than and len(value) > self.warn_longer_than:
            ctx.warning(at, f"有 {len(value)} 个字，一般不超过 {self.warn_longer_than} 个字")
        return value

    def json_schema(self) -> dict:
        return {"type": ["string", "number"]}


class Year(Kind):
    def read(self, value: Any, at: tuple, ctx: Context) -> int:
        if not isinstance(value, str) or not re.fullmatch(r"\s*(19|20|21)\d\d\s*(年)?\s*", value):
            raise Invalid("应为四位数的年份，例如 2024")
        return int(value.strip().rstrip("年"))

    def dump(self, value: Any) -> Any:
        return int(value) if isinstance(value, int) or str(value).isdigit() else value

    def json_schema(self) -> dict:
        return {"type": ["integer", "string"], "pattern": r"^\d{4}年?$"}


class Date(Kind):
    def read(self, value: Any, at: tuple, ctx: Context) -> dt.date:
        text = value.strip() if isinstance(value, str) else ""
        day = parse_date(text) if text else None
        if day is None:
            if text and is_date_form(text):
                raise Invalid(f"“{text}”不是有效的日期")
            raise Invalid("日期格式不对，应写作 2024-12-05 或 2024年12月5日")
        return day

    def json_schema(self) -> dict:
        return {"type": "string", "pattern": rf"^\s*(?:{DATE_PATTERN})\s*$"}

    def dump(self, value: Any) -> Any:
        return value.isoformat() if isinstance(value, dt.date) else value


@dataclass
class Choice(Kind):
    options: tuple[str, ...]

    def read(self, value: Any, at: tuple, ctx: Context) -> str:
        text = Text().read(value, at, ctx)
        if text not in self.options:
            guess = nearest(text, list(self.options))
            hint = f"，是不是“{guess}”？" if guess else ""
            raise Invalid(f"“{text}”不是可选的值，应为 {'、'.join(self.options)} 之一{hint}")
        return text

    def json_schema(self) -> dict:
        return {"enum": list(self.options)}


URL_PATTERN = r"https?://[^\s<>\"'`]+"  # what a record and the JSON Schema accept as a web address


class Url(Kind):
    def read(self, value: Any, at: tuple, ctx: Context) -> str:
        text = Text().read(value, at, ctx)
        if not re.fullmatch(URL_PATTERN, text):
            raise Invalid("应为以 http:// 或 https:// 开头的完整网址，不能有空格")
        return text

    def json_schema(self) -> dict:
        return {"type": "string", "pattern": f"^{URL_PATTERN}$"}


class Image(Kind):
    """A picture inside content/, by a relative path such as images/logo.png."""

    def read(self, value: Any, at: tuple, ctx: Context) -> str:
        text = Text().read(value, at, ctx).replace("\\", "/")
        relative = PurePosixPath(text)
        if relative.is_absolute() or re.match(r"^[A-Za-z]:", text):
            raise Invalid("图片路径应相对于内容文件夹，例如 images/logo.png，不能是绝对路径")
        if ".." in relative.parts:
            raise Invalid("图片必须放在内容文件夹里面，路径中不能有“..”")
        if relative.suffix.lower() not in IMAGE_SUFFIXES:
            raise Invalid(f"不支持这种图片格式，请使用 {'、'.join(IMAGE_SUFFIXES)}")
        target = ctx.content_root / relative
        if not target.is_file():
            raise Invalid(f"找不到图片文件 {text}")
        if not target.resolve().is_relative_to(ctx.content_root.resolve()):
            raise Invalid("图片必须放在内容文件夹里面")
        found = link_problem(ctx.content_root, relative) or problem(target)
        if found:
            raise Invalid(found)
        return relative.as_posix()

    def json_schema(self) -> dict:
        return {"type": "string", "pattern": r"^[^/\\].*\.(png|jpe?g|gif|svg|webp)$"}


@dataclass
class ListOf(Kind):
    item: Kind
    at_least: int = 0

    def read(self, value: Any, at: tuple, ctx: Context) -> list:
        if not isinstance(value, list):
            raise Invalid(f"应为列表（每项另起一行，以“- ”开头），这里是{_shape(value)}")
        items = Items()
        filled = [i for i, raw in enumerate(value) if not is_empty(raw)]  # blanks: scaffold leftovers
        for i in filled:
            try:
                items.append(self.item.read(value[i], at + (i,), ctx))
                items.positions.append(i)
            except Invalid as exc:
                report_invalid(ctx, at + (i,), exc)
        if len(filled) < self.at_least:
            raise Invalid(f"至少要有 {self.at_least} 项")
        if len(items) < self.at_least:
            raise _Reported(items)
        return items

    def dump(self, value: Any) -> Any:
        return [self.item.dump(item) for item in value or []]

    def keys(self, attrs: tuple) -> tuple:
        """The file's path of an attribute path: (2, "title") → (2, "标题")."""
        if not attrs:
            return ()
        index, *rest = attrs
        inner = self.item.keys(tuple(rest)) if isinstance(self.item, (Group, ListOf)) else tuple(rest)
        return (index, *inner)

    def json_schema(self) -> dict:
        schema: dict = {"type": "array", "items": self.item.json_schema()}
        if self.at_least:
            schema["minItems"] = self.at_least
        return schema


class Items(list):
    """A list read from a record; `positions` are the items' places in the file's list."""

    def __init__(self, items=()) -> None:
        super().__init__(items)
        self.positions: list[int] = []

    def position(self, index: int) -> int:
        return self.positions[index] if index < len(self.positions) else index


@dataclass(frozen=True)
class Field:
    key: str
    attr: str
    kind: Kind
    help: str
    required: bool = False
    internal: bool = False
    default: str | None = None  # prefilled by `new`


@dataclass
class Rule:
    """A requirement across fields of one mapping, reported as about `key` at the line of `at`."""

    key: str
    holds: Callable[[dict], bool]
    message: str
    at: str | None = None  # the field whose line to show, when `key` may be missing


@dataclass
class Group(Kind):
    """A mapping of named fields, read into a record class."""

    cls: type
    fields: list[Field]
    rules: list[Rule] = field(default_factory=list)

    def read(self, value: Any, at: tuple, ctx: Context) -> Any:
        if not isinstance(value, dict):
            hint = "；字段名后面的冒号要用半角“:”" if isinstance(value, str) and re.search(r"^\s*\S{1,8}：", value) else ""
            raise Invalid(f"应为“字段: 内容”的形式，这里是{_shape(value)}{hint}")
        known = {f.key: f for f in self.fields}
        for key in value:
            if key not in known:
                guess = nearest(key, list(known))
                hint = f"，是不是“{guess}”？" if guess else f"；可用的字段有：{'、'.join(known)}"
                ctx.error(at + (key,), f"未知字段{hint}")
        attrs, failed = {}, False
        for f in self.fields:
            raw = value.get(f.key)
            if is_empty(raw):
                if f.required:
                    ctx.error(at + (f.key,), "缺少这一项" if f.key not in value else "不能为空")
                    failed = True
                continue
            try:
                attrs[f.attr] = f.kind.read(raw, at + (f.key,), ctx)
            except Invalid as exc:
                report_invalid(ctx, at + (f.key,), exc)
                failed = True
        for rule in self.rules:
            if not rule.holds(value):
                line = ctx.marks.line(at + (rule.key if rule.key in value else rule.at or rule.key,))
                ctx.report.error(ctx.path, line, label(at + (rule.key,)), rule.message)
                failed = True
        if failed:
            raise _Reported(self._partial(attrs))
        return self.cls(**attrs)

    def field(self, attr: str) -> Field:
        """The declaration behind an attribute of the record class."""
        found = next((f for f in self.fields if f.attr == attr), None)
        if found is None:
            raise KeyError(f"{self.cls.__name__} has no field {attr!r}")
        return found

    def key(self, attr: str) -> str:
        """The Chinese key a record file uses for an attribute."""
        return self.field(attr).key

    def keys(self, attrs: tuple) -> tuple:
        """The file's path of an attribute path: ("measures", 1, "title") → ("主要措施", 1, "标题")."""
        if not attrs:
            return ()
        attr, *rest = attrs
        f = self.field(attr)
        inner = f.kind.keys(tuple(rest)) if isinstance(f.kind, (Group, ListOf)) else tuple(rest)
        return (f.key, *inner)

    def dump(self, value: Any) -> dict:
        """A record (or a mapping of attributes) as the mapping its file holds, in schema order.

        Empty values are left out, as a person writing the file would.
        """
        get = value.get if isinstance(value, dict) else lambda attr: getattr(value, attr, None)
        data = {}
        for f in self.fields:
            raw = get(f.attr)
            if not is_empty(raw):
                data[f.key] = f.kind.dump(raw)
        return data

    def _partial(self, attrs: dict) -> Any:
        """What could be read, so that checks across records still run; None where it failed."""
        missing = {f.attr: None for f in self.fields if f.required and f.attr not in attrs}
        return self.cls(**attrs, **missing)

    def json_schema(self) -> dict:
        properties = {}
        for f in self.fields:
            schema = dict(f.kind.json_schema())
            schema["description"] = f.help + ("（内部信息，不会公开）" if f.internal else "")
            properties[f.key] = schema
        schema = {"type": "object", "properties": properties, "additionalProperties": False}
        required = [f.key for f in self.fields if f.required]
        if required:
            schema["required"] = required
        return schema


class _Reported(Invalid):
    """Raised after the problems inside a group were reported one by one."""

    def __init__(self, partial: Any) -> None:
        super().__init__("")
        self.partial = partial


def report_invalid(ctx: Context, at: tuple, exc: Invalid) -> None:
    if not isinstance(exc, _Reported):
        ctx.error(at, str(exc))
