"""Alliances, activities and campaigns in the workbench, as brands and cases: named status buttons,
状态记录, refusals that keep the public build whole, previews of their own pages, list columns."""

import re

from workbench_client import workbench


def _version(content, kind: str, record_id: str) -> str:
    from generator.model.schema import KINDS
    from generator.workbench.store import Store

    return Store(content).read(KINDS[kind], record_id).version


def _press(client, content, kind: str, record_id: str, action: str) -> tuple[int, str]:
    status, headers, page = client.post(f"/status/{kind}/{record_id}/{action}", [("_version", _version(content, kind, record_id))])
    if status == 303:
        page = client.get(headers["Location"])[2]
    return status, page


def _flash(page: str) -> str:
    return re.search(r'<div class="flash" role="status">(.*?)</div>', page, re.S).group(1)


def _buttons(page: str) -> list[str]:
    section = page.split('id="lifecycle-title"', 1)[1].split("</section>", 1)[0]
    return re.findall(r'<button type="submit"[^>]*>([^<]+)</button>', section)


def test_an_alliance_starts_running_by_its_button_and_only_the_status_lines_change(bench):
    client, content = bench
    path = content / "alliances/jinrong-pianqu.yml"
    path.write_text("# 城南片区，等工委批复\n" + path.read_text("utf-8"), "utf-8")
    before = path.read_text("utf-8").splitlines()
    page = client.get("/edit/alliance/jinrong-pianqu")[2]
    assert _buttons(page) == ["启动运行", "撤销联盟"]
    assert re.search(r'<input id="f-状态" value="筹建" readonly', page)  # changed by buttons only
    status, page = _press(client, content, "alliance", "jinrong-pianqu", "launch")
    assert status == 303 and "已启动运行" in page
    after = path.read_text("utf-8").splitlines()
    assert [line for line in before if line not in after] == ["状态: 筹建"]
    assert after[:len(before)] == [line.replace("状态: 筹建", "状态: 运行") for line in before]
    assert re.search(r"状态记录:\n  - 时间: .+\n    原状态: 筹建\n    新状态: 运行\n$", path.read_text("utf-8"))
    assert re.search(r"<caption>状态记录</caption>.*?筹建.*?运行", page, re.S)
    assert _buttons(page) == ["撤销联盟", "退回筹建"]


def test_an_alliance_with_published_activities_is_not_withdrawn_until_they_are(bench):
    client, content = bench
    path = content / "alliances/renfang-dalou.yml"
    before = path.read_bytes()
    status, page = _press(client, content, "alliance", "renfang-dalou", "dissolve")
    assert status == 200 and "还有 2 条已发布的工作动态属于这个党建联盟" in page
    assert "“七一”联合主题党日" in page and "金融知识进社区（草稿）" not in page  # the draft does not count
    assert path.read_bytes() == before
    for activity in ("2024-06-zhutidangri", "2024-08-xiaxiang"):
        assert _press(client, content, "activity", activity, "withdraw")[0] == 303
    assert _press(client, content, "alliance", "renfang-dalou", "dissolve")[0] == 303
    assert "状态: 撤销" in path.read_text("utf-8")


def test_a_brand_with_published_activities_or_meeting_stops_is_not_sent_back_either(bench):
    client, content = bench
    status, page = _press(client, content, "brand", "xianfeng-shuihui", "cultivate")
    assert status == 200 and "还有 1 条已发布的工作动态属于这个品牌" in page
    assert "观摩会“2024年县直机关党建特色品牌现场观摩会”的观摩点里有这个品牌，请先删去这个观摩点" in page
    assert "状态: 已认定" in (content / "brands/xianfeng-shuihui.yml").read_text("utf-8")
    status, page = _press(client, content, "brand", "mingjing-shenji", "cultivate")  # a stop, no activity
    assert status == 200 and "观摩点里有这个品牌" in _flash(page) and "工作动态" not in _flash(page)
    assert "状态: 已认定" in (content / "brands/mingjing-shenji.yml").read_text("utf-8")
    status, page = _press(client, content, "brand", "hongdun-huqi", "cultivate")  # neither
    assert status == 303 and "状态: 培育" in (content / "brands/hongdun-huqi.yml").read_text("utf-8")


def test_an_alliance_visited_by_a_meeting_is_not_dissolved(bench):
    client, content = bench
    meeting = content / "meetings/2024-guanmo.yml"
    meeting.write_text(meeting.read_text("utf-8") + "  - 联盟: fuwu-zhongxin\n    时间: \"16:00-16:30\"\n", "utf-8")
    for activity in ("2024-03-dangshi", "2024-05-zhuanban"):
        assert _press(client, content, "activity", activity, "withdraw")[0] == 303
    status, page = _press(client, content, "alliance", "fuwu-zhongxin", "dissolve")
    assert status == 200 and "的观摩点里有这个党建联盟" in page and "状态: 运行" in (content / "alliances/fuwu-zhongxin.yml").read_text("utf-8")


