"""A QR code's SVG and PNG, drawn by a drawing job (drawing.py) for promote.qr_tasks.

Imported on the first drawing, not with promote: a build with no QR code to draw loads
neither segno nor numpy.
"""

from __future__ import annotations

import segno

from . import qrencode, qrfiles, qrmask

QR_BORDER, QR_SCALE = 4, 12  # quiet zone in modules; pixels per module in the PNG


def _faster_qr_codes() -> bool:
    """The same QR codes, their masks (qrmask.py), error words and placement (qrencode.py) made
    several times faster; kept only where they make segno's own codes, since they replace segno's
    internals and another segno 1.x may change them. True when installed."""
    samples = ("https://example.gov.cn/brands/a/", "https://example.gov.cn/cases/" + "b1-" * 60)
    theirs = [segno.make(s, error="m", micro=False).matrix for s in samples]
    undo = [qrmask.install(), qrencode.install()]
    try:
        if [segno.make(s, error="m", micro=False).matrix for s in samples] == theirs:
            return True
    except Exception:  # noqa: BLE001 - any failure of ours means segno's own code is used
        pass
    for step in undo:
        step()
    return False


_faster_qr_codes()


def qr_files(url: str) -> tuple[bytes, bytes]:
    dark = qrfiles.dark_modules(segno.make(url, error="m", micro=False).matrix)
    return qrfiles.svg(dark, QR_BORDER, "扫码打开本页"), qrfiles.png(dark, QR_BORDER, QR_SCALE)
