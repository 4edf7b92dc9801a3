"""An outline → a 党建特色品牌 record in cultivation (状态: 培育), from an acceptance report.

Unplaced text goes into 内部备注 under 【未归类】: that field is internal and never published.
"""

from __future__ import annotations

import re
from pathlib import Path

from .draft import (background, NO_HEADING, PLACEHOLDER, Draft, Known, Leftovers, guess, headed, headed_paragraph,
                    item_guesses, missing, paragraphs_text, renamed_parts, split_points)
from .front import Front
from .structure import Outline, Part
from .units import unit_of

IN_CULTIVATION = "培育"
_REPORT_WORDS = re.compile("报告|材料|总结|申报|方案|汇报|经验|品牌")  # a subtitle naming the paper, not a slogan
_FIELDS = {"background": "创建背景", "practices": "主要措施", "outcomes": "工作成效",
           "lessons": "经验启示", "connotation": "品牌内涵", "logo_meaning": "标识释义"}
_OTHER_PARTS = {None: "未知部分"}


def brand_record(outline: Outline, source: Path, known: Known) -> Draft:
    draft = Draft("brand", source, source.stem, {})
    front, data = outline.front, draft.data
    leftovers = Leftovers()
    leftovers.add(front.unplaced, "标题前后")
    leftovers.add([p for part in outline.parts for p in part.repeated], "重复的部分标题")
    internal = _name_and_slogan(front, source, data, draft)
    unit = unit_of(front, known.units, draft, "党组织")
    data["党组织"] = unit or missing(draft, "党组织", PLACEHOLDER, "没有对应到 units.yml 里的党组织"
                                     "（在填写编号之前 check 会报错）")
    data["批次"] = known.newest_batch or missing(draft, "批次", PLACEHOLDER, "site.yml 里没有批次")
    data["状态"] = IN_CULTIVATION
    for key, field_name in (("connotation", "品牌内涵"), ("logo_meaning", "标识释义")):
        if (part := outline.part(key)) and paragraphs_text(part.paragraphs):
            data[field_name] = paragraphs_text(part.paragraphs)
    data["创建背景"] = background(outline, leftovers, draft, "创建背景") or missing(draft, "创建背景", PLACEHOLDER)
    data["主要措施"] = _measures(outline.part("practices"), leftovers, draft)
    data["工作成效"] = _outcomes(outline.part("outcomes"), draft)
    if lessons := _lessons(outline.part("lessons"), leftovers, draft):
        data["经验启示"] = lessons
    for part in outline.parts:
        if part.key in _OTHER_PARTS:
            leftovers.add(([part.heading] if part.heading else []) + part.paragraphs, _OTHER_PARTS[part.key])
    draft.unplaced = leftovers.texts()
    if internal:
        data["内部备注"] = "\n\n".join(internal)
    if draft.unplaced:
        data["未归类"] = "\n\n".join(draft.unplaced)
    renamed_parts(outline, _FIELDS, draft)
    draft.notes += leftovers.notes()
    draft.summary += [f"品牌名称：{data['品牌名称']}；党组织：{data['党组织']}；批次：{data['批次']}", _counts(data)]
    return draft


def _name_and_slogan(front: Front, source: Path, data: dict, draft: Draft) -> list[str]:
    """品牌名称 and 口号 from the title block; the lines for 内部备注 that keep the rest."""
    internal = []
    title = front.title or missing(draft, "品牌名称", source.stem, "文中没有找到标题（暂用文件名）")
    quoted = re.search(r"[“「]([^”」]{2,15})[”」]", title)
    data["品牌名称"] = quoted.group(1) if quoted and "品牌" in title and len(title) > 15 else title
    if front.title and data["品牌名称"] != front.title:
        internal.append(f"原文标题：{front.title}")
        guess(draft, "品牌名称", f"取自标题中的引号“{data['品牌名称']}”")
    if front.subtitle and not _REPORT_WORDS.search(front.subtitle):
        data["口号"] = front.subtitle
        guess(draft, "口号", "取自副标题")
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
        missing(draft, "主要措施", PLACEHOLDER, "没有找到这一部分")
        return [{"标题": PLACEHOLDER, "内容": PLACEHOLDER}]
    if not part.items:
        draft.notes.append("主要措施：没有分项的标题，全部放在了一项措施里，请拆分")
        return [_measure(NO_HEADING, part.intro, False, draft, 1)]
    leftovers.add(part.intro, "主要措施开头")
    item_guesses(part.items, "主要措施", draft)
    return [_measure(item.heading, item.paragraphs, item.arabic_points, draft, n)
            for n, item in enumerate(part.items, 1)]


def _measure(heading: str | None, paragraphs, arabic: bool, draft: Draft, n: int) -> dict:
    measure = {"标题": heading or missing(draft, f"主要措施第{n}项 › 标题", NO_HEADING, "没有标题")}
    intro, points = split_points(paragraphs, arabic)
    if intro:
        measure["内容"] = paragraphs_text(intro)
    if points:
        measure["要点"] = points
    if not intro and not points:
        measure["内容"] = missing(draft, f"主要措施第{n}项 › 内容", PLACEHOLDER, "只有标题")
    return measure


def _outcomes(part: Part | None, draft: Draft) -> dict:
    if part is None:
        return {"综述": missing(draft, "工作成效", PLACEHOLDER, "没有找到这一部分")}
    outcomes = {}
    if part.intro:
        outcomes["综述"] = paragraphs_text(part.intro)
    if part.items:
        item_guesses(part.items, "工作成效 › 条目", draft)
        outcomes["条目"] = [headed(item.heading, paragraphs_text(item.paragraphs), f"工作成效第{n}项", draft)
                          for n, item in enumerate(part.items, 1)]
    return outcomes or {"综述": missing(draft, "工作成效", PLACEHOLDER, "这一部分没有文字")}


def _lessons(part: Part | None, leftovers: Leftovers, draft: Draft) -> list[dict]:
    """经验启示: headed items; without items, each paragraph is one, its first short sentence the heading."""
    if part is None:
        return []
    if part.items:
        leftovers.add(part.intro, "经验启示开头")
        item_guesses(part.items, "经验启示", draft)
        return [headed(item.heading, paragraphs_text(item.paragraphs), f"经验启示第{n}项", draft)
                for n, item in enumerate(part.items, 1)]
    return [headed_paragraph(p, f"经验启示第{n}项", draft) for n, p in enumerate(part.intro, 1)]


def _counts(data: dict) -> str:
    measures = data["主要措施"]
    points = sum(len(m.get("要点", [])) for m in measures)
    outcomes = data["工作成效"]
    return (f"主要措施 {len(measures)} 项（要点 {points} 个），工作成效条目 {len(outcomes.get('条目', []))} 项"
            + ("，有综述" if outcomes.get("综述") else "") + f"，经验启示 {len(data.get('经验启示', []))} 条")
