"""A brand's fourth part (经验启示) is shown after 工作成效; the importer's 待核对 marks and a
handout's 观摩摘要 stay off the public pages."""

from generator.model.check import check_content
from generator.model.problems import Report
from generator.scaffold import scaffold
from generator.website.pages import plan
from generator.website.render import render
from generator.website.view import View

from conftest import brand, write_content

REVIEW_REASON = "加粗的短行当作小标题保密庚辛"
VISIT_SUMMARY = "观摩摘要只印手册壬癸"


def test_lessons_follow_outcomes_and_review_marks_stay_internal(tmp_path):
    record = brand(经验启示=[{"标题": "责任到人才能长久", "内容": "认领制度让每段河道都有人管。"}],
                   观摩摘要=VISIT_SUMMARY, 待核对=[{"字段": "主要措施 › 第1项 › 标题", "原因": REVIEW_REASON}])
    content = write_content(tmp_path / "content", brands={"bishui": record})
    report = Report()
    catalogue = check_content(content, report)
    assert not report.errors, [p.format() for p in report.errors]
    assert any("待核对" in p.format() for p in report.warnings)  # check reminds until someone confirms
    bishui = catalogue.brands["bishui"]
    assert bishui.lessons[0].title == "责任到人才能长久" and bishui.review[0].reason == REVIEW_REASON
    for preview in (False, True):
        page = render(plan(View(catalogue, preview)))["brands/bishui.md"]
        headings = [line for line in page.splitlines() if line.startswith("#")]
        assert headings.index("## 三、工作成效") < headings.index("## 四、经验启示")
        assert "### 启示一：责任到人才能长久" in headings
        assert REVIEW_REASON not in page and VISIT_SUMMARY not in page


def test_new_brand_scaffold_offers_the_new_fields():
    text = scaffold("brand", batch="第二批")
    assert "经验启示:" in text and "观摩摘要:" in text
    assert text.index("工作成效:") < text.index("经验启示:")
