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
from generator.workbench.app import App
from workbench_client import BRAND, save_pairs


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


@pytest.mark.parametrize("kind", ["brand", "case", "meeting", "units", "site", "alliance", "activity", "campaign"])
def test_saving_an_unchanged_form_changes_no_byte(bench, kind):
    client, content = bench
    app = App(content, content.parent / "site")
    for record_id in app.store.ids(KINDS[kind]):
        path = app.store.path_of(KINDS[kind], record_id)
        before = path.read_bytes()
        status, _, _ = client.post(f"/save/{kind}/{record_id}", save_pairs(content, kind, record_id))
        assert status == 303
        assert path.read_bytes() == before, record_id


def test_saving_rewrites_only_the_changed_field_and_keeps_comments(bench):
    client, content = bench
    path = content / BRAND
    text = path.read_text("utf-8").replace("创建背景:", "# 背景的注释\n创建背景:", 1)
    path.write_text("# 我的注释：不要删\n" + text.replace("\n批次:", "\n批次:  # 行尾注释", 1), "utf-8")
    before = path.read_text("utf-8").splitlines()
    pairs = save_pairs(content, "brand", "xianfeng-shuihui", {"口号": "新的口号", "主要措施.1.标题": "改过的标题"})
    assert client.post("/save/brand/xianfeng-shuihui", pairs)[0] == 303
    after = path.read_text("utf-8").splitlines()
    changed = [(a, b) for a, b in zip(before, after) if a != b]
    assert len(before) == len(after) and len(changed) == 2, changed
    assert after[0] == "# 我的注释：不要删" and "# 背景的注释" in after and any("# 行尾注释" in a for a in after)
    assert any("口号: 新的口号" in b for _, b in changed) and any("标题: 改过的标题" in b for _, b in changed)


def test_saving_keeps_the_files_permissions(bench):
    client, content = bench
    path = content / BRAND
    path.chmod(0o640)  # readable by the office's group, say
    pairs = save_pairs(content, "brand", "xianfeng-shuihui", {"口号": "新的口号"})
    assert client.post("/save/brand/xianfeng-shuihui", pairs)[0] == 303
    assert "新的口号" in path.read_text("utf-8") and path.stat().st_mode & 0o777 == 0o640


def test_a_record_changed_meanwhile_is_never_overwritten(bench):
    client, content = bench
    path = content / BRAND
    pairs = save_pairs(content, "brand", "xianfeng-shuihui", {"口号": "标签页一的口号"})
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


def test_a_long_named_record_changed_meanwhile_still_keeps_the_typed_version(bench):
    """A file name near the system's 255 bytes (made outside the workbench): its conflict copy
    and temporary files are named shorter, never refused by the file system."""
    client, content = bench
    long_id = "关于" + "水" * 78  # 240 bytes of UTF-8
    path = content / "brands" / f"{long_id}.yml"
    path.write_bytes((content / BRAND).read_bytes())
    pairs = save_pairs(content, "brand", long_id, {"口号": "标签页一的口号"})
    path.write_text(path.read_text("utf-8") + "# 另一个程序改过\n", "utf-8")
    status, _, text = client.post(f"/save/brand/{quote(long_id)}", pairs)
    assert status == 200 and "已被修改" in text
    copies = list((content / ".冲突副本").rglob("*.yml"))
    assert len(copies) == 1 and "标签页一的口号" in copies[0].read_text("utf-8")
    pairs = save_pairs(content, "brand", long_id, {"口号": "标签页二的口号"})
    assert client.post(f"/save/brand/{quote(long_id)}", pairs)[0] == 303 and "标签页二的口号" in path.read_text("utf-8")


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
