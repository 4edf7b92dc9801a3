"""A QR code's module matrix written as a standalone SVG and as a black-and-white PNG.

Both are written here in one pass over the matrix: segno's SVG writer and Pillow's greyscale
PNG cost more than encoding the code itself. The SVG draws each row's dark runs as strokes of
one path, as segno does; the PNG is 1 bit per pixel, the same pixels as before, a few KB.
"""

from __future__ import annotations

import struct
import zlib
from xml.sax.saxutils import escape

import numpy as np


def dark_modules(matrix) -> np.ndarray:
    """segno's matrix (rows of 0/1 bytes) as a boolean array, True where a module is dark."""
    return np.frombuffer(b"".join(bytes(row) for row in matrix), dtype=np.uint8).reshape(len(matrix), -1) == 1


def svg(dark: np.ndarray, border: int, title: str) -> bytes:
    """One path: per row, a horizontal stroke of width 1 over each run of dark modules."""
    height, width = dark.shape
    padded = np.zeros((height, width + 2), dtype=np.int8)
    padded[:, 1:-1] = dark
    edges = np.diff(padded, axis=1)
    rows, starts = np.nonzero(edges == 1)
    ends = np.nonzero(edges == -1)[1]
    first = np.ones(len(rows), dtype=bool)  # the row's first run starts a new line of the path
    first[1:] = rows[1:] != rows[:-1]
    gaps = starts.copy()
    gaps[1:] -= ends[:-1]
    parts = [f"M{start + border} {row + border}.5h{length}" if new else f"m{gap} 0h{length}"
             for new, start, row, gap, length in zip(first.tolist(), starts.tolist(), rows.tolist(),
                                                     gaps.tolist(), (ends - starts).tolist())]
    side_w, side_h = width + 2 * border, height + 2 * border
    text = ('<?xml version="1.0" encoding="utf-8"?>\n'
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {side_w} {side_h}">'
            f'<title>{escape(title)}</title><path stroke="#000" d="{"".join(parts)}"/></svg>\n')
    return text.encode("utf-8")


def png(dark: np.ndarray, border: int, scale: int) -> bytes:
    """Black modules on white, scale pixels per module, a quiet zone of border modules; no metadata."""
    light = np.pad(~dark, border, constant_values=True)
    packed = np.packbits(np.repeat(light, scale, axis=1), axis=1)  # one pixel row per module row
    modules, row_bytes = packed.shape
    width, height = light.shape[1] * scale, modules * scale
    rows = np.zeros((modules, scale, row_bytes + 1), dtype=np.uint8)
    rows[:, 0, 1:] = packed  # a module's first pixel row as it is (filter type 0) …
    rows[:, 1:, 0] = 2  # … and the rest as "the same as above" (filter type 2, Up): all zeros
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale, not interlaced
    data = zlib.compress(rows.tobytes(), 3)  # level 3: as small as level 6 within 300 bytes, four times faster
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", data) \
        + _chunk(b"IEND", b"")


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
