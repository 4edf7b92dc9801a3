"""`import` reads structure as a person does: documents of each structure, written for these
tests and built here (python-docx for Word), are imported and checked for the measures, outcomes
and lessons found, for every character kept, and for the guesses marked in 待核对."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from importing import content_folder, read_raw, run_import

LOST = "没有出现在记录里"  # the importer's own conservation note


def han(text: str) -> Counter:
    return Counter(ch for ch in text if "\u4e00" <= ch <= "\u9fff")


def assert_kept(source: str, record: Path, *headings: str) -> None:
    """Every Han character of the document is in the record, except the part headings named
    (they become field names) and the official numbering the page adds back."""
    expected = han(re.sub(r"^[一二三四五六七八九十]+、", "", source, flags=re.M))
    for heading in headings:
        expected -= han(heading)
    lost = expected - han(record.read_text(encoding="utf-8"))
    assert not lost, "".join(lost.elements())


def review_of(record: dict) -> dict[str, str]:
    found: dict[str, str] = {}
    for mark in record.get("待核对", []):
        found[mark["字段"]] = found.get(mark["字段"], "") + mark["原因"] + "；"
    return found


def word(path: Path, blocks: list[tuple[str, str]]) -> str:
    """Build a .docx: kinds title, h1, h2, bold, plain, toc (a contents line), num0/num1 (Word's
    automatic numbering at that list level, nothing in the text), list (the List Number style),
    outline (a body-text paragraph Word puts at outline level 1)."""
    document = docx.Document()
    for kind, text in blocks:
        if kind == "title":
            document.add_heading(text, level=0)
        elif kind in ("h1", "h2"):
            document.add_heading(text, level=int(kind[1]))
        elif kind == "list":
            document.add_paragraph(text, style="List Number")
        else:
            paragraph = document.add_paragraph()
            paragraph.add_run(text).bold = kind == "bold"
            if kind == "toc-styled":
                paragraph.style = _toc_style(document)
            if kind.startswith("num"):
                _number(paragraph, int(kind[3]))
            if kind == "outline":
                level = OxmlElement("w:outlineLvl")
                level.set(qn("w:val"), "0")
                paragraph._p.get_or_add_pPr().append(level)
    document.save(path)
    return "\n".join(text for kind, text in blocks if not kind.startswith("toc"))


def _toc_style(document):
    """Word's own contents style (the default template lacks it, as many documents do not)."""
    from docx.enum.style import WD_STYLE_TYPE

    names = [style.name for style in document.styles]
    return document.styles["toc 1"] if "toc 1" in names else document.styles.add_style("toc 1", WD_STYLE_TYPE.PARAGRAPH)


def _number(paragraph, level: int) -> None:
    numbering = OxmlElement("w:numPr")
    for tag, value in (("w:ilvl", level), ("w:numId", 1)):
        element = OxmlElement(tag)
        element.set(qn("w:val"), str(value))
        numbering.append(element)
    paragraph._p.get_or_add_pPr().append(numbering)


# ---------------------------------------------------------------- Word documents


