"""Chinese search as a reader uses it: typed into Chromium, answered by our search worker.

Prints a search-quality report (rank of the expected page per query, recall@1, recall@3).
"""

import json
from pathlib import Path

import yaml

from generator.publish import pipeline

from browser import chromium_page, search, serve_folder
from test_unseen import documented_folder

QUERIES = yaml.safe_load((Path(__file__).parent / "search_queries.yml").read_text(encoding="utf-8"))


def ranks(page, table: dict[str, str]) -> dict[str, int | None]:
    found = {}
    for query, expected in table.items():
        pages = list(dict.fromkeys(url.strip("/") + "/" for url in search(page, query)))
        found[query] = pages.index(expected) + 1 if expected in pages else None
    return found


def report(title: str, table: dict[str, str], found: dict[str, int | None]) -> tuple[float, float]:
    at1 = sum(rank == 1 for rank in found.values()) / len(found)
    at3 = sum(rank is not None and rank <= 3 for rank in found.values()) / len(found)
    lines = [f"\n搜索质量报告：{title}（{len(found)} 个查询）", f"{'查询':<12}{'名次':>4}  期望的页面"]
    lines += [f"{query:<12}{found[query] or '—':>4}  {table[query]}" for query in table]
    lines.append(f"recall@1 = {at1:.0%}   recall@3 = {at3:.0%}")
    print("\n".join(lines))
    return at1, at3


def test_search_quality_on_the_demo_site(demo_site, capsys):
    with serve_folder(demo_site) as base, chromium_page() as page:
        page.goto(base)
        found = ranks(page, QUERIES["first"])
        leaks = {query: search(page, query) for query in QUERIES["nothing"]}
        outside = list(page.outside)
    with capsys.disabled():
        at1, at3 = report("示例网站", QUERIES["first"], found)
    assert len(found) >= 30
    assert at1 >= 0.95 and at3 == 1.0, found
    assert all(results == [] for results in leaks.values()), leaks
    assert outside == []


UNSEEN = {
    "先锋领航": "brands/water-brand/",
    "水惠民生": "brands/water-brand/",
    "强化理论学习": "brands/water-brand/",
    "锻造过硬队伍": "brands/water-brand/",
    "某某党建示范点": "brands/water-brand/",
    "五星五型": "brands/water-brand/",
    "水利局": "units/water-bureau/",
    "六抓": "cases/liuzhua/",
    "规范化建设": "cases/liuzhua/",
    "积分制管理": "cases/liuzhua/",
}


def test_search_quality_on_a_folder_written_from_the_documentation(tmp_path, capsys):
    content = documented_folder(tmp_path / "content")
    site = tmp_path / "site"
    assert pipeline.build(content, site).ok
    with serve_folder(site) as base, chromium_page() as page:
        page.goto(base)
        found = ranks(page, UNSEEN)
        internal = {query: search(page, query) for query in ("张某", "评审意见", "0000-0000000")}
    with capsys.disabled():
        at1, at3 = report("按 RECORDS.md 写成的内容", UNSEEN, found)
    assert at1 >= 0.95 and at3 == 1.0, found
    assert all(results == [] for results in internal.values()), internal


def test_results_say_what_they_are(demo_site):
    with serve_folder(demo_site) as base, chromium_page() as page:
        page.goto(base)
        search(page, "明镜审计")
        first = page.locator("li.md-search-result__item").first
        assert "品牌 · 第一批 · 中共青岚县审计局机关支部委员会" in first.locator(".search-kind").first.inner_text()
        assert first.locator("mark").first.inner_text() == "明镜审计"
        search(page, "六抓")
        kind = page.locator("li.md-search-result__item").first.locator(".search-kind").first.inner_text()
        assert kind.startswith("案例 · ")
        search(page, "<script>")
        assert page.locator("li.md-search-result__item").count() == 0


def test_the_index_is_compact_plain_text(demo_site):
    raw = (demo_site / "search" / "search_index.json").read_text(encoding="utf-8")
    index = json.loads(raw)
    docs = raw[raw.index('"docs"'):]
    assert "\\u" not in docs and "\u200b" not in docs  # Chinese as UTF-8, no jieba separators
    assert all("<" not in doc["title"] for doc in index["docs"])
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert not locations & {"", "brands/", "cases/", "tags/", "units/", "announcements/"}


def test_results_show_typed_markup_as_text(tmp_path):
    from conftest import brand, write_content
    from test_build import PAYLOADS

    payload = " ".join(PAYLOADS)
    content = write_content(tmp_path / "content", brands={"x": brand(payload, 口号=payload, 标签=[payload])})
    site = tmp_path / "site"
    assert pipeline.build(content, site).ok
    with serve_folder(site) as base, chromium_page() as page:
        dialogs = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(base)
        assert search(page, "alert(1)")
        result = page.locator("li.md-search-result__item").first
        assert "<script>alert(1)</script>" in result.locator("h1").inner_text()
        assert page.locator(".md-search-result img, .md-search-result script").count() == 0
        page.wait_for_timeout(300)
    assert dialogs == []


JOINT = {
    "行政中心党建联盟": "alliances/xingzheng-zhongxin/",
    "行政服务中心党建联盟": "alliances/fuwu-zhongxin/",
    "党史小课堂": "activities/2024-03-dangshi/",
    "农资服务送下乡": "activities/2024-08-xiaxiang/",
    "党务知识擂台赛": "activities/2024-10-leitai/",
    "项目服务专班": "activities/2024-05-zhuanban/",
}


def test_alliances_and_activities_are_found_and_labelled(demo_site, capsys):
    with serve_folder(demo_site) as base, chromium_page() as page:
        page.goto(base)
        found = ranks(page, JOINT)
        by_member = search(page, "供销合作社联合社")  # a member unit's name
        by_heading = search(page, "优势资源联享")  # a 六联 heading
        search(page, "行政中心党建联盟")
        first = page.locator("li.md-search-result__item").first.locator(".search-kind").first.inner_text()
        search(page, "党史小课堂")
        activity = page.locator("li.md-search-result__item").first.locator(".search-kind").first.inner_text()
        hidden = {query: search(page, query) for query in ("示例联络员甲", "0000-1112223", "尚未审核", "城南片区", "照片待补充")}
        outside = list(page.outside)
    with capsys.disabled():
        at1, at3 = report("党建联盟和工作动态", JOINT, found)
    assert at1 >= 0.8 and at3 == 1.0, found
    assert "/alliances/renfang-dalou/" in by_member[:3]
    assert {"/alliances/xingzheng-zhongxin/", "/alliances/fuwu-zhongxin/"} <= set(by_heading)
    assert first.startswith("联盟 · 县机关行政中心办公区 · ") and first.endswith("牵头")
    assert activity.startswith("动态 · 2024-03-15 · 政治理论联学")
    assert all(results == [] for results in hidden.values()), hidden
    assert outside == []
