"""Slugs: stable ASCII names made from ids and names (Chinese becomes pinyin), and the -2, -3
that keeps each one unique. Every page, file and id address is built from them."""

from __future__ import annotations

import hashlib
import re


RESERVED = {"index"}  # each folder's list page
LONGEST = 60  # file names have limits; a long name keeps its start and a hash of the whole


def load_pinyin() -> None:
    """Import pypinyin (its dictionaries take a third of a second): check does it while the
    record files are parsed in workers (prefetch.py), rather than when the first slug is made."""
    import pypinyin  # noqa: F401


def slug(text: str) -> str:
    """四小工作法 → si-xiao-gong-zuo-fa; Water_Bureau → water-bureau."""
    if text.isascii():  # file names mostly: pypinyin would give them back whole, far slower
        words = [text]
    else:
        from pypinyin import lazy_pinyin  # on first use (load_pinyin)

        words = lazy_pinyin(text, errors="default")
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
