"""serve's site kept in memory (livesite.py): a save rebuilds only the changed pages, and what
it serves is what a fresh full build of the same pages gives, search index included."""

import json
import shutil
import threading
import time
import urllib.request

import pytest

from generator.publish import livesite
from generator.publish import serve as serving
from generator.stamps import stats
from generator.publish.livesite import LiveSite

URL = "http://127.0.0.1:8000/"


def _site(content, work, session):
    assert serving.regenerate(content, work, False, session)
    live = LiveSite(work / "mkdocs.yml", work.parent / (work.name + "-site"), URL)
    return live


def _files(site):
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def _same_as_a_fresh_build(live, tmp_path):
    """The live site's files equal a full build's of the same docs folder (its own config copied)."""
    fresh_work = tmp_path / "fresh-work"
    shutil.rmtree(fresh_work, ignore_errors=True)
    shutil.copytree(live.config_file.parent, fresh_work, ignore=shutil.ignore_patterns("*-site"))
    fresh = LiveSite(fresh_work / "mkdocs.yml", tmp_path / "fresh-site", URL)
    assert fresh.build() is None
    ours, theirs = _files(live.site_dir), _files(fresh.site_dir)
    assert ours.keys() == theirs.keys()
    assert [path for path in ours if ours[path] != theirs[path]] == []


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_save_rebuilds_only_the_changed_pages_and_equals_a_full_build(tmp_path, copy_demo):
    session = serving.Kept()
    live = _site(copy_demo, tmp_path / "work", session)
    assert live.build() is None
    brand = live.site_dir / "brands" / "xianfeng-shuihui" / "index.html"
    other = live.site_dir / "brands" / "hongdun-huqi" / "index.html"
    other_stamp = other.stat().st_mtime_ns
    before = stats(live.docs_dir)
    _edit(copy_demo / "brands" / "xianfeng-shuihui.yml", "党旗映碧水", "保存后的新口号")
    assert serving.regenerate(copy_demo, tmp_path / "work", False, session)
    after = stats(live.docs_dir)
    written = {path for path in after if after[path] != before.get(path)}
    assert "brands/xianfeng-shuihui.md" in written and len(written) < len(after) // 2
    assert live.build() == len(written)  # the pages the save rewrote, and only those
    assert "保存后的新口号" in brand.read_text(encoding="utf-8")
    assert other.stat().st_mtime_ns == other_stamp
    index = json.loads((live.site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    found = [doc["location"] for doc in index["docs"] if "保存后的新口号" in doc["text"].replace("\u200b", "")]
    assert any(location.startswith("brands/xianfeng-shuihui/") for location in found)
    assert not any("党旗映碧水" in doc["text"].replace("\u200b", "") for doc in index["docs"]
                   if doc["location"].startswith("brands/xianfeng-shuihui/"))
    assert live.build() == 0  # nothing changed since
    _same_as_a_fresh_build(live, tmp_path)
    # That build reset Material's search plugin (one object per process): everything again, not a stale index.
    assert live.build() is None
    _same_as_a_fresh_build(live, tmp_path)


def test_a_new_and_a_removed_record_add_and_remove_their_pages(tmp_path, copy_demo):
    session = serving.Kept()
    live = _site(copy_demo, tmp_path / "work", session)
    live.build()
    source = copy_demo / "brands" / "xianfeng-shuihui.yml"
    copy = copy_demo / "brands" / "xianfeng-fuben.yml"
    copy.write_text(source.read_text(encoding="utf-8").replace("党旗映碧水", "复制出来的品牌"), encoding="utf-8")
    (copy_demo / "brands" / "hongdun-huqi.yml").unlink()
    assert serving.regenerate(copy_demo, tmp_path / "work", False, session)
    assert live.build() >= 2
    assert "复制出来的品牌" in (live.site_dir / "brands" / "xianfeng-fuben" / "index.html").read_text(encoding="utf-8")
    assert not (live.site_dir / "brands" / "hongdun-huqi").exists()
    index = json.loads((live.site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert not any(doc["location"].startswith("brands/hongdun-huqi/") for doc in index["docs"])
    _same_as_a_fresh_build(live, tmp_path)


def test_a_changed_site_name_rebuilds_every_page(tmp_path, copy_demo):
    session = serving.Kept()
    live = _site(copy_demo, tmp_path / "work", session)
    live.build()
    site = (copy_demo / "site.yml").read_text(encoding="utf-8")
    name = next(line for line in site.splitlines() if line.startswith("站点名称:")).split(":", 1)[1].strip()
    _edit(copy_demo / "site.yml", name, "改了名字的展示平台")
    assert serving.regenerate(copy_demo, tmp_path / "work", False, session)
    assert live.build() is None
    assert "改了名字的展示平台" in (live.site_dir / "brands" / "hongdun-huqi" / "index.html").read_text(encoding="utf-8")


def test_a_search_plugin_without_its_entry_list_stops_loudly():
    class Plugin:
        search_index = object()

    class Config:
        plugins = {"material/search": Plugin()}

    with pytest.raises(RuntimeError, match="search_index.entries"):
        livesite.search_index(Config())


def test_mkdocs_build_loop_wakes_when_asked_and_reloads_browsers_only_after_a_change(tmp_path):
    """serve wakes MkDocs' build loop, and keeps browsers from reloading after a build that
    changed nothing, through LiveReloadServer's private state (MkDocs 1.6): this fails loudly
    if an upgrade renames it. Browsers ask /livereload/<epoch>/… for the site's epoch."""
    from mkdocs.livereload import LiveReloadServer

    answers, builds = [False, True], []

    def built():
        builds.append(answers[len(builds)])
        return builds[-1]

    server = LiveReloadServer(builder=lambda: serving._build_for(server, built), host="127.0.0.1", port=0,
                              root=str(tmp_path))
    server.build_delay = 0
    loop = threading.Thread(target=server.serve)
    loop.start()

    def epoch():
        deadline = time.monotonic() + 10
        while True:  # serve() binds and listens on the thread: refused until then
            try:
                port = server.server_address[1]
                return int(urllib.request.urlopen(f"http://127.0.0.1:{port}/livereload/0/1", timeout=5).read())
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def reloaded(first):
        deadline = time.monotonic() + 5
        while epoch() == first and time.monotonic() < deadline:  # set just after the build returns
            time.sleep(0.02)
        return epoch() > first

    def rebuilt(count):
        serving.ask_rebuild(server)
        deadline = time.monotonic() + 5
        while len(builds) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(0.1)
        return len(builds) == count

    try:
        first = epoch()
        assert builds == []
        assert rebuilt(1) and epoch() == first  # nothing changed: no reload
        time.sleep(0.01)
        assert rebuilt(2) and reloaded(first)
    finally:
        server.shutdown()
        loop.join(10)
    assert not loop.is_alive()
