"""Debian's Chromium driven by Playwright, and a local HTTP server for built sites."""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from devtools.serving import served

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def require_chromium() -> None:
    """Skip where Chromium is missing, except in CI, where a skip would hide a broken install."""
    try:
        import playwright  # noqa: F401
    except ImportError:
        playwright = None
    if Path(CHROMIUM).is_file() and playwright is not None:
        return
    if os.environ.get("CI"):
        pytest.fail("CI needs Debian's chromium and the playwright package (see .ci/run)")
    pytest.skip("browser tests need Debian's chromium (apt-get install chromium) and playwright")


def serve_folder(folder: Path, prefix: str = "/"):
    """The folder over HTTP on 127.0.0.1 and a free port (devtools.serving); yields the base URL."""
    return served(folder, prefix)


@contextmanager
def chromium_page():
    """A page in headless Chromium; `outside` lists every request that left 127.0.0.1."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.outside = []

        def watch(request):
            host = urlsplit(request.url).hostname
            if request.url.startswith(("http:", "https:", "ws:")) and host not in ("127.0.0.1", "localhost"):
                page.outside.append(request.url)

        page.on("request", watch)
        try:
            yield page
        finally:
            browser.close()


def search(page, query: str) -> list[str]:
    """Type a query as a user does and return the result links, best first."""
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    box.press("End")  # Material searches on keyup
    page.wait_for_function(
        "document.querySelector('.md-search-result__meta') && "
        "!/Initializing|正在初始化|Type to start|键入以开始搜索/.test(document.querySelector('.md-search-result__meta').textContent)",
        timeout=15000,
    )
    page.wait_for_timeout(300)
    links = page.locator("li.md-search-result__item > a.md-search-result__link")
    return [urlsplit(href).path for href in links.evaluate_all("els => els.map(e => e.href)")]


def serve_address(server) -> tuple[str, dict[str, str]]:
    """The address a `serve` process printed (its token included) and the Cookie header that
    lets plain requests in; what it said before that line is kept in server.said."""
    server.said = []
    for line in server.stderr:
        server.said.append(line)
        if "正在预览" in line and "token=" in line:
            address = line.split("：", 1)[1].split("（按", 1)[0].strip()
            port = urlsplit(address).port
            token = address.split("token=", 1)[1]
            cookie = {"Cookie": f"serve_token_{port}={token}"}
            _answering(f"http://127.0.0.1:{port}/", cookie)  # printed just before it listens
            return address, cookie
    raise AssertionError("serve stopped before it served: " + "".join(server.said))


def _answering(url: str, headers: dict[str, str], seconds: float = 30) -> None:
    import time
    import urllib.request

    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=5)
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)