def test_heading_styles_synonyms_and_a_table_of_contents(tmp_path, capsys):
    content = content_folder(tmp_path)
    source = tmp_path / "验收报告.docx"
    text = word(source, [
        ("title", "清流护河"),
        ("plain", "申报单位：测试县水利局机关党支部"),
        ("plain", "目录"),
        ("toc", "一、\t创建背景\t1"),
        ("toc", "二、\t具体做法\t2"),
        ("toc", "三、\t主要成效\t3"),
        ("toc-styled", "四、几点体会"),
        ("h1", "一、创建背景"),
        ("plain", "全县河道长、堤防多，巡河护河任务重"),
        ("plain", "支部决定以党建带动河湖管护。"),
        ("h1", "二、具体做法"),
        ("h2", "组建党员巡河队"),
        ("plain", "每条河道由一名党员认领，每周巡查两次。"),
        ("h2", "开设河边课堂"),
        ("plain", "在堤坝旁讲党课，把学习放到一线。"),
        ("h1", "三、主要成效"),
        ("plain", "两年来河道保洁率明显提高，群众投诉下降。"),
        ("h1", "四、几点体会"),
        ("h2", "责任到人才能长久"),
        ("plain", "认领制度让每段河道都有人管。"),
        ("h2", "课堂要开在现场"),
        ("plain", "现场学习比会议室更有效果。"),
    ])
    assert run_import(content, str(source)) == 0
    out = capsys.readouterr().out
    target = content / "brands" / "qing-liu-hu-he.yml"
    brand = read_raw(target)
    assert brand["品牌名称"] == "清流护河" and brand["党组织"] == "water"  # from the 申报单位 line
    assert brand["创建背景"] == "全县河道长、堤防多，巡河护河任务重\n\n支部决定以党建带动河湖管护。"  # not glued
    assert [m["标题"] for m in brand["主要措施"]] == ["组建党员巡河队", "开设河边课堂"]
    assert brand["工作成效"]["综述"].startswith("两年来")
    assert [item["标题"] for item in brand["经验启示"]] == ["责任到人才能长久", "课堂要开在现场"]
    assert "未归类" not in brand and "跳过了 Word 目录（5 行）" in out
    review = review_of(brand)
    assert "主要成效" in review["工作成效"] and "几点体会" in review["经验启示"]
    assert LOST not in out
    assert_kept(text, target, "创建背景", "具体做法", "主要成效", "几点体会", "目录")


def test_automatic_numbering_and_bold_lines(tmp_path, capsys):
    content = content_folder(tmp_path)
    source = tmp_path / "any name.docx"
    text = word(source, [
        ("title", "红色账本"),
        ("plain", "申报单位：测试县审计局机关党委"),
        ("bold", "创建背景"),
        ("plain", "审计工作专业性强，党员分散在各个项目组。"),
        ("bold", "主要措施"),
        ("num0", "项目组里建临时党小组"),
        ("plain", "每个审计项目组都有党员任组长，组织生活随项目开展。"),
        ("num1", "进点时开一次动员会"),
        ("num1", "离点时作一次廉洁承诺"),
        ("num0", "把党课讲进审计现场"),
        ("plain", "结合审计发现的问题讨论纪律规矩。"),
        ("bold", "取得成效"),
        ("list", "项目按时完成率提高"),
        ("list", "审计质量获得好评"),
    ])
    assert run_import(content, str(source)) == 0
    out = capsys.readouterr().out
    target = content / "brands" / "hong-se-zhang-ben.yml"  # from the name, not "any name"
    brand = read_raw(target)
    assert brand["党组织"] == "audit"
    measures = brand["主要措施"]
    assert [m["标题"] for m in measures] == ["项目组里建临时党小组", "把党课讲进审计现场"]
    assert "进点时开一次动员会" in measures[0]["内容"] and "离点时作一次廉洁承诺" in measures[0]["内容"]
    assert [item["标题"] for item in brand["工作成效"]["条目"]] == ["项目按时完成率提高", "审计质量获得好评"]
    assert "主要措施 › 第1项 › 标题" not in review_of(brand)  # Word's numbering says so outright
    assert LOST not in out
    assert_kept(text, target, "创建背景", "主要措施", "取得成效")


def test_bold_lines_without_numbers_are_measures_marked_for_review(tmp_path, capsys):
    content = content_folder(tmp_path)
    source = tmp_path / "暖心驿站.docx"
    text = word(source, [
        ("title", "暖心驿站"),
        ("plain", "测试县水利局机关党支部"),
        ("plain", "驿站设在水管所门口，为过往群众提供饮水和休息。"),
        ("bold", "主要做法"),
        ("bold", "一站多用"),
        ("plain", "驿站既是休息点，也是政策宣传点和意见收集点。"),
        ("bold", "党员轮值"),
        ("plain", "党员每周轮流值守，记录群众诉求并及时转办。"),
        ("bold", "工作成效"),
        ("plain", "驿站开放一年，接待群众三千余人次。"),
    ])
    assert run_import(content, "--kind", "brand", str(source)) == 0
    out = capsys.readouterr().out
    brand = read_raw(content / "brands" / "nuan-xin-yi-zhan.yml")
    assert [m["标题"] for m in brand["主要措施"]] == ["一站多用", "党员轮值"]
    review = review_of(brand)
    assert "加粗" in review["主要措施 › 第1项 › 标题"] and "加粗" in review["主要措施 › 第2项 › 标题"]
    assert "待核对 " in out and "检查：通过，有推断待核对" in out
    assert "品牌名称" not in review_of(brand)  # Word's title style names it
    assert_kept(text, content / "brands" / "nuan-xin-yi-zhan.yml", "主要做法", "工作成效")


