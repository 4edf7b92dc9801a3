"""The page-filling rule of the handout (README states it for clerks): a stop starts a page; headings
keep with the text after them; a measure and the outcomes block are not split; a stop fits one page
when a tighter setting makes it fit; otherwise its last page holds at least a third of a page.

Each stop's first setting comes from its estimated size (stopsize.py); the layout then measures
every stop, and a stop whose setting the measure contradicts is set again and the booklet laid out
once more. Stops start pages, so each stop's setting is its own and one layout tries them all.
"""

from __future__ import annotations

COMPACT_LEVELS = 2     # handout.css: .compact-1, .compact-2
MIN_TAIL = 1 / 3       # the least of a page a stop's last page may hold
# How far past one page (as part of the next page) a stop may run and still fit one page at each
# setting of handout.css: .compact-1 takes about 85% of the room, .compact-2 about 70%. A stop running
# further keeps the normal setting: its last page is well filled.
FITS_WITHIN = {1: 0.17, COMPACT_LEVELS: 0.4}
# An estimate this little past one page is left to the layout: the stop may well fit as it is.
ESTIMATE_SLACK = 0.03
# A stop set tighter from its estimate alone that fills no more of its one page than this may fit at
# the normal setting (a page of text takes about 84% of a page at .compact-1, 72% at .compact-2): try it.
MAY_FIT_NORMAL = {1: 0.85, COMPACT_LEVELS: 0.73}
_PX_PER_MM = 96 / 25.4
_MARGINS_MM = (22, 20)  # handout.css @page: top and bottom


def first_setting(pages: int, tail: float) -> int:
    """The setting to lay a stop out at first, from its estimated size at the normal setting."""
    if pages == 1 or pages == 2 and tail < ESTIMATE_SLACK:
        return 0
    return _by_overrun(tail if pages == 2 else 1.0)


def next_setting(levels: dict[int, float]) -> int:
    """The setting to lay a stop out at next, from the settings measured so far (level → above 1
    when the stop fits one page, else the fill of its last page)."""
    tried, loosest = max(levels), min(levels)
    if loosest and levels[loosest] > 1:  # the estimate's setting fits; the normal one may too
        return 0 if levels[loosest] - 1 <= MAY_FIT_NORMAL[loosest] else loosest
    if any(score > 1 for score in levels.values()):
        return _setting(levels)
    if loosest:  # the estimate's setting does not fit: tighter still, then the normal setting
        return tried + 1 if tried < COMPACT_LEVELS else 0
    if len(levels) == 1:  # only the normal setting tried: its overrun says which setting can fit
        return _by_overrun(levels[0])
    return _setting(levels) if tried == COMPACT_LEVELS else tried + 1


def _by_overrun(overrun: float) -> int:
    return next((level for level, within in FITS_WITHIN.items() if overrun < within), 0)


def _setting(levels: dict[int, float]) -> int:
    """The loosest level that fits one page (scored above 1), else the loosest with a fair last page."""
    fitting = [lv for lv, score in levels.items() if score > 1]
    if fitting:
        return min(fitting)
    fair = [lv for lv, score in levels.items() if score >= MIN_TAIL]
    return min(fair) if fair else max(levels)


def stop_extents(document, numbers) -> dict[int, tuple[int, float]]:
    """Each stop's page count and how much of its last page (0–1, below the top margin) it fills."""
    found: dict[str, tuple[int, float]] = {}
    for number, page in enumerate(document.pages):
        for name, position in page.anchors.items():
            found.setdefault(name, (number, position[1]))  # a section spanning pages is anchored on each
    top, bottom = (m * _PX_PER_MM for m in _MARGINS_MM)
    extents = {}
    for n in numbers:
        (first, _), (last, y) = found[f"stop-{n}"], found[f"stop-{n}-end"]
        extents[n] = (last - first + 1, (y - top) / (document.pages[last].height - top - bottom))
    return extents
