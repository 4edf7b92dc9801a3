"""Alliances, activities and campaigns built into whole sites: their pages, the unit, brand
and home pages that list them, the paged activity feed, feeds, sitemap, cards, QR codes and
the search labels; nothing unpublished or internal reaches any public file."""

import json
import re
import xml.etree.ElementTree as ET

import pytest

from generator.publish import pipeline
from generator.website.pages_alliances import ACTIVITIES_PER_PAGE

from conftest import SECRETS, UNITS, activity, alliance, built, joint_content, write_content
from sitecheck import PageMeta, find_secrets, search_index

URL = "https://example.gov.cn/brands/"


@pytest.fixture(scope="module")
def joint_site(tmp_path_factory):
    base = tmp_path_factory.mktemp("joint")
    content = joint_content(base / "content")
    built(content, base / "site")
    built(content, base / "preview", preview=True)
    return base / "site", base / "preview"


def page(site, path: str) -> str:
    html = (site / path / "index.html").read_text(encoding="utf-8")
    return html[html.index("<article"):html.index("</article>")]


def test_only_running_alliances_published_activities_and_campaigns_have_pages(joint_site):
    site, _ = joint_site
    for path in ("alliances", "alliances/lianmeng", "activities", "activities/huodong", "campaigns",
                 "campaigns/jianshenian"):
        assert (site / path / "index.html").is_file(), path
    for path in ("alliances/choujian", "activities/caogao", "activities/choujian-huodong", "campaigns/caogao"):
        assert not (site / path).exists(), path
    assert find_secrets(site, SECRETS.values()) == []


def test_the_alliance_page_shows_members_lead_joint_work_rota_and_activities(joint_site):
    site, _ = joint_site
    html = page(site, "alliances/lianmeng")
    assert '<a href="../../units/water/">测试县水利局机关党支部</a>（牵头单位）' in html
    assert '<a href="../../units/audit/">测试县审计局机关党委</a>' in html
    assert html.index("政治理论联学") < html.index("作风纪律联抓")  # in the order of the 六联
    assert "<caption>机关大院党建联盟2024年轮值安排</caption>" in html and "共学共进" in html
    assert '../../activities/huodong/' in html and "2024年6月28日" in html
    assert "筹建" not in page(site, "alliances")


def test_unit_brand_and_home_pages_list_alliances_and_activities(joint_site):
    site, _ = joint_site
    water = page(site, "units/water")
    assert "../../alliances/lianmeng/" in water and "（牵头单位）" in water and "../../activities/huodong/" in water
    assert "../../activities/huodong/" in page(site, "units/audit")  # a participant
    assert "../../activities/huodong/" in page(site, "brands/bishui")
    home = page(site, "")
    assert "activities/huodong/" in home and "campaigns/jianshenian/" in home
    assert 'class="progress-chart"' in home


def test_the_activity_page_links_its_organisers(joint_site):
    site, _ = joint_site
    html = page(site, "activities/huodong")
    for link in ("../../units/water/", "../../alliances/lianmeng/", "../../brands/bishui/",
                 "../../units/audit/", "../../campaigns/jianshenian/"):
        assert f'href="{link}"' in html, link
    assert "<p>共同学习。</p>" in html and "<p>交流体会。</p>" in html


def test_the_campaign_page_draws_progress_as_text_bars_and_a_table(joint_site):
    site, preview = joint_site
    for folder in (site, preview):  # counts come from public records, even in a preview
        html = page(folder, "campaigns/jianshenian")
        assert "1 / 3个（33%）" in html  # bishui's 市级 demonstration site
        assert "1 / 1条（100%）" in html  # the published activity only, not the drafts
    html = page(site, "campaigns/jianshenian")
    assert "98.5 / 98%（101%）" in html and "1 / 2个（50%）" in html
    assert 'style="width: 33%"' in html and 'aria-hidden="true"' in html
    assert "<script" not in html and "<canvas" not in html
    assert "<caption>2024年基层组织建设年目标完成情况</caption>" in html
    assert "目标比例为 3:6:12" in html and "现有已认定品牌的示范点为 1:0:0" in html
    assert re.search(r'<ol class="timeline">.*动员部署.*总结提高.*</ol>', html, re.S)
    assert "../../activities/huodong/" in html


def test_feeds_and_sitemap_hold_public_activities_only(joint_site):
    feedparser = pytest.importorskip("feedparser")
    site, _ = joint_site
    rss = feedparser.parse((site / "rss.xml").read_bytes())
    assert not rss.bozo
    links = [e.link for e in rss.entries]
    assert URL + "activities/huodong/" in links and not any("caogao" in x or "choujian" in x for x in links)
    entry = next(e for e in rss.entries if e.link.endswith("activities/huodong/"))
    assert entry.published_parsed[:3] == (2024, 6, 28) and "工作动态" in [t.term for t in entry.tags]
    feed = json.loads((site / "feed.json").read_text(encoding="utf-8"))
    assert [i["url"] for i in feed["items"]] == links
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    urls = [e.text for e in ET.parse(site / "sitemap.xml").getroot().findall("s:url/s:loc", ns)]
    for path in ("alliances/", "alliances/lianmeng/", "activities/", "activities/huodong/", "campaigns/jianshenian/"):
        assert URL + path in urls, path
    assert not any("choujian" in u or "caogao" in u for u in urls)


