"""Put generated files on disk: only what changed is written, what is gone is removed.

Unchanged files keep their mtimes, so MkDocs' live reload and incremental tools see only
real edits. Writes go to the generated docs folder, never to content/.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Written:
    written: int = 0
    unchanged: int = 0
    removed: int = 0


def sync_tree(root: Path, files: dict[str, str | bytes], copies: dict[str, Path]) -> Written:
    """Make root hold exactly `files` (path → text or bytes) and `copies` (path → source file)."""
    result = Written()
    root.mkdir(parents=True, exist_ok=True)
    for rel, data in files.items():
        _put(root / rel, data.encode("utf-8") if isinstance(data, str) else data, result)
    for rel, source in copies.items():
        _copy(root / rel, source, result)
    keep = {os.path.normpath(rel) for rel in [*files, *copies]}
    # os.walk, deepest first: Path.rglob costs more than writing the pages themselves.
    for folder, dirs, names in os.walk(root, topdown=False):
        for name in names:
            path = os.path.join(folder, name)
            if os.path.relpath(path, root) not in keep:
                os.unlink(path)
                result.removed += 1
        for name in dirs:
            path = os.path.join(folder, name)
            if not os.path.islink(path) and not os.listdir(path):
                os.rmdir(path)
    return result


def _put(path: Path, data: bytes, result: Written) -> None:
    try:
        if path.read_bytes() == data:
            result.unchanged += 1
            return
    except OSError:
        path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
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
    _put(path, text.encode("utf-8"), result)
    return bool(result.written)
