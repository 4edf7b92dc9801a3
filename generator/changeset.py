"""Several files written as one change: all of them, or none.

Every new text is first written beside its target (a failure there changes nothing), then
the files are renamed into place one by one; if a rename fails, the ones already done are
put back as they were.
"""

from __future__ import annotations

import os
from pathlib import Path


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
                temp = path.with_name(f".{path.name}.new")
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
