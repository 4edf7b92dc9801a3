"""Stamps that say whether something must be made again: the size and mtime of every file
below a folder, and a digest of the generator's own files (a new version invalidates every
cache and every published site's fingerprint)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from . import __version__

PACKAGE = Path(__file__).resolve().parent


def stats(root: Path) -> dict[str, list[int]]:
    """Every file below root: relative path → [size, mtime in ns]."""
    found = {}
    for folder, _, files in os.walk(root):
        rel = os.path.relpath(folder, root)
        prefix = "" if rel == "." else rel.replace(os.sep, "/") + "/"
        for name in files:
            try:
                stat = os.stat(os.path.join(folder, name))
            except OSError:  # a dangling link or a file removed meanwhile: whoever reads it says so
                continue
            found[prefix + name] = [stat.st_size, stat.st_mtime_ns]
    return found


def package_digest() -> str:
    """The generator's own files: code, templates, theme, data (a new version changes it)."""
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(PACKAGE.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()
