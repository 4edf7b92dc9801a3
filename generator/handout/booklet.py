"""Observation-meeting handouts (现场观摩会手册): a meeting → print HTML → A4 PDF.

The booklet: cover, contents, notes and route, then a page or two per stop with the
brand's acceptance report abridged (abridge.py) and a QR code back to its public page.
WeasyPrint lays it out (running header, page numbers, contents page numbers); presenters
appear here and nowhere on the public site. `make` tells the whole story: check → find the
meeting → HTML → lay out with every stop filling its pages by the rule (fitting.py) → write.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import io
import time
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import segno
from markupsafe import Markup

from ..changeset import write_whole
from ..model import records as r
from ..model.check import check_content
from ..model.problems import Report
from ..website.addresses import page_of, page_url
from ..website.images import data_uri
from ..website.markup import cn_date, cn_number, split_paragraphs
from ..website.view import public_activity
from .abridge import Digest, digest
from .fitting import first_setting, next_setting, stop_extents
from .stopsize import estimate
from .words import word_groups

TEMPLATES = Path(__file__).parent / "templates"
_HANDOUT_WORDS = ("观摩会", "现场观摩会", "观摩点", "讲解人", "示范点", "党支部", "党总支")


@dataclass
class HandoutResult:
    """What `make` did: the check's problems, and either an error or the booklet written."""

    report: Report
    error: str | None = None
    pdf: Path | None = None
    pages: int = 0
    stops: int = 0
    without_qr: bool = False  # site.yml has no 网址: no QR code rather than a wrong one
    times: dict[str, float] = field(default_factory=dict)  # seconds by stage, for the benchmark


def make(content: Path, meeting_id: str, out: Path) -> HandoutResult:
    """Check the content folder, lay out the meeting's booklet and write it (PDF and HTML)."""
    result, started = HandoutResult(Report()), time.perf_counter()
    catalogue = check_content(content, result.report)
    result.times["检查"] = _lap(started)
    if catalogue is None:
        result.error = "没有生成手册。"
        return result
    try:
        meeting = find_meeting(catalogue, meeting_id)
    except HandoutError as exc:
        result.error = f"错误 {exc}"
        return result
    result.without_qr, result.stops = not catalogue.site.url, len(meeting.stops)
    started = time.perf_counter()
    html, document = lay_out(meeting, catalogue, content, out.parent)
    result.times["排版"] = _lap(started)
    started = time.perf_counter()
    write_pdf(html, document, out)
    result.times["生成 PDF"] = _lap(started)
    result.pdf, result.pages = out, len(document.pages)
    return result


def _lap(started: float) -> float:
    return time.perf_counter() - started


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
    digest: Digest | None  # a brand stop's condensed report; None at an alliance
    alliance: r.Alliance | None = None  # a stop at an alliance's activity site, instead of a brand
    activities: list[r.Activity] = field(default_factory=list)  # the alliance's latest public ones

    @property
    def title(self) -> str:
        if self.alliance:
            return self.alliance.name
        if self.demo_site and self.brand:
            return f"{self.demo_site.name}（{self.brand.name}）"
        return self.demo_site.name if self.demo_site else self.brand.name

    @property
    def place(self) -> str:
        return self.stop.place or (self.demo_site.place if self.demo_site else None) or ""

    @property
    def route_names(self) -> list[str]:
        """What the route table shows of the stop: its place and names, each broken between words."""
        shown = (self.alliance, self.demo_site, self.brand, self.unit)
        return [self.place, *(record.name for record in shown if record)]


class HandoutError(Exception):
    """The meeting cannot be printed; the message is for the user."""


def stops_of(meeting: r.Meeting, cat: r.Catalogue) -> list[StopView]:
    site_url = cat.site.url
    views = []
    for number, stop in enumerate(meeting.stops, start=1):
        if stop.alliance_id:
            views.append(_alliance_stop(number, stop, cat, meeting.date))
            continue
        brand = cat.brands.get(stop.brand_id) if stop.brand_id else _owner(stop.demo_site, cat)
        demo = next((s for s in brand.demo_sites if s.name == stop.demo_site), None) if stop.demo_site else None
        url = page_url(site_url, page_of(brand)) if site_url else None
        qr = Markup(segno.make(url, error="m").svg_inline(omitsize=True, border=4)) if url else None
        views.append(StopView(number, stop, brand, demo, cat.units.get(brand.unit_id), url, qr, digest(brand)))
    return views


ACTIVITIES_PER_STOP = 3


def _alliance_stop(number: int, stop: r.Stop, cat: r.Catalogue, day: dt.date) -> StopView:
    """The alliance's latest public activities up to the meeting's day: what visitors can ask about."""
    alliance = cat.alliances[stop.alliance_id]
    url = page_url(cat.site.url, page_of(alliance)) if cat.site.url else None
    qr = Markup(segno.make(url, error="m").svg_inline(omitsize=True, border=4)) if url else None
    shown = sorted((a for a in cat.activities.values()
                    if a.alliance_id == alliance.id and a.date <= day and public_activity(a, cat)),
                   key=lambda a: (a.date, a.id), reverse=True)
    return StopView(number, stop, None, None, cat.units.get(alliance.lead_unit_id), url, qr, None, alliance,
                    shown[:ACTIVITIES_PER_STOP])


