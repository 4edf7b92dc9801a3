"""Shared fixtures: small content folders written on the fly, and built sites."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
import yaml

from generator.publish import pipeline

PROJECT = Path(__file__).resolve().parent.parent
DEMO = PROJECT / "content"
SHARED = PROJECT.parent / "shared"

# Markers carried by everything that must never reach the public site.
SECRETS = {
    "contact": "保密联系人甲乙",
    "phone": "0000-7654321",
    "note": "评审保密意见丙丁",
    "draft_brand": "培育中保密品牌",
    "failed_brand": "未通过保密品牌",
    "draft_case": "草稿保密案例",
    "presenter": "讲解人保密戊己",
    "liaison": "联络员保密庚辛",
    "building_alliance": "筹建保密联盟",
    "draft_activity": "草稿保密动态",
    "draft_campaign": "草稿保密专项",
}

SITE = {
    "站点名称": "测试县党建品牌",
    "主办单位": "测试县直机关工委",
    "网址": "https://example.gov.cn/brands/",
    "简介": "测试用的站点。",
    "批次": [{"名称": "第一批", "年度": 2023}, {"名称": "第二批", "年度": 2024}],
}
UNITS = [
    {"编号": "water", "名称": "测试县水利局机关党支部", "类型": "党支部"},
    {"编号": "audit", "名称": "测试县审计局机关党委", "类型": "机关党委"},
]


def brand(name: str = "碧水先锋", **changes) -> dict:
    record = {
        "品牌名称": name,
        "口号": "一心为民治水",
        "党组织": "water",
        "批次": "第二批",
        "状态": "已认定",
        "认定日期": "2024-12-05",
        "标签": ["五星五型", "河湖长制"],
        "品牌内涵": "内涵说明。",
        "创建背景": "第一段背景。\n\n第二段背景。",
        "主要措施": [
            {"标题": "强化理论学习", "要点": ["第一点内容。", "第二点内容。"]},
            {"标题": "建设示范阵地", "内容": "阵地说明。"},
        ],
        "工作成效": {
            "综述": "成效综述。",
            "条目": [{"标题": "队伍素质提升", "内容": "说明。"}],
            "数据": [{"指标": "覆盖党支部", "数值": 12, "单位": "个"}],
        },
        "示范点": [{"名称": "碧水示范点", "地点": "水利局二楼", "级别": "市级", "特色亮点": "亮点。"}],
        "联系人": SECRETS["contact"],
        "联系电话": SECRETS["phone"],
        "内部备注": SECRETS["note"],
    }
    record.update(changes)
    return {k: v for k, v in record.items() if v is not None}


def case(title: str = "坚持六抓工作机制", **changes) -> dict:
    record = {
        "标题": title,
        "副标题": "推动形成良好态势",
        "发布单位": "测试省直机关工委组织部",
        "党组织": "water",
        "发布日期": "2018-12-07",
        "状态": "已发布",
        "相关品牌": ["bishui"],
        "标签": ["积分制管理"],
        "工作背景": "背景。",
        "主要做法": [{"标题": "抓党支部规范化建设", "要旨": "筑基础，分类推进",
                     "要点": [{"引语": "深入调研、明确目标", "内容": "调研说明。"}]}],
        "工作成效": [{"标题": "思想政治建设取得新成效", "内容": "说明。"}],
        "工作启示": [{"标题": "创新是灵魂", "内容": "说明。"}],
        "数据": [{"指标": "纳入积分制管理的党员", "数值": 2164, "单位": "名"}],
    }
    record.update(changes)
    return {k: v for k, v in record.items() if v is not None}


def meeting(**changes) -> dict:
    record = {
        "名称": "2024年现场观摩会",
        "日期": "2024-12-10",
        "主办单位": "测试县直机关工委",
        "观摩点": [
            {"品牌": "bishui", "时间": "09:00-09:40", "地点": "水利局", "讲解人": SECRETS["presenter"]},
            {"示范点": "碧水示范点", "品牌": "bishui", "时间": "10:00-10:30"},
        ],
    }
    record.update(changes)
    return record


def alliance(name: str = "机关大院党建联盟", **changes) -> dict:
    record = {
        "联盟名称": name,
        "办公区域": "测试县行政中心",
        "年度": 2024,
        "状态": "运行",
        "牵头单位": "water",
        "成员单位": ["water", "audit"],
        "简介": "两家单位结成的联盟。",
        "活动内容": [{"类别": "作风纪律联抓", "内容": "联合开展警示教育。"},
                     {"类别": "政治理论联学", "内容": "每季度联学一次。"}],
        "轮值安排": [{"单位": "water", "开始": "2024-01-01", "结束": "2024-06-30", "主题": "共学共进"},
                     {"单位": "audit", "开始": "2024-07-01", "结束": "2024-12-31"}],
        "标签": ["党建联盟"],
        "联络员": SECRETS["liaison"],
        "联系电话": SECRETS["phone"],
        "内部备注": SECRETS["note"],
    }
    record.update(changes)
    return {k: v for k, v in record.items() if v is not None}


def activity(title: str = "联盟联学主题党日", **changes) -> dict:
    record = {
        "标题": title,
        "日期": "2024-06-28",
        "状态": "已发布",
        "类别": "主题党日",
        "主办单位": "water",
        "联盟": "lianmeng",
        "品牌": "bishui",
        "专项工作": "jianshenian",
        "参加单位": ["audit"],
        "地点": "行政中心三楼",
        "内容": "共同学习。\n\n交流体会。",
        "标签": ["主题党日"],
        "联系人": SECRETS["contact"],
        "联系电话": SECRETS["phone"],
        "内部备注": SECRETS["note"],
    }
    record.update(changes)
    return {k: v for k, v in record.items() if v is not None}


def campaign(name: str = "2024年基层组织建设年", **changes) -> dict:
    record = {
        "名称": name,
        "年度": 2024,
        "状态": "已发布",
        "简介": "年度专项工作。",
        "阶段": [{"名称": "动员部署", "开始": "2024-02-01", "结束": "2024-02-20", "责任单位": "工委"},
                 {"名称": "总结提高", "开始": "2024-11-01", "结束": "2024-12-31"}],
        "目标": [{"指标": "市级示范点", "目标值": 3, "单位": "个", "统计": "市级示范点"},
                 {"指标": "新建基层党组织", "目标值": 2, "单位": "个", "完成值": 1},
                 {"指标": "党员参加组织活动", "目标值": 98, "单位": "%", "完成值": 98.5},
                 {"指标": "发布工作动态", "目标值": 1, "单位": "条", "统计": "发布动态"}],
        "示范点比例": "3:6:12",
        "内部备注": SECRETS["note"],
    }
    record.update(changes)
    return {k: v for k, v in record.items() if v is not None}


def dump(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**6)  # no folded lines


def write_content(root: Path, brands=None, cases=None, meetings=None, site=None, units=None,
                  alliances=None, activities=None, campaigns=None) -> Path:
    """A content folder; records are dicts (dumped as YAML) or raw text."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "site.yml").write_text(dump(site or SITE), encoding="utf-8")
    (root / "units.yml").write_text(dump(units or UNITS), encoding="utf-8")
    optional = (("alliances", alliances), ("activities", activities), ("campaigns", campaigns))
    for folder, records in (("brands", brands), ("cases", cases), ("meetings", meetings),
                            *((f, r) for f, r in optional if r is not None)):
        (root / folder).mkdir(exist_ok=True)
        for record_id, record in (records or {}).items():
            text = record if isinstance(record, str) else dump(record)
            (root / folder / f"{record_id}.yml").write_text(text, encoding="utf-8")
    return root


