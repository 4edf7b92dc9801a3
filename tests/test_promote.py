"""Promotion outputs: share meta, share cards, QR codes, feeds, sitemap, announcements."""

import io
import json
import re
import xml.etree.ElementTree as ET

import pytest
from PIL import Image

from generator.publish import pipeline
from generator.website import cards
from generator.website.promote import page_url

from conftest import SECRETS, SITE, brand, case, full_content, write_content
from sitecheck import PageMeta, find_secrets

URL = SITE["网址"]


def meta_of(path):
    parser = PageMeta()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def public_pages(site):
    return sorted(p for p in site.rglob("index.html"))


def test_every_public_page_has_title_description_canonical_and_share_meta(fixture_site):
    _, site = fixture_site
    for path in public_pages(site):
        found = meta_of(path)
        url = URL + str(path.parent.relative_to(site)).removeprefix(".") + ("/" if path.parent != site else "")
        url = url.replace("//", "/").replace("https:/", "https://")
        assert found.title.strip() and found.title.endswith(SITE["站点名称"]), path
        assert found.meta["description"], path
        assert found.links["canonical"] == url == found.meta["og:url"], path
        for key in ("og:title", "og:description", "og:image", "og:site_name", "twitter:card", "twitter:image"):
            assert found.meta.get(key), (path, key)
        image = found.meta["og:image"]
        assert image.startswith(URL)
        assert (site / image.removeprefix(URL)).is_file(), image
        feed = path.parent / found.links["application/rss+xml"]
        assert feed.resolve() == (site / "rss.xml").resolve()


def test_record_pages_describe_themselves(fixture_site):
    _, site = fixture_site
    found = meta_of(site / "brands" / "bishui" / "index.html")
    assert found.meta["og:title"] == "碧水先锋" and found.meta["og:description"] == "一心为民治水"
    assert found.meta["og:type"] == "article"
    assert found.meta["og:image"] == URL + "cards/brands/bishui.jpg"
    case = meta_of(site / "cases" / "liuzhua" / "index.html")
    assert case.meta["og:description"] == "推动形成良好态势"


def test_share_cards_for_public_records_only(fixture_site):
    _, site = fixture_site
    found = sorted(str(p.relative_to(site / "cards")) for p in (site / "cards").rglob("*.jpg"))
    assert found == ["brands/bishui.jpg", "cases/liuzhua.jpg", "site.jpg"]
    with Image.open(site / "cards" / "brands" / "bishui.jpg") as image:
        assert image.size == (1200, 630)


@pytest.mark.skipif(not cards.fonts_available(), reason="needs fonts-noto-cjk")
def test_long_names_wrap_and_are_never_cut():
    name = "红盾护企·党员先锋服务营商环境优化提升专项行动"  # 24 characters
    font, lines = cards._fit(name, "bold", (72, 62, 54, 46), 760, 3)
    assert "".join(lines) == name and len(lines) > 1
    assert all(font.getlength(line) <= 760 * 1.04 for line in lines)
    assert not any(line[0] in cards.NO_LINE_START for line in lines)
    png = cards.draw(cards.Card("x.jpg", "党建特色品牌 · 第二批", name, ["口号"], "单位", None))
    assert Image.open(io.BytesIO(png)).size == (1200, 630)


def test_unchanged_cards_are_not_redrawn(tmp_path):
    content = full_content(tmp_path / "content")
    first = pipeline.build(content, tmp_path / "site")
    card = tmp_path / ".build" / "site" / "side-cache" / "cards" / "brands" / "bishui.jpg"
    stamp = card.stat().st_mtime_ns
    second = pipeline.build(content, tmp_path / "site")
    assert card.stat().st_mtime_ns == stamp
    assert first.cards_drawn == 5 and second.cards_drawn == 0  # 3 cards and 2 pairs of QR codes
    assert (tmp_path / "site" / "cards" / "brands" / "bishui.jpg").read_bytes() == card.read_bytes()
    stale = card.with_name("gone.jpg")  # a card of a record since withdrawn
    stale.write_bytes(card.read_bytes())
    record = content / "brands" / "bishui.yml"
    record.write_text(record.read_text(encoding="utf-8").replace("口号: ", "口号: 新", 1), encoding="utf-8")
    pipeline.build(content, tmp_path / "site")
    assert card.exists() and not stale.exists()


