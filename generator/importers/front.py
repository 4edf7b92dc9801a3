"""The title block and the end matter of a document: title, subtitle, publishing body,
date and web address. Whatever they hold that is not one of these stays in the document."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model.dates import DATES, find_dates
from .markers import opens_structure
from .paragraphs import Paragraph, has_han

URL = re.compile(r"https?://[^\s<>\"'（）()，。]+|www\.[^\s<>\"'（）()，。]+")
_TIME = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?")
_SOURCE = re.compile(r"(?:信息来源|来源|发布单位|发布机构)[：:]\s*([^\s　|｜]+)")
_LABELS = re.compile("发布时间|发布日期|更新时间|日期|时间")
_CHROME = re.compile(r"您所在的位置|您现在的位置|当前位置|首页\s*[>＞»]|[>＞»]\s*正文|打印本页|关闭窗口|字号[：:]|分享到")
_ORG_END = re.compile("(?:委员会|党委|党组|工委|组织部|宣传部|支部|总支|办公室|局|厅|中心|研究室|联合会|联社|"
                      "公司|学校|医院|政府|法院|检察院)$")
_CREDIT = re.compile("^(?:供稿单位|供稿|来源|作者|单位)[：:]")
# Lines naming the party organisation a report is about; the unit is matched to units.yml from here.
UNIT_LINE = re.compile("^(?:申报单位|报送单位|创建单位|党组织|党组织名称|所在党组织|申报党组织)[：:]\\s*(?P<name>.+)$")
# Front matter of Markdown-ish files: `---` fences and `key: value` lines; a title key names the paper.
_FENCE = re.compile(r"^[-=*_~#]{3,}$")
_KEY_LINE = re.compile(r"^[\w\u4e00-\u9fff -]{1,20}[：:]")
_TITLE_KEY = re.compile(r"^(?:title|标题|品牌名称|名称)\s*[：:]\s*(?P<title>.+)$", re.I)


@dataclass
class Front:
    title: str | None = None
    title_marked: bool = False          # the document marks it a title (Word's title or heading style,
                                        # bold, a front-matter key); else the first short line is taken
    subtitle: str | None = None
    publisher: str | None = None
    date: str | None = None             # as a record writes it: 2018-12-07 or 2018年12月7日
    date_in_text: bool = False          # taken from the body (a news dateline), not a date line
    url: str | None = None
    unit: str | None = None             # as written on a 申报单位： line
    unit_line: str | None = None        # that whole line, kept in the record's internal note
    unplaced: list[Paragraph] = field(default_factory=list)  # web-page leftovers, repeated lines


def read_front(paragraphs: list[Paragraph]) -> tuple[Front, list[Paragraph]]:
    """The title block at the top and the signature at the end; the body in between."""
    front, body = Front(), list(paragraphs)
    last = ""
    while body and (taken := _take_top(front, body[0], last)):
        last = taken
        body.pop(0)
    while body and _take_end(front, body[-1]):
        body.pop()
    if front.unit is None:
        labelled = next((p for p in body if UNIT_LINE.match(p.text)), None)
        if labelled is not None:  # a 申报单位： line between the parts
            _take_unit(front, labelled.text)
            body.remove(labelled)
    if front.date is None:
        front.date = next((d for p in body[:3] if (d := find_date(p.text))), None)
        front.date_in_text = front.date is not None
    return front, body


def _take_top(front: Front, paragraph: Paragraph, last: str) -> str:
    """What the paragraph was taken as ('' when the body starts here)."""
    text = paragraph.text
    inside = last in ("fence", "front matter")
    if _FENCE.match(text):
        return "end of front matter" if inside else "fence"
    if inside and _KEY_LINE.match(text):  # key: value lines between the fences
        if (found := _TITLE_KEY.match(text)) and has_han(found["title"]) and not front.title:
            front.title, front.title_marked = found["title"].strip().strip("\"'"), True
        else:
            front.unplaced.append(paragraph)
        return "front matter"
    if UNIT_LINE.match(text) and front.unit is None:
        _take_unit(front, text)
        return "unit"
    if opens_structure(text):
        return ""
    if _CHROME.search(text) or (front.title and text == front.title):
        front.unplaced.append(paragraph)
        return "unplaced"
    if _take_metadata(front, text):
        return "metadata"
    if is_org(text) and paragraph.style not in ("title", "subtitle") and not front.publisher:
        front.publisher = text  # 某局机关党委 above or below the title
        return "publisher"
    if not front.subtitle and front.title and (paragraph.style == "subtitle" or text.startswith("—")
                                               or (last == "title" and _title_like(paragraph))):
        front.subtitle = text.lstrip("—－- ").strip()
        return "subtitle"
    if front.title is None and _title_like(paragraph):
        front.title, front.title_marked = text, bool(paragraph.style in ("title", "heading") or paragraph.bold)
        return "title"
    return ""


def _take_unit(front: Front, text: str) -> None:
    front.unit, front.unit_line = UNIT_LINE.match(text)["name"].strip(), text


def _title_like(paragraph: Paragraph) -> bool:
    """A title holds words: never a line of dashes or digits (a `---` fence is no name)."""
    text = paragraph.text
    if not has_han(text):
        return False
    if paragraph.style in ("title", "subtitle", "heading") or paragraph.bold:
        return len(text) <= 80
    return len(text) <= 50 and not re.search("[。；]", text) and text[-1] not in "：:，,"


def _take_metadata(front: Front, text: str) -> bool:
    """A line holding only a date, a time, a web address and a 来源: a web page's dateline."""
    date, url, source = find_date(text), URL.search(text), _SOURCE.search(text)
    if not (date or url or source):
        return False
    rest = URL.sub("", _TIME.sub("", DATES.sub("", text)))
    rest = _LABELS.sub("", _SOURCE.sub("", rest))
    if re.sub(r"[\s()（）\[\]【】|｜:：/,，、.\-]", "", rest):
        return False
    front.date = front.date or date
    front.url = front.url or (url.group() if url and url.group().startswith("http") else None)
    front.publisher = front.publisher or (source.group(1) if source else None)
    return True


