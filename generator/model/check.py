"""Content → checked catalogue: read every record through the schema, then the rules
across records (references, approval, unique addresses)."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from .slugs import load_pinyin, slug
from . import records as r
from .check_alliances import check_joint_work
from .drafts import not_public_files, relax
from .fieldtypes import Context, label, nearest
from .load import RawContent, RawRecord, load_content, load_file
from .problems import Report
from .schema import BATCH, KINDS, SITE, UNIT, read_record


def check_content(root: Path, report: Report, cache=None, drafts_block: bool = True) -> r.Catalogue | None:
    """Load and check a content folder; None when it has errors (all of them reported).

    cache: a recordcache.RecordCache (record files read once, until they change).
    drafts_block=False judges as the public build does (drafts.py): mistakes in records that
    are not public are warnings, and those records are left out of the catalogue."""
    raw = load_content(root, report, {k.name: k.folder for k in KINDS.values() if k.folder}, cache, _read_value,
                       meanwhile=load_pinyin)
    catalogue = read_catalogue(raw, report, cache)
    if catalogue is not None:
        cross_check(catalogue, report)
    if not drafts_block:
        waiting = not_public_files(raw)
        broken = {p.file for p in report.errors if p.file in waiting}
        relax(report, waiting)
        if catalogue is not None:
            for records in (catalogue.brands, catalogue.cases):
                for record_id in [k for k, v in records.items() if v.source and v.source.path in broken]:
                    del records[record_id]
    return None if report.errors else catalogue


def read_site(root: Path, report: Report) -> r.Site | None:
    """Only site.yml, for commands that need the batches but not the records."""
    path = next((p for p in (root / "site.yml", root / "site.yaml") if p.is_file()), None)
    record = load_file(path, "site", report) if path else None
    value, complete = _read(record, "site", root, report)
    return value if complete else None


def read_catalogue(raw: RawContent, report: Report, cache=None) -> r.Catalogue | None:
    site, site_complete = _read(raw.site, "site", raw.root, report)
    units, _ = _read(raw.units, "units", raw.root, report)
    catalogue = r.Catalogue(site=site or r.Site(name="", organiser=""), words=raw.words)
    site_data = raw.site.data if raw.site and isinstance(raw.site.data, dict) else {}
    catalogue.known = {
        "unit": _raw_names(raw.units.data if raw.units else None, UNIT.key("id")),
        "batch": _raw_names(site_data.get(SITE.key("batches")), BATCH.key("name")),
        "brand": {rec.id for rec in raw.records.get("brand", [])} | raw.unreadable.get("brand", set()),
        **{kind: {rec.id for rec in raw.records.get(kind, [])} | raw.unreadable.get(kind, set())
           for kind in ("alliance", "campaign")},
    }
    if raw.units is not None:
        catalogue.units_source = r.Source(raw.units.path, raw.units.marks, KINDS["units"].group)
    for i, unit in enumerate(units or []):
        if unit.id in catalogue.units:
            report.error(*_at(catalogue.units_source, units.position(i), "id"), f"党组织编号“{unit.id}”重复")
            continue
        unit.position = units.position(i)
        catalogue.units[unit.id] = unit
    read = _read_ahead(raw)
    for kind, target in (("brand", catalogue.brands), ("case", catalogue.cases),
                         ("meeting", catalogue.meetings), ("alliance", catalogue.alliances),
                         ("activity", catalogue.activities), ("campaign", catalogue.campaigns)):
        for record in raw.records.get(kind, []):
            value, complete = cache.read(record, kind, raw.root, report, read) if cache else read(record, kind, raw.root, report)
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


def _read_ahead(raw: RawContent):
    """_read, or what a worker's _read_value gave for the same record (prefetch.py)."""

    def read(record: RawRecord, kind: str, root: Path, report: Report):
        ahead = raw.read.get(record.path)
        if ahead is None or ahead.record is not record:
            return _read(record, kind, root, report)
        value, complete = ahead.replay(report)
        return _sourced(value, record, kind), complete

    return read


def _read(record: RawRecord | None, kind: str, root: Path, report: Report):
    """A record from its raw values and whether it is complete (else read only in part)."""
    if record is None:
        return None, False
    value, complete = _read_value(record, kind, root, report)
    return _sourced(value, record, kind), complete


def _read_value(record: RawRecord, kind: str, root: Path, report: Report):
    """_read without the record's source, which holds the schema's functions (not picklable)."""
    ctx = Context(record.path, record.marks, report, root)
    return read_record(kind, record.data, ctx)


def _sourced(value, record: RawRecord, kind: str):
    if value is not None and hasattr(value, "source"):
        value.source = r.Source(record.path, record.marks, KINDS[kind].group)
    return value


def cross_check(cat: r.Catalogue, report: Report) -> None:
    _check_batches(cat, report)
    units = cat.units_source
    _assign_slugs(cat.units.values(), report,
                  lambda u: _at(units, u.position, "id") if units else (None, None, UNIT.key("id")))
    for records in (cat.brands, cat.cases, cat.alliances, cat.activities, cat.campaigns):
        _assign_slugs(records.values(), report, lambda rec: (rec.source.path, None, ""))
    for brand in cat.brands.values():
        _check_brand(brand, cat, report)
    for case in cat.cases.values():
        _check_case(case, cat, report)
    for record in [*cat.brands.values(), *cat.cases.values()]:
        if getattr(record, "unplaced", None):
            report.warning(*_at(record.source, "unplaced"),
                           "有导入时没有归类的文字（不会公开）；请整理到合适的字段后删除这一项")
        if getattr(record, "review", None):
            report.warning(*_at(record.source, "review"),
                           f"有 {len(record.review)} 处导入时推断的内容需要核对（不会公开）；核对后删除这一项")
    for meeting in cat.meetings.values():
        _check_meeting(meeting, cat, report)
    check_joint_work(cat, report)


