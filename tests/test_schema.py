"""Stage 2: raw values → records through the schema, every mistake with file, line, field."""

import json
from pathlib import Path

import pytest

from generator.model import records as r
from generator.model.check import check_content
from generator.model.load import parse_yaml
from generator.model.problems import Report
from generator.model.schema import json_schemas

from conftest import DEMO, brand, case, dump, write_content


def check(tmp_path, **records):
    report = Report()
    catalogue = check_content(write_content(tmp_path / "content", **records), report)
    return catalogue, report


def messages(report, level=None):
    return [p.format() for p in report.problems if level is None or p.level == level]


def test_a_valid_folder_gives_records(tmp_path):
    catalogue, report = check(tmp_path, brands={"bishui": brand()}, cases={"liuzhua": case()})
    assert not report.errors, messages(report)
    b = catalogue.brands["bishui"]
    assert isinstance(b, r.Brand) and b.approved and b.approved_on.isoformat() == "2024-12-05"
    assert [m.title for m in b.measures] == ["强化理论学习", "建设示范阵地"]
    assert b.measures[0].points == ["第一点内容。", "第二点内容。"]
    assert b.outcomes.figures[0] == r.Figure("覆盖党支部", "12", "个")
    assert catalogue.cases["liuzhua"].practices[0].points[0].lead == "深入调研、明确目标"


@pytest.mark.parametrize("key", ["品牌名称", "党组织", "批次", "状态", "创建背景", "主要措施", "工作成效"])
def test_every_required_brand_field(tmp_path, key):
    _, report = check(tmp_path, brands={"x": brand(**{key: None})})
    [problem] = report.errors
    assert problem.field == key and "缺少" in problem.message
    assert problem.file.name == "x.yml" and problem.line == 1


@pytest.mark.parametrize("key", ["标题", "发布单位", "发布日期", "状态", "工作背景", "主要做法", "工作成效"])
def test_every_required_case_field(tmp_path, key):
    _, report = check(tmp_path, brands={"bishui": brand()}, cases={"x": case(**{key: None})})
    assert [p.field for p in report.errors] == [key]


def test_all_mistakes_are_reported_at_once_with_lines(tmp_path):
    text = dump(brand(主要措施="强化学习", 认定日期="2024-13-45", 状态="已经认定", 标签="水利"))
    _, report = check(tmp_path, brands={"x": text})
    found = {p.field: p for p in report.errors}
    assert set(found) == {"主要措施", "认定日期", "状态", "标签"}
    lines = text.splitlines()
    for key, problem in found.items():
        assert lines[problem.line - 1].startswith(key), (key, problem.line)
    assert "应为列表" in found["主要措施"].message
    assert "不是有效的日期" in found["认定日期"].message
    assert "已认定" in found["状态"].message  # the nearest option is suggested
    assert "x.yml:" in found["主要措施"].format()


def test_nested_fields_are_located(tmp_path):
    record = brand()
    record["主要措施"][1] = {"标题": "", "内容": "说明。"}
    record["工作成效"]["数据"][0]["单位"] = ["个"]
    text = dump(record)
    _, report = check(tmp_path, brands={"x": text})
    fields = {p.field: p.line for p in report.errors}
    assert fields.keys() == {"主要措施 › 第2项 › 标题", "工作成效 › 数据 › 第1项 › 单位"}
    assert text.splitlines()[fields["主要措施 › 第2项 › 标题"] - 1].strip().startswith("- 标题")


def test_unknown_keys_suggest_the_nearest_field(tmp_path):
    record = brand()
    record["主要措旋"] = record.pop("主要措施")
    _, report = check(tmp_path, brands={"x": record})
    by_field = {p.field: p.message for p in report.errors}
    assert "主要措施" in by_field["主要措旋"]
    assert "缺少" in by_field["主要措施"]


def test_approved_brand_needs_a_date(tmp_path):
    _, report = check(tmp_path, brands={"x": brand(认定日期=None)})
    assert [p.field for p in report.errors] == ["认定日期"]


