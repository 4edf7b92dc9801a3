"""YAML's errors in Chinese: the line the user must fix and what to do there (load.parse_yaml).

libyaml's wording is the one explained; PyYAML's Python parser words a few problems its own
way, and those are told as libyaml tells them, so both parsers give the same message."""

from __future__ import annotations

import re

import yaml


def reader_line(exc: yaml.YAMLError, text: str) -> int | None:
    """The line of the first character YAML refuses (its own position may count bytes)."""
    found = _UNREADABLE.search(text)
    return text[:found.start()].count("\n") + 1 if found else None


_UNREADABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


def tab_line(text: str, line: int | None) -> int | None:
    """A tab used for indentation near where YAML stopped: the line to fix."""
    lines = text.splitlines()
    for candidate in ((line or 1) - 1, line or 1, (line or 1) + 1):
        if 1 <= candidate <= len(lines) and re.match(r"^ *\t", lines[candidate - 1]):
            return candidate
    return None


def _value_start(lines: list[str], mark) -> str | None:
    """The character YAML choked on, if it is one that only quotes make plain text."""
    if mark is None or mark.line >= len(lines):
        return None
    char = lines[mark.line][mark.column:mark.column + 1]
    return char if char and char in "%@`!&*|>'\"[]{}#,?:-" else None


_FULLWIDTH_KEY = re.compile(r"^\s*-?\s*[\u4e00-\u9fff]{2,8}：")

_EXPLANATIONS = (
    ("found character '\\t'", "用了 Tab 键缩进；YAML 只能用空格缩进"),
    ("found a tab character", "用了 Tab 键缩进；YAML 只能用空格缩进"),
    ("mapping values are not allowed", "这里不能出现冒号“:”：可能是这一行的缩进与上下行不一致；"
                                       "如果内容里有冒号，请给整段内容加上引号"),
    ("could not find expected ':'", "缺少冒号“:”，或者上一行的引号没有配对"),
    ("found unexpected end of stream", "引号没有配对"),
    ("did not find expected key", "缩进不一致，或者在列表、字段之间多了内容"),
    ("did not find expected '-' indicator", "列表的缩进不一致"),
    ("expected <block end>", "缩进不一致"),
    ("found undefined alias", "内容不能以“*”开头；请给整段内容加上引号"),
    ("found unknown tag", "内容不能以“!”开头；请给整段内容加上引号"),
    ("expected alphabetic or numeric character", "内容不能以“*”或“&”开头；请给整段内容加上引号"),
    ("block sequence entries are not allowed", "这里不能出现“- ”：列表要另起一行；如果内容以“-”开头，请加引号"),
    ("did not find expected node content", "内容不完整，或以特殊符号开头；请给整段内容加上引号"),
    ("did not find expected ',' or ']'", "方括号没有配对，或列表项之间缺少逗号"),
    ("did not find expected ',' or '}'", "花括号没有配对"),
    ("found character '@'", "内容不能以 @ 开头；请给整段内容加引号"),
    ("found character '`'", "内容不能以 ` 开头；请给整段内容加引号"),
    ("unacceptable character", "含有不可见的控制字符，请删除"),
    ("found unknown escape character", "双引号里的反斜杠“\\”需要写成“\\\\”，或改用单引号"),
    ("while parsing a flow", "方括号或花括号没有配对"),
    ("expected a comment or a line break", "引号结束后还有多余的内容"),
)


# PyYAML's Python parser words some problems its own way: said as libyaml says them, so that
# both parsers give the same Chinese message (test_yaml_parsers holds them to it).
_LIBYAML_WORDING = (
    ("while parsing a block mapping", "expected <block end>", "did not find expected key"),
    ("while parsing a block collection", "expected <block end>", "did not find expected '-' indicator"),
    ("while parsing a flow sequence", "expected ',' or ']'", "did not find expected ',' or ']'"),
    ("while parsing a flow mapping", "expected ',' or '}'", "did not find expected ',' or '}'"),
)


def explain_yaml_error(exc: yaml.YAMLError, text: str, line: int | None) -> str:
    problem = str(getattr(exc, "problem", None) or exc)
    context = getattr(exc, "context", None) or ""
    problem = next((libyaml for where, python, libyaml in _LIBYAML_WORDING
                    if context.startswith(where) and problem.startswith(python)), problem)
    lines = text.splitlines()
    if tab_line(text, line):  # the C parser does not name the character
        problem = "found a tab character"
    mark = getattr(exc, "problem_mark", None)
    start = _value_start(lines, mark)
    if "cannot start any token" in problem and start:
        return f"内容不能以“{start}”开头；请给整段内容加上引号，例如 \"{start}……\""
    message = next((zh for en, zh in _EXPLANATIONS if en in problem), None)
    message = message or f"YAML 格式错误（{problem}）"
    nearby = lines[max(0, (line or 1) - 3): (line or 1)]
    if any(_FULLWIDTH_KEY.match(item) for item in nearby):
        message += "；字段名后面的冒号要用英文半角“:”，不能用中文“：”"
    return message
