"""The rebuild after editing one record reuses what the last build worked out (pinyin slugs,
…) and still gives the bytes and problems of a full build."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import full_content
from generator.model import slugs
from generator.publish import pipeline
from test_incremental import assert_same_tree, edit, full_build


@pytest.fixture(autouse=True)
def fixed_date(monkeypatch):
    """MkDocs dates the sitemap (and its .gz header) by the build day: pin it across midnight."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1733400000")


@pytest.fixture
def fresh_slugs(monkeypatch):
    """This process's slugs forgotten, as in a new process."""
    monkeypatch.setattr(slugs, "_MADE", {})
    monkeypatch.setattr(slugs, "_added", False)


def no_pinyin(monkeypatch) -> list[str]:
    """pypinyin's lazy_pinyin replaced by one that notes what it was asked."""
    import pypinyin

    asked: list[str] = []
    original = pypinyin.lazy_pinyin
    monkeypatch.setattr(pypinyin, "lazy_pinyin", lambda text, **kw: asked.append(text) or original(text, **kw))
    return asked


def test_kept_slugs_are_the_slugs_pypinyin_makes(tmp_path, fresh_slugs, monkeypatch):
    file = tmp_path / "slugs.marshal"
    made = {text: slugs.slug(text) for text in ("四小工作法", "示范", "师范", "河湖长制")}
    slugs.keep(file)
    monkeypatch.setattr(slugs, "_MADE", {})
    slugs.recall(file)
    asked = no_pinyin(monkeypatch)
    assert {text: slugs.slug(text) for text in made} == made and asked == []


@pytest.mark.parametrize("damage", ["garbage", "other generator", "wrong types"])
def test_stale_or_damaged_kept_slugs_are_made_again(tmp_path, fresh_slugs, monkeypatch, damage):
    import marshal

    file = tmp_path / "slugs.marshal"
    if damage == "garbage":
        file.write_bytes(b"\x80garbage")
    elif damage == "other generator":
        file.write_bytes(marshal.dumps(("another stamp", {"四小工作法": "wrong"})))
    else:
        file.write_bytes(marshal.dumps((slugs._stamp(), {"四小工作法": 3})))
    slugs.recall(file)
    asked = no_pinyin(monkeypatch)
    assert slugs.slug("四小工作法") == "si-xiao-gong-zuo-fa" and asked == ["四小工作法"]
    slugs.keep(file)  # the bad file is replaced
    monkeypatch.setattr(slugs, "_MADE", {})
    slugs.recall(file)
    assert slugs._MADE == {"四小工作法": "si-xiao-gong-zuo-fa"}


def test_an_edit_needs_no_pinyin_and_gives_a_full_build(tmp_path, fresh_slugs, monkeypatch):
    content = full_content(tmp_path / "content")
    site = tmp_path / "site"
    assert pipeline.build(content, site).ok
    monkeypatch.setattr(slugs, "_MADE", {})  # a new process
    asked = no_pinyin(monkeypatch)
    edit(content / "brands" / "bishui.yml", "一心为民治水", "一心为民治水护河")
    assert pipeline.build(content, site).ok and asked == []
    edit(content / "brands" / "bishui.yml", "河湖长制", "河湖长制新标签")  # a new tag: its slug is made
    assert pipeline.build(content, site).ok and asked == ["河湖长制新标签"]
    assert_same_tree(site, full_build(content, tmp_path))
