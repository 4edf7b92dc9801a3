"""A card coded strip by strip is, byte for byte, the whole card coded at once, and the canvas
it is drawn on goes back to blank after every card, even one that fails."""

from __future__ import annotations

import functools
import io

import pytest
from PIL import Image, ImageChops

from generator.website import cardjpeg, cards

pytestmark = pytest.mark.skipif(not cards.fonts_available(), reason="needs fonts-noto-cjk")


def logo(tmp_path):
    path = tmp_path / "logo.png"
    Image.new("RGB", (300, 200), "#c62828").save(path)
    return path


def examples(tmp_path) -> list[cards.Card]:
    long = "红盾护企·党员先锋服务营商环境优化提升专项行动" * 2
    return [
        cards.Card("a.jpg", "党建特色品牌 · 第二批", "碧水先锋", ["守护一方碧水"], "测试县水利局　|　测试县党建"),
        cards.Card("b.jpg", "党建特色品牌 · 第二批", long, [long], "测试县水利局　|　测试县党建"),  # the same kicker, footer
        cards.Card("c.jpg", "工作案例", "AVATAR Wave 2024 测试", ["Tea & Talk"], "测试县水利局　|　测试县党建", logo(tmp_path)),
        cards.Card("d.jpg", "工作动态 · 2024年12月5日", "短", [], "单位"),
    ]


def whole(card: cards.Card) -> Image.Image:
    """The card drawn on a fresh blank image."""
    image = cards._blank().image.copy()
    cards._paint(card, image, [])
    return image


def test_strips_are_the_whole_cards_bytes(tmp_path):
    blank = cards._blank()
    for card in examples(tmp_path) * 2:  # the second time, kicker and footer strips are reused
        data = cards.draw(card)
        assert data == cardjpeg.encode(whole(card)), card.title
        assert ImageChops.difference(blank._canvas, blank.image).getbbox() is None  # wiped back to blank
        with Image.open(io.BytesIO(data)) as image:
            assert image.size == (cards.WIDTH, cards.HEIGHT) and not image.getexif()
            assert set(image.info) <= {"jfif", "jfif_version", "jfif_unit", "jfif_density", "dpi"}
    assert any(key[0][0] == "footer" for key in blank.reused) and any(key[0][0] == "kicker" for key in blank.reused)


def test_a_card_that_fails_leaves_a_blank_canvas():
    blank = cards._blank()

    def paint(image, marks):
        image.paste((0, 0, 0), (0, 300, 600, 400))  # drawn, never noted
        raise OSError("logo unreadable")

    with pytest.raises(OSError):
        blank.draw(paint)
    assert ImageChops.difference(blank._canvas, blank.image).getbbox() is None
    card = cards.Card("a.jpg", "工作案例", "碧水先锋", ["守护一方碧水"], "单位")
    assert cards.draw(card) == cardjpeg.encode(whole(card))


def test_drawing_outside_the_marks_would_show():
    """The check above can fail: a stroke the marks do not cover is left out of the JPEG."""
    blank = cardjpeg.Blank(cards._blank().image.copy())

    def paint(image, marks, noted):
        image.paste((0, 0, 0), (100, 300, 400, 340))
        if noted:
            marks.append((300, 340, None))

    drawn = blank.draw(functools.partial(paint, noted=False))
    with Image.open(io.BytesIO(drawn)) as image:
        assert image.getpixel((200, 320))[0] > 200  # white: the stroke was not coded
    drawn = blank.draw(functools.partial(paint, noted=True))
    with Image.open(io.BytesIO(drawn)) as image:
        assert image.getpixel((200, 320))[0] < 60
