"""Lines of text drawn from glyphs rasterised once per font, for the share cards.

FreeType rasterises every glyph of a line each time Pillow draws it, and a thousand cards
draw the same few thousand characters again and again: most of a card's time. Here each
glyph is rasterised once per font and position within a pixel, and a line is the glyphs
painted at their advances, with Pillow's kerning between non-CJK neighbours (digits,
Latin). The pixels are Pillow's own, up to an eighth of a pixel in position. A line Pillow
must shape (combining marks, joining scripts, emoji sequences) is drawn by Pillow itself.
"""

from __future__ import annotations

import functools
import re

from PIL import Image, ImageColor, ImageDraw, ImageFont

PHASES = 8  # positions within a pixel a glyph is rasterised at
CJK_FROM = 0x2E80  # from here on (CJK, full-width forms) the fonts have no kerning
# Characters drawn one by one: each is one glyph at its own advance (Latin, symbols, CJK); any other
# (combining marks, format controls, joining scripts, variation selectors, emoji) sends the line to Pillow.
_SIMPLE = re.compile("[\u0020-\u02ff\u2010-\u2027\u2030-\u205f\u2070-\u2bff\u2e80-\u3029\u3030-\u3098"
                     "\u309b-\u9fff\uac00-\ud7a3\uf900-\ufaff\ufe10-\ufe1f\ufe30-\uffef\U00020000-\U0003ffff]*")
KEPT_AT_MOST = 48_000_000  # bytes of glyphs and lines kept in one process (serve, the workbench live on)
_kept = [0]
_lines: dict[tuple, tuple] = {}


@functools.lru_cache(maxsize=None)
def _glyphs(font: ImageFont.FreeTypeFont) -> dict:
    return {}


def _keep(size: tuple[int, int]) -> None:
    """Count a kept picture's bytes (coverage and painted copy); past the budget, forget all."""
    _kept[0] += 4 * size[0] * size[1]
    if _kept[0] > KEPT_AT_MOST:
        _glyphs.cache_clear()
        _lines.clear()
        _kept[0] = 4 * size[0] * size[1]


@functools.lru_cache(maxsize=None)
def _pairs(font: ImageFont.FreeTypeFont) -> dict:
    return {}


@functools.lru_cache(maxsize=None)
def advances(font: ImageFont.FreeTypeFont) -> dict[str, float]:
    """Each character's advance in this font, as measured once."""
    return {}


@functools.lru_cache(maxsize=None)
def _baseline(font: ImageFont.FreeTypeFont, anchor: str) -> int:
    """How far below the anchor point the baseline lies, as Pillow places it."""
    return font.getbbox("国", anchor=anchor)[1] - font.getbbox("国", anchor="ls")[1]


def _glyph(font: ImageFont.FreeTypeFont, char: str, phase: int, ink: tuple, background: tuple):
    """The glyph's coverage, and the glyph already painted in ink over the background."""
    known = _glyphs(font)
    found = known.get((char, phase, ink, background))
    if found is None:
        mask, offset = font.getmask2(char, "L", anchor="ls", start=(phase / PHASES, 0))
        tile = Image.new("RGB", mask.size, background)
        if mask.size[0] and mask.size[1]:
            tile.im.paste(ink, (0, 0) + mask.size, mask)
        _keep(mask.size)
        found = known[(char, phase, ink, background)] = (mask, tile.im, offset, mask.size)
    return found


def advance(font: ImageFont.FreeTypeFont, char: str) -> float:
    known = advances(font)
    step = known.get(char)
    if step is None:
        step = known[char] = font.getlength(char)
    return step


def _kerning(font: ImageFont.FreeTypeFont, pair: str) -> float:
    known = _pairs(font)
    found = known.get(pair)
    if found is None:
        found = known[pair] = font.getlength(pair) - advance(font, pair[0]) - advance(font, pair[1])
    return found


def draw(image: Image.Image, xy: tuple[int, int], text: str, font: ImageFont.FreeTypeFont, fill: str,
         background: str, anchor: str = "la", keep: bool = False) -> tuple[int, int, int, int] | None:
    """ImageDraw.text(xy, text, font=font, fill=fill, anchor=anchor) for one line on a plain
    background colour, anchors l…: glyphs clear of their neighbours are copied already painted.
    keep: the line is drawn often in the same place (a kicker, a footer), on nothing but the
    background: keep it whole and copy it next time. The box around what was painted; None if nothing was."""
    ink, behind = ImageColor.getcolor(fill, "RGB"), ImageColor.getcolor(background, "RGB")
    line = (font, text, ink, behind, tuple(xy), anchor)
    if keep and line in _lines:
        tile, painted = _lines[line]
        image.im.paste(tile, painted)
        return painted
    if not _SIMPLE.fullmatch(text):  # marks, joining scripts, emoji sequences: Pillow shapes them
        pen = ImageDraw.Draw(image)
        pen.text(xy, text, font=font, fill=fill, anchor=anchor)
        left, top, right, bottom = pen.textbbox(xy, text, font=font, anchor=anchor)
        return None if right <= left or bottom <= top else (left - 1, top - 1, right + 1, bottom + 1)
    core = image.im
    x, baseline = float(xy[0]), xy[1] + _baseline(font, anchor)
    previous, inked_to, painted = "", -1, None
    for char in text:
        if previous and ord(previous) < CJK_FROM and ord(char) < CJK_FROM:
            x += _kerning(font, previous + char)
        whole = int(x)
        mask, tile, (left, top), (width, height) = _glyph(font, char, int((x - whole) * PHASES), ink, behind)
        if width and height:
            box = (whole + left, baseline + top, whole + left + width, baseline + top + height)
            if box[0] > inked_to:
                core.paste(tile, box)
            else:  # overlapping the glyph before (kerned Latin): blend, never cover it
                core.paste(ink, box, mask)
            inked_to = box[2] - 1
            painted = box if painted is None else (min(painted[0], box[0]), min(painted[1], box[1]),
                                                   max(painted[2], box[2]), max(painted[3], box[3]))
        x += advance(font, char)
        previous = char
    if keep and painted:
        _keep((painted[2] - painted[0], painted[3] - painted[1]))
        _lines[line] = (image.crop(painted).im, painted)
    return painted
