"""Stamps that say whether something must be made again: the size and mtime of every file
below a folder, and a digest of the generator's own files (a new version invalidates every
cache and every published site's fingerprint)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from . import __version__

PACKAGE = Path(__file__).resolve().parent


def file_names(root: Path) -> list[str]:
    """Every file name below root, relative and with "/", whether or not it can be opened."""
    names = []
    for folder, _, files in os.walk(root):
        rel = os.path.relpath(folder, root)
        prefix = "" if rel == "." else rel.replace(os.sep, "/") + "/"
        names += [prefix + name for name in files]
    return names


def stats(root: Path) -> dict[str, list[int]]:
    """Every file below root: relative path → [size, mtime in ns]. Links to folders are not
    followed (as os.walk); a dangling link or a file removed meanwhile is left out: whoever reads it says so."""
    found: dict[str, list[int]] = {}

    def walk(folder: str, prefix: str) -> None:
        # os.scandir, not os.walk: a published site has 15 000 files, and this runs three times a build.
        try:
            entries = os.scandir(folder)
        except OSError:
            return
        with entries:
            for entry in entries:
                try:
                    if entry.is_dir():
                        if not entry.is_symlink():
                            walk(entry.path, prefix + entry.name + "/")
                        continue
                    stat = entry.stat()
                except OSError:
                    continue
                found[prefix + entry.name] = [stat.st_size, stat.st_mtime_ns]

    walk(os.fspath(root), "")
    return found


def package_digest() -> str:
    """The generator's own files: code, templates, theme, data (a new version changes it).

    Read again only when their sizes or times changed: serve asks on every save."""
    global _DIGESTED
    files, last = stats(PACKAGE), _DIGESTED
    if last and last[0] == files:
        return last[1]
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(PACKAGE.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes())
    _DIGESTED = (files, digest.hexdigest())
    return _DIGESTED[1]


_DIGESTED: tuple[dict, str] | None = None  # the package's stamps and their digest, as last read
