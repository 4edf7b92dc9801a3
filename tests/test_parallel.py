"""Work shared with forked processes gives what one process gives: the same records, problems
in the same order, the same Markdown (the thresholds are lowered so small folders share too)."""

from __future__ import annotations

import pytest

from conftest import full_content
from generator.model import load, prefetch
from generator.model.check import check_content
from generator.model.problems import Report
from generator.model.schema import KINDS
from generator.website import render, search
from generator.website.pages import plan
from generator.website.view import View

FOLDERS = {k.name: k.folder for k in KINDS.values() if k.folder}


@pytest.fixture
def messy(tmp_path):
    content = full_content(tmp_path / "content")
    (content / "brands" / "broken.yml").write_text("品牌名称: [\n", encoding="utf-8")
    (content / "brands" / "notes.txt").write_text("备忘", encoding="utf-8")
    (content / "cases" / "tab.yml").write_text("标题:\n\t- 缩进\n", encoding="utf-8")
    return content


def test_records_parsed_by_workers_are_the_records_read_here(messy, monkeypatch):
    alone = Report()
    expected = load.load_content(messy, alone, FOLDERS)
    monkeypatch.setattr(prefetch, "PARALLEL_FROM", 1)
    handed_out = []
    real = prefetch.parse_all
    monkeypatch.setattr(load, "parse_all", lambda *args: handed_out.append(len(parsed := real(*args))) or parsed)
    shared = Report()
    found = load.load_content(messy, shared, FOLDERS)
    assert handed_out[0] > 3  # the workers did read them
    assert shared.problems == alone.problems and len(alone.errors) >= 2
    for kind in expected.records:
        assert [(r.id, r.data, r.marks) for r in found.records[kind]] == [(r.id, r.data, r.marks) for r in expected.records[kind]]
    assert found.unreadable == expected.unreadable


def test_records_read_through_the_schema_by_workers_are_the_records_read_here(messy, monkeypatch):
    (messy / "brands" / "typo.yml").write_text("品牌明称: 甲\n口号: 乙\n状态: 通过\n", encoding="utf-8")
    alone = Report()
    expected = check_content(messy, alone, drafts_block=False)
    monkeypatch.setattr(prefetch, "PARALLEL_FROM", 1)
    ahead = []
    real = prefetch.parse_all
    monkeypatch.setattr(load, "parse_all", lambda *args: ahead.append(dict(parsed := real(*args))) or parsed)
    shared = Report()
    found = check_content(messy, shared, drafts_block=False)
    assert sum(reading is not None for _, _, reading in ahead[0].values()) > 3  # the workers read them
    assert [p.format() for p in shared.problems] == [p.format() for p in alone.problems]
    assert any("品牌明称" in p.format() for p in alone.problems)
    assert found is None and expected is None  # the broken files are errors either way
    monkeypatch.undo()
    for name in ("broken.yml", "typo.yml"):
        (messy / "brands" / name).unlink()
    (messy / "cases" / "tab.yml").unlink()
    expected = check_content(messy, Report())
    monkeypatch.setattr(prefetch, "PARALLEL_FROM", 1)
    found = check_content(messy, Report())
    assert expected.brands and expected.cases
    for kind in ("brands", "cases", "meetings", "alliances", "activities", "campaigns"):
        assert getattr(found, kind) == getattr(expected, kind), kind
    assert [b.source.line("name") for b in found.brands.values()] == [b.source.line("name") for b in expected.brands.values()]


def test_pages_rendered_by_a_forked_process_are_the_same(tmp_path, monkeypatch):
    catalogue = check_content(full_content(tmp_path / "content"), Report(), drafts_block=False)
    pages = plan(View(catalogue, False))
    alone = render.render(pages)
    monkeypatch.setattr(render, "SHARED_FROM", 1)
    assert render._can_share(pages)
    assert render.render(pages) == alone and list(render.render(pages)) == list(alone)


def test_search_entries_made_by_the_forked_renderer_are_the_same(tmp_path, monkeypatch):
    view = View(check_content(full_content(tmp_path / "content"), Report(), drafts_block=False), False)
    pages = plan(view)
    alone = render.render(pages)
    index = search.index_text(alone, search.labels(view))
    monkeypatch.setattr(render, "SHARED_FROM", 1)
    assert render.render(pages) == alone and not search.made_ahead  # no index wanted (serve, Zensical): none made
    shared = render.render(pages, index=search.labels(view))
    ahead = dict(search.made_ahead)
    if render.can_fork():
        assert len(ahead) == len(pages)  # each half was indexed where it was rendered
    assert search.index_text(shared, search.labels(view)) == index and not search.made_ahead
    search.made_ahead.update(ahead)  # entries made for other texts are not taken
    changed = {path: text.replace("一", "壹") for path, text in shared.items()}
    assert search.index_text(changed, search.labels(view)) == search.index_text(
        {path: text.replace("一", "壹") for path, text in alone.items()}, search.labels(view))


def test_a_template_error_in_the_forked_half_is_raised_here(tmp_path, monkeypatch):
    catalogue = check_content(full_content(tmp_path / "content"), Report(), drafts_block=False)
    pages = plan(View(catalogue, False))
    pages[-1].context = {}  # every template needs its values: StrictUndefined raises
    monkeypatch.setattr(render, "SHARED_FROM", 1)
    with pytest.raises(Exception, match="undefined"):
        render.render(pages)


def test_nothing_is_forked_from_a_worker_thread(messy, monkeypatch):
    """The workbench publishes and serve regenerates in threads: there, one process does it all."""
    import threading

    monkeypatch.setattr(prefetch, "PARALLEL_FROM", 1)
    monkeypatch.setattr(render, "SHARED_FROM", 1)
    jobs = [(path, "brand") for path in sorted((messy / "brands").glob("*.yml"))]
    seen = {}

    def in_thread():
        seen["parsed"], seen["share"] = prefetch.parse_all(jobs), render._can_share([None])

    worker = threading.Thread(target=in_thread)
    worker.start()
    worker.join()
    assert seen == {"parsed": {}, "share": False}
    if prefetch.can_fork():  # the same calls from the main thread fork (with a second core)
        assert prefetch.parse_all(jobs) and render._can_share([None])

