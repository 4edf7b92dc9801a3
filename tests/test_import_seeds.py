"""The seed case of ../shared/seeds/ (beside the project's own checkout only): imported with
its six practices, three outcomes and three lessons. Skipped in a plain clone."""

from __future__ import annotations

from generator.model.fieldtypes import Context
from generator.model.load import Marks
from generator.model.problems import Report
from generator.model.schema import read_record

from importing import (SEED_CASE, assert_checks, assert_conserved, assert_unnumbered, content_folder, needs_seeds,
                       read_raw, run_import)

SEED_ID = "jian-chi-liu-zhua-gong-zuo-ji-zhi"  # the pinyin of its title


@needs_seeds
def test_seed_case_has_six_practices_three_outcomes_three_lessons(tmp_path, capsys):
    content = content_folder(tmp_path)
    assert run_import(content, str(SEED_CASE)) == 0
    out = capsys.readouterr().out
    target = content / "cases" / f"{SEED_ID}.yml"
    case = read_raw(target)

    assert case["标题"] == "坚持“六抓”工作机制"
    assert case["副标题"] == "推动形成大抓基层大抓支部良好态势"
    assert case["发布单位"] == "省直机关工委组织部、水利厅直属机关党委"
    assert case["发布日期"] == "2018-12-07"
    assert case["状态"] == "草稿"
    practices = case["主要做法"]
    assert [p["标题"] for p in practices] == [
        "抓“党员党性修养培育工程”", "抓党支部规范化建设", "抓党支部结对互促", "抓党员积分制管理",
        "抓党风廉政建设", "抓党建服务水利中心工作"]
    assert all(p.get("要旨") for p in practices)
    assert practices[1]["要旨"] == "筑基础，分类分级推动党支部建设规范化标准化"
    assert [len(p.get("要点", [])) for p in practices] == [3, 3, 3, 0, 3, 0]
    for n in (0, 1, 2, 4):  # the practices written as 一是/二是/三是
        assert all(point.get("引语") and point.get("内容") for point in practices[n]["要点"])
    assert [p["引语"] for p in practices[1]["要点"]] == ["深入调研、明确目标", "加强培训、抓实班子", "规范制度、夯实基础"]
    assert practices[1]["要点"][0]["内容"].startswith("形成《四川省水利厅基层党支部建设调研报告》")
    assert practices[4]["要点"][0]["引语"] == "抓源头，深化廉政风险防控机制建设"
    assert practices[3]["内容"].startswith("2017年5月启动试点")  # a practice written as one paragraph
    assert [o["标题"] for o in case["工作成效"]] == [
        "思想政治建设取得新成效", "大抓基层大抓支部的良好氛围逐步形成", "两个作用发挥成效突出"]
    assert case["工作成效"][0]["内容"].startswith("通过实施“六抓”工作机制，全厅上下")  # the broken line joined
    assert len(case["工作启示"]) == 3
    assert case["工作启示"][0]["标题"] == "增强党支部书记的责任感使命感是提升基层党支部组织力的关键"
    assert_unnumbered(case)

    assert "严格落实全面从严治党主体责任" in case["主要做法"][1]["内容"]  # the words before 一是
    assert "主要做法 6 项" in out and "工作成效 3 项" in out and "工作启示 3 条" in out
    assert "没有出现在记录里" not in out
    ctx = Context(target, Marks(), Report(), content)
    record, complete = read_record("case", case, ctx)
    assert complete and record.published_on.isoformat() == "2018-12-07"
    assert_checks(content)
    assert_conserved(SEED_CASE.read_text(encoding="utf-8"), target)
