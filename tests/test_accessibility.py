"""Accessibility (信息无障碍: GB/T 37668, WCAG 2.1 AA) and elder-friendly reading (适老化) of
built sites — the demo, its preview and a folder written from ../shared/RECORDS.md:
axe-core in Chromium on every page type (on screen, printed, in high contrast, on a phone,
with the search open), the Nu HTML Checker on every page, the reading bar, the keyboard,
headings, images, tables, tap targets and reflow at 200% zoom.

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
from generator.publish import pipeline
from generator.website import markup
from devtools.audit import page_types
from devtools.serving import base_path, served
from generator.model.check import check_content
from generator.model.problems import Report
from test_unseen import documented_folder

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


@pytest.fixture(scope="module")
def preview_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("preview") / "site"
    outcome = pipeline.build(DEMO, out, preview=True)
    assert outcome.ok, [p.format() for p in outcome.report.problems]
    return out


@pytest.fixture(scope="module")
def unseen_site(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("unseen")
    content = documented_folder(base / "content")
    out = base / "site"
    outcome = pipeline.build(content, out)
    assert outcome.ok, [p.format() for p in outcome.report.problems]
    return out


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


FONT_SIZE = "parseFloat(getComputedStyle(document.getElementById('__main')).fontSize)"


def test_text_size_goes_two_steps_up_and_is_remembered(demo_site):
    with served(demo_site, base_path(demo_site)) as base, chromium_page() as page:
        page.goto(base + "brands/")
        sizes = []
        for step in ("0", "1", "2"):
            page.click(f"[data-size-step='{step}']")
            sizes.append(page.evaluate(FONT_SIZE))
            assert page.get_attribute(f"[data-size-step='{step}']", "aria-pressed") == "true"
        assert sizes[0] >= 16 and sizes[0] < sizes[1] < sizes[2] and sizes[2] >= 1.35 * sizes[0], sizes
        page.goto(base + "cases/")
        assert page.evaluate("document.documentElement.dataset.textSize") == "2"
        assert page.get_attribute("[data-size-step='2']", "aria-pressed") == "true"
        assert page.evaluate(FONT_SIZE) == sizes[2]
        page.click("[data-size-step='0']")
        page.goto(base)
        assert page.evaluate(FONT_SIZE) == sizes[0]
        assert page.outside == []


OVERFLOW = """() => {
  const root = document.documentElement, width = root.clientWidth, wide = []
  const sideways = /hidden|clip/.test(getComputedStyle(root).overflowX) ? 0 : root.scrollWidth - width
  for (const el of document.querySelectorAll("body *")) {
    const box = el.getBoundingClientRect(), style = getComputedStyle(el)
    const content = el.matches("img, svg, input, button") || [...el.childNodes].some(n => n.nodeType === 3 && n.data.trim())
    if (!content || !box.width || !box.height || style.visibility === "hidden" || (box.right <= width + 1 && box.left >= -1))
      continue
    let up = el.parentElement, scrolls = false
    for (; up && up !== document.body; up = up.parentElement)
      if (/auto|scroll|hidden/.test(getComputedStyle(up).overflowX) || getComputedStyle(up).position === "fixed") {
        scrolls = true
        break
      }
    if (!scrolls && style.position !== "fixed")
      wide.push(`${el.tagName.toLowerCase()}.${el.className} (${Math.round(box.left)}–${Math.round(box.right)})`)
  }
  return {sideways, wide}
}"""


def test_no_sideways_scrolling_at_200_percent_zoom_with_the_largest_text(demo_site, unseen_site):
    found = {}
    for name, site in (("demo", demo_site), ("unseen", unseen_site)):
        with served(site, base_path(site)) as base, chromium_page() as page:
            page.set_viewport_size(ZOOM_200)
            page.goto(base)
            page.click("[data-size-step='2']")
            for kind, path in page_types(site).items():
                page.goto(base + path)
                layout = page.evaluate(OVERFLOW)
                if layout["wide"] or layout["sideways"]:
                    found[f"{name} {kind}"] = layout
    assert found == {}


def test_high_contrast_is_a_toggle_that_is_remembered(demo_site):
    background = "getComputedStyle(document.body).backgroundColor"
    with served(demo_site, base_path(demo_site)) as base, chromium_page() as page:
        page.goto(base + "brands/")
        assert page.evaluate(background) == "rgb(255, 255, 255)"
        page.click("[data-contrast-toggle]")
        assert page.get_attribute("[data-contrast-toggle]", "aria-pressed") == "true"
        assert page.evaluate(background) == "rgb(0, 0, 0)"
        assert page.evaluate("getComputedStyle(document.querySelector('.md-typeset p')).color") == "rgb(255, 255, 255)"
        page.goto(base + "cases/")
        assert page.evaluate(background) == "rgb(0, 0, 0)"
        assert page.get_attribute("[data-contrast-toggle]", "aria-pressed") == "true"
        page.emulate_media(media="print")
        assert page.evaluate(background) == "rgb(255, 255, 255)"  # printing is black on white
        page.emulate_media(media="screen")
        page.click("[data-contrast-toggle]")
        page.goto(base)
        assert page.evaluate(background) == "rgb(255, 255, 255)"
        assert page.outside == []


FOCUSED = """() => {
  const el = document.activeElement, box = el.getBoundingClientRect(), style = getComputedStyle(el)
  return {
    name: `${el.tagName.toLowerCase()}.${el.className} ${(el.innerText || el.getAttribute("aria-label") || "").trim().slice(0, 12)}`,
    id: el.id, inMain: !!el.closest("#__main"), body: el === document.body, reach: el.dataset.reach || null,
    visible: box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < innerHeight && box.right > 0
      && box.left < innerWidth && style.visibility !== "hidden",
    ring: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
  }
}"""
MARK_CONTROLS = """() => [...document.querySelectorAll("#__main a[href], #__main button, #__main summary")]
  .filter(el => el.getClientRects().length).map((el, i) => (el.dataset.reach = String(i)))"""


def tab_through(page, limit: int = 150) -> list[dict]:
    """Every stop of the tab order, once round, from the top of the page."""
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        stop = page.evaluate(FOCUSED)
        if stop["body"] or (stops and stop["name"] == stops[0]["name"]):
            break
        stops.append(stop)
    return stops


def test_the_skip_link_comes_first_and_every_control_is_reached_with_visible_focus(demo_site):
    pages = page_types(demo_site)
    with served(demo_site, base_path(demo_site)) as base, chromium_page() as page:
        for kind in ("首页", "品牌", "案例", "认定公示", "404"):
            page.goto(base + pages[kind])
            page.keyboard.press("Tab")
            first = page.evaluate(FOCUSED)
            assert first["name"].startswith("a.skip-link") and "跳到正文" in first["name"], (kind, first)
            assert first["visible"] and first["ring"], (kind, first)
            page.keyboard.press("Enter")
            assert page.evaluate(FOCUSED)["id"] == "__main", kind
            page.keyboard.press("Tab")
            assert page.evaluate(FOCUSED)["inMain"], kind

        page.goto(base + pages["品牌"])
        controls = page.evaluate(MARK_CONTROLS)
        stops = tab_through(page)
        assert [s["name"] for s in stops if not (s["visible"] and s["ring"])] == []
        assert len(controls) >= 3 and set(controls) <= {s["reach"] for s in stops}
        assert page.outside == []


def test_menu_and_search_work_from_the_keyboard_on_a_phone(demo_site):
    pages = page_types(demo_site)
    with served(demo_site, base_path(demo_site)) as base, chromium_page() as page:
        page.set_viewport_size(PHONE)
        page.goto(base + pages["品牌"])
        stops = tab_through(page)
        names = [s["name"] for s in stops]
        assert any("导航菜单" in n for n in names) and any("搜索" in n for n in names)
        assert [s["name"] for s in stops if not (s["visible"] and s["ring"])] == []

        page.focus(".md-header__button[data-for='__drawer']")
        page.keyboard.press("Enter")
        page.wait_for_timeout(300)
        assert page.evaluate("document.activeElement.closest('.md-sidebar--primary') !== null")
        page.keyboard.press("Escape")
        assert "导航菜单" in page.evaluate(FOCUSED)["name"]
        assert not page.evaluate("document.getElementById('__drawer').checked")

        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        page.wait_for_timeout(300)
        assert page.evaluate("document.activeElement.classList.contains('md-search__input')")
        page.keyboard.type("水利")
        page.keyboard.press("End")  # Material searches on keyup; typed Chinese arrives as text input
        page.wait_for_function("document.querySelectorAll('.md-search-result__item').length > 0", timeout=15000)
        for _ in range(3):  # Material moves through the results with the arrow keys
            page.keyboard.press("ArrowDown")
            target = page.evaluate("document.activeElement.matches('.md-search-result__link') && document.activeElement.href")
            if target:
                break
        assert target and page.evaluate(FOCUSED)["visible"]
        page.keyboard.press("Enter")
        page.wait_for_url(target)
        assert page.outside == []


TAP_TARGETS = """selector => [...document.querySelectorAll(selector)]
  .filter(el => el.getClientRects().length && getComputedStyle(el).visibility !== "hidden")
  .map(el => { const box = el.getBoundingClientRect()
               return {name: `${el.className} ${el.innerText.trim().slice(0, 10)}`, width: box.width, height: box.height} })"""


def test_tap_targets_are_at_least_44_px_on_a_phone(demo_site):
    pages = page_types(demo_site)
    measured = []
    with served(demo_site, base_path(demo_site)) as base, chromium_page() as page:
        page.set_viewport_size(PHONE)
        page.goto(base + pages["品牌"])
        measured += page.evaluate(TAP_TARGETS, ".reading-bar__button, .md-header__button")
        page.click(".md-header__button[data-for='__drawer']")
        page.wait_for_timeout(400)
        measured += page.evaluate(TAP_TARGETS, ".md-sidebar--primary a[href]")
        open_with_results(page, base + pages["搜索结果"])
        measured += page.evaluate(TAP_TARGETS, ".md-search__input, .md-search-result__link, .md-search-result summary")
        assert page.outside == []
    assert len(measured) > 12
    assert [m for m in measured if m["width"] < 44 or m["height"] < 44] == []
