"""A record being imported: its values, what was recognised, what a human must look at,
and the text that found no field (未归类). Shared by case.py, brand.py and xlsx.py.

Values are held by attribute (records.py's names) and fields are named by attribute paths,
("measures", 0, "title"); the schema turns both into the file's Chinese keys and labels.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..model.schema import KINDS
from .markers import point_marks, split_heading
from .paragraphs import Paragraph

PLACEHOLDER = "（待填写）"      # fills a required field the document lacks, so the record passes check
NO_HEADING = "（待拟标题）"     # an item whose text has no heading of its own
UNPLACED = "【未归类】"         # the line above text that found no field


@dataclass
class NewUnit:
    id: str
    name: str
    type: str | None = None


@dataclass
class Known:
    """What the content folder already holds that an imported record refers to."""

    units: list             # records.Unit of units.yml (id and name)
    batches: list[str]          # batch names in site.yml
    newest_batch: str | None


@dataclass
class Draft:
    kind: str                  # "brand" or "case"
    source: Path
    id: str                    # the wanted record id; write.py settles collisions
    data: dict                 # by attribute; schema.dump writes the file's keys
    summary: list[str] = field(default_factory=list)   # what was recognised
    notes: list[str] = field(default_factory=list)     # what needs a human look
    unplaced: list[str] = field(default_factory=list)  # text put under 【未归类】
    units: list[NewUnit] = field(default_factory=list)  # parties to add to units.yml
    label: str = ""            # how the report names it: the file, or the file and row
    lost: Callable[[str], str] | None = None  # the source's characters a written text lacks
    review: list[tuple[tuple, str]] = field(default_factory=list)  # (attribute path, why): kept in 待核对
    blocking: list[str] = field(default_factory=list)  # fields the next check fails on, by label

    def name_of(self, path: tuple) -> str:
        """An attribute path as the file names it: ("measures", 0, "title") → 主要措施 › 第1项 › 标题."""
        return field_label(self.kind, path)


def field_label(kind: str, path: tuple) -> str:
    keys = KINDS[kind].group.keys(tuple(path))
    return " › ".join(f"第{key + 1}项" if isinstance(key, int) else key for key in keys)


@dataclass
class Leftovers:
    """Text no field takes, kept in document order with where it came from."""

    found: list[tuple[int, str, str]] = field(default_factory=list)

    def add(self, paragraphs: list[Paragraph], origin: str) -> None:
        for paragraph in paragraphs:
            if paragraph.text.strip():
                self.found.append((paragraph.index, paragraph.text, origin))

    def texts(self) -> list[str]:
        return [text for _, text, _ in sorted(self.found, key=lambda f: f[0])]

    def notes(self) -> list[str]:
        origins = dict.fromkeys(origin for _, _, origin in sorted(self.found, key=lambda f: f[0]))
        return [f"{UNPLACED}{origin}的文字没有对应的字段，已原样保留，请移到合适的位置" for origin in origins]


def background(outline, leftovers: Leftovers, draft: Draft) -> str:
    """创建背景 / 工作背景: the part under that heading, else the text before the first part."""
    part, lead, name = outline.part("background"), outline.parts[0], draft.name_of(("background",))
    if part is None:
        if lead.paragraphs:
            guess(draft, ("background",), f"没有“{name}”标题，取了正文开头的文字")
        return paragraphs_text(lead.paragraphs)
    leftovers.add(lead.paragraphs, f"标题与“{name}”之间")
    return paragraphs_text(part.paragraphs)


def paragraphs_text(paragraphs: list[Paragraph]) -> str:
    """Paragraphs as a multi-line field holds them: a blank line between paragraphs."""
    return "\n\n".join(p.text for p in paragraphs if p.text.strip())


def split_points(paragraphs: list[Paragraph], arabic: bool) -> tuple[list[Paragraph], list[str]]:
    """(text before the first point, the points) for 一是…二是… run together or one a paragraph.

    Only marks numbered in order from one are taken, so a 是 inside a sentence stays put.
    """
    intro: list[Paragraph] = []
    points: list[list[str]] = []
    family, expected = None, 1
    for paragraph in paragraphs:
        cuts = []
        for mark in point_marks(paragraph.text, arabic):
            if family in (None, mark.family) and mark.value == expected:
                family, expected = mark.family, expected + 1
                cuts.append(mark)
        text = paragraph.text
        head = text[: cuts[0].start].strip() if cuts else text.strip()
        if head:
            (points[-1].append(head) if points else intro.append(Paragraph(head, index=paragraph.index)))
        for mark, following in zip(cuts, cuts[1:] + [None]):
            points.append([text[mark.end: following.start if following else len(text)].strip()])
    return intro, ["\n\n".join(t for t in point if t) for point in points if any(point)]


def missing(draft: Draft, path: tuple, value: str, why: str = "文中没有找到") -> str:
    """A stand-in value for a required field, a note saying so, and a mark for review."""
    draft.notes.append(f"{draft.name_of(path)}：{why}，暂填“{value}”，请补充")
    draft.review.append((path, f"{why}，暂填“{value}”"))
    return value


def guess(draft: Draft, path: tuple, why: str) -> None:
    """A value the importer inferred: noted for the summary and marked for review in the record."""
    draft.notes.append(f"{draft.name_of(path)}：{why}，请核对")
    draft.review.append((path, why))


def headed(heading: str | None, text: str, path: tuple, draft: Draft) -> dict:
    """An outcome or a lesson (at path): a heading (a stand-in when the text has none) and its text."""
    return {"title": heading or missing(draft, path + ("title",), NO_HEADING, "没有小标题"), "text": text or None}


def headed_paragraph(paragraph: Paragraph, path: tuple, draft: Draft) -> dict:
    """A paragraph under no heading: a short first sentence is its run-in heading."""
    heading, rest = split_heading(paragraph.text, limit=40)
    if heading and rest:
        return headed(heading, rest, path, draft)
    return headed(None, paragraph.text, path, draft)


def renamed_parts(outline, attrs: dict[str, str], draft: Draft) -> None:
    """Part headings read as a field of another name (具体做法 → 主要做法): noted and marked for review."""
    for part in outline.parts:
        if part.key in attrs and part.heading and part.words != draft.name_of((attrs[part.key],)):
            name = draft.name_of((attrs[part.key],))
            draft.notes.append(f"部分标题“{part.heading.text}”按“{name}”导入，请核对")
            draft.review.append(((attrs[part.key],), f"原文标题是“{part.heading.text}”，按同义词归到这里"))


def item_guesses(items, path: tuple, draft: Draft) -> None:
    """Items whose headings were inferred (a bold line, a repeated opening …): one review mark each."""
    for n, item in enumerate(items):
        if item.guess and item.heading:
            draft.review.append((path + (n, "title"), f"“{item.heading}”：{item.guess}"))
    guessed = sum(1 for item in items if item.guess)
    if guessed:
        draft.notes.append(f"{draft.name_of(path)}：{guessed} 项的小标题是推断出来的（{items[0].guess}），请核对")


def review_entries(draft: Draft) -> list[dict]:
    """The 待核对 list as the record holds it: each field's label and the reason."""
    return [{"field": draft.name_of(path), "reason": why} for path, why in draft.review]
