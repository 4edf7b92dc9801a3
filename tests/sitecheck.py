"""Reading a built site as a browser and a crawler would: text of every file, requests."""

from __future__ import annotations

import gzip
import json
from html.parser import HTMLParser
from pathlib import Path


def readable_text(path: Path) -> str:
    """A file's text with JSON unescaped, gzip opened and jieba's U+200B removed."""
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    text = data.decode("utf-8", errors="replace")
    if path.suffix == ".json":
        text = json.dumps(json.loads(text), ensure_ascii=False)
    return text.replace("\u200b", "")


def find_secrets(site: Path, secrets) -> list[tuple[str, str]]:
    found = []
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        text = readable_text(path)
        found += [(str(path.relative_to(site)), s) for s in secrets if s in text]
    return found


class Requests(HTMLParser):
    """Every URL a page makes the browser fetch by itself (not links a reader clicks)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "img", "iframe", "audio", "video", "source", "embed") and attrs.get("src"):
            self.urls.append(attrs["src"])
        if tag == "link" and attrs.get("href") and attrs.get("rel") not in ("canonical", "alternate"):
            self.urls.append(attrs["href"])


def third_party_requests(site: Path, own_prefix: str | None) -> list[tuple[str, str]]:
    found = []
    for page in site.rglob("*.html"):
        parser = Requests()
        parser.feed(page.read_text(encoding="utf-8"))
        for url in parser.urls:
            if url.startswith(("http:", "https:", "//")) and not (own_prefix and url.startswith(own_prefix)):
                found.append((str(page.relative_to(site)), url))
    for sheet in site.rglob("*.css"):
        text = sheet.read_text(encoding="utf-8", errors="replace")
        if "url(http" in text or "url(//" in text or "@import url(\"http" in text:
            found.append((str(sheet.relative_to(site)), "url(http…)"))
    return found


def search_index(site: Path) -> dict:
    return json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))


class Active(HTMLParser):
    """What would run: event-handler attributes, scripts, javascript: URLs."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}>")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith("javascript"):
                self.found.append(f"<{tag} {name}={value}>")
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script and "alert(" in data:
            self.found.append(f"<script>{data[:40]}")


def active_content(html: str) -> list[str]:
    parser = Active()
    parser.feed(html)
    return parser.found


class PageMeta(HTMLParser):
    """A page's <title>, meta tags and canonical/alternate links, as a crawler reads them."""

    def __init__(self):
        super().__init__()
        self.meta, self.links, self.title, self._in_title = {}, {}, "", False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta":
            key = attrs.get("property") or attrs.get("name")
            if key:
                self.meta[key] = attrs.get("content")
        elif tag == "link" and attrs.get("rel") in ("canonical", "alternate"):
            self.links[attrs.get("type") or attrs["rel"]] = attrs["href"]
        self._in_title = tag == "title"

    def handle_endtag(self, tag):
        self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data
