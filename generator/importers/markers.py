"""The official numbering of party-building documents: parts, items, points and lessons.

Records never hold these numbers (the page adds 一、（一）、一是、启示一), so the importer
recognises them here, and everything else strips them through this module.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CN_DIGITS = "一二三四五六七八九"
NUM = "[一二三四五六七八九十]{1,3}"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"
SENTENCE_END = "。！？!?；;"

# Heading words of the official forms and their common synonyms, by the part they open.
PART_WORDS = {
    "background": ("创建背景", "工作背景", "品牌背景", "案例背景", "项目背景", "背景情况", "基本情况",
                   "工作概况", "基本概况", "背景"),
    "practices": ("主要措施", "主要做法", "具体做法", "具体措施", "创建措施", "创建做法", "工作措施",
                  "工作做法", "主要举措", "经验做法", "特色做法", "推进措施", "做法", "措施", "举措"),
    "outcomes": ("工作成效", "取得成效", "创建成效", "主要成效", "工作成果", "创建成果", "取得成果",
                 "实际成效", "工作实效", "成效", "成果"),
    "lessons": ("工作启示", "经验启示", "几点启示", "经验体会", "工作体会", "几点体会", "心得体会", "经验与启示",
                "启示与思考", "几点经验", "经验做法与启示", "启示", "体会"),
    "connotation": ("品牌内涵", "内涵释义", "品牌释义"),
    "logo_meaning": ("标识释义", "标识含义", "标志释义", "LOGO释义", "logo释义"),
}
_BY_LENGTH = sorted(((w, k) for k, words in PART_WORDS.items() for w in words), key=lambda p: -len(p[0]))

_PART_NUMBER = re.compile(rf"^(?:(?P<cn>{NUM})[、.．，,]|第{NUM}部分[：:、.．]?|\d{{1,2}}[、.．](?!\d))\s*")
_ITEM_MARKS = {  # from the highest level down; a part's items use the first style found in it
    "lesson": re.compile(rf"^启示(?P<n>{NUM})\s*[：:、.．]?\s*"),
    "cn": re.compile(rf"^[（(](?P<n>{NUM})[）)]\s*"),
    "arabic": re.compile(r"^(?P<n>\d{1,2})[、.．](?!\d)\s*"),
    "paren": re.compile(r"^[（(](?P<n>\d{1,2})[）)]\s*"),
    "ordinal": re.compile(rf"^第(?P<n>{NUM})[，,、：:．.]\s*"),       # 第一，… 第二，…
    "half-paren": re.compile(r"^(?P<n>\d{1,2})[）)]\s*"),             # 1） 2）
}
# 一是 / （1） / ① open a point at the start of a text or right after a sentence.
_POINT = re.compile(rf"(?:^|(?<=[{SENTENCE_END}]))\s*(?:(?P<cn>{NUM})是|[（(](?P<paren>\d{{1,2}})[）)]|(?P<circled>[{CIRCLED}]))")
_ARABIC_POINT = re.compile(r"^\s*(?P<arabic>\d{1,2})[、.．](?!\d)\s*")


def cn_value(numeral: str) -> int:
    """一 → 1, 十二 → 12, 二十 → 20."""
    if "十" not in numeral:
        return CN_DIGITS.index(numeral) + 1 if len(numeral) == 1 else 0
    tens, _, ones = numeral.partition("十")
    return (CN_DIGITS.index(tens) + 1 if tens else 1) * 10 + (CN_DIGITS.index(ones) + 1 if ones else 0)


def part_key(words: str, exact: bool = False) -> str | None:
    """The part a heading names: exactly a known word, or a short numbered heading containing one."""
    words = words.strip(" 。.：:")
    for word, key in _BY_LENGTH:
        if words == word:
            return key
    if len(words) <= 12 and not exact:
        return next((key for word, key in _BY_LENGTH if word in words), None)
    return None


@dataclass
class PartHeading:
    key: str | None  # None: a numbered part the forms do not know (一、总体思路)
    words: str       # the heading as written, without its number
    rest: str        # run-in text after the heading on the same line


def part_heading(text: str, emphasised: bool = False) -> PartHeading | None:
    """一、工作背景 / 工作背景 / 二、主要做法：… / 第三部分 工作成效; an emphasised line (a top-level
    Word heading, a bold line) may say more around the word: 取得的主要成效."""
    if item_style(text):
        return None  # 启示一：… and （三）工作成效 are items, whatever their words
    number = _PART_NUMBER.match(text)
    body = text[number.end():] if number else text
    head, sep, rest = _run_in(body, "：:。")
    chinese = bool(number and (number.group("cn") or text.startswith("第")))  # 1. is usually an item
    if number and (key := part_key(head, exact=not chinese)):
        return PartHeading(key, head, rest)
    if not number and sep in ("", "：", ":") and (key := part_key(head, exact=not (emphasised and not rest))):
        return PartHeading(key, head, rest)  # 工作背景 / 工作成效：… ; never a sentence that uses the word
    if chinese and len(head) <= 20 and not re.search("[，,；]", head):
        return PartHeading(None, head, rest)
    return None


def _run_in(text: str, separators: str, limit: int = 60) -> tuple[str, str, str]:
    """Split 'heading。text' at the first separator within limit characters."""
    match = re.search(f"[{separators}]", text[: limit + 1])
    if not match:
        return text.strip(), "", ""
    return text[: match.start()].strip(), match.group(), text[match.end():].strip()


def item_style(text: str) -> str | None:
    return next((style for style, mark in _ITEM_MARKS.items() if mark.match(text)), None)


def strip_item_mark(text: str, style: str) -> str | None:
    """The text after an item mark of the given style, or None when it has none."""
    match = _ITEM_MARKS[style].match(text)
    return text[match.end():] if match else None


def split_heading(text: str, limit: int = 60) -> tuple[str | None, str]:
    """'思想政治建设取得新成效。通过实施…' → (heading, text); a long sentence has no heading."""
    dash = text.find("——")
    start = dash + 2 if 0 <= dash <= limit else 0  # a gist after —— may hold its own commas
    match = re.search("[。：:！？]", text[start: start + limit + 1])
    if match:
        cut = start + match.start()
        return text[:cut].strip(), text[cut + 1:].strip()
    if len(text) <= limit:
        return text.strip().rstrip("。"), ""
    return None, text


@dataclass
class PointMark:
    start: int
    end: int
    family: str
    value: int


def point_marks(paragraph: str, arabic: bool) -> list[PointMark]:
    """Every place a point may open; callers keep only those numbered in order."""
    marks = []
    if arabic and (found := _ARABIC_POINT.match(paragraph)):
        marks.append(PointMark(found.start(), found.end(), "arabic", int(found.group("arabic"))))
    for found in _POINT.finditer(paragraph):
        family = next(k for k in ("cn", "paren", "circled") if found.group(k))
        raw = found.group(family)
        value = cn_value(raw) if family == "cn" else int(raw) if family == "paren" else CIRCLED.index(raw) + 1
        marks.append(PointMark(found.start(), found.end(), family, value))
    return marks


def opens_structure(text: str) -> bool:
    """A line that starts a part, an item or a point: never the tail of a broken line."""
    return bool(part_heading(text) or item_style(text) or _ARABIC_POINT.match(text)
                or any(m.start == 0 for m in point_marks(text, False)))


def lead_of(point: str) -> tuple[str | None, str]:
    """'深入调研、明确目标。说明…' → ('深入调研、明确目标', '说明…'); short clauses only."""
    sentence = re.match(r"([^。！？!?\n]{1,25})([。！？!?])", point)
    if sentence and point[sentence.end():].strip():
        stop = "" if sentence.group(2) == "。" else sentence.group(2)  # the page adds 。 back
        return sentence.group(1).strip() + stop, point[sentence.end():].strip()
    clause = re.match(r"([^。！？!?，,；;\n]{1,12}[，,；;])", point)
    if clause and point[clause.end():].strip():
        return clause.group(1).strip(), point[clause.end():].strip()  # keeps its ， so nothing changes
    return None, point
