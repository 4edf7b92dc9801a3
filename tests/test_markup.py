"""Plain text → Markdown, numbering and dates in the official style."""

import datetime as dt

import markdown
import pytest

from generator.website.markup import cn_date, cn_number, inline, paragraphs, split_paragraphs


def to_html(text: str) -> str:
    return markdown.markdown(text, extensions=["pymdownx.escapeall", "tables", "attr_list", "md_in_html"])


@pytest.mark.parametrize("payload", [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))",
    "**粗体** _斜体_ `代码`", "# 标题", "---", "| a | b |", "<!-- 注释 -->", "{{ 7*7 }}",
    "{% include 'x' %}", "![图](x.png)", "1. 列表", "- 列表", "> 引用", "&amp; A&B", "{: .x }",
    ":smile:", "\\ 反斜杠", "*[HTML]: 缩写", "[^1]", "==标记==", "~~删除~~",
])
def test_payloads_render_literally(payload):
    html = to_html(inline(payload))
    inner = html.removeprefix("<p>").removesuffix("</p>")
    expected = payload.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    assert inner == expected


def test_paragraphs_join_wrapped_chinese_lines_without_spaces():
    text = "第一段第一行\n第一段第二行\n\n  第二段 with English\nwords here  \n"
    assert split_paragraphs(text) == ["第一段第一行第一段第二行", "第二段 with English words here"]
    assert to_html(paragraphs(text)).count("<p>") == 2


def test_chinese_numbers():
    assert [cn_number(n) for n in (1, 2, 9, 10, 11, 20, 21, 99)] == [
        "一", "二", "九", "十", "十一", "二十", "二十一", "九十九"]


def test_dates():
    assert cn_date(dt.date(2024, 12, 5)) == "2024年12月5日"
