"""An outline → a 工作案例 record (the 六抓 format), as a draft (状态: 草稿).

Unplaced text goes into 未归类, an internal field that check warns about until someone
has moved it.
"""

from __future__ import annotations

from pathlib import Path

from .draft import (background, NO_HEADING, PLACEHOLDER, Draft, Leftovers, guess, headed, headed_paragraph,
                    item_guesses, missing, paragraphs_text, renamed_parts, split_points)
from .markers import lead_of
from .paragraphs import Paragraph
from .units import unit_of
from .structure import Item, Outline, Part

DRAFT = "草稿"
_FIELDS = {"background": "工作背景", "practices": "主要做法", "outcomes": "工作成效", "lessons": "工作启示"}
_OTHER_PARTS = {"connotation": "品牌内涵部分", "logo_meaning": "标识释义部分", None: "未知部分"}


def case_record(outline: Outline, source: Path, units: list[dict]) -> Draft:
    draft = Draft("case", source, source.stem, {})
    leftovers = Leftovers()
    front = outline.front
    leftovers.add(front.unplaced, "标题前后")
    if front.unit_line:  # a case has no internal note: the line waits in 未归类 for a human
        leftovers.add([Paragraph(front.unit_line, index=-1)], "标题前后")
    leftovers.add([p for part in outline.parts for p in part.repeated], "重复的部分标题")
    data = draft.data
    data["标题"] = front.title or missing(draft, "标题", source.stem, "文中没有找到标题（暂用文件名）")
    if front.subtitle:
        data["副标题"] = front.subtitle
    data["发布单位"] = front.publisher or missing(draft, "发布单位", PLACEHOLDER)
    unit = unit_of(front, units, draft, "党组织")
    if unit:
        data["党组织"] = unit
    data["发布日期"] = _date(draft, front)
    data["状态"] = DRAFT
    if front.url:
        data["来源"] = front.url
    background_text = background(outline, leftovers, draft, "工作背景")
    data["主要做法"] = _practices(outline.part("practices"), leftovers, draft)
    data["工作成效"] = _headed(outline.part("outcomes"), "工作成效", leftovers, draft, required=True)
    lessons = _headed(outline.part("lessons"), "工作启示", leftovers, draft, required=False)
    if lessons:
        data["工作启示"] = lessons
    for part in outline.parts:
        if part.key in _OTHER_PARTS:
            leftovers.add(([part.heading] if part.heading else []) + part.paragraphs, _OTHER_PARTS[part.key])
    draft.unplaced = leftovers.texts()
    data["工作背景"] = background_text or missing(draft, "工作背景", PLACEHOLDER)
    if draft.unplaced:
        data["未归类"] = "\n\n".join(draft.unplaced)
    renamed_parts(outline, _FIELDS, draft)
    draft.notes += leftovers.notes()
    draft.summary.append(_counts(data))
    return draft


def _date(draft: Draft, front) -> str:
    """The document's date; never the import day, which would pass check as if it were true."""
    if front.date and front.date_in_text:
        guess(draft, "发布日期", f"取自正文中的日期 {front.date}")
    if front.date:
        return front.date
    return missing(draft, "发布日期", PLACEHOLDER, "文中没有找到日期（在填写日期之前 check 会报错）")


def _practices(part: Part | None, leftovers: Leftovers, draft: Draft) -> list[dict]:
    if part is None or not part.items:
        if part is not None:
            leftovers.add(part.intro, "主要做法（未分项）")
        draft.notes.append(f"主要做法：没有识别出分项的做法，暂填“{PLACEHOLDER}”")
        return [{"标题": PLACEHOLDER, "要点": [{"内容": PLACEHOLDER}]}]
    leftovers.add(part.intro, "主要做法开头")
    item_guesses(part.items, "主要做法", draft)
    return [_practice(item, n, leftovers, draft) for n, item in enumerate(part.items, 1)]


def _practice(item: Item, n: int, leftovers: Leftovers, draft: Draft) -> dict:
    title, _, gist = (item.heading or "").partition("——")
    practice = {"标题": title.strip() or missing(draft, f"主要做法第{n}项 › 标题", NO_HEADING, "没有标题")}
    if gist.strip():
        practice["要旨"] = gist.strip().rstrip("。")
    intro, points = split_points(item.paragraphs, item.arabic_points)
    if intro:
        practice["内容"] = paragraphs_text(intro)
    if points:
        practice["要点"] = [_point(text) for text in points]
    return practice


def _point(text: str) -> dict:
    lead, rest = lead_of(text)
    return {"引语": lead, "内容": rest} if lead else {"内容": rest}


def _headed(part: Part | None, name: str, leftovers: Leftovers, draft: Draft, required: bool) -> list[dict]:
    """工作成效 / 工作启示: headed items; paragraphs without items become items of their own."""
    if part is not None and part.items:
        leftovers.add(part.intro, f"{name}开头")
        item_guesses(part.items, name, draft)
        return [headed(item.heading, paragraphs_text(item.paragraphs), f"{name}第{n}项", draft)
                for n, item in enumerate(part.items, 1)]
    if part is not None and part.intro:
        return [headed_paragraph(p, f"{name}第{n}项", draft) for n, p in enumerate(part.intro, 1)]
    if required:
        missing(draft, name, PLACEHOLDER, "没有找到这一部分")
        return [{"标题": PLACEHOLDER, "内容": PLACEHOLDER}]
    return []


def _counts(data: dict) -> str:
    practices = data["主要做法"]
    points = sum(len(p.get("要点", [])) for p in practices)
    return (f"主要做法 {len(practices)} 项（要点 {points} 个），工作成效 {len(data['工作成效'])} 项，"
            f"工作启示 {len(data.get('工作启示', []))} 条")