def test_outline_levels_make_headings_in_any_style(tmp_path):
    content = content_folder(tmp_path)
    source = tmp_path / "g.docx"
    word(source, [
        ("title", "田间党课"),
        ("plain", "测试县水利局机关党支部"),
        ("outline", "创建背景"),
        ("plain", "灌区党员多在田间地头，集中学习不便。"),
        ("outline", "主要措施"),
        ("outline", "党课进灌区"),
        ("plain", "在灌区管理站设课堂，农闲时集中讲。"),
        ("outline", "党员包渠段"),
        ("plain", "每名党员负责一段渠道的巡查和协调。"),
        ("outline", "工作成效"),
        ("plain", "灌溉纠纷明显减少。"),
    ])
    assert run_import(content, "--kind", "brand", str(source)) == 0
    brand = read_raw(content / "brands" / "tian-jian-dang-ke.yml")
    assert [m["标题"] for m in brand["主要措施"]] == ["党课进灌区", "党员包渠段"]
    assert not [f for f in review_of(brand) if f.startswith("主要措施 › ")]  # Word said so: no guess


# ---------------------------------------------------------------- text files


def test_run_in_topic_sentences_become_measures(tmp_path, capsys):
    content = content_folder(tmp_path)
    source = tmp_path / "a.txt"
    text = ("山乡红旗\n\n"
            "申报单位：测试县水利局机关党支部\n\n"
            "这个支部联系的村子地处山区，红色资源丰富但长期没有用起来。\n\n"
            "主要做法\n\n"
            "深挖“红色富矿”，支部党员走访老党员二十余人，整理革命故事十多个。\n\n"
            "用活“流动课堂”，把党课搬到旧址和田间，每月开讲一次。\n\n"
            "办好“群众实事”，每年确定十件实事，逐项公示办理进度。\n\n"
            "工作成效\n\n"
            "村里建成红色教育点一处，年接待参观三千人次。\n")
    source.write_text(text, encoding="utf-8")
    assert run_import(content, str(source)) == 0
    out = capsys.readouterr().out
    target = content / "brands" / "shan-xiang-hong-qi.yml"
    brand = read_raw(target)
    measures = brand["主要措施"]
    assert [m["标题"] for m in measures] == ["深挖“红色富矿”", "用活“流动课堂”", "办好“群众实事”"]
    assert measures[0]["内容"].startswith("支部党员走访老党员")
    assert all("开头句式相同" in why for field, why in review_of(brand).items() if field.startswith("主要措施 › "))
    assert len([f for f in review_of(brand) if f.startswith("主要措施 › ")]) == 3
    assert LOST not in out
    assert_kept(text, target, "主要做法", "工作成效")


