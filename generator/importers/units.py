"""The party organisations of units.yml: finding the one a record belongs to, and adding
new ones at the end of the file without rewriting a byte of what is already there."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from ..model.fieldtypes import yaml_text
from ..model.load import load_file
from ..model.plaintext import UndecodableText, decode
from ..model.problems import Report
from ..model.records import Unit
from ..model.schema import UNIT, UNITS
from ..model.slugs import numbered, slug
from .draft import Draft, NewUnit, guess

UNITS_FILE = "units.yml"
_ID, _NAME = UNIT.key("id"), UNIT.key("name")  # units.yml is read raw: a broken entry must not hide the rest
_TYPES = ("机关党委", "党工委", "党总支", "党支部", "党委")  # longest first: 机关党委 ends in 党委


def read_units(content: Path) -> list[Unit]:
    """The entries of units.yml that have an 编号; a broken file gives none (check reports it)."""
    path = content / UNITS_FILE
    record = load_file(path, "units", Report()) if path.is_file() else None
    data = record.data if record else None
    entries = [u for u in data if isinstance(u, dict)] if isinstance(data, list) else []
    return [Unit(str(u[_ID]).strip(), str(u.get(_NAME) or "").strip()) for u in entries if u.get(_ID)]


def unit_named(texts: list[str | None], units: list[Unit]) -> str | None:
    """The unit whose full name is one of the texts, or one of the bodies a text lists."""
    names = {part.strip() for text in texts if text for part in re.split("[、，,]", text)}
    return next((u.id for u in units if u.name in names), None)


def unit_of(front, units: list[Unit], draft: Draft, where: tuple) -> str | None:
    """The unit a 申报单位： line names (else the signature or title), matched to units.yml.

    Only a full name is taken as it is; a partial match is marked for review, and a name
    units.yml lacks is said, never replaced by a guess.
    """
    if not front.unit:
        return unit_named([front.publisher, front.title, front.subtitle], units)
    if exact := unit_named([front.unit], units):
        return exact
    close, _ = match_unit(front.unit, units)
    if close:
        guess(draft, where, f"文中写的是“{front.unit}”，按名称的一部分对应到 {close}")
        return close
    draft.notes.append(f"{draft.name_of(where)}：文中写的是“{front.unit}”，units.yml 里没有这个党组织；请先添加到 units.yml，再填写编号")
    draft.review.append((where, f"文中写的是“{front.unit}”，units.yml 里没有"))
    return None


def match_unit(name: str, units: list[Unit]) -> tuple[str | None, str | None]:
    """(编号, a note when only part of the name matched) for a unit named in a sheet."""
    for unit in units:
        if name in (unit.name, unit.id):
            return unit.id, None
    close = [u for u in units if u.name and (name in u.name or u.name in name)]
    if len(close) == 1 and len(name) >= 4:
        return close[0].id, f"党组织：“{name}”按名称对应到 {close[0].id}（{close[0].name}），请核对"
    return None, None


def new_unit(name: str, units: list[Unit], planned: list[NewUnit]) -> NewUnit:
    """A unit to add, with an ASCII 编号 from the pinyin of its name, unique in the file."""
    for unit in planned:
        if unit.name == name:
            return unit
    taken = {u.id for u in units} | {u.id for u in planned}
    unit = NewUnit(numbered(slug(name), taken), name, next((t for t in _TYPES if name.endswith(t)), None))
    planned.append(unit)
    return unit


def units_text(units: list[NewUnit], source: str) -> str:
    """The entries to append, under a comment saying where they came from."""
    body = yaml_text(UNITS.dump([Unit(u.id, u.name, u.type) for u in units]))
    return f"\n# 以下 {len(units)} 个党组织由 import 从 {source} 添加，请核对类型、补充上级\n" + body


def appendable(content: Path, addition: str) -> str | None:
    """Why the entries cannot be appended to units.yml as it is, or None when they can."""
    path = content / UNITS_FILE
    raw = path.read_bytes() if path.is_file() else b""
    encoding = _encoding(raw)
    if encoding is None:
        return "units.yml 的编码无法识别，请先用 UTF-8 另存"
    try:
        data = yaml.safe_load(raw.decode(encoding).lstrip("\ufeff") + "\n" + addition)
    except yaml.YAMLError:
        data = None
    if not isinstance(data, list):
        return "units.yml 不是“- 编号: …”逐项排列的列表，无法在末尾追加；请手动添加下面的党组织"
    return None


def with_units(content: Path, addition: str) -> bytes:
    """units.yml with the entries appended in the file's own encoding; existing bytes unchanged."""
    path = content / UNITS_FILE
    raw = path.read_bytes() if path.is_file() else b""
    prefix = "" if not raw or raw.endswith(b"\n") else "\n"
    return raw + (prefix + addition).encode(_encoding(raw) or "utf-8")


def _encoding(raw: bytes) -> str | None:
    """The file's encoding; appended text must not carry a second BOM."""
    try:
        return decode(raw).encoding
    except UndecodableText:
        return None
