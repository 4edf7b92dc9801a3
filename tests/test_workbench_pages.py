"""Every workbench page passes axe-core and works by keyboard; documents dropped on the import
page are imported; new units are offered; previews come from the real build."""

import base64
import re

import pytest

from importing import save_docx
from test_accessibility import AXE, axe, require
from workbench_client import workbench, workbench_page


@pytest.fixture(scope="module")
def bench(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("bench")
    with workbench(tmp) as (client, content), workbench_page() as page:
        page.goto(client.server.url)
        page.base = f"http://127.0.0.1:{client.port}"
        yield client, content, page


def _docx(path, unit_line=None):
    blocks = [("title", "测试导入品牌"), ("heading1", "一、创建背景"), ("plain", "背景说明文字。"),
              ("heading1", "二、主要措施"), ("heading2", "（一）强化学习"), ("plain", "措施说明文字。"),
              ("heading1", "三、工作成效"), ("plain", "成效说明文字。")]
    if unit_line:
        blocks.insert(1, ("plain", unit_line))
    save_docx(path, blocks)
    return path


PAGES = ["/list/brand", "/list/brand?status=已认定&q=先锋", "/list/case", "/list/meeting",
         "/edit/units/units", "/edit/site/site", "/edit/brand/xianfeng-shuihui", "/edit/brand/yangguang-caizheng",
         "/edit/case/liuzhua-shuili", "/edit/meeting/2024-guanmo", "/import", "/publish", "/recycle", "/没有这个页面",
         "/list/alliance", "/list/activity", "/list/campaign", "/edit/alliance/xingzheng-zhongxin",
         "/edit/activity/2024-12-jinrong", "/edit/campaign/jiceng-2024"]


@pytest.mark.parametrize("address", PAGES)
def test_axe_finds_nothing(bench, address):
    require(AXE.is_file(), "axe-core in .tools/")
    client, content, page = bench
    page.goto(page.base + address)
    assert axe(page) == []
    assert page.errors == []


def test_axe_on_pages_with_problems_a_broken_file_and_the_recycle_folder(bench, tmp_path):
    require(AXE.is_file(), "axe-core in .tools/")
    client, content, page = bench
    brand = content / "brands/mingjing-shenji.yml"
    text = brand.read_text("utf-8")
    brand.write_text(text.replace("批次: 第一批", "批次: 第九批").replace("党组织: audit-bureau", "党组织: nowhere"), "utf-8")
    page.goto(page.base + "/edit/brand/mingjing-shenji")
    assert page.locator("[aria-invalid=true]").count() == 2
    assert page.locator('.summary a[href="#f-党组织"]').count() == 1  # each problem leads to its field
    assert axe(page) == []
    brand.write_text("品牌名称: [坏的\n", "utf-8")
    page.goto(page.base + "/edit/brand/mingjing-shenji")
    assert "格式有错误" in page.locator("main").inner_text() and axe(page) == []
    brand.write_text(text, "utf-8")
    page.goto(page.base + "/edit/brand/hongdun-huqi")
    page.get_by_role("button", name="移到回收站").click()
    page.goto(page.base + "/recycle")
    assert axe(page) == []
    page.get_by_role("button", name="恢复 hongdun-huqi").click()
    assert (content / "brands/hongdun-huqi.yml").is_file()


def test_the_keyboard_alone_adds_fills_moves_and_saves_a_list_item(bench):
    client, content, page = bench
    page.goto(page.base + "/edit/meeting/2024-guanmo")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "跳到正文"
    for _ in range(600):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent") == "添加一项：观摩点":
            break
    else:
        pytest.fail("the add button is not reachable by Tab")
    count = page.locator("#f-观摩点 > ol > li").count()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.name").startswith("观摩点.n")  # focus is in the new item
    page.keyboard.press("ArrowDown")  # the first approved brand
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.type("16:00-16:20")
    for _ in range(10):  # the item's buttons come before its fields
        page.keyboard.press("Shift+Tab")
        if page.evaluate("document.activeElement.textContent") == "上移":
            break
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == f"上移：观摩点第{count}项"
    assert page.locator("#list-status").inner_text() == f"已移到第{count}项"  # said to screen readers
    assert page.locator("#f-观摩点 > ol > li").nth(count - 1).get_by_label("时间").input_value() == "16:00-16:20"
    for _ in range(400):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent") == "保存":
            break
    page.keyboard.press("Enter")
    page.wait_for_selector("text=已保存")
    saved = (content / "meetings/2024-guanmo.yml").read_text("utf-8")
    assert saved.index("16:00-16:20") < saved.rindex("时间:")  # not the last stop: moved up


def test_a_document_dropped_on_the_page_is_imported_and_opens_in_its_form(bench, tmp_path):
    client, content, page = bench
    data = base64.b64encode(_docx(tmp_path / "拖放.docx").read_bytes()).decode()
    page.goto(page.base + "/import")
    page.evaluate("""([name, data]) => {
        const bytes = Uint8Array.from(atob(data), c => c.charCodeAt(0));
        const files = new DataTransfer();
        files.items.add(new File([bytes], name));
        document.getElementById('dropzone').dispatchEvent(
            new DragEvent('drop', {dataTransfer: files, bubbles: true, cancelable: true}));
    }""", ["拖放.docx", data])
    page.wait_for_url("**/edit/brand/**")
    assert page.get_by_label("品牌名称").input_value() == "测试导入品牌"
    assert "已导入 拖放.docx" in page.locator(".flash").inner_text()
    page.get_by_role("button", name="移到回收站").click()


def test_a_unit_the_document_names_is_offered_as_a_new_unit(bench, tmp_path):
    client, content, page = bench
    page.goto(page.base + "/import")
    page.get_by_label("选择要导入的文件").set_input_files(str(_docx(tmp_path / "新单位.docx", "中共青岚县新成立局机关支部委员会")))
    page.get_by_role("button", name="导入", exact=True).click()
    page.wait_for_url("**/edit/brand/**")
    assert page.get_by_label("党组织").get_attribute("aria-invalid") == "true"
    assert page.get_by_label("新组织全称").input_value() == "中共青岚县新成立局机关支部委员会"
    if AXE.is_file():
        assert axe(page) == []
    units_before = (content / "units.yml").read_bytes()
    page.get_by_role("button", name="添加为新组织并选用").click()
    page.wait_for_selector("text=已在 units.yml 末尾添加党组织")
    unit = page.get_by_label("党组织")
    assert "新成立局" in unit.locator("option:checked").inner_text() and unit.get_attribute("aria-invalid") is None
    assert (content / "units.yml").read_bytes().startswith(units_before)
    page.get_by_role("button", name="移到回收站").click()


def test_new_units_of_a_sheet_are_confirmed_before_anything_is_written(bench, tmp_path):
    client, content, page = bench
    from test_import_sheets import save_sheet

    save_sheet(tmp_path / "申报表.xlsx")
    units_before = (content / "units.yml").read_bytes()
    page.goto(page.base + "/import")
    page.get_by_label("选择要导入的文件").set_input_files(str(tmp_path / "申报表.xlsx"))
    page.get_by_role("button", name="导入", exact=True).click()
    assert "测试县财政局机关党支部" in page.get_by_role("region", name="需要添加党组织").inner_text()
    assert (content / "units.yml").read_bytes() == units_before
    if AXE.is_file():
        assert axe(page) == []
    page.get_by_role("button", name="添加党组织并导入").click()
    links = page.get_by_role("region", name="导入的记录").get_by_role("link")
    assert links.count() == 3
    assert "测试县财政局机关党支部" in (content / "units.yml").read_text("utf-8")


def test_preview_shows_a_draft_as_the_real_build_makes_it(bench):
    client, content, page = bench
    page.goto(page.base + "/edit/brand/yangguang-caizheng")  # 培育: never public, previewable
    page.get_by_role("link", name="预览页面").click()
    page.wait_for_url(re.compile(r".*/preview-site/brands/.+/"), timeout=120000)
    assert "阳光财政" in page.locator("h1").first.inner_text()
    assert "workbench" not in page.url and page.locator("link[rel=stylesheet]").count() > 0


def test_stops_are_reordered_by_dragging(bench):
    client, content, page = bench
    page.goto(page.base + "/edit/meeting/2024-guanmo")
    items = page.locator("#f-观摩点 > ol > li")
    count = items.count()
    times = [items.nth(i).get_by_label("时间").input_value() for i in range(count)]
    handle = items.last.locator(".handle")
    handle.scroll_into_view_if_needed()
    start = handle.bounding_box()
    page.mouse.move(start["x"] + 10, start["y"] + 10)
    page.mouse.down()
    page.mouse.move(start["x"] + 14, start["y"] - 10, steps=4)  # the drag starts after a few pixels
    above = items.nth(count - 2).bounding_box()  # the item before, whose lower part is on screen
    page.mouse.move(above["x"] + 60, above["y"] + above["height"] - 30, steps=8)
    page.mouse.up()
    first, last = times[-2], times[-1]
    assert [items.nth(i).get_by_label("时间").input_value() for i in range(count)] == times[:-2] + [last, first]
    assert items.nth(count - 2).get_by_role("button", name="上移").get_attribute("aria-label") == f"上移：观摩点第{count - 1}项"
    page.get_by_role("button", name="保存").click()
    page.wait_for_selector("text=已保存")
    saved = (content / "meetings/2024-guanmo.yml").read_text("utf-8")
    assert saved.index(last) < saved.index(first)


def test_a_logo_uploaded_in_the_form_fills_its_field_without_metadata(bench, tmp_path):
    from PIL import Image

    client, content, page = bench
    photo = tmp_path / "新标识.jpg"
    exif = Image.Exif()
    exif[0x013B] = "作者某某"
    Image.new("RGB", (300, 200), "red").save(photo, "JPEG", exif=exif.tobytes())
    page.goto(page.base + "/edit/brand/yangguang-caizheng")
    page.get_by_label("上传图片：标识").set_input_files(str(photo))
    page.wait_for_selector("text=已上传图片")
    value = page.get_by_label("标识", exact=True).input_value()
    assert value.startswith("images/") and value.endswith(".jpg")
    page.get_by_role("button", name="保存").click()
    page.wait_for_selector("text=已保存")
    assert f"标识: {value}" in (content / "brands/yangguang-caizheng.yml").read_text("utf-8")
    with Image.open(content / value) as saved:
        assert not saved.getexif()
    assert page.locator("#f-标识[aria-invalid=true]").count() == 0


def test_leaving_a_changed_form_asks_first(bench):
    client, content, page = bench
    page.goto(page.base + "/edit/brand/xianfeng-shuihui")
    page.get_by_label("口号").fill("还没保存的口号")
    dialogs = []
    page.once("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.accept()))
    page.get_by_role("link", name="案例").click()
    page.wait_for_url("**/list/case")
    assert dialogs == ["beforeunload"]
    assert "还没保存的口号" not in (content / "brands/xianfeng-shuihui.yml").read_text("utf-8")
