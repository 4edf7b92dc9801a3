"""libyaml's parser (used when PyYAML has it) and PyYAML's Python parser (the fallback) read
every record the same: the same values, the same line of every field, the same problems in the
same Chinese words, on good files and on broken ones."""

from pathlib import Path

import pytest
import yaml

from conftest import DEMO
from generator.model import load
from generator.model.problems import Report
from test_bad_input import CORPUS

TESTS = Path(__file__).parent

BROKEN = [
    "a: 1\n\tb: 2\n", "a: [1, 2\n", "a: {b: 1\n", "a: 'x\n", 'a: "x\n', "a: b: c\n", "- a\nb: 1\n",
    "a:\n  - 1\n - 2\n", "a:\n  b: 1\n    c: 2\n", "a: 'x' y\n", "a: %x\n", "a: @x\n", "a: `x\n", "a: *x\n",
    "a: &x [*x]\n", "a: !foo x\n", 'a: "\\q"\n', "a: x\n\x07\n", "口号：一心\n品牌: x\n", "a: 1\na: 2\n",
    "\u3000a: 1\n", "\ufeffa: 1\nb\u200b: 2\n", "a: 1\n---\nb: 2\n",
]
GOOD = [
    "a: &x [1, 2]\nb: *x\n", "a: |\n  多行\n  文本\n", "a: >\n  折叠的\n  中文\n", "a: ~\nb:\nc: null\nd: 'null'\n",
    "a: !!int 3\nb: 2024-01-01\nc: yes\n", "a:\n- b: 1\n  c: [x, y]\n- {d: 2}\n", "a: 第一行\n  第二行\n\n  第二段\n",
    "%YAML 1.1\n---\na: 1\n", "? [a]\n: 1\n",
]


def _texts() -> list[tuple[str, str]]:
    files = sorted((TESTS / "documented").rglob("*.yml")) + sorted(DEMO.rglob("*.yml"))
    found = [(str(path.relative_to(path.parents[1])), path.read_text(encoding="utf-8")) for path in files]
    found += [(f"{name}: {file}", text) for name, (files, *_) in sorted(CORPUS.items())
              for file, text in files.items() if isinstance(text, str)]
    return found + [(repr(text), text) for text in BROKEN + GOOD]


def _read(text: str, loader: type):
    report = Report()
    parsed = load.parse_yaml(text, Path("x.yml"), report, loader)
    return (parsed[0], parsed[1].lines) if parsed else None, [p.format() for p in report.problems]


@pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML without libyaml: only the Python parser is used")
def test_the_c_parser_reads_every_file_as_the_python_parser_does():
    texts = _texts()
    assert len(texts) > 60 and load._TextLoader is load.CLoader
    differ = [name for name, text in texts if _read(text, load.CLoader) != _read(text, load.PythonLoader)]
    assert differ == []


def test_the_samples_are_broken_where_meant():
    broken = [text for text in BROKEN if _read(text, load.PythonLoader)[1]]
    good = [text for text in GOOD if not _read(text, load.PythonLoader)[1]]
    assert len(broken) == len(BROKEN) and len(good) == len(GOOD)


def test_a_lone_surrogate_is_an_error_not_a_crash():
    result, problems = _read("口号: \ud800\n", load._TextLoader)
    assert result is None and problems == ["错误 x.yml:1 含有不可见的控制字符，请删除"]


def test_python_wording_is_told_as_libyaml_words_it():
    for text, words in (("a: [1, 2\n", "方括号没有配对"), ("a: {b: 1\n", "花括号"), ("- a\nb: 1\n", "列表的缩进不一致"),
                        ("a:\n  b: 1\n c: 2\n", "缩进不一致，或者在列表、字段之间多了内容")):
        _, problems = _read(text, load.PythonLoader)
        assert len(problems) == 1 and words in problems[0], problems