def full_content(root: Path) -> Path:
    """Approved, draft and failed brands; published and draft cases; a meeting."""
    return write_content(
        root,
        brands={
            "bishui": brand(),
            "peiyu": brand(SECRETS["draft_brand"], 状态="培育", 认定日期=None, 批次="第二批"),
            "weitongguo": brand(SECRETS["failed_brand"], 状态="未通过", 认定日期=None, 党组织="audit"),
        },
        cases={"liuzhua": case(), "caogao": case(SECRETS["draft_case"], 状态="草稿")},
        meetings={"guanmo": meeting()},
    )


def joint_content(root: Path) -> Path:
    """full_content plus running and unformed alliances, published and draft activities, campaigns."""
    full_content(root)
    return write_content(
        root,
        brands={"bishui": brand(), "peiyu": brand(SECRETS["draft_brand"], 状态="培育", 认定日期=None)},
        cases={"liuzhua": case(), "caogao": case(SECRETS["draft_case"], 状态="草稿")},
        meetings={"guanmo": meeting()},
        alliances={"lianmeng": alliance(), "choujian": alliance(SECRETS["building_alliance"], 状态="筹建")},
        activities={"huodong": activity(),
                    "caogao": activity(SECRETS["draft_activity"], 状态="草稿"),
                    "choujian-huodong": activity(SECRETS["draft_activity"] + "二", 状态="草稿", 联盟="choujian", 品牌="peiyu")},
        campaigns={"jianshenian": campaign(), "caogao": campaign(SECRETS["draft_campaign"], 状态="草稿", 年度=2025)},
    )


def built(content: Path, out: Path, **options) -> pipeline.BuildResult:
    """A site that must build: the build's problems are the assertion's message when it does not."""
    outcome = pipeline.build(content, out, **options)
    assert outcome.ok, [p.format() for p in outcome.report.problems]
    return outcome


def tree_digest(root: Path) -> str:
    """One hash of every file's path and bytes below root."""
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def public_files(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*") if p.is_file())


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("demo") / "site"
    built(DEMO, out)
    return out


@pytest.fixture(scope="session")
def preview_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("preview") / "site"
    built(DEMO, out, preview=True)
    return out


@pytest.fixture(scope="session")
def unseen_site(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("unseen")
    from test_unseen import documented_folder  # the examples of RECORDS.md, as a folder

    content = documented_folder(base / "content")
    out = base / "site"
    built(content, out)
    return out


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("fixture")
    content = full_content(base / "content")
    out = base / "site"
    built(content, out)
    return content, out


@pytest.fixture
def copy_demo(tmp_path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(DEMO, target)
    return target


@pytest.fixture
def bench(tmp_path):
    """A running workbench over a copy of the demo content: (client, content folder)."""
    from workbench_client import workbench

    with workbench(tmp_path) as (client, content):
        yield client, content
