"""Word documents (.docx) → paragraphs, with what Word says about headings and bold text."""

from __future__ import annotations

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
    for block in blocks:
        paragraphs += _rows(block) if isinstance(block, Table) else _paragraph(block)
    if not paragraphs:
        raise ImportFailure("文件是空的，没有可导入的文字")
    return paragraphs


def _paragraph(paragraph) -> list[Paragraph]:
    lines = clean_lines(paragraph.text)
    if not lines:
        return []
    style = _style(paragraph)
    bold, lead = _bold(paragraph)
    if style or bold:
        return [Paragraph(join_lines(lines), style=style, bold=bold)]  # a heading broken over lines
    first = Paragraph(lines[0], bold_lead=lead if lines[0].startswith(lead) else "")
    return [first] + [Paragraph(line) for line in lines[1:]]  # line breaks: join_broken decides


def _style(paragraph) -> str:
    try:
        name = (paragraph.style.name or "").lower()
    except (AttributeError, KeyError, ValueError):
        return ""
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


def _rows(table: Table) -> list[Paragraph]:
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
            rows.append(Paragraph(text))
    return rows
