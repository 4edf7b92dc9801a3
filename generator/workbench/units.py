"""A record whose unit is not in units.yml: the unit offered as a new one (its name guessed from
what the importer kept), appended to units.yml as `import` does, and chosen in the record."""

from __future__ import annotations

import copy
import re

from ..changeset import ChangeSet
from ..importers.units import UNITS_FILE, appendable, match_unit, new_unit, read_units, units_text, with_units
from ..model.schema import RecordKind
from .store import Refused, Store

UNIT_KEY = "党组织"
_UNIT_NAME = re.compile(r"^\S{4,40}(?:机关党委|党工委|党总支|党支部|党委|委员会|支部)$")


def needs_unit(store: Store, data: dict) -> bool:
    """The record names no unit of units.yml (empty, a placeholder or unknown)."""
    if not isinstance(data, dict) or UNIT_KEY not in data:
        return False
    known = {u.id for u in read_units(store.root)}
    return str(data.get(UNIT_KEY) or "") not in known


def guess_name(data: dict) -> str:
    """A line that reads like a party organisation's full name, from what the importer kept."""
    for key in ("发布单位", "内部备注", "未归类", "待核对"):
        value = data.get(key)
        lines = value.splitlines() if isinstance(value, str) else [str(v) for v in value or []] if isinstance(value, list) else []
        for line in lines:
            line = re.split("[：:]", line.strip())[-1].strip("，, ")  # 材料署名：中共…委员会
            if _UNIT_NAME.match(line):
                return line
    return ""


def add_and_choose(store: Store, kind: RecordKind, record_id: str, version: str, name: str) -> str:
    """Append the unit to units.yml (unless a unit has that name) and put its 编号 in the record."""
    name = name.strip()
    if not name:
        raise Refused("请填写党组织的全称")
    with store.writing:
        return _add_and_choose(store, kind, record_id, version, name)


def _add_and_choose(store: Store, kind: RecordKind, record_id: str, version: str, name: str) -> str:
    units = read_units(store.root)
    unit_id, _ = match_unit(name, units)
    loaded = store.read(kind, record_id)
    if loaded.version != version:
        raise Refused("这条记录在您编辑期间已被修改，请重新打开后再添加党组织")
    if unit_id is None:
        unit = new_unit(name, units, [])
        addition = units_text([unit], "工作台")
        why = appendable(store.root, addition)
        if why:
            raise Refused(why)
        change = ChangeSet()  # appended in the file's own encoding, all or nothing
        change.put(store.root / UNITS_FILE, with_units(store.root, addition))
        change.apply()
        unit_id, message = unit.id, f"已在 units.yml 末尾添加党组织“{name}”（编号 {unit.id}），并选用它。请补充它的类型和上级。"
    else:
        message = f"units.yml 里已有“{name}”（编号 {unit_id}），已选用它。"
    values = copy.deepcopy(loaded.data)
    values[UNIT_KEY] = unit_id
    store.save(kind, record_id, loaded.version, values)
    return message