def _take_end(front: Front, paragraph: Paragraph) -> bool:
    """（省直机关工委组织部、水利厅直属机关党委）, a signature or a date under the text."""
    text = paragraph.text
    if UNIT_LINE.match(text) and front.unit is None:
        _take_unit(front, text)
        return True
    inner = re.fullmatch(r"[（(](.+)[）)]", text)
    name = _CREDIT.sub("", inner.group(1) if inner else text).strip()
    if is_org(name) and (inner or len(text) <= 40):
        if front.publisher:
            front.unplaced.insert(0, paragraph)  # a second signature: kept, for a human to look at
        else:
            front.publisher = name
        return True
    date = find_date(text)
    if date and len(text) <= 20 and not re.sub(r"[\d年月日\s\-/.]", "", text):
        if front.date:
            front.unplaced.insert(0, paragraph)
        else:
            front.date = date
        return True
    return False


def is_org(text: str) -> bool:
    """中共某县水利局机关支部委员会 / 省直机关工委组织部、水利厅直属机关党委."""
    if not text or len(text) > 60 or re.search("[。！？“”《》：:]", text) or not has_han(text):
        return False
    parts = [p for p in re.split("[、，,和与及 　]", text) if p.strip()]
    return bool(parts) and all(_ORG_END.search(p.strip()) for p in parts)


def find_date(text: str) -> str | None:
    """The first date in a text, written as a record accepts it (nothing is lost)."""
    found = next(find_dates(text), None)
    if found is None:
        return None
    match, day = found
    written_in_chinese = "年" in match.group() and match.group()[0].isdigit()
    return f"{day.year}年{day.month}月{day.day}日" if written_in_chinese else day.isoformat()
