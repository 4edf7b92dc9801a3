"""Every address the site gives: each record's page, QR code and share card, absolute and
relative links, made from each record's slug (model/slugs.py)."""

from __future__ import annotations


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
