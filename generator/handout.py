"""Observation-meeting handouts (现场观摩会手册): a meeting → print HTML → A4 PDF.

The booklet: cover, contents, notes and route, then a page or two per stop with the
brand's acceptance report condensed and a QR code back to its public page. WeasyPrint
lays it out (running header, page numbers, contents page numbers); presenters appear
here and nowhere on the public site.
"""

from __future__ import annotations

import base64
import mimetypes
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import jinja2
import segno
from markupsafe import Markup

from . import records as r
from .addresses import page_of, page_url
from .markup import cn_date, cn_number, split_paragraphs

TEMPLATES = Path(__file__).parent / "templates"


@dataclass
class StopView:
    """One stop of the route, with everything its page shows."""

    number: int
    stop: r.Stop
    brand: r.Brand | None
    demo_site: r.DemoSite | None
    unit: r.Unit | None
    url: str | None
    qr: Markup | None

    @property
    def title(self) -> str:
        if self.demo_site and self.brand:
            return f"{self.demo_site.name}（{self.brand.name}）"
        return self.demo_site.name if self.demo_site else self.brand.name


class HandoutError(Exception):
    """The meeting cannot be printed; the message is for the user."""


def stops_of(meeting: r.Meeting, cat: r.Catalogue) -> list[StopView]:
    site_url = cat.site.url
    views = []
    for number, stop in enumerate(meeting.stops, start=1):
        brand = cat.brands.get(stop.brand_id) if stop.brand_id else _owner(stop.demo_site, cat)
        demo = next((s for s in brand.demo_sites if s.name == stop.demo_site), None) if stop.demo_site else None
        url = page_url(site_url, page_of(brand)) if site_url else None
        qr = Markup(segno.make(url, error="m").svg_inline(omitsize=True, border=4)) if url else None
        views.append(StopView(number, stop, brand, demo, cat.units.get(brand.unit_id), url, qr))
    return views


def _owner(demo_site: str, cat: r.Catalogue) -> r.Brand:
    return next(b for b in cat.brands.values() if any(s.name == demo_site for s in b.demo_sites))


def _embedded(content_root: Path):
    """Pictures as data: URIs, so the HTML handout stands alone beside its PDF."""

    def embed(relative: str) -> str:
        path = content_root / relative
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return f"data:{kind};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"

    return embed


def render_html(meeting: r.Meeting, cat: r.Catalogue, content_root: Path) -> str:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters.update(paragraphs=lambda text: split_paragraphs(text or ""), cn=cn_number, cn_date=cn_date,
                       embed=_embedded(content_root))
    return env.get_template("handout.html.j2").render(
        meeting=meeting, site=cat.site, stops=stops_of(meeting, cat),
        css=(TEMPLATES / "handout.css").read_text(encoding="utf-8"),
    )


def find_meeting(cat: r.Catalogue, meeting_id: str) -> r.Meeting:
    if meeting_id in cat.meetings:
        return cat.meetings[meeting_id]
    known = "、".join(sorted(cat.meetings)) or "（没有）"
    raise HandoutError(f"找不到观摩会“{meeting_id}”（meetings/{meeting_id}.yml）；现有的观摩会：{known}")


def write_pdf(html: str, pdf: Path) -> int:
    """Write the PDF and its HTML beside it, each in one rename (never half a file); the page count."""
    from weasyprint import HTML

    pdf.parent.mkdir(parents=True, exist_ok=True)
    rendered = HTML(string=html, base_url=str(pdf.parent)).render()
    document = rendered.write_pdf()
    for path, data in ((pdf, document), (pdf.with_suffix(".html"), html.encode("utf-8"))):
        handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temp, path)
    return len(rendered.pages)
