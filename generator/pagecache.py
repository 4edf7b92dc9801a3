"""Record pages rendered in an earlier build, reused while what they show is unchanged.

A brand, case or unit page shows its own record, the records it lists (a brand's related
cases, a case's brands, a unit's brands and cases) and what every page shares: site.yml,
units.yml, the tags' addresses, the generator's templates. Its key is the digest of exactly
those files and values; other pages (home, lists, tags, announcements, new kinds of page) are
always rendered. Kept in the work folder with marshal (fast; a different Python reads nothing).
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
from pathlib import Path

from . import changes
from .pages import Page, View

VERSION = f"1|{sys.version_info[:2]}"


def _record(item, digests: dict[str, str]) -> str | None:
    """A record by its file's digest, its id and its address; None when its file is not known.

    Units have no file of their own: units.yml is in the shared key."""
    if item is None:
        return "-"
    source = getattr(item, "source", None)
    path = str(source.path) if source is not None and getattr(source, "path", None) else None
    if path is None and type(item).__name__ != "Unit":
        return None
    digest = digests.get(path) if path else ""
    return None if digest is None else f"{type(item).__name__}|{item.id}|{item.slug}|{digest}"


def _shown(page: Page) -> list | None:
    """The records a record page shows, in order; None for pages rendered every time."""
    context = page.context
    if page.template == "brand.md.j2":
        return [context["brand"], context["unit"], *context["cases"]]
    if page.template == "case.md.j2":
        return [context["case"], context["unit"], *context["brands"]]
    if page.template == "unit.md.j2":
        entry = context["entry"]
        return [entry.unit, *entry.brands, *entry.cases]
    return None


def shared_key(view: View) -> str:
    """What every record page may show besides its records."""
    catalogue = view.catalogue
    digest = hashlib.sha256(f"{VERSION}|{view.preview}|{changes.package_digest()}".encode())
    for source in (catalogue.site.source, catalogue.units_source):
        if source is not None:
            digest.update(Path(source.path).read_bytes())
    digest.update(repr([(tag.name, tag.slug) for tag in view.tags]).encode())
    return digest.hexdigest()


def page_key(page: Page, shared: str, digests: dict[str, str]) -> str | None:
    shown = _shown(page)
    if shown is None:
        return None
    context = page.context
    records = [_record(item, digests) for item in shown]
    if None in records:
        return None
    extra = [context.get(name) for name in ("public", "card", "qr", "qr_png")]
    text = "\n".join([shared, page.template, page.path, repr(extra), *records])
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
