"""A dict kept between builds with marshal, in SHARDS files by its keys' hash: an edit that
changes one page writes one file again, not the 17 MB of every page (3000 records)."""

from __future__ import annotations

import marshal
import zlib
from pathlib import Path

from ..changeset import write_whole

SHARDS = 16


def _shard(key: str) -> int:
    return zlib.crc32(key.encode("utf-8", "surrogateescape")) % SHARDS


def _file(folder: Path, shard: int) -> Path:
    return folder / f"{shard:02d}.marshal"


def load(folder: Path, version: str) -> dict:
    """Every shard written with this version; a missing, damaged or other shard adds nothing."""
    found: dict = {}
    for shard in range(SHARDS):
        try:
            kept_version, entries = marshal.loads(_file(folder, shard).read_bytes())
        except Exception:  # none yet, damaged, or from another Python: its entries are made again
            continue
        if kept_version == version and isinstance(entries, dict):
            found.update(entries)
    return found


def save(folder: Path, version: str, new: dict, old: dict) -> None:
    """Write the shards whose entries differ from old's (compared by identity first, then by
    value): each written whole, atomically; old is what load gave (or the last save)."""
    dirty = {_shard(key) for key in old.keys() - new.keys()}
    for key, value in new.items():
        before = old.get(key)
        if before is not value and before != value:
            dirty.add(_shard(key))
    if not dirty:
        return
    folder.mkdir(parents=True, exist_ok=True)
    shards: dict[int, dict] = {shard: {} for shard in dirty}
    for key, value in new.items():
        entries = shards.get(_shard(key))
        if entries is not None:
            entries[key] = value
    for shard, entries in shards.items():
        file = _file(folder, shard)
        write_whole(file, marshal.dumps((version, entries)))