def test_cards_qr_codes_and_search_labels_for_public_records_only(joint_site):
    site, _ = joint_site
    cards = sorted(str(p.relative_to(site / "cards")) for p in (site / "cards").rglob("*.jpg"))
    qr = sorted(str(p.relative_to(site / "qr")) for p in (site / "qr").rglob("*.png"))
    for made in (cards, qr):
        stems = {x.rsplit(".", 1)[0] for x in made}  # cards are .jpg, QR codes .png
        assert {"alliances/lianmeng", "activities/huodong", "campaigns/jianshenian"} <= stems
        assert not any("choujian" in x or "caogao" in x for x in made)
    kinds = {d["location"]: d.get("kind", "") for d in search_index(site)["docs"]}
    assert kinds["alliances/lianmeng/"].startswith("联盟 · 测试县行政中心")
    assert kinds["activities/huodong/"].startswith("动态 · 2024-06-28 · 主题党日")
    assert "alliances/" not in kinds and "activities/" not in kinds  # lists are not search results


@pytest.mark.parametrize("path", ["alliances/lianmeng", "activities/huodong", "campaigns/jianshenian"])
def test_record_pages_have_share_meta_and_cards(joint_site, path):
    site, _ = joint_site
    meta = PageMeta()
    meta.feed((site / path / "index.html").read_text(encoding="utf-8"))
    assert meta.meta["og:type"] == "article" and meta.meta["og:url"] == URL + path + "/"
    assert meta.meta["og:image"] == URL + "cards/" + path + ".jpg" and (site / "cards" / (path + ".jpg")).is_file()
    assert meta.meta["description"] in ("两家单位结成的联盟。", "共同学习。", "年度专项工作。")


def test_the_preview_marks_what_is_not_public_and_keeps_internal_fields_out(joint_site):
    _, preview = joint_site
    assert "未运行 · 仅供审阅" in page(preview, "alliances/choujian")
    assert "草稿 · 仅供审阅" in page(preview, "activities/caogao")
    assert "草稿 · 仅供审阅" in page(preview, "campaigns/caogao")
    internal = [SECRETS[k] for k in ("contact", "phone", "note", "liaison")]
    assert find_secrets(preview, internal) == []


def test_the_activity_feed_is_paged_newest_first(tmp_path):
    count = ACTIVITIES_PER_PAGE * 2 + 3
    records = {f"a{i:03d}": activity(f"第{i}次联学", 日期=f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}", 联盟=None, 品牌=None,
                                     专项工作=None) for i in range(count)}
    content = write_content(tmp_path / "content", units=UNITS, activities=records)
    site = tmp_path / "site"
    assert pipeline.build(content, site).ok
    pages = [page(site, "activities"), page(site, "activities/page/2"), page(site, "activities/page/3")]
    dates = [re.findall(r"(\d{4})年(\d+)月(\d+)日", html) for html in pages]
    flat = [tuple(map(int, d)) for found in dates for d in found]
    assert len(flat) == count and flat == sorted(flat, reverse=True)
    assert pages[0].count('<p class="activity-meta">') == ACTIVITIES_PER_PAGE and "{:" not in pages[0]
    assert '<strong aria-current="page">第2页</strong>' in pages[1]
    assert 'href="../../">上一页</a>' in pages[1] and 'href="../3/">下一页</a>' in pages[1]
    assert not (site / "activities" / "page" / "4").exists()


def test_a_site_without_the_new_folders_has_no_such_pages_or_nav(tmp_path):
    content = write_content(tmp_path / "content")
    site = tmp_path / "site"
    assert pipeline.build(content, site).ok
    assert not any((site / p).exists() for p in ("alliances", "activities", "campaigns"))
    assert "党建联盟" not in (site / "index.html").read_text(encoding="utf-8")


def test_alliance_records_read_from_any_folder_name_order(tmp_path):
    units = UNITS + [{"编号": "union", "名称": "测试县总工会机关党支部"}]
    content = write_content(tmp_path / "content", units=units, alliances={
        "b": alliance("乙联盟", 成员单位=["audit", "union"], 牵头单位="union", 轮值安排=None),
        "a": alliance("甲联盟"),
    })
    site = tmp_path / "site"
    assert pipeline.build(content, site).ok
    listing = page(site, "alliances")
    assert listing.index("甲联盟") < listing.index("乙联盟")
    assert "../units/union/" in listing


