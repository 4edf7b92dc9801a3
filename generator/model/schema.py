"""Each record kind's fields: the single source of truth about a record.

Validation, error messages, the JSON Schema for editors and the scaffolds written by
`new` all come from the definitions below. Keys are the Chinese words of the official
forms; attributes are the English names of records.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import records as r
from .fieldtypes import (Choice, Context, Date, Field, Group, Image, Invalid, ListOf, Rule, Text, Url, Year, is_empty, report_invalid, yaml_text)
from .quantities import Number, Ratio

BRAND_NAME_LIMIT = 15
TEXT = Text()
PARAGRAPHS = Text(multiline=True)
TEXTS = ListOf(TEXT)

FIGURE = Group(r.Figure, [
    Field("指标", "indicator", TEXT, "指标名称，例如：覆盖党支部", required=True),
    Field("数值", "value", TEXT, "数值，例如：12 或 98", required=True),
    Field("单位", "unit", TEXT, "单位，例如：个、名、%"),
])
FIGURES = ListOf(FIGURE)
HEADED = Group(r.Outcome, [
    Field("标题", "title", TEXT, "小标题", required=True),
    Field("内容", "text", PARAGRAPHS, "说明文字；空一行另起一段"),
])

REVIEW = ListOf(Group(r.Review, [
    Field("字段", "field", TEXT, "要核对的字段，例如：主要措施 › 第2项 › 标题", required=True),
    Field("原因", "reason", TEXT, "为什么要核对：导入时是怎样推断的", required=True),
]))

BATCH = Group(r.Batch, [
    Field("名称", "name", TEXT, "批次名称，例如：第一批", required=True),
    Field("年度", "year", Year(), "年度，例如：2023", required=True),
])

SITE = Group(r.Site, [
    Field("站点名称", "name", TEXT, "网站名称，显示在每页顶部", required=True),
    Field("主办单位", "organiser", TEXT, "主办单位，显示在页脚", required=True),
    Field("网址", "url", Url(), "网站正式发布后的网址，例如 https://example.gov.cn/brands/；"
          "二维码、订阅和绝对链接都要用到"),
    Field("简介", "intro", PARAGRAPHS, "首页的介绍文字"),
    Field("批次", "batches", ListOf(BATCH, at_least=1), "品牌创建的批次，按年度排列", required=True),
])

UNIT = Group(r.Unit, [
    Field("编号", "id", TEXT, "党组织编号，记录里用它指代这个党组织，例如：water-bureau", required=True),
    Field("名称", "name", TEXT, "党组织全称，例如：某市水利局机关党支部", required=True),
    Field("类型", "type", TEXT, "党委、党总支、党支部、机关党委、党工委等"),
    Field("上级", "parent", TEXT, "上级党组织名称"),
])
UNITS = ListOf(UNIT)

MEASURE = Group(r.Measure, [
    Field("标题", "title", TEXT, "措施的标题，例如：强化理论学习，锻造过硬队伍", required=True),
    Field("内容", "text", PARAGRAPHS, "措施的说明文字；填写了要点时可以不填"),
    Field("要点", "points", TEXTS, "“一是、二是、三是”的各点，按顺序每点一项，不用写“一是”"),
], rules=[Rule("内容", lambda d: not (is_empty(d.get("内容")) and is_empty(d.get("要点"))),
               "内容和要点至少要填写一项", at="标题")])

OUTCOMES = Group(r.Outcomes, [
    Field("综述", "summary", PARAGRAPHS, "总体成效的说明"),
    Field("条目", "items", ListOf(HEADED), "分条列出的成效，每条有标题和内容"),
    Field("数据", "figures", FIGURES, "关键数据，在页面上醒目显示"),
], rules=[Rule("综述", lambda d: not all(is_empty(d.get(k)) for k in ("综述", "条目", "数据")),
               "综述、条目、数据至少要填写一项")])

DEMO_SITE = Group(r.DemoSite, [
    Field("名称", "name", TEXT, "示范点名称", required=True),
    Field("地点", "place", TEXT, "所在地点，例如：某市水利局二楼会议室"),
    Field("级别", "level", Choice(r.SITE_LEVELS), "示范点级别：市级、区级或部门级"),
    Field("特色亮点", "highlights", PARAGRAPHS, "特色亮点做法"),
])

PICTURE = Group(r.Picture, [
    Field("文件", "file", Image(), "图片文件，相对于内容文件夹，例如：images/water-1.jpg", required=True),
    Field("说明", "caption", TEXT, "图片说明，也用作读屏软件朗读的文字"),
])

STATUS_CHANGE = Group(r.StatusChange, [
    Field("时间", "at", TEXT, "改变状态的时间，例如：2024-12-05 10:30", required=True),
    Field("原状态", "old", TEXT, "改变前的状态"),
    Field("新状态", "new", TEXT, "改变后的状态", required=True),
])
PHONE = Field("联系电话", "phone", TEXT, "联系电话", internal=True)  # of a brand, an alliance or an activity
STATUS_LOG = Field("状态记录", "status_log", ListOf(STATUS_CHANGE), "工作台记下的每次状态变化：时间、原状态、新状态",
                   internal=True)

BRAND = Group(r.Brand, [
    Field("品牌名称", "name", Text(warn_longer_than=BRAND_NAME_LIMIT),
          f"品牌名称，一般不超过{BRAND_NAME_LIMIT}个字", required=True),
    Field("口号", "slogan", TEXT, "一句话口号"),
    Field("党组织", "unit_id", TEXT, "创建品牌的党组织，填 units.yml 里的编号", required=True),
    Field("批次", "batch_name", TEXT, "所属批次，填 site.yml 里批次的名称，例如：第二批", required=True),
    Field("状态", "status", Choice(r.BRAND_STATUSES),
          "申报、培育、验收中、已认定、未通过；只有“已认定”的品牌会公开", required=True, default="申报"),
    Field("认定日期", "approved_on", Date(), "验收认定的日期，例如 2024-12-05；状态为“已认定”时必填"),
    Field("标签", "tags", TEXTS, "标签，例如：[水利, 五星五型]"),
    Field("标识", "logo", Image(), "品牌标识图片，例如：images/water-logo.png"),
    Field("标识释义", "logo_meaning", PARAGRAPHS, "标识的含义"),
    Field("品牌内涵", "connotation", PARAGRAPHS, "品牌内涵的说明"),
    Field("创建背景", "background", PARAGRAPHS, "成果报告第一部分：创建背景；空一行另起一段", required=True),
    Field("主要措施", "measures", ListOf(MEASURE, at_least=1),
          "成果报告第二部分：主要措施，每项一条，按顺序排列", required=True),
    Field("工作成效", "outcomes", OUTCOMES, "成果报告第三部分：工作成效", required=True),
    Field("经验启示", "lessons", ListOf(HEADED), "成果报告第四部分（有的话）：经验启示，每条有标题和内容"),
    Field("观摩摘要", "visit_summary", PARAGRAPHS, "观摩手册里代替成果报告摘要印出的文字；不填则自动摘要"),
    Field("示范点", "demo_sites", ListOf(DEMO_SITE), "党建示范点"),
    Field("图片", "pictures", ListOf(PICTURE), "活动图片"),
    Field("联系人", "contact", TEXT, "联系人", internal=True),
    PHONE,
    Field("内部备注", "internal_note", PARAGRAPHS, "评审意见等内部备注", internal=True),
    Field("未归类", "unplaced", PARAGRAPHS, "导入材料时没有对应字段的文字；整理到合适的字段后删除", internal=True),
    Field("待核对", "review", REVIEW, "导入时推断出来、需要人工核对的字段；核对后删除", internal=True),
    STATUS_LOG,
], rules=[Rule("认定日期", lambda d: d.get("状态") != r.APPROVED or not is_empty(d.get("认定日期")),
               "状态为“已认定”时必须填写认定日期", at="状态")])

POINT = Group(r.Point, [
    Field("引语", "lead", TEXT, "这一点开头的短语，例如：深入调研、明确目标"),
    Field("内容", "text", PARAGRAPHS, "说明文字", required=True),
])

PRACTICE = Group(r.Practice, [
    Field("标题", "title", TEXT, "做法的标题，例如：抓党支部规范化建设", required=True),
    Field("要旨", "gist", TEXT, "破折号后面的话，例如：筑基础，分类推进规范化"),
    Field("内容", "text", PARAGRAPHS, "“一是”之前的说明文字，或没有分点的整段做法"),
    Field("要点", "points", ListOf(POINT), "“一是、二是”的各点"),
])

CASE = Group(r.Case, [
    Field("标题", "title", TEXT, "案例标题", required=True),
    Field("副标题", "subtitle", TEXT, "副标题"),
    Field("发布单位", "publisher", TEXT, "发布单位，例如：某省直机关工委组织部", required=True),
    Field("党组织", "unit_id", TEXT, "案例所属党组织，填 units.yml 里的编号"),
    Field("发布日期", "published_on", Date(), "发布日期，例如 2018-12-07", required=True),
    Field("状态", "status", Choice(r.CASE_STATUSES), "草稿或已发布；只有“已发布”的案例会公开",
          required=True, default="草稿"),
    Field("来源", "source_url", Url(), "原文网址"),
    Field("相关品牌", "related_brand_ids", TEXTS, "相关品牌的编号（品牌文件名，不含 .yml）"),
    Field("标签", "tags", TEXTS, "标签，例如：[积分制管理]"),
    Field("工作背景", "background", PARAGRAPHS, "一、工作背景", required=True),
    Field("主要做法", "practices", ListOf(PRACTICE, at_least=1), "二、主要做法，每项一条", required=True),
    Field("工作成效", "outcomes", ListOf(HEADED, at_least=1), "三、工作成效，每项有标题和内容", required=True),
    Field("工作启示", "lessons", ListOf(HEADED), "四、工作启示，每条有标题和内容"),
    Field("数据", "figures", FIGURES, "关键数据，在页面上醒目显示"),
    Field("未归类", "unplaced", PARAGRAPHS, "导入材料时没有对应字段的文字；整理到合适的字段后删除", internal=True),
    Field("待核对", "review", REVIEW, "导入时推断出来、需要人工核对的字段；核对后删除", internal=True),
    STATUS_LOG,
])

STOP = Group(r.Stop, [
    Field("品牌", "brand_id", TEXT, "观摩的品牌编号（必须是已认定的品牌）"),
    Field("示范点", "demo_site", TEXT, "观摩的示范点名称（与品牌记录里的示范点名称一致）"),
    Field("时间", "time", TEXT, "时间，例如：\"09:00-09:40\"（请加引号）"),
    Field("地点", "place", TEXT, "地点"),
    Field("讲解人", "presenter", TEXT, "讲解人，只印在观摩手册上，不在网站公开", internal=True),
    Field("联盟", "alliance_id", TEXT, "观摩的党建联盟编号（联盟的活动现场；须是运行中的联盟），代替品牌或示范点"),
], rules=[Rule("品牌", lambda d: not all(is_empty(d.get(k)) for k in ("品牌", "示范点", "联盟")),
               "每个观摩点要填写品牌、示范点或联盟")])

MEETING = Group(r.Meeting, [
    Field("名称", "name", TEXT, "观摩会名称", required=True),
    Field("日期", "date", Date(), "日期，例如 2024-12-10", required=True),
    Field("主办单位", "organiser", TEXT, "主办单位", required=True),
    Field("集合地点", "gathering_place", TEXT, "集合地点"),
    Field("说明", "notes", PARAGRAPHS, "参会须知等"),
    Field("观摩点", "stops", ListOf(STOP, at_least=1), "观摩点，按参观顺序排列", required=True),
])


@dataclass(frozen=True)
class RecordKind:
    name: str
    label: str
    folder: str | None
    group: Group | ListOf


KINDS = {
    "site": RecordKind("site", "站点设置", None, SITE),
    "units": RecordKind("units", "党组织", None, UNITS),
    "brand": RecordKind("brand", "品牌", "brands", BRAND),
    "case": RecordKind("case", "案例", "cases", CASE),
    "meeting": RecordKind("meeting", "观摩会", "meetings", MEETING),
}
def read_record(kind: str, data: Any, ctx: Context) -> tuple[Any | None, bool]:
    """The record of `kind` in data, and whether it is complete.

    A record with mistakes comes back partly read (None where a field failed), so that
    the checks across records can still report everything at once.
    """
    if is_empty(data):
        ctx.error((), "文件是空的")
        return None, False
    try:
        return KINDS[kind].group.read(data, (), ctx), True
    except Invalid as exc:
        report_invalid(ctx, (), exc)
        return getattr(exc, "partial", None), False


def dump(kind: str, record: Any) -> str:
    """A record (or a mapping of its attributes) as its file's text: the way back from read_record."""
    return yaml_text(KINDS[kind].group.dump(record))


