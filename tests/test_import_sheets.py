"""Import of Excel 申报表: declared brands, new units asked for, encodings of units.yml kept."""

from __future__ import annotations

import sys
from pathlib import Path

import openpyxl

from generator.model.slugs import slug

from importing import assert_checks, assert_conserved, content_folder, read_raw, run_import

# ---------------------------------------------------------------- Excel 申报表


def save_sheet(path: Path) -> list[list]:
    book = openpyxl.Workbook()
    sheet = book.active
    rows = [
        ["2024年第二批党建特色品牌申报汇总表"],
        ["联系电话", "序号", "品牌名称", "申报时间", "单位", "联系人", "批次", "品牌口号"],
        [13800000000, 1, "碧水先锋", "3月", "测试县水利局机关党支部", "王某", "第二批", "一心为民治水"],
        [None, None, None, None, None, None, None, None],
        ["0000-1234567", 2, "阳光财政", None, "测试县财政局机关党支部", "李某", "二", None],
        [],
        [None, 3, "清风审计", "4月", "测试县财政局机关党支部", None, None, None],
    ]
    for row in rows:
        sheet.append(row)
    book.save(path)
    return rows


def test_sheet_rows_become_declared_brands_and_new_units_are_appended(tmp_path, capsys):
    content = content_folder(tmp_path)
    units_before = (content / "units.yml").read_bytes()
    source = tmp_path / "申报表.xlsx"
    rows = save_sheet(source)
    assert run_import(content, str(source), "--yes") == 0
    out = capsys.readouterr().out
    units_after = (content / "units.yml").read_bytes()
    assert units_after.startswith(units_before)  # appended, not rewritten
    assert "ce-shi-xian-cai-zheng-ju-ji-guan-dang-zhi-bu" in units_after.decode("utf-8")
    assert units_after.decode("utf-8").count("测试县财政局机关党支部") == 1
    first = read_raw(content / "brands" / "bi-shui-xian-feng.yml")
    assert first["党组织"] == "water" and first["联系电话"] == "13800000000" and first["口号"] == "一心为民治水"
    assert first["状态"] == "申报" and first["创建背景"] == "（待填写）" and "申报时间：3月" in first["内部备注"]
    second = read_raw(content / "brands" / "yang-guang-cai-zheng.yml")
    assert second["批次"] == "第二批" and second["党组织"] == "ce-shi-xian-cai-zheng-ju-ji-guan-dang-zhi-bu"
    assert (content / "brands" / "qing-feng-shen-ji.yml").is_file() and "已在 units.yml 末尾添加 1 个党组织" in out
    assert "表头上方的“2024年第二批党建特色品牌申报汇总表”" in out  # said, not silently dropped
    assert_checks(content)
    for row in (rows[2], rows[4], rows[6]):  # each row is one document; its unit is named once, in units.yml
        cells = "\n".join(str(c) for c in row if c is not None)
        assert_conserved(cells, content / "brands" / f"{slug(row[2])}.yml", content / "units.yml")


def test_new_units_need_a_yes_and_nothing_is_written_without_one(tmp_path, capsys):
    content = content_folder(tmp_path)
    units_before = (content / "units.yml").read_bytes()
    source = tmp_path / "申报表.xlsx"
    save_sheet(source)
    assert run_import(content, str(source)) == 1  # pytest's stdin is not a terminal: no one to ask
    err = capsys.readouterr().err
    assert "--yes" in err and "测试县财政局机关党支部" in err and "Traceback" not in err
    assert (content / "units.yml").read_bytes() == units_before
    assert not list((content / "brands").iterdir())


def test_new_units_are_added_when_confirmed_at_the_prompt(tmp_path, monkeypatch, capsys):
    content = content_folder(tmp_path)
    source = tmp_path / "申报表.xlsx"
    save_sheet(source)
    questions = []
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr("builtins.input", lambda question: questions.append(question) or "y")
    assert run_import(content, str(source)) == 0
    assert "测试县财政局机关党支部" in questions[0]
    assert "ce-shi-xian-cai-zheng-ju" in (content / "units.yml").read_text(encoding="utf-8")
    assert_checks(content)


def test_a_no_at_the_prompt_writes_nothing(tmp_path, monkeypatch, capsys):
    content = content_folder(tmp_path)
    units_before = (content / "units.yml").read_bytes()
    source = tmp_path / "申报表.xlsx"
    save_sheet(source)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr("builtins.input", lambda question: "n")
    assert run_import(content, str(source)) == 1
    assert "没有确认" in capsys.readouterr().err
    assert (content / "units.yml").read_bytes() == units_before and not list((content / "brands").iterdir())


def test_units_file_in_gbk_gets_gbk_entries(tmp_path):
    content = content_folder(tmp_path)
    units = content / "units.yml"
    units.write_bytes(units.read_text(encoding="utf-8").encode("gbk"))
    before = units.read_bytes()
    source = tmp_path / "申报表.xlsx"
    save_sheet(source)
    assert run_import(content, str(source), "--yes") == 0
    after = units.read_bytes()
    assert after.startswith(before) and "测试县财政局机关党支部" in after.decode("gb18030")
    assert_checks(content)
