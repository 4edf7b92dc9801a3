"""End to end: content folders → a real MkDocs site; what the public can and cannot see."""

import json
import re


from generator.publish import pipeline
from generator.publish.engine import read_config

from conftest import SECRETS, brand, case, full_content, tree_digest, write_content
from sitecheck import active_content, find_secrets, search_index, third_party_requests


def page(site, path):
    return (site / path / "index.html").read_text(encoding="utf-8")


def test_demo_site_has_every_kind_of_page(demo_site):
    for path in ("", "brands", "cases", "units", "tags", "brands/xianfeng-shuihui",
                 "brands/si-xiao-gong-zuo-fa", "cases/liuzhua-shuili", "units/water-bureau"):
        assert (demo_site / path / "index.html").is_file(), path
    home = page(demo_site, "")
    assert "青岚县直机关党建特色品牌展示" in home and "最新认定品牌" in home


def test_demo_site_shows_only_approved_brands_and_published_cases(demo_site):
    for draft in ("yangguang-caizheng", "wuye-hongguanjia", "qinghe-shouwang"):
        assert not (demo_site / "brands" / draft).exists()
    assert not (demo_site / "cases" / "shenji-linshi-dangxiaozu").exists()
    listing = page(demo_site, "brands")
    assert listing.index("第二批（2024年）") < listing.index("第一批（2023年）")
    assert "阳光财政" not in listing


def test_nothing_unapproved_or_internal_reaches_any_public_file(fixture_site):
    _, site = fixture_site
    assert find_secrets(site, SECRETS.values()) == []
    assert (site / "brands" / "bishui" / "index.html").is_file()  # the scan read a real site


def test_brand_page_html(fixture_site):
    _, site = fixture_site
    html = page(site, "brands/bishui")
    assert "<title>碧水先锋 - 测试县党建品牌</title>" in html
    assert '<meta name="description" content="一心为民治水">' in html
    assert re.search(r"<h2[^>]*>一、创建背景</h2>", html)
    assert re.search(r"<h3[^>]*>（一）强化理论学习</h3>", html)
    assert "<strong>一是</strong>第一点内容。" in html
    assert "<strong>12</strong>个<br>覆盖党支部" in html or "<strong>12</strong>个<br />覆盖党支部" in html
    assert "2024年12月5日" in html
    assert 'href="../../units/water/"' in html


def test_search_index_holds_record_pages_not_lists(fixture_site):
    _, site = fixture_site
    docs = search_index(site)["docs"]
    locations = {d["location"].split("#")[0] for d in docs}
    assert "brands/bishui/" in locations and "cases/liuzhua/" in locations
    assert not locations & {"", "brands/", "cases/", "tags/", "units/"}
    titles = " ".join(d["title"] for d in docs)
    assert "\u200b碧水先锋" in titles or titles.startswith("碧水先锋")  # a whole word, from the user dictionary
    assert search_index(site)["config"]["lang"] == ["zh"]


def test_site_makes_no_third_party_requests(demo_site):
    assert third_party_requests(demo_site, "https://dangjian.example.gov.cn/") == []
    assert "fonts.googleapis" not in page(demo_site, "")


PAYLOADS = [
    "<script>alert(1)</script>",
    "</title><script>alert(2)</script>",
    '"><img src=x onerror=alert(3)>',
    "[点我](javascript:alert(4))",
    "{{ 7*7 }}{% include 'base.html' %}",
    "**粗** # 井 | 竖 | <!-- 注释",
]


def test_user_text_is_literal_everywhere(tmp_path):
    payload = " ".join(PAYLOADS)
    record = brand(
        payload, 口号=payload, 品牌内涵=payload, 创建背景=payload + "\n\n---\n# 标题",
        标签=[payload], 主要措施=[{"标题": payload, "要点": [payload]}],
        工作成效={"综述": payload, "数据": [{"指标": payload, "数值": payload, "单位": payload}]},
        示范点=[{"名称": payload, "地点": payload, "特色亮点": payload}],
    )
    content = write_content(tmp_path / "content", brands={"x": record})
    site = tmp_path / "site"
    outcome = pipeline.build(content, site)
    assert outcome.ok
    for path in site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert active_content(html) == [], path
        assert "<script>alert" not in html and ">49<" not in html
    brand_page = page(site, "brands/x")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in brand_page
    assert "[点我](javascript:alert(4))" in brand_page
    assert "{{ 7*7 }}" in brand_page
    title = re.search(r"<title>(.*?)</title>", brand_page, re.S).group(1)
    assert "<" not in title and "&lt;/title&gt;&lt;script&gt;" in title
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["docs"][0]["title"] == payload  # plain text; the search worker escapes it (test_search)


def test_failed_build_leaves_the_previous_site_and_content_untouched(tmp_path):
    content = full_content(tmp_path / "content")
    site = tmp_path / "site"
    assert pipeline.build(content, site).ok
    before_site, before_content = tree_digest(site), tree_digest(content)
    (content / "brands" / "bishui.yml").write_text("品牌名称: [未闭合\n", encoding="utf-8")
    broken_content = tree_digest(content)
    outcome = pipeline.build(content, site)
    assert not outcome.ok and outcome.report.errors
    assert tree_digest(site) == before_site
    assert tree_digest(content) == broken_content != before_content
    assert sorted(p.name for p in tmp_path.iterdir()) == [".build", "content", "site"]


def test_build_never_writes_into_content(tmp_path):
    content = full_content(tmp_path / "content")
    before = tree_digest(content)
    assert pipeline.build(content, tmp_path / "site").ok
    assert pipeline.build(content, tmp_path / "preview", preview=True).ok
    assert tree_digest(content) == before


