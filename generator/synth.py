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


def synthesize(root: Path, brands: int, cases: int = 0, stops: int = 0) -> Path:
    """Write a content folder with `brands` approved brands, `cases` cases and a meeting."""
    if root.exists():
        shutil.rmtree(root)
    for folder in ("brands", "cases", "meetings"):
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
    return root


def _dump(path: Path, data) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False, width=10**6),
                    encoding="utf-8")
