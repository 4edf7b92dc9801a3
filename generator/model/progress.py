"""A campaign's progress: each target's value (entered, or counted from public records only),
its share of the goal, and the demonstration sites by level against the target ratio.

Everything a campaign page or the home page draws is computed here, so the templates
only lay out bars, numbers and tables.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import records as r

LEVEL_COUNTS = {"市级示范点": "市级", "区级示范点": "区级", "部门级示范点": "部门级"}


def number_text(value: float) -> str:
    """3.0 → 3, 98.5 → 98.5."""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


@dataclass
class TargetProgress:
    target: r.Target
    done: float | None  # None: nothing entered or counted yet

    @property
    def percent(self) -> int | None:
        if self.done is None:
            return None
        return 100 if not self.target.goal else round(self.done / self.target.goal * 100)

    @property
    def bar(self) -> int:
        """The bar's width in percent of the track: full at the goal, never beyond."""
        return min(self.percent or 0, 100)

    @property
    def reached(self) -> bool:
        return self.done is not None and self.done >= self.target.goal

    @property
    def goal_text(self) -> str:
        return number_text(self.target.goal)

    @property
    def done_text(self) -> str:
        return "—" if self.done is None else number_text(self.done)

    @property
    def source(self) -> str:
        return "网站统计" if self.target.counted else "工委填报" if self.done is not None else "暂未填报"


@dataclass
class LevelShare:
    """One level of demonstration sites: its share in the target ratio and in fact."""

    level: str
    ratio: int
    goal_percent: int
    count: int
    percent: int


@dataclass
class CampaignProgress:
    campaign: r.Campaign
    targets: list[TargetProgress]
    levels: list[LevelShare]  # empty without a target ratio
    activities: list[r.Activity]

    @property
    def ratio_text(self) -> str:
        return ":".join(str(x) for x in self.campaign.site_ratio) if self.campaign.site_ratio else ""

    @property
    def counted_ratio_text(self) -> str:
        return ":".join(str(x.count) for x in self.levels)

    @property
    def reached(self) -> int:
        return sum(t.reached for t in self.targets)


def public_counts(cat: r.Catalogue, year: int, public_activities: list[r.Activity]) -> dict[str, int]:
    """What 统计 can count, from public records only (activities: those of the campaign's year)."""
    approved = [b for b in cat.brands.values() if b.approved]
    counts = {name: sum(s.level == level for b in approved for s in b.demo_sites) for name, level in LEVEL_COUNTS.items()}
    counts.update({
        "认定品牌": len(approved),
        "发布案例": sum(c.published for c in cat.cases.values()),
        "运行联盟": sum(a.running for a in cat.alliances.values()),
        "发布动态": sum(a.date.year == year for a in public_activities),
    })
    return counts


def progress_of(campaign: r.Campaign, cat: r.Catalogue, public_activities: list[r.Activity],
                shown_activities: list[r.Activity]) -> CampaignProgress:
    counts = public_counts(cat, campaign.year, public_activities)
    targets = [TargetProgress(t, float(counts[t.counted]) if t.counted else t.done) for t in campaign.targets]
    levels = []
    if campaign.site_ratio:
        whole = sum(campaign.site_ratio)
        found = [counts[name] for name in LEVEL_COUNTS]
        total = sum(found)
        levels = [LevelShare(level, part, round(part / whole * 100), count, round(count / total * 100) if total else 0)
                  for level, part, count in zip(LEVEL_COUNTS.values(), campaign.site_ratio, found)]
    activities = [a for a in shown_activities if a.campaign_id == campaign.id]
    return CampaignProgress(campaign, targets, levels, activities)
