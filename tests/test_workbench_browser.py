"""The clerk's whole path in Chromium, by the words on the screen: drop a Word acceptance
report → fix its unit in the form → approve it into a batch → publish → the public site has
the page and its search finds it → put it into a meeting → download the handout PDF."""

import shutil
import subprocess
from urllib.parse import unquote

import pytest

from browser import chromium_page, search, serve_folder
from generator.model.slugs import slug
from importing import save_docx
from test_unseen import documented_folder
from workbench_client import workbench

NAME = "清风护航"


def report_docx(folder):
    path = folder / f"{NAME}.docx"
    save_docx(path, [
        ("title", NAME),
        ("heading1", "一、创建背景"),
        ("plain", "县市场监管局承担全县市场监管任务，支部把党建工作与廉政教育结合起来。"),
        ("heading1", "二、主要措施"),
        ("heading2", "（一）强化理论武装，筑牢思想根基"),
        ("plain", "一是坚持每月集中学习。二是开展廉政微课堂。"),
        ("heading2", "（二）建设廉政教育阵地"),
        ("plain", "在机关二楼建成廉政文化长廊，常年开放。"),
        ("heading1", "三、工作成效"),
        ("plain", "品牌创建以来，机关作风明显好转，群众满意度达到百分之九十八。"),
    ])
    return path


@pytest.mark.parametrize("folder", ["demo", "records_md"])
def test_word_report_to_published_page_and_printed_handout(tmp_path, folder):
    if folder == "records_md":  # the folder a new user writes from ../shared/RECORDS.md
        documented_folder(tmp_path / "content")
    with workbench(tmp_path) as (client, content), chromium_page() as page:
        page.goto(client.server.url)
        page.get_by_role("link", name="导入").click()
        page.get_by_label("选择要导入的文件").set_input_files(str(report_docx(tmp_path)))
        page.get_by_role("button", name="导入", exact=True).click()

        page.wait_for_url("**/edit/brand/**")
        assert page.get_by_role("heading", level=1).inner_text() == NAME
        unit = page.get_by_label("党组织")
        assert unit.get_attribute("aria-invalid") == "true"  # the document names no unit we know
        unit.select_option(unit.locator("option").nth(1).get_attribute("value"))
        page.get_by_role("button", name="保存").click()
        page.wait_for_selector("text=已保存")
        assert page.get_by_label("党组织").get_attribute("aria-invalid") is None

        page.get_by_label("认定批次").select_option("第二批")
        page.get_by_label("本次认定日期").fill("2024-12-05")
        page.get_by_role("button", name="认定", exact=True).click()
        page.wait_for_selector("text=已认定：状态由")
        log = page.get_by_role("table", name="状态记录")
        assert "已认定" in log.inner_text()
        record_id = page.url.rsplit("/", 1)[1].split("?")[0]

        page.get_by_role("link", name="发布", exact=True).click()
        page.get_by_role("button", name="发布网站").click()
        page.locator("#publish-progress[data-state='done'], #publish-progress[data-state='failed']").wait_for(timeout=180000)
        assert "发布完成" in page.locator("#publish-state").inner_text(), page.locator("main").inner_text()
        page.get_by_role("link", name="查看发布的网站").click()
        page.locator("h1").first.wait_for()  # count() does not wait for the page to load
        assert "/site/" in page.url
        page.go_back()

        with serve_folder(tmp_path / "site") as base:
            page.goto(base + f"brands/{slug(unquote(record_id))}/")
            assert NAME in page.locator("h1").first.inner_text()
            assert any(slug(unquote(record_id)) in link for link in search(page, NAME))

        page.goto(f"http://127.0.0.1:{client.port}/list/meeting")
        page.get_by_role("table").get_by_role("link").first.click()
        stops = page.locator("fieldset#f-观摩点")
        before = stops.locator(":scope > ol > li").count()
        stops.get_by_role("button", name="添加一项：观摩点").click()
        new_stop = stops.locator(":scope > ol > li").last
        new_stop.get_by_label("品牌").select_option(unquote(record_id))
        new_stop.get_by_label("时间").fill("15:00-15:30")
        new_stop.get_by_label("地点").fill("县纪委机关二楼廉政文化长廊")
        up = new_stop.get_by_role("button", name="上移")
        up.focus()
        page.keyboard.press("Enter")  # by keyboard: the new stop becomes the one before last
        assert stops.locator(":scope > ol > li").nth(before - 1).get_by_label("时间").input_value() == "15:00-15:30"
        page.get_by_role("button", name="保存").click()
        page.wait_for_selector("text=已保存")
        meeting = content / "meetings" / (unquote(page.url.rsplit("/", 1)[1].split("?")[0]) + ".yml")
        assert "县纪委机关二楼廉政文化长廊" in meeting.read_text("utf-8")

        with page.expect_download() as download:
            page.get_by_role("button", name="生成手册").click()
        pdf = tmp_path / "handout.pdf"
        download.value.save_as(pdf)
        assert pdf.read_bytes().startswith(b"%PDF")
        if shutil.which("pdftotext"):
            text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
            assert NAME in text and "廉政文化长廊" in text
        assert page.outside == []

