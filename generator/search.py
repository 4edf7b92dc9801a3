"""What the search index knows: a jieba user dictionary from the records' own names.

Material's search cuts Chinese with jieba at build time; without these words a unit
named 青岚七三五号支部 is cut into pieces and never found whole.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from .addresses import page_of, served
from .pages import View

DOMAIN_WORDS = Path(__file__).parent / "data" / "words.txt"
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
_TAG = re.compile(r"<[^>]+>")
LONGEST = 8  # longer runs are sentences more than names: let jieba cut them
FREQUENCY = 100  # enough to beat any split into common words


def user_words(view: View) -> list[str]:
    """Every name a reader may type whole, shown records only, in a stable order."""
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


def _plain(html_text: str) -> str:
    """Material's index holds HTML with U+200B between jieba's words: plain text instead."""
    text = _TAG.sub(" ", html_text.replace("\u200b", ""))
    return " ".join(html.unescape(text).split())


def compact_index(path: Path, kinds: dict[str, tuple[str, list[str]]]) -> None:
    """Rewrite the built search index as plain, unescaped text, labelled by record kind.

    Read by theme_overrides/assets/javascripts/search-worker.js, which replaces
    Material's query side; about half the bytes of Material's escaped (\\u) JSON.
    """
    index = json.loads(path.read_text(encoding="utf-8"))
    docs = []
    for doc in index["docs"]:
        entry = {"location": doc["location"], "title": _plain(doc["title"]), "text": _plain(doc["text"])}
        if doc["location"] in kinds:
            entry["kind"], tags = kinds[doc["location"]]
            if tags:
                entry["tags"] = tags
        if "boost" in doc:
            entry["boost"] = doc["boost"]
        docs.append(entry)
    index["docs"] = docs
    index["plain"] = True  # the worker reads Material's HTML index too (serve), and converts it
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
