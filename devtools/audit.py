"""`audit`: Lighthouse's four scores for one page of each type of a built site, printed,
never asserted (the performance score moves with the machine's load).

Lighthouse runs from the project's .tools/ folder (`npm install --prefix .tools lighthouse`)
in Debian's Chromium, against the site served on 127.0.0.1 under its own base path;
nothing is fetched from anywhere else. The accessibility tests (tests/test_accessibility.py)
visit the same pages, chosen by page_types().
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import unicodedata
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from .serving import base_path, served

PROJECT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = PROJECT / ".tools" / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROMIUM = "/usr/bin/chromium"
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-background-networking "
                "--disable-component-update --disable-sync --no-first-run")
CATEGORIES = {"performance": "性能", "accessibility": "无障碍", "best-practices": "最佳做法", "seo": "SEO"}


class AuditError(Exception):
    """The audit cannot run; the message says why, for the user."""


def page_types(site: Path) -> dict[str, str]:
    """One address of each page type, relative to the site's base; types the site lacks are left out."""
    def first(folder: str) -> str | None:
        pages = sorted(p.parent.name for p in (site / folder).glob("*/index.html"))
        return f"{folder}/{quote(pages[0])}/" if pages else None

    def listing(folder: str) -> str | None:
        return f"{folder}/" if (site / folder / "index.html").is_file() else None

    query = _search_query(site)
    found = {
        "首页": "", "品牌清单": "brands/", "品牌": first("brands"), "案例库": "cases/", "案例": first("cases"),
        "党组织列表": "units/", "党组织": first("units"), "标签列表": "tags/", "标签": first("tags"),
        "认定公示列表": "announcements/", "认定公示": first("announcements"),
        "党建联盟列表": listing("alliances"), "党建联盟": first("alliances"), "工作动态": listing("activities"),
        "动态": first("activities"), "专项工作列表": listing("campaigns"), "专项工作": first("campaigns"),
        "搜索结果": f"?q={quote(query)}" if query else None, "404": "404.html",
    }
    return {kind: path for kind, path in found.items() if path is not None}


def _search_query(site: Path) -> str | None:
    """A query with results: the title of the first page in the search index."""
    try:
        docs = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    except (OSError, ValueError, KeyError):
        return None
    return next((d["title"] for d in docs if d.get("title") and "#" not in d.get("location", "")), None)


def lighthouse_scores(url: str) -> dict[str, int]:
    """Lighthouse's four category scores (0–100) for one page."""
    command = ["node", str(LIGHTHOUSE), url, "--quiet", "--output=json", "--output-path=stdout",
               f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "CHROME_PATH": CHROMIUM})
    if done.returncode != 0:
        raise AuditError(f"Lighthouse 没有完成 {url}：{done.stderr.strip()[-500:]}")
    categories = json.loads(done.stdout)["categories"]
    return {name: round((categories[name]["score"] or 0) * 100) for name in CATEGORIES}


def check_tools() -> None:
    if not LIGHTHOUSE.is_file():
        raise AuditError("找不到 Lighthouse，请先运行：npm install --prefix .tools lighthouse")
    if shutil.which("node") is None:
        raise AuditError("找不到 Node.js（node），Lighthouse 需要它：apt-get install nodejs")
    if not Path(CHROMIUM).is_file():
        raise AuditError("找不到 Chromium：apt-get install chromium")


def audit(site: Path, say: Callable[[str], None] = print) -> dict[str, dict[str, int]]:
    """Scores per page type, each line said as soon as its page is done."""
    check_tools()
    if not (site / "index.html").is_file():
        raise AuditError(f"{site} 里没有网站，请先运行 dangjian build")
    pages = page_types(site)
    kind = "预览版" if (site / ".generator-site").is_file() and "preview" in (site / ".generator-site").read_text() else "网站"
    say(f"Lighthouse 评分（{kind} {site}；满分 100；性能分随机器负载变化，仅供参考）")
    say(_pad("页面类型", 14) + "".join(_pad(label, 10, right=True) for label in CATEGORIES.values()) + "  地址")
    results = {}
    with served(site, base_path(site)) as base:
        for name, path in pages.items():
            results[name] = scores = lighthouse_scores(base + path)
            address = urlsplit(base).path + unquote(path)
            say(_pad(name, 14) + "".join(_pad(str(scores[c]), 10, right=True) for c in CATEGORIES) + f"  {address}")
    return results


def _pad(text: str, width: int, right: bool = False) -> str:
    """Text padded to a width in terminal columns (a Chinese character takes two)."""
    columns = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    space = " " * max(0, width - columns)
    return space + text if right else text + space
