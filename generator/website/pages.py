"""What one build shows (view.py) → its pages, each with its template and context.

Everything a template shows is decided here, so templates only lay it out.
"""

from __future__ import annotations

from ..model import records as r
from .addresses import page_of
from .pages_alliances import home_work, work_pages
from .view import Page, View, by_approval, share_of


NEWEST_ON_HOME = 6


def plan(view: View) -> list[Page]:
    """Every page of the build, in a stable order."""
    cat = view.catalogue
    common = {"site": cat.site, "view": view, "preview": view.preview, "units": cat.units}
    newest = [b for b in by_approval(view.brands) if b.approved][:NEWEST_ON_HOME]
    has_address = bool(cat.site.url)
    pages = [
        Page("index.md", "home.md.j2", {
            "newest": newest, "newest_cases": view.cases[:3],
            "figures": _home_figures(view), **home_work(view),
        }),
        Page("brands/index.md", "brands.md.j2"),
        Page("cases/index.md", "cases.md.j2"),
        Page("units/index.md", "units.md.j2"),
        Page("tags/index.md", "tags.md.j2"),
        Page("announcements/index.md", "announcements.md.j2"),
    ]
    for batch_view in view.batches:
        if batch_view.approved:
            pages.append(Page(page_of(batch_view), "announcement.md.j2", {"entry": batch_view}))
    for brand in view.brands:
        pages.append(Page(page_of(brand), "brand.md.j2", {
            "brand": brand, "unit": cat.units[brand.unit_id], "batch": cat.site.batch(brand.batch_name),
            "cases": view.related_cases(brand), "activities": view.brand_activities(brand), "public": brand.approved,
            **share_of(brand, brand.approved and has_address),
        }))
    for case in view.cases:
        pages.append(Page(page_of(case), "case.md.j2", {
            "case": case, "unit": cat.units.get(case.unit_id) if case.unit_id else None,
            "brands": view.related_brands(case), "public": case.published,
            **share_of(case, case.published and has_address),
        }))
    for unit_view in view.units:
        pages.append(Page(page_of(unit_view.unit), "unit.md.j2", {"entry": unit_view}))
    for tag in view.tags:
        pages.append(Page(page_of(tag), "tag.md.j2", {"tag": tag}))
    pages += work_pages(view, has_address)
    for page in pages:
        page.context = {**common, **page.context, "here": page.path}
    return pages


def _home_figures(view: View) -> list[r.Figure]:
    figures = [r.Figure(f"{b.batch.name}认定品牌", str(sum(x.approved for x in b.brands)), "个")
               for b in view.batches if b.brands]
    figures += [
        r.Figure("创建党组织", str(len({b.unit_id for b in view.brands if b.approved})), "个"),
        r.Figure("工作案例", str(sum(c.published for c in view.cases)), "篇"),
        r.Figure("党建示范点", str(sum(len(b.demo_sites) for b in view.brands if b.approved)), "个"),
    ]
    return figures
