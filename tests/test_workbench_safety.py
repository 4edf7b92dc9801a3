"""The workbench's promises: nobody else in (127.0.0.1, token, Host, Origin), nothing lost
(only what changed is rewritten, conflicts kept, deletes recycled), pictures stripped of
metadata, and bad input answered in Chinese while the server keeps running."""

import io
import re
from urllib.parse import quote

import pytest
from PIL import Image

from generator.model.check import check_content
from generator.model.problems import Report
from generator.model.schema import KINDS
from generator.workbench import forms
from generator.workbench.app import App
from generator.workbench.listing import options
from workbench_client import form_pairs, workbench

BRAND = "brands/xianfeng-shuihui.yml"


@pytest.fixture
def bench(tmp_path):
    with workbench(tmp_path) as (client, content):
        yield client, content


def test_binds_to_loopback_only(bench):
    client, _ = bench
    assert client.server.server_address[0] == "127.0.0.1"


def test_token_is_required_and_becomes_a_strict_cookie(bench):
    client, _ = bench
    status, _, text = client.get("/list/brand", cookie=False)
    assert status == 403 and "访问口令" in text
    status, _, _ = client.get("/list/brand", cookie=False, headers={"Cookie": "workbench_token=wrong"})
    assert status == 403
    status, headers, _ = client.get(f"/list/brand?token={client.token}", cookie=False)
    assert status == 303 and headers["Location"] == "/list/brand"
    cookie = headers["Set-Cookie"]
    assert client.token in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert client.get("/list/brand")[0] == 200


@pytest.mark.parametrize("host", ["evil.example", "evil.example:80", "127.0.0.1:1", "192.168.1.5:{port}"])
def test_another_host_is_refused(bench, host):
    client, _ = bench
    status, _, text = client.get("/list/brand", headers={"Host": host.format(port=client.port)})
    assert status == 403 and "拒绝访问" in text
    assert client.get("/list/brand", headers={"Host": f"localhost:{client.port}"})[0] == 200


def test_a_foreign_origin_cannot_post(bench):
    client, content = bench
    before = (content / BRAND).read_bytes()
    for headers in ({"Origin": "http://evil.example"}, {"Origin": "null"},
                    {"Origin": None, "Sec-Fetch-Site": "cross-site"}):
        status, _, text = client.post("/delete/brand/xianfeng-shuihui", [], headers=headers)
        assert status == 403 and "其他网站" in text
    assert (content / BRAND).read_bytes() == before


def _pairs(content, kind: str, record_id: str, change=None):
    app = App(content, content.parent / "site")
    loaded = app.store.read(KINDS[kind], record_id)
    control = forms.form(KINDS[kind].group, loaded.data, options(app.store, app.checker, KINDS[kind]), {})
    pairs = form_pairs(control)
    if change:
        pairs = [(k, change.get(k, v)) for k, v in pairs]
    return [("_version", loaded.version)] + pairs


@pytest.mark.parametrize("kind", ["brand", "case", "meeting", "units", "site", "alliance", "activity", "campaign"])
def test_saving_an_unchanged_form_changes_no_byte(bench, kind):
    client, content = bench
    app = App(content, content.parent / "site")
    for record_id in app.store.ids(KINDS[kind]):
        path = app.store.path_of(KINDS[kind], record_id)
        before = path.read_bytes()
        status, _, _ = client.post(f"/save/{kind}/{record_id}", _pairs(content, kind, record_id))
        assert status == 303
        assert path.read_bytes() == before, record_id


