"""Card text drawn from cached glyphs looks as Pillow draws it: the same pixels for Chinese."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw

from generator.website import cards, glyphs

pytestmark = pytest.mark.skipif(not cards.fonts_available(), reason="needs fonts-noto-cjk")

CHINESE = ["碧水先锋·第12号党建品牌", "党建特色品牌 · 第二批", "以党建引领业务，服务群众“最后一公里”。",
           "中共测试县水利局机关支部委员会　|　测试县党建品牌展示", "工作动态 · 2024年12月5日"]
MIXED = ["AVATAR Wave 2024 测试", "Tea & Talk 党员之家", "WiFi 覆盖 100%"]


def both(text: str, weight: str, size: int, anchor: str, ink: str, background: str) -> tuple[np.ndarray, np.ndarray]:
    font = cards._font(weight, size)
    pillow, ours = Image.new("RGB", (1300, 150), background), Image.new("RGB", (1300, 150), background)
    ImageDraw.Draw(pillow).text((20, 70), text, font=font, fill=ink, anchor=anchor)
    glyphs.draw(ours, (20, 70), text, font, ink, background, anchor=anchor)
    return np.asarray(pillow, dtype=int), np.asarray(ours, dtype=int)


@pytest.mark.parametrize("weight,size", [("bold", 72), ("bold", 46), ("regular", 36), ("regular", 22)])
def test_chinese_lines_are_pillows_pixels(weight, size):
    for text in CHINESE:
        for anchor, ink, background in (("la", cards.DARK_RED, "white"), ("lm", "white", cards.RED)):
            pillow, ours = both(text, weight, size, anchor, ink, background)
            assert (pillow != ours).sum() == 0, (text, anchor)
            assert (ours != ours[0, 0]).any()  # something was drawn


@pytest.mark.parametrize("weight,size", [("bold", 72), ("regular", 30)])
def test_latin_lines_differ_by_a_few_edge_pixels(weight, size):
    for text in MIXED:
        pillow, ours = both(text, weight, size, "la", cards.INK, "white")
        inked = (pillow.min(axis=2) < 128).sum()
        apart = (np.abs(pillow - ours).max(axis=2) > 64).sum()
        assert apart < 0.05 * inked, text  # Pillow's line box trims a row off some digits; nothing else


def test_kerned_neighbours_are_not_painted_over():
    font = cards._font("bold", 72)
    alone = Image.new("RGB", (300, 150), "white")
    glyphs.draw(alone, (20, 20), "A", font, "black", "white")
    pair = Image.new("RGB", (300, 150), "white")
    glyphs.draw(pair, (20, 20), "AV", font, "black", "white")
    a_only = np.asarray(alone)[:, :, 0] < 128
    assert (np.asarray(pair)[:, :, 0][a_only] < 128).all()  # every dark pixel of the A survives the V


def test_a_kept_line_is_copied_back_the_same():
    font = cards._font("regular", 30)
    text = "中共测试县水利局机关支部委员会　|　测试县党建品牌展示 2024"
    images = [Image.new("RGB", (1200, 120), "white") for _ in range(3)]
    boxes = [glyphs.draw(images[0], (70, 60), text, font, cards.INK, "white", anchor="lm"),
             glyphs.draw(images[1], (70, 60), text, font, cards.INK, "white", anchor="lm", keep=True),
             glyphs.draw(images[2], (70, 60), text, font, cards.INK, "white", anchor="lm", keep=True)]
    assert boxes[0] == boxes[1] == boxes[2]
    assert (np.asarray(images[0]) == np.asarray(images[1])).all() and (np.asarray(images[0]) == np.asarray(images[2])).all()


def test_what_is_kept_stays_within_its_budget(monkeypatch):
    monkeypatch.setattr(glyphs, "KEPT_AT_MOST", 1_000_000)  # more than one line, less than all glyphs
    font = cards._font("bold", 72)
    for text in CHINESE * 3:
        pillow, ours = both(text, "bold", 72, "la", cards.DARK_RED, "white")
        assert (pillow == ours).all()
        image = Image.new("RGB", (1300, 150), "white")
        glyphs.draw(image, (20, 70), text, font, cards.INK, "white", keep=True)
        kept = sum(4 * m.size[0] * m.size[1] for m, *_ in glyphs._glyphs(font).values())
        assert glyphs._kept[0] <= 1_000_000 and kept <= 1_000_000


def test_lines_pillow_must_shape_are_drawn_by_pillow():
    for text in ["Cafe\u0301 党员之家", "党建\u200d品牌", "\u0645\u0631\u062d\u0628\u0627 测试", "先锋\ufe0f"]:
        pillow, ours = both(text, "regular", 36, "la", cards.INK, "white")
        assert (pillow == ours).all(), text
    image = Image.new("RGB", (1300, 150), "white")
    box = glyphs.draw(image, (20, 70), "Cafe\u0301 党员之家", cards._font("regular", 36), cards.INK, "white")
    inked = np.argwhere(np.asarray(image).min(axis=2) < 250)
    assert box[0] <= inked[:, 1].min() and inked[:, 1].max() < box[2]
    assert box[1] <= inked[:, 0].min() and inked[:, 0].max() < box[3]  # the strips to code cover the ink