def test_bold_markup_blank_lines_and_front_matter(tmp_path, capsys):
    content = content_folder(tmp_path)
    source = tmp_path / "notes.txt"
    text = ("---\n"
            "title: 书香机关\n"
            "---\n\n"
            "创建背景\n\n"
            "机关干部读书氛围不浓，学习多停留在文件上\n\n"
            "局党支部提出建设书香机关。\n\n"
            "主要措施\n\n"
            "**建好读书角**\n"
            "每层楼设一个读书角，图书由党员捐赠。\n\n"
            "**办好读书会**每月一次，轮流领读分享。\n\n"
            "工作成效\n\n"
            "一年来人均读书十二本。\n")
    source.write_text(text, encoding="utf-8")
    assert run_import(content, str(source)) == 0
    out = capsys.readouterr().out
    target = content / "brands" / "shu-xiang-ji-guan.yml"
    brand = read_raw(target)
    assert brand["品牌名称"] == "书香机关"  # never "---"
    assert brand["创建背景"] == "机关干部读书氛围不浓，学习多停留在文件上\n\n局党支部提出建设书香机关。"
    assert [m["标题"] for m in brand["主要措施"]] == ["建好读书角", "办好读书会"]
    assert brand["主要措施"][1]["内容"] == "每月一次，轮流领读分享。"
    assert LOST not in out
    assert_kept(text, target, "创建背景", "主要措施", "工作成效")


def test_short_lines_standing_alone_are_headings_for_review(tmp_path):
    content = content_folder(tmp_path)
    source = tmp_path / "b.txt"
    source.write_text("清风审计\n测试县审计局机关党委\n主要措施\n廉政教育常态化\n"
                      "每季度组织一次警示教育，观看案例片并交流体会。\n"
                      "审计纪律公开化\n在被审计单位公示审计纪律和举报电话，接受监督。\n"
                      "工作成效\n近三年没有发生违纪问题。\n", encoding="utf-8")
    assert run_import(content, str(source)) == 0
    brand = read_raw(content / "brands" / "qing-feng-shen-ji.yml")
    assert [m["标题"] for m in brand["主要措施"]] == ["廉政教育常态化", "审计纪律公开化"]
    assert "第一行短句" in review_of(brand)["品牌名称"]  # a plain first line is a guess, marked
    assert "单独成行" in review_of(brand)["主要措施 › 第2项 › 标题"]


@pytest.mark.parametrize("paragraphs, headings", [
    (["党建引领：支部书记带头领办项目，每季度汇报一次。", "服务下沉：党员每月进社区报到，认领群众微心愿。"],
     ["党建引领", "服务下沉"]),
    (["一年十件实事。每年年初向群众征集，年底逐项公示。", "一月一次走访。班子成员分片走访困难党员家庭。"],
     ["一年十件实事", "一月一次走访"]),
    (["聚焦服务群众，把支部活动和志愿服务结合起来，每月开展一次。",
      "聚焦基层治理，组织党员参与网格巡查，及时上报矛盾纠纷。",
      "聚焦乡村振兴，选派党员技术骨干到村指导特色种植。"],
     ["聚焦服务群众", "聚焦基层治理", "聚焦乡村振兴"]),
])
def test_each_run_in_rule_finds_the_measures(paragraphs, headings):
    from generator.importers.paragraphs import Paragraph
    from generator.importers.structure import outline

    found = outline([Paragraph("品牌名称"), Paragraph("主要措施")] + [Paragraph(p) for p in paragraphs])
    items = found.part("practices").items
    assert [item.heading for item in items] == headings
    assert all("开头句式相同" in item.guess for item in items)


@pytest.mark.parametrize("marks", [("第一，", "第二，"), ("1）", "2）"), ("（1）", "（2）"), ("1.", "2.")])
def test_numbering_in_its_usual_forms(tmp_path, capsys, marks):
    content = content_folder(tmp_path)
    source = tmp_path / "h.txt"
    text = (f"红色网格\n测试县水利局机关党支部\n创建背景\n网格里党员分散。\n主要措施\n"
            f"{marks[0]}划分党员责任区。每名党员联系十户群众。\n{marks[1]}建立网格议事会。每月议事一次。\n"
            "工作成效\n群众诉求办结率提高。\n")
    source.write_text(text, encoding="utf-8")
    assert run_import(content, str(source)) == 0
    brand = read_raw(content / "brands" / "hong-se-wang-ge.yml")
    assert [m["标题"] for m in brand["主要措施"]] == ["划分党员责任区", "建立网格议事会"]
    assert "没有出现在记录里" not in capsys.readouterr().out
    assert_kept(re.sub("^第[一二]，", "", text, flags=re.M), content / "brands" / "hong-se-wang-ge.yml",
                "创建背景", "主要措施", "工作成效")