def test_saving_rewrites_only_the_changed_field_and_keeps_comments(bench):
    client, content = bench
    path = content / BRAND
    text = path.read_text("utf-8").replace("创建背景:", "# 背景的注释\n创建背景:", 1)
    path.write_text("# 我的注释：不要删\n" + text.replace("\n批次:", "\n批次:  # 行尾注释", 1), "utf-8")
    before = path.read_text("utf-8").splitlines()
    pairs = _pairs(content, "brand", "xianfeng-shuihui", {"口号": "新的口号", "主要措施.1.标题": "改过的标题"})
    assert client.post("/save/brand/xianfeng-shuihui", pairs)[0] == 303
    after = path.read_text("utf-8").splitlines()
    changed = [(a, b) for a, b in zip(before, after) if a != b]
    assert len(before) == len(after) and len(changed) == 2, changed
    assert after[0] == "# 我的注释：不要删" and "# 背景的注释" in after and any("# 行尾注释" in a for a in after)
    assert any("口号: 新的口号" in b for _, b in changed) and any("标题: 改过的标题" in b for _, b in changed)


@pytest.mark.parametrize("field", ["口号", "创建背景"])
@pytest.mark.parametrize("pasted", ["\u2028", "\u2029", "\x85", "\x0b", "\x1c"])
def test_pasted_separators_and_control_characters_never_cut_the_text_or_break_the_file(bench, field, pasted):
    """Word and web pages paste line separators (U+2028, U+2029, NEL) and stray control characters:
    the save keeps every word and a file that reads; a control character is then the checker's
    error to show, not a broken file."""
    client, content = bench
    value = f"第一句。{pasted}第二句。" + ("\n第二段。" if field == "创建背景" else "")
    assert client.post("/save/brand/xianfeng-shuihui", _pairs(content, "brand", "xianfeng-shuihui", {field: value}))[0] == 303
    report = Report()
    catalogue = check_content(content, report)
    problems = [p for p in report.problems if p.file and p.file.name == "xianfeng-shuihui.yml"]
    assert all(p.field.startswith(field) for p in problems), [p.format() for p in problems]
    if pasted in "\u2028\u2029\x85":  # line breaks by meaning
        assert not problems
        read = catalogue.brands["xianfeng-shuihui"]
        text = read.slogan if field == "口号" else read.background
        assert "第一句。" in text and "第二句。" in text
    else:
        assert problems and "第二句" in (content / BRAND).read_text("utf-8")


@pytest.mark.parametrize("change, words", [
    (lambda text: text.replace("口号:", "口号: &slogan", 1) + "备注: *slogan\n", "锚点和别名"),
    (lambda text: text + "口号: 又一个口号\n", "重复的字段名"),
    (lambda text: "- " + text.replace("\n", "\n  "), "最外层是一串列表"),
])
def test_files_the_form_cannot_rewrite_faithfully_open_as_text(bench, change, words):
    """Shared values (& and *), a field twice, a list at the top: a form save would change other
    places or lose fields, so the page offers the file's text and a form post is refused."""
    client, content = bench
    path = content / BRAND
    path.write_text(change(path.read_text("utf-8")), "utf-8")
    before = path.read_bytes()
    status, _, page = client.get("/edit/brand/xianfeng-shuihui")
    assert status == 200 and words in page and 'name="_text"' in page and "record-form" not in page
    version = re.search(r'name="_version" value="([^"]+)"', page).group(1)
    status, _, answer = client.post("/save/brand/xianfeng-shuihui", [("_version", version), ("口号", "新的口号")])
    assert words in answer and path.read_bytes() == before


def test_saving_keeps_the_files_permissions(bench):
    client, content = bench
    path = content / BRAND
    path.chmod(0o640)  # readable by the office's group, say
    pairs = _pairs(content, "brand", "xianfeng-shuihui", {"口号": "新的口号"})
    assert client.post("/save/brand/xianfeng-shuihui", pairs)[0] == 303
    assert "新的口号" in path.read_text("utf-8") and path.stat().st_mode & 0o777 == 0o640


