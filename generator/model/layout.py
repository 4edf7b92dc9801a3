"""What content/ may hold: every other file or folder gets a warning (with a guess at what
was meant), and names that are not UTF-8 are reported instead of crashing a print."""

from __future__ import annotations

import difflib
import os
from pathlib import Path

from .problems import Report

# What content/ may hold besides the record folders (the optional ones of RECORDS.md are known already).
KNOWN_ENTRIES = {"site.yml", "units.yml", "images", "词典.txt", "alliances", "activities", "campaigns"}
CHINESE_NAMES = {"品牌": "brands", "案例": "cases", "观摩会": "meetings", "会议": "meetings", "图片": "images",
                 "照片": "images", "党组织": "units.yml", "单位": "units.yml", "站点": "site.yml", "网站": "site.yml",
                 "联盟": "alliances", "活动": "activities", "主题活动": "campaigns", "词典": "词典.txt"}


def notice_unknown(root: Path, report: Report, folders: list[str]) -> None:
    """Every file or folder content/ does not use gets a warning: a clerk's records never vanish unexplained."""
    known = KNOWN_ENTRIES | set(folders)
    for path in sorted(root.iterdir()):
        if path.name.startswith(".") or path.name in known or misnamed(path, report):
            continue
        if path.stem in ("site", "units") and path.suffix.lower() == ".yaml":
            if (root / f"{path.stem}.yml").is_file():
                report.warning(path, None, "", f"与 {path.stem}.yml 同时存在，不会被读取；请删除其中一个")
            continue
        guess = _guess(path.name, known)
        hint = f"，是不是应该叫“{guess}”？" if guess else ""
        if path.is_dir():
            report.warning(path, None, "", f"内容文件夹里没有这个文件夹的用处，里面的文件不会被读取{hint}")
        elif path.suffix.lower() in (".yml", ".yaml"):
            where = hint or f"：记录要放在 {'、'.join(f + '/' for f in folders)} 文件夹里"
            report.warning(path, None, "", f"这个文件不会被读取{where}")
        else:
            report.warning(path, None, "", f"内容文件夹里没有这个文件的用处，不会被读取{hint}")


def _guess(name: str, known_entries: set[str]) -> str | None:
    """The known entry a misnamed one probably meant: brand/ → brands, 品牌/ → brands, site.yaml → site.yml."""
    stem = name.rsplit(".", 1)[0] if "." in name else name
    if stem in CHINESE_NAMES:
        return CHINESE_NAMES[stem]
    known = sorted(known_entries)
    found = difflib.get_close_matches(name.lower(), known, n=1, cutoff=0.6) or difflib.get_close_matches(
        stem.lower(), [k.rsplit(".", 1)[0] for k in known], n=1, cutoff=0.7)
    if not found:
        return None
    return next((k for k in known if k == found[0] or k.rsplit(".", 1)[0] == found[0]), None)


def misnamed(path: Path, report: Report) -> bool:
    """A name that is not UTF-8 (archives unzipped on Windows): reported, then left alone."""
    try:
        path.name.encode("utf-8")
    except UnicodeEncodeError:
        guess = os.fsencode(path.name).decode("gb18030", errors="replace")
        report.error(path, None, "", f"文件名不是 UTF-8 编码（可能是在 Windows 上解压的压缩包；按 GBK 读作“{guess}”），请改名后再试")
        return True
    return False
