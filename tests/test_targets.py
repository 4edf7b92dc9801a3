"""Where sites go: a preview never replaces or lands inside a public site, odd output folders
are refused before anything is created, a damaged published site is repaired, and a site
that cannot be cleaned up never blocks the next build."""

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.publish import pipeline
from generator.publish import sitefolder
from generator.website.drawing import DrawingJob, Task

from conftest import PROJECT, SECRETS, full_content, tree_digest


def cli_build(content, site, *extra):
    return subprocess.Popen([sys.executable, "-m", "generator", "build", "--content", str(content),
                             "--site-dir", str(site), *extra], cwd=site.parent, text=True, encoding="utf-8",
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={"PYTHONPATH": str(PROJECT), "PATH": os.environ.get("PATH", "/usr/bin:/bin")})


def test_public_and_preview_started_together_never_leave_a_preview_in_place(tmp_path):
    content = full_content(tmp_path / "content")
    site = tmp_path / "site"
    for trial in range(2):
        public, preview = cli_build(content, site), cli_build(content, site, "--preview")
        (_, said), _ = public.communicate(), preview.communicate()
        assert public.returncode == 0, said
        assert sitefolder.site_kind(site) == "public", trial
        assert SECRETS["draft_brand"] not in (site / "brands" / "index.html").read_text(encoding="utf-8")
        shutil.rmtree(site)


@pytest.mark.skipif(sys.platform == "win32", reason="fork and flock")
def test_a_killed_build_leaves_no_lock_in_the_workers_it_forked(tmp_path):
    """The drawing and the second half of the pages are forked while the build holds its lock;
    killed (out of memory, the workbench's 停止), the build must not leave them holding it."""
    import fcntl
    import signal

    script = f"""
import multiprocessing, os, signal, time
from pathlib import Path
from generator.publish import sitefolder
with sitefolder.locked(Path({str(tmp_path)!r})):
    worker = multiprocessing.get_context("fork").Process(target=time.sleep, args=(60,))
    worker.start()
    print(worker.pid, flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
"""
    build = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True,
                             env={"PYTHONPATH": str(PROJECT), "PATH": os.environ.get("PATH", "/usr/bin:/bin")})
    with build.stdout:  # the worker keeps the pipe open: read its number, not to the end
        worker = int(build.stdout.readline())
    try:
        assert build.wait(timeout=60) == -signal.SIGKILL
        deadline = time.monotonic() + 10  # the worker lets go as it starts, maybe a moment after the kill
        with open(tmp_path / ".lock", "w") as handle:
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:  # held by the worker: for its whole minute without the fix
                    assert time.monotonic() < deadline, "the killed build's worker still holds the lock"
                    time.sleep(0.05)
    finally:
        os.kill(worker, signal.SIGKILL)


@pytest.mark.parametrize("inner", ["preview", "a/b/preview"])
def test_a_preview_inside_a_public_site_is_refused_before_anything_is_written(fixture_site, inner):
    content, site = fixture_site
    before = tree_digest(site)
    outcome = pipeline.build(content, site / inner, preview=True)
    assert outcome.refused and "公开网站" in outcome.refused
    assert tree_digest(site) == before and not (site / inner.split("/")[0]).exists()


def test_a_public_site_inside_a_preview_is_refused(tmp_path):
    content = full_content(tmp_path / "content")
    assert pipeline.build(content, tmp_path / "preview", preview=True).ok
    outcome = pipeline.build(content, tmp_path / "preview" / "site")
    assert outcome.refused and "预览版网站" in outcome.refused


def test_a_preview_never_replaces_a_public_site(fixture_site):
    content, site = fixture_site
    outcome = pipeline.build(content, site, preview=True)
    assert outcome.refused and sitefolder.site_kind(site) == "public"


