"""申报表 (.xlsx) → one 申报 brand draft per row.

The header row may sit under a title row and its columns come in any order; blank rows
are skipped, and columns the record has no field for are kept in 内部备注.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl

from ..model.records import DECLARED
from .draft import PLACEHOLDER, Draft, Known, NewUnit, missing
from .paragraphs import ImportFailure
from .units import match_unit, new_unit

UNIT = "unit"  # the column naming the party organisation: matched to units.yml, or added to it
COLUMNS = {  # a brand's attribute (or UNIT) ← the headers a sheet may use for it
    UNIT: ("单位", "单位名称", "申报单位", "党组织", "党组织名称", "所在单位", "申报党组织", "所属党组织"),
    "name": ("品牌名称", "品牌", "党建品牌名称", "党建品牌", "品牌名"),
    "contact": ("联系人", "联系人姓名"),
    "phone": ("联系电话", "电话", "手机", "手机号码", "联系方式"),
    "batch_name": ("批次", "申报批次"),
    "slogan": ("口号", "品牌口号"),
    "connotation": ("品牌内涵", "内涵"),
    "tags": ("标签", "关键词"),
    "background": ("创建背景",),
    "internal_note": ("备注",),
}
_NUMBERING = ("序号", "编号")  # row numbers: the record's file name takes their place
_HEADER_ROWS = 20


@dataclass
class Row:
    number: int                                  # as Excel shows it
    values: dict[str, str]                       # by record field
    extra: list[tuple[str, str]] = field(default_factory=list)  # (header, value) of other columns


def brand_drafts(path: Path, known: Known, planned: list[NewUnit]) -> tuple[list[Draft], list[str]]:
    """The drafts of a sheet, and notes about rows that gave none."""
    rows, notes = read_rows(path)
    drafts = []
    for row in rows:
        if not row.values.get("name"):
            notes.append(f"第{row.number}行没有品牌名称，已跳过：{'，'.join(_row_text(row))}")
            continue
        drafts.append(_draft(row, path, known, planned))
    if not drafts:
        raise ImportFailure("表格里没有可导入的行（每行至少要填写品牌名称）")
    return drafts, notes


def read_rows(path: Path) -> tuple[list[Row], list[str]]:
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        sheets = [(sheet.title, [list(r) for r in sheet.iter_rows(values_only=True)]) for sheet in book.worksheets]
    except Exception as exc:  # openpyxl raises many kinds (zip, XML, missing parts) for one cause
        raise ImportFailure("无法读取这个 Excel 文件：它不是有效的 .xlsx 文件（旧版 .xls 请先另存为 .xlsx）") from exc
    for title, cells in sheets:
        found = _header(cells)
        if found is not None:
            at, columns = found
            notes = [f"读取工作表“{title}”，表头在第{at + 1}行"] if len(sheets) > 1 or at else []
            above = [_text(c) for raw in cells[:at] for c in raw if _text(c)]
            notes += [f"表头上方的“{'　'.join(above)}”不是申报内容，没有导入"] if above else []
            return [row for n, raw in enumerate(cells[at + 1:], at + 2) if (row := _row(n, raw, columns))], notes
    raise ImportFailure("没有找到表头：表格里需要有“单位”和“品牌名称”两列")


def _header(cells: list[list]) -> tuple[int, dict[int, str]] | None:
    """(row index, column → field or ‘?header’ for extras) of the first row naming 单位 and 品牌名称."""
    for at, raw in enumerate(cells[:_HEADER_ROWS]):
        columns = {}
        for i, cell in enumerate(raw):
            name = re.sub(r"[\s*＊:：]|[（(].*?[）)]", "", _text(cell))
            if not name or name in _NUMBERING:
                continue
            columns[i] = next((f for f, names in COLUMNS.items() if name in names), "?" + _text(cell))
        if {UNIT, "name"} <= set(columns.values()):
            return at, columns
    return None


def _row(number: int, raw: list, columns: dict[int, str]) -> Row | None:
    row = Row(number, {})
    for i, target in columns.items():
        value = _text(raw[i]) if i < len(raw) else ""
        if not value:
            continue
        if target.startswith("?"):
            row.extra.append((target[1:], value))
        else:
            row.values[target] = value
    return row if row.values or row.extra else None  # a blank row


def _text(cell) -> str:
    """A cell as typed: 13800000000 not 13800000000.0, dates as 2024-12-05."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, (dt.datetime, dt.date)):
        return cell.strftime("%Y-%m-%d")
    return " ".join(str(cell).split())


def _draft(row: Row, path: Path, known: Known, planned: list[NewUnit]) -> Draft:
    values = row.values
    draft = Draft("brand", path, values["name"], {}, label=f"{path.name} 第{row.number}行")
    data = draft.data
    for attr in ("name", "slogan", "connotation", "contact", "phone"):
        data[attr] = values.get(attr)
    data["tags"] = [t for t in re.split("[、，,；; ]+", values.get("tags", "")) if t]
    data["unit_id"] = _unit(values.get(UNIT), known, planned, draft)
    data["batch_name"] = _batch(values.get("batch_name"), known, draft)
    data["status"] = DECLARED
    data["background"] = values.get("background") or PLACEHOLDER
    data["measures"] = [{"title": PLACEHOLDER, "text": PLACEHOLDER}]
    data["outcomes"] = {"summary": PLACEHOLDER}
    later = "、".join(draft.name_of((attr,)) for attr in ("background", "measures", "outcomes"))
    draft.notes.append(f"{later}：申报表里没有，暂填“{PLACEHOLDER}”，验收前请补充")
    internal = [values["internal_note"]] if values.get("internal_note") else []
    internal += [f"{header}：{value}" for header, value in row.extra]
    data["internal_note"] = "\n\n".join(internal) or None
    draft.summary.append("；".join(f"{draft.name_of((attr,))}：{data[attr]}" for attr in ("name", "unit_id", "batch_name")))
    return draft


def _unit(name: str | None, known: Known, planned: list[NewUnit], draft: Draft) -> str:
    if not name:
        return missing(draft, ("unit_id",), PLACEHOLDER, "这一行没有填写单位")
    unit_id, note = match_unit(name, known.units)
    if note:
        draft.notes.append(note)
    if unit_id:
        return unit_id
    unit = new_unit(name, known.units, planned)
    draft.units.append(unit)
    return unit.id


def _batch(value: str | None, known: Known, draft: Draft) -> str:
    if not value:
        return known.newest_batch or missing(draft, ("batch_name",), PLACEHOLDER, "表里没有批次，site.yml 里也没有")
    return next((c for c in (value, f"第{value}批") if c in known.batches), value)  # run.py names an unknown one


def _row_text(row: Row) -> list[str]:
    return [f"{COLUMNS[k][0]}：{v}" for k, v in row.values.items()] + [f"{h}：{v}" for h, v in row.extra]