def json_schemas() -> dict[str, dict]:
    """One JSON Schema per file kind, for editors such as VS Code's YAML extension."""
    schemas = {}
    for kind in KINDS.values():
        schema = kind.group.json_schema()
        schema["$schema"] = "http://json-schema.org/draft-07/schema#"
        schema["title"] = kind.label
        schemas[kind.name] = schema
    return schemas


def _ordered(start: str, end: str):
    """A rule's test: the period does not end before it starts (dates compared once read)."""
    def holds(d: dict) -> bool:
        try:
            return Date().read(d[start], (), None) <= Date().read(d[end], (), None)
        except (Invalid, KeyError):
            return True  # a missing or unreadable date is reported on its own line
    return holds


JOINT_WORK = Group(r.JointWork, [
    Field("类别", "heading", Choice(r.JOINT_HEADINGS), "“六联”中的一项：" + "、".join(r.JOINT_HEADINGS), required=True),
    Field("内容", "text", PARAGRAPHS, "这一项做什么、怎么做；空一行另起一段", required=True),
])

TURN = Group(r.Turn, [
    Field("单位", "unit_id", TEXT, "轮值的成员单位，填 units.yml 里的编号（须是成员单位之一）", required=True),
    Field("开始", "start", Date(), "轮值开始日期，例如 2024-05-01（在联盟年度之内）", required=True),
    Field("结束", "end", Date(), "轮值结束日期，例如 2024-06-30", required=True),
    Field("主题", "theme", TEXT, "这次轮值的活动主题"),
], rules=[Rule("结束", _ordered("开始", "结束"), "结束日期早于开始日期")])

