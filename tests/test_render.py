"""Stage 4: checked records → Markdown pages (what exists, numbering, links)."""

from generator.model.check import check_content
from generator.model.problems import Report
from generator.website.pages import plan
from generator.website.render import render
from generator.website.view import View

from conftest import SECRETS, full_content


def pages_of(tmp_path, preview=False):
    catalogue = check_content(full_content(tmp_path / "content"), Report())
    return render(plan(View(catalogue, preview)))


def test_public_pages_are_approved_and_published_only(tmp_path):
    pages = pages_of(tmp_path)
    assert "brands/bishui.md" in pages and "cases/liuzhua.md" in pages
    assert "brands/peiyu.md" not in pages and "cases/caogao.md" not in pages
    everything = "\n".join(pages.values())
    for secret in SECRETS.values():
        assert secret not in everything


def test_preview_shows_everything_marked(tmp_path):
    pages = pages_of(tmp_path, preview=True)
    draft = pages["brands/peiyu.md"]
    assert "未认定 · 仅供审阅" in draft and "\"robots\": \"noindex\"" in draft
    assert "仅供审阅" not in pages["brands/bishui.md"]
    assert "草稿 · 仅供审阅" in pages["cases/caogao.md"]
    internal = {SECRETS[k] for k in ("contact", "phone", "note", "presenter")}
    assert not any(secret in text for text in pages.values() for secret in internal)


def test_brand_page_numbering(tmp_path):
    page = pages_of(tmp_path)["brands/bishui.md"]
    headings = [line for line in page.splitlines() if line.startswith("#")]
    assert headings[0] == "# 碧水先锋"
    assert headings.index("## 一、创建背景") < headings.index("## 二、主要措施") < headings.index("## 三、工作成效")
    assert "### （一）强化理论学习" in headings and "### （二）建设示范阵地" in headings
    assert "**一是**第一点内容。" in page and "**二是**第二点内容。" in page
    assert "**12**个<br>覆盖党支部" in page
    assert "[测试县水利局机关党支部](../units/water.md)" in page
    assert "2024年12月5日" in page


def test_case_page_layout(tmp_path):
    page = pages_of(tmp_path)["cases/liuzhua.md"]
    assert "### （一）抓党支部规范化建设——筑基础，分类推进" in page
    assert "**一是深入调研、明确目标。**调研说明。" in page
    assert "### 启示一：创新是灵魂" in page
    assert "## 四、工作启示" in page
    assert "[碧水先锋](../brands/bishui.md)" in page


def test_lists_by_batch_unit_and_tag(tmp_path):
    pages = pages_of(tmp_path)
    assert "## 第二批（2024年）" in pages["brands/index.md"]
    assert "第一批" not in pages["brands/index.md"]  # a batch with no approved brand is not listed
    assert "[碧水先锋](../brands/bishui.md)" in pages["units/water.md"]
    assert "units/audit.md" not in pages  # only a failed brand: nothing public
    assert "[碧水先锋](../brands/bishui.md)" in pages["tags/wu-xing-wu-xing.md"]
    assert "tags/ji-fen-zhi-guan-li.md" in pages


def test_rendering_twice_gives_the_same_text(tmp_path):
    assert pages_of(tmp_path) == pages_of(tmp_path)
