"""Parsed and checked record files, kept between builds: an edit re-reads one file.

Each record file's entry is keyed by its identity (size, mtime, SHA-256 of its bytes) and is
valid only while the generator's own files and everything in the content folder that is not a
record file (site.yml, units.yml, pictures, 词典.txt) are the same. An entry holds what reading
the file gave: the raw values, the record read through the schema and the problems reported on
the way, which are reported again on a hit. Rules across records always run afresh. Entries are
kept in SHARDS files by their path's hash: an edit writes one shard again, not every record.
"""

from __future__ import annotations

import copyreg
import hashlib
import io
import pickle
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from ..changeset import write_whole
from ..stamps import package_digest, stats
from .fieldtypes import Group
from .load import MAX_FILE_BYTES
from .problems import Problem, Report
from .schema import KINDS

RECORD_SUFFIXES = (".yml", ".yaml")
SHARDS = 64  # files in the cache folder; one edit rewrites 1/64 of the records


def _shard(path: str) -> int:
    return zlib.crc32(path.encode("utf-8", "surrogateescape")) % SHARDS


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
    def __init__(self, folder: Path, root: Path, previous: RecordCache | None = None,
                 hashed: dict[str, tuple] | None = None) -> None:
        """previous: the cache of this process's last run over the same folder (serve), whose
        entries are taken as they are instead of being read from disk. hashed: files this build
        read already, by path: (size, mtime, SHA-256), used while their size and mtime are the same."""
        self.folder, self.root = folder, root
        self.hashed = hashed or {}
        self.environment = _environment(root) if root.is_dir() else ""
        self.old: dict[str, _Entry] = {}
        self.new: dict[str, _Entry] = {}
        self.hits = 0
        self.dirty: set[int] = set()  # shards with an entry read afresh, added or gone: written again
        if previous is not None and previous.folder == folder and previous.environment == self.environment:
            self.old, self.dirty = previous.new, set(previous.dirty)
            return
        for shard in range(SHARDS):
            try:
                with open(self._file(shard), "rb") as handle:
                    environment, entries = pickle.load(handle)
            except Exception:  # no shard, a damaged one or one from another version: its records are read
                self.dirty.add(shard)
                continue
            if environment == self.environment:
                self.old.update(entries)
            else:
                self.dirty.add(shard)

    def _file(self, shard: int) -> Path:
        return self.folder / f"{shard:02d}.pickle"

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
            known = self.hashed.get(str(path))
            if known is not None and known[:2] == (stat.st_size, stat.st_mtime_ns):
                key = (kind, *known)
            else:
                key = (kind, stat.st_size, stat.st_mtime_ns, hashlib.sha256(path.read_bytes()).hexdigest())
        except OSError:  # unreadable or too large: load_file says why, nothing is cached
            self.dirty.add(_shard(str(path)))
            return load_file(path, kind, report)
        entry = self.old.get(str(path))
        if entry is not None and entry.key == key:
            self.hits += 1
            report.extend(entry.loading)
        else:
            self.dirty.add(_shard(str(path)))
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
            report.extend(entry.reading)
            return entry.read
        self.dirty.add(_shard(str(record.path)))
        start = len(report.problems)
        entry.read = read(record, kind, root, report)
        entry.reading = report.problems[start:]
        return entry.read

    def digests(self) -> dict[str, str]:
        """SHA-256 of every record file read in this run, by path."""
        return {path: entry.key[3] for path, entry in self.new.items()}

    def save(self) -> None:
        """Keep this run's entries (files since removed are dropped): each shard written whole or
        not at all, and only the shards that changed."""
        dirty = self.dirty | {_shard(path) for path in self.old.keys() - self.new.keys()}
        if not dirty:
            return
        shards: dict[int, dict[str, _Entry]] = {shard: {} for shard in dirty}
        for path, entry in self.new.items():
            found = shards.get(_shard(path))
            if found is not None:
                found[path] = entry
        self.folder.mkdir(parents=True, exist_ok=True)
        for shard, entries in shards.items():
            buffer = io.BytesIO()
            _Pickler(buffer).dump((self.environment, entries))
            file = self._file(shard)
            write_whole(file, buffer.getvalue())
        self.dirty = set()