def test_an_activity_is_published_and_withdrawn_and_both_are_recorded(bench):
    client, content = bench
    path = content / "activities/2024-12-jinrong.yml"
    page = client.get("/edit/activity/2024-12-jinrong")[2]
    assert _buttons(page) == ["发布"] and "认定" not in _buttons(page)
    status, page = _press(client, content, "activity", "2024-12-jinrong", "publish")
    assert status == 303 and "已发布：状态由“草稿”改为“已发布”" in page
    status, page = _press(client, content, "activity", "2024-12-jinrong", "withdraw")
    assert status == 303 and _buttons(page) == ["发布"]
    text = path.read_text("utf-8")
    assert "状态: 草稿" in text and text.count("- 时间: ") == 2 and "新状态: 已发布" in text and "新状态: 草稿" in text
    assert re.search(r"<caption>状态记录</caption>.*?已发布.*?已发布.*?草稿", page, re.S)


def test_an_activity_of_an_alliance_that_is_not_running_is_not_published(bench):
    client, content = bench
    path = content / "activities/2024-12-jinrong.yml"
    path.write_text(path.read_text("utf-8").replace("联盟: renfang-dalou", "联盟: jinrong-pianqu"), "utf-8")
    before = path.read_bytes()
    status, page = _press(client, content, "activity", "2024-12-jinrong", "publish")
    assert status == 200 and "党建联盟“筹建中的城南片区党建联盟”的状态是“筹建”，不公开" in page
    assert path.read_bytes() == before


def test_a_campaign_is_withdrawn_and_published_again(bench):
    client, content = bench
    path = content / "campaigns/jiceng-2024.yml"
    status, page = _press(client, content, "campaign", "jiceng-2024", "withdraw")
    assert status == 303 and "状态: 草稿" in path.read_text("utf-8")
    assert _buttons(page) == ["发布"]
    status, page = _press(client, content, "campaign", "jiceng-2024", "publish")
    assert status == 303 and "状态: 已发布" in path.read_text("utf-8")
    assert re.search(r"<caption>状态记录</caption>.*?草稿.*?已发布", page, re.S)
    from generator.model.check import check_content
    from generator.model.problems import Report

    report = Report()
    catalogue = check_content(content, report)
    assert not report.errors and [c.new for c in catalogue.campaigns["jiceng-2024"].status_log] == ["草稿", "已发布"]


def test_lists_of_the_new_kinds_show_their_own_columns(bench):
    client, _ = bench
    page = client.get("/list/alliance")[2]
    assert '<th scope="col">牵头单位</th><th scope="col">年度</th>' in page and "批次" not in page
    assert re.search(r"行政中心党建联盟</a></td>\s*<td>运行</td>\s*<td>[^<]+（committee-office）</td>\s*<td>2024</td>", page)
    page = client.get("/list/activity?status=草稿")[2]
    assert '<th scope="col">主办单位</th><th scope="col">日期</th>' in page and "2024-12-20" in page
    page = client.get("/list/campaign")[2]
    assert '<th scope="col">年度</th>' in page and "党组织" not in page.split("<table", 1)[1]


def test_preview_opens_the_page_of_an_alliance_an_activity_and_a_campaign(bench):
    client, _ = bench
    for kind, record_id, folder, title in (("alliance", "jinrong-pianqu", "alliances", "筹建中的城南片区党建联盟"),
                                           ("activity", "2024-12-jinrong", "activities", "金融知识进社区"),
                                           ("campaign", "jiceng-2024", "campaigns", "基层组织建设年")):
        assert 'href="/preview/' in client.get(f"/edit/{kind}/{record_id}")[2]
        status, headers, _ = client.get(f"/preview/{kind}/{record_id}")
        assert status == 303 and headers["Location"] == f"/preview-site/{folder}/{record_id}/", kind
        status, _, page = client.get(headers["Location"])
        assert status == 200 and title in re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S).group(1), kind


def test_a_stop_offers_running_alliances_only(bench):
    client, _ = bench
    page = client.get("/edit/meeting/2024-guanmo")[2]
    alliances = re.search(r'<select id="f-观摩点-0-联盟".*?</select>', page, re.S).group(0)
    assert "人防大楼党建联盟（renfang-dalou）" in alliances and "jinrong-pianqu" not in alliances  # 筹建
    page = client.get("/edit/activity/2024-12-jinrong")[2]  # a draft activity may name any alliance
    assert "jinrong-pianqu" in re.search(r'<select id="f-联盟".*?</select>', page, re.S).group(0)


