"""Synthetic content folders for benchmarks: realistic records made from the demo's own,
with new ids, names and units, so sizes can grow without anyone writing them."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

DEMO = Path(__file__).resolve().parent.parent / "content"
PLACES = "青岚澜州清河溪口云岭松江石门桃源"
WORDS = "先锋 红旗 初心 同心 聚力 清风 暖心 铸魂 领航 星火 惠民 担当 奋进 融合 筑梦 守望".split()


def _load(folder: Path) -> list[dict]:
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.yml"))]


def _name(i: int) -> str:
    return f"{WORDS[i % len(WORDS)]}{WORDS[(i // len(WORDS) + 3) % len(WORDS)]}·{PLACES[i % len(PLACES)]}{i}号"


def synthesize(root: Path, brands: int, cases: int = 0, stops: int = 0, alliances: int = 0, activities: int = 0) -> Path:
    """Write a content folder with `brands` approved brands, `cases` cases, a meeting, running
    alliances, published activities and a campaign counting them."""
    if root.exists():
        shutil.rmtree(root)
    for folder in ("brands", "cases", "meetings", "alliances", "activities", "campaigns"):
        (root / folder).mkdir(parents=True)
    shutil.copytree(DEMO / "images", root / "images")
    site = yaml.safe_load((DEMO / "site.yml").read_text(encoding="utf-8"))
    units = [{"编号": f"unit-{i}", "名称": f"中共{PLACES[i % len(PLACES)]}县第{i}机关支部委员会", "类型": "党支部"}
             for i in range(max(1, brands // 3))]
    _dump(root / "site.yml", site)
    _dump(root / "units.yml", units)
    templates = [b for b in _load(DEMO / "brands") if b["状态"] == "已认定"]
    for i in range(brands):
        record = dict(templates[i % len(templates)])
        record.update(品牌名称=_name(i), 党组织=f"unit-{i % len(units)}", 批次=site["批次"][i % len(site["批次"])]["名称"])
        record["示范点"] = [{**s, "名称": f"{_name(i)}示范点"} for s in record.get("示范点", [])[:1]]
        _dump(root / "brands" / f"brand-{i:05d}.yml", record)
    case_templates = [c for c in _load(DEMO / "cases") if c["状态"] == "已发布"]
    for i in range(cases):
        record = dict(case_templates[i % len(case_templates)])
        record.update(标题=f"{record['标题']}（{i}）", 党组织=f"unit-{i % len(units)}",
                      相关品牌=[f"brand-{i % max(brands, 1):05d}"] if brands else [])
        _dump(root / "cases" / f"case-{i:05d}.yml", record)
    if stops:
        route = [{"品牌": f"brand-{i % brands:05d}", "时间": f"{8 + i // 3:02d}:{(i % 3) * 20:02d}",
                  "地点": f"第{i + 1}观摩点", "讲解人": f"讲解人{i + 1}"} for i in range(stops)]
        _dump(root / "meetings" / "bench.yml", {"名称": f"{stops}站现场观摩会", "日期": "2024-12-10",
                                                "主办单位": site["主办单位"], "观摩点": route})
    _joint_work(root, len(units), brands, alliances, activities)
    return root


def _joint_work(root: Path, units: int, brands: int, alliances: int, activities: int) -> None:
    """Alliances of four or five units, activities spread over the year, one campaign."""
    demo = _load(DEMO / "alliances")[0] if (DEMO / "alliances").is_dir() else None
    for i in range(alliances if demo and units >= 2 else 0):
        members = list(dict.fromkeys(f"unit-{(i * 5 + k) % units}" for k in range(4 + i % 2)))
        rota = [{"单位": unit, "开始": f"2024-{1 + 3 * q:02d}-01", "结束": f"2024-{3 + 3 * q:02d}-28"}
                for q, unit in enumerate(members[:4])]
        record = {**demo, "联盟名称": f"{_name(i)}党建联盟", "状态": "运行", "牵头单位": members[0], "成员单位": members,
                  "轮值安排": rota}
        _dump(root / "alliances" / f"alliance-{i:05d}.yml", record)
    for i in range(activities):
        record = {"标题": f"{_name(i)}联合主题党日", "日期": f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}", "状态": "已发布",
                  "类别": "主题党日", "主办单位": f"unit-{i % units}", "参加单位": [f"unit-{(i + 1) % units}"],
                  "专项工作": "campaign", "地点": f"第{i % 9 + 1}会议室",
                  "内容": "联盟成员单位的党员一起重温入党誓词，交流学习体会。\n\n会后开展志愿服务。"}
        if alliances:
            record["联盟"] = f"alliance-{i % alliances:05d}"
        if brands:
            record["品牌"] = f"brand-{i % brands:05d}"
        _dump(root / "activities" / f"activity-{i:05d}.yml", record)
    if alliances or activities:
        targets = [{"指标": name, "目标值": 3, "统计": name} for name in ("市级示范点", "运行联盟", "发布动态")]
        _dump(root / "campaigns" / "campaign.yml", {"名称": "2024年基层组织建设年", "年度": 2024, "状态": "已发布",
                                                    "目标": targets, "示范点比例": "3:6:12"})


def _dump(path: Path, data) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False, width=10**6),
                    encoding="utf-8")