@pytest.mark.parametrize("name, words", [(".build", "工作文件夹"), (".build/site", "工作文件夹"), (".site.building", "工作文件夹"),
                                         ("content", "内容文件夹"), ("content/site", "内容文件夹")])
def test_output_folders_that_would_clash_are_refused(tmp_path, name, words):
    content = full_content(tmp_path / "content")
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    outcome = pipeline.build(content, tmp_path / name)
    assert outcome.refused and words in outcome.refused
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before


def test_a_symlinked_output_folder_is_refused_and_left_alone(tmp_path):
    content = full_content(tmp_path / "content")
    (tmp_path / "real").mkdir()
    (tmp_path / "site").symlink_to(tmp_path / "real")
    outcome = pipeline.build(content, tmp_path / "site")
    assert outcome.refused and "符号链接" in outcome.refused
    assert (tmp_path / "site").is_symlink() and not (tmp_path / ".site.building").exists()


def test_a_mount_point_is_refused_with_advice(tmp_path, monkeypatch):
    content = full_content(tmp_path / "content")
    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.setattr(os.path, "ismount", lambda path: str(path) == str(site))
    outcome = pipeline.build(content, site)
    assert outcome.refused and "挂载点" in outcome.refused and "子文件夹" in outcome.refused


def test_a_damaged_site_is_rebuilt_not_called_up_to_date(fixture_site):
    content, site = fixture_site
    page = site / "brands" / "bishui" / "index.html"
    (site / "rss.xml").unlink()
    page.write_text("被手工改坏了", encoding="utf-8")
    outcome = pipeline.build(content, site)
    assert outcome.ok and not outcome.up_to_date
    assert (site / "rss.xml").is_file() and "被手工改坏了" not in page.read_text(encoding="utf-8")
    assert pipeline.build(content, site).up_to_date


def test_build_full_runs_even_when_nothing_changed(fixture_site):
    content, site = fixture_site
    assert pipeline.build(content, site).up_to_date
    outcome = pipeline.build(content, site, incremental=False)
    assert outcome.ok and not outcome.up_to_date


def test_an_old_site_that_cannot_be_deleted_is_set_aside_and_later_builds_work(tmp_path, monkeypatch):
    content = full_content(tmp_path / "content")
    site = tmp_path / "site"
    assert pipeline.build(content, site).ok
    real_rmtree = shutil.rmtree
    monkeypatch.setattr(sitefolder.shutil, "rmtree", lambda path, **kw: None)  # as if every file were locked
    outcome = pipeline.build(content, site, incremental=False)
    assert outcome.ok and any("无法删除" in s for s in outcome.skipped)
    assert sitefolder.site_kind(site) == "public"
    monkeypatch.setattr(sitefolder.shutil, "rmtree", real_rmtree)
    assert pipeline.build(content, site, incremental=False).ok
    assert not (tmp_path / ".site.building").exists() and not (tmp_path / ".site.old").exists()


def _edit_slogan(content, text: str) -> None:
    record = content / "brands" / "bishui.yml"
    record.write_text(record.read_text(encoding="utf-8").replace("一心为民治水", text, 1), encoding="utf-8")


def test_the_site_an_edit_replaced_is_kept_as_the_next_edits_twin_and_a_leftover_said(tmp_path, monkeypatch):
    content = full_content(tmp_path / "content")
    site = tmp_path / "site"
    assert pipeline.build(content, site).ok
    work = pipeline.work_dir(site)
    assert (work / pipeline.SPARE / "index.html").is_file()  # linked after the full build
    _edit_slogan(content, "一心为民治水护河")
    outcome = pipeline.build(content, site)
    assert outcome.ok and outcome.rebuilt is not None and outcome.skipped == []
    assert not (work / pipeline.STAGING).exists()
    assert "一心为民治水护河" not in (work / pipeline.SPARE / "brands" / "bishui" / "index.html").read_text(encoding="utf-8")
    assert "一心为民治水护河" in (site / "brands" / "bishui" / "index.html").read_text(encoding="utf-8")
    # A replaced site an earlier version could not delete is set aside by the next build, which says so.
    (work / sitefolder.REPLACED / "locked").mkdir(parents=True)
    monkeypatch.setattr(sitefolder.shutil, "rmtree", lambda path, **kw: None)  # as if every file were locked
    _edit_slogan(content, "一心为民治水护河湖")
    outcome = pipeline.build(content, site)
    assert outcome.ok and any("无法删除" in s for s in outcome.skipped)
    assert "一心为民治水护河湖" in (site / "brands" / "bishui" / "index.html").read_text(encoding="utf-8")