def test_a_meeting_stop_may_visit_an_alliance(tmp_path):
    from generator.handout.booklet import render_html
    from generator.model.check import check_content
    from generator.model.problems import Report

    from conftest import brand, meeting

    stops = [{"品牌": "bishui", "时间": "09:00-09:40"}, {"联盟": "lianmeng", "时间": "10:00-10:30", "地点": "行政中心三楼"}]
    content = write_content(tmp_path / "content", brands={"bishui": brand()}, meetings={"m": meeting(观摩点=stops)},
                            alliances={"lianmeng": alliance()}, activities={"huodong": activity(专项工作=None)})
    catalogue = check_content(content, Report())
    html = render_html(catalogue.meetings["m"], catalogue, content)
    assert "党建联盟：机关大院党建联盟" in re.sub(r"<[^>]+>", "", html) and "扫码查看联盟详情" in html  # words in spans
    assert "政治理论联学" in html and "联盟联学主题党日" in html
    assert SECRETS["liaison"] not in html and SECRETS["note"] not in html
    from generator.handout.booklet import make

    made = make(content, "m", tmp_path / "m.pdf")  # laid out page by page: the alliance's stop has its end mark
    assert made.error is None and made.pdf.is_file() and made.stops == 2


def test_demo_alliances_activities_and_campaigns_dump_and_read_back_the_same(tmp_path):
    import dataclasses

    from conftest import DEMO
    from generator.model import schema
    from generator.model.check import check_content
    from generator.model.fieldtypes import Context
    from generator.model.load import parse_yaml
    from generator.model.problems import Report

    catalogue = check_content(DEMO, Report())
    records = [("alliance", a) for a in catalogue.alliances.values()] + [("activity", a) for a in catalogue.activities.values()]
    records += [("campaign", c) for c in catalogue.campaigns.values()]
    assert len(records) >= 16
    for kind, record in records:
        text = schema.dump(kind, record)
        report = Report()
        data, marks = parse_yaml(text, tmp_path / "x.yml", report)
        again, complete = schema.read_record(kind, data, Context(tmp_path / "x.yml", marks, report, DEMO))
        assert complete and not report.errors, [p.format() for p in report.problems]
        fields = [{k: v for k, v in dataclasses.asdict(x).items() if k not in ("id", "slug", "source")} for x in (record, again)]
        assert fields[0] == fields[1], kind
    assert "示范点比例: '3:6:12'" in schema.dump("campaign", catalogue.campaigns["jiceng-2024"])


def test_the_demo_shows_three_alliances_a_dozen_activities_and_the_campaign(demo_site):
    alliances = sorted(p.parent.name for p in (demo_site / "alliances").glob("*/index.html"))
    assert alliances == ["fuwu-zhongxin", "renfang-dalou", "xingzheng-zhongxin"]  # 城南片区 is still 筹建
    activities = [p for p in (demo_site / "activities").glob("*/index.html")]
    assert len(activities) == 12  # the draft stays out
    campaign = page(demo_site, "campaigns/jiceng-2024")
    for figure in ("35 / 40%", "1 / 2个", "14 / 20名", "82 / 80%", "96 / 98%", "目标比例为 3:6:12", "12 / 12条"):
        assert figure in campaign, figure
    internal = ["示例联络员", "0000-1112223", "联盟年度经费", "领导小组成员名单", "照片待补充", "尚未审核", "城南片区"]
    assert find_secrets(demo_site, internal) == []


def test_tag_pages_list_public_alliances_and_activities_and_their_pages_link_the_tags(joint_site):
    site, preview = joint_site
    html = page(site, "tags/dang-jian-lian-meng")
    assert "<h2" in html and "党建联盟</h2>" in html and '../../alliances/lianmeng/' in html
    assert "choujian" not in html  # 筹建: not public
    html = page(site, "tags/zhu-ti-dang-ri")
    assert "工作动态</h2>" in html and "../../activities/huodong/" in html and "caogao" not in html
    assert re.search(r'主题党日</a>（1）', page(site, "tags"))
    assert '../../tags/dang-jian-lian-meng/' in page(site, "alliances/lianmeng")
    assert '../../tags/zhu-ti-dang-ri/' in page(site, "activities/huodong")
    html = page(preview, "tags/zhu-ti-dang-ri")  # the preview shows drafts too, marked
    assert "../../activities/caogao/" in html and "（草稿）" in html
    assert "../../alliances/choujian/" in page(preview, "tags/dang-jian-lian-meng") and "，筹建）" in page(preview, "tags/dang-jian-lian-meng")


def test_a_tag_only_drafts_carry_has_no_page_and_is_named_nowhere(tmp_path):
    content = joint_content(tmp_path / "content")
    write_content(content, alliances={"lianmeng": alliance(), "choujian": alliance(SECRETS["building_alliance"], 状态="筹建", 标签=["联盟保密标签"])},
                  activities={"huodong": activity(标签=["主题党日", "联学"]),
                              "caogao": activity(SECRETS["draft_activity"], 状态="草稿", 标签=["草稿保密标签", "联学"])})
    assert pipeline.build(content, tmp_path / "site").ok
    site = tmp_path / "site"
    assert (site / "tags/lian-xue/index.html").is_file()
    assert find_secrets(site, ["联盟保密标签", "草稿保密标签", SECRETS["draft_activity"], SECRETS["building_alliance"]]) == []
