"""Incremental publishing: rebuilding only the changed pages gives the bytes of a full build,
and anything but changed records falls back to a full build."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import brand, case, dump, full_content, joint_content
from generator import stamps
from generator.publish import changes, generation, pipeline
from generator.stamps import stats


@pytest.fixture(autouse=True)
def fixed_date(monkeypatch):
    """MkDocs dates the sitemap (and its .gz header) by the build day: pin it across midnight."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1733400000")


def files_of(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def assert_same_tree(built: Path, reference: Path) -> None:
    mine, full = files_of(built), files_of(reference)
    assert sorted(mine) == sorted(full)
    different = [path for path in full if mine[path] != full[path]]
    assert different == []


def full_build(content: Path, tmp_path: Path) -> Path:
    reference = tmp_path / "reference" / "site"
    outcome = pipeline.build(content, reference, incremental=False)
    assert outcome.ok and outcome.rebuilt is None
    return reference


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_changed_records_rebuild_their_pages_into_the_bytes_of_a_full_build(tmp_path):
    content = full_content(tmp_path / "content")
    site = tmp_path / "site"
    assert pipeline.build(content, site).ok
    published = site / "brands" / "bishui" / "index.html"
    before = published.read_bytes()
    edit(content / "brands" / "bishui.yml", "一心为民治水", "一心为民治水护河")
    (content / "brands" / "xinpin.yml").write_text(dump(brand("新品牌名", 标签=["新标签"])), encoding="utf-8")
    (content / "cases" / "caogao.yml").unlink()
    (content / "cases" / "xin.yml").write_text(dump(case("新的案例标题", 相关品牌=["xinpin"])), encoding="utf-8")
    edit(content / "cases" / "liuzhua.yml", "坚持六抓工作机制", "坚持六抓工作机制改")  # listed on bishui's page
    outcome = pipeline.build(content, site)
    assert outcome.ok and outcome.rebuilt is not None and 0 < outcome.rebuilt < outcome.pages
    assert "一心为民治水护河" in (site / "brands" / "bishui" / "index.html").read_text(encoding="utf-8")
    assert before != (site / "brands" / "bishui" / "index.html").read_bytes()
    assert "坚持六抓工作机制改" in (site / "brands" / "bishui" / "index.html").read_text(encoding="utf-8")
    assert_same_tree(site, full_build(content, tmp_path))


def test_the_old_site_is_never_written_through_its_links(tmp_path):
    content = full_content(tmp_path / "content")
    site = tmp_path / "site"
    assert pipeline.build(content, site).ok
    old = site.parent / "kept"
    os.rename(site, old)  # the previous site, as a reader's open files would still see it
    shutil.copytree(old, site, copy_function=os.link)
    before = files_of(old)
    edit(content / "brands" / "bishui.yml", "一心为民治水", "一心为民治水护河")
    outcome = pipeline.build(content, site)
    assert outcome.ok and outcome.rebuilt is not None
    assert files_of(old) == before


def test_nothing_changed_writes_nothing(tmp_path):
    content = full_content(tmp_path / "content")
    site = tmp_path / "site"
    assert pipeline.build(content, site).ok
    stamps = stats(site)
    outcome = pipeline.build(content, site)
    assert outcome.up_to_date and outcome.written.written == 0
    assert stats(site) == stamps


def rebuilt_after(tmp_path, change) -> pipeline.BuildResult:
    content = full_content(tmp_path / "content")
    site = tmp_path / "site"
    assert pipeline.build(content, site).ok
    edit(content / "brands" / "bishui.yml", "一心为民治水", "一心为民治水护河")
    change(content, site)
    outcome = pipeline.build(content, site)
    assert outcome.ok
    assert_same_tree(site, full_build(content, tmp_path))
    return outcome


def test_a_changed_site_config_rebuilds_everything(tmp_path):
    outcome = rebuilt_after(tmp_path, lambda content, site: edit(content / "site.yml", "测试县直机关工委", "测试县委组织部"))
    assert outcome.rebuilt is None and "配置" in outcome.full_reason


def test_a_new_generator_version_rebuilds_everything(tmp_path, monkeypatch):
    outcome = rebuilt_after(tmp_path, lambda content, site: monkeypatch.setattr(changes, "__version__", "99"))
    assert outcome.rebuilt is None and "版本" in outcome.full_reason


def test_a_changed_theme_or_template_rebuilds_everything(tmp_path, monkeypatch):
    package = tmp_path / "package"
    package.mkdir()
    (package / "page.html").write_text("one", encoding="utf-8")
    monkeypatch.setattr(stamps, "PACKAGE", package)
    outcome = rebuilt_after(tmp_path, lambda content, site: (package / "page.html").write_text("two", encoding="utf-8"))
    assert outcome.rebuilt is None


@pytest.mark.parametrize("damage", ["removed", "edited"])
def test_a_damaged_published_site_is_rebuilt_whole(tmp_path, damage):
    def spoil(content, site):
        target = site / "units" / "water" / "index.html"
        if damage == "removed":
            target.unlink()
        else:
            target.write_text("改坏了", encoding="utf-8")

    outcome = rebuilt_after(tmp_path, spoil)
    assert outcome.rebuilt is None and "改动" in outcome.full_reason


def test_a_preview_after_a_public_build_elsewhere_is_full(tmp_path):
    content = full_content(tmp_path / "content")
    assert pipeline.build(content, tmp_path / "site").ok
    outcome = pipeline.build(content, tmp_path / "preview", preview=True)
    assert outcome.ok and outcome.rebuilt is None


def test_an_edit_rereads_one_record_file_and_warnings_are_kept(tmp_path, monkeypatch):
    from generator.model import load

    content = full_content(tmp_path / "content")
    (content / "brands" / "long.yml").write_text(dump(brand("一个名字特别特别长的党建特色品牌名称")), encoding="utf-8")
    site = tmp_path / "site"
    first = pipeline.build(content, site)
    assert first.ok and first.report.warnings
    read = []
    original = load.load_file
    monkeypatch.setattr(load, "load_file", lambda path, *args: read.append(path.name) or original(path, *args))
    edit(content / "brands" / "bishui.yml", "一心为民治水", "一心为民治水护河")
    again = pipeline.build(content, site)
    assert again.ok and [name for name in read if name not in ("site.yml", "units.yml")] == ["bishui.yml"]
    assert [p.format() for p in again.report.problems] == [p.format() for p in first.report.problems]


def test_a_changed_picture_or_site_file_rereads_every_record(tmp_path, monkeypatch):
    from generator.model import load

    content = full_content(tmp_path / "content")
    site = tmp_path / "site"
    assert pipeline.build(content, site).ok
    read = []
    original = load.load_file
    monkeypatch.setattr(load, "load_file", lambda path, *args: read.append(path.name) or original(path, *args))
    (content / "images").mkdir()
    (content / "images" / "new.png").write_bytes(b"not really a picture")
    assert pipeline.build(content, site).ok
    assert "bishui.yml" in read and "liuzhua.yml" in read


def test_a_renamed_unit_reaches_every_page_that_shows_it(tmp_path):
    content = full_content(tmp_path / "content")
    site = tmp_path / "site"
    assert pipeline.build(content, site).ok
    edit(content / "units.yml", "测试县水利局机关党支部", "测试县水务局机关党支部")
    outcome = pipeline.build(content, site)
    assert outcome.ok and outcome.rebuilt is not None
    assert "测试县水务局机关党支部" in (site / "brands" / "bishui" / "index.html").read_text(encoding="utf-8")
    assert_same_tree(site, full_build(content, tmp_path))


def rendered_after(tmp_path, monkeypatch, old: str, new: str) -> tuple[list[str], Path, Path]:
    """The pages rendered again after bishui.yml's `old` becomes `new`; the content and site."""
    from generator.website import render as render_module

    content = joint_content(tmp_path / "content")
    (content / "brands" / "other.yml").write_text(dump(brand("另一个品牌", 党组织="audit")), encoding="utf-8")
    site = tmp_path / "site"
    assert pipeline.build(content, site).ok
    rendered = []
    original = render_module.render
    monkeypatch.setattr(render_module, "render", lambda pages, *told: rendered.extend(p.path for p in pages) or original(pages, *told))
    edit(content / "brands" / "bishui.yml", old, new)
    assert pipeline.build(content, site).ok
    return rendered, content, site


LIST_PAGES = ["index.md", "brands/index.md", "units/index.md", "units/water.md", "announcements/index.md"]


def test_an_edit_of_a_field_no_list_shows_renders_only_its_own_page(tmp_path, monkeypatch):
    rendered, content, site = rendered_after(tmp_path, monkeypatch, "一心为民治水", "一心为民治水护河")  # 口号
    assert "brands/bishui.md" in rendered
    assert [path for path in rendered if path in LIST_PAGES or path.startswith("tags/")] == []
    assert "brands/other.md" not in rendered and "units/audit.md" not in rendered
    assert_same_tree(site, full_build(content, tmp_path))


def test_an_edit_of_a_listed_field_renders_every_list_that_shows_it(tmp_path, monkeypatch):
    rendered, content, site = rendered_after(tmp_path, monkeypatch, "品牌名称: 碧水先锋", "品牌名称: 碧水先锋队")
    assert "brands/bishui.md" in rendered and all(path in rendered for path in LIST_PAGES)
    assert any(path.startswith("tags/") and path != "tags/index.md" for path in rendered)  # its tags list it
    assert "units/audit.md" not in rendered  # lists none of bishui's
    assert "碧水先锋队" in (site / "units" / "water" / "index.html").read_text(encoding="utf-8")
    assert_same_tree(site, full_build(content, tmp_path))


def test_damaged_caches_are_ignored(tmp_path):
    content = full_content(tmp_path / "content")
    site = tmp_path / "site"
    assert pipeline.build(content, site).ok
    work = tmp_path / ".build" / "site"
    damaged = [*(work / generation.PAGE_CACHE).iterdir(), *(work / generation.SEARCH_PAGES).iterdir(),
               *(work / pipeline.RECORD_CACHE).iterdir()]
    assert len(damaged) > 3
    for file in damaged:
        file.write_bytes(b"\x80\x05garbage")
    edit(content / "brands" / "bishui.yml", "一心为民治水", "一心为民治水护河")
    outcome = pipeline.build(content, site)
    assert outcome.ok
    assert_same_tree(site, full_build(content, tmp_path))


def test_edits_to_activities_and_alliances_reach_the_pages_that_list_them(copy_demo, tmp_path):
    site = tmp_path / "site"
    assert pipeline.build(copy_demo, site).ok
    for folder in ("activities", "alliances"):
        record = sorted((copy_demo / folder).glob("*.yml"))[0]
        text = record.read_text(encoding="utf-8")
        first = next(line for line in text.splitlines() if line.startswith(("标题:", "联盟名称:")))
        record.write_text(text.replace(first, first + "（改）", 1), encoding="utf-8")
    outcome = pipeline.build(copy_demo, site)
    assert outcome.ok and outcome.rebuilt is not None
    assert_same_tree(site, full_build(copy_demo, tmp_path))


def test_edited_activities_tags_and_approval_dates_reach_every_cached_page(tmp_path):
    """Activity, feed, tag and announcement pages come from the page cache while their records
    are unchanged: each kind of edit below must still give a full build's bytes."""
    content = joint_content(tmp_path / "content")
    site = tmp_path / "site"
    assert pipeline.build(content, site).ok
    for record in sorted((content / "activities").glob("*.yml"))[:1]:
        edit(record, "标题: ", "标题: 改过的")
    edit(content / "brands" / "bishui.yml", "品牌名称: 碧水先锋", "品牌名称: 碧水先锋队")  # on its tags' pages
    edit(content / "brands" / "bishui.yml", "2024-12-05", "2024-12-06")
    outcome = pipeline.build(content, site)
    assert outcome.ok and outcome.rebuilt is not None
    assert_same_tree(site, full_build(content, tmp_path))
