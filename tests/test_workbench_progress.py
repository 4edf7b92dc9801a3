"""Publishing shows where the build is: the build tells each phase as it starts and counts the pages
MkDocs converts and writes and the pictures drawn; the workbench says it in Chinese, with a bar."""

import re
import shutil

from conftest import DEMO
from test_accessibility import AXE, axe
from workbench_client import workbench, workbench_page


def test_the_build_tells_each_phase_in_order_and_counts_pages_and_drawings(tmp_path):
    from generator.publish import pipeline

    content = tmp_path / "content"
    shutil.copytree(DEMO, content)
    events = []
    outcome = pipeline.build(content, tmp_path / "site", progress=lambda *event: events.append(event))
    assert outcome.ok
    assert list(dict.fromkeys(event[0] for event in events)) == list(pipeline.PHASES)
    for phase, step in (("生成页面", "生成"), ("MkDocs", "转换"), ("MkDocs", "写出")):
        counts = [(done, total) for p, s, done, total in events if (p, s) == (phase, step)]
        assert counts[-1] == (outcome.pages, outcome.pages) and [d for d, _ in counts] == sorted(d for d, _ in counts)
    drawn = [(done, total) for phase, step, done, total in events if step == "绘制"]
    assert drawn and drawn[-1][0] == drawn[-1][1] == outcome.cards_drawn
    events.clear()
    brand = content / "brands/xianfeng-shuihui.yml"
    brand.write_text(brand.read_text("utf-8").replace("口号: ", "口号: 新", 1), "utf-8")
    assert pipeline.build(content, tmp_path / "site", progress=lambda *event: events.append(event)).rebuilt == 1
    assert [e for e in events if e[:2] == ("MkDocs", "写出")] == [("MkDocs", "写出", 1, 1)]  # only the page that changed
    generated = [(done, total) for _, step, done, total in events if step == "生成"]
    assert generated[0][0] > 1 and generated[-1] == (outcome.pages, outcome.pages)  # unchanged pages come from the cache


def test_the_state_names_the_phase_its_place_and_how_far_in_chinese():
    from generator.publish import pipeline
    from generator.workbench.jobs import PHASE_TEXT, PublishJob

    assert list(PHASE_TEXT) == list(pipeline.PHASES)
    job = PublishJob()
    assert job.state(None)["text"] == "正在准备生成网站……"
    job.progressed("检查", "", None, None)
    state = job.state(None)
    assert state["text"] == "正在检查全部记录（第 1 步，共 7 步）……" and state["total"] is None
    assert re.fullmatch(r"已用时 \d+ 秒", state["detail"])
    job.progressed("MkDocs", "写出", 120, 1283)
    state = job.state(None)
    assert state["text"] == "正在生成网页（第 5 步，共 7 步）……"
    assert (state["done"], state["total"]) == (120, 1283) and state["detail"].startswith("已写出 120 / 1283 页，已用时 ")
    job.progressed("二维码和分享卡片", "绘制", 3, 55)
    assert job.state(None)["detail"].startswith("已绘制 3 / 55 项，")


def test_the_publish_page_follows_the_phase_and_the_count(tmp_path):
    from generator.workbench.jobs import PublishJob

    with workbench(tmp_path) as (client, _), workbench_page() as page:
        job = client.server.app.jobs.publishing = PublishJob()  # a build held still at known places
        job.progressed("MkDocs", "转换", 3, 10)
        html = client.get("/publish")[2]
        assert re.search(r'<progress id="publish-bar" aria-label="这一步的进度" max="10" value="3">', html)
        assert "已转换 3 / 10 页" in html and "正在生成网页（第 5 步，共 7 步）" in html
        page.goto(client.server.url)
        page.goto(f"http://127.0.0.1:{client.port}/publish")
        job.progressed("MkDocs", "写出", 7, 10)
        page.wait_for_function("document.getElementById('publish-bar').value === 7", timeout=10000)
        assert page.locator("#publish-detail").inner_text().startswith("已写出 7 / 10 页")
        page.screenshot(path=str(tmp_path / "publish-progress.png"))
        if AXE.is_file():  # the bar has a name; without axe-core the rest still holds
            assert axe(page) == []
        job.progressed("发布", "", None, None)
        page.wait_for_function("document.getElementById('publish-bar').hidden", timeout=10000)
        assert page.get_by_role("status").inner_text() == "正在换上新网站（第 7 步，共 7 步）……"
        job.failure, job.finished = "生成网站时出错：测试", job.started  # the page stops polling
        page.wait_for_function("document.getElementById('publish-progress').dataset.state === 'failed'", timeout=10000)
        assert page.errors == []