@pytest.mark.parametrize("text,ok", [
    ("2024-12-05", True), ("2024年12月5日", True), ("2024/1/5", True),
    ("20241205", False), ("2024-02-30", False), ("去年", False),
])
def test_date_forms(tmp_path, text, ok):
    catalogue, report = check(tmp_path, brands={"x": brand(认定日期=text)})
    assert (not report.errors) == ok, messages(report)


def test_long_brand_name_is_a_warning(tmp_path):
    _, report = check(tmp_path, brands={"x": brand("一二三四五六七八九十一二三四五六")})
    assert not report.errors
    [warning] = report.warnings
    assert warning.field == "品牌名称" and "16" in warning.message
    assert report.failed(strict=True) and not report.failed()


def test_invisible_characters_are_warned_and_dropped(tmp_path):
    catalogue, report = check(tmp_path, brands={"x": brand("碧水\u200b先锋")})
    assert catalogue.brands["x"].name == "碧水先锋"
    assert "U+200B" in report.warnings[0].message


@pytest.mark.parametrize("path,message", [
    ("images/none.png", "找不到"),
    ("/etc/passwd.png", "绝对路径"),
    ("../../etc/passwd", ".."),
    ("images/logo.exe", "格式"),
])
def test_image_paths_must_stay_inside_content(tmp_path, path, message):
    _, report = check(tmp_path, brands={"x": brand(标识=path)})
    [problem] = report.errors
    assert problem.field == "标识" and message in problem.message


def test_empty_and_non_mapping_files(tmp_path):
    _, report = check(tmp_path, brands={"empty": "", "list": "- 甲\n- 乙\n", "text": "只是一句话\n"})
    by_file = {p.file.name: p.message for p in report.errors}
    assert "空" in by_file["empty.yml"]
    assert "字段" in by_file["list.yml"] and "字段" in by_file["text.yml"]


@pytest.mark.parametrize("kind,pattern", [
    ("site", "site.yml"), ("units", "units.yml"), ("brand", "brands/*.yml"),
    ("case", "cases/*.yml"), ("meeting", "meetings/*.yml"),
])
def test_json_schema_accepts_every_demo_record(kind, pattern):
    jsonschema = pytest.importorskip("jsonschema")
    paths = sorted(DEMO.glob(pattern))
    assert paths
    for path in paths:  # read as text scalars, as an editor's YAML 1.2 parser sees dates
        data, _ = parse_yaml(path.read_text(encoding="utf-8"), path, Report())
        jsonschema.validate(data, json_schemas()[kind])


def test_json_schema_rejects_a_typo_and_a_wrong_status():
    jsonschema = pytest.importorskip("jsonschema")
    bad = brand()
    bad["主要措旋"] = bad.pop("主要措施")
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, json_schemas()["brand"])
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(brand(状态="通过"), json_schemas()["brand"])


def test_shipped_json_schemas_are_current():
    shipped = Path(__file__).resolve().parent.parent / "generator" / "schemas"
    for name, schema in json_schemas().items():
        on_disk = json.loads((shipped / f"{name}.schema.json").read_text(encoding="utf-8"))
        assert on_disk == schema, f"run: python -m generator schema ({name})"


def test_a_file_that_is_not_a_picture_is_refused(tmp_path):
    root = write_content(tmp_path / "content", brands={"x": brand(标识="images/logo.png")})
    (root / "images").mkdir()
    (root / "images" / "logo.png").write_text("x", encoding="utf-8")
    report = Report()
    check_content(root, report)
    [problem] = report.errors
    assert problem.field == "标识" and "不是有效的图片" in problem.message


def test_a_missing_approval_date_points_at_the_status_line(tmp_path):
    text = dump(brand(认定日期=None))
    _, report = check(tmp_path, brands={"x": text})
    [problem] = report.errors
    assert text.splitlines()[problem.line - 1].startswith("状态")


def test_invalid_items_are_not_reported_as_missing_ones(tmp_path):
    _, report = check(tmp_path, brands={"x": brand(主要措施=[{"内容": "只有内容"}])})
    assert [p.field for p in report.errors] == ["主要措施 › 第1项 › 标题"]
