"""What a handout prints of a brand: its report abridged so that a visitor still reads every
measure's headline and the gist of every point, or the brand's own 观摩摘要 instead."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import records as r
from ..website.markup import split_paragraphs

GIST_LIMIT = 60        # a point's gist: whole clauses up to about two printed lines
OPENING_LIMIT = 150    # 创建背景 and 工作成效 综述: whole sentences up to about five lines
_SENTENCE = re.compile(r"[^。！？!?；;]*[。！？!?；;]?")
_CLAUSE = re.compile(r"[^，,、：:]*[，,、：:]?")
ELLIPSIS = "……"


@dataclass
class MeasureDigest:
    title: str
    gists: list[str]  # the first sentence (its lead phrase at least) of every paragraph and point


@dataclass
class Digest:
    own: list[str] = field(default_factory=list)  # the 观摩摘要 paragraphs; when given, nothing else is printed
    background: str | None = None
    measures: list[MeasureDigest] = field(default_factory=list)
    outcome_summary: str | None = None
    outcome_titles: list[str] = field(default_factory=list)
    lesson_titles: list[str] = field(default_factory=list)


def digest(brand: r.Brand) -> Digest:
    if brand.visit_summary and brand.visit_summary.strip():
        return Digest(own=split_paragraphs(brand.visit_summary))
    return Digest(
        background=_opening(brand.background),
        measures=[MeasureDigest(m.title, [gist(p) for p in split_paragraphs(m.text or "") + list(m.points)])
                  for m in brand.measures],
        outcome_summary=_opening(brand.outcomes.summary),
        outcome_titles=[item.title for item in brand.outcomes.items],
        lesson_titles=[item.title for item in brand.lessons],
    )


def gist(text: str) -> str:
    """The first sentence; a long one is cut after whole clauses, never inside a word."""
    sentence = first_of(_SENTENCE, text)
    if len(sentence) > GIST_LIMIT:
        return _clauses(sentence, GIST_LIMIT)
    if sentence == text.strip() or sentence[-1:] in "。！？!?":
        return sentence
    return sentence.rstrip("；;") + ELLIPSIS


def _opening(text: str | None) -> str | None:
    """Whole sentences of the first paragraph, up to OPENING_LIMIT characters."""
    paragraphs = split_paragraphs(text or "")
    if not paragraphs:
        return None
    kept = ""
    for sentence in (s for s in _SENTENCE.findall(paragraphs[0]) if s):
        if kept and len(kept) + len(sentence) > OPENING_LIMIT:
            return kept + ELLIPSIS
        kept += sentence
    return kept if len(kept) <= OPENING_LIMIT else _clauses(kept, OPENING_LIMIT)


def _clauses(sentence: str, limit: int) -> str:
    kept = ""
    for clause in (c for c in _CLAUSE.findall(sentence) if c):
        if kept and len(kept) + len(clause) > limit:
            break
        kept += clause
    return kept if kept == sentence else kept.rstrip("，,、：:") + ELLIPSIS


def first_of(pattern: re.Pattern, text: str) -> str:
    return next((s for s in pattern.findall(text.strip()) if s), "").strip()