def test_a_record_changed_meanwhile_is_never_overwritten(bench):
    client, content = bench
    path = content / BRAND
    pairs = _pairs(content, "brand", "xianfeng-shuihui", {"口号": "标签页一的口号"})
    disk = path.read_text("utf-8").replace("品牌名称:", "# 另一个程序改过\n品牌名称:", 1)
    path.write_text(disk, "utf-8")
    status, _, text = client.post("/save/brand/xianfeng-shuihui", pairs)
    assert status == 200 and "已被修改" in text
    assert path.read_text("utf-8") == disk
    copies = list((content / ".冲突副本").rglob("*.yml"))
    assert len(copies) == 1 and "标签页一的口号" in copies[0].read_text("utf-8")


@pytest.mark.parametrize("name", ["申报\x00书.txt", "关于" + "水" * 90 + "的申报书.txt", "..\\..\\申报书.txt"])
def test_documents_with_odd_file_names_are_imported(bench, name):
    """Names a browser may send: a NUL, more than the file system's 255 bytes, Windows folders."""
    client, content = bench
    text = "品牌名称：清风水利\n党组织：测试县水利局机关党支部\n创建背景\n水利工作关系民生。\n"
    boundary = "----workbench-test-boundary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{name}\"\r\n"
            f"Content-Type: text/plain\r\n\r\n{text}\r\n--{boundary}--\r\n").encode("utf-8")
    status, _, page = client.request("POST", "/import", body, {"Content-Type": f"multipart/form-data; boundary={boundary}"})
    assert status in (200, 303) and "Traceback" not in page and "内部错误" not in page
    assert not (content.parent / "申报书.txt").exists() and not (content / "申报书.txt").exists()


def _unit_pairs(content, order):
    """The units form posted with its items in `order` (their places in the file), as the page
    sends them after the clerk removed or moved some."""
    pairs = _pairs(content, "units", "units")
    items = {}
    for name, value in pairs[1:]:
        items.setdefault(name.split(".", 1)[0], []).append((name, value))
    return pairs[:1] + [pair for i in order for pair in items[str(i)]]


def test_removed_and_moved_list_items_take_their_comments_and_other_keys_along(bench):
    client, content = bench
    path = content / "units.yml"
    text = path.read_text("utf-8")
    text = text.replace("  上级: 中共青岚县直属机关工作委员会\n", "  上级: 中共青岚县直属机关工作委员会\n  成立日期: 1985-07-01\n", 1)
    text = text.replace("  名称: 中共青岚县水利局直属机关委员会\n", "  名称: 中共青岚县水利局直属机关委员会  # 2024年改名\n", 1)
    path.write_text(text, "utf-8")

    def unit_of(line: str) -> str:  # the 编号 of the unit a line belongs to
        lines = path.read_text("utf-8").splitlines()
        at = next(i for i, l in enumerate(lines) if line in l)
        return next(l for l in reversed(lines[:at + 1]) if l.startswith("- 编号:")).split(": ")[1]

    count = path.read_text("utf-8").count("\n- 编号:")
    assert client.post("/save/units/units", _unit_pairs(content, [1, 0, *range(2, count)]))[0] == 303
    assert unit_of("成立日期: 1985-07-01") == "committee-office" and unit_of("# 2024年改名") == "water-committee"
    assert path.read_text("utf-8").index("water-committee") < path.read_text("utf-8").index("committee-office")
    assert client.post("/save/units/units", _unit_pairs(content, [0, *range(2, count)]))[0] == 303  # the moved-down one removed
    assert "committee-office" not in path.read_text("utf-8") and "成立日期" not in path.read_text("utf-8")
    assert unit_of("# 2024年改名") == "water-committee"
    report = Report()
    check_content(content, report)
    assert not [p for p in report.errors if p.file and p.file.name == "units.yml"]


def test_a_comment_above_a_list_item_stays_above_it_when_the_item_above_is_removed(bench):
    """ruamel keeps such a comment at the end of the item above: removing that item took it along."""
    client, content = bench
    path = content / BRAND
    text = path.read_text("utf-8")
    second = re.findall(r"^  - 标题: .*$", text, re.M)[1]
    path.write_text(text.replace(second, "  # 第二项是核心，请勿删除\n" + second, 1), "utf-8")
    pairs = _pairs(content, "brand", "xianfeng-shuihui")
    kept = [(k, v) for k, v in pairs if not k.startswith("主要措施.0.")]
    assert client.post("/save/brand/xianfeng-shuihui", kept)[0] == 303
    lines = path.read_text("utf-8").splitlines()
    at = lines.index("  # 第二项是核心，请勿删除")
    assert lines[at + 1] == second and lines[at - 1] == "主要措施:"


