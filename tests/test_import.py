"""`import`: Word, text and Excel files → draft records that pass the schema, lose no text,
and never replace a record or touch units.yml unasked."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from generator.model.fieldtypes import Context
from generator.model.load import Marks
from generator.model.problems import Report
from generator.model.schema import CASE, read_record

from conftest import PROJECT

from importing import (
    CASE_DOCUMENT,
    REPORT_DOCUMENT,
    assert_conserved,
    content_folder,
    run_import,
    read_raw,
    assert_checks,
    assert_unnumbered,
    save_docx,
)

CASE_ID = "shi-shi-liu-zhua-gong-zuo-fa"  # the pinyin of its title: addresses never come from file names
REPORT_ID = "chang-xing-xian-feng"

# ---------------------------------------------------------------- the shipped documents


def test_case_document_has_six_practices_three_outcomes_three_lessons(tmp_path, capsys):
    content = content_folder(tmp_path)
    assert run_import(content, str(CASE_DOCUMENT)) == 0
    out = capsys.readouterr().out
    target = content / "cases" / f"{CASE_ID}.yml"
    case = read_raw(target)

    assert case["标题"] == "实施“六抓”工作法"
    assert case["副标题"] == "带动机关党支部整体提升"
    assert case["发布单位"] == "市交通运输局机关党委"
    assert case["发布日期"] == "2023-06-18" and case["状态"] == "草稿"
    practices = case["主要做法"]
    assert [p["标题"] for p in practices] == ["抓理论武装", "抓支部建设", "抓结对共建", "抓积分管理", "抓作风建设", "抓中心工作"]
    assert all(p.get("要旨") for p in practices)
    assert practices[1]["要旨"] == "强基础，按照统一标准推进支部规范运行"
    assert [len(p.get("要点", [])) for p in practices] == [3, 3, 3, 0, 3, 0]
    for n in (0, 1, 2, 4):  # the practices written as 一是/二是/三是
        assert all(point.get("引语") and point.get("内容") for point in practices[n]["要点"])
    assert [p["引语"] for p in practices[1]["要点"]] == ["摸清底数、定好目标", "培训骨干、配强班子", "健全制度、严格落实"]
    assert practices[1]["内容"].startswith("局机关党委对照支部工作条例")  # the words before 一是
    assert practices[3]["内容"].startswith("2021年3月在两个支部先行试点")  # a practice written as one paragraph
    assert [o["标题"] for o in case["工作成效"]] == ["党员队伍素质明显提高", "支部建设水平整体提升", "服务群众成效更加突出"]
    assert case["工作成效"][0]["内容"].startswith("通过实施“六抓”工作法，党员")  # the broken line joined
    assert [x["标题"] for x in case["工作启示"]][0] == "支部书记是支部建设的关键" and len(case["工作启示"]) == 3
    assert_unnumbered(case)
    assert "主要做法 6 项" in out and "工作成效 3 项" in out and "工作启示 3 条" in out
    ctx = Context(target, Marks(), Report(), content)
    record, complete = read_record("case", case, ctx)
    assert complete and record.published_on.isoformat() == "2023-06-18"
    assert_checks(content)
    assert_conserved(CASE_DOCUMENT.read_text(encoding="utf-8"), target)


def test_acceptance_report_becomes_a_brand_with_its_three_parts(tmp_path, capsys):
    content = content_folder(tmp_path)
    assert run_import(content, str(REPORT_DOCUMENT)) == 0
    target = content / "brands" / f"{REPORT_ID}.yml"
    brand = read_raw(target)
    assert brand["品牌名称"] == "畅行先锋" and brand["状态"] == "培育"
    assert brand["创建背景"].startswith("市交通运输局直接面向群众出行")
    assert [m["标题"] for m in brand["主要措施"]] == ["建强服务阵地", "推行承诺践诺", "开展岗位攻坚"]
    assert brand["工作成效"]["综述"].startswith("经过两年创建")
    assert_conserved(REPORT_DOCUMENT.read_text(encoding="utf-8"), target)


def test_record_is_block_yaml_in_schema_order(tmp_path):
    content = content_folder(tmp_path)
    assert run_import(content, "--kind", "case", str(CASE_DOCUMENT)) == 0
    text = (content / "cases" / f"{CASE_ID}.yml").read_text(encoding="utf-8")
    assert "\\u" not in text and re.search(r"^工作背景: ", text, re.M) and "{" not in text
    keys = [line.split(":")[0] for line in text.splitlines() if re.match(r"^[^\s#-][^:]*:", line)]
    order = [f.key for f in CASE.fields]
    assert keys == sorted(keys, key=order.index)
    assert "  - 标题: 抓支部建设" in text  # lists indented as in RECORDS.md


# ---------------------------------------------------------------- Word documents


def test_docx_with_heading_styles_becomes_a_brand_in_cultivation(tmp_path, capsys):
    content = content_folder(tmp_path)
    source = tmp_path / "碧水先锋.docx"
    text = save_docx(source, [
        ("title", "碧水先锋"),
        ("plain", "测试县水利局机关党支部"),
        ("heading1", "一、创建背景"),
        ("plain", "县水利局承担全县水资源管理和防汛抗旱任务，党员分布在多个水管单位。"),
        ("plain", "近年来，支部把党建工作与河湖治理结合起来，提炼出碧水先锋品牌。"),
        ("heading1", "二、主要措施"),
        ("heading2", "（一）强化理论学习，锻造过硬队伍"),
        ("plain", "一是建立学习制度。每月集中学习一次，班子成员带头讲党课。二是开展岗位练兵。组织业务骨干比武。"),
        ("heading2", "（二）建设示范阵地"),
        ("plain", "在水库管理所建成党员活动室，配齐学习资料。"),
        ("heading1", "三、工作成效"),
        ("plain", "品牌创建以来，支部战斗堡垒作用明显增强。"),
        ("heading2", "队伍素质明显提升"),
        ("plain", "党员干部在防汛一线冲锋在前，受到群众好评。"),
    ])
    assert run_import(content, str(source)) == 0
    target = content / "brands" / "bi-shui-xian-feng.yml"
    brand = read_raw(target)
    assert brand["品牌名称"] == "碧水先锋" and brand["党组织"] == "water"
    assert brand["批次"] == "第二批" and brand["状态"] == "培育"
    assert brand["创建背景"].split("\n\n")[1].startswith("近年来")
    measures = brand["主要措施"]
    assert [m["标题"] for m in measures] == ["强化理论学习，锻造过硬队伍", "建设示范阵地"]
    assert measures[0]["要点"] == ["建立学习制度。每月集中学习一次，班子成员带头讲党课。", "开展岗位练兵。组织业务骨干比武。"]
    assert measures[1]["内容"].startswith("在水库管理所")
    assert brand["工作成效"]["综述"].startswith("品牌创建以来")
    assert brand["工作成效"]["条目"] == [{"标题": "队伍素质明显提升", "内容": "党员干部在防汛一线冲锋在前，受到群众好评。"}]
    assert "内部备注" in brand and "测试县水利局机关党支部" in brand["内部备注"]  # the signature line is kept
    assert_unnumbered(brand)
    assert "检查：通过" in capsys.readouterr().out  # the unit is the signature's full name: nothing to fill in
    assert_checks(content)
    assert_conserved(text, target)


def test_docx_with_bold_lines_plain_numbers_and_a_line_break(tmp_path, capsys):
    content = content_folder(tmp_path)
    source = tmp_path / "结对共建.docx"
    text = save_docx(source, [
        ("plain", "抓结对共建 促融合发展"),
        ("plain", "某局机关党委"),
        ("bold", "工作背景"),
        ("plain", "局属单位多、分布散，党建工作发展不平衡。"),
        ("bold", "具体做法"),
        ("plain", "(一)抓结对——建网络，上下联动促提升。"),
        ("plain", "一是纵向联建。机关支部与基层支部结对。二是横向结对，共促发展。三是定向帮扶、建强堡垒。选派干部驻村。"),
        ("plain", "（二）抓阵地——强保障。"),
        ("plain", "统一建设党员活动室，做到有场地、有设施、有制度。"),
        ("bold", "取得成效"),
        ("bold", "组织力明显增强"),
        ("plain", "各支部按期换届，组织生活规范开展，党员参与率达到"),
        ("bold", "经验启示"),
        ("plain", "启示一：结对共建要抓常态。活动要定期开展，不能一阵风。"),
        ("plain", "启示二:帮扶要精准。"),
        ("plain", "2024年5月6日"),
    ], breaks={11: "98%以上，群众满意度明显提高。"})
    assert run_import(content, "--kind", "case", str(source)) == 0
    target = content / "cases" / "zhua-jie-dui-gong-jian-cu-rong-he-fa-zhan.yml"
    case = read_raw(target)
    assert case["标题"] == "抓结对共建 促融合发展" and case["发布单位"] == "某局机关党委"
    assert case["工作背景"] == "局属单位多、分布散，党建工作发展不平衡。"
    first, second = case["主要做法"]
    assert (first["标题"], first["要旨"]) == ("抓结对", "建网络，上下联动促提升")
    assert [p.get("引语") for p in first["要点"]] == ["纵向联建", "横向结对，", "定向帮扶、建强堡垒"]
    assert first["要点"][1]["内容"] == "共促发展。"
    assert (second["标题"], second["要旨"]) == ("抓阵地", "强保障")
    assert case["工作成效"] == [{"标题": "组织力明显增强",
                             "内容": "各支部按期换届，组织生活规范开展，党员参与率达到98%以上，群众满意度明显提高。"}]
    assert case["工作启示"][0] == {"标题": "结对共建要抓常态", "内容": "活动要定期开展，不能一阵风。"}
    assert case["工作启示"][1]["标题"] == "帮扶要精准"
    assert "部分标题“具体做法”按“主要做法”导入" in capsys.readouterr().out  # a synonym, said
    assert_unnumbered(case)
    assert_checks(content)
    assert_conserved(text, target)


# ---------------------------------------------------------------- messy text files


def test_gbk_text_with_hard_wraps_and_unnumbered_run_in_headings(tmp_path, capsys):
    content = content_folder(tmp_path)
    source = tmp_path / "红色引擎.txt"
    text = ("红色引擎 审计先锋\n"
            "品牌背景\n"
            "审计局承担全县财政资金审计任务，审计人员常年在外，组织生活难以\n"
            "按时开展，党建与业务结合不紧。\n"
            "主要措施：\n"
            "建强组织体系\n"
            "在每个审计组成立临时党小组，组长由党员担任。\n"
            "创新学习方式\n"
            "一是开设线上课堂。利用午休时间学习。二是开展以案促学，结合审计案例讨论党纪。\n"
            "取得成效：三年来完成审计项目六十余个，未发生违纪问题。\n")
    source.write_bytes(text.encode("gbk"))
    assert run_import(content, str(source)) == 0
    out = capsys.readouterr().out
    assert "GB18030" in out
    target = content / "brands" / "hong-se-yin-qing-shen-ji-xian-feng.yml"
    brand = read_raw(target)
    assert brand["品牌名称"] == "红色引擎 审计先锋"
    assert brand["创建背景"] == "审计局承担全县财政资金审计任务，审计人员常年在外，组织生活难以按时开展，党建与业务结合不紧。"
    assert [m["标题"] for m in brand["主要措施"]] == ["建强组织体系", "创新学习方式"]
    assert brand["主要措施"][1]["要点"] == ["开设线上课堂。利用午休时间学习。", "开展以案促学，结合审计案例讨论党纪。"]
    assert brand["工作成效"]["综述"] == "三年来完成审计项目六十余个，未发生违纪问题。"
    assert brand["党组织"] == "（待填写）" and "党组织" in out  # said, for a human to fill in
    report = Report()
    assert read_record("brand", brand, Context(target, Marks(), report, content))[1], report.problems
    assert_conserved(text, target)


def test_text_without_headings_keeps_everything_and_finds_a_news_dateline(tmp_path, capsys):
    content = content_folder(tmp_path)
    source = tmp_path / "新闻.txt"
    text = ("\ufeff县总工会开展“职工之家”共建活动\n\n"
            "本报讯 2024年3月5日，县总工会机关党支部组织党员走进企业，\n"
            "与企业工会结对共建“职工之家”。\n\n"
            "活动中，党员志愿者为职工讲解政策，收集意见建议二十余条。\n")
    source.write_text(text, encoding="utf-8")
    assert run_import(content, "--kind", "case", str(source)) == 0
    out = capsys.readouterr().out
    target = content / "cases" / "xian-zong-gong-hui-kai-zhan-zhi-gong-zhi-jia-gong-jian.yml"
    case = read_raw(target)
    assert case["标题"] == "县总工会开展“职工之家”共建活动"
    assert case["发布日期"] == "2024年3月5日"
    assert case["工作背景"].startswith("本报讯 2024年3月5日，县总工会机关党支部组织党员走进企业，与企业工会")
    assert case["主要做法"][0]["标题"] == "（待填写）" and "主要做法" in out and "需要人工查看" in out
    assert_checks(content)
    assert_conserved(text, target)


# ---------------------------------------------------------------- safety


def test_an_existing_record_is_replaced_only_with_force(tmp_path, capsys):
    content = content_folder(tmp_path)
    assert run_import(content, str(CASE_DOCUMENT)) == 0
    target = content / "cases" / f"{CASE_ID}.yml"
    target.write_text(target.read_text(encoding="utf-8").replace("状态: 草稿", "状态: 已发布"), encoding="utf-8")
    edited = target.read_bytes()
    assert run_import(content, str(CASE_DOCUMENT)) == 1
    assert "已经存在" in capsys.readouterr().err and target.read_bytes() == edited
    assert run_import(content, str(CASE_DOCUMENT), "--force") == 0
    assert "状态: 草稿" in target.read_text(encoding="utf-8")


def test_an_id_whose_address_is_taken_gets_a_number(tmp_path):
    content = content_folder(tmp_path)
    (content / "cases" / "实施六抓工作法.yml").write_text("标题: 已有\n", encoding="utf-8")  # the same address
    source = tmp_path / "四小工作法.txt"
    source.write_text(CASE_DOCUMENT.read_text(encoding="utf-8"), encoding="utf-8")
    twin = tmp_path / "again" / "四小工作法.txt"
    twin.parent.mkdir()
    twin.write_text(CASE_DOCUMENT.read_text(encoding="utf-8"), encoding="utf-8")
    assert run_import(content, str(source), str(twin)) == 0
    assert (content / "cases" / f"{CASE_ID}-2.yml").is_file() and (content / "cases" / f"{CASE_ID}-3.yml").is_file()
    assert (content / "cases" / "实施六抓工作法.yml").read_text(encoding="utf-8") == "标题: 已有\n"


def test_a_long_brand_name_is_written_and_its_warning_listed(tmp_path, capsys):
    content = content_folder(tmp_path)
    source = tmp_path / "长名称.txt"
    source.write_text("县水利局机关党支部党建品牌创建成果汇报材料\n一、创建背景\n背景说明。\n二、主要措施\n（一）强化学习\n"
                      "内容说明。\n三、工作成效\n成效说明。\n", encoding="utf-8")
    assert run_import(content, str(source)) == 0
    out = capsys.readouterr().out
    assert "检查发现的问题" in out and "一般不超过 15 个字" in out
    assert (content / "brands" / "xian-shui-li-ju-ji-guan-dang-zhi-bu-dang-jian.yml").is_file()


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True,
                          encoding="utf-8", stdin=subprocess.DEVNULL,
                          env={"PYTHONPATH": str(PROJECT), "PATH": "/usr/bin:/bin"})


@pytest.mark.parametrize("name, data, message", [
    ("空.txt", b"", "文件是空的"),
    ("空白.txt", "\n \u3000\n".encode("utf-8"), "文件是空的"),
    ("坏的.docx", b"PK\x03\x04 not really a zip", "不是有效的 .docx"),
    ("旧版.doc", b"\xd0\xcf\x11\xe0 old word", "另存为 .docx"),
    ("坏的.xlsx", b"not a workbook", "不是有效的 .xlsx"),
    ("材料.pdf", b"%PDF-1.4", "只能导入 .docx、.txt 和 .xlsx"),
])
def test_a_bad_file_is_explained_and_the_good_ones_are_imported(tmp_path, name, data, message):
    content = content_folder(tmp_path)
    (tmp_path / name).write_bytes(data)
    good = tmp_path / "good.txt"
    good.write_text(CASE_DOCUMENT.read_text(encoding="utf-8"), encoding="utf-8")
    before = sorted(p.relative_to(content) for p in content.rglob("*"))
    result = cli("import", name, "good.txt", cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and message in result.stderr and name in result.stderr
    assert "没有导入" in result.stderr and "其余文件已导入" in result.stderr
    after = sorted(p.relative_to(content) for p in content.rglob("*"))
    assert [p for p in after if p not in before] == [Path("cases") / f"{CASE_ID}.yml"]


def test_a_sheet_without_the_header_is_refused(tmp_path):
    content = content_folder(tmp_path)
    book = openpyxl.Workbook()
    book.active.append(["姓名", "电话"])
    book.active.append(["王某", "123"])
    book.save(tmp_path / "名单.xlsx")
    result = cli("import", "名单.xlsx", cwd=tmp_path)
    assert result.returncode == 1 and "单位" in result.stderr and "品牌名称" in result.stderr
    assert not list((content / "brands").iterdir())
