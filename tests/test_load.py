"""Stage 1: files → raw values with line numbers; encodings; YAML mistakes in Chinese."""

from pathlib import Path

from generator.load import load_file, parse_yaml, read_text
from generator.problems import Report


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
