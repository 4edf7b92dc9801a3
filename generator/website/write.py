"""Put generated files on disk: only what changed is written, what is gone is removed.

Unchanged files keep their mtimes, so MkDocs' live reload and incremental tools see only
real edits. Writes go to the generated docs folder, never to content/.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from ..changeset import write_whole


@dataclass
class Written:
    written: int = 0
    unchanged: int = 0
    removed: int = 0


def sync_tree(root: Path, files: dict[str, str | bytes], copies: dict[str, Path],
              before: dict[str, str | bytes] | None = None) -> Written:
    """Make root hold exactly `files` (path → text or bytes) and `copies` (path → source file).

    before: the files this process wrote there last time (serve): a file given as the very same
    object is on disk already and is not read again."""
    result = Written()
    root.mkdir(parents=True, exist_ok=True)
    top = str(root)
    folders = {top}  # made or seen already: one mkdir per folder, not per file
    for rel, data in files.items():
        if before is not None and before.get(rel) is data:
            result.unchanged += 1
            continue
        path = os.path.join(top, rel)
        _put(path, data.encode("utf-8") if isinstance(data, str) else data, result, folders)
    for rel, source in copies.items():
        _copy(root / rel, source, result)
    keep = {os.path.normpath(rel) for rel in [*files, *copies]}
    # os.walk, deepest first: Path.rglob costs more than writing the pages themselves.
    start = len(top) + 1
    for folder, dirs, names in os.walk(top, topdown=False):
        inside = folder[start:] + "/" if len(folder) > len(top) else ""
        for name in names:
            if os.path.normpath(inside + name) not in keep:
                os.unlink(os.path.join(folder, name))
                result.removed += 1
        for name in dirs:
            path = os.path.join(folder, name)
            if not os.path.islink(path) and not os.listdir(path):
                os.rmdir(path)
    return result


def _put(path: str, data: bytes, result: Written, folders: set[str] | None = None) -> None:
    try:
        with open(path, "rb") as old:
            if old.read() == data:
                result.unchanged += 1
                return
    except OSError:
        folder = os.path.dirname(path)
        if folders is None or folder not in folders:
            os.makedirs(folder, exist_ok=True)
            if folders is not None:
                folders.add(folder)
    write_whole(path, data)
    result.written += 1


def _copy(path: Path, source: Path, result: Written) -> None:
    stat = source.stat()
    try:
        mine = path.stat()
        if mine.st_size == stat.st_size and mine.st_mtime_ns == stat.st_mtime_ns:
            result.unchanged += 1
            return
    except OSError:
        path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source, path)
    result.written += 1


def write_text(path: Path, text: str) -> bool:
    """Write one generated file if its text changed; True when written."""
    result = Written()
    path.parent.mkdir(parents=True, exist_ok=True)
    _put(str(path), text.encode("utf-8"), result)
    return bool(result.written)
