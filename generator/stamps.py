"""Stamps that say whether something must be made again: the size and mtime of every file
below a folder, and a digest of the generator's own files (a new version invalidates every
cache and every published site's fingerprint)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Iterator

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


def entries(root: Path | str) -> Iterator[tuple[str, os.DirEntry]]:
    """Every entry below root that is not a folder: (relative path with "/", its DirEntry). Links
    to folders are not followed (as os.walk); folders that cannot be listed are passed over.
    os.scandir, not os.walk: a published site has 15 000 files, and builds walk it several times."""

    def walk(folder: str, prefix: str) -> Iterator[tuple[str, os.DirEntry]]:
        try:
            listed = os.scandir(folder)
        except OSError:
            return
        with listed:
            for entry in listed:
                try:
                    if entry.is_dir():
                        if not entry.is_symlink():
                            yield from walk(entry.path, prefix + entry.name + "/")
                        continue
                except OSError:
                    continue
                yield prefix + entry.name, entry

    return walk(os.fspath(root), "")


def stats(root: Path) -> dict[str, list[int]]:
    """Every file below root: relative path → [size, mtime in ns]. A dangling link or a file
    removed meanwhile is left out: whoever reads it says so."""
    found: dict[str, list[int]] = {}
    for rel, entry in entries(root):
        try:
            stat = entry.stat()
        except OSError:
            continue
        found[rel] = [stat.st_size, stat.st_mtime_ns]
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