def _owner(demo_site: str, cat: r.Catalogue) -> r.Brand:
    return next(b for b in cat.brands.values() if any(s.name == demo_site for s in b.demo_sites))


def _embedded(content_root: Path):
    """Pictures as data: URIs, so the HTML handout stands alone beside its PDF."""

    @functools.lru_cache(maxsize=None)  # each layout embeds the same pictures
    def embed(relative: str) -> str:
        return data_uri(content_root / relative)  # cleaned: no EXIF, XMP or text chunks

    return embed


class Booklet:
    """The booklet's HTML for a meeting; the stops (QR codes, digests, titles' words) are made once
    for every layout."""

    def __init__(self, meeting: r.Meeting, cat: r.Catalogue, content_root: Path) -> None:
        self.stops = stops_of(meeting, cat)
        self.embed = _embedded(content_root)
        titles = word_groups([meeting.name, *(t for view in self.stops for t in (view.title, *view.route_names))],
                             _kept_names(cat))
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                                 undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
        env.filters.update(paragraphs=lambda text: split_paragraphs(text or ""), cn=cn_number, cn_date=cn_date,
                           embed=self.embed, words=lambda text: _unbreakable(titles[text]))
        self.template = env.get_template("handout.html.j2")
        self.context = {"meeting": meeting, "site": cat.site, "stops": self.stops,
                        "css": (TEMPLATES / "handout.css").read_text(encoding="utf-8")}

    def html(self, compact: dict[int, int] | None = None) -> str:
        """`compact` gives the stops set tighter (stop number → level)."""
        return self.template.render(**self.context, compact=compact or {})

    def picture_ratio(self, relative: str) -> float:
        """A picture's height over its width, as embedded (turned upright)."""
        from PIL import Image

        with Image.open(io.BytesIO(base64.b64decode(self.embed(relative).split(",", 1)[1]))) as picture:
            return picture.height / picture.width


def _unbreakable(words: list[str]) -> Markup:
    """A title as words a line may end between, never inside (handout.css `.w`)."""
    return Markup("").join(Markup('<span class="w">{}</span>').format(w) for w in words)


def render_html(meeting: r.Meeting, cat: r.Catalogue, content_root: Path) -> str:
    """The booklet's HTML at the normal setting."""
    return Booklet(meeting, cat, content_root).html()


def _kept_names(cat: r.Catalogue) -> list[str]:
    """Names short enough to keep whole on a line (longer ones break between their own words)."""
    names = {*_HANDOUT_WORDS, *(b.name for b in cat.brands.values()), *(u.name for u in cat.units.values())}
    return [n for n in names if len(n) <= 8]


def find_meeting(cat: r.Catalogue, meeting_id: str) -> r.Meeting:
    if meeting_id in cat.meetings:
        return cat.meetings[meeting_id]
    known = "、".join(sorted(cat.meetings)) or "（没有）"
    raise HandoutError(f"找不到观摩会“{meeting_id}”（meetings/{meeting_id}.yml）；现有的观摩会：{known}")


def lay_out(meeting: r.Meeting, cat: r.Catalogue, content_root: Path, base: Path):
    """(html, WeasyPrint document) with each stop set by the page-filling rule (fitting.py): set
    as its estimated size suggests, laid out again only where the layout shows otherwise."""
    from weasyprint import HTML

    booklet, numbers = Booklet(meeting, cat, content_root), range(1, len(meeting.stops) + 1)
    compact = {view.number: level for view in booklet.stops
               if (level := first_setting(*estimate(view, booklet.picture_ratio)))}
    fills: dict[int, dict[int, float]] = {}  # stop → level → above 1 when it fits one page, else its last page's fill
    while True:
        html = booklet.html(compact)
        document = HTML(string=html, base_url=str(base)).render()
        for n, (pages, tail) in stop_extents(document, numbers).items():
            fills.setdefault(n, {})[compact.get(n, 0)] = 1 + tail if pages == 1 else tail
        wanted = {n: level for n, levels in fills.items() if (level := next_setting(levels))}
        if wanted == compact:
            return html, document
        compact = wanted


def write_pdf(html: str, document, pdf: Path) -> None:
    """Write the PDF and its HTML beside it, each in one rename (never half a file)."""
    pdf.parent.mkdir(parents=True, exist_ok=True)
    for path, data in ((pdf, document.write_pdf()), (pdf.with_suffix(".html"), html.encode("utf-8"))):
        write_whole(path, data)  # a full disk or Ctrl-C leaves no half-written file behind
