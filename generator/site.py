"""The MkDocs side: a config derived from site.yml, the MkDocs build, and the swap that
publishes a finished site in one rename.

The derived mkdocs.yml inherits the project's mkdocs.yml (theme, extensions, search) and
adds what belongs to one content folder: names, address, nav, the search dictionary.
"""

from __future__ import annotations

import ctypes
import gc
import ctypes.util
import logging
import os
import shutil
import time
from pathlib import Path

from .markup import html_text
from .problems import display_path, os_reason
from .pages import View

PROJECT = Path(__file__).resolve().parent.parent
NAV = [
    {"首页": "index.md"},
    {"品牌清单": "brands/index.md"},
    {"案例库": "cases/index.md"},
    {"党组织": "units/index.md"},
    {"标签": "tags/index.md"},
    {"认定公示": "announcements/index.md"},
]
# Entries for the optional kinds, shown when the content folder has such records.
ALLIANCES_NAV, ACTIVITIES_NAV, CAMPAIGNS_NAV = ({"党建联盟": "alliances/index.md"}, {"工作动态": "activities/index.md"},
                                                {"专项工作": "campaigns/index.md"})
MARKER = ".generator-site"  # says a folder holds a site we built, and which kind


def base_config() -> Path:
    """The project's mkdocs.yml, with theme_overrides/ beside it (a source checkout or
    editable install); the working folder's only when the project's is not there."""
    shipped = PROJECT / "mkdocs.yml"
    return shipped if shipped.is_file() else Path.cwd() / "mkdocs.yml"


def mkdocs_config(view: View, base: Path, docs_dir: Path, site_dir: Path, dictionary: Path,
                  has_cards: bool = True) -> dict:
    site = view.catalogue.site
    config: dict = {
        "INHERIT": str(base),
        "site_name": html_text(site.name),
        "docs_dir": str(docs_dir),
        "site_dir": str(site_dir),
        "copyright": html_text(f"主办单位：{site.organiser}"),
        "theme": {"custom_dir": str(base.parent / "theme_overrides")},
        "plugins": {"search": {"jieba_dict_user": str(dictionary)}},
        "nav": NAV + [entry for entry, shown in ((ALLIANCES_NAV, view.alliances), (ACTIVITIES_NAV, view.activities),
                                                 (CAMPAIGNS_NAV, view.campaigns)) if shown],
        "extra": {"preview": view.preview, "organiser": html_text(site.organiser), "cards": has_cards,
                  "feeds": bool(site.url)},
    }
    if site.url:
        config["site_url"] = site.url
    if view.preview:
        config["site_name"] = html_text(f"{site.name}（预览）")
    return config


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def run_mkdocs(config_file: Path) -> list[str]:
    """Build with MkDocs as its CLI does; returns its warnings."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    import jieba

    jieba.setLogLevel(logging.WARNING)
    from mkdocs.exceptions import MkDocsException

    collect = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collect)
    gc.collect()
    gc.freeze()  # the records and pages stay alive: keep the collector from walking them again and again
    try:
        config = load_config(str(config_file))
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    except (MkDocsException, SystemExit) as exc:  # MkDocs' Abort is a SystemExit
        raise MkDocsFailed([*collect.messages, str(exc)]) from None
    finally:
        logger.removeHandler(collect)
        gc.unfreeze()
    return collect.messages


class MkDocsFailed(Exception):
    """MkDocs stopped; its messages say why."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("\n".join(m for m in messages if m))


class UnsafeTarget(Exception):
    """The output folder holds something we did not build; the message is for the user."""


def site_kind(folder: Path) -> str | None:
    try:
        return (folder / MARKER).read_text(encoding="utf-8").strip()
    except OSError:
        return None


def check_target(target: Path, preview: bool) -> None:
    """Never replace a folder we did not build, nor a public site with a preview."""
    if not target.exists():
        return
    if not target.is_dir():
        raise UnsafeTarget(f"{target} 不是文件夹")
    kind = site_kind(target)
    if kind is None and any(target.iterdir()):
        raise UnsafeTarget(f"{target} 里已有其他文件，不是本工具生成的网站；为安全起见不会覆盖，请换一个输出文件夹")
    if preview and kind == "public":
        raise UnsafeTarget(f"{target} 是公开网站，预览版不能写入公开网站的文件夹，请换一个输出文件夹")


def staging_dir(target: Path) -> Path:
    return target.parent / f".{target.name}.building"


def clear_leftovers(target: Path) -> list[str]:
    """Remove what a killed build left beside the site; what cannot be removed is set aside
    under another name (so the next build is not stuck) and named in the messages returned."""
    messages = []
    for leftover in (staging_dir(target), target.parent / f".{target.name}.old"):
        if leftover.exists() or leftover.is_symlink():
            messages += _discard(leftover)
    return messages


def _discard(path: Path) -> list[str]:
    if path.is_symlink() or not path.is_dir():
        path.unlink()
        return []
    shutil.rmtree(path, ignore_errors=True)
    if not path.exists():
        return []
    aside = path.with_name(f"{path.name}-{time.strftime('%Y%m%d%H%M%S')}-{os.getpid()}")
    os.rename(path, aside)
    return [f"旧网站的部分文件无法删除（可能是权限不足），已移到 {aside}，请手工删除"]


class PublishFailed(Exception):
    """The finished site could not be swapped in; the old one is still there."""


def publish(built: Path, target: Path, kind: str) -> None:
    """Swap the finished site in: readers see the old site or the new one, never half."""
    (built / MARKER).write_text(kind + "\n", encoding="utf-8")
    try:
        if not target.exists():
            os.rename(built, target)
            return
        if _exchange(built, target):
            return  # the old site is now at built: clear_leftovers removes it
        old = target.parent / f".{target.name}.old"
        os.rename(target, old)
        try:
            os.rename(built, target)
        except OSError:
            os.rename(old, target)
            raise
    except OSError as exc:
        raise PublishFailed(f"无法替换 {display_path(target)}（{os_reason(exc)}）；原来的网站保持不变") from None


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths (Linux renameat2 RENAME_EXCHANGE); False if unsupported."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return result == 0
