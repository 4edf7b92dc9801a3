"""A card's JPEG made by encoding only the strips its text and logo touch.

Every card is the same blank card (bands, rule) with a few lines drawn on it, and encoding the
JPEG is most of a card's time. With a restart marker after every row of MCUs (a strip 16 pixels
high at 4:2:0) each strip is coded on its own, so a card is the blank card's strips with the
touched ones replaced, coded a run of strips at a time; a strip touched only by a line drawn
before (the same kicker, the same footer) is reused. The bytes are exactly those of encoding
the whole card with the markers (test_cardjpeg), which add 40 markers to the file.
"""

from __future__ import annotations

import re
import threading
from io import BytesIO
from itertools import chain
from typing import Callable

from PIL import Image

QUALITY = 85
ROW = 16  # pixels: a row of MCUs with 4:2:0 subsampling, Pillow's default at this quality
_RESTART = re.compile(rb"\xff[\xd0-\xd7]")  # in coded data every other 0xff is followed by 0x00
_MARKERS = [bytes((0xFF, 0xD0 + i)) for i in range(8)]
_REUSED_AT_MOST = 8000  # strips kept for reuse in one process (a few KB each)


def encode(image: Image.Image) -> bytes:
    """The image as a JPEG with a restart marker after every strip; no metadata."""
    out = BytesIO()
    image.save(out, format="JPEG", quality=QUALITY, restart_marker_rows=1)
    return out.getvalue()


def parts(data: bytes) -> tuple[bytes, list[bytes]]:
    """A JPEG's headers up to its scan, and the coded strips between its restart markers."""
    scan = data.index(b"\xff\xda")
    start = scan + 2 + int.from_bytes(data[scan + 2:scan + 4], "big")
    assert data.endswith(b"\xff\xd9")
    return data[:start], _RESTART.split(data[start:-2])


def _runs(rows) -> list[tuple[int, int]]:
    """Row numbers as runs of consecutive ones: (first, last + 1)."""
    runs: list[list[int]] = []
    for row in sorted(rows):
        if runs and runs[-1][1] == row:
            runs[-1][1] = row + 1
        else:
            runs.append([row, row + 1])
    return [(first, end) for first, end in runs]


class Blank:
    """The blank card, its JPEG in strips, strips of lines drawn on it before, and one canvas
    that each card is drawn on and then wiped back to blank where it was drawn."""

    def __init__(self, image: Image.Image) -> None:
        self.image = image
        self.header, self.strips = parts(encode(image))
        self.markers = [_MARKERS[i % 8] for i in range(len(self.strips) - 1)] + [b"\xff\xd9"]  # last: the end
        self.reused: dict[tuple, bytes] = {}
        self._canvas = image.copy()
        self._lock = threading.Lock()  # serve and the workbench may draw from two threads

    def draw(self, paint: Callable[[Image.Image, list], None]) -> bytes:
        """The JPEG of paint(canvas, marks): paint draws on the blank canvas and notes (top,
        bottom, key) of each thing drawn, key naming what it looks like (None: never reused)."""
        with self._lock:
            marks: list[tuple[int, int, tuple | None]] = []
            try:
                paint(self._canvas, marks)
                touched = self._touched(marks)
                data = self._jpeg(touched)
            except BaseException:
                self._canvas = self.image.copy()  # the marks may not cover what was drawn
                raise
            for box in self._boxes(touched):
                self._canvas.paste(self.image.crop(box), box)
            return data

    def _touched(self, marks: list) -> dict[int, list]:
        touched: dict[int, list] = {}
        last = len(self.strips) - 1
        for top, bottom, key in marks:
            for row in range(max(top, 0) // ROW, min((bottom - 1) // ROW, last) + 1):
                touched.setdefault(row, []).append(key)
        return touched

    def _boxes(self, rows) -> list[tuple[int, int, int, int]]:
        """Runs of strips as pixel boxes; one reaching the last, shorter strip ends with the card,
        so it is coded as the whole card codes it."""
        width, height = self.image.size
        return [(0, first * ROW, width, min(end * ROW, height)) for first, end in _runs(rows)]

    def _jpeg(self, touched: dict[int, list]) -> bytes:
        strips = list(self.strips)
        fresh = []
        for row, keys in touched.items():
            found = self.reused.get((keys[0], row)) if len(keys) == 1 and keys[0] is not None else None
            if found is None:
                fresh.append(row)
            else:
                strips[row] = found
        fresh.sort()
        coded = chain.from_iterable(parts(encode(self._canvas.crop(box)))[1] for box in self._boxes(fresh))
        for row, strip in zip(fresh, coded):
            strips[row] = strip
            keys = touched[row]
            if len(keys) == 1 and keys[0] is not None and len(self.reused) < _REUSED_AT_MOST:
                self.reused[(keys[0], row)] = strip
        return self.header + b"".join(chain.from_iterable(zip(strips, self.markers)))
