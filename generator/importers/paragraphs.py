"""A document as the importer sees it: paragraphs of clean text, with broken lines joined.

Readers (text.py, docx.py) produce paragraphs; everything after them works on this list.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, replace

from ..model.plaintext import CJK, CONTROL, HAN, INVISIBLE, join_lines
from .markers import opens_structure


@dataclass
class Paragraph:
    text: str
    style: str = ""      # Word's "title", "subtitle" or "heading"; "" for body text
    bold: bool = False   # the whole line is bold: how many Word users make headings
    bold_lead: str = ""  # a bold run opening the paragraph: a run-in heading
    index: int = 0       # its place in the document, so unplaced text keeps its order
    block: int = 0       # lines of one block may be one broken paragraph: a Word paragraph, or
                         # the lines of a text file between blank lines; blocks are never joined
    gap: bool = False    # a blank line above it in a text file: only a long line cut mid-sentence crosses it
    level: int | None = None     # Word's outline level (标题 1 → 1), None for body text
    numbered: int | None = None  # Word's automatic numbering list level (0 = top), not in the text


class ImportFailure(Exception):
    """A file that cannot be imported; the message is for the user."""


# Line breaks in disguise (Word's vertical tab, Unicode separators) and characters nobody typed.
_BREAKS = {0x0B: "\n", 0x0C: "\n", 0x0D: "\n", 0x2028: "\n", 0x2029: "\n", 0x85: "\n", 0x09: " ", 0xA0: " "}
_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
_TERMINAL = "。！？!?；;：:…”’」』）)】"


def clean_lines(text: str) -> list[str]:
    """The non-blank lines of a text, stripped, with Chinese punctuation made full-width."""
    text = INVISIBLE.sub("", CONTROL.sub("", text.replace("\r\n", "\n").translate(_BREAKS)))
    text = unicodedata.normalize("NFC", text)
    return [fullwidth(line.strip()) for line in text.split("\n") if line.strip()]


def fullwidth(line: str) -> str:
    """Half-width punctuation next to Chinese becomes full-width, as the site prints it."""
    line = re.sub(r"\(([^()]*)\)", lambda m: f"（{m[1]}）" if HAN.search(m[1]) else m[0], line)
    line = re.sub(r'"([^"\n]*)"', lambda m: f"“{m[1]}”" if HAN.search(m[1]) else m[0], line)
    chars = list(line)
    for i, char in enumerate(chars):
        if char not in _FULL:
            continue
        before, after = line[i - 1: i] if i else "", line[i + 1: i + 2]
        if char == ":" and after == "/":
            continue  # http://
        if CJK.match(before) or CJK.match(after):
            chars[i] = _FULL[char]
    return "".join(chars)


def has_han(text: str) -> bool:
    return bool(HAN.search(text))


def join_broken(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """Join hard line breaks inside a sentence (PDF copies, hard-wrapped text); number the rest."""
    joined: list[Paragraph] = []
    for paragraph in paragraphs:
        if joined and _continues(joined[-1], paragraph):
            joined[-1] = replace(joined[-1], text=join_lines([joined[-1].text, paragraph.text]))
        else:
            joined.append(paragraph)
    return [replace(p, index=i) for i, p in enumerate(joined)]


def _continues(first: Paragraph, second: Paragraph) -> bool:
    if first.block != second.block and not (second.gap and _cut_mid_sentence(first.text, second.text)):
        return False  # a Word paragraph, or a blank line in a text file, ends a paragraph
    if first.style or second.style or first.bold or second.bold or second.bold_lead:
        return False  # Word told us where paragraphs and headings are
    if not (first.text and second.text) or first.text[-1] in _TERMINAL or not _is_prose(first.text):
        return False
    return not (opens_structure(second.text) or looks_like_heading(second.text))


def _cut_mid_sentence(first: str, second: str) -> bool:
    """Prose cut in the middle of a word (工 | 作机制): a PDF copy with blank lines between lines.
    A paragraph that merely lacks its final 。 (…停留在文件上 | 局党支部…) is not joined."""
    return bool(HAN.match(first[-1:])) and bool(HAN.match(second[:1])) and _is_prose(first) \
        and splits_word(first[-6:], second[:6])


def splits_word(before: str, after: str) -> bool:
    """Whether a dictionary word spans the join of the two texts."""
    position = 0
    for word in dictionary_words(before + after):
        if position < len(before) < position + len(word):
            return True
        position += len(word)
    return False


@functools.lru_cache(maxsize=1)
def _tokenizer():
    """jieba's own dictionary, in a tokenizer of our own: words other code adds to jieba (a site's
    search words) must not change how a document is read or what address a record gets."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba.Tokenizer()


def dictionary_words(text: str) -> list[str]:
    """The words of a text by the dictionary alone (no guessing of new words)."""
    return _tokenizer().lcut(text, HMM=False)


def _is_prose(text: str) -> bool:
    return bool(re.search("[。；！？]", text)) or len(text) >= 40 or ("，" in text and len(text) >= 20)


def looks_like_heading(text: str) -> bool:
    """A short line that does not end a sentence: a heading, a title, a name."""
    return 0 < len(text) <= 30 and text[-1] not in "。！？!?；;，,、"
