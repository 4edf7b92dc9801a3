"""An outline → a 党建特色品牌 record in cultivation (状态: 培育), from an acceptance report.

Unplaced text goes into 内部备注 under 【未归类】: that field is internal and never published.
Values are set by attribute; the schema writes the file's keys.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..model.records import IN_CULTIVATION
from .draft import (background, NO_HEADING, PLACEHOLDER, Draft, Known, Leftovers, guess, headed, headed_paragraph, item_guesses, missing, paragraphs_text, renamed_parts, split_points)
from .front import Front
from .structure import Outline, Part
from .units import unit_of

_REPORT_WORDS = re.compile("报告|材料|总结|申报|方案|汇报|经验|品牌")  # a subtitle naming the paper, not a slogan
_ATTRS = {"background": "background", "practices": "measures", "outcomes": "outcomes",
          "lessons": "lessons", "connotation": "connotation", "logo_meaning": "logo_meaning"}
_OTHER_PARTS = {None: "未知部分"}


def brand_record(outline: Outline, source: Path, known: Known) -> Draft:
    draft = Draft("brand", source, source.stem, {})
    front, data = outline.front, draft.data
    leftovers = Leftovers()
    leftovers.add(front.unplaced, "标题前后")
    leftovers.add([p for part in outline.parts for p in part.repeated], "重复的部分标题")
    internal = _name_and_slogan(front, source, data, draft)
    data["unit_id"] = unit_of(front, known.units, draft, ("unit_id",)) or missing(
        draft, ("unit_id",), PLACEHOLDER, "没有对应到 units.yml 里的党组织（在填写编号之前 check 会报错）")
    data["batch_name"] = known.newest_batch or missing(draft, ("batch_name",), PLACEHOLDER, "site.yml 里没有批次")
    data["status"] = IN_CULTIVATION
    for key in ("connotation", "logo_meaning"):
        if (part := outline.part(key)) and paragraphs_text(part.paragraphs):
            data[key] = paragraphs_text(part.paragraphs)
    data["background"] = background(outline, leftovers, draft) or missing(draft, ("background",), PLACEHOLDER)
    data["measures"] = _measures(outline.part("practices"), leftovers, draft)
    data["outcomes"] = _outcomes(outline.part("outcomes"), draft)
    data["lessons"] = _lessons(outline.part("lessons"), leftovers, draft)
    for part in outline.parts:
        if part.key in _OTHER_PARTS:
            leftovers.add(([part.heading] if part.heading else []) + part.paragraphs, _OTHER_PARTS[part.key])
    draft.unplaced = leftovers.texts()
    data["internal_note"] = "\n\n".join(internal) or None
    data["unplaced"] = "\n\n".join(draft.unplaced) or None
    renamed_parts(outline, _ATTRS, draft)
    draft.notes += leftovers.notes()
    draft.summary += ["；".join(f"{draft.name_of((attr,))}：{data[attr]}" for attr in ("name", "unit_id", "batch_name")),
                      _counts(draft)]
    return draft


def _name_and_slogan(front: Front, source: Path, data: dict, draft: Draft) -> list[str]:
    """品牌名称 and 口号 from the title block; the lines for 内部备注 that keep the rest."""
    internal = []
    title = front.title or missing(draft, ("name",), source.stem, "文中没有找到标题（暂用文件名）")
    quoted = re.search(r"[“「]([^”」]{2,15})[”」]", title)
    data["name"] = quoted.group(1) if quoted and "品牌" in title and len(title) > 15 else title
    if front.title and data["name"] != front.title:
        internal.append(f"原文标题：{front.title}")
        guess(draft, ("name",), f"取自标题中的引号“{data['name']}”")
    elif front.title and not front.title_marked:
        guess(draft, ("name",), "材料没有标明标题，取了开头的第一行短句")
    if front.subtitle and not _REPORT_WORDS.search(front.subtitle):
        data["slogan"] = front.subtitle
        guess(draft, ("slogan",), "取自副标题")
    elif front.subtitle:
        internal.append(f"原文副标题：{front.subtitle}")
    if front.unit_line:
        internal.append(front.unit_line)
    for label, value in (("材料署名", front.publisher), ("材料日期", front.date), ("原文网址", front.url)):
        if value:
            internal.append(f"{label}：{value}")
    return internal


def _measures(part: Part | None, leftovers: Leftovers, draft: Draft) -> list[dict]:
    if part is None or (not part.items and not part.intro):
        missing(draft, ("measures",), PLACEHOLDER, "没有找到这一部分")
        return [{"title": PLACEHOLDER, "text": PLACEHOLDER}]
    if not part.items:
        draft.notes.append(f"{draft.name_of(('measures',))}：没有分项的标题，全部放在了一项措施里，请拆分")
        return [_measure(NO_HEADING, part.intro, False, draft, 0)]
    leftovers.add(part.intro, f"{draft.name_of(('measures',))}开头")
    item_guesses(part.items, ("measures",), draft)
    return [_measure(item.heading, item.paragraphs, item.arabic_points, draft, n)
            for n, item in enumerate(part.items)]


def _measure(heading: str | None, paragraphs, arabic: bool, draft: Draft, n: int) -> dict:
    measure = {"title": heading or missing(draft, ("measures", n, "title"), NO_HEADING, "没有标题")}
    intro, points = split_points(paragraphs, arabic)
    measure["text"] = paragraphs_text(intro) or None
    measure["points"] = points
    if not intro and not points:
        measure["text"] = missing(draft, ("measures", n, "text"), PLACEHOLDER, "只有标题")
    return measure


def _outcomes(part: Part | None, draft: Draft) -> dict:
    if part is None:
        return {"summary": missing(draft, ("outcomes",), PLACEHOLDER, "没有找到这一部分")}
    item_guesses(part.items, ("outcomes", "items"), draft)
    outcomes = {"summary": paragraphs_text(part.intro) or None,
                "items": [headed(item.heading, paragraphs_text(item.paragraphs), ("outcomes", "items", n), draft)
                          for n, item in enumerate(part.items)]}
    if outcomes["summary"] or outcomes["items"]:
        return outcomes
    return {"summary": missing(draft, ("outcomes",), PLACEHOLDER, "这一部分没有文字")}


def _lessons(part: Part | None, leftovers: Leftovers, draft: Draft) -> list[dict]:
    """经验启示: headed items; without items, each paragraph is one, its first short sentence the heading."""
    if part is None:
        return []
    if part.items:
        leftovers.add(part.intro, f"{draft.name_of(('lessons',))}开头")
        item_guesses(part.items, ("lessons",), draft)
        return [headed(item.heading, paragraphs_text(item.paragraphs), ("lessons", n), draft)
                for n, item in enumerate(part.items)]
    return [headed_paragraph(p, ("lessons", n), draft) for n, p in enumerate(part.intro)]


def _counts(draft: Draft) -> str:
    data, label = draft.data, draft.name_of
    points = sum(len(m.get("points", [])) for m in data["measures"])
    outcomes = data["outcomes"]
    return (f"{label(('measures',))} {len(data['measures'])} 项（要点 {points} 个），"
            f"{label(('outcomes', 'items'))} {len(outcomes.get('items') or [])} 项"
            + ("，有综述" if outcomes.get("summary") else "") + f"，{label(('lessons',))} {len(data['lessons'])} 条")
