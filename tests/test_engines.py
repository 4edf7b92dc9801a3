"""Engine portability: the derived mkdocs.yml stands alone, and Zensical builds the same pages."""

from __future__ import annotations

import shutil

import pytest

from conftest import full_content
from generator.publish import pipeline
from generator.publish.engine import PythonTag, read_config


def values(node):
    if isinstance(node, dict):
        for value in node.values():
            yield from values(value)
    elif isinstance(node, list):
        for value in node:
            yield from values(value)
    elif not isinstance(node, PythonTag):
        yield node


def test_the_derived_config_is_self_contained_with_relative_paths(tmp_path):
    content = full_content(tmp_path / "content")
    assert pipeline.build(content, tmp_path / "site").ok
    work = tmp_path / ".build" / "site"
    config = read_config(work / "mkdocs.yml")
    assert "INHERIT" not in config
    assert not [v for v in values(config) if isinstance(v, str) and (v.startswith("/") or str(tmp_path) in v)]
    for folder in (config["docs_dir"], config["theme"]["custom_dir"]):
        assert (work / folder).is_dir()
    assert (work / config["theme"]["custom_dir"] / "page.html").is_file()
    assert config["plugins"] == {"search": {}}  # options Zensical accepts too


def test_a_moved_build_folder_still_builds(tmp_path):
    """Relative paths: the folder can be copied anywhere and built as it stands."""
    from generator.publish.engine import run_mkdocs

    content = full_content(tmp_path / "content")
    assert pipeline.build(content, tmp_path / "site").ok
    moved = tmp_path / "elsewhere" / "work"
    shutil.copytree(tmp_path / ".build" / "site", moved)
    run_mkdocs(moved / "mkdocs.yml")
    assert "碧水先锋" in (moved / "site" / "brands" / "bishui" / "index.html").read_text(encoding="utf-8")


@pytest.mark.skipif(shutil.which("zensical") is None, reason="Zensical is not installed (pip install .[zensical])")
def test_zensical_builds_the_generated_pages(tmp_path):
    content = full_content(tmp_path / "content")
    site = tmp_path / "site"
    outcome = pipeline.build(content, site, engine_name="zensical")
    assert outcome.ok, outcome.refused
    home = (site / "index.html").read_text(encoding="utf-8")
    brand = (site / "brands" / "bishui" / "index.html").read_text(encoding="utf-8")
    search_box = 'class="md-search" data-md-component="search"'  # Zensical's own search dialog
    assert "测试县党建品牌" in home and search_box in home
    assert "碧水先锋" in brand and "一心为民治水" in brand and search_box in brand
    assert (site / "cards" / "brands" / "bishui.jpg").is_file()
    assert "保密联系人甲乙" not in brand


def test_switching_engines_rebuilds_everything(tmp_path):
    if shutil.which("zensical") is None:
        pytest.skip("Zensical is not installed")
    content = full_content(tmp_path / "content")
    site = tmp_path / "site"
    assert pipeline.build(content, site, engine_name="zensical").ok
    outcome = pipeline.build(content, site)
    assert outcome.ok and outcome.rebuilt is None and not outcome.up_to_date
    assert (site / "search" / "search_index.json").is_file()


@pytest.mark.skipif(shutil.which("zensical") is None, reason="Zensical is not installed (pip install .[zensical])")
def test_zensical_search_finds_a_record_by_its_chinese_name(tmp_path):
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    from browser import chromium_page, serve_folder

    content = full_content(tmp_path / "content")
    site = tmp_path / "site"
    assert pipeline.build(content, site, engine_name="zensical").ok
    with serve_folder(site) as base, chromium_page() as page:
        page.goto(base)
        assert page.get_by_text("强化理论学习").count() == 0  # a measure's title: not on the home page
        for attempt in range(6):  # "/" opens Zensical's dialog (shadow DOM) once its script is listening
            page.keyboard.press("/")
            page.keyboard.type("强化理论学习")
            try:
                page.get_by_text("强化理论学习").first.wait_for(timeout=5000)
                break
            except PlaywrightTimeout:
                page.keyboard.press("Escape")
        else:
            pytest.fail("Zensical's search never showed the record")
        outside = list(page.outside)
    assert outside == []
