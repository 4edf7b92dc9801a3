"""Drafts → record files: the id, the YAML text in the order of the schema, the schema
check of exactly that text, and the writing. Nothing else in the importer writes records."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from ..model.fieldtypes import Context
from ..model.load import parse_yaml
from ..model.problems import Report
from ..model.schema import KINDS, dump, read_record
from ..model.slugs import numbered, slug
from .draft import Draft, review_entries
from .paragraphs import dictionary_words


def record_text(draft: Draft, today: dt.date) -> str:
    """The file: a comment saying where it came from, then the fields in the schema's order
    (schema.dump), the importer's guesses in 待核对 (internal: the workbench lists them)."""
    body = dump(draft.kind, draft.data | {"review": review_entries(draft)})
    return (f"# 由 python -m generator import 于 {today.isoformat()} 从 {draft.source.name} 导入。\n"
            f"# 状态为“{draft.data['status']}”，不会公开；请核对内容（尤其是【未归类】、“（待填写）”和“待核对”），"
            "审核通过后再修改状态。\n" + body)


def check_text(draft: Draft, text: str, target: Path, content: Path) -> Report:
    """The problems `check` would find in this very text (read back as the loader reads it)."""
    report = Report()
    parsed = parse_yaml(text, target, report)
    if parsed is not None:
        data, marks = parsed
        read_record(draft.kind, data, Context(target, marks, report, content))
    return report


def settle_ids(drafts: list[Draft], content: Path, force: bool) -> dict[int, str]:
    """Each draft's id; an existing record is replaced only with --force. Refusals by draft."""
    refused: dict[int, str] = {}
    existing: dict[str, set[str]] = {}
    planned: set[tuple[str, str]] = set()
    for number, draft in enumerate(drafts):
        folder = content / KINDS[draft.kind].folder
        taken = existing.setdefault(draft.kind, {slug(p.stem) for p in folder.glob("*.y*ml")})
        taken_now = taken | {s for kind, s in planned if kind == draft.kind}
        wanted = record_id(draft.id)
        exists = (folder / f"{wanted}.yml").exists()
        if exists and not force and (draft.kind, slug(wanted)) not in planned:
            refused[number] = f"{folder.name}/{wanted}.yml 已经存在，不会覆盖；确认要替换时加 --force"
            continue
        replacing = exists and (draft.kind, slug(wanted)) not in planned
        draft.id = wanted if replacing else numbered(wanted, taken_now, key=slug)
        planned.add((draft.kind, slug(draft.id)))
    return refused


def id_from_name(name: str) -> str:
    """A short, stable address from a brand's name or a case's title: the pinyin of its first
    words (碧水先锋 → bi-shui-xian-feng), so an address never depends on how a file was named."""
    return slug(_first_words(re.sub(r"[“”\"'《》「」]", "", name), 12)) or record_id(name)


def _first_words(text: str, limit: int) -> str:
    """The words of a text that fit in `limit` characters: 品牌 is never cut to 品."""
    if len(text) <= limit:
        return text
    kept = ""
    for word in dictionary_words(text):
        if kept and len(kept) + len(word) > limit:
            break
        kept += word
    return kept


def record_id(name: str) -> str:
    """A file name from a document's name or a brand's: Chinese kept, path characters not."""
    cleaned = re.sub(r"[\s/\\:*?\"<>|]+", "-", name).strip("-.") or "record"
    return cleaned[:60]


def target_of(draft: Draft, content: Path) -> Path:
    return content / KINDS[draft.kind].folder / f"{draft.id}.yml"

