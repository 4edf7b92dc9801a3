"""Hostile text in every text field is shown literally in every output: pages, meta tags,
search index, feeds, share cards and handouts. The run prints how many payloads it tried."""

import json
import re
import shutil
import subprocess
import sys

import pytest

from generator.publish import pipeline

from conftest import PROJECT, SITE, activity, alliance, brand, built, campaign, case, meeting, write_content
from sitecheck import PageMeta, active_content

PAYLOADS = [
    "<script>alert(1)</script>",
    "</title><script>alert(2)</script>",
    '"><img src=x onerror=alert(3)>',
    "'><svg onload=alert(4)>",
    "<a href=\"javascript:alert(5)\">点我</a>",
    "[点我](javascript:alert(6))",
    "![图](x.png)",
    "{{ 7*7 }}",
    "{% include 'base.html' %}",
    "**粗体** _斜体_ `代码`",
    "<!-- 注释",
    "| 表格 | 竖线 |",
    "&amp; &lt; &#x3C;",
    "${alert(7)}",
    "\\u003cscript\\u003e",
]
TEXT = " ".join(PAYLOADS)
LEADING = "---\n# 标题\n- 列表\n1. 列表\n> 引用\n    缩进代码\n" + TEXT  # block syntax at line starts


def hostile_content(root):
    text_fields = dict(
        口号=TEXT, 标识释义=LEADING, 品牌内涵=LEADING, 创建背景=LEADING, 标签=[TEXT, "正常标签"],
        主要措施=[{"标题": TEXT, "内容": LEADING, "要点": [TEXT, LEADING]}],
        工作成效={"综述": LEADING, "条目": [{"标题": TEXT, "内容": LEADING}],
                  "数据": [{"指标": TEXT, "数值": TEXT, "单位": TEXT}]},
        示范点=[{"名称": TEXT, "地点": TEXT, "特色亮点": LEADING}],
    )
    case_fields = dict(
        副标题=TEXT, 发布单位=TEXT, 标签=[TEXT], 工作背景=LEADING,
        主要做法=[{"标题": TEXT, "要旨": TEXT, "要点": [{"引语": TEXT, "内容": LEADING}]}],
        工作成效=[{"标题": TEXT, "内容": LEADING}], 工作启示=[{"标题": TEXT, "内容": LEADING}],
        数据=[{"指标": TEXT, "数值": TEXT, "单位": TEXT}],
    )
    site = {**SITE, "站点名称": "测试" + TEXT, "主办单位": TEXT, "简介": LEADING}
    units = [{"编号": "water", "名称": TEXT, "类型": TEXT, "上级": TEXT}]
    stop = {"品牌": "x", "时间": TEXT, "地点": TEXT, "讲解人": TEXT}
    units.append({"编号": "audit", "名称": "审计" + TEXT})
    alliance_fields = dict(办公区域=TEXT, 简介=LEADING, 标签=[TEXT], 牵头单位="water", 成员单位=["water", "audit"],
                           活动内容=[{"类别": "政治理论联学", "内容": LEADING}],
                           轮值安排=[{"单位": "audit", "开始": "2024-01-01", "结束": "2024-02-01", "主题": TEXT}])
    activity_fields = dict(地点=TEXT, 内容=LEADING, 标签=[TEXT], 联盟="l", 品牌="x", 专项工作="p")
    campaign_fields = dict(简介=LEADING, 阶段=[{"名称": TEXT, "开始": "2024-02-01", "结束": "2024-03-01", "内容": LEADING,
                                                 "责任单位": TEXT}],
                           目标=[{"指标": TEXT, "目标值": 3, "单位": TEXT, "统计": "市级示范点"}])
    return write_content(
        root, site=site, units=units,
        brands={"x": brand(TEXT, **text_fields)},
        cases={"c": case(TEXT, 相关品牌=["x"], **case_fields)},
        meetings={"m": meeting(名称=TEXT, 主办单位=TEXT, 集合地点=TEXT, 说明=LEADING, 观摩点=[stop])},
        alliances={"l": alliance(TEXT, **alliance_fields)},
        activities={"a": activity(TEXT, **activity_fields)},
        campaigns={"p": campaign(TEXT, **campaign_fields)},
    )


FIELDS = 58  # text fields carrying the payloads above (site, units, brand, case, meeting, alliance, activity, campaign)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile")
    content = hostile_content(base / "content")
    built(content, base / "site")
    return content, base / "site"


def test_payload_count(capsys):
    with capsys.disabled():
        print(f"\n注入语料：{len(PAYLOADS)} 种写法 × {FIELDS} 个文字字段")


def test_no_page_runs_anything(hostile_site):
    _, site = hostile_site
    pages = list(site.rglob("*.html"))
    assert len(pages) > 5
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert active_content(html) == [], page
        assert ">49<" not in html


