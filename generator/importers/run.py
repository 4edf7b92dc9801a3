"""`import`: documents and sheets → draft records in content/.

Everything is read, placed and checked first. A file that cannot be read, or whose record
would replace one without --force, is explained and left out; the others are written (the
exit code says something was left out). Nothing is written until new units are confirmed.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Union

from ..changeset import ChangeSet
from ..model.check import read_site
from ..model.problems import Report, display_path, os_reason
from ..model.schema import KINDS
from . import docx, structure, text, xlsx
from .brand import brand_record
from .case import case_record
from .conservation import lost_characters, lost_note
from .draft import NO_HEADING, PLACEHOLDER, Draft, Known, NewUnit
from .paragraphs import ImportFailure
from .units import UNITS_FILE, appendable, read_units, units_text, with_units
from .write import check_text, id_from_name, record_text, settle_ids, target_of

Confirm = Union[bool, Callable[[str], bool], None]  # --yes, a question at the terminal, or no way to ask
READERS = {".txt": text.read_paragraphs, ".docx": docx.read_paragraphs}
_OLD_FORMATS = {".doc": "旧版 Word（.doc）文件不能直接导入，请用 Word 另存为 .docx",
                ".xls": "旧版 Excel（.xls）文件不能直接导入，请用 Excel 另存为 .xlsx",
                ".wps": "WPS 文件不能直接导入，请另存为 .docx"}
_CASE_WORDS = ("工作背景", "主要做法", "具体做法", "工作启示", "经验启示")
_BRAND_WORDS = ("创建背景", "主要措施", "品牌背景", "创建措施", "品牌内涵", "标识释义", "创建成效")
_REFERENCES = (("unit_id",), ("batch_name",))  # a stand-in here names nothing in units.yml / site.yml


@dataclass
class ImportOutcome:
    messages: list[str] = field(default_factory=list)  # for stdout
    errors: list[str] = field(default_factory=list)    # for stderr
    code: int = 0


def import_files(files: list[Path], content: Path, kind: str | None = None, force: bool = False,
                 confirm: Confirm = None, today: dt.date | None = None,
                 record_id: str | None = None) -> ImportOutcome:
    outcome, today = ImportOutcome(), today or dt.date.today()
    if not content.is_dir():
        return _refuse(outcome, [f"错误 找不到内容文件夹 {display_path(content)}，请用 --content 指定"])
    known, planned = _known(content), []
    drafts, sheet_notes, errors = [], {}, []
    for path in files:
        try:
            found, sheet_notes[path] = read_file(path, kind, known, planned)
            drafts += found
        except ImportFailure as exc:
            errors.append(f"错误 {display_path(path)}：{exc}")
    for draft in drafts:
        draft.id = id_from_name(draft.id)
    if record_id is not None:
        if len(drafts) != 1:
            return _refuse(outcome, errors + [f"错误 --id 只能在导入一条记录时使用（这次有 {len(drafts)} 条）"])
        drafts[0].id = record_id
    refused = settle_ids(drafts, content, force)
    errors += [f"错误 {drafts[n].label}：{why}" for n, why in refused.items()]
    drafts = [d for n, d in enumerate(drafts) if n not in refused]
    if errors and not drafts:
        return _refuse(outcome, errors)
    units = list({u.id: u for d in drafts for u in d.units}.values())
    if units and not _confirmed(units, confirm, outcome):
        return outcome
    outcome = _write(drafts, units, sheet_notes, content, known, today, outcome)
    if errors:
        outcome.errors += errors + [f"以上 {len(errors)} 个问题对应的文件没有导入；其余文件已导入。请修正后只重新导入这些文件。"]
        outcome.code = 1
    return outcome


def read_file(path: Path, kind: str | None, known: Known, planned: list[NewUnit]) -> tuple[list[Draft], list[str]]:
    """The drafts one file gives, and notes about the file as a whole."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise ImportFailure("找不到这个文件")
    if path.stat().st_size == 0:
        raise ImportFailure("文件是空的（0 字节）")
    if suffix in (".xlsx", ".xlsm"):
        if kind == "case":
            raise ImportFailure("Excel 申报表只能导入为品牌（--kind brand）")
        return xlsx.brand_drafts(path, known, planned)
    if suffix not in READERS:
        raise ImportFailure(_OLD_FORMATS.get(suffix, f"不支持“{suffix or '无扩展名'}”文件，只能导入 .docx、.txt 和 .xlsx"))
    notes: list[str] = []
    paragraphs = READERS[suffix](path, notes)
    outline = structure.outline(paragraphs)
    chosen = kind or _kind_of(outline, notes)
    draft = case_record(outline, path, known.units) if chosen == "case" else brand_record(outline, path, known)
    draft.label = path.name
    draft.id = draft.data.get("name") or draft.data.get("title") or path.stem
    draft.lost = lambda written: lost_characters(paragraphs, outline, written)
    return [draft], notes