def test_connectives_and_two_short_clauses_are_not_a_pattern():
    from generator.importers.paragraphs import Paragraph
    from generator.importers.structure import outline

    found = outline([Paragraph("品牌名称"), Paragraph("主要措施"),
                     Paragraph("近年来，支部把学习教育作为重点工作，坚持每月集中学习一次。"),
                     Paragraph("与此同时，支部加强阵地建设，建成党员活动室一处。"),
                     Paragraph("此外，支部还组织党员到企业开展志愿服务，共二十余次。")])
    assert not found.part("practices").items  # connectives join sentences; they name no topic
    found = outline([Paragraph("品牌名称"), Paragraph("主要措施"),
                     Paragraph("聚焦服务群众，把支部活动和志愿服务结合起来，每月开展一次。"),
                     Paragraph("聚焦基层治理，组织党员参与网格巡查，及时上报矛盾纠纷。")])
    assert not found.part("practices").items  # the weak rule needs three in a row


# ---------------------------------------------------------------- names, units, dates, batches


def test_a_unit_missing_from_units_yml_is_said_and_not_guessed(tmp_path, capsys):
    content = content_folder(tmp_path)
    source = tmp_path / "c.txt"
    source.write_text("共建圈\n申报单位：中共测试县解放街道工作委员会\n一、创建背景\n街道辖区单位多。\n"
                      "二、主要措施\n（一）签订共建协议\n与驻区单位签订协议。\n三、工作成效\n共建项目落地。\n",
                      encoding="utf-8")
    run_import(content, str(source))
    out = capsys.readouterr().out
    brand = read_raw(content / "brands" / "gong-jian-quan.yml")
    assert brand["党组织"] == "（待填写）"
    assert "中共测试县解放街道工作委员会" in review_of(brand)["党组织"]
    assert "units.yml 里没有这个党组织" in out
    assert "检查：通过" not in out and "检查：不通过（党组织）" in out  # the next check fails: said now
    assert "申报单位：中共测试县解放街道工作委员会" in brand["内部备注"]


def test_a_case_without_a_date_gets_a_flagged_placeholder_not_today(tmp_path, capsys):
    content = content_folder(tmp_path)
    source = tmp_path / "d.txt"
    source.write_text("结对帮扶见实效\n一、工作背景\n村里产业薄弱。\n二、主要做法\n（一）选派干部驻村\n"
                      "干部常驻一线。\n三、工作成效\n（一）收入提高\n村集体收入翻番。\n", encoding="utf-8")
    assert run_import(content, "--kind", "case", str(source)) == 1
    out = capsys.readouterr().out
    case = read_raw(content / "cases" / "jie-dui-bang-fu-jian-shi-xiao.yml")
    assert case["发布日期"] == "（待填写）" and "发布日期" in review_of(case)
    assert "检查：不通过" in out and "发布日期" in out


def test_chosen_id_and_a_batch_with_one_bad_file(tmp_path, capsys):
    content = content_folder(tmp_path)
    good = tmp_path / "e.txt"
    good.write_text("绿色先锋\n一、创建背景\n背景。\n二、主要措施\n（一）植树护绿\n每年植树。\n三、工作成效\n绿化提升。\n",
                    encoding="utf-8")
    bad = tmp_path / "f.doc"
    bad.write_bytes(b"\xd0\xcf\x11\xe0 old word")
    assert run_import(content, str(good), "--id", "lvse") == 0
    assert (content / "brands" / "lvse.yml").is_file()
    capsys.readouterr()
    assert run_import(content, "--force", str(good), str(bad)) == 1
    captured = capsys.readouterr()
    assert (content / "brands" / "lv-se-xian-feng.yml").is_file() and "f.doc" in captured.err
    assert "其余文件已导入" in captured.err
    assert run_import(content, str(good), str(good), "--id", "x") == 1
    assert "--id 只能在导入一条记录时使用" in capsys.readouterr().err