ALLIANCE = Group(r.Alliance, [
    Field("联盟名称", "name", TEXT, "联盟名称，例如：行政中心党建联盟", required=True),
    Field("办公区域", "area", TEXT, "成员单位所在的办公区域，例如：机关行政中心办公区"),
    Field("年度", "year", Year(), "年度，例如：2024；轮值安排都在这一年之内", required=True),
    Field("状态", "status", Choice(r.ALLIANCE_STATUSES), "筹建、运行、撤销；只有“运行”的联盟会公开",
          required=True, default="筹建"),
    Field("牵头单位", "lead_unit_id", TEXT, "牵头单位，填 units.yml 里的编号（须是成员单位之一）", required=True),
    Field("成员单位", "member_ids", ListOf(TEXT, at_least=2), "成员单位的编号，至少两个，例如：[audit-bureau, trade-union]",
          required=True),
    Field("简介", "intro", PARAGRAPHS, "联盟的简介"),
    Field("活动内容", "joint_work", ListOf(JOINT_WORK), "按“六联”写联盟的活动内容，每项一条"),
    Field("轮值安排", "rota", ListOf(TURN), "成员单位轮流牵头组织活动，按时间顺序排列"),
    Field("标签", "tags", TEXTS, "标签，例如：[党建联盟]"),
    Field("联络员", "liaison", TEXT, "联络员", internal=True),
    PHONE,
    Field("内部备注", "internal_note", PARAGRAPHS, "内部备注", internal=True),
    STATUS_LOG,
])

