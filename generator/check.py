"""Content → checked catalogue: read every record through the schema, then the rules
across records (references, approval, unique addresses)."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from . import records as r
from .addresses import slug
from .fields import Context, nearest
from .load import RawContent, RawRecord, load_content, load_file
from .problems import Report
from .schema import read_record


def check_content(root: Path, report: Report) -> r.Catalogue | None:
    """Load and check a content folder; None when it has errors (all of them reported)."""
    raw = load_content(root, report)
    catalogue = read_catalogue(raw, report)
    if catalogue is not None:
        cross_check(catalogue, report)
    return None if report.errors else catalogue


def read_site(root: Path, report: Report) -> r.Site | None:
    """Only site.yml, for commands that need the batches but not the records."""
    path = next((p for p in (root / "site.yml", root / "site.yaml") if p.is_file()), None)
    record = load_file(path, "site", report) if path else None
    value, complete = _read(record, "site", root, report)
    return value if complete else None


def read_catalogue(raw: RawContent, report: Report) -> r.Catalogue | None:
    site, site_complete = _read(raw.site, "site", raw.root, report)
    units, _ = _read(raw.units, "units", raw.root, report)
    catalogue = r.Catalogue(site=site or r.Site(name="", organiser=""), words=raw.words)
    catalogue.known = {
        "unit": _raw_names(raw.units.data if raw.units else None, "编号"),
        "batch": _raw_names((raw.site.data or {}).get("批次") if raw.site and isinstance(raw.site.data, dict) else None, "名称"),
        "brand": {rec.id for rec in raw.records.get("brand", [])} | raw.unreadable.get("brand", set()),
    }
    if raw.units is not None:
        catalogue.units_source = r.Source(raw.units.path, raw.units.marks)
    for i, unit in enumerate(units or []):
        if unit.id in catalogue.units:
            line = raw.units.marks.line((units.position(i), "编号"))
            report.error(raw.units.path, line, "编号", f"党组织编号“{unit.id}”重复")
            continue
        unit.position = units.position(i)
        catalogue.units[unit.id] = unit
    for kind, target in (("brand", catalogue.brands), ("case", catalogue.cases),
                         ("meeting", catalogue.meetings)):
        for record in raw.records.get(kind, []):
            value, complete = _read(record, kind, raw.root, report)
            if value is not None:
                value.id = record.id
                target[record.id] = value
                if not complete:
                    catalogue.incomplete.add(record.path)
    return catalogue if site is not None else None


def _raw_names(items, key: str) -> set[str]:
    """The names a file gives, read before any check: a broken entry still counts as there."""
    if not isinstance(items, list):
        return set()
    return {str(item[key]).strip() for item in items if isinstance(item, dict) and item.get(key)}


def _read(record: RawRecord | None, kind: str, root: Path, report: Report):
    """A record from its raw values and whether it is complete (else read only in part)."""
    if record is None:
        return None, False
    ctx = Context(record.path, record.marks, report, root)
    value, complete = read_record(kind, record.data, ctx)
    if value is not None and hasattr(value, "source"):
        value.source = r.Source(record.path, record.marks)
    return value, complete


def cross_check(cat: r.Catalogue, report: Report) -> None:
    _check_batches(cat, report)
    units = cat.units_source
    _assign_slugs(cat.units.values(), "编号", report,
                  lambda u: (units.path, units.line(u.position, "编号")) if units else (None, None))
    for records in (cat.brands, cat.cases):
        _assign_slugs(records.values(), "", report, lambda rec: (rec.source.path, None))
    for brand in cat.brands.values():
        _check_brand(brand, cat, report)
    for case in cat.cases.values():
        _check_case(case, cat, report)
    for record in [*cat.brands.values(), *cat.cases.values()]:
        if getattr(record, "unplaced", None):
            report.warning(record.source.path, record.source.line("未归类"), "未归类",
                           "有导入时没有归类的文字（不会公开）；请整理到合适的字段后删除这一项")
    for meeting in cat.meetings.values():
        _check_meeting(meeting, cat, report)


def _check_batches(cat: r.Catalogue, report: Report) -> None:
    seen: set[str] = set()
    batches = cat.site.batches or []
    for i, batch in enumerate(batches):
        if batch.name in seen:
            at = ("批次", _position(batches, i), "名称")
            report.error(cat.site.source.path, cat.site.source.line(*at), "批次", f"批次名称“{batch.name}”重复")
        seen.add(batch.name)


def _position(items, index: int) -> int:
    """An item's place in the file's list (blank items are skipped when read)."""
    return items.position(index) if hasattr(items, "position") else index


def _assign_slugs(items, field_name: str, report: Report, where) -> None:
    """Addresses must be unique: 四小工作法.yml and si-xiao-gong-zuo-fa.yml collide."""
    owners: dict[str, object] = {}
    for item in items:
        item.slug = slug(item.id)
        other = owners.setdefault(item.slug, item)
        if other is not item:
            path, line = where(item)
            report.error(path, line, field_name,
                         f"“{item.id}”与“{other.id}”的网页地址相同（{item.slug}），请给其中一个改名")


def _unit_error(record, at: tuple, unit_id: str, cat: r.Catalogue, report: Report) -> None:
    if unit_id in cat.known.get("unit", ()):
        return  # the unit is in units.yml with mistakes of its own, reported there
    guess = nearest(unit_id, list(cat.units)) or next(
        (u.id for u in cat.units.values() if u.name == unit_id), None)
    hint = f"，是不是“{guess}”？" if guess else "；请填写 units.yml 里的编号"
    report.error(record.source.path, record.source.line(*at), at[0], f"找不到党组织“{unit_id}”{hint}")


def _check_brand(brand: r.Brand, cat: r.Catalogue, report: Report) -> None:
    src = brand.source
    if brand.unit_id and brand.unit_id not in cat.units:
        _unit_error(brand, ("党组织",), brand.unit_id, cat, report)
    known_batch = brand.batch_name in cat.known.get("batch", ())
    if brand.batch_name and cat.site.batch(brand.batch_name) is None and not known_batch:
        names = "、".join(b.name for b in cat.site.batches or [])
        report.error(src.path, src.line("批次"), "批次", f"site.yml 里没有“{brand.batch_name}”这个批次（现有：{names}）")
    if brand.status and brand.status != r.APPROVED and brand.approved_on:
        report.warning(src.path, src.line("认定日期"), "认定日期", f"状态是“{brand.status}”，认定日期不会显示")
    names = [s.name for s in brand.demo_sites]
    for i, name in enumerate(names):
        if name in names[:i]:
            report.error(src.path, src.line("示范点", i, "名称"), "示范点", f"示范点“{name}”重复")


def _check_case(case: r.Case, cat: r.Catalogue, report: Report) -> None:
    src = case.source
    if case.unit_id and case.unit_id not in cat.units:
        _unit_error(case, ("党组织",), case.unit_id, cat, report)
    for i, brand_id in enumerate(case.related_brand_ids):
        if brand_id not in cat.known.get("brand", ()):
            guess = nearest(brand_id, list(cat.brands))
            hint = f"，是不是“{guess}”？" if guess else "；请填写品牌文件名（不含 .yml）"
            at = ("相关品牌", _position(case.related_brand_ids, i))
            report.error(src.path, src.line(*at), "相关品牌", f"找不到品牌“{brand_id}”{hint}")


def _check_meeting(meeting: r.Meeting, cat: r.Catalogue, report: Report) -> None:
    sites_by_name = defaultdict(list)
    for brand in cat.brands.values():
        for site in brand.demo_sites:
            sites_by_name[site.name].append(brand)
    some_broken = bool(cat.incomplete) or len(cat.known.get("brand", ())) > len(cat.brands)
    stops = meeting.stops or []
    for i, stop in enumerate(stops):
        at = ("观摩点", _position(stops, i))

        def error(key: str, message: str) -> None:
            report.error(meeting.source.path, meeting.source.line(*at, key), f"观摩点 › 第{at[1] + 1}项 › {key}", message)

        brand = cat.brands.get(stop.brand_id) if stop.brand_id else None
        if stop.brand_id and stop.brand_id in cat.known.get("brand", ()) and (
                brand is None or brand.source.path in cat.incomplete):
            continue  # the brand's own mistakes are reported in its file
        if stop.brand_id and brand is None:
            guess = nearest(stop.brand_id, list(cat.brands))
            error("品牌", f"找不到品牌“{stop.brand_id}”" + (f"，是不是“{guess}”？" if guess else ""))
        elif brand is not None and not brand.approved:
            error("品牌", f"品牌“{brand.name}”的状态是“{brand.status}”，只有已认定的品牌可以观摩")
        if stop.demo_site:
            _check_stop_site(stop, brand, sites_by_name.get(stop.demo_site, []), some_broken, error)


def _check_stop_site(stop: r.Stop, brand: r.Brand | None, owners: list[r.Brand], some_broken: bool, error) -> None:
    owners = [brand] if brand else owners
    if not any(s.name == stop.demo_site for b in owners for s in b.demo_sites):
        if brand or not some_broken:
            where = f"品牌“{brand.name}”" if brand else "所有品牌"
            error("示范点", f"{where}的示范点中没有“{stop.demo_site}”")
    elif len(owners) > 1:
        error("示范点", f"有多个品牌都有示范点“{stop.demo_site}”，请同时填写品牌")
    elif brand is None and owners[0].status and not owners[0].approved:
        error("示范点", f"示范点所属品牌“{owners[0].name}”尚未认定，不能观摩")