def test_qr_codes_decode_to_each_page_address(fixture_site):
    zxingcpp = pytest.importorskip("zxingcpp")
    _, site = fixture_site
    codes = sorted((site / "qr").rglob("*.png"))
    assert [str(p.relative_to(site / "qr")) for p in codes] == ["brands/bishui.png", "cases/liuzhua.png"]
    for path in codes:
        page = str(path.relative_to(site / "qr")).removesuffix(".png") + ".md"
        [result] = zxingcpp.read_barcodes(Image.open(path))
        assert result.text == page_url(URL, page) == URL + page.removesuffix(".md") + "/"
        assert (site / "qr" / page.replace(".md", ".svg")).read_text(encoding="utf-8").startswith("<?xml")
    html = (site / "brands" / "bishui" / "index.html").read_text(encoding="utf-8")
    assert 'src="../../qr/brands/bishui.svg"' in html and "扫码分享" in html


def test_feeds_list_public_records_newest_first(tmp_path):
    feedparser = pytest.importorskip("feedparser")
    content = write_content(tmp_path / "content", brands={
        "old": brand("较早品牌", 认定日期="2023-12-15", 批次="第一批"),
        "new": brand("较新品牌", 认定日期="2024年12月5日"),
        "draft": brand(SECRETS["draft_brand"], 状态="培育", 认定日期=None),
    }, cases={"c": case(相关品牌=["new"], 发布日期="2024-06-01")})
    site = tmp_path / "site"
    assert pipeline.build(content, site).ok
    rss = feedparser.parse((site / "rss.xml").read_bytes())
    assert not rss.bozo, rss.bozo_exception
    assert [e.link for e in rss.entries] == [URL + "brands/new/", URL + "cases/c/", URL + "brands/old/"]
    assert rss.entries[0].title.startswith("较新品牌") and rss.entries[0].published_parsed[:3] == (2024, 12, 5)
    feed = json.loads((site / "feed.json").read_text(encoding="utf-8"))
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert [i["url"] for i in feed["items"]] == [e.link for e in rss.entries]
    assert all(i["id"] and i["date_published"].endswith("+08:00") for i in feed["items"])
    assert find_secrets(site, SECRETS.values()) == []


def test_sitemap_lists_public_pages_only(fixture_site):
    _, site = fixture_site
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    urls = [e.text for e in ET.parse(site / "sitemap.xml").getroot().findall("s:url/s:loc", ns)]
    assert URL + "brands/bishui/" in urls and URL + "cases/liuzhua/" in urls
    assert not any("peiyu" in u or "weitongguo" in u or "caogao" in u for u in urls)
    assert all(u.startswith(URL) for u in urls)
    assert len(urls) == len(public_pages(site))


def test_announcement_per_batch(fixture_site):
    _, site = fixture_site
    html = (site / "announcements" / "di-er-pi" / "index.html").read_text(encoding="utf-8")
    assert "第二批党建特色品牌认定名单" in html
    row = re.search(r"<tr>\s*<td>1</td>.*?</tr>", html, re.S).group(0)
    assert "测试县水利局机关党支部" in row and "碧水先锋" in row and "2024年12月5日" in row
    assert "<caption>" in html and 'scope="col"' in html
    assert not (site / "announcements" / "di-yi-pi").exists()  # no approved brand in that batch
    assert SECRETS["draft_brand"] not in html


def test_without_an_address_promotion_is_skipped_and_said_once(tmp_path):
    settings = {k: v for k, v in SITE.items() if k != "网址"}
    content = write_content(tmp_path / "content", site=settings, brands={"bishui": brand()})
    site = tmp_path / "site"
    outcome = pipeline.build(content, site)
    assert outcome.ok and len(outcome.skipped) == 1 and "网址" in outcome.skipped[0]
    assert not (site / "qr").exists() and not (site / "rss.xml").exists() and not (site / "feed.json").exists()
    found = meta_of(site / "brands" / "bishui" / "index.html")
    assert "og:image" not in found.meta and "og:url" not in found.meta
    assert found.meta["og:title"] == "碧水先锋"
    assert "扫码分享" not in (site / "brands" / "bishui" / "index.html").read_text(encoding="utf-8")
