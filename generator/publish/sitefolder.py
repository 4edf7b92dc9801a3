"""The output folder: which folders we may write, and the swap that publishes a finished
site in one rename (the engines are in engine.py)."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import time
from contextlib import contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: a replaced site is deleted before the build returns
    fcntl = None

from ..model.problems import display_path, os_reason

MARKER = ".generator-site"  # says a folder holds a site we built, and which kind


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
            messages += discard(leftover)
    return messages


def discard(path: Path) -> list[str]:
    if path.is_symlink() or not path.is_dir():
        path.unlink()
        return []
    shutil.rmtree(path, ignore_errors=True)
    if not path.exists():
        return []
    aside = path.with_name(f"{path.name}-{time.strftime('%Y%m%d%H%M%S')}-{os.getpid()}")
    os.rename(path, aside)
    return [f"旧网站的部分文件无法删除（可能是权限不足），已移到 {aside}，请手工删除"]


REPLACED = "replaced"  # in the work folder: a replaced site that earlier versions deleted in a process of their own
_DELETING = ".replaced.lock"  # held by that process


def discard_replaced(work: Path) -> list[str]:
    """Wait for the deletion of the site the last build replaced; remove what it left."""
    target = work / REPLACED
    if fcntl is not None and (work / _DELETING).exists():
        with open(work / _DELETING, "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            fcntl.flock(lock, fcntl.LOCK_UN)
    return discard(target) if target.exists() or target.is_symlink() else []


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


@contextmanager
def locked(work: Path):
    """One build per output folder at a time (where the system can lock files)."""
    if fcntl is None:
        yield
        return
    with open(work / ".lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        _HELD.add(handle.fileno())
        try:
            yield
        finally:
            _HELD.discard(handle.fileno())
            fcntl.flock(handle, fcntl.LOCK_UN)


# The locks this process holds. A worker forked under one (the drawing, a half of the pages)
# would hold it too, and keep it if the build were killed: the next build would wait forever.
_HELD: set[int] = set()


def _let_go_in_child() -> None:
    """In a forked child, each held lock's descriptor becomes /dev/null (closing it could let its
    number be reused while the parent's file object still names it)."""
    if not _HELD:
        return
    nothing = os.open(os.devnull, os.O_RDONLY)
    for descriptor in _HELD:
        os.dup2(nothing, descriptor)
    os.close(nothing)
    _HELD.clear()


if fcntl is not None:
    os.register_at_fork(after_in_child=_let_go_in_child)
