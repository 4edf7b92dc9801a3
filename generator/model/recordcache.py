"""Parsed and checked record files, kept between builds: an edit re-reads one file.

Each record file's entry is keyed by its identity (size, mtime, SHA-256 of its bytes) and is
valid only while the generator's own files and everything in the content folder that is not a
record file (site.yml, units.yml, pictures, 词典.txt) are the same. An entry holds what reading
the file gave: the raw values, the record read through the schema and the problems reported on
the way, which are reported again on a hit. Rules across records always run afresh.
"""

from __future__ import annotations

import copyreg
import hashlib
import io
import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from ..stamps import package_digest, stats
from .fieldtypes import Group
from .load import MAX_FILE_BYTES
from .problems import Problem, Report
from .schema import KINDS

RECORD_SUFFIXES = (".yml", ".yaml")


@dataclass
class _Entry:
    key: tuple
    raw: Any  # load.RawRecord or None (the file did not parse)
    loading: list[Problem]
    read: tuple | None = None  # (value, complete) from check._read
    reading: list[Problem] = field(default_factory=list)


_PATHS: dict[str, Path] = {}


def _path(text: str) -> Path:
    """Paths are stored as text and made once per distinct path on loading (making them is slow)."""
    found = _PATHS.get(text)
    if found is None:
        found = _PATHS[text] = Path(text)
    return found


def _group(name: str):
    return KINDS[name].group


class _Pickler(pickle.Pickler):
    """Schema groups hold functions: stored by kind name, taken from the schema on loading.

    Reducers by type, not a persistent_id: Python code runs only for Paths and groups, not for
    every one of the millions of strings, numbers and lists in the cache."""

    groups = {id(kind.group): name for name, kind in KINDS.items()}

    def __init__(self, handle) -> None:
        super().__init__(handle, protocol=pickle.HIGHEST_PROTOCOL)
        self.dispatch_table = copyreg.dispatch_table.copy()
        self.dispatch_table[type(Path())] = lambda path: (_path, (str(path),))
        self.dispatch_table[Group] = self._reduce_group

    def _reduce_group(self, group):
        name = self.groups.get(id(group))
        return (_group, (name,)) if name else group.__reduce_ex__(pickle.HIGHEST_PROTOCOL)


def _environment(root: Path) -> str:
    """What every record's reading may depend on besides its own file."""
    digest = hashlib.sha256(package_digest().encode())
    for rel, (size, mtime) in sorted(stats(root).items()):
        parts = rel.split("/")
        if not (len(parts) == 2 and parts[1].lower().endswith(RECORD_SUFFIXES)):
            digest.update(f"{rel}|{size}|{mtime}\n".encode())
    return digest.hexdigest()


class RecordCache:
    def __init__(self, file: Path, root: Path) -> None:
        self.file, self.root = file, root
        self.environment = _environment(root) if root.is_dir() else ""
        self.old: dict[str, _Entry] = {}
        self.new: dict[str, _Entry] = {}
        self.hits = 0
        self.changed = False  # anything read afresh: the cache file must be written again
        try:
            with open(file, "rb") as handle:
                environment, entries = pickle.load(handle)
            if environment == self.environment:
                self.old = entries
        except Exception:  # no cache, a damaged one or one from another version: read everything
            self.old = {}

    def probably_known(self, path: Path, kind: str) -> bool:
        """Kept from last time with the same size and mtime: not worth parsing ahead (load checks the bytes)."""
        entry = self.old.get(str(path))
        try:
            stat = path.stat()
        except OSError:
            return False
        return entry is not None and entry.key[:3] == (kind, stat.st_size, stat.st_mtime_ns)

    def load(self, path: Path, kind: str, report: Report, load_file: Callable) -> Any:
        """load.load_file, or what it gave last time for the same bytes."""
        try:
            stat = path.stat()
            if stat.st_size > MAX_FILE_BYTES:
                raise OSError("too large to keep")  # never read whole: load_file refuses it by its size
            key = (kind, stat.st_size, stat.st_mtime_ns, hashlib.sha256(path.read_bytes()).hexdigest())
        except OSError:  # unreadable or too large: load_file says why, nothing is cached
            self.changed = True
            return load_file(path, kind, report)
        entry = self.old.get(str(path))
        if entry is not None and entry.key == key:
            self.hits += 1
            _replay(entry.loading, report)
        else:
            self.changed = True
            start = len(report.problems)
            entry = _Entry(key, load_file(path, kind, report), report.problems[start:])
        self.new[str(path)] = entry
        return entry.raw

    def read(self, record: Any, kind: str, root: Path, report: Report, read: Callable) -> tuple:
        """check._read, or what it gave last time for the same file."""
        entry = self.new.get(str(record.path))
        if entry is None or entry.raw is not record:
            return read(record, kind, root, report)
        if entry.read is not None:
            _replay(entry.reading, report)
            return entry.read
        self.changed = True
        start = len(report.problems)
        entry.read = read(record, kind, root, report)
        entry.reading = report.problems[start:]
        return entry.read

    def digests(self) -> dict[str, str]:
        """SHA-256 of every record file read in this run, by path."""
        return {path: entry.key[3] for path, entry in self.new.items()}

    def save(self) -> None:
        """Keep this run's entries (files since removed are dropped), written whole or not at all."""
        if not self.changed and self.new.keys() == self.old.keys():
            return
        buffer = io.BytesIO()
        _Pickler(buffer).dump((self.environment, self.new))
        self.file.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.file.with_name(f".{self.file.name}.tmp")
        tmp.write_bytes(buffer.getvalue())
        os.replace(tmp, self.file)


def _replay(problems: list[Problem], report: Report) -> None:
    for problem in problems:
        report.add(problem.level, problem.file, problem.line, problem.field, problem.message)
