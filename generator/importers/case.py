"""An outline → a 工作案例 record (the 六抓 format), as a draft (状态: 草稿).

Unplaced text goes into 未归类, an internal field that check warns about until someone
has moved it. Values are set by attribute; the schema writes the file's keys.
"""

from __future__ import annotations

from pathlib import Path

from ..model.records import DRAFT, Unit
from .draft import (background, NO_HEADING, PLACEHOLDER, Draft, Leftovers, guess, headed, headed_paragraph, item_guesses, missing, paragraphs_text, renamed_parts, split_points)
from .markers import lead_of
from .paragraphs import Paragraph
from .structure import Item, Outline, Part
from .units import unit_of

_ATTRS = {"background": "background", "practices": "practices", "outcomes": "outcomes", "lessons": "lessons"}
_OTHER_PARTS = {"connotation": "品牌内涵部分", "logo_meaning": "标识释义部分", None: "未知部分"}


def case_record(outline: Outline, source: Path, units: list[Unit]) -> Draft:
    draft = Draft("case", source, source.stem, {})
    leftovers = Leftovers()
    front = outline.front
    leftovers.add(front.unplaced, "标题前后")
    if front.unit_line:  # a case has no internal note: the line waits in 未归类 for a human
        leftovers.add([Paragraph(front.unit_line, index=-1)], "标题前后")
    leftovers.add([p for part in outline.parts for p in part.repeated], "重复的部分标题")
    data = draft.data
    data["title"] = front.title or missing(draft, ("title",), source.stem, "文中没有找到标题（暂用文件名）")
    if front.title and not front.title_marked:
        guess(draft, ("title",), "材料没有标明标题，取了开头的第一行短句")
    data["subtitle"] = front.subtitle
    data["publisher"] = front.publisher or missing(draft, ("publisher",), PLACEHOLDER)
    data["unit_id"] = unit_of(front, units, draft, ("unit_id",))
    data["published_on"] = _date(draft, front)
    data["status"] = DRAFT
    data["source_url"] = front.url
    background_text = background(outline, leftovers, draft)
    data["practices"] = _practices(outline.part("practices"), leftovers, draft)
    data["outcomes"] = _headed(outline.part("outcomes"), "outcomes", leftovers, draft, required=True)
    data["lessons"] = _headed(outline.part("lessons"), "lessons", leftovers, draft, required=False)
    for part in outline.parts:
        if part.key in _OTHER_PARTS:
            leftovers.add(([part.heading] if part.heading else []) + part.paragraphs, _OTHER_PARTS[part.key])
    draft.unplaced = leftovers.texts()
    data["background"] = background_text or missing(draft, ("background",), PLACEHOLDER)
    data["unplaced"] = "\n\n".join(draft.unplaced) or None
    renamed_parts(outline, _ATTRS, draft)
    draft.notes += leftovers.notes()
    draft.summary.append(_counts(draft))
    return draft


def _date(draft: Draft, front) -> str:
    """The document's date; never the import day, which would pass check as if it were true."""
    if front.date and front.date_in_text:
        guess(draft, ("published_on",), f"取自正文中的日期 {front.date}")
    if front.date:
        return front.date
    return missing(draft, ("published_on",), PLACEHOLDER, "文中没有找到日期（在填写日期之前 check 会报错）")


def _practices(part: Part | None, leftovers: Leftovers, draft: Draft) -> list[dict]:
    name = draft.name_of(("practices",))
    if part is None or not part.items:
        if part is not None:
            leftovers.add(part.intro, f"{name}（未分项）")
        draft.notes.append(f"{name}：没有识别出分项的做法，暂填“{PLACEHOLDER}”")
        draft.review.append((("practices",), f"没有识别出分项的做法，暂填“{PLACEHOLDER}”"))
        return [{"title": PLACEHOLDER, "points": [{"text": PLACEHOLDER}]}]
    leftovers.add(part.intro, f"{name}开头")
    item_guesses(part.items, ("practices",), draft)
    return [_practice(item, n, draft) for n, item in enumerate(part.items)]


def _practice(item: Item, n: int, draft: Draft) -> dict:
    title, _, gist = (item.heading or "").partition("——")
    intro, points = split_points(item.paragraphs, item.arabic_points)
    return {"title": title.strip() or missing(draft, ("practices", n, "title"), NO_HEADING, "没有标题"),
            "gist": gist.strip().rstrip("。") or None,
            "text": paragraphs_text(intro) or None,
            "points": [_point(text) for text in points]}


def _point(text: str) -> dict:
    lead, rest = lead_of(text)
    return {"lead": lead, "text": rest}


def _headed(part: Part | None, attr: str, leftovers: Leftovers, draft: Draft, required: bool) -> list[dict]:
    """工作成效 / 工作启示: headed items; paragraphs without items become items of their own."""
    if part is not None and part.items:
        leftovers.add(part.intro, f"{draft.name_of((attr,))}开头")
        item_guesses(part.items, (attr,), draft)
        return [headed(item.heading, paragraphs_text(item.paragraphs), (attr, n), draft)
                for n, item in enumerate(part.items)]
    if part is not None and part.intro:
        return [headed_paragraph(p, (attr, n), draft) for n, p in enumerate(part.intro)]
    if required:
        missing(draft, (attr,), PLACEHOLDER, "没有找到这一部分")
        return [{"title": PLACEHOLDER, "text": PLACEHOLDER}]
    return []


def _counts(draft: Draft) -> str:
    data, label = draft.data, draft.name_of
    points = sum(len(p["points"]) for p in data["practices"])
    return (f"{label(('practices',))} {len(data['practices'])} 项（要点 {points} 个），"
            f"{label(('outcomes',))} {len(data['outcomes'])} 项，{label(('lessons',))} {len(data['lessons'])} 条")
