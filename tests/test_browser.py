"""The built site in a real browser (Debian's Chromium through Playwright), served on 127.0.0.1."""

import socket
import subprocess
import sys

import pytest

from browser import chromium_page, search, serve_address, serve_folder
from conftest import PROJECT


def test_pages_load_without_leaving_the_machine(demo_site):
    with serve_folder(demo_site) as base, chromium_page() as page:
        for path in ("", "brands/", "brands/xianfeng-shuihui/", "cases/liuzhua-shuili/", "units/", "tags/"):
            response = page.goto(base + path)
            assert response.status == 200
            assert page.locator("h1").count() == 1
        assert page.outside == []


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_serve_reloads_the_page_after_a_record_is_saved(tmp_path, copy_demo):
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--content", str(copy_demo), "--addr", f"127.0.0.1:{port}"],
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={"PYTHONPATH": str(PROJECT), "PATH": "/usr/bin:/bin"},
    )
    try:
        address, _ = serve_address(server)
        with chromium_page() as page:
            page.goto(address)  # the token becomes a cookie
            page.goto(f"http://127.0.0.1:{port}/brands/xianfeng-shuihui/")
            assert "党旗映碧水" in page.locator(".record-slogan").inner_text()
            record = copy_demo / "brands" / "xianfeng-shuihui.yml"
            record.write_text(record.read_text(encoding="utf-8").replace("党旗映碧水", "保存后自动刷新"),
                              encoding="utf-8")
            page.wait_for_function(
                "document.querySelector('.record-slogan') && "
                "document.querySelector('.record-slogan').textContent.includes('保存后自动刷新')",
                timeout=30000,
            )
            assert search(page, "保存后自动刷新")[0] == "/brands/xianfeng-shuihui/"  # Material's index, read by our worker
            assert page.outside == []
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert not (copy_demo.parent / "site").exists()


def test_the_qr_code_on_screen_opens_the_page(demo_site):
    zxingcpp = pytest.importorskip("zxingcpp")
    from io import BytesIO

    from PIL import Image

    with serve_folder(demo_site) as base, chromium_page() as page:
        for path in ("brands/xianfeng-shuihui/", "cases/liuzhua-shuili/"):
            page.goto(base + path)
            shot = page.locator(".share-qr img").screenshot()
            [found] = zxingcpp.read_barcodes(Image.open(BytesIO(shot)))
            assert found.text == "https://dangjian.example.gov.cn/" + path
