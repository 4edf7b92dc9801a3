"""What lists and selects show: each record's name, status, unit, batch and problem count,
and the values reference fields may take."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..model.schema import KINDS, RecordKind
from .forms import Options
from .inline import Checker
from .store import Store


@dataclass
class Row:
    id: str
    name: str
    status: str
    unit: str
    when: str  # 批次, 年度 or 日期 (columns)
    errors: int
    warnings: int


# The keys of the two columns after the status: whose record it is, and when (brands' by default).
COLUMNS = {"case": ("党组织", "发布日期"), "meeting": ("主办单位", "日期"), "alliance": ("牵头单位", "年度"),
           "activity": ("主办单位", "日期"), "campaign": (None, "年度")}


def columns(kind: RecordKind) -> tuple[str | None, str]:
    return COLUMNS.get(kind.name, ("党组织", "批次"))


def name_key(kind: RecordKind) -> str | None:
    fields = getattr(kind.group, "fields", [])
    return next((f.key for f in fields if f.attr in ("name", "title")), None)


def records_of(store: Store, checker: Checker, kind: RecordKind) -> list[tuple[str, Path, dict]]:
    """(id, path, values) of every file of a kind, as the checker last read them."""
    checker.run()
    readable = {r.id: r for r in checker.raw.records.get(kind.name, [])}
    return [(i, readable[i].path if i in readable else store.path_of(kind, i),
             readable[i].data if i in readable and isinstance(readable[i].data, dict) else {})
            for i in store.ids(kind)]


def rows(store: Store, checker: Checker, kind: RecordKind) -> list[Row]:
    counts = checker.count_by_file()
    units = dict(unit_options(checker))
    key = name_key(kind)
    unit_column, time_column = columns(kind)
    found = []
    for record_id, path, data in records_of(store, checker, kind):
        errors, warnings = counts.get(path.resolve(), (0, 0))
        unit = str(data.get(unit_column) or "") if unit_column else ""
        found.append(Row(record_id, str(data.get(key) or "") or record_id, str(data.get("状态") or ""),
                         units.get(unit, unit), str(data.get(time_column) or ""), errors, warnings))
    return found


def unit_options(checker: Checker) -> list[tuple[str, str]]:
    checker.run()
    data = checker.raw.units.data if checker.raw.units else None
    return [(str(u["编号"]), f"{u.get('名称') or ''}（{u['编号']}）") for u in data or []
            if isinstance(u, dict) and u.get("编号")]


def batch_names(checker: Checker) -> list[str]:
    checker.run()
    data = checker.raw.site.data if checker.raw.site else None
    batches = data.get("批次") if isinstance(data, dict) else None
    return [str(b["名称"]) for b in batches or [] if isinstance(b, dict) and b.get("名称")]


def options(store: Store, checker: Checker, for_kind: RecordKind) -> Options:
    found = Options({"unit": unit_options(checker), "batch": [(b, b) for b in batch_names(checker)]})
    for kind in KINDS.values():
        if kind.folder is None:
            continue
        key = name_key(kind)
        entries = records_of(store, checker, kind)
        if kind.name == "brand" and for_kind.name == "meeting":  # only approved brands can be visited
            entries = [e for e in entries if e[2].get("状态") == "已认定"]
            found.by_kind["demo_site"] = [(str(s["名称"]), f"{s['名称']}（{d.get(key) or i}）") for i, _, d in entries
                                          for s in d.get("示范点") or [] if isinstance(s, dict) and s.get("名称")]
        if kind.name == "alliance" and for_kind.name == "meeting":  # only running alliances can be visited
            entries = [e for e in entries if e[2].get("状态") == "运行"]
        found.by_kind[kind.name] = [(i, f"{d.get(key) or i}（{i}）") for i, _, d in entries]
    return found
