"""Accessibility (信息无障碍: GB/T 37668, WCAG 2.1 AA) and elder-friendly reading (适老化) of
built sites — the demo, its preview and a folder written from ../shared/RECORDS.md:
axe-core in Chromium on every page type (on screen, printed, in high contrast, on a phone,
with the search open), the Nu HTML Checker on every page, headings, images and tables.
The reading bar, the keyboard, tap targets and reflow are in test_reading_controls.py.

axe-core and vnu-jar are npm packages installed into .tools/ (see .ci/run); without them
these tests skip, except in CI. `python -m devtools audit` prints Lighthouse's scores.
"""

import json
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from browser import chromium_page
from conftest import DEMO, PROJECT
from devtools.audit import page_types
from devtools.serving import base_path, served
from generator.model.check import check_content
from generator.model.problems import Report
from generator.website import markup

TOOLS = PROJECT / ".tools" / "node_modules"
AXE = TOOLS / "axe-core" / "axe.min.js"
VNU = TOOLS / "vnu-jar" / "build" / "dist" / "vnu.jar"
PHONE = {"width": 390, "height": 844}
ZOOM_200 = {"width": 640, "height": 450}  # a 1280 × 900 window at 200%


def require(present: bool, what: str) -> None:
    """Skip where a tool is missing, except in CI, where a skip would hide a broken install."""
    if present:
        return
    if os.environ.get("CI"):
        pytest.fail(f"CI needs {what} (see .ci/run)")
    pytest.skip(f"needs {what} (see .ci/run: npm install --prefix .tools axe-core vnu-jar)")


@pytest.fixture(params=["demo_site", "preview_site", "unseen_site"])
def site(request) -> Path:
    return request.getfixturevalue(request.param)


def axe(page) -> list[str]:
    """axe-core's violations of every impact on the page as it is now, one line each."""
    # Colours are measured when transitions are over: a fading-in result is not yet its colour.
    page.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')")
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    return page.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations']})).violations
        .map(v => `${v.id} (${v.impact}): ${v.nodes.map(n => n.target.join(' ')).join(' | ')}`)""")


def open_with_results(page, url: str) -> None:
    """A page with the search dialog open on results (Material reads ?q=)."""
    page.goto(url)
    page.wait_for_function("document.querySelectorAll('.md-search-result__item').length > 0", timeout=15000)


def test_axe_finds_nothing_on_any_page_type_on_screen_or_printed(site):
    require(AXE.is_file(), "axe-core")
    found = {}
    with served(site, base_path(site)) as base, chromium_page() as page:
        for kind, path in page_types(site).items():
            if kind == "搜索结果":
                open_with_results(page, base + path)
            else:
                page.goto(base + path)
            found[kind] = axe(page)
            page.emulate_media(media="print")
            found[kind + "（打印）"] = axe(page)
            page.emulate_media(media="screen")
        assert page.outside == []
    assert {kind: v for kind, v in found.items() if v} == {}


def test_axe_finds_nothing_in_large_text_high_contrast_on_a_phone_and_in_search(demo_site):
    require(AXE.is_file(), "axe-core")
    pages = page_types(demo_site)
    found = {}
    with served(demo_site, base_path(demo_site)) as base, chromium_page() as page:
        page.goto(base)
        page.click("[data-contrast-toggle]")
        page.click("[data-size-step='2']")
        for kind in ("首页", "品牌", "案例", "认定公示", "党建联盟", "专项工作"):
            page.goto(base + pages[kind])
            found["高对比度特大 " + kind] = axe(page)
        open_with_results(page, base + pages["搜索结果"])
        found["高对比度特大 搜索结果"] = axe(page)
        page.goto(base)
        page.click("[data-contrast-toggle]")
        page.click("[data-size-step='0']")

        page.set_viewport_size(PHONE)
        page.goto(base + pages["品牌"])
        found["手机 品牌"] = axe(page)
        page.click(".md-header__button[data-for='__drawer']")
        page.wait_for_timeout(400)
        found["手机 导航菜单"] = axe(page)
        open_with_results(page, base + pages["搜索结果"])
        found["手机 搜索结果"] = axe(page)
        page.fill(".md-search__input", "没有这样的词语")
        page.press(".md-search__input", "End")
        page.wait_for_function("document.querySelectorAll('.md-search-result__item').length == 0")
        found["手机 搜索无结果"] = axe(page)
        assert page.outside == []
    assert {kind: v for kind, v in found.items() if v} == {}


def test_the_nu_html_checker_finds_no_errors(demo_site, preview_site, unseen_site):
    require(VNU.is_file(), "the Nu HTML Checker (vnu-jar)")
    require(shutil.which("java") is not None, "Java (apt-get install default-jre-headless)")
    pages = [str(p) for site in (demo_site, preview_site, unseen_site) for p in sorted(site.rglob("*.html"))]
    done = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "json", *pages],
                          capture_output=True, text=True, timeout=600)
    messages = json.loads(done.stderr or done.stdout)["messages"]
    errors = [f"{m['url'].rsplit('/site/', 1)[-1]}:{m.get('lastLine')} {m['message']}" for m in messages]
    assert len(pages) > 40 and errors == []


class Structure(HTMLParser):
    """A page's headings, images and tables, as a crawler or a screen reader meets them."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[int] = []
        self.images: list[dict] = []
        self.tables: list[dict] = []
        self._in_caption = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        elif tag == "img":
            self.images.append(attrs)
        elif tag == "table":
            self.tables.append({"caption": "", "col_headers": 0, "row_headers": 0})
        elif tag == "caption":
            self._in_caption = True
        elif tag == "th" and self.tables:
            self.tables[-1]["col_headers" if attrs.get("scope") == "col" else "row_headers"] += 1

    def handle_endtag(self, tag):
        if tag == "caption":
            self._in_caption = False

    def handle_data(self, data):
        if self._in_caption:
            self.tables[-1]["caption"] += data.strip()


