"""`serve` for a clerk: QR codes load, a save with mistakes shows them in the browser until
fixed, the watcher outlives any failed rebuild, and the log is short and Chinese."""

import logging
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

from generator.publish import serve as serving
from generator.publish.livesite import LiveSite
from generator.publish.generation import PROBLEMS

from browser import chromium_page, serve_address
from conftest import PROJECT


def test_a_rebuild_that_crashes_is_said_shown_and_the_next_save_works(tmp_path, copy_demo, monkeypatch, capsys):
    work = tmp_path / "work"
    session = serving.Kept()
    assert serving.regenerate(copy_demo, work, False, session)
    live = LiveSite(work / "mkdocs.yml", tmp_path / "site", "http://127.0.0.1:8000/")
    live.build()
    real = serving.regenerate

    def crashing(*args):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(serving, "regenerate", crashing)
    serving.rebuild(copy_demo, work, False, session, live)  # says so, raises nothing
    assert "重新生成页面时出错" in capsys.readouterr().err
    assert "重新生成页面时出错" in (live.site_dir / PROBLEMS).read_text(encoding="utf-8")
    monkeypatch.setattr(serving, "regenerate", real)
    record = copy_demo / "brands" / "xianfeng-shuihui.yml"
    record.write_text(record.read_text(encoding="utf-8").replace("党旗映碧水", "修好以后"), encoding="utf-8")
    serving.rebuild(copy_demo, work, False, session, live)
    assert "已重新生成页面" in capsys.readouterr().err
    assert (live.site_dir / PROBLEMS).read_text(encoding="utf-8") == "[]"
    assert "修好以后" in (live.site_dir / "brands" / "xianfeng-shuihui" / "index.html").read_text(encoding="utf-8")


