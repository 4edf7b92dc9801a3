"""The workbench's 预览页面 button builds serve's way: after a save only the changed pages are
built again, a record with mistakes gets the problems and keeps the last preview, and the
preview shows drafts."""

import re

from workbench_client import workbench


def _h1(page: str) -> str:
    return re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S).group(1)


def test_a_saved_record_is_previewed_with_only_its_pages_built_again(tmp_path):
    with workbench(tmp_path) as (client, content):
        status, headers, _ = client.get("/preview/brand/xianfeng-shuihui")
        assert status == 303 and headers["Location"] == "/preview-site/brands/xianfeng-shuihui/"
        status, _, page = client.get(headers["Location"])
        assert status == 200 and "党旗映碧水" in page
        site = client.server.app.jobs.preview_dir
        other = site / "brands" / "hongdun-huqi" / "index.html"
        stamp = other.stat().st_mtime_ns
        draft = client.get("/preview/brand/yangguang-caizheng")[1]["Location"]  # 培育: in the preview only
        assert "阳光财政" in _h1(client.get(draft)[2])

        record = content / "brands" / "xianfeng-shuihui.yml"
        good = record.read_text(encoding="utf-8")
        record.write_text(good.replace("党旗映碧水", "预览里的新口号"), encoding="utf-8")
        client.get("/preview/brand/xianfeng-shuihui")
        page = client.get("/preview-site/brands/xianfeng-shuihui/")[2]
        assert "预览里的新口号" in page and "党旗映碧水" not in page
        assert other.stat().st_mtime_ns == stamp

        record.write_text(good.replace("状态: 已认定", "状态: 通过了"), encoding="utf-8")
        status, _, page = client.get("/preview/brand/xianfeng-shuihui")
        assert status == 409 and "xianfeng-shuihui.yml" in page and "状态" in page
        assert "预览里的新口号" in client.get("/preview-site/brands/xianfeng-shuihui/")[2]  # the last good preview

        record.write_text(good, encoding="utf-8")
        assert client.get("/preview/brand/xianfeng-shuihui")[0] == 303
        assert "党旗映碧水" in client.get("/preview-site/brands/xianfeng-shuihui/")[2]
        assert client.get("/preview-site/serve-problems.json")[2] == "[]"
