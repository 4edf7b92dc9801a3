"""Observation-meeting handouts (现场观摩会手册): a meeting → print HTML → A4 PDF.

The booklet: cover, contents, notes and route, then a page or two per stop with the
brand's acceptance report abridged (abridge.py) and a QR code back to its public page.
WeasyPrint lays it out (running header, page numbers, contents page numbers); presenters
appear here and nowhere on the public site. `make` tells the whole story: check → find the
meeting → HTML → lay out until every stop fills its pages sensibly → write.

The page-filling rule (README states it for clerks): a stop starts a page; headings keep with
the text after them; a measure and the outcomes block are not split; a stop fits one page when
a tighter setting makes it fit; otherwise its last page holds at least a third of a page.
"""

from __future__ import annotations

import functools
import itertools
import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import segno
from markupsafe import Markup

from ..model import records as r
from ..model.check import check_content
from ..model.problems import Report
from ..website.addresses import page_of, page_url
from ..website.images import data_uri
from ..website.markup import cn_date, cn_number, split_paragraphs
from ..website.view import public_activity
from .abridge import Digest, digest

TEMPLATES = Path(__file__).parent / "templates"
COMPACT_LEVELS = 2     # handout.css: .compact-1, .compact-2
MIN_TAIL = 1 / 3       # the least of a page a stop's last page may hold
# How far past one page (as part of the next page) a stop may run and still fit one page at each
# setting of handout.css: .compact-1 takes about 85% of the room, .compact-2 about 70%. A stop running
# further keeps the normal setting: its last page is well filled and one more layout is saved.
FITS_WITHIN = {1: 0.17, COMPACT_LEVELS: 0.4}
_PX_PER_MM = 96 / 25.4
_MARGINS_MM = (22, 20)  # handout.css @page: top and bottom
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


class HandoutError(Exception):
    """The meeting cannot be printed; the message is for the user."""


def stops_of(meeting: r.Meeting, cat: r.Catalogue) -> list[StopView]:
    site_url = cat.site.url
    views = []
    for number, stop in enumerate(meeting.stops, start=1):
        if stop.alliance_id:
            views.append(_alliance_stop(number, stop, cat))
            continue
        brand = cat.brands.get(stop.brand_id) if stop.brand_id else _owner(stop.demo_site, cat)
        demo = next((s for s in brand.demo_sites if s.name == stop.demo_site), None) if stop.demo_site else None
        url = page_url(site_url, page_of(brand)) if site_url else None
        qr = Markup(segno.make(url, error="m").svg_inline(omitsize=True, border=4)) if url else None
        views.append(StopView(number, stop, brand, demo, cat.units.get(brand.unit_id), url, qr, digest(brand)))
    return views


ACTIVITIES_PER_STOP = 3


