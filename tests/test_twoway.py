"""A first build's MkDocs stage on two processes (publish/twoway.py) writes the bytes one process
writes, reports every page's warnings and progress, and a page failing in the forked process
fails the build cleanly (the threshold is lowered so the demo's pages are shared)."""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

import pytest

from conftest import DEMO, built
from generator.model import prefetch
from generator.publish import pipeline, twoway
from test_incremental import assert_same_tree, files_of

pytestmark = pytest.mark.skipif(not prefetch.can_fork(), reason="needs fork and a second core")


@pytest.fixture(autouse=True)
def fixed_date(monkeypatch):
    """MkDocs dates the sitemap by the build day: pin it across midnight."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1733400000")


def noted(monkeypatch, name: str, log_file: Path, fail=None) -> None:
    """Wrap mkdocs' build step `name`: each call appends "pid page" to log_file (written by both
    processes), logs a warning naming the page, and calls fail(page) first, if given."""
    from mkdocs.commands import build as mkdocs_build

    real = getattr(mkdocs_build, name)

    def step(page, *args, **kwargs):
        with open(log_file, "a", encoding="utf-8") as handle:
            handle.write(f"{os.getpid()} {page.file.src_uri}\n")
        if fail:
            fail(page)
        if name == "_populate_page":
            logging.getLogger("mkdocs.structure.pages").warning("测试警告 %s", page.file.src_uri)
        return real(page, *args, **kwargs)

    monkeypatch.setattr(mkdocs_build, name, step)


def calls(log_file: Path) -> dict[int, list[str]]:
    """pid → the pages it ran the step for, in order."""
    found: dict[int, list[str]] = {}
    for line in log_file.read_text(encoding="utf-8").splitlines():
        pid, page = line.split(" ", 1)
        found.setdefault(int(pid), []).append(page)
    return found


@pytest.fixture(scope="module")
def one_process(tmp_path_factory):
    """The demo built by one process, every page's warning noted: the reference."""
    root = tmp_path_factory.mktemp("one")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1733400000")
        patch.setattr(twoway, "SHARED_FROM", 10 ** 9)
        noted(patch, "_populate_page", root / "populated")
        outcome = built(DEMO, root / "site", incremental=False)
    pages = calls(root / "populated")
    assert list(pages) == [os.getpid()]
    return root / "site", outcome, pages[os.getpid()]


def test_two_processes_write_the_bytes_of_one_and_report_all_pages(one_process, tmp_path, monkeypatch):
    reference, alone, pages = one_process
    monkeypatch.setattr(twoway, "SHARED_FROM", 1)
    noted(monkeypatch, "_populate_page", tmp_path / "populated")
    noted(monkeypatch, "_build_page", tmp_path / "written")
    progress = []
    outcome = built(DEMO, tmp_path / "site", incremental=False, progress=lambda *told: progress.append(told))
    assert_same_tree(tmp_path / "site", reference)
    # Both processes converted and wrote pages; each page once, all of them.
    written = calls(tmp_path / "written")
    assert len(written) == 2 and all(written.values()) and os.getpid() in written
    assert sorted(sum(written.values(), [])) == sorted(pages)
    assert sorted(sum(calls(tmp_path / "populated").values(), [])) == sorted(pages)
    # The child's warnings are reported here, as one process reports them.
    assert sorted(outcome.mkdocs_warnings) == sorted(alone.mkdocs_warnings)
    assert {f"测试警告 {page}" for page in pages} <= set(outcome.mkdocs_warnings)
    # The progress counts the child's pages too: every page converted and written.
    for step in ("转换", "写出"):
        counts = [(done, total) for phase, told, done, total in progress if phase == "MkDocs" and told == step]
        assert max(counts) == (len(pages), len(pages))