def test_a_long_named_record_changed_meanwhile_still_keeps_the_typed_version(bench):
    """A file name near the system's 255 bytes (made outside the workbench): its conflict copy
    and temporary files are named shorter, never refused by the file system."""
    client, content = bench
    long_id = "关于" + "水" * 78  # 240 bytes of UTF-8
    path = content / "brands" / f"{long_id}.yml"
    path.write_bytes((content / BRAND).read_bytes())
    pairs = _pairs(content, "brand", long_id, {"口号": "标签页一的口号"})
    path.write_text(path.read_text("utf-8") + "# 另一个程序改过\n", "utf-8")
    status, _, text = client.post(f"/save/brand/{quote(long_id)}", pairs)
    assert status == 200 and "已被修改" in text
    copies = list((content / ".冲突副本").rglob("*.yml"))
    assert len(copies) == 1 and "标签页一的口号" in copies[0].read_text("utf-8")
    pairs = _pairs(content, "brand", long_id, {"口号": "标签页二的口号"})
    assert client.post(f"/save/brand/{quote(long_id)}", pairs)[0] == 303 and "标签页二的口号" in path.read_text("utf-8")


@pytest.mark.parametrize("kind, record_id, name", [("brand", "xianfeng-shuihui", BRAND), ("units", "units", "units.yml")])
def test_a_post_carrying_no_field_changes_nothing(bench, kind, record_id, name):
    client, content = bench
    before = (content / name).read_bytes()
    version = _pairs(content, kind, record_id)[0]
    assert client.post(f"/save/{kind}/{record_id}", [version])[0] == 303
    assert (content / name).read_bytes() == before


def test_delete_goes_to_the_recycle_folder_and_comes_back(bench):
    client, content = bench
    before = (content / BRAND).read_bytes()
    assert client.post("/delete/brand/xianfeng-shuihui", [])[0] == 303
    assert not (content / BRAND).exists()
    report = Report()
    check_content(content, report)
    assert not any(".回收站" in str(p.file) for p in report.problems)
    status, _, text = client.get("/recycle")
    entry = re.search(r'name="entry" value="([^"]+)"', text).group(1)
    assert client.post("/restore", [("entry", entry)])[0] == 303
    assert (content / BRAND).read_bytes() == before


def _jpeg_with_gps() -> bytes:
    picture = Image.new("RGB", (64, 48), "red")
    exif = Image.Exif()
    exif[0x013B] = "拍摄者张某"  # Artist
    exif[0x8825] = {1: "N", 2: (30.0, 15.0, 0.0)}  # GPS
    out = io.BytesIO()
    picture.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def _png_with_text() -> bytes:
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "张某")
    info.add_text("XML:com.adobe.xmp", "<x:xmpmeta>GPS</x:xmpmeta>")
    out = io.BytesIO()
    Image.new("RGBA", (32, 32), "blue").save(out, "PNG", pnginfo=info)
    return out.getvalue()


def test_uploaded_pictures_lose_their_metadata(bench):
    client, content = bench
    raw = _jpeg_with_gps()
    assert Image.open(io.BytesIO(raw)).getexif()
    status, result = client.upload("/upload-image", "image", "现场.jpg", raw)
    assert status == 200, result
    saved = content / result["path"]
    with Image.open(saved) as picture:
        assert not picture.getexif() and "exif" not in picture.info
    assert b"GPS" not in saved.read_bytes() and "张某".encode() not in saved.read_bytes()
    status, result = client.upload("/upload-image", "image", "logo.png", _png_with_text())
    saved = content / result["path"]
    with Image.open(saved) as picture:
        assert not picture.text
    assert b"xmpmeta" not in saved.read_bytes()