def _known(content: Path) -> Known:
    site = read_site(content, Report())
    batches = site.batches if site else []
    newest = site.batches_newest_first[0].name if batches else None
    return Known(read_units(content), [b.name for b in batches], newest)


def _kind_of(outline: structure.Outline, notes: list[str]) -> str:
    """Case or brand by the words of the part headings; a tie is a brand (the site's main record)."""
    headings = "".join(outline.headings())
    practices = outline.part("practices")
    case = sum(w in headings for w in _CASE_WORDS) + bool(outline.part("lessons")) + bool(
        practices and any("——" in (i.heading or "") for i in practices.items))
    brand = (sum(w in headings for w in _BRAND_WORDS) + ("品牌" in (outline.front.title or ""))
             + bool(outline.front.unit))  # 申报单位： heads a brand's application or report
    if case == brand:
        notes.append("无法判断是品牌还是案例，按品牌导入；需要时用 --kind case 指定")
    return "case" if case > brand else "brand"


def ask_at_terminal(question: str) -> bool:
    """y / yes / 是 confirms; anything else, an empty line, Ctrl-D or Ctrl-C does not."""
    try:
        return input(question).strip().lower() in ("y", "yes", "是")
    except (EOFError, KeyboardInterrupt):
        print()
        return False


def _confirmed(units: list[NewUnit], confirm: Confirm, outcome: ImportOutcome) -> bool:
    listing = ["以下党组织不在 units.yml 里，需要添加（编号由名称的拼音生成）："]
    listing += [f"  {u.id}  {u.name}" for u in units]
    if confirm is True or (callable(confirm) and confirm("\n".join(listing) + "\n添加到 units.yml 末尾吗？[y/N] ")):
        return True
    reason = ("没有确认" if callable(confirm) else "无法在这里询问确认") + "，units.yml 保持原样，也没有写入任何记录。"
    advice = "确认无误后请加 --yes 重新运行，或先把这些党组织添加到 units.yml 再运行。"
    _refuse(outcome, ([] if callable(confirm) else listing) + [reason + advice], summary=False)
    return False


def _refuse(outcome: ImportOutcome, errors: list[str], summary: bool = True) -> ImportOutcome:
    outcome.errors += errors + (["没有写入任何文件。请修正后重新运行。"] if summary else [])
    outcome.code = 1
    return outcome


def _write(drafts: list[Draft], units: list[NewUnit], sheet_notes: dict, content: Path, known: Known,
           today: dt.date, outcome: ImportOutcome) -> ImportOutcome:
    addition = units_text(units, "、".join(sorted({d.source.name for d in drafts if d.units}))) if units else ""
    why = appendable(content, addition) if units else None
    if why:
        return _refuse(outcome, [f"错误 {why}", addition.strip()])
    written = []
    for draft in drafts:  # every text is made and checked before the first byte is written
        target, body = target_of(draft, content), record_text(draft, today)
        written.append((draft, target, body, check_text(draft, body, target, content)))
    change = ChangeSet()  # units.yml and every record, or nothing
    if units:
        change.put(content / UNITS_FILE, with_units(content, addition))
    for _, target, body, _ in written:
        change.put(target, body.encode("utf-8"))
    try:
        change.apply()
    except OSError as exc:
        where = display_path(Path(exc.filename)) if exc.filename else display_path(content)
        return _refuse(outcome, [f"错误 无法写入 {where}（{os_reason(exc)}）"])
    if units:
        outcome.messages.append(f"已在 units.yml 末尾添加 {len(units)} 个党组织：{'、'.join(u.name for u in units)}")
    _report(written, sheet_notes, known, units, outcome)
    return outcome


