"""Pages rendered in an earlier build, reused while what they show is unchanged.

A brand, case or activity page shows its own record, the records it names (a brand's related
cases, a case's brands) and what every page shares: site.yml, units.yml, the tags' addresses, the
generator's templates; its key is the digest of exactly those files and values. Pages that list
records (home, the lists, unit and tag pages, announcements, the activity feed) show only some
fields of each (LISTED): their key holds those fields alone, so an edit of a brand's 口号 renders
its own page again and no list. Other pages (alliances, campaigns, new kinds of page) are always
rendered. Kept in the work folder with marshal in shards (shards.py; a different Python reads nothing).
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

from ..stamps import package_digest
from . import shards
from .view import Page, View

VERSION = f"3|{sys.version_info[:2]}"


# Pages made of records and of what the shared key holds; the rest are rendered every time.
CACHED = ("brand.md.j2", "case.md.j2", "activity.md.j2")
# What the pages listing records show of each kind (or decide their order, count or grouping by);
# tests/test_pagecache.py changes every other field and checks that no listing page changes.
LISTED = {
    "Brand": ("id", "slug", "name", "unit_id", "batch_name", "status", "approved_on", "tags", "demo_sites"),
    "Case": ("id", "slug", "title", "publisher", "published_on", "status", "unit_id", "tags"),
    "Alliance": ("id", "slug", "name", "year", "status", "lead_unit_id", "member_ids", "area", "tags"),
    "Activity": ("id", "slug", "title", "date", "status", "text", "category", "unit_id", "alliance_id", "brand_id",
                 "campaign_id", "participant_ids", "tags"),
    "Campaign": ("id", "slug", "name", "year", "status", "targets", "site_ratio"),
}
# Pages of everything the view lists (their context is made from the view alone): keyed on every record's listed fields.
WHOLE = ("home.md.j2", "brands.md.j2", "cases.md.j2", "units.md.j2", "tags.md.j2", "announcements.md.j2",
         "alliances.md.j2", "campaigns.md.j2")
# Pages of the records in their context: keyed on those records' listed fields.
LISTING = ("unit.md.j2", "tag.md.j2", "announcement.md.j2", "activities.md.j2")
LISTS = ("Tag", "FeedPage")  # what they list besides records: their fields are read like a UnitView's
COMMON = ("site", "view", "preview", "units", "here")  # in every page's context: in the shared key
FROM_SHARED_FILES = ("Unit", "Batch")  # read from units.yml and site.yml, which the shared key holds


def listed(record) -> str:
    """What listing pages show of a record, as text (dataclass reprs: dates, lists, demo sites)."""
    name = type(record).__name__
    return repr((name, [getattr(record, field) for field in LISTED[name]]))


def shared_key(view: View) -> str:
    """What every record page may show besides its records."""
    catalogue = view.catalogue
    digest = hashlib.sha256(f"{VERSION}|{view.preview}|{package_digest()}".encode())
    for source in (catalogue.site.source, catalogue.units_source):
        if source is not None:
            digest.update(Path(source.path).read_bytes())
    digest.update(repr([(tag.name, tag.slug) for tag in view.tags]).encode())
    return digest.hexdigest()


class PageKeys:
    """The key of every page of one build: the digest of everything it shows; None for pages
    rendered every time. What a record shows is worked out once, however many pages list it."""

    def __init__(self, view: View, digests: dict[str, str]) -> None:
        self.shared, self.digests = shared_key(view), digests
        self._listed: dict[int, str] = {}  # by id(): the records live as long as the view
        cat = view.catalogue
        # Every record's listed fields, drafts too (a draft's tag numbers the public ones), in the
        # catalogue's order (the lists keep it).
        every = [rec for records in (cat.brands, cat.cases, cat.alliances, cat.activities, cat.campaigns)
                 for rec in records.values()]
        self.listing = hashlib.sha256("\n".join(self._listed_of(rec) for rec in every).encode()).hexdigest()

    def _listed_of(self, record) -> str:
        found = self._listed.get(id(record))
        if found is None:
            text = listed(record).encode("utf-8", "surrogateescape")
            found = self._listed[id(record)] = hashlib.sha1(text).hexdigest()
        return found

    def of(self, page: Page) -> str | None:
        if page.template in WHOLE:  # their context is made from the view alone
            parts = [self.listing]
        elif page.template in LISTING or page.template in CACHED:
            by_file = page.template in CACHED
            parts = []
            for name, value in sorted(page.context.items()):
                if name not in COMMON:
                    parts.append(name)
                    if not self._parts(value, by_file, parts):
                        return None
        else:
            return None
        text = "\n".join([self.shared, page.template, page.path, *parts])
        return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()

    def _parts(self, value, by_file: bool, parts: list[str]) -> bool:
        """Add what a context value shows, as text, to parts; False for anything whose content is
        not known. by_file: records count by their files' digests, else by their listed fields."""
        kind = type(value)
        if kind in _PLAIN or isinstance(value, (str, int, float, bool)):
            parts.append(repr(value))
            return True
        if kind is list or kind is tuple:
            return all(self._parts(item, by_file, parts) for item in value)
        name = kind.__name__
        if name in FROM_SHARED_FILES:
            parts.append(f"{name}|{getattr(value, 'id', None) or getattr(value, 'name', '')}|{getattr(value, 'slug', '')}")
            return True
        source = getattr(value, "source", None)
        if source is not None and getattr(source, "path", None):
            found = self._listed_of(value) if not by_file and name in LISTED else self._file_of(value) if by_file else None
            if found is not None:
                parts.append(found)
            return found is not None
        if (name.endswith("View") or name in LISTS) and hasattr(value, "__dict__"):  # UnitView: the records it lists
            for key, item in sorted(vars(value).items()):
                parts.append(key)
                if not self._parts(item, by_file, parts):
                    return False
            return True
        return False

    def _file_of(self, record) -> str | None:
        digest = self.digests.get(str(record.source.path))
        name = type(record).__name__
        return None if digest is None else f"{name}|{getattr(record, 'id', '')}|{getattr(record, 'slug', '')}|{digest}"


_PLAIN = {str, int, float, bool, type(None)}


class PageCache:
    def __init__(self, folder: Path, previous: PageCache | None = None) -> None:
        """folder: the pages' shards (shards.py). previous: this process's cache of the last build
        into the same folder (serve): its pages are taken as they are, nothing is read."""
        self.folder = folder
        self.reused = 0
        self.new: dict[str, list[str]] = {}
        if previous is not None and previous.folder == folder:
            self.old = previous.new
            return
        self.old = shards.load(folder, VERSION)

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
        """Only the shards holding a page that changed are written: an unchanged build stays cheap."""
        shards.save(self.folder, VERSION, self.new, self.old)