def test_svg_bombs_and_fakes_are_refused_in_chinese(bench):
    client, content = bench
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    status, result = client.upload("/upload-image", "image", "logo.svg", svg)
    assert status == 400 and "SVG" in result["error"]
    status, result = client.upload("/upload-image", "image", "logo.png", b"not a picture")
    assert status == 400 and "不是有效的图片" in result["error"]
    out = io.BytesIO()
    Image.new("1", (12000, 12000)).save(out, "PNG")  # 144 million pixels in a few kilobytes
    status, result = client.upload("/upload-image", "image", "bomb.png", out.getvalue())
    assert status == 400 and "像素太多" in result["error"]


def test_large_pictures_are_scaled_down(bench):
    client, content = bench
    out = io.BytesIO()
    Image.new("RGB", (5000, 3000), "white").save(out, "JPEG")
    status, result = client.upload("/upload-image", "image", "大图.jpg", out.getvalue())
    with Image.open(content / result["path"]) as picture:
        assert max(picture.size) <= 2400


def test_bad_input_gets_chinese_messages_and_the_server_keeps_running(bench):
    client, content = bench
    for method, path, pairs in (("GET", "/edit/brand/不存在", None), ("GET", "/list/nonsense", None),
                                ("POST", "/save/brand/不存在", []), ("POST", "/new/brand", [("_id", "../evil")]),
                                ("POST", "/new/brand", [("_id", "a\x00b")]), ("POST", "/new/brand", [("_id", "水" * 60)]),
                                ("POST", "/status/brand/xianfeng-shuihui/explode", []),
                                ("POST", "/restore", [("entry", "../../etc/passwd")])):
        status, _, text = client.post(path, pairs) if method == "POST" else client.get(path)
        assert status in (400, 404) and "Traceback" not in text and re.search("[\u4e00-\u9fff]", text), path
    (content / BRAND).write_text("品牌名称: [坏的\n", "utf-8")
    status, _, text = client.get("/edit/brand/xianfeng-shuihui")
    assert status == 200 and "格式有错误" in text and "Traceback" not in text
    assert client.get("/list/brand")[0] == 200


def test_approving_is_refused_while_the_record_has_errors_and_is_recorded(bench):
    client, content = bench
    path = content / "brands/hongdun-huqi.yml"
    text = path.read_text("utf-8")
    status_line = re.search(r"^状态: .*$", text, re.M).group(0)
    path.write_text(text.replace(status_line, "状态: 验收中").replace("党组织:", "党组织: 没有这个单位\n旧党组织:", 1), "utf-8")
    version = App(content, content).store.read(KINDS["brand"], "hongdun-huqi").version
    status, _, page = client.post("/status/brand/hongdun-huqi/approve", [("_version", version), ("batch", "第一批"), ("date", "2024-12-05")])
    assert "错误" in page and "状态: 验收中" in path.read_text("utf-8")
    path.write_text(text.replace(status_line, "状态: 验收中"), "utf-8")
    version = App(content, content).store.read(KINDS["brand"], "hongdun-huqi").version
    status, _, page = client.post("/status/brand/hongdun-huqi/approve", [("_version", version), ("batch", "第九十九批"), ("date", "2024-12-05")])
    assert "不在站点设置的批次里" in page and "状态: 验收中" in path.read_text("utf-8")  # the public build would stop
    status, _, _ = client.post("/status/brand/hongdun-huqi/approve", [("_version", version), ("batch", "第一批"), ("date", "2024-12-05")])
    saved = path.read_text("utf-8")
    assert status == 303 and "状态: 已认定" in saved and "认定日期: 2024-12-05" in saved
    assert "状态记录:" in saved and "原状态: 验收中" in saved and "新状态: 已认定" in saved
    report = Report()
    assert check_content(content, report) is not None, [p.format() for p in report.errors]


