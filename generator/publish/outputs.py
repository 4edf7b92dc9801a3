"""Where a command may write: never into content/, never a site inside another site, never
a handout into a published folder. Checked before anything is created."""

from __future__ import annotations

import os
import re
from pathlib import Path

from ..model.problems import display_path
from .sitefolder import MARKER, site_kind

KIND_NAMES = {"public": "公开网站", "preview": "预览版网站"}
_HELPER_NAME = re.compile(r"\..+\.(building|old)(-\d+-\d+)?")  # staging and set-aside folders beside a site


def enclosing_site(path: Path) -> tuple[Path, str] | None:
    """The nearest folder at or above path that holds a site we built, and its kind."""
    for folder in [path, *path.parents]:
        if (folder / MARKER).is_file():
            return folder, site_kind(folder) or "public"
    return None


def site_problem(target: Path, content: Path, preview: bool) -> str | None:
    """Why a site may not be built into target, or None. Paths are absolute."""
    shown = display_path(target)
    if target.is_symlink():
        return f"{shown} 是符号链接，生成器不会替换它；请用 --site-dir 指定一个真实的文件夹"
    if target.name == ".build" or ".build" in target.parent.parts or _HELPER_NAME.fullmatch(target.name):
        return f"{shown}：这是生成器自己的工作文件夹（.build、.…building、.…old），不能用作网站文件夹，请换一个名称"
    if os.path.ismount(target):
        return f"{shown} 是挂载点，无法整体替换；请输出到它里面的一个子文件夹，例如 {display_path(target / 'site')}"
    real, real_content = target.resolve(), content.resolve()
    if real == real_content or real.is_relative_to(real_content) or real_content.is_relative_to(real):
        return f"{shown} 与内容文件夹 {display_path(content)} 重叠；网站必须输出到内容文件夹以外"
    outer = enclosing_site(target.parent)
    if outer:
        folder, kind = outer
        what = "预览版" if preview else "网站"
        return (f"{shown} 在{KIND_NAMES.get(kind, '网站')} {display_path(folder)} 里面；"
                f"{what}不能写进另一个网站的文件夹，请换一个输出文件夹")
    return None


def handout_problem(output: Path, content: Path) -> str | None:
    """Why a handout may not be written to output, or None."""
    output = output.absolute()
    shown = display_path(output)
    if output.suffix.lower() != ".pdf":
        return f"{shown}：手册文件名应以 .pdf 结尾"
    real, real_content = output.resolve(), content.absolute().resolve()
    if real.is_relative_to(real_content):
        return f"{shown} 在内容文件夹 {display_path(content)} 里面；手册不能写进内容文件夹，请换一个位置"
    outer = enclosing_site(output.parent)
    if outer:
        return (f"{shown} 在{KIND_NAMES.get(outer[1], '网站')} {display_path(outer[0])} 里面；"
                "手册是内部资料，不能放进网站文件夹，请换一个位置")
    for path in (output, output.with_suffix(".html")):
        if path.is_symlink() or (path.exists() and not path.is_file()):
            return f"{display_path(path)} 不是普通文件，不会覆盖"
    return None


_NOT_IN_NAMES = re.compile(r"[\x00-\x1f/\\:*?\"<>|]")


def record_id_problem(record_id: str) -> str | None:
    """Why a record id cannot be a file name in its folder (ids are simple names), or None."""
    if not record_id.strip() or record_id.strip(".") == "":
        return "记录编号不能为空，也不能是“.”或“..”"
    if _NOT_IN_NAMES.search(record_id) or record_id.startswith((".", "-", " ")) or record_id != record_id.strip():
        return (f"记录编号“{record_id}”不能用作文件名：编号只能是一个简单的名称（字母、数字、汉字、连字符），"
                "不能含有 / \\ : * ? \" < > | 等字符，也不能以“.”或“-”开头")
    if len(record_id) > 60:
        return "记录编号太长（超过 60 个字符）"
    return None
