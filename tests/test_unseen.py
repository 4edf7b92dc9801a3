"""A content folder written straight from the format's own page (../shared/RECORDS.md),
read at test time: what a user copying the documentation would get."""

import base64
import re

import pytest

from generator import pipeline
from generator.check import check_content
from generator.problems import Report

from conftest import SHARED
from sitecheck import find_secrets

RECORDS = SHARED / "RECORDS.md"
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")
TARGETS = {"site.yml": "site.yml", "units.yml": "units.yml", "brands/<id>.yml": "brands/water-brand.yml",
           "cases/<id>.yml": "cases/liuzhua.yml", "meetings/<id>.yml": "meetings/guanmo.yml"}


def documented_folder(root):
    if not RECORDS.is_file():
        pytest.skip("../shared/RECORDS.md is not beside the project")
    text = RECORDS.read_text(encoding="utf-8")
    written = []
    for heading, block in re.findall(r"^## (\S+).*?\n```yaml\n(.*?)```", text, re.S | re.M):
        target = TARGETS.get(heading)
        if target:
            (root / target).parent.mkdir(parents=True, exist_ok=True)
            (root / target).write_text(block, encoding="utf-8")
            written.append(target)
    assert sorted(written) == sorted(TARGETS.values())
    for image in set(re.findall(r"images/[\w.-]+", text)):
        (root / image).parent.mkdir(exist_ok=True)
        (root / image).write_bytes(PNG)
    return root


def test_the_documented_records_build(tmp_path):
    content = documented_folder(tmp_path / "content")
    site = tmp_path / "site"
    outcome = pipeline.build(content, site)
    assert outcome.ok, [p.format() for p in outcome.report.problems]
    brand = (site / "brands" / "water-brand" / "index.html").read_text(encoding="utf-8")
    assert "先锋领航·水惠民生" in brand and "（一）强化理论学习，锻造过硬队伍" in brand
    assert "<strong>一是</strong>第一点。" in brand and "2024年12月5日" in brand
    case = (site / "cases" / "liuzhua" / "index.html").read_text(encoding="utf-8")
    assert "（一）抓党支部规范化建设——筑基础，分类推进规范化" in case
    assert "<strong>一是深入调研、明确目标。</strong>" in case
    assert "启示一：创新工作方式是基层组织建设的灵魂" in case
    internal = ["张某", "0000-0000000", "评审意见等。"]
    assert find_secrets(site, internal) == []


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
