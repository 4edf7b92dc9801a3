"""What one build shows: the public build approved brands and published cases only, a
preview build every record, marked; and what every page of a record carries (its share card,
summary and QR code).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import records as r
from .addresses import card_of, qr_of
from ..model.slugs import unique_slugs
from .markup import first_sentence


@dataclass
class Page:
    path: str  # inside docs/, e.g. brands/xian-feng.md
    template: str
    context: dict = field(default_factory=dict)


@dataclass
class Tag:
    name: str
    slug: str
    brands: list[r.Brand] = field(default_factory=list)
    cases: list[r.Case] = field(default_factory=list)
    alliances: list[r.Alliance] = field(default_factory=list)
    activities: list[r.Activity] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.brands) + len(self.cases) + len(self.alliances) + len(self.activities)


TAGGED = {r.Brand: "brands", r.Case: "cases", r.Alliance: "alliances", r.Activity: "activities"}  # kinds with 标签


@dataclass
class UnitView:
    unit: r.Unit
    brands: list[r.Brand] = field(default_factory=list)
    cases: list[r.Case] = field(default_factory=list)
    alliances: list[r.Alliance] = field(default_factory=list)
    activities: list[r.Activity] = field(default_factory=list)


@dataclass
class BatchView:
    batch: r.Batch
    brands: list[r.Brand]
    slug: str = ""

    @property
    def approved(self) -> list[r.Brand]:
        return [b for b in self.brands if b.approved]

    @property
    def announced_on(self):
        """The last approval of the batch dates its announcement."""
        return max((b.approved_on for b in self.approved), default=None)


@dataclass
class View:
    """What one build shows."""

    catalogue: r.Catalogue
    preview: bool = False

    def __post_init__(self) -> None:
        cat = self.catalogue
        self.brands = [b for b in cat.brands.values() if self.preview or b.approved]
        self.cases = sorted((c for c in cat.cases.values() if self.preview or c.published),
                            key=lambda c: (c.published_on, c.id), reverse=True)
        slugs = unique_slugs([batch.name for batch in cat.site.batches])
        self.batches = [BatchView(batch, by_approval([b for b in self.brands if b.batch_name == batch.name]),
                                  slugs[batch.name])
                        for batch in cat.site.batches_newest_first]
        self.alliances = sorted((a for a in cat.alliances.values() if self.preview or a.running), key=lambda a: a.id)
        self.activities = sorted((a for a in cat.activities.values() if self.preview or public_activity(a, cat)),
                                 key=lambda a: (a.date, a.id), reverse=True)
        self.campaigns = sorted((c for c in cat.campaigns.values() if self.preview or c.published),
                                key=lambda c: (c.year, c.id), reverse=True)
        self.units = self._units()
        self.tags = self._tags()
        self.tag_by_name = {t.name: t for t in self.tags}
        # Looked up once per record page: maps, so that a build stays linear in the records.
        self._shown_brands = {b.id: b for b in self.brands}
        self._cases_by_brand: dict[str, list[r.Case]] = {}
        for case in self.cases:
            for brand_id in dict.fromkeys(case.related_brand_ids):
                self._cases_by_brand.setdefault(brand_id, []).append(case)
        self._activities_by_brand: dict[str, list[r.Activity]] = {}
        for activity in self.activities:
            self._activities_by_brand.setdefault(activity.brand_id, []).append(activity)

    def _units(self) -> list[UnitView]:
        views = {unit_id: UnitView(unit) for unit_id, unit in self.catalogue.units.items()}
        for brand in self.brands:
            views[brand.unit_id].brands.append(brand)
        for case in self.cases:
            if case.unit_id:
                views[case.unit_id].cases.append(case)
        for alliance in self.alliances:
            for unit_id in dict.fromkeys(alliance.member_ids):
                views[unit_id].alliances.append(alliance)
        for activity in self.activities:
            for unit_id in dict.fromkeys(activity.unit_ids):
                views[unit_id].activities.append(activity)
        for view in views.values():
            view.brands = by_approval(view.brands)
        return [v for v in views.values() if self.preview or v.brands or v.cases or v.alliances or v.activities]

    def _tags(self) -> list[Tag]:
        found: dict[str, Tag] = {}
        for record in [*self.brands, *self.cases, *self.alliances, *self.activities]:
            for name in dict.fromkeys(record.tags):
                getattr(found.setdefault(name, Tag(name, "")), TAGGED[type(record)]).append(record)
        # Public tags are numbered first and among themselves: a draft's tag never moves a public
        # address (nor reveals that a draft exists), and the preview shows the same addresses.
        cat = self.catalogue
        every = [*cat.brands.values(), *cat.cases.values(), *cat.alliances.values(), *cat.activities.values()]
        public = {t for rec in every if _is_public(rec, cat) for t in rec.tags}
        drafts = {t for rec in every for t in rec.tags} - public
        slugs = unique_slugs(sorted(public) + sorted(drafts))
        for tag in found.values():
            tag.slug = slugs[tag.name]
            tag.brands = by_approval(tag.brands)
        return sorted(found.values(), key=lambda t: (-t.count, t.slug))

    def related_cases(self, brand: r.Brand) -> list[r.Case]:
        return self._cases_by_brand.get(brand.id, [])

    def brand_activities(self, brand: r.Brand) -> list[r.Activity]:
        return self._activities_by_brand.get(brand.id, [])

    def related_brands(self, case: r.Case) -> list[r.Brand]:
        return [self._shown_brands[i] for i in case.related_brand_ids if i in self._shown_brands]

    def images(self) -> list[str]:
        """Pictures of shown records only: a draft's pictures stay out of the site."""
        files = []
        for brand in self.brands:
            files += ([brand.logo] if brand.logo else []) + [p.file for p in brand.pictures]
        files += [p.file for activity in self.activities for p in activity.pictures]
        return sorted(set(files))


def public_activity(activity: r.Activity, cat: r.Catalogue) -> bool:
    """Published, and its alliance and brand (when named) are public too."""
    alliance = cat.alliances.get(activity.alliance_id) if activity.alliance_id else None
    brand = cat.brands.get(activity.brand_id) if activity.brand_id else None
    return (activity.published and (not activity.alliance_id or bool(alliance and alliance.running))
            and (not activity.brand_id or bool(brand and brand.approved)))


def _is_public(record, cat: r.Catalogue) -> bool:
    if isinstance(record, r.Brand):
        return record.approved
    if isinstance(record, r.Alliance):
        return record.running
    if isinstance(record, r.Activity):
        return public_activity(record, cat)
    return record.published


def by_approval(brands: list[r.Brand]) -> list[r.Brand]:
    """Newest approval first; brands not yet approved last."""
    return sorted(brands, key=lambda b: (b.approved_on is not None, b.approved_on or "", b.id), reverse=True)


def share_of(item: object, promoted: bool) -> dict:
    """A public page with an address gets a QR code; every record page has a share card."""
    return {"card": card_of(item), "summary": summary(item), "qr": qr_of(item, "svg") if promoted else None,
            "qr_png": qr_of(item, "png") if promoted else None}


def summary(item: object) -> str:
    """What a record is, in a sentence: its page's description, its feed entry, its share card."""
    if isinstance(item, r.Brand):
        return item.slogan or first_sentence(item.connotation) or first_sentence(item.background) or ""
    if isinstance(item, r.Activity):
        return first_sentence(item.text) or ""
    if isinstance(item, (r.Alliance, r.Campaign)):
        return first_sentence(item.intro) or item.name
    return item.subtitle or first_sentence(item.background) or ""
