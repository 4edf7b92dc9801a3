"""What the search index knows: a jieba user dictionary from the records' own names.

Material's search cuts Chinese with jieba at build time; without these words a unit
named 青岚七三五号支部 is cut into pieces and never found whole.
"""

from __future__ import annotations

import re
from pathlib import Path

from .pages import View

DOMAIN_WORDS = Path(__file__).parent / "data" / "words.txt"
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
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
    words = [run for name in names for run in _HAN_RUN.findall(name) if 2 <= len(run) <= LONGEST]
    words += _domain_words() + view.catalogue.words
    return list(dict.fromkeys(words))


def _domain_words() -> list[str]:
    lines = DOMAIN_WORDS.read_text(encoding="utf-8").splitlines()
    return [w.split()[0] for w in lines if w.strip() and not w.startswith("#")]


def dictionary_text(words: list[str]) -> str:
    return "".join(f"{word} {FREQUENCY}\n" for word in words)
