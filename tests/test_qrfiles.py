"""The QR SVG and PNG written by qrfiles read back to segno's own module matrix, and decode."""

from __future__ import annotations

import io
import re
import struct
from xml.etree import ElementTree as ET

import numpy as np
import pytest
import segno
from PIL import Image

from generator.website import promote, qrdraw

ADDRESSES = ["https://dangjian.example.gov.cn/brands/bishui/",
             "https://dangjian.example.gov.cn/activities/activity-00012/",
             "https://x.cn/" + "很长的地址" * 12,  # version 10 and above: version information areas
             "https://dangjian.example.gov.cn/cases/" + "a-b" * 60 + "/"]
SVG = "{http://www.w3.org/2000/svg}"


def segnos(address: str) -> np.ndarray:
    """segno's matrix with the quiet zone, True where dark."""
    code = segno.make(address, error="m", micro=False)
    return np.pad(np.array([list(row) for row in code.matrix]) == 1, qrdraw.QR_BORDER)


def modules_of_svg(data: bytes) -> np.ndarray:
    root = ET.fromstring(data)
    assert root.tag == SVG + "svg" and root.find(SVG + "title").text == "扫码打开本页"
    side = int(root.get("viewBox").split()[2])
    assert root.get("viewBox") == f"0 0 {side} {side}"
    dark = np.zeros((side, side), dtype=bool)
    x = y = 0.0
    for command, a, b in re.findall(r"([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?", root.find(SVG + "path").get("d")):
        if command == "M":
            x, y = float(a), float(b)
        elif command == "m":
            x, y = x + float(a), y + float(b)
        else:  # a stroke of width 1 along the row's middle covers the modules it passes
            dark[int(y), int(x):int(x + float(a))] = True
            x += float(a)
    return dark


def modules_of_png(data: bytes) -> np.ndarray:
    with Image.open(io.BytesIO(data)) as picture:
        assert picture.info == {} and not picture.getexif()
        pixels = np.array(picture.convert("L"))
    scale = qrdraw.QR_SCALE
    assert pixels.shape[0] % scale == 0 and set(np.unique(pixels)) <= {0, 255}
    blocks = pixels.reshape(pixels.shape[0] // scale, scale, -1, scale)
    assert (blocks == blocks[:, :1, :, :1]).all()  # every module is a solid square
    return blocks[:, 0, :, 0] == 0


def chunks(png: bytes) -> list[bytes]:
    found, at = [], 8
    while at < len(png):
        length, kind = struct.unpack(">I4s", png[at:at + 8])
        found.append(kind)
        at += 12 + length
    return found


@pytest.mark.parametrize("address", ADDRESSES)
def test_both_files_read_back_to_segnos_modules(address):
    svg, png = promote._qr(address)
    expected = segnos(address)
    assert (modules_of_svg(svg) == expected).all()
    assert (modules_of_png(png) == expected).all()
    assert chunks(png) == [b"IHDR", b"IDAT", b"IEND"]  # no metadata of any kind


def test_the_png_decodes_to_the_address():
    zxingcpp = pytest.importorskip("zxingcpp")
    for address in ADDRESSES[:2]:
        [found] = zxingcpp.read_barcodes(Image.open(io.BytesIO(promote._qr(address)[1])))
        assert found.text == address
