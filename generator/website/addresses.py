"""Every address the site gives: stable ASCII slugs derived from ids and names (Chinese
becomes pinyin), each record's page, QR code and share card, absolute and relative links."""

from __future__ import annotations

import hashlib
import re

from pypinyin import lazy_pinyin


RESERVED = {"index"}  # each folder's list page
LONGEST = 60  # file names have limits; a long name keeps its start and a hash of the whole


def slug(text: str) -> str:
    """四小工作法 → si-xiao-gong-zuo-fa; Water_Bureau → water-bureau."""
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


# The folder of each kind of page, by the class of the record or view it shows.
PAGE_FOLDERS = {"Brand": "brands", "Case": "cases", "Unit": "units", "Tag": "tags", "BatchView": "announcements",
                "Alliance": "alliances", "Activity": "activities", "Campaign": "campaigns"}
# Records with a share card of their own; other pages use the site's.
CARDED = ("Brand", "Case", "Alliance", "Activity", "Campaign")


def page_of(item: object) -> str:
    """The docs path of a record's page: brands/<slug>.md."""
    folder = PAGE_FOLDERS.get(type(item).__name__)
    if folder is None:
        raise TypeError(f"no page for {type(item).__name__}")
    return f"{folder}/{item.slug}.md"


def qr_of(item: object, kind: str) -> str:
    """The docs path of a record page's QR code (svg or png)."""
    return "qr/" + page_of(item).removesuffix(".md") + "." + kind


def card_of(item: object) -> str:
    """The docs path of a record's share card (1200×630 JPEG); the site's own for other pages."""
    if type(item).__name__ in CARDED:
        return "cards/" + page_of(item).removesuffix(".md") + ".jpg"
    return "cards/site.jpg"


def served(docs_path: str) -> str:
    """brands/x.md → brands/x/, index.md → "": where MkDocs serves a page."""
    path = docs_path.removesuffix(".md")
    if path == "index" or path.endswith("/index"):
        return path.removesuffix("index")
    return path + "/"


def page_url(site_url: str, docs_path: str) -> str:
    """brands/x.md → https://site/brands/x/ (the address MkDocs gives the page)."""
    return site_url.rstrip("/") + "/" + served(docs_path)


def relative(here: str, path: str) -> str:
    """A file's address relative to the page of docs path `here` (brands/x.md is served at brands/x/)."""
    return "../" * served(here).count("/") + path
