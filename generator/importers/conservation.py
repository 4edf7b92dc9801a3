"""Nothing may be lost: the Chinese characters of a document's body, counted against the
record written from it, so that a misread document is reported rather than silently cut."""

from __future__ import annotations

import re
from collections import Counter

from .markers import NUM
from .paragraphs import Paragraph
from .structure import Outline

# What the record rebuilds by itself: numbering (the page adds it back) and part headings.
_NUMBERING = re.compile(rf"[（(]{NUM}[）)]|(?:^|(?<=[。；;！？!?]))\s*{NUM}是|启示{NUM}|^\s*{NUM}[、.．，,]|^第{NUM}部分|^第{NUM}[，,、：:．.]", re.M)
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def han(text: str) -> Counter:
    return Counter(_HAN.findall(text))


def lost_characters(paragraphs: list[Paragraph], outline: Outline, written: str) -> str:
    """The characters of the document that the written record does not hold, in order."""
    expected = han(_NUMBERING.sub("", "\n".join(p.text for p in paragraphs)))
    for part in outline.parts:
        if part.key and part.heading:
            expected -= han(part.words)  # the heading became the field's name
    missing = expected - han(written)
    found = [c for p in paragraphs for c in _HAN.findall(p.text)]
    shown = []
    for char in found:
        if missing[char] > 0:
            shown.append(char)
            missing[char] -= 1
    return "".join(shown)


def lost_note(lost: str) -> str | None:
    if not lost:
        return None
    sample = lost if len(lost) <= 40 else lost[:40] + "…"
    return f"原文中有 {len(lost)} 个字没有出现在记录里（{sample}），请对照原文检查"
