"""Shared pieces of the import tests: files made on the fly, reading records back, and the
character-conservation check."""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import docx
import pytest
from docx.shared import Pt

from generator.__main__ import main
from generator.model.check import check_content
from generator.model.load import parse_yaml
from generator.model.problems import Report

from conftest import write_content

DOCUMENTS = Path(__file__).resolve().parent / "documents"  # written for these tests, shipped with them
CASE_DOCUMENT = DOCUMENTS / "liuzhua-case.txt"  # a 六抓-style case: （一）…——要旨, 一是/二是, 启示一
REPORT_DOCUMENT = DOCUMENTS / "yanshou-report.txt"  # a three-part acceptance report
SEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"  # only beside the project's checkout
SEED_CASE = SEEDS / "001_fa65aea400b54bf3.txt"
needs_seeds = pytest.mark.skipif(not SEED_CASE.is_file(), reason="../shared/seeds/ 不在（普通的克隆没有它）")
CN = "一二三四五六七八九十"

# What the record format rebuilds by itself, so it is not "body" text: numbering (the page adds
# 一是/（一）/启示一/一、) and part headings (they become the field names).
_NUMBERING = re.compile(rf"[（(][{CN}]+[）)]|(?:^|(?<=[。；;！？]))\s*[{CN}]+是|启示[{CN}]+|^\s*[{CN}]+、", re.M)
_PART_WORDS = re.compile(r"^\s*(?:工作背景|主要做法|工作成效|工作启示|创建背景|主要措施|具体做法|取得成效|"
                         r"经验启示|品牌背景)(?=\s*[：:]|\s*$)", re.M)


# ---------------------------------------------------------------- helpers


def han(text: str) -> Counter:
    return Counter(ch for ch in text if "\u4e00" <= ch <= "\u9fff")


def body_han(text: str) -> Counter:
    return han(_PART_WORDS.sub("", _NUMBERING.sub("", text)))


def assert_conserved(source_text: str, *outputs: Path) -> None:
    """Every Han character of the input body is in the output files (as a multiset)."""
    written = "".join(path.read_text(encoding="utf-8") for path in outputs)
    lost = body_han(source_text) - han(written)
    assert not lost, f"lost characters: {''.join(lost.elements())}"


def content_folder(tmp_path: Path) -> Path:
    return write_content(tmp_path / "content")


def run_import(content: Path, *args: str) -> int:
    return main(["import", *args, "--content", str(content)])


def read_raw(path: Path) -> dict:
    """A record as `check` reads it: every value the text typed."""
    parsed = parse_yaml(path.read_text(encoding="utf-8"), path, Report())
    assert parsed is not None
    return parsed[0]


def assert_checks(content: Path) -> None:
    report = Report()
    check_content(content, report)
    assert not report.errors, [p.format() for p in report.errors]


def values(data) -> list[str]:
    if isinstance(data, dict):
        return [v for value in data.values() for v in values(value)]
    if isinstance(data, list):
        return [v for value in data for v in values(value)]
    return [data] if isinstance(data, str) else []


def assert_unnumbered(data: dict) -> None:
    for value in values(data):
        assert not re.match(rf"^(?:[{CN}]+是|[（(][{CN}]+[）)]|启示[{CN}]|[{CN}]+、)", value), value


def save_docx(path: Path, blocks: list[tuple[str, str]], breaks: dict[int, str] | None = None) -> str:
    """blocks: (kind, text) with kind title/heading1/heading2/bold/plain; the body text is returned."""
    document = docx.Document()
    for i, (kind, text) in enumerate(blocks):
        if kind == "title":
            document.add_heading(text, level=0)
        elif kind.startswith("heading"):
            document.add_heading(text, level=int(kind[-1]))
        else:
            paragraph = document.add_paragraph()
            run = paragraph.add_run(text)
            run.bold = kind == "bold"
            if breaks and i in breaks:  # a hard line break inside the paragraph, then more text
                run.add_break()
                paragraph.add_run(breaks[i]).font.size = Pt(12)
    document.save(path)
    return "\n".join(text + (breaks or {}).get(i, "") for i, (_, text) in enumerate(blocks))
