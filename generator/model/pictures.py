"""Which files may be published as pictures: each one opened as Pillow would open it (a
damaged or disguised file, a decompression bomb refused), SVG refused when it could run code
or fetch anything, and no link leading out of its folder."""

from __future__ import annotations

import re
import warnings
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree

from PIL import Image, UnidentifiedImageError

from .problems import os_reason

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp")

MAX_PIXELS = Image.MAX_IMAGE_PIXELS  # Pillow's own limit (about 89 megapixels)
SVG_ACTIVE_TAGS = {"script", "foreignobject", "iframe", "embed", "object", "handler", "listener", "set", "animate"}
# References allowed inside an SVG: its own elements and embedded raster data, nothing fetched.
SAFE_REFERENCE = re.compile(r"^\s*(#|data:image/(png|jpe?g|gif|webp);)", re.IGNORECASE)
_URL_IN_STYLE = re.compile(r"url\s*\(\s*['\"]?\s*(?!#)|@import|javascript:|expression\s*\(", re.IGNORECASE)


class PictureError(Exception):
    """A picture that cannot be published; the message is for the user (Chinese)."""


def problem(path: Path) -> str | None:
    """Why this file cannot be published as a picture, or None when it can.

    Remembered by the file's identity: records often share a picture, and opening it is most
    of reading a record."""
    try:
        stat = path.stat()
    except OSError as exc:
        return f"无法读取图片（{os_reason(exc)}）"
    identity = (str(path), stat.st_size, stat.st_mtime_ns, stat.st_ino)
    if identity not in _verdicts:
        if len(_verdicts) >= 4096:  # a long serve session: forget, never grow without bound
            _verdicts.clear()
        _verdicts[identity] = _problem(path)
    return _verdicts[identity]


_verdicts: dict[tuple, str | None] = {}


def _problem(path: Path) -> str | None:
    try:
        if path.suffix.lower() == ".svg":
            svg_check(path.read_bytes())
        else:
            open_checked(path).close()
    except PictureError as exc:
        return str(exc)
    except OSError as exc:
        return f"无法读取图片（{os_reason(exc)}）"
    return None


def link_problem(root: Path, relative: PurePosixPath) -> str | None:
    """A link in a picture's path must stay in its own folder and lead to a picture."""
    path = root
    for part in relative.parts:
        path = path / part
        if not path.is_symlink():
            continue
        resolved = path.resolve()
        if not resolved.is_relative_to(path.parent.resolve()):
            return f"{relative.as_posix()} 是指向别处的链接（{part}），不能使用；请把图片文件本身放进来"
        if resolved.is_file() and resolved.suffix.lower() not in IMAGE_SUFFIXES:
            return f"{relative.as_posix()} 是链接，指向的不是图片文件，不能使用"
    return None


def open_checked(path: Path) -> Image.Image:
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            picture = Image.open(path)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise PictureError(f"{path.name} 像素过多（超过 {MAX_PIXELS // 1_000_000} 百万像素），请缩小后再用") from None
        except (UnidentifiedImageError, SyntaxError, ValueError):
            raise PictureError(f"{path.name} 不是有效的图片文件（可能只是改了扩展名），请另存为 PNG 或 JPG") from None
    if picture.width * picture.height > MAX_PIXELS:
        picture.close()
        raise PictureError(f"{path.name} 像素过多（超过 {MAX_PIXELS // 1_000_000} 百万像素），请缩小后再用")
    try:
        picture.verify()
    except Exception:  # Pillow raises many kinds for a damaged file
        picture.close()
        raise PictureError(f"{path.name} 已损坏，无法读取，请重新导出图片") from None
    picture.close()
    return Image.open(path)


def svg_check(data: bytes) -> None:
    """Refuse empty SVG and SVG that could run code or fetch anything when opened."""
    if not data.strip():
        raise PictureError("SVG 文件是空的")
    if re.search(rb"<!DOCTYPE|<!ENTITY", data, re.IGNORECASE):
        raise PictureError("SVG 里有 DOCTYPE 或 ENTITY 声明，为安全起见不能使用；请用绘图软件重新导出")
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError:
        raise PictureError("不是有效的 SVG 文件") from None
    if _local(root.tag) != "svg":
        raise PictureError("不是有效的 SVG 文件（最外层不是 <svg>）")
    for element in root.iter():
        tag = _local(element.tag)
        if tag in SVG_ACTIVE_TAGS:
            raise PictureError(f"SVG 里有 <{tag}> 元素（可能运行脚本或载入其他内容），为安全起见不能使用")
        if tag == "style" and _URL_IN_STYLE.search(element.text or ""):
            raise PictureError("SVG 的样式里引用了外部内容，为安全起见不能使用")
        for name, value in element.attrib.items():
            attribute = _local(name).lower()
            if attribute.startswith("on"):
                raise PictureError(f"SVG 里有事件属性 {attribute}（会运行脚本），为安全起见不能使用")
            if attribute in ("href", "src") and not SAFE_REFERENCE.match(value):
                raise PictureError("SVG 里有指向外部的链接或引用（如 javascript: 或网址），为安全起见不能使用")
            if _URL_IN_STYLE.search(value):
                raise PictureError("SVG 的属性里引用了外部内容，为安全起见不能使用")


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1].lower() if isinstance(name, str) else ""
