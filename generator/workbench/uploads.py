"""Files brought in through the browser: documents through the importer (the new record opens
in its form) and pictures with their metadata stripped and their size brought down."""

from __future__ import annotations

import io
import re
import secrets
import warnings
from pathlib import Path
from urllib.parse import quote

from ..changeset import shortened, write_whole
from ..importers import run as importer
from ..model.schema import KINDS
from .server import Request, Response
from .store import Refused

LONGEST_SIDE = 2400          # pictures are scaled down to this many pixels
MAX_PIXELS = 60_000_000      # beyond this Pillow's decompression-bomb guard refuses the file
PICTURE_SUFFIXES = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".gif": "PNG", ".webp": "WEBP"}


def import_page(app, request: Request, **context) -> Response:
    context.setdefault("flash", app.flash(request))
    return app.page("import.html.j2", current="/import", **context)


def import_files(app, request: Request) -> Response:
    stash = request.value("_stash")
    if stash:
        folder = app.private / "uploads" / Path(stash).name
        if not re.fullmatch(r"[\w-]+", stash) or not folder.is_dir():
            raise Refused("找不到上传的文件，请重新选择")
    else:
        uploaded = [(name, data) for field, name, data in request.files if name]
        if not uploaded:
            return import_page(app, request, flash=["请选择要导入的文件（.docx、.txt 或 .xlsx）"])
        folder = app.private / "uploads" / secrets.token_hex(8)
        folder.mkdir(parents=True)
        for name, data in uploaded:
            (folder / _upload_name(name)).write_bytes(data)
    files = sorted(folder.iterdir())
    kinds = [KINDS[k] for k in ("brand", "case") if k in KINDS]
    before = {k.name: set(app.store.ids(k)) for k in kinds}
    questions: list[str] = []

    def ask(question: str) -> bool:
        questions.append(question)
        return False

    confirm = True if request.value("_add_units") else ask
    with app.store.writing:  # a record created meanwhile in another tab is never replaced by an imported one
        outcome = importer.import_files(files, app.store.root, confirm=confirm)
    if questions:
        listing = [line.strip() for line in questions[0].splitlines()[1:-1] if line.strip()]
        return import_page(app, request, stash=folder.name, new_units=listing, files=[f.name for f in files])
    created = [(k, i) for k in kinds for i in sorted(set(app.store.ids(k)) - before[k.name])]
    messages = outcome.messages + outcome.errors
    if len(created) == 1:
        kind, record_id = created[0]
        return app.redirect(f"/edit/{kind.name}/{quote(record_id, safe='')}",
                            f"已导入 {files[0].name}，请核对下面的内容（尤其是“（待填写）”和“未归类”），改正标出的问题后保存。")
    return import_page(app, request, flash=messages, created=created)


def _upload_name(name: str) -> str:
    """An uploaded file's name as it may be kept: no folders, control characters or leading dots,
    and short enough for the file system (the extension kept, which says how to read it)."""
    name = re.sub(r"[\x00-\x1f\x7f]", "", Path(name.replace("\\", "/")).name).lstrip(".") or "upload"
    stem, dot, extension = name.rpartition(".")
    if len(name.encode("utf-8")) > 150:
        stem = shortened(stem if dot else name, 120)
        name = f"{stem}.{extension[:10]}" if dot else stem
    return name


def image(app, request: Request) -> Response:
    upload = next(((name, data) for field, name, data in request.files if name), None)
    if upload is None:
        return app.json({"error": "请选择一张图片"}, 400)
    try:
        relative = store_picture(app.store.root, *upload)
    except Refused as exc:
        return app.json({"error": str(exc)}, 400)
    return app.json({"path": relative, "message": f"已上传图片 {relative}（已去除拍摄地点等隐藏信息）"})


def store_picture(root: Path, name: str, data: bytes) -> str:
    """Save a picture under images/ without EXIF, XMP or text chunks; the path to put in the record."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    suffix = Path(name).suffix.lower()
    if suffix == ".svg" or data.lstrip()[:5].lower() in (b"<?xml", b"<svg "):
        raise Refused("不接受 SVG 图片（可能含有脚本）；请另存为 PNG 或 JPG 后上传")
    if suffix not in PICTURE_SUFFIXES:
        raise Refused(f"不支持“{suffix or '无扩展名'}”图片，请上传 PNG、JPG、GIF 或 WEBP")
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as opened:
                picture = ImageOps.exif_transpose(opened)
                picture.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise Refused("图片像素太多，无法处理；请缩小后再上传") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise Refused("这不是有效的图片文件，请另存为 PNG 或 JPG 后上传") from None
    picture.thumbnail((LONGEST_SIDE, LONGEST_SIDE))
    kind = PICTURE_SUFFIXES[suffix]
    if kind == "JPEG" and picture.mode not in ("RGB", "L"):
        picture = picture.convert("RGB")
    elif kind == "PNG" and picture.mode not in ("RGB", "RGBA", "L", "LA", "P"):
        picture = picture.convert("RGBA")
    picture.info.clear()  # no text chunks, no XMP, no ICC-embedded notes
    out = io.BytesIO()
    picture.save(out, kind, **({"quality": 88, "optimize": True} if kind == "JPEG" else {}))
    stem = re.sub(r"[^\w-]+", "-", Path(name).stem).strip("-")[:60] or "image"
    extension = ".png" if suffix == ".gif" else suffix
    target = root / "images" / f"{stem}{extension}"
    n = 2
    while target.exists():
        target = root / "images" / f"{stem}-{n}{extension}"
        n += 1
    target.parent.mkdir(parents=True, exist_ok=True)
    write_whole(target, out.getvalue())
    return target.relative_to(root).as_posix()