def test_rebuild_with_nothing_changed_writes_no_page(tmp_path):
    content = full_content(tmp_path / "content")
    first = pipeline.build(content, tmp_path / "site")
    second = pipeline.build(content, tmp_path / "site")
    assert first.written.written > 0
    assert second.written.written == 0 and second.written.removed == 0
    assert second.written.unchanged == first.written.written + first.written.unchanged > first.pages


def test_preview_is_marked_and_kept_apart(tmp_path):
    content = full_content(tmp_path / "content")
    public, preview = tmp_path / "site", tmp_path / "site-preview"
    assert pipeline.build(content, public).ok
    refused = pipeline.build(content, public, preview=True)
    assert refused.refused and "公开网站" in refused.refused
    assert pipeline.build(content, preview, preview=True).ok
    draft = page(preview, "brands/peiyu")
    assert "未认定 · 仅供审阅" in draft
    assert '<meta name="robots" content="noindex, nofollow">' in draft
    assert "预览版" in page(preview, "brands/bishui")
    assert not (public / "brands" / "peiyu").exists()
    internal = [SECRETS[k] for k in ("contact", "phone", "note", "presenter")]
    assert find_secrets(preview, internal) == []


def test_refuses_to_replace_a_folder_it_did_not_build(tmp_path):
    content = full_content(tmp_path / "content")
    target = tmp_path / "documents"
    target.mkdir()
    (target / "report.docx").write_text("important", encoding="utf-8")
    outcome = pipeline.build(content, target)
    assert outcome.refused and (target / "report.docx").read_text(encoding="utf-8") == "important"


def test_without_an_address_the_site_still_builds(tmp_path):
    from conftest import SITE

    site_settings = {k: v for k, v in SITE.items() if k != "网址"}
    content = write_content(tmp_path / "content", site=site_settings, brands={"bishui": brand()})
    site = tmp_path / "site"
    assert pipeline.build(content, site).ok
    assert (site / "brands" / "bishui" / "index.html").is_file()


def test_another_content_folder_builds_another_site(tmp_path):
    from conftest import SITE

    content = write_content(tmp_path / "c", site={**SITE, "站点名称": "另一个机关工委"}, brands={"bishui": brand()})
    site = tmp_path / "s"
    assert pipeline.build(content, site).ok
    assert "另一个机关工委" in page(site, "")
    derived = read_config(tmp_path / ".build" / "s" / "mkdocs.yml")
    assert derived["site_name"] == "另一个机关工委" and derived["site_url"] == SITE["网址"]


def test_awkward_image_names_and_a_gbk_word_list(tmp_path):
    from PIL import Image

    content = write_content(tmp_path / "content", brands={"x": brand(图片=[{"文件": "images/照片#1 (2).png", "说明": "合影"}])})
    (content / "images").mkdir()
    Image.new("RGB", (20, 20), "red").save(content / "images" / "照片#1 (2).png")
    (content / "词典.txt").write_bytes("青岚七三五号支部\n".encode("gbk"))
    site = tmp_path / "site"
    outcome = pipeline.build(content, site)
    assert outcome.ok and outcome.mkdocs_warnings == []
    html = page(site, "brands/x")
    src = re.search(r'<img alt="合影"[^>]*src="([^"]+)"', html).group(1)
    from urllib.parse import unquote
    assert (site / "brands" / "x" / unquote(src)).resolve().is_file()
    words = (tmp_path / ".build" / "site" / "jieba_user_dict.txt").read_text(encoding="utf-8")
    assert "青岚七三五号支部" in words


def test_tag_addresses_agree_between_public_and_preview(tmp_path):
    content = write_content(tmp_path / "content", brands={
        "a": brand(标签=["示范"]), "b": brand("师范品牌", 状态="培育", 认定日期=None, 标签=["师范"])})
    assert pipeline.build(content, tmp_path / "site").ok
    assert pipeline.build(content, tmp_path / "preview", preview=True).ok
    public = {p.parent.name for p in (tmp_path / "site" / "tags").rglob("index.html")}
    preview = {p.parent.name for p in (tmp_path / "preview" / "tags").rglob("index.html")}
    assert public < preview


def test_unplaced_import_text_stays_internal(tmp_path):
    marker = "未归类保密文字庚辛"
    content = write_content(tmp_path / "content", brands={"bishui": brand(未归类=marker)},
                            cases={"c": case(未归类=marker)})
    site = tmp_path / "site"
    outcome = pipeline.build(content, site)
    assert outcome.ok
    assert [p.field for p in outcome.report.warnings] == ["未归类", "未归类"]
    assert find_secrets(site, [marker]) == []


def test_an_unchanged_site_is_not_built_again(tmp_path):
    content = full_content(tmp_path / "content")
    site = tmp_path / "site"
    assert not pipeline.build(content, site).up_to_date
    stamp = (site / "index.html").stat().st_mtime_ns
    again = pipeline.build(content, site)
    assert again.ok and again.up_to_date and (site / "index.html").stat().st_mtime_ns == stamp
    (content / "brands" / "bishui.yml").write_text(
        (content / "brands" / "bishui.yml").read_text(encoding="utf-8").replace("一心为民治水", "新口号"), encoding="utf-8")
    changed = pipeline.build(content, site)
    assert changed.ok and not changed.up_to_date
    assert "新口号" in (site / "brands" / "bishui" / "index.html").read_text(encoding="utf-8")
