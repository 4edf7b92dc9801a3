"""The domain: what a site, a unit, a brand, a case, a meeting, an alliance, an activity
and a campaign are.

Plain data classes, built by schema.py from checked record files. Nothing here reads
files or knows about pages.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .load import Marks

APPROVED = "已认定"
PUBLISHED = "已发布"
DECLARED = "申报"          # a brand from a 申报表 row
IN_CULTIVATION = "培育"    # a brand from an acceptance report, before its review
DRAFT = "草稿"
BRAND_STATUSES = (DECLARED, IN_CULTIVATION, "验收中", APPROVED, "未通过")
CASE_STATUSES = (DRAFT, PUBLISHED)
SITE_LEVELS = ("市级", "区级", "部门级")


@dataclass
class Source:
    """Where a record came from, to point the user at the right line."""

    path: Path
    marks: Marks
    fields: Any = None  # the file's schema (a Group or ListOf): attribute paths → the file's keys

    def line(self, *attrs: object) -> int:
        """The line of an attribute path such as ("measures", 1, "title")."""
        return self.marks.line(self.fields.keys(attrs))

    def key(self, *attrs: object) -> str:
        """The name the user knows a field by: the file's key of its outermost attribute."""
        return next((k for k in self.fields.keys(attrs) if isinstance(k, str)), "")


@dataclass
class Batch:
    name: str
    year: int


@dataclass
class Site:
    name: str
    organiser: str
    url: str | None = None
    intro: str | None = None
    batches: list[Batch] = field(default_factory=list)
    source: Source | None = None

    def batch(self, name: str) -> Batch | None:
        return next((b for b in self.batches or [] if b.name == name), None)

    @property
    def batches_newest_first(self) -> list[Batch]:
        order = {b.name: i for i, b in enumerate(self.batches or [])}
        return sorted(self.batches or [], key=lambda b: (-b.year, -order[b.name]))


@dataclass
class Unit:
    id: str
    name: str
    type: str | None = None
    parent: str | None = None
    slug: str = ""
    position: int = 0  # its place in units.yml


@dataclass
class Figure:
    """A key figure shown at a glance: 2164 名 纳入积分制管理的党员."""

    indicator: str
    value: str
    unit: str | None = None


@dataclass
class Measure:
    title: str
    text: str | None = None
    points: list[str] = field(default_factory=list)


@dataclass
class Outcome:
    title: str
    text: str | None = None


@dataclass
class Review:
    """A value an import guessed, for a human to confirm (internal; the workbench lists them)."""

    field: str
    reason: str


@dataclass
class Outcomes:
    summary: str | None = None
    items: list[Outcome] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)


@dataclass
class DemoSite:
    name: str
    place: str | None = None
    level: str | None = None
    highlights: str | None = None


@dataclass
class Picture:
    file: str
    caption: str | None = None


@dataclass
class StatusChange:
    """One change of a record's status, as the workbench recorded it (internal)."""

    at: str
    new: str
    old: str | None = None


@dataclass(kw_only=True)
class Filed:
    """What a published record gets from its file: the id (the file's name), the page's
    address, and where each field stands in the file."""

    id: str = ""
    slug: str = ""
    source: Source | None = None


@dataclass
class Brand(Filed):
    name: str
    unit_id: str
    batch_name: str
    status: str
    background: str
    measures: list[Measure]
    outcomes: Outcomes
    slogan: str | None = None
    approved_on: dt.date | None = None
    tags: list[str] = field(default_factory=list)
    logo: str | None = None
    logo_meaning: str | None = None
    connotation: str | None = None
    lessons: list[Outcome] = field(default_factory=list)
    visit_summary: str | None = None  # printed in a handout instead of the abridged report
    demo_sites: list[DemoSite] = field(default_factory=list)
    pictures: list[Picture] = field(default_factory=list)
    contact: str | None = None
    phone: str | None = None
    internal_note: str | None = None
    unplaced: str | None = None  # text an import could not place: internal until someone moves it
    review: list[Review] = field(default_factory=list)  # guesses an import made: internal
    status_log: list[StatusChange] = field(default_factory=list)

    @property
    def approved(self) -> bool:
        return self.status == APPROVED


@dataclass
class Point:
    text: str
    lead: str | None = None


@dataclass
class Practice:
    title: str
    gist: str | None = None
    text: str | None = None
    points: list[Point] = field(default_factory=list)


