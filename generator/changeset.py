"""Files written whole: one file (write_whole) or several as one change (ChangeSet).

Every new text is first written beside its target under a name of its own writer (process
and a counter: two builds or two threads writing the same file at once never share one),
then renamed into place; readers see the old file or the new one, never half of one. A
ChangeSet renames its files one by one; if a rename fails, the ones already done are put
back as they were.
"""

from __future__ import annotations

import itertools
import os
from pathlib import Path

_WRITES = itertools.count()  # next() on it is atomic: threads get distinct numbers


def shortened(name: str, limit: int) -> str:
    """name cut to at most limit bytes of UTF-8, whole characters only (file names have 255 bytes)."""
    return name.encode("utf-8", "surrogateescape")[:limit].decode("utf-8", "ignore")


def _temp_beside(path: str) -> str:
    folder, name = os.path.split(path)
    # a long name's temporary name keeps its start
    return os.path.join(folder, f".{shortened(name, 120)}.{os.getpid()}-{next(_WRITES)}.tmp")


def write_whole(path: str | os.PathLike, data: bytes, keep_mode: bool = False) -> None:
    """Replace path by data in one rename; on any failure (also Ctrl-C) no temporary file is left.

    A new file gets the user's usual permissions (umask); keep_mode: a replaced one keeps its own."""
    path = os.fspath(path)
    temp = _temp_beside(path)
    handle = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        if keep_mode:
            _keep_mode(Path(path), Path(temp))
        os.replace(temp, path)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise


class ChangeSet:
    def __init__(self) -> None:
        self.files: dict[Path, bytes] = {}

    def put(self, path: Path, data: bytes) -> None:
        self.files[path] = data

    def apply(self) -> None:
        """Write every file or, on any failure (also Ctrl-C), none; the error is raised again."""
        staged: list[tuple[Path, Path]] = []
        try:
            for path, data in self.files.items():
                path.parent.mkdir(parents=True, exist_ok=True)
                temp = Path(_temp_beside(str(path)))
                temp.write_bytes(data)
                _keep_mode(path, temp)
                staged.append((temp, path))
        except BaseException:  # a full disk, a read-only folder, Ctrl-C: no staged file is left behind
            for temp, _ in staged:
                temp.unlink(missing_ok=True)
            raise
        self._commit(staged)

    @staticmethod
    def _commit(staged: list[tuple[Path, Path]]) -> None:
        done: list[tuple[Path, Path | None]] = []  # (target, its old version set aside)
        try:
            for temp, path in staged:
                old = path.with_name(f".{path.name}.old")
                if path.exists():
                    os.replace(path, old)
                    done.append((path, old))
                else:
                    done.append((path, None))
                os.replace(temp, path)
        except BaseException:
            for path, old in reversed(done):
                if old is not None:
                    os.replace(old, path)
                elif path.exists():
                    path.unlink()
            for temp, _ in staged:
                temp.unlink(missing_ok=True)
            raise
        for _, old in done:
            if old is not None:
                old.unlink(missing_ok=True)


def _keep_mode(path: Path, temp: Path) -> None:
    """A replaced file keeps its permissions; a new one gets the user's usual ones."""
    try:
        os.chmod(temp, path.stat().st_mode & 0o7777)
    except FileNotFoundError:
        pass
