"""The 发布网站 button builds in a process of its own (builder.py): on its main thread, so on every
core, kept between builds, replaced when it dies; what the page says is the build's own outcome."""

import os
import signal

import pytest

from conftest import full_content
from generator.workbench.builder import Builder, BuildFailed
from workbench_client import publish, workbench

apart = pytest.mark.skipif(not Builder.apart(), reason="one core or no fork: builds run on the calling thread")


def test_publishing_twice_says_the_site_is_up_to_date(tmp_path):
    """The second 发布 finds nothing changed: said in Chinese (it was an internal error)."""
    with workbench(tmp_path) as (client, _):
        first = publish(client)
        assert first["state"] == "done" and first["text"].startswith("发布完成：品牌 ")
        again = publish(client)
        assert again["state"] == "done" and again["text"].startswith("内容没有变化，网站已是最新")


@apart
def test_builds_run_in_one_kept_process_that_is_not_the_workbench(tmp_path):
    content = full_content(tmp_path / "content")
    builder = Builder()
    try:
        told = []
        outcome = builder.build(content, tmp_path / "site", progress=lambda *event: told.append(event))
        assert outcome.ok and outcome.pages > 10 and (tmp_path / "site" / "index.html").is_file()
        assert [label for label, _, _ in outcome.counts][:2] == ["品牌", "案例"] and outcome.counts[0][1] > 0
        assert [event[0] for event in told][-1] == "发布" and told[0][0] == "检查"
        kept = builder._process.pid
        assert kept != os.getpid()
        brand = next((content / "brands").glob("*.yml"))
        brand.write_text(brand.read_text("utf-8").replace("口号: ", "口号: 新", 1), "utf-8")
        assert builder.build(content, tmp_path / "site").ok and builder._process.pid == kept
    finally:
        builder.close()
    assert builder._process is None


@apart
def test_a_build_process_that_dies_is_said_and_replaced(tmp_path):
    content = full_content(tmp_path / "content")
    builder = Builder()
    try:
        builder.build(content, tmp_path / "site")
        first = builder._process.pid
        brand = next((content / "brands").glob("*.yml"))
        brand.write_text(brand.read_text("utf-8").replace("口号: ", "口号: 又", 1), "utf-8")
        def kill_when_generating(phase, *_):  # killed while it builds
            if phase == "生成页面":
                os.kill(first, signal.SIGKILL)

        try:
            builder.build(content, tmp_path / "site", progress=kill_when_generating)
            raise AssertionError("the build cannot have finished")
        except BuildFailed as exc:
            assert "意外结束" in str(exc) and "请再点一次" in str(exc)
        outcome = builder.build(content, tmp_path / "site")
        assert outcome.ok and builder._process.pid != first and (tmp_path / "site" / "index.html").is_file()
    finally:
        builder.close()


@apart
def test_a_build_that_fails_leaves_the_process_for_the_next(tmp_path):
    content = full_content(tmp_path / "content")
    builder = Builder()
    try:
        refused = builder.build(content, content / "site")  # inside the content folder: refused, said
        assert not refused.ok and refused.refused
        assert builder.build(content, tmp_path / "site").ok
    finally:
        builder.close()


def test_where_a_build_cannot_fork_it_runs_here(tmp_path, monkeypatch):
    content = full_content(tmp_path / "content")
    monkeypatch.setattr(Builder, "apart", staticmethod(lambda: False))
    builder = Builder()
    outcome = builder.build(content, tmp_path / "site")
    assert outcome.ok and builder._process is None and (tmp_path / "site" / "index.html").is_file()
