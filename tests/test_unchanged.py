"""A build with nothing changed is answered before any record is read (unchanged.py): it
reports what the last build reported, and anything the last build did not see is noticed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import brand, dump, full_content
from generator.publish import pipeline, unchanged


@pytest.fixture(autouse=True)
def fixed_date(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1733400000")


@pytest.fixture
def built(tmp_path) -> tuple[Path, Path]:
    content = full_content(tmp_path / "content")
    (content / "brands" / "long.yml").write_text(dump(brand("一个名称特别特别特别长的党建品牌", 党组织="audit")),
                                                 encoding="utf-8")
    site = tmp_path / "site"
    first = pipeline.build(content, site)
    assert first.ok and first.report.warnings  # the long name is a warning
    return content, site


def never_read(monkeypatch) -> None:
    """Reading the records at all fails the test."""
    from generator.model import check

    monkeypatch.setattr(check, "check_content", lambda *a, **k: pytest.fail("records were read"))


def test_nothing_changed_reads_no_record_and_reports_the_same_problems(built, monkeypatch):
    content, site = built
    before = pipeline.build(content, site)  # the slow path's own "nothing changed"
    assert before.up_to_date
    never_read(monkeypatch)
    again = pipeline.build(content, site)
    assert again.ok and again.up_to_date and again.written.written == 0
    assert again.report.problems == before.report.problems and again.pages == before.pages


def test_an_edit_that_keeps_size_and_mtime_is_still_seen(built):
    content, site = built
    record = content / "brands" / "bishui.yml"
    stat = record.stat()
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace("一心为民治水", "一心为民护水"), encoding="utf-8")  # same length
    os.utime(record, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    outcome = pipeline.build(content, site)
    assert outcome.ok and not outcome.up_to_date and outcome.rebuilt == 1
    assert "一心为民护水" in (site / "brands" / "bishui" / "index.html").read_text(encoding="utf-8")


def test_strict_after_a_build_with_warnings_still_fails(built):
    content, site = built
    outcome = pipeline.build(content, site, strict=True)
    assert not outcome.ok and outcome.report.warnings


def test_a_new_picture_or_a_touched_site_means_a_real_build(built, monkeypatch):
    content, site = built
    (content / "images").mkdir(exist_ok=True)
    (content / "images" / "new.txt").write_text("x", encoding="utf-8")
    assert pipeline.build(content, site).ok
    (site / "rss.xml").write_text("被改过", encoding="utf-8")
    outcome = pipeline.build(content, site)
    assert outcome.ok and not outcome.up_to_date and "被改过" not in (site / "rss.xml").read_text(encoding="utf-8")


def test_a_failed_build_leaves_nothing_to_recall(built):
    content, site = built
    broken = content / "brands" / "bishui.yml"
    good = broken.read_text(encoding="utf-8")
    broken.write_text("品牌名称: [", encoding="utf-8")
    assert not pipeline.build(content, site).ok
    broken.write_text(good, encoding="utf-8")
    outcome = pipeline.build(content, site)
    assert outcome.ok and outcome.up_to_date  # the published site is still the one built from these bytes


def test_full_ignores_the_snapshot(built, monkeypatch):
    content, site = built
    outcome = pipeline.build(content, site, incremental=False)
    assert outcome.ok and not outcome.up_to_date
    assert (pipeline.work_dir(site.absolute()) / unchanged.SNAPSHOT).is_file()


def test_a_file_that_cannot_be_read_is_left_to_the_full_build(built, monkeypatch):
    content, site = built
    (content / "brands" / "gone.yml").symlink_to(content / "brands" / "nowhere.yml")  # dangling
    outcome = pipeline.build(content, site)
    assert outcome.ok and any(p.file and p.file.name == "gone.yml" for p in outcome.report.problems)
