"""Share cards: a 1200×630 JPEG per brand, case, alliance, activity and campaign (and one for the site), drawn with Pillow
from the machine's Noto CJK fonts, for WeChat and social previews (og:image).

Nothing is downloaded. Long names wrap and shrink; nothing is cut off. A card is redrawn
only when what it shows changes (a key per card is kept beside the cached cards).
"""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, ImageOps

from . import cardjpeg, glyphs, markup
from .addresses import card_of
from .drawing import Task
from .markup import first_sentence
from .view import View, summary

WIDTH, HEIGHT = 1200, 630
MARGIN = 70
RULE = ((MARGIN, HEIGHT - 110, WIDTH - MARGIN, HEIGHT - 110), "#dddddd", 2)  # above the footer: line, colour, width
RED, DARK_RED, GOLD, INK, GREY = "#b71c1c", "#8e1414", "#f2b600", "#1f1f1f", "#555555"
DESIGN = "5"  # bump to redraw every card after changing the drawing
FONT_FILES = {
    "regular": ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", "NotoSansCJKsc-Regular.otf"),
    "bold": ("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", "NotoSansCJKsc-Bold.otf"),
}
SC_INDEX = 2  # Simplified Chinese face inside the Noto CJK collection
NO_LINE_START = set("，。、；：？！）》」』”’…%,.;:?!)")


@dataclass
class Card:
    """What one card shows."""

    path: str
    kicker: str
    title: str
    lines: list[str]
    footer: str
    logo: Path | None = None


@functools.lru_cache(maxsize=None)
def font_path(weight: str) -> Path | None:
    for candidate in FONT_FILES[weight]:
        path = Path(candidate)
        if path.is_file():
            return path
        for folder in (Path("/usr/share/fonts"), Path.home() / ".fonts"):
            found = next(folder.rglob(candidate), None) if folder.is_dir() else None
            if found:
                return found
    return None


def fonts_available() -> bool:
    return font_path("regular") is not None and font_path("bold") is not None


@functools.lru_cache(maxsize=None)  # loading a CJK collection costs more than drawing a card
def _font(weight: str, size: int) -> ImageFont.FreeTypeFont:
    path = font_path(weight)
    index = SC_INDEX if path.suffix == ".ttc" else 0
    return ImageFont.truetype(str(path), size, index=index)


def cards_for(view: View, content_root: Path) -> list[Card]:
    site = view.catalogue.site
    units = view.catalogue.units
    cards = [Card(card_of(None), site.organiser, site.name, [first_sentence(site.intro) or ""], site.name)]
    for brand in view.brands:
        unit = units[brand.unit_id].name
        cards.append(Card(card_of(brand), f"党建特色品牌 · {brand.batch_name}", brand.name,
                          [summary(brand)], f"{unit}　|　{site.name}",
                          content_root / brand.logo if brand.logo and not brand.logo.endswith(".svg") else None))
    for case in view.cases:
        cards.append(Card(card_of(case), "工作案例", case.title, [summary(case)],
                          f"{case.publisher}　|　{site.name}"))
    for alliance in view.alliances:
        cards.append(Card(card_of(alliance), f"党建联盟 · {alliance.year}年", alliance.name,
                          [summary(alliance)], f"{units[alliance.lead_unit_id].name}牵头　|　{site.name}"))
    for activity in view.activities:
        organiser = units[activity.unit_id].name if activity.unit_id else site.organiser
        cards.append(Card(card_of(activity), f"工作动态 · {markup.cn_date(activity.date)}", activity.title,
                          [summary(activity)], f"{organiser}　|　{site.name}"))
    for campaign in view.campaigns:
        cards.append(Card(card_of(campaign), f"专项工作 · {campaign.year}年", campaign.name,
                          [summary(campaign)], f"{site.organiser}　|　{site.name}"))
    return cards


def _key(card: Card) -> str:
    logo = card.logo.read_bytes() if card.logo and card.logo.is_file() else b""
    data = json.dumps([DESIGN, card.kicker, card.title, card.lines, card.footer], ensure_ascii=False)
    return hashlib.sha256(data.encode() + hashlib.sha256(logo).digest()).hexdigest()


def tasks(view: View, content_root: Path) -> list[Task]:
    """One task per card, keyed by everything the card shows."""
    return [Task((card.path,), _key(card), _draw_one, card) for card in cards_for(view, content_root)]


def _draw_one(card: Card) -> tuple[bytes]:
    return (draw(card),)


PARALLEL_FROM = 40  # below this, starting worker processes costs more than it saves


MEASURE_NEAR = 4  # pixels: a line whose summed advances come this close to the width is measured whole


def wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Break text to fit width; a closing mark never starts a line.

    A line's width is the sum of its characters' advances (kept per font) except near the
    limit, where the whole line is measured as drawn: the same breaks as measuring every time."""
    lines, line, summed = [], "", 0.0
    for char in text:
        step = glyphs.advance(font, char)
        if line and char not in NO_LINE_START and (
                summed + step > width + MEASURE_NEAR
                or (summed + step > width - MEASURE_NEAR and font.getlength(line + char) > width)):
            lines.append(line)
            line, summed = "", 0.0
        line += char
        summed += step
    if line:
        lines.append(line)
    return lines


def _within(line: str, font: ImageFont.FreeTypeFont, limit: float) -> bool:
    """font.getlength(line) <= limit, measured whole only near the limit (as in wrap)."""
    summed = sum(glyphs.advance(font, char) for char in line)
    if abs(summed - limit) > MEASURE_NEAR:
        return summed < limit
    return font.getlength(line) <= limit


def _fit(text: str, weight: str, sizes: tuple[int, ...], width: int, max_lines: int):
    """The largest size at which text fits in max_lines; the smallest one ends with …"""
    for size in sizes:
        font = _font(weight, size)
        lines = wrap(text, font, width)
        if len(lines) <= max_lines and all(_within(x, font, width * 1.04) for x in lines):
            return font, lines
    lines = lines[:max_lines]
    while lines and not _within(lines[-1] + "…", font, width):
        lines[-1] = lines[-1][:-1]
    lines[-1] += "…"
    return font, lines


@functools.lru_cache(maxsize=None)
def _blank() -> cardjpeg.Blank:
    """The card without its words: the red and gold bands and the rule above the footer."""
    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    pen = ImageDraw.Draw(image)
    pen.rectangle((0, 0, WIDTH, 96), fill=RED)
    pen.rectangle((0, 96, WIDTH, 104), fill=GOLD)
    pen.line(RULE[0], fill=RULE[1], width=RULE[2])
    return cardjpeg.Blank(image)


def draw(card: Card) -> bytes:
    return _blank().draw(functools.partial(_paint, card))


def _paint(card: Card, image: Image.Image, marks: list) -> None:
    """Draw the card's words and logo on the blank card; note where each went (only those strips
    are encoded) and, for the kicker and the footer, what they look like (those strips are reused)."""

    def line(xy, text, font, ink, behind, anchor="la", key=None, keep=False):
        box = glyphs.draw(image, xy, text, font, ink, behind, anchor=anchor, keep=keep)
        if box:
            marks.append((box[1], box[3], key and (key, text, font.size)))

    kicker_font, kicker = _fit(card.kicker, "regular", (32, 28, 24), WIDTH - 2 * MARGIN, 1)
    line((MARGIN, 48), kicker[0], kicker_font, "white", RED, anchor="lm", key="kicker", keep=True)
    text_width = WIDTH - 2 * MARGIN - (300 if card.logo else 0)
    title_font, title = _fit(card.title, "bold", (72, 62, 54, 46), text_width, 3)
    y = 150
    for each in title:
        line((MARGIN, y), each, title_font, DARK_RED, "white")
        y += int(title_font.size * 1.3)
    text = " ".join(x for x in card.lines if x)
    if text:
        body_font, body = _fit(text, "regular", (36, 32, 28), text_width, 2)
        y += 16
        for each in body:
            line((MARGIN, y), each, body_font, GREY, "white")
            y += int(body_font.size * 1.45)
    ImageDraw.Draw(image).line(RULE[0], fill=RULE[1], width=RULE[2])  # over a long summary, as before
    footer_font, footer = _fit(card.footer, "regular", (30, 26, 22), WIDTH - 2 * MARGIN, 1)
    below_rule = any(bottom > RULE[0][1] for _, bottom, _ in marks)  # a summary long enough to reach the footer
    line((MARGIN, HEIGHT - 58), footer[0], footer_font, INK, "white", anchor="lm", key="footer", keep=not below_rule)
    if card.logo and card.logo.is_file():
        marks.append((*_paste_logo(image, card.logo), None))


def _paste_logo(image: Image.Image, path: Path) -> tuple[int, int]:
    with Image.open(path) as logo:
        logo = ImageOps.exif_transpose(logo).convert("RGBA")
        logo.thumbnail((240, 240))
        x = WIDTH - MARGIN - logo.width
        y = 104 + (HEIGHT - 110 - 104 - logo.height) // 2
        image.paste(logo, (x, y), logo)
        return y, y + logo.height
