"""Status changes by named buttons (认定, 不予认定, 退回培育, 发布, 启动运行, 撤销联盟 …): each refused
while the record has errors where the new status makes it public, or where it would leave a
published activity or a meeting stop naming a record that is not public (the public build would
stop on them); each recorded in 状态记录."""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass

from ..model import records as r
from ..model.fieldtypes import Choice
from ..model.schema import KINDS, RecordKind
from .inline import Checker
from .listing import batch_names, name_key, records_of
from .store import Refused, Store

LOG_KEY = "状态记录"


@dataclass(frozen=True)
class Action:
    name: str      # the word in the URL
    label: str     # the button's name
    status: str    # the status it sets
    public: bool   # the record becomes public: refused while it has errors


ACTIONS = (
    Action("start", "开始培育", "培育", False),
    Action("submit", "提交验收", "验收中", False),
    Action("approve", "认定", "已认定", True),
    Action("reject", "不予认定", "未通过", False),
    Action("cultivate", "退回培育", "培育", False),
    Action("publish", "发布", "已发布", True),
    Action("withdraw", "撤回为草稿", "草稿", False),
    Action("launch", "启动运行", "运行", True),
    Action("dissolve", "撤销联盟", "撤销", False),
    Action("prepare", "退回筹建", "筹建", False),
)
# A brand follows the campaign's steps (申报 → 培育 → 验收中 → 已认定 or 未通过): the buttons each status
# offers. A report imported in 培育 may be judged at once; an approved brand can only be sent back;
# a status the schema does not know offers every way out.
BRAND_STEPS = {
    "申报": ("start", "submit"),
    "培育": ("submit", "approve", "reject"),
    "验收中": ("approve", "reject", "cultivate"),
    "未通过": ("cultivate", "submit"),
    "已认定": ("cultivate",),
}
# The kinds that may organise an activity: the status that makes one public, and the activity's key naming it.
PUBLIC_STATUSES = {"brand": r.APPROVED, "alliance": r.RUNNING}
ORGANISERS = {"brand": "品牌", "alliance": "联盟"}


def status_field(kind: RecordKind):
    group = kind.group
    return next((f for f in getattr(group, "fields", []) if f.attr == "status" and isinstance(f.kind, Choice)), None)


def actions_for(kind: RecordKind, current: str | None) -> list[Action]:
    field = status_field(kind)
    if field is None:
        return []
    if kind.name == "brand" and (current in BRAND_STEPS or current is None):
        steps = BRAND_STEPS.get(current, BRAND_STEPS["申报"])
        return [a for name in steps for a in ACTIONS if a.name == name]
    return [a for a in ACTIONS if a.status in field.kind.options and a.status != current and a.name != "start"]


def offers(kind: RecordKind, name: str) -> bool:
    """Whether the kind has the action at all, from some status (the list page's batch 认定)."""
    field = status_field(kind)
    return field is not None and any(a.name == name and a.status in field.kind.options for a in ACTIONS)


def buttons_only(kind: RecordKind) -> str | None:
    """The status key when the status changes only by its buttons (checked and recorded), else None."""
    field = status_field(kind)
    return field.key if field and actions_for(kind, None) else None


def logs_status(kind: RecordKind) -> bool:
    return any(f.key == LOG_KEY for f in getattr(kind.group, "fields", []))