def _check_batches(cat: r.Catalogue, report: Report) -> None:
    seen: set[str] = set()
    batches = cat.site.batches or []
    for i, batch in enumerate(batches):
        if batch.name in seen:
            report.error(*_at(cat.site.source, "batches", _position(batches, i), "name"), f"批次名称“{batch.name}”重复")
        seen.add(batch.name)


def _at(source: r.Source, *attrs) -> tuple:
    """File, line and field name of an attribute path, for a report: check names no key itself."""
    return source.path, source.line(*attrs), source.key(*attrs)


def _position(items, index: int) -> int:
    """An item's place in the file's list (blank items are skipped when read)."""
    return items.position(index) if hasattr(items, "position") else index


def _assign_slugs(items, report: Report, where) -> None:
    """Addresses must be unique: 四小工作法.yml and si-xiao-gong-zuo-fa.yml collide."""
    owners: dict[str, object] = {}
    for item in items:
        item.slug = slug(item.id)
        other = owners.setdefault(item.slug, item)
        if other is not item:
            report.error(*where(item), f"“{item.id}”与“{other.id}”的网页地址相同（{item.slug}），请给其中一个改名")


def _unit_error(record, unit_id: str, cat: r.Catalogue, report: Report) -> None:
    if unit_id in cat.known.get("unit", ()):
        return  # the unit is in units.yml with mistakes of its own, reported there
    guess = nearest(unit_id, list(cat.units)) or next(
        (u.id for u in cat.units.values() if u.name == unit_id), None)
    hint = f"，是不是“{guess}”？" if guess else "；请填写 units.yml 里的编号"
    report.error(*_at(record.source, "unit_id"), f"找不到党组织“{unit_id}”{hint}")


def _check_brand(brand: r.Brand, cat: r.Catalogue, report: Report) -> None:
    src = brand.source
    if brand.unit_id and brand.unit_id not in cat.units:
        _unit_error(brand, brand.unit_id, cat, report)
    known_batch = brand.batch_name in cat.known.get("batch", ())
    if brand.batch_name and cat.site.batch(brand.batch_name) is None and not known_batch:
        names = "、".join(b.name for b in cat.site.batches or [])
        report.error(*_at(src, "batch_name"), f"site.yml 里没有“{brand.batch_name}”这个批次（现有：{names}）")
    if brand.status and brand.status != r.APPROVED and brand.approved_on:
        report.warning(*_at(src, "approved_on"), f"状态是“{brand.status}”，认定日期不会显示")
    names = [s.name for s in brand.demo_sites]
    for i, name in enumerate(names):
        if name in names[:i]:
            report.error(*_at(src, "demo_sites", i, "name"), f"示范点“{name}”重复")


def _check_case(case: r.Case, cat: r.Catalogue, report: Report) -> None:
    src = case.source
    if case.unit_id and case.unit_id not in cat.units:
        _unit_error(case, case.unit_id, cat, report)
    for i, brand_id in enumerate(case.related_brand_ids):
        if brand_id not in cat.known.get("brand", ()):
            guess = nearest(brand_id, list(cat.brands))
            hint = f"，是不是“{guess}”？" if guess else "；请填写品牌文件名（不含 .yml）"
            report.error(*_at(src, "related_brand_ids", _position(case.related_brand_ids, i)), f"找不到品牌“{brand_id}”{hint}")


def _check_meeting(meeting: r.Meeting, cat: r.Catalogue, report: Report) -> None:
    sites_by_name = defaultdict(list)
    for brand in cat.brands.values():
        for site in brand.demo_sites:
            sites_by_name[site.name].append(brand)
    some_broken = bool(cat.incomplete) or len(cat.known.get("brand", ())) > len(cat.brands)
    stops = meeting.stops or []
    for i, stop in enumerate(stops):
        at = ("stops", _position(stops, i))

        def error(attr: str, message: str) -> None:
            keys = meeting.source.fields.keys((*at, attr))
            report.error(meeting.source.path, meeting.source.line(*at, attr), label(keys), message)

        brand = cat.brands.get(stop.brand_id) if stop.brand_id else None
        if stop.brand_id and stop.brand_id in cat.known.get("brand", ()) and (
                brand is None or brand.source.path in cat.incomplete):
            continue  # the brand's own mistakes are reported in its file
        if stop.brand_id and brand is None:
            guess = nearest(stop.brand_id, list(cat.brands))
            error("brand_id", f"找不到品牌“{stop.brand_id}”" + (f"，是不是“{guess}”？" if guess else ""))
        elif brand is not None and not brand.approved:
            error("brand_id", f"品牌“{brand.name}”的状态是“{brand.status}”，只有已认定的品牌可以观摩")
        if stop.demo_site:
            _check_stop_site(stop, brand, sites_by_name.get(stop.demo_site, []), some_broken, error)


def _check_stop_site(stop: r.Stop, brand: r.Brand | None, owners: list[r.Brand], some_broken: bool, error) -> None:
    owners = [brand] if brand else owners
    if not any(s.name == stop.demo_site for b in owners for s in b.demo_sites):
        if brand or not some_broken:
            where = f"品牌“{brand.name}”" if brand else "所有品牌"
            error("demo_site", f"{where}的示范点中没有“{stop.demo_site}”")
    elif len(owners) > 1:
        error("demo_site", f"有多个品牌都有示范点“{stop.demo_site}”，请同时填写品牌")
    elif brand is None and owners[0].status and not owners[0].approved:
        error("demo_site", f"示范点所属品牌“{owners[0].name}”尚未认定，不能观摩")
