"""A hard-linked twin of the published site, kept in the work folder for the next edit.

An edited rebuild starts from a copy of the published site without the files it rewrites
(pipeline._staging). Linking every file into new folders costs 3 600 folders and 13 000 links
at 3000 records; instead the twin is kept (the site the last edit replaced, or one linked after
a full build) and brought up to date: a file stays when it is the very file (same inode) the
published site has, is linked again when not, and goes when the site has none; folders follow.
That gives what partial.link_copy gives. Cards and QR codes are left to the drawing job, which
puts exactly its own files there (drawing.finish, told what is already in place).
"""

from __future__ import annotations

import os
from pathlib import Path

from .partial import link_copy

SPARE = "spare"  # in the work folder


class _Unusual(Exception):
    """A link or something else that is not a plain file or folder: the twin is not used."""


def _tree(root: str) -> tuple[dict[str, int], set[str]]:
    """Every file below root (relative path → inode, from the folder entries: no stat) and every folder."""
    files: dict[str, int] = {}
    folders: set[str] = set()

    def walk(folder: str, prefix: str) -> None:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_symlink():
                    raise _Unusual(entry.path)
                if entry.is_dir():
                    folders.add(prefix + entry.name)
                    walk(entry.path, prefix + entry.name + "/")
                elif entry.is_file():
                    files[prefix + entry.name] = entry.inode()
                else:
                    raise _Unusual(entry.path)

    walk(root, "")
    return files, folders


def take(work: Path, published: Path, staging: Path, leave_out: set[str],
         side_folders: tuple[str, ...]) -> dict[str, int] | None:
    """Make staging what link_copy(published, staging, leave_out, side_folders) makes, from the
    kept twin; the files already in the side folders (path → inode). None: no twin to use (none
    kept, another file system, something unusual); staging may then hold a part of it."""
    twin = work / SPARE
    try:
        if not twin.is_dir() or twin.is_symlink() or os.stat(work).st_dev != os.stat(published).st_dev:
            return None
        os.rename(twin, staging)
        return _sync(os.fspath(published), os.fspath(staging), leave_out, side_folders)
    except (_Unusual, OSError):
        return None


def _sync(top: str, into: str, leave_out: set[str], side_folders: tuple[str, ...]) -> dict[str, int]:
    theirs, their_folders = _tree(top)
    mine, my_folders = _tree(into)

    def aside(rel: str) -> bool:
        return rel.split("/", 1)[0] in side_folders

    side = {rel: inode for rel, inode in mine.items() if aside(rel)}
    for rel, inode in mine.items():
        if rel not in side and (rel in leave_out or theirs.get(rel) != inode):
            os.unlink(os.path.join(into, rel))
    for folder in sorted((f for f in my_folders - their_folders if not aside(f)), reverse=True):  # deepest first
        os.rmdir(os.path.join(into, folder))  # its files went above
    for folder in sorted(f for f in their_folders - my_folders if not aside(f)):  # parents first
        os.mkdir(os.path.join(into, folder))
    for rel, inode in theirs.items():
        if not aside(rel) and rel not in leave_out and mine.get(rel) != inode:
            os.link(os.path.join(top, rel), os.path.join(into, rel))
    return side


def prune(staging: Path, left_out: set[str]) -> None:
    """Remove the folders that only held files left out (a page whose record is gone): a full
    build has no such empty folder; the engine makes again those of the pages it writes."""
    top = os.fspath(staging)
    folders = {rel.rsplit("/", 1)[0] for rel in left_out if "/" in rel}
    for folder in sorted(folders, key=len, reverse=True):  # deepest first
        while folder:
            try:
                os.rmdir(os.path.join(top, folder))  # fails when it holds anything, or is not there
            except OSError:
                break
            folder = folder.rsplit("/", 1)[0] if "/" in folder else ""


def keep(replaced: Path, work: Path) -> None:
    """After an edit: the site just replaced becomes the twin (it differs from the new one in the
    files that edit rewrote)."""
    os.rename(replaced, work / SPARE)


def make(published: Path, work: Path) -> None:
    """After a full build: a twin linked from the new site, so that the next edit need not link one
    (none where the site is on another file system than the work folder: the files cannot be linked)."""
    if os.stat(work).st_dev == os.stat(published).st_dev:
        link_copy(published, work / SPARE, set(), ())