def change(store: Store, checker: Checker, kind: RecordKind, record_id: str, action: Action,
           version: str | None = None, batch: str | None = None, date: str | None = None) -> str:
    """Apply one action to one record; the message to show."""
    loaded = store.read(kind, record_id)
    if not loaded.parsed or not isinstance(loaded.data, dict):
        raise Refused("文件的 YAML 格式有错误，请先改正")
    if action not in actions_for(kind, loaded.data.get("状态")):
        raise Refused(f"这条记录现在的状态是“{loaded.data.get('状态')}”，不能{action.label}")
    if action.public:
        errors = checker.errors_of(loaded.path)
        if errors:
            raise Refused(f"这条记录还有 {len(errors)} 个错误，改正后才能{action.label}："
                          + "；".join(f"{p.field or '文件'}：{p.message}" for p in errors[:5]))
        hidden = _organisers_not_public(store, checker, loaded.data) if kind.name == "activity" else []
        if hidden:
            raise Refused("；".join(hidden) + f"，不公开，它的动态还不能{action.label}。请先让它公开，或不填这一项")
    elif kind.name in PUBLIC_STATUSES and loaded.data.get("状态") == PUBLIC_STATUSES[kind.name]:
        users = _users(store, checker, kind, record_id)
        if users:  # they would name a record that is no longer public: the public build would stop
            raise Refused("；".join(users) + f"。改好后才能{action.label}")
    values = copy.deepcopy(loaded.data)
    old = values.get("状态")
    values["状态"] = action.status
    if action.name == "approve":
        if not batch:
            raise Refused("认定时请选择批次")
        batches = batch_names(checker)
        if batch not in batches:  # the public build would stop on a batch site.yml does not list
            raise Refused(f"批次“{batch}”不在站点设置的批次里" + (f"（现有：{'、'.join(batches)}）" if batches else "")
                          + "；请选择已有的批次，或先在站点设置里添加")
        try:
            day = dt.date.fromisoformat(date or "")
        except ValueError:
            raise Refused("认定日期不对，请选择一个日期") from None
        values["批次"], values["认定日期"] = batch, day.isoformat()
    if logs_status(kind):
        log = values.get(LOG_KEY) if isinstance(values.get(LOG_KEY), list) else []
        values[LOG_KEY] = log + [{"时间": dt.datetime.now().strftime("%Y-%m-%d %H:%M"), "原状态": old or "",
                                  "新状态": action.status}]
    store.save(kind, record_id, version or loaded.version, values)
    return f"已{action.label}：状态由“{old or '（空）'}”改为“{action.status}”。"


def _organisers_not_public(store: Store, checker: Checker, data: dict) -> list[str]:
    """An activity's alliance and brand that are not public (a published activity needs them public)."""
    found = []
    for kind_name, key in ORGANISERS.items():
        if not data.get(key):
            continue
        kind = KINDS[kind_name]
        other = {i: d for i, _, d in records_of(store, checker, kind)}.get(str(data[key]))
        if other is not None and other.get("状态") != PUBLIC_STATUSES[kind_name]:  # an unknown id is an error already
            found.append(f"{kind.label}“{other.get(name_key(kind)) or data[key]}”的状态是“{other.get('状态') or '（空）'}”")
    return found


def _users(store: Store, checker: Checker, kind: RecordKind, record_id: str) -> list[str]:
    """What needs this alliance or brand public: published activities naming it, meeting stops visiting it."""
    key = ORGANISERS[kind.name]
    activities = [str(d.get("标题") or i) for i, _, d in records_of(store, checker, KINDS["activity"])
                  if str(d.get(key) or "") == record_id and d.get("状态") == r.PUBLISHED]
    meetings = [str(d.get("名称") or i) for i, _, d in records_of(store, checker, KINDS["meeting"])
                if any(isinstance(s, dict) and str(s.get(key) or "") == record_id for s in _list(d.get("观摩点")))]
    found = []
    if activities:
        found.append(f"还有 {len(activities)} 条已发布的工作动态属于这个{kind.label}：{'、'.join(activities[:5])}，"
                     "请先把它们撤回为草稿")
    if meetings:
        found.append(f"观摩会{'、'.join(f'“{m}”' for m in meetings[:5])}的观摩点里有这个{kind.label}，请先删去这个观摩点")
    return found


def _list(value) -> list:
    return value if isinstance(value, list) else []


def approve_batch(store: Store, checker: Checker, kind: RecordKind, batch: str, date: str) -> list[str]:
    """认定 every record of the batch that awaits it (验收中); those with errors are named, not approved."""
    approve = next(a for a in ACTIONS if a.name == "approve")
    done, refused = [], []
    for record_id in store.ids(kind):
        loaded = store.read(kind, record_id)
        data = loaded.data if isinstance(loaded.data, dict) else {}
        if data.get("批次") != batch or data.get("状态") != "验收中":
            continue
        try:
            change(store, checker, kind, record_id, approve, batch=batch, date=date)
            done.append(str(data.get("品牌名称") or record_id))
        except Refused as exc:
            refused.append(f"{data.get('品牌名称') or record_id}：{exc}")
    if not done and not refused:
        return [f"{batch}没有状态为“验收中”的记录"]
    return ([f"已认定 {len(done)} 个：{'、'.join(done)}"] if done else []) + [f"未认定 {r}" for r in refused]
