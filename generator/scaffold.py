"""`new`: a record file with every field of the schema and a comment for each, to fill in."""

from __future__ import annotations

from .model.fieldtypes import Field, Group, ListOf
from .model.schema import KINDS


def scaffold(kind: str, batch: str | None = None) -> str:
    group = KINDS[kind].group
    header = [f"# 新建{KINDS[kind].label}记录。按注释填写，空着的可选项可以删除或留空。",
              "# 填好后运行：python -m generator check", ""]
    defaults = {"batch_name": batch} if batch else {}
    return "\n".join(header + _fields(group, 0, defaults)) + "\n"


def _fields(group: Group, indent: int, defaults: dict) -> list[str]:
    lines: list[str] = []
    pad = " " * indent
    for f in group.fields:
        lines.append(pad + "# " + _comment(f))
        lines += _value(f, indent, defaults.get(f.attr, f.default))
    return lines


def _comment(f: Field) -> str:
    flags = "（必填）" if f.required else "（可选）"
    if f.internal:
        flags += "（内部信息，不会公开）"
    return f.help + flags


def _value(f: Field, indent: int, default: str | None) -> list[str]:
    pad = " " * indent
    kind = f.kind
    if isinstance(kind, Group):
        return [f"{pad}{f.key}:"] + _fields(kind, indent + 2, {})
    if isinstance(kind, ListOf) and isinstance(kind.item, Group):
        inner = _fields(kind.item, indent + 4, {})
        first = inner[0].strip()
        return [f"{pad}{f.key}:", f"{pad}  - {first}"] + inner[1:]
    if isinstance(kind, ListOf):
        return [f"{pad}{f.key}:", f"{pad}  -"]
    if getattr(kind, "multiline", False):
        return [f"{pad}{f.key}: |", f"{pad}  "]
    return [f"{pad}{f.key}: {default or ''}".rstrip()]
