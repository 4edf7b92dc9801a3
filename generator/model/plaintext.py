"""Plain text as people type and paste it: encodings, hidden characters, Chinese character
classes and line joining. Record files and imported documents go through the same rules, so a
typed record and an imported one read the same."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

# Characters nobody means to type into a record: they break search and look like typos.
INVISIBLE = re.compile("[\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\ufeff\u00ad]")
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # never in text; tab, CR and LF are layout
# Chinese characters and the punctuation set with them (full-width forms, curly quotes, dashes).
CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f\u2018-\u201d\u2014\u2026]")
HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def join_lines(lines: list[str]) -> str:
    """Hard-wrapped lines of one paragraph: a break next to Chinese is no space, as Chinese
    is written (达到 + 98% → 达到98%, 先锋” + 党员 → 先锋”党员); between Latin words it is one."""
    result = ""
    for line in (part.strip() for part in lines):
        if not line:
            continue
        if result and not (CJK.match(result[-1]) or CJK.match(line[0])):
            result += " "
        result += line
    return result


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # the codec that reads the file, and appends to it without a second BOM
    label: str | None  # what to tell the user about the encoding, when it is not plain UTF-8


class UndecodableText(ValueError):
    """Bytes in no encoding we read; `line` is where decoding failed."""

    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


_BOMS = ((codecs.BOM_UTF8, "utf-8", "UTF-8（带 BOM）"), (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
         (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"))


def decode(raw: bytes) -> Decoded:
    """UTF-8 (with or without BOM), UTF-16 with a BOM, or GB18030/GBK from Windows editors."""
    for bom, encoding, label in _BOMS:
        if raw.startswith(bom):
            try:
                return Decoded(raw[len(bom):].decode(encoding).lstrip("\ufeff"), encoding, label)
            except UnicodeDecodeError:
                break
    try:
        return Decoded(raw.decode("utf-8"), "utf-8", None)
    except UnicodeDecodeError:
        pass
    try:
        return Decoded(raw.decode("gb18030"), "gb18030", "GB18030（GBK）")
    except UnicodeDecodeError as exc:
        raise UndecodableText(raw[: exc.start].count(b"\n") + 1) from None
