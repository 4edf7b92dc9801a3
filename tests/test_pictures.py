"""Published pictures carry no metadata and no active content: EXIF (GPS, camera, owner),
XMP and PNG text chunks are dropped after the orientation is applied; active SVG and links
that leave the images folder are refused."""

import base64
import io
import os
import re

import pytest
from PIL import Image, PngImagePlugin

from generator.handout.booklet import render_html
from generator.model.check import check_content
from generator.model.problems import Report
from generator.publish import pipeline

from conftest import brand, built, dump, meeting, write_content

OWNER = "王某某的手机"
XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:Description photoshop:City="Secretville"/></x:xmpmeta>'


def exif_photo(orientation: int = 6) -> bytes:
    """A JPEG 40×20 as the camera saw it, with GPS, camera, owner and an orientation tag."""
    picture = Image.new("RGB", (40, 20), "red")
    picture.paste((0, 0, 255), (0, 0, 10, 20))  # a blue left edge shows which way is up
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Model X"  # Model
    exif[0x013B] = OWNER  # Artist
    exif[0x0112] = orientation
    exif[0x8825] = {1: "N", 2: (39.0, 54.0, 27.0), 3: "E", 4: (116.0, 23.0, 17.0)}  # GPS
    out = io.BytesIO()
    picture.save(out, format="JPEG", exif=exif, xmp=XMP)
    return out.getvalue()


def text_png() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", OWNER)
    info.add_itxt("XML:com.adobe.xmp", XMP.decode())
    out = io.BytesIO()
    Image.new("RGBA", (8, 8), (200, 0, 0, 255)).save(out, format="PNG", pnginfo=info)
    return out.getvalue()


def assert_bare(data: bytes) -> Image.Image:
    assert OWNER.encode("utf-8") not in data and b"PhoneMaker" not in data and b"Secretville" not in data
    picture = Image.open(io.BytesIO(data))
    assert not picture.getexif(), dict(picture.getexif())
    assert not {"exif", "xmp", "XML:com.adobe.xmp", "Author"} & set(picture.info), picture.info
    return picture


@pytest.fixture(scope="module")
def photo_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("photos")
    content = write_content(root / "content", brands={"bishui": brand(
        标识="images/logo.png", 图片=[{"文件": "images/photo.jpg", "说明": "活动现场"}])})
    (content / "images").mkdir()
    (content / "images" / "photo.jpg").write_bytes(exif_photo())
    (content / "images" / "logo.png").write_bytes(text_png())
    built(content, root / "site")
    return content, root / "site"


def test_site_pictures_carry_no_metadata_and_are_upright(photo_site):
    _, site = photo_site
    photo = assert_bare((site / "images" / "photo.jpg").read_bytes())
    assert photo.size == (20, 40)  # orientation 6 applied: turned a quarter, then the tag dropped
    assert_bare((site / "images" / "logo.png").read_bytes())
    leaked = [p for p in site.rglob("*") if p.is_file() and OWNER.encode("utf-8") in p.read_bytes()]
    assert leaked == []


def test_share_card_with_a_photo_logo_carries_no_metadata(photo_site):
    _, site = photo_site
    cards = [p for p in site.rglob("*.png") if "card" in p.as_posix()]
    for card in cards:
        assert_bare(card.read_bytes())


def test_handout_embeds_cleaned_pictures(photo_site):
    content, _ = photo_site
    (content / "meetings" / "m.yml").write_text(dump(meeting()), encoding="utf-8")
    catalogue = check_content(content, Report())
    html = render_html(catalogue.meetings["m"], catalogue, content)
    (content / "meetings" / "m.yml").unlink()
    embedded = [base64.b64decode(m) for m in re.findall(r"data:image/[a-z]+;base64,([A-Za-z0-9+/=]+)", html)]
    assert embedded, "the handout shows the brand's pictures"
    for data in embedded:
        assert_bare(data)


