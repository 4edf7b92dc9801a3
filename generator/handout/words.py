"""A handout's titles cut into words, so that a line breaks between words and never inside one.

jieba cuts them, exactly as its default dictionary would, but from only the entries the titles can
reach: loading the whole dictionary (350,000 words) took a second, longer than laying out a page;
the entries a booklet's titles use are found in a few hundredths of a second.
"""

from __future__ import annotations

import itertools
import logging
import re
from collections.abc import Iterable

OPENING = "（(“《【"


def word_groups(texts: Iterable[str], keep: Iterable[str] = ()) -> dict[str, list[str]]:
    """Each text's words for line breaking: jieba's words, the names in `keep` whole, a lone character
    or punctuation kept with its neighbour (年, 会, （, ）)."""
    texts = list(dict.fromkeys(texts))
    names = sorted(set(keep), key=len, reverse=True)
    tokenizer = tokenizer_for(texts)
    return {text: _grouped(_with_names(text, tokenizer.lcut(text), names)) for text in texts}


def tokenizer_for(texts: list[str]):
    """A jieba tokenizer that cuts these texts (and only these) as jieba's default one does.

    jieba only ever looks up substrings of the text it cuts, so the entries of its dictionary that
    are substrings of the texts, with their prefixes, give the same words; the total of all
    frequencies (the denominator of every word's probability) is kept from the whole dictionary.
    """
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    with tokenizer.get_dict_file() as file:
        dictionary = file.read().decode("utf-8")
    substrings = {text[i:j] for text in texts for i in range(len(text)) for j in range(i + 1, len(text) + 1)}
    characters = re.escape("".join(sorted({c for text in texts for c in text})))
    frequencies: dict[str, int] = {}
    for word, frequency in re.findall(rf"(?m)^([{characters}]\S*) (\d+)", dictionary) if characters else ():
        for end in range(1, len(word) + 1):  # as jieba's gen_pfdict: every prefix is an entry, 0 unless a word
            if word[:end] not in substrings:
                break
            frequencies.setdefault(word[:end], 0)
        if word in substrings:
            frequencies[word] = int(frequency)
    # jieba's own fields: its `initialize` would read the whole dictionary instead
    tokenizer.FREQ, tokenizer.total = frequencies, sum(map(int, re.findall(r"(?m)^\S+ (\d+)", dictionary)))
    tokenizer.initialized = True
    return tokenizer


def _with_names(text: str, pieces: list[str], names: list[str]) -> list[str]:
    """jieba's pieces, a kept name as one token where it starts and ends between jieba's words."""
    starts = dict(zip(itertools.accumulate([0] + [len(p) for p in pieces]), pieces))
    ends = set(itertools.accumulate(len(p) for p in pieces))
    tokens, position = [], 0
    while position < len(text):
        name = next((n for n in names if text.startswith(n, position) and position + len(n) in ends), None)
        tokens.append(name or starts[position])
        position += len(tokens[-1])
    return tokens


def _grouped(tokens: list[str]) -> list[str]:
    groups: list[str] = []
    opening = ""
    for token in tokens:
        if token in OPENING:
            opening += token
        elif groups and not opening and (len(token) == 1 or not token.strip()):
            groups[-1] += token
        else:
            groups.append(opening + token)
            opening = ""
    return groups + ([opening] if opening else [])