@pytest.mark.parametrize("page", ["brands/x", "alliances/l", "activities/a", "campaigns/p", "activities", ""])
def test_every_record_kind_shows_the_text_as_typed(hostile_site, page):
    _, site = hostile_site
    html = (site / page / "index.html").read_text(encoding="utf-8")
    body = html[html.index('<article'):]
    for payload in PAYLOADS:
        escaped = payload.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        assert escaped in body or escaped.replace('"', "&quot;") in body, payload
    assert body.count("<h1") == 1


def test_text_is_shown_as_typed(hostile_site):
    _, site = hostile_site
    html = (site / "brands" / "x" / "index.html").read_text(encoding="utf-8")
    body = html[html.index('<article'):]
    assert "<h1" in body and body.count("<h1") == 1  # '# 标题' at a line start is no heading
    assert "<hr" not in body.split("一、创建背景")[1].split("二、主要措施")[0]


def test_meta_tags_hold_the_literal_text(hostile_site):
    _, site = hostile_site
    meta = PageMeta()
    meta.feed((site / "brands" / "x" / "index.html").read_text(encoding="utf-8"))
    assert meta.title.startswith(TEXT + " - 测试")
    assert meta.meta["og:title"] == TEXT and meta.meta["description"] == TEXT
    assert meta.meta["og:site_name"] == "测试" + TEXT


def test_search_index_and_feeds_hold_the_literal_text(hostile_site):
    feedparser = pytest.importorskip("feedparser")
    _, site = hostile_site
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    titles = {doc["location"]: doc["title"] for doc in index["docs"]}
    assert titles["brands/x/"] == TEXT and titles["cases/c/"] == TEXT
    assert titles["alliances/l/"] == TEXT and titles["activities/a/"] == TEXT and titles["campaigns/p/"] == TEXT
    feed = json.loads((site / "feed.json").read_text(encoding="utf-8"))
    assert all(item["title"].startswith(TEXT) for item in feed["items"])
    rss = feedparser.parse((site / "rss.xml").read_bytes())
    assert not rss.bozo
    for entry in rss.entries:
        assert entry.title.startswith(TEXT)
        assert "<script" not in entry.summary and "<img" not in entry.summary


def test_share_cards_are_drawn(hostile_site):
    from PIL import Image

    _, site = hostile_site
    for card in ("brands/x.jpg", "cases/c.jpg", "alliances/l.jpg", "activities/a.jpg", "campaigns/p.jpg", "site.jpg"):
        with Image.open(site / "cards" / card) as image:
            assert image.size == (1200, 630)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_handout_prints_the_literal_text(hostile_site, tmp_path):
    content, _ = hostile_site
    pdf = tmp_path / "m.pdf"
    result = subprocess.run([sys.executable, "-m", "generator", "handout", "m", "--content", str(content), "-o", str(pdf)],
                            capture_output=True, text=True, env={"PYTHONPATH": str(PROJECT), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = re.sub(r"\s+", "", text)
    for payload in ("<script>alert(1)</script>", "{{7*7}}", "[点我](javascript:alert(6))"):
        assert payload in flat, payload
    html = pdf.with_suffix(".html").read_text(encoding="utf-8")
    assert active_content(html) == []


def test_payloads_hidden_in_picture_metadata_are_not_published(tmp_path):
    """EXIF, XMP and PNG text chunks can carry anything: none of it reaches the site."""
    import io

    from PIL import Image, PngImagePlugin

    content = write_content(tmp_path / "content", brands={"x": brand(
        标识="images/logo.png", 图片=[{"文件": "images/photo.jpg", "说明": "现场"}])})
    (content / "images").mkdir()
    exif = Image.Exif()
    exif[0x010E] = TEXT  # ImageDescription
    photo = io.BytesIO()
    Image.new("RGB", (8, 8)).save(photo, format="JPEG", exif=exif, xmp=TEXT.encode("utf-8"))
    (content / "images" / "photo.jpg").write_bytes(photo.getvalue())
    info = PngImagePlugin.PngInfo()
    info.add_itxt("Comment", TEXT)
    Image.new("RGB", (8, 8)).save(content / "images" / "logo.png", pnginfo=info)
    assert pipeline.build(content, tmp_path / "site").ok
    marker = "alert(1)".encode("utf-8")
    carriers = [p for p in (tmp_path / "site" / "images").iterdir() if marker in p.read_bytes()]
    assert carriers == []


@pytest.mark.parametrize("svg", [
    '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
    '<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:alert(1)"><text>x</text></a></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><iframe src="https://evil.example"/></foreignObject></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg"><SCRIPT xmlns="http://www.w3.org/2000/svg">alert(1)</SCRIPT></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill:url(https://evil.example/x)"/></svg>',
])
def test_active_svg_is_never_published(tmp_path, svg):
    content = write_content(tmp_path / "content", brands={"x": brand(标识="images/logo.svg")})
    (content / "images").mkdir()
    (content / "images" / "logo.svg").write_text(svg, encoding="utf-8")
    outcome = pipeline.build(content, tmp_path / "site")
    assert not outcome.ok and any(p.field == "标识" for p in outcome.report.errors)
    assert not (tmp_path / "site").exists()
