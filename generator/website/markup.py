"""Plain text typed by users → Markdown that shows it literally, and the official
Chinese forms of numbers and dates.

Every ASCII punctuation character is backslash-escaped (the `pymdownx.escapeall`
extension makes any escape valid) and `& < >` become entities, so `<script>`, `**`,
`#`, `|`, `[x](javascript:…)` and `{{ }}` reach the page as the characters typed.
"""

from __future__ import annotations

import datetime as dt
import html
import re

from markupsafe import Markup

from ..model.plaintext import join_lines

_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_PUNCTUATION = set("!\"#$%'()*+,-./:;=?@[\\]^_`{|}~")
_DIGITS = "零一二三四五六七八九"


class Markdown(Markup):
    """Text that is already Markdown and must not be escaped again.

    A Markup, so that Jinja's autoescaping passes it (and macro output) through.
    """

    # Made from text only (never bytes): str's own constructor, not Markup's slower one.
    __new__ = str.__new__


_ESCAPES = str.maketrans({**{c: "\\" + c for c in _PUNCTUATION}, **_ENTITIES, "\t": " ", "\n": " ", "\r": " "})
# What translate would change: most Chinese text has none, and looking is cheaper than translating.
_ESCAPED = re.compile("[" + re.escape("".join(sorted(_PUNCTUATION)) + "".join(_ENTITIES)) + "\t\n\r]")


def inline(text: object) -> Markdown:
    """One line of plain text as Markdown."""
    if isinstance(text, Markup):
        return Markdown(text)
    text = str(text)
    return Markdown(text.translate(_ESCAPES) if _ESCAPED.search(text) else text)


_BLANK_LINE = re.compile(r"\n\s*\n")
_STOPPED = re.compile(r"[。！？；：，.!?;:,]$")


def split_paragraphs(text: str) -> list[str]:
    """A blank line starts a new paragraph."""
    blocks = _BLANK_LINE.split(text.strip())
    return [p for p in (join_lines(block.split("\n")) for block in blocks) if p]


def paragraphs(text: str | None) -> Markdown:
    """Multi-paragraph plain text as Markdown paragraphs."""
    return Markdown("\n\n".join(inline(p) for p in split_paragraphs(text or "")))


def html_text(text: object) -> str:
    """Text for places the theme prints without escaping (front matter, site name)."""
    return html.escape(" ".join(str(text).split()), quote=True)


def cn_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (as in 一、（一）、一是、启示一)."""
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    if n < 100:
        return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")
    return str(n)


def cn_date(day: dt.date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def with_stop(text: str) -> str:
    """A lead phrase printed in bold before its text ends with a full stop."""
    return text if _STOPPED.search(text) else text + "。"


def first_sentence(text: str | None, limit: int = 120) -> str | None:
    """The opening sentence of a text, for descriptions and feeds."""
    found = split_paragraphs(text or "")
    if not found:
        return None
    sentence = re.split(r"(?<=[。！？!?])", found[0], maxsplit=1)[0]
    return sentence if len(sentence) <= limit else sentence[: limit - 1] + "…"
