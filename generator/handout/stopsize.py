"""How much of a page a handout stop takes at the normal setting, estimated without laying it out.

Laying the booklet out once just to measure its stops cost as much as the booklet itself; this
estimate (handout.css's sizes, CJK text at one em a character, the page breaks its keep rules force)
chooses each stop's setting before the one layout, which then checks every stop and corrects the
few it got wrong (fitting.py). A wrong estimate costs a layout, never a stop that breaks the rule;
near one of the rule's thresholds it may choose the neighbouring setting, which fits as well.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ..website.markup import cn_number, split_paragraphs

MM, PT = 96 / 25.4, 96 / 72  # CSS pixels
WIDTH, HEIGHT = 170 * MM, (297 - 22 - 20) * MM  # handout.css @page: A4 less its margins
LINE = 1.65
BODY = 10.5 * PT
_NARROW = re.compile(r"[\x00-\u2e7f\uff61-\uff9f]")  # Latin, digits, half-width forms: about half an em


@dataclass
class Block:
    """A block of the stop as handout.css sets it: its height, margins, and how it may break."""

    height: float
    top: float = 0.0
    bottom: float = 0.0
    line: float = 0.0         # a paragraph breaks between its lines (two at least each side); 0: moves whole
    keep_next: bool = False   # a heading stays with what follows


def ems(text: str) -> float:
    narrow = len(_NARROW.findall(text))
    return len(text) - narrow / 2


def lines(text: str, size: float, width: float = WIDTH, indent: float = 0.0) -> int:
    return max(1, math.ceil((ems(text) + indent) * size / width - 0.02)) if text else 0


def text_block(text: str, size: float = BODY, indent: float = 2, width: float = WIDTH, bottom: float = 2 * MM,
               top: float = 0.0) -> Block:
    """A paragraph (handout.css `p`: 2 em indent, 2 mm below)."""
    return Block(lines(text, size, width, indent) * size * LINE, top, bottom, size * LINE)


def heading(text: str, size: float = 12 * PT) -> Block:
    return Block(lines(text, size) * size * LINE, 5 * MM, 2 * MM, keep_next=True)


def facts(rows: list[str]) -> Block:
    """The facts table (62% wide, an 18 mm header column): each row one line unless its value wraps."""
    size, cell = 9.5 * PT, 0.62 * WIDTH - 26 * MM
    height = sum(lines(row, size, cell) * size * LINE + 3 * MM for row in rows) + (len(rows) + 1) * 0.5 * PT
    return Block(height, 2 * MM, 3 * MM)


def measure(title: str, points: list[str]) -> Block:
    """A measure (or 六联 heading): its headline, then each point on a line of its own, kept whole."""
    small = 0.95 * BODY
    height = lines(title, BODY) * BODY * LINE + sum(lines(p, small, indent=2) * small * LINE for p in points)
    return Block(height, 0, 2 * MM)


def kept(blocks: list[Block]) -> Block:
    """Blocks kept on one page (handout.css `.keep`), their margins collapsed between them."""
    height = blocks[0].height + sum(max(a.bottom, b.top) + b.height for a, b in zip(blocks, blocks[1:]))
    return Block(height, blocks[0].top, blocks[-1].bottom)


def figures(values: list[tuple[str, str]]) -> Block:
    """The key figures, boxes of at least 28 mm in rows that wrap (value and unit over the label).
    WeasyPrint wraps these rows at about three quarters of the width (three boxes of 28 mm)."""
    rows, used = 1, 0.0
    for value, label in values:
        box = max(28 * MM, ems(value) * 16 * PT, ems(label) * 8.5 * PT) + 6 * MM + PT
        if used and used + box > 0.75 * WIDTH:
            rows, used = rows + 1, 0.0
        used += box + 3 * MM
    row = 16 * PT * LINE + 8.5 * PT * LINE + 4 * MM + PT
    return Block(rows * row + (rows - 1) * 3 * MM, 2 * MM, 3 * MM)


def pictures(shown: list[tuple[float, str | None]]) -> Block:
    """Up to two pictures side by side, each 48% wide and at most 50 mm high, with their captions."""
    column, size = 0.48 * WIDTH, 8 * PT
    tallest = max(min(50 * MM, column * ratio) + (lines(caption or "", size, column) * size * LINE)
                  for ratio, caption in shown)
    return Block(tallest + 1.2 * MM, 3 * MM, 0)


def paginate(blocks: list[Block]) -> tuple[int, float]:
    """Pages the blocks take and how much of the last one (0–1) they fill, by the keep rules."""
    pages, y, below = 1, 0.0, 0.0
    for index, block in enumerate(blocks):
        gap = max(below, block.top) if y else 0.0
        need = block.height
        if block.keep_next and index + 1 < len(blocks):
            after = blocks[index + 1]
            need += max(block.bottom, after.top) + (min(after.height, 2 * after.line) if after.line else after.height)
        if y + gap + need <= HEIGHT or not y:
            y += gap + block.height
        elif block.line and (HEIGHT - y - gap) // block.line >= 2 and block.height // block.line >= 4:
            taken = min((HEIGHT - y - gap) // block.line, block.height // block.line - 2)
            pages, y = pages + 1, block.height - taken * block.line
        else:
            pages, y = pages + 1, block.height
        while y > HEIGHT:  # taller than a page: WeasyPrint slices it
            pages, y = pages + 1, y - HEIGHT
        below = block.bottom
    return pages, (y + below) / HEIGHT


def numbered(index: int, title: str) -> str:
    return f"（{cn_number(index)}）{title}"


def paragraphs(text: str | None) -> list[str]:
    return split_paragraphs(text or "")


def estimate(view, ratio_of) -> tuple[int, float]:
    """(pages, fill of the last page) of a stop (handout.StopView) at the normal setting;
    `ratio_of(file)` gives a picture's height over its width."""
    return paginate(_alliance(view) if view.alliance else _brand(view, ratio_of))