def _alliance_stop(number: int, stop: r.Stop, cat: r.Catalogue) -> StopView:
    alliance = cat.alliances[stop.alliance_id]
    url = page_url(cat.site.url, page_of(alliance)) if cat.site.url else None
    qr = Markup(segno.make(url, error="m").svg_inline(omitsize=True, border=4)) if url else None
    shown = sorted((a for a in cat.activities.values() if a.alliance_id == alliance.id and public_activity(a, cat)),
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
    """The booklet's HTML for a meeting; the stops (QR codes, digests) are made once for every layout."""

    def __init__(self, meeting: r.Meeting, cat: r.Catalogue, content_root: Path) -> None:
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                                 undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
        env.filters.update(paragraphs=lambda text: split_paragraphs(text or ""), cn=cn_number, cn_date=cn_date,
                           embed=_embedded(content_root), words=_words(cat))
        self.template = env.get_template("handout.html.j2")
        self.context = {"meeting": meeting, "site": cat.site, "stops": stops_of(meeting, cat),
                        "css": (TEMPLATES / "handout.css").read_text(encoding="utf-8")}

    def html(self, compact: dict[int, int] | None = None) -> str:
        """`compact` gives the stops set tighter (stop number → level)."""
        return self.template.render(**self.context, compact=compact or {})


def render_html(meeting: r.Meeting, cat: r.Catalogue, content_root: Path) -> str:
    """The booklet's HTML at the normal setting."""
    return Booklet(meeting, cat, content_root).html()


def _words(cat: r.Catalogue):
    """Titles as unbreakable words: a line may end between words, never inside one."""
    names = {*_HANDOUT_WORDS, *(b.name for b in cat.brands.values()), *(u.name for u in cat.units.values())}
    keep = sorted((n for n in names if len(n) <= 8), key=len, reverse=True)  # longer names break inside

    def words(text: str) -> Markup:
        return Markup("").join(Markup('<span class="w">{}</span>').format(w) for w in word_groups(text, keep))

    return words


def word_groups(text: str, keep: list[str] = ()) -> list[str]:
    """jieba's words, the names in `keep` whole, a lone character or punctuation kept with its
    neighbour (年, 会, （, ）)."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    pieces = jieba.lcut(text)  # the global dictionary is read, never changed
    ends = set(itertools.accumulate(len(p) for p in pieces))
    tokens, position = [], 0
    while position < len(text):  # a kept name is one token when it starts and ends between jieba's words
        name = next((n for n in keep if text.startswith(n, position) and position + len(n) in ends), None)
        token = name or next(p for p, end in zip(pieces, itertools.accumulate(len(p) for p in pieces))
                             if end - len(p) == position)
        tokens.append(token)
        position += len(token)
    groups: list[str] = []
    opening = ""
    for token in tokens:
        if token in "（(“《【":
            opening += token
        elif groups and not opening and (len(token) == 1 or not token.strip()):
            groups[-1] += token
        else:
            groups.append(opening + token)
            opening = ""
    return groups + ([opening] if opening else [])


def find_meeting(cat: r.Catalogue, meeting_id: str) -> r.Meeting:
    if meeting_id in cat.meetings:
        return cat.meetings[meeting_id]
    known = "、".join(sorted(cat.meetings)) or "（没有）"
    raise HandoutError(f"找不到观摩会“{meeting_id}”（meetings/{meeting_id}.yml）；现有的观摩会：{known}")


def lay_out(meeting: r.Meeting, cat: r.Catalogue, content_root: Path, base: Path):
    """(html, WeasyPrint document) with each stop set by the page-filling rule.

    A stop longer than a page is set at the tighter setting its overrun suggests, then tighter
    still if it does not fit; one that never fits keeps the least tight setting whose last page
    holds at least MIN_TAIL of a page. Stops start pages, so each stop's setting is its own and
    one layout of the booklet tries them all at once.
    """
    from weasyprint import HTML

    booklet, numbers = Booklet(meeting, cat, content_root), range(1, len(meeting.stops) + 1)
    compact: dict[int, int] = {}
    fills: dict[int, dict[int, float]] = {}  # stop → level → above 1 when it fits one page, else its last page's fill
    while True:
        html = booklet.html(compact)
        document = HTML(string=html, base_url=str(base)).render()
        for n, (pages, tail) in stop_extents(document, numbers).items():
            if pages > 1 or compact.get(n):
                fills.setdefault(n, {})[compact.get(n, 0)] = 1 + tail if pages == 1 else tail
        wanted = {n: level for n, levels in fills.items() if (level := _next(levels))}
        if wanted == compact:
            return html, document
        compact = wanted


def _next(levels: dict[int, float]) -> int:
    """The setting to lay a stop out at next, from the settings tried so far."""
    fitting = [level for level, score in levels.items() if score > 1]
    if fitting or len(levels) > 1 and max(levels) == COMPACT_LEVELS:
        return _setting(levels)
    if len(levels) == 1:  # only the normal setting tried: its overrun says which setting can fit
        return next((level for level, overrun in FITS_WITHIN.items() if levels[0] < overrun), 0)
    return max(levels) + 1


def _setting(levels: dict[int, float]) -> int:
    """The loosest level that fits one page (scored above 1), else the loosest with a fair last page."""
    fitting = [lv for lv, score in levels.items() if score > 1]
    if fitting:
        return min(fitting)
    fair = [lv for lv, score in levels.items() if score >= MIN_TAIL]
    return min(fair) if fair else max(levels)


def stop_extents(document, numbers) -> dict[int, tuple[int, float]]:
    """Each stop's page count and how much of its last page (0–1, below the top margin) it fills."""
    found: dict[str, tuple[int, float]] = {}
    for number, page in enumerate(document.pages):
        for name, position in page.anchors.items():
            found.setdefault(name, (number, position[1]))  # a section spanning pages is anchored on each
    top, bottom = (m * _PX_PER_MM for m in _MARGINS_MM)
    extents = {}
    for n in numbers:
        (first, _), (last, y) = found[f"stop-{n}"], found[f"stop-{n}-end"]
        extents[n] = (last - first + 1, (y - top) / (document.pages[last].height - top - bottom))
    return extents


def write_pdf(html: str, document, pdf: Path) -> None:
    """Write the PDF and its HTML beside it, each in one rename (never half a file)."""
    pdf.parent.mkdir(parents=True, exist_ok=True)
    for path, data in ((pdf, document.write_pdf()), (pdf.with_suffix(".html"), html.encode("utf-8"))):
        handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.chmod(temp, 0o666 & ~_umask())  # mkstemp makes 0600; a handout is an ordinary file
            os.replace(temp, path)
        except BaseException:  # a full disk or Ctrl-C leaves no half-written file behind
            os.unlink(temp)
            raise


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
