"""Record pages rendered in an earlier build, reused while what they show is unchanged.

A brand, case, unit or activity page shows its own record, the records it lists (a brand's
related cases, a case's brands, a unit's brands and cases) and what every page shares: site.yml,
units.yml, the tags' addresses, the generator's templates; a tag page, an announcement and a page
of the activity feed show the records they list. Its key is the digest of exactly those files and
values; other pages (home, lists, alliances, campaigns, new kinds of page) are always rendered. Kept in the work folder with marshal (fast; a different Python reads nothing).
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
from pathlib import Path

from ..stamps import package_digest
from .view import Page, View

VERSION = f"1|{sys.version_info[:2]}"


# Pages made of records and of what the shared key holds; the rest are rendered every time.
CACHED = ("brand.md.j2", "case.md.j2", "unit.md.j2", "activity.md.j2", "tag.md.j2", "announcement.md.j2",
          "activities.md.j2")
LISTS = ("Tag", "FeedPage")  # what they list besides records: their fields are read like a UnitView's
COMMON = ("site", "view", "preview", "units", "here")  # in every page's context: in the shared key
FROM_SHARED_FILES = ("Unit", "Batch")  # read from units.yml and site.yml, which the shared key holds


def _parts(value, digests: dict[str, str]) -> list[str | None]:
    """What a context value shows, as text; None for anything whose content is not known."""
    name = type(value).__name__
    if value is None or isinstance(value, (str, int, float, bool)):
        return [repr(value)]
    if isinstance(value, (list, tuple)):
        return [part for item in value for part in _parts(item, digests)]
    if name in FROM_SHARED_FILES:
        return [f"{name}|{getattr(value, 'id', None) or getattr(value, 'name', '')}|{getattr(value, 'slug', '')}"]
    source = getattr(value, "source", None)
    if source is not None and getattr(source, "path", None):
        digest = digests.get(str(source.path))
        return [None if digest is None else f"{name}|{getattr(value, 'id', '')}|{getattr(value, 'slug', '')}|{digest}"]
    if (name.endswith("View") or name in LISTS) and hasattr(value, "__dict__"):  # UnitView: the records it lists
        return [part for key, item in sorted(vars(value).items()) for part in [key, *_parts(item, digests)]]
    return [None]


def shared_key(view: View) -> str:
    """What every record page may show besides its records."""
    catalogue = view.catalogue
    digest = hashlib.sha256(f"{VERSION}|{view.preview}|{package_digest()}".encode())
    for source in (catalogue.site.source, catalogue.units_source):
        if source is not None:
            digest.update(Path(source.path).read_bytes())
    digest.update(repr([(tag.name, tag.slug) for tag in view.tags]).encode())
    return digest.hexdigest()


def page_key(page: Page, shared: str, digests: dict[str, str]) -> str | None:
    """The digest of everything a record page shows; None for pages rendered every time."""
    if page.template not in CACHED:
        return None
    parts = [part for name, value in sorted(page.context.items()) if name not in COMMON
             for part in [name, *_parts(value, digests)]]
    if None in parts:
        return None
    text = "\n".join([shared, page.template, page.path, *parts])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class PageCache:
    def __init__(self, file: Path) -> None:
        self.file = file
        self.reused = 0
        try:
            version, self.old = marshal.loads(file.read_bytes())
            if version != VERSION:
                self.old = {}
        except Exception:  # no cache, a damaged one or one from another Python: render everything
            self.old = {}
        self.new: dict[str, list[str]] = {}

    def get(self, path: str, key: str | None) -> str | None:
        found = self.old.get(path)
        if key is not None and found and found[0] == key:
            self.reused += 1
            self.new[path] = found
            return found[1]
        return None

    def put(self, path: str, key: str | None, text: str) -> None:
        if key is not None:
            self.new[path] = [key, text]

    def save(self) -> None:
        """Written only when something changed: an unchanged build stays cheap."""
        if self.new.keys() == self.old.keys() and all(self.new[p] is self.old[p] for p in self.new):
            return
        self.file.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.file.with_name(f".{self.file.name}.tmp")
        tmp.write_bytes(marshal.dumps((VERSION, self.new)))
        os.replace(tmp, self.file)