def _report(written: list, sheet_notes: dict, known: Known, units: list[NewUnit], outcome: ImportOutcome) -> None:
    unit_ids = {u.id for u in known.units} | {u.id for u in units}
    shown: set[Path] = set()
    for draft, target, body, report in written:
        _reference_notes(draft, unit_ids, known)
        if draft.lost and (note := lost_note(draft.lost(body))):
            draft.notes.append(note)
        if draft.source not in shown:
            shown.add(draft.source)
            outcome.messages += [f"提示 {display_path(draft.source)}：{n}" for n in sheet_notes.get(draft.source, [])]
        outcome.messages += _describe(draft, target, report)
        outcome.code = max(outcome.code, 1 if report.errors else 0)
    drafts = [w[0] for w in written]
    counts = Counter(d.kind for d in drafts)
    kinds = "、".join(f"{KINDS[kind].label} {n} 条" for kind, n in counts.items())
    outcome.messages.append(f"共写入 {len(drafts)} 条记录（{kinds}），都不会公开。"
                            "请运行 python -m generator check 检查，python -m generator build --preview 预览。")


def _reference_notes(draft: Draft, unit_ids: set[str], known: Known) -> None:
    """References check will not find: noted, and named in the verdict."""
    unit, batch = draft.data.get("unit_id"), draft.data.get("batch_name")
    if unit and unit != PLACEHOLDER and unit not in unit_ids:
        draft.notes.append(f"{draft.name_of(('unit_id',))}：units.yml 里没有编号“{unit}”")
        draft.blocking.append(draft.name_of(("unit_id",)))
    if draft.kind == "brand" and batch and batch != PLACEHOLDER and batch not in known.batches:
        draft.notes.append(f"{draft.name_of(('batch_name',))}：site.yml 里没有“{batch}”")
        draft.blocking.append(draft.name_of(("batch_name",)))


def _describe(draft: Draft, target: Path, report: Report) -> list[str]:
    """What was recognised and what needs a human look, for one record."""
    data = draft.data
    lines = [f"{draft.label} → {display_path(target)}（{KINDS[draft.kind].label}，"
             f"{draft.name_of(('status',))}：{data['status']}）"]
    if draft.kind == "case":
        lines += [f"  {draft.name_of((attr,))}：{data[attr]}" for attr in ("title", "subtitle") if data.get(attr)]
        lines.append("  " + "；".join(f"{draft.name_of((attr,))}：{data[attr]}" for attr in ("publisher", "published_on")))
    lines += [f"  {s}" for s in draft.summary]
    if draft.unplaced:
        lines.append(f"  【未归类】{len(draft.unplaced)} 段，放在“未归类”字段（不公开），请整理")
    if draft.notes:
        lines += ["  需要人工查看："] + [f"    - {n}" for n in draft.notes]
    if draft.review:
        lines.append(f"  待核对 {len(draft.review)} 处：已写入记录的“待核对”（不公开），核对后删除")
    if report.errors or report.warnings:
        lines += ["  检查发现的问题："] + [f"    {p.format()}" for p in report.sorted() if p.level != "提示"]
    lines.append(_verdict(draft, report))
    return lines


def _verdict(draft: Draft, report: Report) -> str:
    """What the next `check` will say, told plainly: 通过 only when nothing is left to fill in."""
    pending = [draft.name_of(path) for path in _placeholders(draft.data)]
    blocking = [draft.name_of(path) for path in _REFERENCES if draft.data.get(path[0]) == PLACEHOLDER] + draft.blocking
    if report.errors or blocking:
        return f"  检查：不通过（{'、'.join(dict.fromkeys(blocking)) or '见上'}）；补齐之前 check 会报错"
    if pending:
        return f"  检查：格式无误，但有待补充的字段：{'、'.join(pending)}"
    return "  检查：通过" + ("，有推断待核对" if draft.review else "")


def _placeholders(value, path: tuple = ()) -> list[tuple]:
    """The attribute paths still holding a stand-in."""
    if isinstance(value, dict):
        return [found for attr, v in value.items() for found in _placeholders(v, path + (attr,))]
    if isinstance(value, list):
        return [found for n, v in enumerate(value) for found in _placeholders(v, path + (n,))]
    return [path] if value in (PLACEHOLDER, NO_HEADING) else []