def test_a_value_of_the_wrong_shape_is_shown_and_kept(bench):
    client, content = bench
    path = content / BRAND
    text = path.read_text("utf-8")
    start = text.index("主要措施:")
    end = text.index("\n工作成效:")
    path.write_text(text[:start] + "主要措施: 一段没有分项的措施文字" + text[end:], "utf-8")
    before = path.read_bytes()
    status, _, page = client.get("/edit/brand/xianfeng-shuihui")
    assert "文件里现在写的是：“一段没有分项的措施文字”" in page and "应为列表" in page
    assert client.post("/save/brand/xianfeng-shuihui", _pairs(content, "brand", "xianfeng-shuihui", {"口号": "新口号"}))[0] == 303
    after = path.read_bytes().decode("utf-8")
    assert "主要措施: 一段没有分项的措施文字" in after and "口号: 新口号" in after
    assert len(after.splitlines()) == len(before.decode("utf-8").splitlines())


def test_a_post_that_carries_only_some_fields_changes_only_those(bench):
    client, content = bench
    path = content / BRAND
    before = path.read_text("utf-8").splitlines()
    pairs = [p for p in _pairs(content, "brand", "xianfeng-shuihui") if p[0] in ("_version", "口号")]
    assert client.post("/save/brand/xianfeng-shuihui", [(k, "只改口号" if k == "口号" else v) for k, v in pairs])[0] == 303
    after = path.read_text("utf-8").splitlines()
    assert [(a, b) for a, b in zip(before, after) if a != b] == [(next(l for l in before if l.startswith("口号:")), "口号: 只改口号")]
    assert len(before) == len(after)


def test_emptying_a_list_in_the_form_removes_it(bench):
    client, content = bench
    pairs = [(k, v) for k, v in _pairs(content, "brand", "xianfeng-shuihui") if not k.startswith("标签.")]
    assert ("标签", "") in pairs  # the list's marker: the page sends it even with no items left
    assert client.post("/save/brand/xianfeng-shuihui", pairs)[0] == 303
    assert "标签:" not in (content / BRAND).read_text("utf-8")


@pytest.mark.parametrize("encoding, eol", [("utf-8-sig", "\r\n"), ("gb18030", "\n")])
def test_files_from_windows_editors_keep_their_encoding_and_line_ends(bench, encoding, eol):
    client, content = bench
    path = content / BRAND
    text = path.read_text("utf-8").replace("口号:", "# 注释\n口号:   ", 1).replace("\n", eol)
    path.write_bytes(text.encode(encoding))
    before = path.read_bytes()
    assert client.post("/save/brand/xianfeng-shuihui", _pairs(content, "brand", "xianfeng-shuihui"))[0] == 303
    assert path.read_bytes() == before
    pairs = _pairs(content, "brand", "xianfeng-shuihui", {"批次": "第一批"})
    assert client.post("/save/brand/xianfeng-shuihui", pairs)[0] == 303
    plain = "gb18030" if encoding == "gb18030" else "utf-8"  # the BOM only opens the file
    assert path.read_bytes() == before.replace("批次: 第二批".encode(plain), "批次: 第一批".encode(plain))


def test_lines_of_plain_text_stay_lines_when_another_field_changes(bench):
    client, content = bench
    path = content / BRAND
    text = path.read_text("utf-8")
    start, end = text.index("创建背景:"), text.index("\n主要措施:")
    path.write_text(text[:start] + "创建背景: 第一行\n  第二行接着写\n" + text[end + 1:], "utf-8")
    before = path.read_text("utf-8")
    assert client.post("/save/brand/xianfeng-shuihui", _pairs(content, "brand", "xianfeng-shuihui", {"口号": "改"}))[0] == 303
    after = path.read_text("utf-8")
    assert "创建背景: 第一行\n  第二行接着写\n" in after
    assert [a for a, b in zip(before.splitlines(), after.splitlines()) if a != b] == [l for l in before.splitlines() if l.startswith("口号:")]
