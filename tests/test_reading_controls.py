"""Elder-friendly reading (适老化) of built sites, by hand as a reader would: the reading bar's
text size and high contrast (remembered), reflow at 200% zoom with the largest text, every
control reached from the keyboard with visible focus, the phone menu and search from the
keyboard, tap targets of at least 44 px. axe-core and the Nu HTML Checker are in
test_accessibility.py.
"""

from browser import chromium_page
from devtools.audit import page_types
from devtools.serving import base_path, served
from test_accessibility import PHONE, ZOOM_200, open_with_results

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
        page.wait_for_function("document.activeElement.closest('.md-sidebar--primary') !== null", timeout=5000)
        page.keyboard.press("Escape")
        assert "导航菜单" in page.evaluate(FOCUSED)["name"]
        assert not page.evaluate("document.getElementById('__drawer').checked")

        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        page.wait_for_function("document.activeElement.classList.contains('md-search__input')", timeout=5000)
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
