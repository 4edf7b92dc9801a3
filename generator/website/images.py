"""Pictures as they are published: checked (model/pictures.py), turned upright, stripped of
every metadata block.

Photos from staff phones carry GPS positions, camera serials and owners' names (EXIF, XMP,
PNG text chunks). Nothing is copied byte for byte: raster pictures are decoded and encoded
again without metadata, SVG is published only when it holds no active content. Cleaned
pictures are cached by the hash of their bytes so rebuilds stay fast.
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

from PIL import Image, ImageOps, ImageSequence

from ..changeset import write_whole
from ..model.pictures import open_checked, svg_check

_SAVE_FORMATS = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "GIF": "GIF", "WEBP": "WEBP"}


def clean_bytes(path: Path) -> bytes:
    """The picture as it may be published: upright, no EXIF, XMP, text chunks or comments."""
    data = path.read_bytes()
    if path.suffix.lower() == ".svg":
        svg_check(data)
        return data
    with open_checked(path) as picture:
        kind = _SAVE_FORMATS.get(picture.format or "", "PNG")
        out = io.BytesIO()
        if kind == "GIF" and getattr(picture, "n_frames", 1) > 1:
            frames = [_bare(frame.copy()) for frame in ImageSequence.Iterator(picture)]
            frames[0].save(out, format="GIF", save_all=True, append_images=frames[1:],
                           duration=picture.info.get("duration", 100), loop=picture.info.get("loop", 0))
            return out.getvalue()
        upright = _bare(ImageOps.exif_transpose(picture))
        if kind == "JPEG":
            upright = upright.convert("RGB") if upright.mode not in ("RGB", "L", "CMYK") else upright
            upright.save(out, format="JPEG", quality=92, optimize=True)
        else:
            upright.save(out, format=kind, **({"lossless": True} if kind == "WEBP" else {}))
        return out.getvalue()


def _bare(picture: Image.Image) -> Image.Image:
    """The same pixels with nothing else attached (info carries EXIF, XMP, comments, text)."""
    keep = {key: picture.info[key] for key in ("transparency",) if key in picture.info}
    picture.info = keep
    if hasattr(picture, "text"):
        picture.text = {}
    return picture


def cleaned_copy(path: Path, cache: Path) -> Path:
    """A cleaned copy of the picture in cache/, named by the hash of the original's bytes."""
    digest = _content_hash(path, cache / "by-stat")
    target = cache / f"{digest}{path.suffix.lower()}"
    if not target.is_file():
        _put(target, clean_bytes(path))
    return target


def _content_hash(path: Path, memo: Path) -> str:
    """The hash of the file's bytes, remembered by path, size and mtime (photos are large)."""
    stat = path.stat()
    key = hashlib.sha256(f"{path.absolute()}|{stat.st_size}|{stat.st_mtime_ns}".encode()).hexdigest()
    try:
        return (memo / key).read_text(encoding="ascii")
    except OSError:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        _put(memo / key, digest.encode("ascii"))
        return digest


def _put(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    write_whole(target, data)


def data_uri(path: Path) -> str:
    """A cleaned picture as a data: URI (the handout's standalone HTML)."""
    import base64
    import mimetypes

    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{kind};base64,{base64.b64encode(clean_bytes(path)).decode('ascii')}"


def prune(cache: Path, used: set[Path]) -> None:
    """Drop cleaned pictures no record shows any more (the stat memos are tiny and stay)."""
    for path in cache.glob("*.*") if cache.is_dir() else []:
        if path.is_file() and path not in used:
            path.unlink()
