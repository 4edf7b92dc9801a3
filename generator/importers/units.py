"""The party organisations of units.yml: finding the one a record belongs to, and adding
new ones at the end of the file without rewriting a byte of what is already there."""

from __future__ import annotations

import re
from pathlib import Path

import yaml


from ..addresses import numbered, slug
from ..load import load_file
from ..plaintext import UndecodableText, decode
from ..problems import Report
from .draft import Draft, NewUnit, guess

UNITS_FILE = "units.yml"
_TYPES = ("机关党委", "党工委", "党总支", "党支部", "党委")  # longest first: 机关党委 ends in 党委


def read_units(content: Path) -> list[dict]:
    """The entries of units.yml that have an 编号; a broken file gives none (check reports it)."""
    path = content / UNITS_FILE
    record = load_file(path, "units", Report()) if path.is_file() else None
    data = record.data if record else None
    return [u for u in data if isinstance(u, dict) and u.get("编号")] if isinstance(data, list) else []


def unit_named(texts: list[str | None], units: list[dict]) -> str | None:
    """The unit whose full name is one of the texts, or one of the bodies a text lists."""
    names = {part.strip() for text in texts if text for part in re.split("[、，,]", text)}
    return next((str(u["编号"]) for u in units if str(u.get("名称", "")).strip() in names), None)


def unit_of(front, units: list[dict], draft: Draft, where: str) -> str | None:
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
    draft.notes.append(f"{where}：文中写的是“{front.unit}”，units.yml 里没有这个党组织；请先添加到 units.yml，再填写编号")
    draft.review.append((where, f"文中写的是“{front.unit}”，units.yml 里没有"))
    return None


def match_unit(name: str, units: list[dict]) -> tuple[str | None, str | None]:
    """(编号, a note when only part of the name matched) for a unit named in a sheet."""
    for unit in units:
        if name in (str(unit.get("名称", "")).strip(), str(unit["编号"]).strip()):
            return str(unit["编号"]), None
    close = [u for u in units if name in str(u.get("名称", "")) or str(u.get("名称", "")) in name]
    if len(close) == 1 and len(name) >= 4:
        return str(close[0]["编号"]), f"党组织：“{name}”按名称对应到 {close[0]['编号']}（{close[0]['名称']}），请核对"
    return None, None


def new_unit(name: str, units: list[dict], planned: list[NewUnit]) -> NewUnit:
    """A unit to add, with an ASCII 编号 from the pinyin of its name, unique in the file."""
    for unit in planned:
        if unit.name == name:
            return unit
    taken = {str(u["编号"]) for u in units} | {u.id for u in planned}
    unit = NewUnit(numbered(slug(name), taken), name, next((t for t in _TYPES if name.endswith(t)), None))
    planned.append(unit)
    return unit


def units_text(units: list[NewUnit], source: str) -> str:
    """The entries to append, under a comment saying where they came from."""
    entries = [{k: v for k, v in (("编号", u.id), ("名称", u.name), ("类型", u.type)) if v} for u in units]
    body = yaml.safe_dump(entries, allow_unicode=True, sort_keys=False, width=10**6)
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


def append_units(content: Path, addition: str) -> None:
    """Append in the file's own encoding; the existing bytes stay as they are."""
    path = content / UNITS_FILE
    raw = path.read_bytes() if path.is_file() else b""
    prefix = "" if not raw or raw.endswith(b"\n") else "\n"
    with path.open("ab") as handle:
        handle.write((prefix + addition).encode(_encoding(raw) or "utf-8"))


def _encoding(raw: bytes) -> str | None:
    """The file's encoding; appended text must not carry a second BOM."""
    try:
        return decode(raw).encoding
    except UndecodableText:
        return None
