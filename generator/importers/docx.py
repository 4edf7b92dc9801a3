"""Word documents (.docx) → paragraphs, with what Word says about headings, outline levels,
automatic numbering and bold text. Word's own paragraphs are never joined to each other."""

from __future__ import annotations

import re
from pathlib import Path

import docx
from docx.table import Table

from .paragraphs import ImportFailure, Paragraph, clean_lines, join_lines


def read_paragraphs(path: Path, notes: list[str]) -> list[Paragraph]:
    try:
        blocks = list(docx.Document(str(path)).iter_inner_content())
    except Exception as exc:  # python-docx raises many kinds (zip, XML, missing parts) for one cause
        raise ImportFailure("无法读取这个 Word 文件：它不是有效的 .docx 文件"
                            "（旧版 .doc 文件请先用 Word 另存为 .docx）") from exc
    paragraphs: list[Paragraph] = []
    contents = 0
    for number, block in enumerate(blocks):
        if isinstance(block, Table):
            paragraphs += _rows(block, number)
        elif _in_contents(block):
            contents += 1
        else:
            paragraphs += _paragraph(block, number)
    if contents:
        notes.append(f"跳过了 Word 目录（{contents} 行）：目录里的标题不当作正文的标题")
    if not paragraphs:
        raise ImportFailure("文件是空的，没有可导入的文字")
    return paragraphs


_CONTENTS_LINE = re.compile(r"\t\s*\d{1,3}\s*$")  # 一、\t活动背景\t1: a title, a tab and a page number
_CONTENTS_TITLE = re.compile(r"^\s*目\s*录\s*$")


def _in_contents(paragraph) -> bool:
    """A line of a table of contents: a TOC style, a tab and a page number, or the word 目录."""
    name = _style_name(paragraph)
    return (name.startswith(("toc", "目录")) or bool(_CONTENTS_LINE.search(paragraph.text))
            or bool(_CONTENTS_TITLE.match(paragraph.text)))


def _paragraph(paragraph, number: int) -> list[Paragraph]:
    lines = clean_lines(paragraph.text)
    if not lines:
        return []
    level = _outline_level(paragraph)
    style = _style(paragraph) or ("heading" if level else "")  # an outline level makes a heading in any style
    bold, lead = _bold(paragraph)
    word = {"block": number, "level": level, "numbered": _numbering_level(paragraph)}
    if style or bold:
        return [Paragraph(join_lines(lines), style=style, bold=bold, **word)]  # a heading broken over lines
    first = Paragraph(lines[0], bold_lead=lead if lines[0].startswith(lead) else "", **word)
    return [first] + [Paragraph(line, block=number) for line in lines[1:]]  # line breaks: join_broken decides


def _style_name(paragraph) -> str:
    try:
        return (paragraph.style.name or "").lower()
    except (AttributeError, KeyError, ValueError):
        return ""


def _outline_level(paragraph) -> int | None:
    """1 for 标题 1 or outline level 1 (Word counts from 0), None for body text."""
    found = paragraph._p.xpath("./w:pPr/w:outlineLvl/@w:val")
    if found and found[0].isdigit() and int(found[0]) < 9:
        return int(found[0]) + 1
    digits = re.search(r"(?:heading|标题)\s*(\d)", _style_name(paragraph))
    return int(digits.group(1)) if digits else None


def _numbering_level(paragraph) -> int | None:
    """Word's automatic numbering (w:numPr, in the paragraph or its style): its list level, from 0."""
    for element in (paragraph._p, _style_element(paragraph)):
        found = element.xpath("./w:pPr/w:numPr") if element is not None else []
        if found:
            if found[0].xpath("./w:numId/@w:val") == ["0"]:
                return None  # numbering switched off for this paragraph
            level = found[0].xpath("./w:ilvl/@w:val")
            return int(level[0]) if level and level[0].isdigit() else 0
    return None


def _style_element(paragraph):
    try:
        return paragraph.style.element
    except (AttributeError, KeyError, ValueError):
        return None


def _style(paragraph) -> str:
    name = _style_name(paragraph)
    if name in ("title", "标题"):
        return "title"
    if name in ("subtitle", "副标题"):
        return "subtitle"
    return "heading" if name.startswith(("heading", "标题")) else ""


def _bold(paragraph) -> tuple[bool, str]:
    """Whether the whole paragraph is bold, and the bold words opening it otherwise."""
    runs = [run for run in paragraph.runs if run.text.strip()]
    flags = [_is_bold(run, paragraph) for run in runs]
    if runs and all(flags):
        return True, ""
    lead = ""
    for run, flag in zip(runs, flags):
        if not flag:
            break
        lead += run.text
    lines = clean_lines(lead)
    return False, lines[0] if len(lines) == 1 else ""


def _is_bold(run, paragraph) -> bool:
    if run.bold is not None:
        return bool(run.bold)
    try:
        return bool(paragraph.style.font.bold)
    except AttributeError:
        return False


def _rows(table: Table, number: int) -> list[Paragraph]:
    """A table's text row by row (merged cells once), so that nothing in it is lost."""
    rows = []
    for row in table.rows:
        cells, seen = [], []  # the elements themselves: a merged cell repeats the same one
        for cell in row.cells:
            if any(cell._tc is element for element in seen):
                continue
            seen.append(cell._tc)
            cells.append(join_lines(clean_lines(cell.text)))
        text = " ".join(c for c in cells if c)
        if text:
            rows.append(Paragraph(text, block=number))
    return rows