def test_a_page_failing_in_the_child_fails_the_build_and_keeps_the_site(one_process, tmp_path, monkeypatch):
    reference, _, pages = one_process
    site = tmp_path / "site"
    built(DEMO, site, incremental=False)
    before = files_of(site)
    last = pages[-1]  # the child converts the last pages

    def broken(page):  # its source cannot be read: MkDocs names the page and stops
        from mkdocs.exceptions import BuildError

        def unreadable(config):
            raise BuildError("测试用的页面错误")

        if page.file.src_uri == last:
            page.read_source = unreadable

    monkeypatch.setattr(twoway, "SHARED_FROM", 1)
    noted(monkeypatch, "_populate_page", tmp_path / "populated", broken)
    outcome = pipeline.build(DEMO, site, incremental=False)
    assert not outcome.ok
    assert "测试用的页面错误" in outcome.refused and f"Error reading page '{last}'" in outcome.refused
    tried = [pid for pid, done in calls(tmp_path / "populated").items() if last in done]
    assert len(tried) == 2 and os.getpid() in tried  # the child failed, then this process did too
    assert files_of(site) == before


def test_a_child_that_dies_has_its_pages_built_here(one_process, tmp_path, monkeypatch):
    reference, _, pages = one_process
    here = os.getpid()

    def dies(page):
        if os.getpid() != here:
            os._exit(3)

    monkeypatch.setattr(twoway, "SHARED_FROM", 1)
    noted(monkeypatch, "_populate_page", tmp_path / "populated", dies)
    noted(monkeypatch, "_build_page", tmp_path / "written")
    built(DEMO, tmp_path / "site", incremental=False)
    assert_same_tree(tmp_path / "site", reference)
    assert len(calls(tmp_path / "populated")) == 2  # the child did start
    assert sorted(calls(tmp_path / "written")[here]) == sorted(pages)


def test_a_failure_here_stops_the_child_before_the_build_returns(one_process, tmp_path, monkeypatch):
    """The child must not write on into a staging folder the failed build leaves behind."""
    _, _, pages = one_process
    here = os.getpid()

    def slow_child_or_broken_first(page):
        from mkdocs.exceptions import BuildError

        if os.getpid() != here:
            time.sleep(0.3)  # the child would still be converting when this process fails
        elif page.file.src_uri == pages[0]:
            raise BuildError("测试用的页面错误")

    started = []
    real_start = twoway._Child.start.__func__

    def start(cls, *args):
        started.append(child := real_start(cls, *args))
        return child

    monkeypatch.setattr(twoway, "SHARED_FROM", 1)
    monkeypatch.setattr(twoway._Child, "start", classmethod(start))
    noted(monkeypatch, "_populate_page", tmp_path / "populated", slow_child_or_broken_first)
    outcome = pipeline.build(DEMO, tmp_path / "site", incremental=False)
    assert not outcome.ok and "测试用的页面错误" in outcome.refused
    assert len(started) == 1
    with pytest.raises(ProcessLookupError):
        os.kill(started[0].process.pid, 0)  # ended and reaped
    assert not (tmp_path / "site").exists()


def test_one_process_for_few_pages_other_plugins_or_worker_threads():
    import threading
    from types import SimpleNamespace

    ours = SimpleNamespace(plugins={"material/search": None, "dangjian-page-count": None})
    assert twoway.can_share(ours, twoway.SHARED_FROM)
    assert not twoway.can_share(ours, twoway.SHARED_FROM - 1)
    assert not twoway.can_share(SimpleNamespace(plugins={"material/search": None, "blog": None}), twoway.SHARED_FROM)
    seen = []
    worker = threading.Thread(target=lambda: seen.append(twoway.can_share(ours, twoway.SHARED_FROM)))
    worker.start()
    worker.join()
    assert seen == [False]  # the workbench's and serve's threads build in one process


def test_the_replayed_steps_write_what_mkdocs_own_build_writes(one_process, tmp_path):
    """twoway replays MkDocs 1.6's build() step by step: MkDocs' own build() of the same config
    writes the same pages (only our side files and search index are added after it)."""
    from mkdocs.commands.build import build as mkdocs_own_build
    from mkdocs.config import load_config

    from generator.publish import sitefolder

    site = one_process[0]
    config = load_config(str(pipeline.work_dir(site) / "mkdocs.yml"), site_dir=str(tmp_path / "own"))
    mkdocs_own_build(config)
    ours = {path: data for path, data in files_of(site).items()
            if path.split("/")[0] not in pipeline.SIDE_FOLDERS and path != sitefolder.MARKER}
    theirs = files_of(tmp_path / "own")
    index = "search/search_index.json"  # ours, from the records, replaces Material's
    assert ours.keys() == theirs.keys() and index in ours
    assert [path for path in ours if path != index and ours[path] != theirs[path]] == []
