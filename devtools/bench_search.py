"""Search at scale in a real browser: time from typing to the first result, and memory."""

from __future__ import annotations

import time
from pathlib import Path

from .serving import base_path, served

QUERIES = ("先锋", "积分制管理", "小窗口", "党建联盟", "示范点")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


def measure_search(site: Path) -> dict:
    from playwright.sync_api import sync_playwright

    timings = []
    with served(site, base_path(site)) as base:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=ARGS)
            page = browser.new_page()
            cdp = page.context.new_cdp_session(page)
            cdp.send("Performance.enable")
            started = time.perf_counter()
            page.goto(base)
            box = page.locator("input.md-search__input")
            box.click()
            page.wait_for_function("document.querySelector('.md-search-result__meta') && "
                                   "!/正在初始化|Initializing/.test(document.querySelector('.md-search-result__meta').textContent)",
                                   timeout=120000)
            ready = time.perf_counter() - started
            for query in QUERIES:
                box.fill("")
                page.wait_for_timeout(200)
                began = time.perf_counter()
                box.fill(query)
                box.press("End")
                page.wait_for_selector("li.md-search-result__item", timeout=60000)
                timings.append(time.perf_counter() - began)
            metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
            browser.close()
    heap = metrics.get("JSHeapUsedSize", 0) / 1e6
    text = (f"  浏览器搜索：打开页面到可以搜索 {ready:.2f} 秒；输入到第一条结果 "
            + "、".join(f"{q} {t:.2f}" for q, t in zip(QUERIES, timings))
            + f" 秒（目标 ≤ 0.3，3000 条时）；页面 JS 堆 {heap:.0f} MB（目标 ≤ 60，不含搜索线程）")
    return {"ready": ready, "first_result": max(timings), "heap_mb": heap, "text": text}