def structure(path: Path) -> Structure:
    parser = Structure()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_one_h1_and_headings_that_never_skip_a_level(site):
    wrong = {}
    for path in sorted(site.rglob("*.html")):
        levels = structure(path).headings
        skips = [(a, b) for a, b in zip(levels, levels[1:]) if b > a + 1]
        if levels[:1] != [1] or levels.count(1) != 1 or skips:
            wrong[str(path.relative_to(site))] = levels
    assert wrong == {}


def test_images_have_alt_text_width_and_height(site):
    images = {str(p.relative_to(site)): structure(p).images for p in site.rglob("*.html")}
    bad = {page: img for page, found in images.items() for img in found
           if not (img.get("alt", "").strip() and (img.get("width") or "").isdigit() and (img.get("height") or "").isdigit())}
    assert sum(map(len, images.values())) > 0 and bad == {}


def test_alt_text_comes_from_the_record(demo_site):
    brand = check_content(DEMO, Report()).brands["xianfeng-shuihui"]
    images = structure(demo_site / "brands" / "xianfeng-shuihui" / "index.html").images
    logo = next(img for img in images if "brand-logo" in img.get("class", ""))
    meaning = markup.split_paragraphs(brand.logo_meaning)[0]
    assert logo["alt"] == f"{brand.name}的品牌标识：{meaning}"
    pictures = [img["alt"] for img in images if img.get("src", "").endswith(tuple(p.file.rsplit("/", 1)[-1] for p in brand.pictures))]
    assert pictures == [p.caption for p in brand.pictures]


def test_tables_have_header_cells_and_captions(site):
    tables = {str(p.relative_to(site)): structure(p).tables for p in site.rglob("*.html")}
    bad = {page: t for page, found in tables.items() for t in found
           if not (t["caption"] and t["col_headers"] >= 2 and t["row_headers"] + t["col_headers"] >= 3)}
    assert sum(map(len, tables.values())) > 0 and bad == {}
