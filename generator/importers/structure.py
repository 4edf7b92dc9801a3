"""Paragraphs → the official structure: parts (一、创建背景 …), their items ((一) …——…) and
the text under each. Points (一是…) are split later, by the kind of record that holds them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from .front import Front, read_front
from .markers import item_style, part_heading, split_heading, strip_item_mark
from .paragraphs import Paragraph, join_broken, looks_like_heading

ITEMISED = ("practices", "outcomes", "lessons")  # parts made of headed items
_STYLES = ("lesson", "cn", "arabic", "paren", "ordinal", "half-paren")  # markers._ITEM_MARKS, highest first


@dataclass
class Item:
    heading: str | None          # without its number; None when the text has no heading
    paragraphs: list[Paragraph]
    index: int
    arabic_points: bool = False  # 1. 2. below (一) items are points
    guess: str | None = None     # how the heading was inferred, when the document does not say outright


@dataclass
class Part:
    key: str | None              # "lead" before the first part heading; None for a part the forms do not know
    heading: Paragraph | None
    paragraphs: list[Paragraph] = field(default_factory=list)
    words: str = ""              # the heading's words without its number: 具体做法
    intro: list[Paragraph] = field(default_factory=list)   # text before the first item
    items: list[Item] = field(default_factory=list)
    repeated: list[Paragraph] = field(default_factory=list)  # the same heading again, merged here


@dataclass
class Outline:
    front: Front
    parts: list[Part]

    def part(self, key: str) -> Part | None:
        """The part of that key; repeated parts were merged into the first."""
        return next((p for p in self.parts if p.key == key), None)

    def headings(self) -> list[str]:
        return [p.heading.text for p in self.parts if p.heading]


def outline(paragraphs: list[Paragraph]) -> Outline:
    front, body = read_front(join_broken(paragraphs))
    parts = _split_parts(body)
    for part in parts:
        if part.key in ITEMISED:
            _itemise(part)
    if not any(p.key == "practices" for p in parts):
        _practices_from_lead(parts)
    return Outline(front, parts)


def _split_parts(body: list[Paragraph]) -> list[Part]:
    parts = [Part("lead", None)]
    current = parts[0]
    for paragraph in body:
        emphasised = paragraph.bold or (paragraph.style and (paragraph.level or 1) <= 1)
        found = part_heading(paragraph.text, emphasised=bool(emphasised))
        if found is None:
            current.paragraphs.append(paragraph)
            continue
        current = next((p for p in parts if found.key and p.key == found.key), None)  # 成效 twice: one part
        if current is None:
            current = Part(found.key, paragraph, words=found.words)
            parts.append(current)
        else:
            current.repeated.append(paragraph)
        if found.rest:
            current.paragraphs.append(Paragraph(found.rest, index=paragraph.index))
    return parts


def _practices_from_lead(parts: list[Part]) -> None:
    """No 主要措施 heading, but items a reader sees before any part: they are the measures."""
    lead = parts[0]
    practices = Part("practices", None, lead.paragraphs)
    _itemise(practices)
    if len(practices.items) >= 2 and not any(i.guess == _STANDALONE for i in practices.items):
        lead.paragraphs = practices.intro
        practices.intro = []
        parts.insert(1, practices)


@dataclass(frozen=True)
class Cue:
    """One way a reader sees that a paragraph opens an item, and what its heading is."""

    name: str
    heading: Callable[["_Reading", int], tuple[str | None, str] | None]  # (heading, the text after it)
    guess: str | None  # the reason shown for review; None when the document says it outright


@dataclass
class _Reading:
    paragraphs: list[Paragraph]
    style: str | None            # the numbering style of the part's items (markers._ITEM_MARKS)
    top_numbered: int | None     # the highest Word numbering level used in the part


# Run-in topic sentences: a short opening a writer repeats at the head of consecutive paragraphs.
# (pattern, how many consecutive paragraphs must share it); the heading is the named group.
RUN_IN = (
    (re.compile(r"^(?P<head>[^，。；：！？\n]{0,10}“[^”]{2,12}”[^，。；：！？\n]{0,6})[，。：:]"), 2),  # 深挖“红色富矿”，
    (re.compile(r"^(?P<head>[^，。；：！？\n]{2,16})[：:](?=.{10,})"), 2),   # 党建引领：…
    (re.compile(r"^(?P<head>[^，。；：！？\n]{2,16})[。！](?=.{10,})"), 2),  # 一年10件实事。…
    (re.compile(r"^(?P<head>[^，。；：！？“”\n]{3,12})[，](?=.{10,})"), 3),  # 聚焦服务群众，… (weaker: three in a row)
)
# Openings that join sentences rather than name a topic: never a run-in heading.
CONNECTIVES = ("近年来", "同时", "与此同时", "此外", "另外", "其次", "首先", "最后", "目前", "今年以来", "活动中",
               "据介绍", "据了解", "会上", "会议指出", "会议强调", "一方面", "另一方面", "总之", "为此")
_STANDALONE = "单独成行的短句，当作小标题"


def _numbered(reading: _Reading, i: int):
    rest = strip_item_mark(reading.paragraphs[i].text, reading.style) if reading.style else None
    return split_heading(rest) if rest is not None else None


def _word_numbered(reading: _Reading, i: int):
    paragraph = reading.paragraphs[i]
    if paragraph.numbered is None or paragraph.numbered != reading.top_numbered:
        return None
    return split_heading(paragraph.text)


def _styled(reading: _Reading, i: int):
    paragraph = reading.paragraphs[i]
    return (_unnumbered(paragraph.text).rstrip("。"), "") if paragraph.style else None


def _bold(reading: _Reading, i: int):
    """A bold line is a heading; a bold run opening a paragraph is a run-in heading."""
    paragraph = reading.paragraphs[i]
    if paragraph.bold and len(paragraph.text) <= 60:
        return _unnumbered(paragraph.text).rstrip("。：:"), ""
    if paragraph.bold_lead and len(paragraph.bold_lead) <= 60:
        return paragraph.bold_lead.strip().rstrip("。：:"), paragraph.text[len(paragraph.bold_lead):].strip()
    return None


def _standalone(reading: _Reading, i: int):
    text = reading.paragraphs[i].text
    following = reading.paragraphs[i + 1] if i + 1 < len(reading.paragraphs) else None
    if looks_like_heading(text) and following is not None and not looks_like_heading(following.text):
        return text.rstrip("：:"), ""
    return None


def _run_in(reading: _Reading, i: int):
    texts = [p.text for p in reading.paragraphs]

    def opens(pattern, text):
        found = pattern.match(text)
        return found if found and found["head"].strip() not in CONNECTIVES else None

    for pattern, run in RUN_IN:
        if not (found := opens(pattern, texts[i])):
            continue
        start = end = i
        while start > 0 and opens(pattern, texts[start - 1]):
            start -= 1
        while end + 1 < len(texts) and opens(pattern, texts[end + 1]):
            end += 1
        if end - start + 1 >= run:
            return found["head"].strip(), texts[i][found.end():].strip()
    return None


# The cues from the most explicit down; a part's items follow the first cue any of its paragraphs shows.
CUES = (
    Cue("numbered", _numbered, None),                       # （一） 1. （1） 启示一：
    Cue("word-numbered", _word_numbered, None),             # Word's automatic numbering (not in the text)
    Cue("styled", _styled, None),                           # Word heading styles
    Cue("bold", _bold, "加粗的短行或段首加粗的文字，当作小标题"),
    Cue("run-in", _run_in, "连续几段开头句式相同，开头的短句当作小标题"),
    Cue("standalone", _standalone, _STANDALONE),
)


def _itemise(part: Part) -> None:
    style = next((s for s in _STYLES if any(item_style(p.text) == s for p in part.paragraphs)), None)
    levels = [p.numbered for p in part.paragraphs if p.numbered is not None]
    reading = _Reading(part.paragraphs, style, min(levels) if levels else None)
    found = [(cue, [cue.heading(reading, i) for i in range(len(part.paragraphs))]) for cue in CUES]
    cue, headings = next(((c, h) for c, h in found if any(h)), (None, [None] * len(part.paragraphs)))
    part.intro, part.items = [], []
    for paragraph, opened in zip(part.paragraphs, headings):
        if opened is not None:
            heading, after = opened
            rest = [Paragraph(after, index=paragraph.index)] if after else []
            part.items.append(Item(heading, rest, paragraph.index, arabic_points=style in ("cn", "lesson", None),
                                   guess=cue.guess if cue else None))
        elif part.items:
            part.items[-1].paragraphs.append(paragraph)
        else:
            part.intro.append(paragraph)


def _unnumbered(text: str) -> str:
    for style in _STYLES:
        rest = strip_item_mark(text, style)
        if rest is not None:
            return rest.strip()
    return text