ACTIVITY = Group(r.Activity, [
    Field("标题", "title", TEXT, "动态标题，例如：行政中心党建联盟“共学共进”主题党日", required=True),
    Field("日期", "date", Date(), "活动日期，例如 2024-06-28", required=True),
    Field("状态", "status", Choice(r.CASE_STATUSES), "草稿或已发布；只有“已发布”的动态会公开", required=True,
          default=r.DRAFT),
    Field("类别", "category", Choice(r.ACTIVITY_CATEGORIES), "“六联”中的一项，或主题党日、观摩会、交流会、擂台比武、其他"),
    Field("主办单位", "unit_id", TEXT, "主办的党组织，填 units.yml 里的编号；主办单位、联盟、品牌至少填一项"),
    Field("联盟", "alliance_id", TEXT, "主办的党建联盟编号（联盟文件名，不含 .yml）"),
    Field("品牌", "brand_id", TEXT, "相关的党建特色品牌编号（品牌文件名，不含 .yml）"),
    Field("专项工作", "campaign_id", TEXT, "所属的专项工作编号（专项工作文件名，不含 .yml）；日期须在其年度之内"),
    Field("参加单位", "participant_ids", TEXTS, "参加的党组织编号，例如：[trade-union, women-federation]"),
    Field("地点", "place", TEXT, "活动地点"),
    Field("内容", "text", PARAGRAPHS, "活动的内容；空一行另起一段", required=True),
    Field("图片", "pictures", ListOf(PICTURE), "活动图片"),
    Field("标签", "tags", TEXTS, "标签，例如：[主题党日]"),
    Field("联系人", "contact", TEXT, "联系人", internal=True),
    PHONE,
    Field("内部备注", "internal_note", PARAGRAPHS, "内部备注", internal=True),
    STATUS_LOG,
], rules=[Rule("主办单位", lambda d: not all(is_empty(d.get(k)) for k in ("主办单位", "联盟", "品牌")),
               "主办单位、联盟、品牌至少要填写一项", at="标题")])

