"""Plain-text documents (.txt) → paragraphs. Encodings are decoded as for record files."""

from __future__ import annotations

from pathlib import Path

from ..load import read_text
from ..problems import Report
from .paragraphs import ImportFailure, Paragraph, clean_lines


def read_paragraphs(path: Path, notes: list[str]) -> list[Paragraph]:
    """Every non-blank line is a paragraph until join_broken decides otherwise."""
    report = Report()
    text = read_text(path, report)
    if text is None:
        raise ImportFailure(report.errors[0].message if report.errors else "无法读取文件")
    notes += [note.message.split("；")[0] for note in report.of("提示")]  # which encoding was read
    lines = clean_lines(text)
    if not lines:
        raise ImportFailure("文件是空的，没有可导入的文字")
    return [Paragraph(line) for line in lines]
