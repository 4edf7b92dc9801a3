"""Field kinds for figures a committee sets and counts: a number (a target, a value reached)
and a ratio such as the 3:6:12 of demonstration sites."""

from __future__ import annotations

import re
from typing import Any

from .fieldtypes import Context, Invalid, Kind, Text


class Number(Kind):
    """A count or a share, typed as digits: 2, 20, 98.5 (the unit goes in its own field)."""

    def read(self, value: Any, at: tuple, ctx: Context) -> float:
        text = Text().read(value, at, ctx).replace(",", "")
        if not re.fullmatch(r"\d+(\.\d+)?", text):
            hint = "；单位请写在“单位”里" if re.fullmatch(r"\d+(\.\d+)?\s*\S+", text) else ""
            raise Invalid(f"应为数字，例如 3 或 98.5，这里是“{text}”{hint}")
        return float(text)

    def json_schema(self) -> dict:
        return {"type": ["number", "string"], "pattern": r"^\d+(\.\d+)?$", "minimum": 0}

    def dump(self, value: Any) -> Any:
        return int(value) if float(value).is_integer() else value


class Ratio(Kind):
    """Three whole numbers a:b:c, e.g. the 3:6:12 of city, district and department levels."""

    def read(self, value: Any, at: tuple, ctx: Context) -> tuple[int, int, int]:
        text = Text().read(value, at, ctx).replace("：", ":").replace(" ", "")
        match = re.fullmatch(r"(\d+):(\d+):(\d+)", text)
        if not match or not any(int(g) for g in match.groups()):
            raise Invalid(f"比例应写作三个整数，用半角冒号隔开，例如 3:6:12，这里是“{text}”")
        return tuple(int(g) for g in match.groups())

    def json_schema(self) -> dict:
        return {"type": "string", "pattern": r"^\s*\d+\s*[:：]\s*\d+\s*[:：]\s*\d+\s*$"}

    def dump(self, value: Any) -> Any:
        return ":".join(str(part) for part in value) if isinstance(value, tuple) else value