STAGE = Group(r.Stage, [
    Field("名称", "name", TEXT, "阶段名称，例如：制定方案，动员部署", required=True),
    Field("开始", "start", Date(), "开始日期，例如 2024-02-01", required=True),
    Field("结束", "end", Date(), "结束日期，例如 2024-02-20", required=True),
    Field("内容", "text", PARAGRAPHS, "这一阶段做什么"),
    Field("责任单位", "responsible", TEXT, "责任单位"),
], rules=[Rule("结束", _ordered("开始", "结束"), "结束日期早于开始日期")])

TARGET = Group(r.Target, [
    Field("指标", "indicator", TEXT, "指标名称，例如：新建基层党组织", required=True),
    Field("目标值", "goal", Number(), "目标数值，只填数字，例如：2 或 98", required=True),
    Field("单位", "unit", TEXT, "单位，例如：个、名、%"),
    Field("完成值", "done", Number(), "目前完成的数值，由工委填写；与“统计”二选一"),
    Field("统计", "counted", Choice(r.COUNTS), "从公开的记录自动统计完成值：" + "、".join(r.COUNTS) + "；与“完成值”二选一"),
], rules=[Rule("统计", lambda d: is_empty(d.get("完成值")) or is_empty(d.get("统计")),
               "完成值和统计只能填写一项：填了统计，完成值由网站自动计算")])

CAMPAIGN = Group(r.Campaign, [
    Field("名称", "name", TEXT, "专项工作名称，例如：2024年基层组织建设年", required=True),
    Field("年度", "year", Year(), "年度，例如：2024", required=True),
    Field("状态", "status", Choice(r.CAMPAIGN_STATUSES), "草稿或已发布；只有“已发布”的专项工作会公开",
          required=True, default=r.DRAFT),
    Field("简介", "intro", PARAGRAPHS, "专项工作的简介"),
    Field("阶段", "stages", ListOf(STAGE), "工作阶段，按时间顺序排列"),
    Field("目标", "targets", ListOf(TARGET, at_least=1), "目标，每项一条：指标、目标值，以及完成值或统计",
          required=True),
    Field("示范点比例", "site_ratio", Ratio(), "市级、区级、部门级示范点的目标比例，例如：3:6:12"),
    Field("内部备注", "internal_note", PARAGRAPHS, "领导小组名单等内部备注", internal=True),
    STATUS_LOG,
])

KINDS.update({
    "alliance": RecordKind("alliance", "党建联盟", "alliances", ALLIANCE),
    "activity": RecordKind("activity", "工作动态", "activities", ACTIVITY),
    "campaign": RecordKind("campaign", "专项工作", "campaigns", CAMPAIGN),
})
