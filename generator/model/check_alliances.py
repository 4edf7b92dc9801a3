"""Rules across records for alliances, activities and campaigns: members and rotas that
name real units within the alliance's year, activities whose organisers exist and are
public when the activity is, activities dated within their campaign's year."""

from __future__ import annotations

from . import records as r
from .fieldtypes import label, nearest
from .problems import Report


class _Where:
    """Reports about one record, each at the line of the field an attribute path names."""

    def __init__(self, record, report: Report) -> None:
        self.source, self.report = record.source, report

    def error(self, at: tuple, message: str) -> None:
        self.report.error(self.source.path, self.source.line(*at), label(self.source.fields.keys(at)), message)

    def warning(self, at: tuple, message: str) -> None:
        self.report.warning(self.source.path, self.source.line(*at), label(self.source.fields.keys(at)), message)


def check_joint_work(cat: r.Catalogue, report: Report) -> None:
    for alliance in cat.alliances.values():
        _check_alliance(alliance, cat, _Where(alliance, report))
    for activity in cat.activities.values():
        _check_activity(activity, cat, _Where(activity, report))
    for campaign in cat.campaigns.values():
        _check_campaign(campaign, _Where(campaign, report))
    for meeting in cat.meetings.values():
        _check_stops(meeting, cat, _Where(meeting, report))


def _position(items, index: int) -> int:
    """An item's place in the file's list (blank items are skipped when read)."""
    return items.position(index) if hasattr(items, "position") else index


def _hint(guess: str | None, otherwise: str) -> str:
    return f"，是不是“{guess}”？" if guess else f"；{otherwise}"


def _unit_known(unit_id: str, cat: r.Catalogue) -> bool:
    """In units.yml, or named there by an entry with mistakes of its own (reported there)."""
    return unit_id in cat.units or unit_id in cat.known.get("unit", ())


def _unknown_unit(unit_id: str, cat: r.Catalogue) -> str:
    guess = nearest(unit_id, list(cat.units)) or next((u.id for u in cat.units.values() if u.name == unit_id), None)
    return f"找不到党组织“{unit_id}”" + _hint(guess, "请填写 units.yml 里的编号")


def _check_alliance(alliance: r.Alliance, cat: r.Catalogue, where: _Where) -> None:
    members = alliance.member_ids or []
    for i, unit_id in enumerate(members):
        at = ("member_ids", _position(members, i))
        if not _unit_known(unit_id, cat):
            where.error(at, _unknown_unit(unit_id, cat))
        elif unit_id in members[:i]:
            where.error(at, f"成员单位“{unit_id}”重复")
    lead = alliance.lead_unit_id
    if lead and not _unit_known(lead, cat):
        where.error(("lead_unit_id",), _unknown_unit(lead, cat))
    elif lead and alliance.member_ids is not None and lead not in members:
        where.error(("lead_unit_id",), f"牵头单位“{lead}”不在成员单位里；牵头单位也要列入成员单位")
    rota = alliance.rota or []
    for i, turn in enumerate(rota):
        at = ("rota", _position(rota, i))
        if not _unit_known(turn.unit_id, cat):
            where.error(at + ("unit_id",), _unknown_unit(turn.unit_id, cat))
        elif alliance.member_ids is not None and turn.unit_id not in members:
            where.error(at + ("unit_id",), f"轮值单位“{turn.unit_id}”不是这个联盟的成员单位")
        for attr, day in (("start", turn.start), ("end", turn.end)):
            if alliance.year and day and day.year != alliance.year:
                where.error(at + (attr,), f"轮值日期 {day.isoformat()} 不在联盟的年度（{alliance.year}年）之内")


def _check_activity(activity: r.Activity, cat: r.Catalogue, where: _Where) -> None:
    if activity.unit_id and not _unit_known(activity.unit_id, cat):
        where.error(("unit_id",), _unknown_unit(activity.unit_id, cat))
    units = activity.participant_ids or []
    for i, unit_id in enumerate(units):
        if not _unit_known(unit_id, cat):
            where.error(("participant_ids", _position(units, i)), _unknown_unit(unit_id, cat))
    if activity.alliance_id:
        _check_organiser(activity, ("alliance_id",), activity.alliance_id, cat.alliances, cat.known.get("alliance", ()),
                         "联盟", "联盟文件名", where, lambda a: (a.running, a.name, "运行"))
    if activity.brand_id:
        _check_organiser(activity, ("brand_id",), activity.brand_id, cat.brands, cat.known.get("brand", ()),
                         "品牌", "品牌文件名", where, lambda b: (b.approved, b.name, r.APPROVED))
    if activity.campaign_id:
        campaign = cat.campaigns.get(activity.campaign_id)
        if activity.campaign_id not in cat.known.get("campaign", ()):
            guess = nearest(activity.campaign_id, list(cat.campaigns))
            where.error(("campaign_id",), f"找不到专项工作“{activity.campaign_id}”" + _hint(guess, "请填写专项工作文件名（不含 .yml）"))
        elif campaign and campaign.year and activity.date and activity.date.year != campaign.year:
            where.error(("date",), f"动态日期 {activity.date.isoformat()} 不在专项工作“{campaign.name}”的年度（{campaign.year}年）之内")


def _check_organiser(activity: r.Activity, at: tuple, record_id: str, records: dict, known, what: str,
                     file_word: str, where: _Where, public_of) -> None:
    """The alliance or brand exists; a published activity needs it public."""
    if record_id not in known:
        guess = nearest(record_id, list(records))
        where.error(at, f"找不到{what}“{record_id}”" + _hint(guess, f"请填写{file_word}（不含 .yml）"))
        return
    organiser = records.get(record_id)
    if organiser is None or organiser.status is None or not activity.published:
        return  # the organiser's own mistakes are reported in its file
    public, name, needed = public_of(organiser)
    if not public:
        where.error(at, f"{what}“{name}”的状态是“{organiser.status}”，不公开；只有{what}状态为“{needed}”时，"
                        f"它的动态才能发布（或先把这条动态的状态改为“草稿”）")


def _check_campaign(campaign: r.Campaign, where: _Where) -> None:
    stages = campaign.stages or []
    for i, stage in enumerate(stages):
        at = ("stages", _position(stages, i))
        for attr, day in (("start", stage.start), ("end", stage.end)):
            if campaign.year and day and day.year != campaign.year:
                where.warning(at + (attr,), f"阶段日期 {day.isoformat()} 不在专项工作的年度（{campaign.year}年）之内")


def _check_stops(meeting: r.Meeting, cat: r.Catalogue, where: _Where) -> None:
    """A stop may visit an alliance's activity site: a running alliance."""
    stops = meeting.stops or []
    for i, stop in enumerate(stops):
        if not stop.alliance_id:
            continue
        at = ("stops", _position(stops, i), "alliance_id")
        alliance = cat.alliances.get(stop.alliance_id)
        if stop.alliance_id not in cat.known.get("alliance", ()):
            guess = nearest(stop.alliance_id, list(cat.alliances))
            where.error(at, f"找不到联盟“{stop.alliance_id}”" + _hint(guess, "请填写联盟文件名（不含 .yml）"))
        elif alliance and alliance.status and not alliance.running:
            where.error(at, f"联盟“{alliance.name}”的状态是“{alliance.status}”，只有运行中的联盟可以观摩")
        elif stop.brand_id or stop.demo_site:
            where.error(at, "一个观摩点只观摩一处：联盟和品牌、示范点不要同时填写，请分成两个观摩点")
