"""Stage 3: rules across records — references, approval, unique addresses."""

import re

from generator.model.check import check_content
from generator.model.problems import Report

from conftest import UNITS, brand, case, dump, meeting, write_content


def check(tmp_path, **records):
    report = Report()
    catalogue = check_content(write_content(tmp_path / "content", **records), report)
    return catalogue, report


def test_unknown_unit_suggests_the_nearest_id(tmp_path):
    _, report = check(tmp_path, brands={"x": brand(党组织="watr")})
    [problem] = report.errors
    assert problem.field == "党组织" and "watr" in problem.message and "water" in problem.message
    assert problem.line == 3


def test_a_unit_name_instead_of_its_id_is_recognised(tmp_path):
    _, report = check(tmp_path, brands={"x": brand(党组织="测试县审计局机关党委")})
    assert "audit" in report.errors[0].message


def test_unknown_batch_lists_the_batches(tmp_path):
    _, report = check(tmp_path, brands={"x": brand(批次="第三批")})
    [problem] = report.errors
    assert problem.field == "批次" and "第一批" in problem.message and "第二批" in problem.message


def test_colliding_addresses(tmp_path):
    _, report = check(tmp_path, brands={"四小工作法": brand("甲"), "si-xiao-gong-zuo-fa": brand("乙")})
    [problem] = report.errors
    assert "si-xiao-gong-zuo-fa" in problem.message and "四小工作法" in problem.message


def test_chinese_file_names_get_pinyin_addresses(tmp_path):
    catalogue, report = check(tmp_path, brands={"四小工作法": brand()})
    assert catalogue.brands["四小工作法"].slug == "si-xiao-gong-zuo-fa"


def test_duplicate_unit_ids(tmp_path):
    units = UNITS + [{"编号": "water", "名称": "另一个支部"}]
    report = Report()
    check_content(write_content(tmp_path / "c", units=units, brands={"x": brand()}), report)
    [problem] = report.errors
    assert problem.file.name == "units.yml" and problem.line == 7 and "water" in problem.message


def test_case_must_name_existing_brands(tmp_path):
    _, report = check(tmp_path, brands={"bishui": brand()}, cases={"c": case(相关品牌=["bishu"])})
    [problem] = report.errors
    assert problem.field == "相关品牌" and "bishui" in problem.message


def test_meeting_stops_must_be_approved_and_exist(tmp_path):
    stops = [
        {"品牌": "draft", "时间": "09:00"},
        {"品牌": "nothere"},
        {"示范点": "不存在的示范点", "品牌": "bishui"},
        {"时间": "11:00"},
    ]
    _, report = check(
        tmp_path,
        brands={"bishui": brand(), "draft": brand("培育品牌", 状态="培育", 认定日期=None)},
        meetings={"m": meeting(观摩点=stops)},
    )
    found = sorted((p.line, p.message) for p in report.errors)
    assert len(found) == 4, found
    assert "只有已认定" in found[0][1]
    assert "找不到品牌" in found[1][1]
    assert "不存在的示范点" in found[2][1]
    assert "品牌、示范点或联盟" in found[3][1]


def test_empty_route_is_an_error(tmp_path):
    _, report = check(tmp_path, brands={"bishui": brand()}, meetings={"m": meeting(观摩点=[])})
    assert [p.field for p in report.errors] == ["观摩点"]


def test_missing_site_and_units_files(tmp_path):
    root = tmp_path / "content"
    (root / "brands").mkdir(parents=True)
    report = Report()
    assert check_content(root, report) is None
    assert {p.file.name for p in report.errors} == {"site.yml", "units.yml"}


def test_missing_content_folder(tmp_path):
    report = Report()
    assert check_content(tmp_path / "nothing", report) is None
    assert "内容文件夹" in report.errors[0].message


def test_lines_stay_right_when_blank_items_are_skipped(tmp_path):
    text = ("名称: 观摩会\n日期: 2024-12-10\n主办单位: 工委\n观摩点:\n  -\n  - 品牌: bishui\n"
            "    时间: \"09:00\"\n  - 品牌: draft\n")
    related = dump(case(相关品牌=["", "bishui", "nothere"]))
    _, report = check(tmp_path, brands={"bishui": brand(), "draft": brand("培育品牌", 状态="培育", 认定日期=None)},
                      meetings={"m": text}, cases={"c": related})
    found = {p.file.name: p for p in report.errors}
    assert found["m.yml"].line == 8 and found["m.yml"].field == "观摩点 › 第3项 › 品牌"
    assert related.splitlines()[found["c.yml"].line - 1].strip() == "- nothere"


def test_same_id_twice_is_an_error(tmp_path):
    root = write_content(tmp_path / "content", brands={"x": brand()})
    (root / "brands" / "x.yaml").write_text(dump(brand("乙")), encoding="utf-8")
    report = Report()
    check_content(root, report)
    [problem] = report.errors
    assert {problem.file.name, re.search(r"x\.ya?ml", problem.message).group()} == {"x.yml", "x.yaml"}


def test_a_misnamed_folder_is_pointed_out(tmp_path):
    root = write_content(tmp_path / "content", brands={"x": brand()})
    (root / "brand").mkdir()
    report = Report()
    check_content(root, report)
    assert any(p.file.name == "brand" and "brands" in p.message for p in report.warnings)


def test_one_mistake_does_not_cause_false_ones(tmp_path):
    units = [{"编号": "water", "类型": "党支部"}, UNITS[1]]  # 名称 missing
    report = Report()
    check_content(write_content(tmp_path / "a", units=units, brands={"x": brand()}), report)
    assert [(p.file.name, p.field) for p in report.errors] == [("units.yml", "第1项 › 名称")]

    report = Report()
    root = write_content(tmp_path / "b", brands={"bishui": "品牌名称: [\n"}, cases={"c": case()},
                         meetings={"m": meeting()})
    check_content(root, report)
    assert [p.file.name for p in report.errors] == ["bishui.yml"]
