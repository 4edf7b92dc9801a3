"""The schema read both ways: what `check` accepts is what editors accept, records write back
to the files they came from, and every key is named once, in the declarations."""

import dataclasses
import re

import jsonschema
import pytest

from generator.model import schema
from generator.model.check import check_content
from generator.model.load import parse_yaml
from generator.model.problems import Report
from generator.scaffold import scaffold
from generator.website.markup import split_paragraphs

from conftest import DEMO, brand, write_content

DATES = ["2024-12-05", "2024-1-5", "2024/12/05", "2024.12.05", "2024年12月5日", "2024年1月5日",
         "二〇二四年十二月五日", " 2024-12-05 ", "2024-02-30", "2024-13-45", "2024年13月5日", "2024-12/05",
         "24-12-05", "2024/12-05", "2024年12月5", "12/05/2024", "2024", "2024-12-05T10:00", "明天"]
URLS = ["https://example.gov.cn/brands/", "http://a.b/c?d=1&e=2", "https://x.cn/路径", "ftp://x.cn/",
        "https://x.cn/a b", "https://x.cn/\"q\"", "https://x.cn/<b>", "www.example.gov.cn", "https://"]
STATUSES = ["已认定", "申报", "培育", "验收中", "未通过", "认定", "已经认定", "已发布", ""]


def _check_accepts(tmp_path, **changes) -> bool:
    report = Report()
    check_content(write_content(tmp_path / "c", brands={"x": brand(**changes)}), report)
    return not report.errors


def _editor_accepts(kind: str, **changes) -> bool:
    document = {**brand(), **changes} if kind == "brand" else changes
    try:
        jsonschema.validate(document, schema.json_schemas()[kind])
    except jsonschema.ValidationError:
        return False
    return True


@pytest.mark.parametrize("value", DATES)
def test_json_schema_and_check_agree_on_dates(tmp_path, value):
    assert _editor_accepts("brand", 认定日期=value) == _check_accepts(tmp_path, 认定日期=value)


def test_the_date_list_holds_both_verdicts(tmp_path):
    verdicts = {_editor_accepts("brand", 认定日期=v) for v in DATES}
    assert verdicts == {True, False}


@pytest.mark.parametrize("value", STATUSES)
def test_json_schema_and_check_agree_on_statuses(tmp_path, value):
    assert _editor_accepts("brand", 状态=value) == _check_accepts(tmp_path, 状态=value)


@pytest.mark.parametrize("value", URLS)
def test_json_schema_and_check_agree_on_urls(tmp_path, value):
    site = {"站点名称": "某站", "主办单位": "某工委", "网址": value, "批次": [{"名称": "第二批", "年度": 2024}]}
    report = Report()
    check_content(write_content(tmp_path / "c", brands={"x": brand()}, site=site), report)
    try:
        jsonschema.validate(site, schema.json_schemas()["site"])
        editor = True
    except jsonschema.ValidationError:
        editor = False
    assert editor == (not report.errors), [p.format() for p in report.problems]


def _read_back(kind: str, text: str, tmp_path):
    report = Report()
    data, marks = parse_yaml(text, tmp_path / "x.yml", report)
    from generator.model.fieldtypes import Context

    record, complete = schema.read_record(kind, data, Context(tmp_path / "x.yml", marks, report, DEMO))
    assert complete and not report.errors, [p.format() for p in report.problems]
    return record


def _fields_of(record):
    return {k: v for k, v in dataclasses.asdict(record).items() if k not in ("id", "slug", "source")}


def test_every_demo_record_dumps_to_a_file_that_reads_back_the_same(tmp_path):
    catalogue = check_content(DEMO, Report())
    records = [("brand", b) for b in catalogue.brands.values()] + [("case", c) for c in catalogue.cases.values()]
    records += [("meeting", m) for m in catalogue.meetings.values()] + [("site", catalogue.site)]
    for kind, record in records:
        text = schema.dump(kind, record)
        assert _fields_of(_read_back(kind, text, tmp_path)) == _fields_of(record), kind


def test_dump_writes_keys_in_schema_order_and_leaves_out_empty_options():
    text = schema.dump("brand", {"status": "培育", "name": "碧水先锋", "tags": [], "slogan": None,
                                 "measures": [{"title": "强化学习", "points": ["一点。", "二点。"]}]})
    assert text.splitlines()[:4] == ["品牌名称: 碧水先锋", "状态: 培育", "主要措施:", "  - 标题: 强化学习"]
    assert "口号" not in text and "标签" not in text


def test_a_renamed_key_changes_what_check_reports_and_new_writes(tmp_path, monkeypatch):
    renamed = [dataclasses.replace(f, key="所属批次") if f.attr == "batch_name" else f for f in schema.BRAND.fields]
    monkeypatch.setattr(schema.BRAND, "fields", renamed)
    data = brand()
    data = {("所属批次" if k == "批次" else k): v for k, v in data.items()}
    data["所属批次"] = "第九批"
    report = Report()
    content = write_content(tmp_path / "c", brands={"x": data})
    check_content(content, report)
    [problem] = report.errors
    assert problem.field == "所属批次" and "第九批" in problem.message
    lines = (content / "brands" / "x.yml").read_text(encoding="utf-8").splitlines()
    assert lines[problem.line - 1].startswith("所属批次")
    written = scaffold("brand", batch="第二批")
    assert re.search(r"^所属批次: 第二批$", written, re.M) and not re.search(r"^批次:", written, re.M)


WRAPPED = [("达到", "98%"), ("“党员先锋", "”岗位"), ("争当“先锋”党", "员"), ("with", "English"),
           ("第一行", "第二行"), ("共建“红色", "驿站”"), ("覆盖率", "100%")]
PROSE = "本单位坚持把党建工作与业务工作深度融合，"


@pytest.mark.parametrize("end, start", WRAPPED)
def test_typed_and_imported_text_are_joined_the_same(tmp_path, end, start):
    from generator.importers.paragraphs import Paragraph, join_broken

    lines = [PROSE + end, start + "，群众获得感明显增强。"]
    report = Report()
    typed = brand(创建背景="\n".join(lines), 口号="\n".join([end, start]))
    catalogue = check_content(write_content(tmp_path / "c", brands={"x": typed}), report)
    imported = join_broken([Paragraph(line) for line in lines])
    assert [p.text for p in imported] == split_paragraphs(catalogue.brands["x"].background)
    assert catalogue.brands["x"].slogan == imported[0].text[len(PROSE):-len("，群众获得感明显增强。")]


def test_a_renamed_key_changes_what_the_importer_writes(tmp_path, monkeypatch):
    from importing import REPORT_DOCUMENT, content_folder, run_import

    renamed = {"status": "品牌状态", "background": "背景"}
    fields = [dataclasses.replace(f, key=renamed[f.attr]) if f.attr in renamed else f for f in schema.BRAND.fields]
    monkeypatch.setattr(schema.BRAND, "fields", fields)
    content = content_folder(tmp_path)
    run_import(content, "--kind", "brand", str(REPORT_DOCUMENT))
    [written] = (content / "brands").glob("*.yml")
    keys = [line.split(":")[0] for line in written.read_text(encoding="utf-8").splitlines() if re.match(r"^[^\s#-][^:]*:", line)]
    assert "品牌状态" in keys and "背景" in keys
    assert "状态" not in keys and "创建背景" not in keys