def _opening(view, fact_rows: list[str]) -> list[Block]:
    """The kicker, the title, and the facts table beside the QR code (and the slogan above it)."""
    kicker = f"第{cn_number(view.number)}站　{view.stop.time or ''}　{view.stop.place or ''}"
    title = 18 * PT
    blocks = [text_block(kicker, 10 * PT, 0, bottom=0),
              Block(lines(view.title, title) * title * LINE, 1 * MM, 2 * MM)]
    slogan = view.brand.slogan if view.brand else None
    if slogan:
        blocks.append(text_block(slogan, indent=0, width=WIDTH - (37 * MM if view.qr else 0)))
    rows = fact_rows + ([f"讲解人{view.stop.presenter}"] if view.stop.presenter else [])
    return blocks + [facts(rows)]


def _brand(view, ratio_of) -> list[Block]:
    brand, digest, site = view.brand, view.digest, view.demo_site
    unit = view.unit.name if view.unit else brand.unit_id
    blocks = _opening(view, [brand.name, unit, f"{brand.batch_name}　{brand.approved_on}认定"])
    if site:
        blocks += [heading("党建示范点"), text_block(f"地点：{site.place or ''}　级别：{site.level or ''}示范点", indent=0)]
        blocks += [text_block(p) for p in paragraphs(site.highlights)]
    if digest.own:
        blocks += [heading("观摩摘要")] + [text_block(p) for p in digest.own]
    else:
        blocks += [heading("一、创建背景")] + ([text_block(digest.background)] if digest.background else [])
        blocks += [heading("二、主要措施")]
        blocks += [measure(numbered(i, m.title), m.gists) for i, m in enumerate(digest.measures, start=1)]
        outcomes = [heading("三、工作成效")]
        if brand.outcomes.figures:
            outcomes.append(figures([(f"{f.value}{f.unit or ''}", f.indicator) for f in brand.outcomes.figures]))
        if digest.outcome_summary:
            outcomes.append(text_block(digest.outcome_summary))
        if digest.outcome_titles:
            outcomes.append(_titles([numbered(i, t) for i, t in enumerate(digest.outcome_titles, start=1)]))
        blocks.append(kept(outcomes))
        if digest.lesson_titles:
            lessons = [f"启示{cn_number(i)}：{t}" for i, t in enumerate(digest.lesson_titles, start=1)]
            blocks.append(kept([heading("四、经验启示"), _titles(lessons)]))
    shown = [(ratio_of(p.file), p.caption) for p in brand.pictures[:2] if not p.file.endswith(".svg")]
    return blocks + ([pictures(shown)] if shown else [])


def _alliance(view) -> list[Block]:
    alliance = view.alliance
    rows = [alliance.name] + ([alliance.area] if alliance.area else [])
    blocks = _opening(view, rows + [view.unit.name if view.unit else alliance.lead_unit_id, "成员单位"])
    blocks += [text_block(p) for p in paragraphs(alliance.intro)[:1]]
    if alliance.joint_work:
        blocks.append(heading("“六联”活动内容"))
        blocks += [measure(w.heading, paragraphs(w.text)[:1]) for w in alliance.joint_work]
    if view.activities:
        blocks += [heading("近期活动"), _titles([f"{a.date}　{a.title}" for a in view.activities])]
    return blocks


def _titles(titles: list[str]) -> Block:
    """A list of headlines (handout.css `.outcomes`), a line or two each."""
    return Block(sum(lines(t, BODY) for t in titles) * BODY * LINE, 1 * MM, 1 * MM)
