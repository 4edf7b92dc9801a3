"""The one date grammar: what a record field accepts, what the JSON Schema allows an editor,
and what the importer finds in a document's text.

2024-12-05, 2024/12/05, 2024.12.05, 2024年12月5日 and 二〇二四年十二月五日 all mean one day.
The pattern knows the calendar (30 days in April, 29 February in leap years only), so an
editor underlines exactly the dates that `check` refuses.
"""

from __future__ import annotations

import datetime as dt
import re

_ARABIC = "0123456789"
_CN_DIGITS = {**{c: 0 for c in "〇○零"}, **{c: i + 1 for i, c in enumerate("一二三四五六七八九")}}
_CN_NUMBER = "一二三四五六七八九十"


def _either(*parts: str) -> str:
    return "(?:" + "|".join(parts) + ")"


def _digits(values: str, system: str) -> str:
    """A character class of the digits whose values are listed, in one numeral system."""
    if system == "arabic":
        return "[" + values + "]"
    return "[" + "".join(c for c, v in _CN_DIGITS.items() if str(v) in values) + "]"


def _leap_year(system: str) -> str:
    d = lambda values: _digits(values, system)  # noqa: E731 - a one-letter alphabet reads best here
    any_digit = d(_ARABIC)
    return _either(any_digit * 2 + _either(d("0") + d("48"), d("2468") + d("048"), d("13579") + d("26")),
                   _either(d("02468") + d("048"), d("13579") + d("26")) + d("0") * 2)


def _arabic_form(separators: tuple[str, str, str]) -> str:
    first, second, end = (rf"\s*{re.escape(s)}\s*" if s else "" for s in separators)
    day = {31: "(?:0?[1-9]|[12][0-9]|3[01])", 30: "(?:0?[1-9]|[12][0-9]|30)", 28: "(?:0?[1-9]|1[0-9]|2[0-8])"}
    month_day = _either(r"(?:0?[13578]|1[02])" + second + day[31], r"(?:0?[469]|11)" + second + day[30],
                        "0?2" + second + day[28])
    return _either("[0-9]{4}" + first + month_day, _leap_year("arabic") + first + "0?2" + second + "29") + end


def _chinese_form() -> str:
    units = "[一二三四五六七八九]"
    day = {31: _either("三十一?", "二十" + units + "?", "十" + units + "?", units),
           30: _either("三十", "二十" + units + "?", "十" + units + "?", units),
           28: _either("二十[一二三四五六七八]?", "十" + units + "?", units)}
    year = "[" + "".join(_CN_DIGITS) + "]{4}"
    month_day = _either("(?:[一三五七八]|十二?)月" + day[31], "(?:[四六九]|十一)月" + day[30], "二月" + day[28])
    return _either(year + "年" + month_day, _leap_year("chinese") + "年二月二十九") + "日"


# No groups and no look-arounds: the same text is a Python and an ECMAScript (JSON Schema) regex.
DATE_PATTERN = _either(*(_arabic_form(s) for s in (("-", "-", ""), ("/", "/", ""), (".", ".", ""), ("年", "月", "日"))),
                       _chinese_form())
_DATE = re.compile(DATE_PATTERN)
DATES = re.compile(rf"(?<![0-9]){DATE_PATTERN}(?![0-9])")  # dates inside a text
_NUMBERS = re.compile(r"[0-9]+|[〇○零一二三四五六七八九]{4}|[一二三四五六七八九十]+")


def parse_date(text: str) -> dt.date | None:
    """The day a whole text names, or None."""
    return _day(text) if _DATE.fullmatch(text.strip()) else None


def find_dates(text: str):
    """Every date written inside a text, in order, as (match, day)."""
    for match in DATES.finditer(text):
        yield match, _day(match.group())


def is_date_form(text: str) -> bool:
    """Written like a date, valid or not: 2024-02-30 is a date form, not a day."""
    return bool(re.fullmatch(r"\s*\d{4}\s*(?:[-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,2}|年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\s*", text))


def _day(text: str) -> dt.date:
    """The day of a text the grammar matched: year, month and day are its three numbers."""
    year, month, day = _NUMBERS.findall(text)
    if not year.isdigit():
        year = "".join(str(_CN_DIGITS[c]) for c in year)
    return dt.date(int(year), _number(month), _number(day))


def _number(numeral: str) -> int:
    """12 → 12; 一 → 1, 十二 → 12, 二十 → 20, 三十一 → 31."""
    if numeral.isdigit():
        return int(numeral)
    tens, ten, ones = numeral.rpartition("十")
    if not ten:
        return _CN_NUMBER.index(ones) + 1
    return (_CN_NUMBER.index(tens) + 1 if tens else 1) * 10 + (_CN_NUMBER.index(ones) + 1 if ones else 0)
