"""Stage 1: files → raw values with line numbers; encodings; YAML mistakes in Chinese."""

from pathlib import Path

import pytest

from generator.model.load import load_file, parse_yaml, read_text
from generator.model.problems import Report


def _parse(text: str):
    report = Report()
    result = parse_yaml(text, Path("x.yml"), report)
    return result, report


def test_scalars_stay_as_typed_and_lines_are_recorded():
    (data, marks), report = _parse("品牌名称: 先锋\n数值: 010\n认定日期: 2024-12-05\n标签:\n  - yes\n  - 水利\n")
    assert not report.problems
    assert data == {"品牌名称": "先锋", "数值": "010", "认定日期": "2024-12-05", "标签": ["yes", "水利"]}
    assert marks.line(("数值",)) == 2
    assert marks.line(("标签", 1)) == 6
    assert marks.line(("标签", 1, "missing")) == 6


def test_duplicate_keys_are_errors_with_both_lines():
    _, report = _parse("品牌名称: 甲\n口号: 乙\n品牌名称: 丙\n")
    [problem] = report.errors
    assert problem.line == 3 and problem.field == "品牌名称"
    assert "重复" in problem.message and "第 1 行" in problem.message


def test_tab_indentation_is_explained():
    _, report = _parse("主要措施:\n\t- 标题: 甲\n")
    [problem] = report.errors
    assert problem.line == 2
    assert "Tab" in problem.message


def test_fullwidth_colon_gets_a_hint():
    _, report = _parse("品牌名称：先锋\n口号: 甲\n")
    [problem] = report.errors
    assert "半角" in problem.message


def test_unclosed_quote_is_explained():
    _, report = _parse('口号: "未闭合\n品牌名称: 甲\n')
    assert report.errors and "引号" in report.errors[0].message


def test_control_characters_are_rejected():
    _, report = _parse("口号: 甲\x07乙\n")
    assert report.errors and "控制字符" in report.errors[0].message


def test_utf8_bom_and_gbk_files_are_read_and_named(tmp_path):
    bom = tmp_path / "bom.yml"
    bom.write_bytes("\ufeff品牌名称: 先锋\n".encode("utf-8"))
    gbk = tmp_path / "gbk.yml"
    gbk.write_bytes("品牌名称: 先锋领航\n".encode("gbk"))
    report = Report()
    assert load_file(bom, "brand", report).data == {"品牌名称": "先锋"}
    assert load_file(gbk, "brand", report).data == {"品牌名称": "先锋领航"}
    notes = [p.message for p in report.problems]
    assert any("BOM" in n for n in notes) and any("GB18030" in n for n in notes)
    assert not report.errors


def test_undecodable_bytes_are_an_error(tmp_path):
    path = tmp_path / "bad.yml"
    path.write_bytes(b"a: \xff\xfe\xfd\x80\x80\n")
    report = Report()
    assert read_text(path, report) is None
    assert "编码" in report.errors[0].message


def test_crlf_files_keep_line_numbers(tmp_path):
    (data, marks), report = _parse("品牌名称: 甲\r\n口号: 乙\r\n")
    assert data["口号"] == "乙" and marks.line(("口号",)) == 2


def test_wrapped_chinese_lines_are_joined_without_spaces():
    (data, _), report = _parse("创建背景: 这是背景，\n  继续写完。\n内涵: >\n  第一行\n  第二行\n\n  第二段\n")
    assert data["创建背景"] == "这是背景，\n继续写完。"
    assert data["内涵"] == "第一行\n第二行\n\n第二段"


@pytest.mark.parametrize("text,start", [("单位: %\n", "%"), ("口号: @张三\n", "@"), ("口号: `x`\n", "`")])
def test_values_starting_with_yaml_symbols_are_explained_in_chinese(text, start):
    _, report = _parse(text)
    [problem] = report.errors
    assert problem.line == 1 and f"“{start}”开头" in problem.message and "引号" in problem.message


@pytest.mark.parametrize("text", ["口号: !x\n", "口号: *一心为民*\n", "标签: [水利, 五星\n", "口号: - x\n"])
def test_other_symbol_mistakes_are_chinese(text):
    _, report = _parse(text)
    assert report.errors and "YAML 格式错误" not in report.errors[0].message


def test_errors_point_at_the_line_the_user_must_fix():
    _, report = _parse("a: 1\n口号：一句话\nb: 2\n")
    assert report.errors[0].line == 2 and "半角" in report.errors[0].message
    _, report = _parse('a: 1\n口号: "未闭合\nb: 2\nc: 3\n')
    assert report.errors[0].line == 2 and "引号" in report.errors[0].message


def test_fullwidth_space_indentation_is_named():
    _, report = _parse("品牌名称: 甲\n\u3000\u3000口号: 乙\n")
    assert any(p.line == 2 and "全角空格" in p.message for p in report.errors)