def test_the_watcher_tells_once_per_save_and_starts_from_what_it_was_given(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    (content / "a.yml").write_text("口号: 一\n", encoding="utf-8")
    before = serving.stats(content)
    (content / "a.yml").write_text("口号: 改过\n", encoding="utf-8")  # saved while the first build ran
    told = []
    stop = threading.Event()
    watcher = threading.Thread(target=serving._watch, args=(content, stop, lambda: told.append(1), before))
    watcher.start()
    try:
        deadline = time.monotonic() + 5
        while not told and time.monotonic() < deadline:
            time.sleep(0.02)
        assert told == [1]
        (tmp_path / "b.yml").write_text("口号: 二\n", encoding="utf-8")
        os.replace(tmp_path / "b.yml", content / "b.yml")  # whole: an empty file first would be a save of its own
        while len(told) < 2 and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(3 * serving.POLL_SECONDS)
        assert told == [1, 1]
    finally:
        stop.set()
        watcher.join()


def test_the_watcher_is_woken_by_a_write_and_not_by_a_read(tmp_path):
    (tmp_path / "brands").mkdir()
    record = tmp_path / "brands" / "a.yml"
    record.write_text("口号: 一\n", encoding="utf-8")
    woken = threading.Event()
    observer = serving._notices(tmp_path, woken)
    assert observer is not None  # Linux: inotify through watchdog
    try:
        time.sleep(0.3)
        woken.clear()
        record.read_text(encoding="utf-8")  # as the regeneration reads every record
        assert not woken.wait(0.5)
        record.write_text("口号: 二\n", encoding="utf-8")
        assert woken.wait(2)
    finally:
        observer.stop()
        observer.join()


def test_the_log_keeps_problems_and_drops_progress_and_requests(capsys):
    log = logging.getLogger("mkdocs.test")
    log.addHandler(serving.ClerkLog())
    log.propagate = False
    for level, message in ((logging.INFO, "Building documentation..."),
                           (logging.WARNING, "A 'dirty' build is being performed, this will likely lead to inaccurate"),
                           (logging.INFO, "The following pages exist in the docs directory, but are not included "
                                          "in the \"nav\" configuration:\n  - a.md"),
                           (logging.WARNING, '"GET /favicon.ico HTTP/1.1" code 404'),
                           (logging.WARNING, "Doc file 'x.md' contains a link 'y.md', but the target is not found")):
        log.log(level, message)
    watchdog, said = logging.getLogger("watchdog.observers.inotify"), serving.ClerkLog()
    watchdog.addHandler(said)
    try:
        watchdog.propagate = False
        watchdog.error("InotifyEmitter.queue_events() called when the thread is inactive")
    finally:
        watchdog.removeHandler(said)
        watchdog.propagate = True
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["警告 网站生成工具（MkDocs）：Doc file 'x.md' contains a link 'y.md', but the target is not found"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_serve_shows_qr_codes_and_problems_in_the_page(tmp_path, copy_demo):
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--content", str(copy_demo), "--addr", f"127.0.0.1:{port}"],
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8",
        env={"PYTHONPATH": str(PROJECT), "PATH": "/usr/bin:/bin"})
    url = f"http://127.0.0.1:{port}/brands/xianfeng-shuihui/"
    try:
        address, cookie = serve_address(server)
        with chromium_page() as page:
            page.goto(address)  # the token becomes a cookie
            page.goto(url)
            qr = page.locator(".share-qr img")
            page.wait_for_function("document.querySelector('.share-qr img').naturalWidth > 0", timeout=10000)
            picture = urllib.request.Request(qr.evaluate("img => img.src"), headers=cookie)
            assert urllib.request.urlopen(picture, timeout=5).status == 200
            record = copy_demo / "brands" / "xianfeng-shuihui.yml"
            good = record.read_text(encoding="utf-8")
            record.write_text(good.replace("状态: 已认定", "状态: 通过了"), encoding="utf-8")
            page.wait_for_selector(".serve-problems", timeout=30000)
            assert "xianfeng-shuihui.yml" in page.locator(".serve-problems").inner_text()
            record.write_text(good, encoding="utf-8")
            page.wait_for_function("!document.querySelector('.serve-problems')", timeout=30000)
    finally:
        server.terminate()
        _, err = server.communicate(timeout=20)
        err = "".join(getattr(server, "said", [])) + err  # what it said before its address too
    english = [line for line in err.splitlines()
               if line.strip() and not any("\u4e00" <= ch <= "\u9fff" for ch in line)]
    assert english == [], err
    assert "Building documentation" not in err and "nav" not in err and "jieba" not in err.lower()


def test_a_save_rereads_only_the_saved_file_and_gives_the_pages_of_a_fresh_start(tmp_path, copy_demo, monkeypatch):
    from generator.model import load

    session = serving.Kept()
    work = tmp_path / "work"
    assert serving.regenerate(copy_demo, work, False, session)
    read = []
    original = load.load_file
    monkeypatch.setattr(load, "load_file", lambda path, *args: read.append(path.name) or original(path, *args))
    record = copy_demo / "brands" / "xianfeng-shuihui.yml"
    text = record.read_text(encoding="utf-8")
    slogan = next(line for line in text.splitlines() if line.startswith("口号:"))
    record.write_text(text.replace(slogan, slogan + "改", 1), encoding="utf-8")
    assert serving.regenerate(copy_demo, work, False, session)
    assert [name for name in read if name not in ("site.yml", "units.yml")] == ["xianfeng-shuihui.yml"]
    fresh = tmp_path / "fresh"
    assert serving.regenerate(copy_demo, fresh, False)
    docs = {p.relative_to(work).as_posix(): p.read_bytes() for p in (work / "docs").rglob("*") if p.is_file()}
    again = {p.relative_to(fresh).as_posix(): p.read_bytes() for p in (fresh / "docs").rglob("*") if p.is_file()}
    assert docs == again and any(slogan.split(":", 1)[1].strip() + "改" in t.decode("utf-8", "replace") for t in docs.values())


def test_serve_answers_only_its_own_host_and_stops_cleanly_on_kill(tmp_path, copy_demo):
    port = _free_port()
    temp = tmp_path / "temp"
    temp.mkdir()
    server = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--content", str(copy_demo), "--addr", f"127.0.0.1:{port}"],
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8",
        env={"PYTHONPATH": str(PROJECT), "PATH": "/usr/bin:/bin", "TMPDIR": str(temp)})
    url = f"http://127.0.0.1:{port}/brands/xianfeng-shuihui/"
    try:
        address, cookie = serve_address(server)
        page = urllib.request.urlopen(urllib.request.Request(url, headers=cookie), timeout=5).read().decode("utf-8")
        assert "党旗映碧水" in page and "livereload" in page
        assert any(p.name.startswith("dangjian-serve-") for p in temp.iterdir())
        for host in ("evil.example", f"evil.example:{port}", f"127.0.0.1:{port + 1}"):
            request = urllib.request.Request(url, headers={"Host": host, **cookie})
            try:
                urllib.request.urlopen(request, timeout=5)
                raise AssertionError(f"{host} was answered")
            except urllib.error.HTTPError as refused:
                assert refused.code == 403 and "拒绝访问" in refused.read().decode("utf-8")
        localhost = urllib.request.Request(url, headers={"Host": f"localhost:{port}", **cookie})
        assert urllib.request.urlopen(localhost, timeout=5).status == 200
        for without in ({}, {"Cookie": cookie["Cookie"][:-3] + "xyz"}, {"Cookie": f"serve_token_{port + 1}=x"}):
            try:  # no token, a wrong one, another preview's: refused
                urllib.request.urlopen(urllib.request.Request(url, headers=without), timeout=5)
                raise AssertionError(f"{without} was answered")
            except urllib.error.HTTPError as refused:
                assert refused.code == 403 and "token=" in refused.read().decode("utf-8")
        token = address.split("token=", 1)[1]
        first = urllib.request.Request(f"{url}?token={token}&q=1")
        opener = urllib.request.build_opener(_NoRedirect)
        try:
            opener.open(first, timeout=5)
            raise AssertionError("the printed address was not turned into a cookie")
        except urllib.error.HTTPError as moved:
            assert moved.code == 303 and moved.headers["Location"] == "/brands/xianfeng-shuihui/?q=1"
            assert moved.headers["Set-Cookie"] == f"serve_token_{port}={token}; HttpOnly; SameSite=Strict; Path=/"
    finally:
        server.terminate()
        _, err = server.communicate(timeout=30)
        err = "".join(getattr(server, "said", [])) + err
    assert server.returncode == 0, err
    assert "Traceback" not in err and "错误" not in err
    assert not any(p.name.startswith("dangjian-serve-") for p in temp.iterdir())


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_serve_says_in_chinese_when_its_address_is_wrong_or_taken(tmp_path, copy_demo):
    def run(addr):
        return subprocess.run([sys.executable, "-m", "generator", "serve", "--content", str(copy_demo), "--addr", addr],
                              cwd=tmp_path, capture_output=True, text=True, encoding="utf-8", timeout=300,
                              env={"PYTHONPATH": str(PROJECT), "PATH": "/usr/bin:/bin"})

    wrong = run("127.0.0.1")
    assert wrong.returncode != 0 and "地址" in wrong.stderr and "Traceback" not in wrong.stderr
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        busy = run(f"127.0.0.1:{taken.getsockname()[1]}")
    assert busy.returncode != 0 and "无法在" in busy.stderr and "Traceback" not in busy.stderr
