"""The search index, written from the generated pages: plain text per page and per section.

Material's search plugin parses every built page's HTML and cuts Chinese with jieba, which
is almost half of a build; our worker (theme/overrides/assets/javascripts/search-worker.js)
matches whole terms and needs no cutting. So the index comes from the Markdown the
generator wrote, split at its headings as Material splits pages, and Material's plugin is
told to index nothing (`search: exclude` in every page's front matter) while its search
box stays. `serve` keeps Material's own index: its worker reads both.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import sys
from pathlib import Path

from markdown.extensions.toc import unique
from pymdownx.slugs import slugify

from . import shards
from .addresses import page_of, served
from .view import View

DOMAIN_WORDS = Path(__file__).parent / "data" / "words.txt"
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
LONGEST = 8  # longer runs are sentences more than names: let jieba cut them
FREQUENCY = 100  # enough to beat any split into common words
# What Material writes for zh; the worker ignores it, tools reading the index expect it.
CONFIG = {"lang": ["zh"], "separator": "[\\s\\u200b\\u3000\\-、。，．？！；]+", "pipeline": ["stemmer"],
          "fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0}, "tags": {"boost": 1000000.0}}}
KEPT_VERSION = f"1|{sys.version_info[:2]}"  # of the pages' parts kept by kept_index
_FRONT = re.compile(r"---\n(.*?)\n---\n", re.S)
_HEADING = re.compile(r"(#{1,6}) +(.*?)(?: +\{[^}\n]*\})? *")
_BLOCK_TAG = re.compile(r"</?(?:td|th|tr|li|p|caption|div|figure|figcaption|table|thead|tbody)\b[^>]*>")
_TAG = re.compile(r"<[^>]*>")
_AUTOLINK = re.compile(r"<(https?://[^>\s]+)>")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+\.) +")
_LIST_START = set(" -*+0123456789")
_ADMONITION = re.compile(r'!!! \w+(?: "(.*)")?')
# One pass, left to right, so that an escaped "\[" never starts a link.
_INLINE = re.compile(r"\\(.)|!\[(?:\\.|[^\]\\])*\]\((?:\\.|[^)\\])*\)(?:\{[^}\n]*\})?"
                     r"|\[((?:\\.|[^\]\\])*)\]\((?:\\.|[^)\\])*\)|\*+")
_ANCHOR = slugify(case="lower")


def user_words(view: View) -> list[str]:
    """Every name a reader may type whole, shown records only, in a stable order (for serve's jieba)."""
    names: list[str] = []
    for unit_view in view.units:
        names.append(unit_view.unit.name)
    for brand in view.brands:
        names += [brand.name, *brand.tags, *(s.name for s in brand.demo_sites)]
    for case in view.cases:
        names += case.tags
    for alliance in view.alliances:
        names += [alliance.name, *alliance.tags, *(w.heading for w in alliance.joint_work)]
    for activity in view.activities:
        names += activity.tags
    words = [run for name in names for run in _HAN_RUN.findall(name) if 2 <= len(run) <= LONGEST]
    words += _domain_words() + view.catalogue.words
    return list(dict.fromkeys(words))


def _domain_words() -> list[str]:
    lines = DOMAIN_WORDS.read_text(encoding="utf-8").splitlines()
    return [w.split()[0] for w in lines if w.strip() and not w.startswith("#")]


def dictionary_text(words: list[str]) -> str:
    return "".join(f"{word} {FREQUENCY}\n" for word in words)


def labels(view: View) -> dict[str, tuple[str, list[str]]]:
    """What a result is (品牌 · 第二批 · its unit) and its tags, by page address."""

    units = view.catalogue.units
    found = [(b, f"品牌 · {b.batch_name} · {units[b.unit_id].name}", b.tags) for b in view.brands]
    found += [(c, f"案例 · {c.publisher} · {c.published_on.year}年", c.tags) for c in view.cases]
    found += [(entry.unit, "党组织", []) for entry in view.units]
    found += [(a, f"联盟 · {a.area or a.year} · {units[a.lead_unit_id].name}牵头", a.tags) for a in view.alliances]
    found += [(a, "动态 · " + " · ".join(x for x in (a.date.isoformat(), a.category, units[a.unit_id].name if a.unit_id else None) if x),
               a.tags) for a in view.activities]
    found += [(c, f"专项工作 · {c.year}年", []) for c in view.campaigns]
    return {served(page_of(item)): (label, tags) for item, label, tags in found}


def front_matter(text: str) -> tuple[dict, str]:
    """A generated page's front matter (one JSON line) and the Markdown after it."""
    found = _FRONT.match(text)
    return (json.loads(found.group(1)), text[found.end():]) if found else ({}, text)


# Each page's part of the index made where the page was rendered (render.py: both processes), by
# docs path with the text it was made from; index_text takes them instead of making them again.
made_ahead: dict[str, tuple[str, tuple]] = {}


def page_entries(path: str, text: str) -> list[dict]:
    """One page's index entries: the page (its title and opening text), then each section."""
    meta, body = front_matter(text)
    search = meta.get("search") or {}
    if search.get("exclude"):
        return []
    location = served(path)
    entries: list[dict] = []
    ids: set[str] = set()
    lines: list[str] = []
    skip_depth = 0
    for line in body.split("\n"):
        if not line:
            continue
        if skip_depth or (line.startswith("<div") and "data-search-exclude" in line):
            skip_depth += line.count("<div") - line.count("</div>")
            continue
        heading = _HEADING.fullmatch(line) if line[0] == "#" else None
        if heading:
            if entries:
                entries[-1]["text"] = _joined(lines)
            title = _plain(heading.group(2))
            at = location if not entries else f"{location}#{unique(_ANCHOR(title, '-'), ids)}"
            entries.append({"location": at, "title": title, "text": ""})
            lines = []
        elif line[0] == "!" and line.startswith("!!! "):
            lines.append(_admonition(line))
        elif line[0] in _LIST_START and (item := _LIST_ITEM.match(line)):
            lines.append(line[item.end():])
        elif not line.startswith("{:") and line not in ("---", "***"):
            lines.append(line)
    if entries:
        entries[-1]["text"] = _joined(lines)
    if "boost" in search:
        for entry in entries:
            entry["boost"] = search["boost"]
    return entries


def _admonition(line: str) -> str:
    found = _ADMONITION.fullmatch(line)
    return found.group(1) or "" if found else line


def _joined(lines: list[str]) -> str:
    return " ".join(_plain(" ".join(lines)).split())


def _inline(match: re.Match) -> str:
    if match.group(1) is not None:
        return match.group(1)
    if match.group(2) is not None:
        return _INLINE.sub(_inline, match.group(2))
    return ""


def _plain(markdown: str) -> str:
    text = markdown
    if "<" in text:
        text = _TAG.sub("", _BLOCK_TAG.sub(" ", _AUTOLINK.sub(r"\1", text)))
    if "\\" in text or "[" in text or "*" in text:
        text = _INLINE.sub(_inline, text)
    if "&" in text:
        text = html.unescape(text)
    return " ".join(text.split())


def kept_index(texts: dict[str, str], kinds: dict[str, tuple[str, list[str]]], kept: Path) -> str:
    """index_text, with each page's part kept in the folder `kept` (shards.py) for the next build."""
    known = shards.load(kept, KEPT_VERSION)
    before = dict(known)
    index = index_text(texts, kinds, known)
    shards.save(kept, KEPT_VERSION, known, before)  # only the shards with a page's part changed
    return index


def index_text(texts: dict[str, str], kinds: dict[str, tuple[str, list[str]]], known: dict | None = None) -> str:
    """The compact index of the pages `texts` (docs path → Markdown), labelled by record kind.

    Read by the search worker, which replaces Material's query side; plain, unescaped text.
    known: each page's part of the index from earlier builds ({path: (digest of its Markdown,
    its entries' locations, their labels, the part's JSON)}), used for pages whose Markdown and
    labels are the same and brought up to date in place.
    """
    docs = []
    for path in sorted(texts, key=_order):
        text = texts[path]
        ahead = made_ahead.pop(path, None)
        if ahead and ahead[0] == text and ahead[1][2] == _labels(ahead[1][1], kinds):
            made = ahead[1]
        else:
            digest = hashlib.sha1(text.encode("utf-8")).hexdigest()
            earlier = known.get(path) if known is not None else None
            if earlier and earlier[0] == digest and _labels(earlier[1], kinds) == earlier[2]:
                made = earlier
            else:
                made = page_part(path, text, kinds, digest)
        if known is not None:
            known[path] = made
        if made[3]:
            docs.append(made[3])
    if known is not None:
        for gone in known.keys() - texts.keys():
            del known[gone]
    # json.dumps of {"config", "docs", "plain"} as a whole gives the same bytes, joined slower.
    return '{"config":' + _dumps(CONFIG) + ',"docs":[' + ",".join(docs) + '],"plain":true}'


def page_part(path: str, text: str, kinds: dict[str, tuple[str, list[str]]], digest: str | None = None) -> tuple:
    """A page's part of the index as index_text keeps it: (digest of its Markdown, its entries'
    locations, their labels, the part's JSON)."""
    entries = page_entries(path, text)
    locations = tuple(entry["location"] for entry in entries)
    return (digest or hashlib.sha1(text.encode("utf-8")).hexdigest(), locations, _labels(locations, kinds),
            ",".join(_dumps(_doc(entry, kinds)) for entry in entries))


def _labels(locations: tuple[str, ...], kinds: dict[str, tuple[str, list[str]]]) -> str:
    """The labels of a page's entries, as plain text (kept with marshal, compared on reuse)."""
    return _dumps([kinds.get(at) for at in locations])


def _doc(entry: dict, kinds: dict[str, tuple[str, list[str]]]) -> dict:
    doc = {k: entry[k] for k in ("location", "title", "text") if k in entry}
    if entry["location"] in kinds:
        doc["kind"], tags = kinds[entry["location"]]
        if tags:
            doc["tags"] = tags
    if "boost" in entry:
        doc["boost"] = entry["boost"]
    return doc


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _order(path: str) -> tuple:
    """Material's order: MkDocs sorts index.md first in each folder, then by name."""
    parts = path.split("/")
    return tuple((0 if p == "index.md" else 1, p) for p in parts[:-1]) + ((0 if parts[-1] == "index.md" else 1, parts[-1]),)


def without_material_index(text: str) -> str:
    """The page with Material's own indexing switched off (the index above replaces it)."""
    meta, body = front_matter(text)
    meta["search"] = {"exclude": True}
    return "---\n" + json.dumps(meta, ensure_ascii=False) + "\n---\n" + body
