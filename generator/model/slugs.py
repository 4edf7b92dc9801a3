"""Slugs: stable ASCII names made from ids and names (Chinese becomes pinyin), and the -2, -3
that keeps each one unique. Every page, file and id address is built from them."""

from __future__ import annotations

import hashlib
import marshal
import re
from importlib.util import find_spec
from pathlib import Path

from ..changeset import write_whole


RESERVED = {"index"}  # each folder's list page
LONGEST = 60  # file names have limits; a long name keeps its start and a hash of the whole


def load_pinyin() -> None:
    """Import pypinyin (its dictionaries take a third of a second): check does it while the
    record files are parsed in workers (prefetch.py), rather than when the first slug is made."""
    import pypinyin  # noqa: F401


# Slugs of Chinese text made in this process or kept by an earlier build (recall): an edit
# that adds no new name never loads pypinyin.
_MADE: dict[str, str] = {}
_ON_DISK: dict[Path, frozenset[str]] = {}  # the texts each file held when recalled or kept


def slug(text: str) -> str:
    """四小工作法 → si-xiao-gong-zuo-fa; Water_Bureau → water-bureau."""
    if text.isascii():  # file names mostly: pypinyin would give them back whole, far slower
        return _joined(text, [text])
    found = _MADE.get(text)
    if found is None:
        from pypinyin import lazy_pinyin  # on first use (load_pinyin)

        found = _MADE[text] = _joined(text, lazy_pinyin(text, errors="default"))
    return found


def _joined(text: str, words: list[str]) -> str:
    joined = "-".join(w for w in (re.sub(r"[^a-z0-9]+", "-", w.lower()).strip("-") for w in words) if w)
    joined = re.sub(r"-{2,}", "-", joined) or "x"
    if len(joined) > LONGEST:
        joined = joined[:LONGEST - 9].rstrip("-") + "-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]
    return joined + "-page" if joined in RESERVED else joined


def numbered(base: str, taken, key=lambda name: name) -> str:
    """base itself, or base-2, base-3 … the first whose key is not taken."""
    candidate, n = base, 1
    while key(candidate) in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def unique_slugs(names: list[str]) -> dict[str, str]:
    """Slugs for names that may share a pinyin (示范 and 师范): later ones get -2, -3."""
    result: dict[str, str] = {}
    for name in names:
        result[name] = numbered(slug(name), set(result.values()))
    return result


def _stamp() -> str:
    """What a slug depends on besides its text: this generator and the pypinyin installed."""
    from ..stamps import package_digest, stats

    spec = find_spec("pypinyin")
    folders = list(spec.submodule_search_locations or []) if spec else []
    installed = sorted((folder, sorted(stats(Path(folder)).items())) for folder in folders)
    return hashlib.sha256(repr((package_digest(), installed)).encode()).hexdigest()


def recall(file: Path) -> None:
    """Take the slugs an earlier build kept in file, if made by the same generator and pypinyin."""
    _ON_DISK[file] = frozenset()
    try:
        stamp, known = marshal.loads(file.read_bytes())
    except Exception:  # none yet, damaged, or from another Python: slugs are made afresh
        return
    if stamp == _stamp() and isinstance(known, dict) and all(
            type(k) is str and type(v) is str for k, v in known.items()):
        for text, made in known.items():
            _MADE.setdefault(text, made)
        _ON_DISK[file] = frozenset(known)


def keep(file: Path) -> None:
    """Write the slugs made so far into file, when it lacks some (or was not recalled in this process)."""
    if _ON_DISK.get(file) is not None and _MADE.keys() <= _ON_DISK[file]:
        return
    file.parent.mkdir(parents=True, exist_ok=True)
    write_whole(file, marshal.dumps((_stamp(), dict(_MADE))))
    _ON_DISK[file] = frozenset(_MADE)
