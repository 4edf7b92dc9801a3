"""Plain-text documents (.txt) → paragraphs. Encodings are decoded as for record files.

A blank line ends a paragraph; lines between blank lines may be one hard-wrapped paragraph
(join_broken decides). Markdown-ish **bold** marks a heading or a run-in heading, as in Word.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..model.load import read_text
from ..model.problems import Report
from .paragraphs import ImportFailure, Paragraph, clean_lines

_BOLD_LINE = re.compile(r"^\*\*(?P<words>[^*]+)\*\*[：:]?$")
_BOLD_LEAD = re.compile(r"^\*\*(?P<words>[^*]+)\*\*")


def read_paragraphs(path: Path, notes: list[str]) -> list[Paragraph]:
    report = Report()
    text = read_text(path, report)
    if text is None:
        raise ImportFailure(report.errors[0].message if report.errors else "无法读取文件")
    notes += [note.message.split("；")[0] for note in report.of("提示")]  # which encoding was read
    paragraphs = []
    for number, block in enumerate(re.split(r"\n[ \t\u3000]*\n", text)):
        for i, line in enumerate(clean_lines(block)):
            paragraphs.append(_line(line, number, gap=i == 0 and number > 0))
    if not paragraphs:
        raise ImportFailure("文件是空的，没有可导入的文字")
    return paragraphs


def _line(line: str, block: int, gap: bool) -> Paragraph:
    if whole := _BOLD_LINE.match(line):
        return Paragraph(whole["words"].strip(), bold=True, block=block, gap=gap)
    if lead := _BOLD_LEAD.match(line):
        words = lead["words"].strip()
        return Paragraph(words + line[lead.end():], bold_lead=words, block=block, gap=gap)
    return Paragraph(line, block=block, gap=gap)