def test_cleaning_is_cached_by_content(tmp_path):
    from generator.website.images import cleaned_copy

    source = tmp_path / "a.jpg"
    source.write_bytes(exif_photo())
    first = cleaned_copy(source, tmp_path / "cache")
    stamp = first.stat().st_mtime_ns
    assert cleaned_copy(source, tmp_path / "cache") == first and first.stat().st_mtime_ns == stamp
    source.write_bytes(exif_photo(orientation=1))  # the same size: only the time tells (coarse on older kernels)
    was = source.stat()
    os.utime(source, ns=(was.st_atime_ns, was.st_mtime_ns + 10**9))
    assert cleaned_copy(source, tmp_path / "cache") != first


def test_animated_gif_and_webp_lose_their_metadata(tmp_path):
    from generator.website.images import clean_bytes

    frames = [Image.new("RGB", (4, 4), (i * 80, 0, 0)) for i in range(3)]
    gif = tmp_path / "a.gif"
    frames[0].save(gif, save_all=True, append_images=frames[1:], comment=OWNER.encode("utf-8"))
    data = clean_bytes(gif)
    assert OWNER.encode("utf-8") not in data and Image.open(io.BytesIO(data)).n_frames == 3
    webp = tmp_path / "a.webp"
    Image.new("RGB", (4, 4)).save(webp, exif=Image.open(io.BytesIO(exif_photo())).getexif(), xmp=XMP)
    assert_bare(clean_bytes(webp))


def _brand_with_logo(tmp_path, logo: str):
    return write_content(tmp_path / "content", brands={"bishui": brand(标识=logo)})


def test_a_link_to_a_drafts_record_is_refused(tmp_path):
    content = write_content(tmp_path / "content", brands={
        "bishui": brand(标识="images/notes.svg"), "peiyu": brand(状态="培育", 认定日期=None)})
    (content / "images").mkdir()
    os.symlink("../brands/peiyu.yml", content / "images" / "notes.svg")
    outcome = pipeline.build(content, tmp_path / "site")
    assert not outcome.ok
    assert any("链接" in p.message and p.field == "标识" for p in outcome.report.errors)
    assert not (tmp_path / "site").exists()


def test_a_link_inside_the_images_folder_to_a_picture_is_fine(tmp_path):
    content = _brand_with_logo(tmp_path, "images/logo.png")
    (content / "images").mkdir()
    (content / "images" / "real.png").write_bytes(text_png())
    os.symlink("real.png", content / "images" / "logo.png")
    outcome = pipeline.build(content, tmp_path / "site")
    assert outcome.ok, [p.format() for p in outcome.report.errors]
    assert_bare((tmp_path / "site" / "images" / "logo.png").read_bytes())


def test_a_link_to_a_picture_in_another_folder_is_refused(tmp_path):
    content = _brand_with_logo(tmp_path, "images/logo.png")
    (content / "images").mkdir()
    (content / "elsewhere").mkdir()
    (content / "elsewhere" / "x.png").write_bytes(text_png())
    os.symlink("../elsewhere/x.png", content / "images" / "logo.png")
    outcome = pipeline.build(content, tmp_path / "site")
    assert any("链接" in p.message for p in outcome.report.errors)


def test_a_clean_svg_is_published_as_it_is(tmp_path):
    content = _brand_with_logo(tmp_path, "images/logo.svg")
    (content / "images").mkdir()
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4"><defs><linearGradient id="g"/></defs>' \
          b'<rect width="4" height="4" fill="url(#g)"/><use href="#g"/></svg>'
    (content / "images" / "logo.svg").write_bytes(svg)
    outcome = pipeline.build(content, tmp_path / "site")
    assert outcome.ok, [p.format() for p in outcome.report.errors]
    assert (tmp_path / "site" / "images" / "logo.svg").read_bytes() == svg


def test_a_picture_replaced_by_a_broken_one_is_checked_again(tmp_path):
    """Verdicts are remembered by the file's identity (records share pictures): a new file is a new verdict."""
    from generator.model import pictures

    path = tmp_path / "logo.png"
    Image.new("RGB", (8, 8), "red").save(path)
    assert pictures.problem(path) is None and pictures.problem(path) is None
    path.write_bytes(b"not a picture at all")
    assert "不是有效的图片文件" in pictures.problem(path)
    path.unlink()
    assert "无法读取图片" in pictures.problem(path)