@dataclass
class Case(Filed):
    title: str
    publisher: str
    published_on: dt.date
    status: str
    background: str
    practices: list[Practice]
    outcomes: list[Outcome]
    subtitle: str | None = None
    unit_id: str | None = None
    source_url: str | None = None
    related_brand_ids: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    lessons: list[Outcome] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    unplaced: str | None = None
    review: list[Review] = field(default_factory=list)
    status_log: list[StatusChange] = field(default_factory=list)

    @property
    def published(self) -> bool:
        return self.status == PUBLISHED


@dataclass
class Stop:
    brand_id: str | None = None
    demo_site: str | None = None
    time: str | None = None
    place: str | None = None
    presenter: str | None = None
    alliance_id: str | None = None  # an alliance's activity site, visited instead of a brand


@dataclass
class Meeting:
    name: str
    date: dt.date
    organiser: str
    stops: list[Stop]
    gathering_place: str | None = None
    notes: str | None = None
    id: str = ""
    source: Source | None = None


@dataclass
class Catalogue:
    """Every record of one content folder, checked and cross-linked."""

    site: Site
    units: dict[str, Unit] = field(default_factory=dict)
    brands: dict[str, Brand] = field(default_factory=dict)
    cases: dict[str, Case] = field(default_factory=dict)
    meetings: dict[str, Meeting] = field(default_factory=dict)
    alliances: dict[str, Alliance] = field(default_factory=dict)
    activities: dict[str, Activity] = field(default_factory=dict)
    campaigns: dict[str, Campaign] = field(default_factory=dict)
    units_source: Source | None = None
    incomplete: set[Path] = field(default_factory=set)  # records read only in part
    known: dict[str, set[str]] = field(default_factory=dict)  # ids named in the files, even broken ones
    words: list[str] = field(default_factory=list)  # the site's own search words


RUNNING = "运行"
ALLIANCE_STATUSES = ("筹建", RUNNING, "撤销")
JOINT_HEADINGS = ("政治理论联学", "优势资源联享", "实践活动联办", "党员队伍联建", "中心工作联促", "作风纪律联抓")  # the 六联
ACTIVITY_CATEGORIES = (*JOINT_HEADINGS, "主题党日", "观摩会", "交流会", "擂台比武", "其他")
DRAFT = "草稿"
CAMPAIGN_STATUSES = (DRAFT, PUBLISHED)
COUNTS = ("市级示范点", "区级示范点", "部门级示范点", "认定品牌", "发布案例", "运行联盟", "发布动态")


@dataclass
class JointWork:
    """What an alliance does under one of the 六联 headings."""

    heading: str
    text: str


@dataclass
class Turn:
    """A member's turn at organising the alliance's activities."""

    unit_id: str
    start: dt.date
    end: dt.date
    theme: str | None = None


@dataclass
class Alliance(Filed):
    name: str
    year: int
    status: str
    lead_unit_id: str
    member_ids: list[str]
    area: str | None = None
    intro: str | None = None
    joint_work: list[JointWork] = field(default_factory=list)
    rota: list[Turn] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    liaison: str | None = None
    phone: str | None = None
    internal_note: str | None = None
    status_log: list[StatusChange] = field(default_factory=list)

    @property
    def running(self) -> bool:
        return self.status == RUNNING


@dataclass
class Activity(Filed):
    title: str
    date: dt.date
    status: str
    text: str
    category: str | None = None
    unit_id: str | None = None
    alliance_id: str | None = None
    brand_id: str | None = None
    campaign_id: str | None = None
    participant_ids: list[str] = field(default_factory=list)
    place: str | None = None
    pictures: list[Picture] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    contact: str | None = None
    phone: str | None = None
    internal_note: str | None = None
    status_log: list[StatusChange] = field(default_factory=list)

    @property
    def published(self) -> bool:
        return self.status == PUBLISHED

    @property
    def unit_ids(self) -> list[str]:
        """The organising unit first, then the participants."""
        return list(dict.fromkeys(([self.unit_id] if self.unit_id else []) + self.participant_ids))


@dataclass
class Stage:
    name: str
    start: dt.date
    end: dt.date
    text: str | None = None
    responsible: str | None = None


@dataclass
class Target:
    """A campaign target: a value the committee enters (done) or one counted from the records."""

    indicator: str
    goal: float
    unit: str | None = None
    done: float | None = None
    counted: str | None = None


@dataclass
class Campaign(Filed):
    name: str
    year: int
    status: str
    targets: list[Target]
    intro: str | None = None
    stages: list[Stage] = field(default_factory=list)
    site_ratio: tuple[int, int, int] | None = None  # 市级:区级:部门级 demonstration sites
    internal_note: str | None = None
    status_log: list[StatusChange] = field(default_factory=list)

    @property
    def published(self) -> bool:
        return self.status == PUBLISHED
