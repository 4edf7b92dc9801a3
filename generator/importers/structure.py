"""Paragraphs → the official structure: parts (一、创建背景 …), their items ((一) …——…) and
the text under each. Points (一是…) are split later, by the kind of record that holds them."""

from __future__ import annotations

from dataclasses import dataclass, field

from .front import Front, read_front
from .markers import item_style, part_heading, split_heading, strip_item_mark
from .paragraphs import Paragraph, join_broken, looks_like_heading

ITEMISED = ("practices", "outcomes", "lessons")  # parts made of headed items
_STYLES = ("lesson", "cn", "arabic", "paren")


@dataclass
class Item:
    heading: str | None          # without its number; None when the text has no heading
    paragraphs: list[Paragraph]
    index: int
    arabic_points: bool = False  # 1. 2. below (一) items are points


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
        found = part_heading(paragraph.text)
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
    """No 主要措施 heading but numbered items before any part: they are the measures."""
    lead = parts[0]
    if not any(item_style(p.text) in ("cn", "arabic") for p in lead.paragraphs):
        return
    practices = Part("practices", None, lead.paragraphs)
    _itemise(practices)
    if practices.items:
        lead.paragraphs = practices.intro
        practices.intro = []
        parts.insert(1, practices)


def _itemise(part: Part) -> None:
    style = next((s for s in _STYLES if any(item_style(p.text) == s for p in part.paragraphs)), None)
    worded = any(p.style or p.bold for p in part.paragraphs)
    part.intro, part.items = [], []
    for i, paragraph in enumerate(part.paragraphs):
        following = part.paragraphs[i + 1] if i + 1 < len(part.paragraphs) else None
        item = _item_start(paragraph, style, worded, following)
        if item is not None:
            item.arabic_points = style in ("cn", "lesson", None)
            part.items.append(item)
        elif part.items:
            part.items[-1].paragraphs.append(paragraph)
        else:
            part.intro.append(paragraph)


def _item_start(paragraph: Paragraph, style: str | None, worded: bool, following: Paragraph | None) -> Item | None:
    """An item heading: numbered, a Word heading or bold line, a bold run-in, or a short line."""
    text, index = paragraph.text, paragraph.index
    if paragraph.style or paragraph.bold:
        return Item(_unnumbered(text).rstrip("。"), [], index)
    if style and (rest := strip_item_mark(text, style)) is not None:
        heading, after = split_heading(rest)
        return Item(heading, [Paragraph(after, index=index)] if after else [], index)
    if style or worded:
        return None
    if paragraph.bold_lead and len(paragraph.bold_lead) <= 60:
        after = text[len(paragraph.bold_lead):].strip()
        return Item(paragraph.bold_lead.strip().rstrip("。：:"), [Paragraph(after, index=index)] if after else [], index)
    if looks_like_heading(text) and following is not None and not looks_like_heading(following.text):
        return Item(text.rstrip("：:"), [], index)  # a heading without a number
    return None


def _unnumbered(text: str) -> str:
    for style in _STYLES:
        rest = strip_item_mark(text, style)
        if rest is not None:
            return rest.strip()
    return text
