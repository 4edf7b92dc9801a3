"""What the search index knows: a jieba user dictionary from the records' own names.

Material's search cuts Chinese with jieba at build time; without these words a unit
named 青岚七三五号支部 is cut into pieces and never found whole.
"""

from __future__ import annotations

import re
from pathlib import Path

from .pages import View

DOMAIN_WORDS = Path(__file__).parent / "data" / "words.txt"
SITE_WORDS = "词典.txt"  # a site's own words, in its content folder
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
LONGEST = 8  # longer runs are sentences more than names: let jieba cut them
FREQUENCY = 100  # enough to beat any split into common words


def user_words(view: View, content_root: Path) -> list[str]:
    """Every name a reader may type whole, shown records only, in a stable order."""
    names: list[str] = []
    for unit_view in view.units:
        names.append(unit_view.unit.name)
    for brand in view.brands:
        names += [brand.name, *brand.tags, *(s.name for s in brand.demo_sites)]
    for case in view.cases:
        names += case.tags
    words = [run for name in names for run in _HAN_RUN.findall(name) if 2 <= len(run) <= LONGEST]
    words += _word_file(DOMAIN_WORDS) + _word_file(content_root / SITE_WORDS)
    return list(dict.fromkeys(words))


def _word_file(path: Path) -> list[str]:
    if not path.is_file():
        return []
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    return [w.split()[0] for w in lines if w.strip() and not w.startswith("#")]


def dictionary_text(words: list[str]) -> str:
    return "".join(f"{word} {FREQUENCY}\n" for word in words)
