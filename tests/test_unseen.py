"""A content folder written straight from the format's own page (../shared/RECORDS.md),
read at test time: what a user copying the documentation would get. Without ../shared the
copies of its examples in tests/documented/ are built instead."""

import base64
import re
from pathlib import Path

import pytest

from generator.model.check import check_content
from generator.model.problems import Report

from conftest import SHARED, built, dump
from sitecheck import find_secrets

RECORDS = SHARED / "RECORDS.md"
COPIES = Path(__file__).parent / "documented"
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")
TARGETS = {"site.yml": "site.yml", "units.yml": "units.yml", "brands/<id>.yml": "brands/water-brand.yml",
           "cases/<id>.yml": "cases/liuzhua.yml", "meetings/<id>.yml": "meetings/guanmo.yml",
           "alliances/<id>.yml": "alliances/xingzheng-lianmeng.yml",
           "activities/<id>.yml": "activities/gongxue-gongjin.yml",
           "campaigns/<id>.yml": "campaigns/jianshenian-2024.yml"}
# The alliance's example names member units that units.yml's one-entry example leaves out.
MEMBER_UNITS = [{"编号": "audit-bureau", "名称": "某市审计局机关党支部", "类型": "党支部"},
                {"编号": "trade-union", "名称": "某市总工会机关党支部", "类型": "党支部"},
                {"编号": "women-federation", "名称": "某市妇联机关党支部", "类型": "党支部"}]


def documented_examples() -> dict[str, str]:
    """File → text of every example of RECORDS.md (or of its copies when it is absent)."""
    if not RECORDS.is_file():
        return {target: (COPIES / target).read_text(encoding="utf-8") for target in TARGETS.values()}
    found = {}
    for heading, block in re.findall(r"^## (\S+).*?\n```yaml\n(.*?)```", RECORDS.read_text(encoding="utf-8"), re.S | re.M):
        if heading in TARGETS:
            found[TARGETS[heading]] = block
    return found


def documented_folder(root):
    examples = documented_examples()
    assert sorted(examples) == sorted(TARGETS.values())
    for target, text in examples.items():
        (root / target).parent.mkdir(parents=True, exist_ok=True)
        (root / target).write_text(text, encoding="utf-8")
    with (root / "units.yml").open("a", encoding="utf-8") as units:
        units.write("\n" + dump(MEMBER_UNITS))
    for image in set(re.findall(r"images/[\w.-]+", "".join(examples.values()))):
        (root / image).parent.mkdir(exist_ok=True)
        (root / image).write_bytes(PNG)
    return root


def test_the_shipped_copies_match_the_documentation():
    if not RECORDS.is_file():
        pytest.skip("../shared/RECORDS.md is not beside the project")
    copies = {target: (COPIES / target).read_text(encoding="utf-8") for target in TARGETS.values()}
    assert documented_examples() == copies


def test_the_documented_records_build(tmp_path):
    content = documented_folder(tmp_path / "content")
    site = tmp_path / "site"
    built(content, site)
    brand = (site / "brands" / "water-brand" / "index.html").read_text(encoding="utf-8")
    assert "先锋领航·水惠民生" in brand and "（一）强化理论学习，锻造过硬队伍" in brand
    assert "<strong>一是</strong>第一点。" in brand and "2024年12月5日" in brand
    case = (site / "cases" / "liuzhua" / "index.html").read_text(encoding="utf-8")
    assert "（一）抓党支部规范化建设——筑基础，分类推进规范化" in case
    assert "<strong>一是深入调研、明确目标。</strong>" in case
    assert "启示一：创新工作方式是基层组织建设的灵魂" in case
    internal = ["张某", "0000-0000000", "评审意见等。", "领导小组名单等。"]
    assert find_secrets(site, internal) == []
    alliance = (site / "alliances" / "xingzheng-lianmeng" / "index.html").read_text(encoding="utf-8")
    assert "行政中心党建联盟" in alliance and "政治理论联学" in alliance and "共学党的创新理论" in alliance
    assert "<caption>行政中心党建联盟2024年轮值安排</caption>" in alliance
    assert "../../units/audit-bureau/" in alliance and "（牵头单位）" in alliance
    activity = (site / "activities" / "gongxue-gongjin" / "index.html").read_text(encoding="utf-8")
    assert "2024年6月28日" in activity and "../../alliances/xingzheng-lianmeng/" in activity
    assert "../../brands/water-brand/" in activity and "区行政中心三楼会议室" in activity
    campaign = (site / "campaigns" / "jianshenian-2024" / "index.html").read_text(encoding="utf-8")
    assert "1 / 2个（50%）" in campaign and "目标比例为 3:6:12" in campaign
    assert "制定方案，动员部署" in campaign and "园区党工委" in campaign
    assert "gongxue-gongjin" in (site / "activities" / "index.html").read_text(encoding="utf-8")
    assert "gongxue-gongjin" in (site / "units" / "trade-union" / "index.html").read_text(encoding="utf-8")
    assert "gongxue-gongjin" in (site / "brands" / "water-brand" / "index.html").read_text(encoding="utf-8")


def test_mistakes_in_the_documented_records_are_located(tmp_path):
    content = documented_folder(tmp_path / "content")
    path = content / "brands" / "water-brand.yml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("党组织: water-bureau", "党组织: water-bureu").replace("认定日期: 2024-12-05", "认定日期: 2024-12-32")
    path.write_text(text, encoding="utf-8")
    report = Report()
    assert check_content(content, report) is None
    lines = text.splitlines()
    found = {p.field: p for p in report.errors}
    assert {"党组织", "认定日期"} <= set(found)
    assert lines[found["党组织"].line - 1].startswith("党组织: water-bureu")
    assert "water-bureau" in found["党组织"].message
    assert lines[found["认定日期"].line - 1].startswith("认定日期")