def test_a_clerk_writes_an_activity_publishes_it_and_finds_it_on_its_tag_page(tmp_path):
    from workbench_client import workbench_page

    with workbench(tmp_path) as (client, content), workbench_page() as page:
        page.goto(client.server.url)
        page.get_by_role("link", name="工作动态").click()
        page.get_by_label("编号（也是文件名，例如 water-brand）").fill("2024-12-xinnian")
        page.get_by_role("button", name="新建").click()
        page.wait_for_url("**/edit/activity/2024-12-xinnian*")
        page.get_by_label("标题（必填）").fill("迎新年党建联盟联学")
        page.get_by_label("日期（必填）").fill("2024-12-28")
        page.get_by_label("主办单位").select_option("audit-bureau")
        page.get_by_label("内容（必填）").fill("四家成员单位共同学习。\n\n交流年度工作体会。")
        tags = page.locator("fieldset#f-标签")
        tags.get_by_role("button", name="添加一项：标签").click()
        tags.locator("input").last.fill("党建联盟")
        page.get_by_role("button", name="保存").click()
        page.wait_for_selector("text=已保存")
        page.get_by_role("button", name="发布", exact=True).click()
        page.wait_for_selector("text=已发布：状态由“草稿”改为“已发布”")
        assert "已发布" in page.get_by_role("table", name="状态记录").inner_text()
        page.screenshot(path=str(tmp_path / "activity.png"), full_page=True)
        page.get_by_role("link", name="发布", exact=True).click()
        page.get_by_role("button", name="发布网站").click()
        page.locator("#publish-progress[data-state='done'], #publish-progress[data-state='failed']").wait_for(timeout=180000)
        assert "工作动态 13 条" in page.locator("#publish-state").inner_text(), page.locator("main").inner_text()
        assert page.errors == []
    site = tmp_path / "site"
    assert "迎新年党建联盟联学" in (site / "activities/2024-12-xinnian/index.html").read_text("utf-8")
    assert "activities/2024-12-xinnian/" in (site / "tags/dang-jian-lian-meng/index.html").read_text("utf-8")
    text = (content / "activities/2024-12-xinnian.yml").read_text("utf-8")
    assert text.startswith("# 由工作台新建的工作动态记录。\n") and "状态: 已发布" in text


def test_a_brand_offers_only_the_next_steps_of_the_campaign(bench):
    """申报 → 培育 → 验收中 → 已认定 or 未通过: an approved brand is never 提交验收 again, and one
    still declared is not "sent back" to cultivation."""
    client, content = bench
    path = content / "brands/hongdun-huqi.yml"
    text = path.read_text("utf-8")
    status_line = re.search(r"^状态: .*$", text, re.M).group(0)
    expected = {"已认定": ["退回培育"], "申报": ["开始培育", "提交验收"], "培育": ["提交验收", "认定", "不予认定"],
                "验收中": ["认定", "不予认定", "退回培育"], "未通过": ["退回培育", "提交验收"]}
    for status, buttons in expected.items():
        path.write_text(text.replace(status_line, f"状态: {status}"), "utf-8")
        assert _buttons(client.get("/edit/brand/hongdun-huqi")[2]) == buttons, status
    path.write_text(text.replace(status_line, "状态: 已认定"), "utf-8")
    status, page = _press(client, content, "brand", "hongdun-huqi", "submit")
    assert status == 200 and "不能提交验收" in page and "状态: 已认定" in path.read_text("utf-8")
    path.write_text(text.replace(status_line, "状态: 申报"), "utf-8")
    assert _press(client, content, "brand", "hongdun-huqi", "start")[0] == 303
    assert "状态: 培育" in path.read_text("utf-8")
    assert 'action="/approve-batch/brand"' in client.get("/list/brand")[2]  # the batch 认定 stays


def test_help_speaks_of_the_form_not_of_yaml_files(bench):
    """Office staff fill one box per item and choose units from a list: the schema's "[水利, 五星五型]"
    is said as items, and which file holds the names is not said."""
    client, _ = bench
    page = client.get("/edit/brand/hongdun-huqi")[2]
    assert "标签，例如：“水利”、“五星五型”" in page and "[水利, 五星五型]" not in page
    assert "创建品牌的党组织" in page and "units.yml" not in page  # a list to choose from: no file named
    assert "所属批次，例如：第二批" in page and "site.yml" not in page