def test_a_failed_swap_leaves_the_old_site_and_says_so(tmp_path, monkeypatch):
    content = full_content(tmp_path / "content")
    site = tmp_path / "site"
    assert pipeline.build(content, site).ok
    before = tree_digest(site)
    monkeypatch.setattr(sitefolder, "_exchange", lambda a, b: False)
    real_rename = os.rename
    monkeypatch.setattr(sitefolder.os, "rename",
                        lambda a, b: (_ for _ in ()).throw(PermissionError(13, "Permission denied", str(a)))
                        if str(b) == str(site) and not str(a).endswith(".site.old") else real_rename(a, b))
    outcome = pipeline.build(content, site, incremental=False)
    assert outcome.refused and "原来的网站保持不变" in outcome.refused
    assert tree_digest(site) == before


def test_cached_side_files_are_replaced_not_rewritten_in_place(tmp_path):
    """The published site hard-links the cache: rewriting a cached file in place changed the
    live site before the swap (the cause of the "old or new, never a mix" flake)."""
    cache, published = tmp_path / "cache", tmp_path / "site"
    DrawingJob([Task(("card.png",), "old", _bytes, b"old card")], cache).finish(published)
    DrawingJob([Task(("card.png",), "new", _bytes, b"new card")], cache).cached()
    assert (published / "card.png").read_bytes() == b"old card"


@pytest.mark.parametrize("count", [2, 45])  # drawn here, or by a worker beside the build
def test_a_drawing_stopped_halfway_leaves_no_file_the_cache_vouches_for_wrongly(tmp_path, count):
    """Files are drawn into the cache as they come (in the workers, beside MkDocs): stopped
    halfway, those already redrawn must not pass for their old versions next time."""
    cache, names = tmp_path / "cache", [f"{n}.png" for n in range(count)]

    def tasks(key, last=_bytes):
        return [Task((name,), key, last if name == names[-1] else _bytes, key.encode()) for name in names]

    DrawingJob(tasks("one"), cache).cached()
    with pytest.raises(RuntimeError):
        DrawingJob(tasks("two", last=_broken), cache).cached()
    again = DrawingJob(tasks("one"), cache)
    assert {path: Path(file).read_bytes() for path, file in again.cached().items()} == dict.fromkeys(names, b"one")


def test_a_drawing_cancelled_when_the_build_fails_leaves_no_file_the_cache_vouches_for_wrongly(tmp_path):
    cache, names = tmp_path / "cache", [f"{n}.png" for n in range(45)]
    DrawingJob([Task((name,), "one", _bytes, b"one") for name in names], cache).cached()
    drawing = DrawingJob([Task((name,), "two", _bytes, b"two") for name in names], cache)
    drawing.start()  # as MkDocs starts; MkDocs then fails
    deadline = time.monotonic() + 30
    while (cache / "0.png").read_bytes() != b"two" and time.monotonic() < deadline:
        time.sleep(0.01)
    drawing.cancel()
    again = DrawingJob([Task((name,), "one", _bytes, b"one") for name in names], cache)
    assert {path: Path(file).read_bytes() for path, file in again.cached().items()} == dict.fromkeys(names, b"one")


def _broken(_):
    raise RuntimeError("a drawing that fails")


def _bytes(data):
    return (data,)
