"""`serve`: MkDocs' live-reload server over the generated pages, regenerated on every save.

A thread watches content/; when a record changes it wakes MkDocs' build loop at once, which
checks the records, regenerates the Markdown pages (only changed files are written) and builds
only the pages that changed (livesite.py); browsers waiting on the page get the new one and
reload. A record with mistakes keeps the last good pages on screen, with the problems shown
above every page until they are fixed.
"""

from __future__ import annotations

import gc
import json
import logging
import os
import shutil
import signal
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit

from ..model.check import check_content
from ..model.problems import Report
from ..model.recordcache import RecordCache
from ..stamps import stats
from ..website.write import write_text
from . import door
from .livesite import LiveSite
from .generation import PROBLEMS, Kept, generate
from .pipeline import RECORD_CACHE, work_dir

POLL_SECONDS = 0.1  # without notices: a look at 1000 record files costs about 4 ms of CPU
CHECK_SECONDS = 1.0  # with notices, a look anyway (a notice lost, a file system without them)
NOTICED = {"created", "modified", "moved", "deleted", "closed"}  # not "opened" or "closed_no_write": reading is no change


def regenerate(content: Path, work: Path, preview: bool, session: Kept | None = None) -> bool:
    """Check and regenerate the pages; print the problems. True when the pages were updated.

    With errors the pages stay as they were and every page shows the problems above it."""
    report = Report()
    updated = update_pages(content, work, preview, session, report)
    for problem in report.sorted():
        print(problem.format(), file=sys.stderr)
    if not updated:
        print("记录有错误，页面保持上一次的内容；改正后保存即可自动刷新。", file=sys.stderr)
    return updated


def update_pages(content: Path, work: Path, preview: bool, session: Kept | None, report: Report) -> bool:
    """regenerate, its problems told to `report` (the workbench's preview shows them itself)."""
    cache = RecordCache(work / RECORD_CACHE, content, session.records if session else None)
    if session:  # a save re-reads the one file saved
        session.records = cache
    catalogue = check_content(content, report, cache, drafts_block=preview)
    if catalogue is None:
        show_problems(work / "docs", [p.format() for p in report.errors])
        if session:  # the docs folder no longer holds only what was written last
            session.written = None
        return False
    cache.save()
    generate(catalogue, content, work, preview, serve=True, digests=cache.digests(), kept=session)  # also empties serve-problems.json
    return True


def show_problems(docs: Path, problems: list[str]) -> None:
    """The list every page fetches under serve (serve-problems.js); MkDocs copies it and reloads."""
    if docs.is_dir():  # no pages yet: nothing to show them on
        write_text(docs / PROBLEMS, json.dumps(problems, ensure_ascii=False))


def rebuild(content: Path, work: Path, preview: bool, session: Kept, live: LiveSite) -> bool:
    """A save: the pages regenerated, then the changed ones built. Whatever goes wrong is said in
    Chinese and shown above every page; the server goes on (MkDocs' build loop calls this).
    False when the served site is as it was (an editor's swap file, a save of the same text)."""
    started = time.perf_counter()
    try:
        good = regenerate(content, work, preview, session)
        rebuilt = live.build()
    except Exception as exc:  # the server must outlive any one save, whatever went wrong
        print(f"错误 重新生成页面时出错（{type(exc).__name__}：{exc}）；改正后保存即可重试。", file=sys.stderr)
        for folder in (work / "docs", live.site_dir):
            show_problems(folder, [f"重新生成页面时出错：{exc}"])
        session.written = None
        return True
    if rebuilt is None:
        _settle()
    if good and rebuilt != 0:
        print(f"已重新生成页面（{time.perf_counter() - started:.2f} 秒）", file=sys.stderr)
    return rebuilt != 0


def _settle() -> None:
    """After a full build: what lives until the next one is set aside from the cycle collector,
    whose passes over it would cost every later save hundredths of a second and free nothing."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def _watch(content: Path, stop: threading.Event, changed: Callable[[], None],
           seen: dict[str, list[int]] | None = None) -> None:
    """Tell `changed` when a file under content/ changed (stats says so): woken at once by the
    system's notice of a change (inotify, through watchdog), or every POLL_SECONDS without one."""
    seen = stats(content) if seen is None else seen
    woken = threading.Event()
    observer = _notices(content, woken)
    try:
        while not stop.is_set():
            woken.wait(CHECK_SECONDS if observer else POLL_SECONDS)
            woken.clear()
            now = stats(content)
            if now != seen and not stop.is_set():
                seen = now
                changed()
    finally:
        if observer:
            observer.stop()


def _notices(content: Path, woken: threading.Event):
    """watchdog's native observer over content/, setting `woken` on a change; None where it cannot start."""
    try:
        from watchdog.events import FileSystemEventHandler
        from watchdog.observers import Observer

        handler = FileSystemEventHandler()
        handler.on_any_event = lambda event: event.event_type in NOTICED and woken.set()
        observer = Observer()
        observer.daemon = True
        observer.schedule(handler, str(content), recursive=True)
        observer.start()
        return observer
    except Exception:  # no inotify (limits, file system) or no watchdog: polling does it
        return None


def _build_for(server, rebuilt: Callable[[], bool]) -> None:
    """MkDocs' builder: when the site stayed as it was, browsers are not told to reload (MkDocs
    would tell them after every build; its epochs, MkDocs 1.6, as in ask_rebuild)."""
    if not rebuilt():
        with server._epoch_cond:
            server._wanted_epoch = server._visible_epoch


def ask_rebuild(server) -> None:
    """Wake MkDocs' build loop at once, as its own file watcher does on a change (the callback in
    LiveReloadServer.watch, MkDocs 1.6; tests/test_livesite.py fails if MkDocs renames these)."""
    with server._rebuild_cond:
        server._want_rebuild = True
        server._rebuild_cond.notify_all()


class ClerkLog(logging.Handler):
    """MkDocs' log as a clerk needs it: problems only, in Chinese; progress, nav lists and
    request lines are left out."""

    QUIET = ("Building documentation", "Cleaning site directory", "Documentation built", "not included in the \"nav\"",
             "'dirty' build", "dirty build", "Serving on", "Browser connected", "Detected file changes",
             "Reloading", "Watching paths", "code 404", "HTTP/1.1", "Start watching", "Shutting down",
             "Prefix dict", "Loading model", "Building prefix dict", "Dumping model")

    SAID = {"An error happened during the rebuild": "重新生成网页时出错，浏览器里暂时还是旧页面；改正记录并保存后即可恢复",
            "Error building page": "有一个网页没能生成"}

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if record.levelno < logging.WARNING or any(quiet in message for quiet in self.QUIET):
            return
        if record.name.startswith("watchdog"):  # the file watchers' own races on stopping: nothing to act on
            return
        level = "错误" if record.levelno >= logging.ERROR else "警告"
        said = next((chinese for english, chinese in self.SAID.items() if english in message), None)
        print(f"{level} " + (said or f"网站生成工具（MkDocs）：{message}"), file=sys.stderr)


def serve(content: Path, preview: bool = False, addr: str = "127.0.0.1:8000") -> int:
    named, _, port = addr.rpartition(":")
    host = named.strip("[]")  # [::1]:8000
    if not host or not port.isdigit():
        print(f"错误 地址“{addr}”不对，应写成 127.0.0.1:8000 这样的“地址:端口”。", file=sys.stderr)
        return 2
    try:  # before the first build, which takes a while at a thousand records
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, int(port)))
    except OSError as exc:
        print(_taken(addr, exc), file=sys.stderr)
        return 1
    content = content.absolute()
    work = work_dir(Path(".serve-preview" if preview else ".serve").absolute())
    session = Kept()
    seen = stats(content)  # a save during the first build is a change the watcher sees
    if not regenerate(content, work, preview, session):
        return 1
    root = logging.getLogger()
    root.handlers[:] = [ClerkLog()]
    root.setLevel(logging.INFO)
    import jieba

    jieba.setLogLevel(logging.WARNING)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.livereload import LiveReloadServer

    from .engine import THEME, read_config
    from .themecache import compile_once

    compile_once()
    mount = "/" + urlsplit(read_config(work / "mkdocs.yml").get("site_url") or "/").path.strip("/")
    mount = mount.rstrip("/") + "/"
    site_dir = Path(tempfile.mkdtemp(prefix="dangjian-serve-"))
    live = LiveSite(work / "mkdocs.yml", site_dir, f"http://{named}:{port}{mount}")
    signal.signal(signal.SIGTERM, _interrupt)  # `kill` stops as cleanly as Ctrl+C
    stop = threading.Event()
    server = LiveReloadServer(builder=lambda: _build_for(server, lambda: rebuild(content, work, preview, session, live)),
                              host=host, port=int(port), root=str(site_dir), mount_path=mount)
    server.build_delay = 0  # told once per save by our watcher, not once per file written
    server.error_handler = lambda code: _error_page(site_dir, code)
    token = door.new_token()
    door.guard(server, host, int(port), token)  # this computer's Host, the printed address's token
    try:
        try:
            live.build()
        except Exception as exc:  # MkDocs stopped on the first build: nothing to serve
            print(f"错误 网站生成工具（MkDocs）没能生成网页（{type(exc).__name__}：{exc}）。", file=sys.stderr)
            return 1
        _settle()
        server.watch(str(THEME / "overrides"))  # the theme's files; also what makes pages reload themselves
        watcher = threading.Thread(target=_watch, args=(content, stop, lambda: ask_rebuild(server), seen), daemon=True)
        watcher.start()
        print(f"正在预览（地址含访问口令，请勿发给他人）：http://{addr}{mount}?token={token}（按 Ctrl+C 停止）",
              file=sys.stderr, flush=True)
        try:
            server.serve()
        except OSError as exc:
            print(_taken(addr, exc), file=sys.stderr)
            return 1
        except KeyboardInterrupt:
            pass
    finally:
        stop.set()
        server.shutdown()
        if live.config:
            live.config.plugins.on_shutdown()
        shutil.rmtree(site_dir, ignore_errors=True)
    return 0


def _taken(addr: str, exc: OSError) -> str:
    return f"错误 无法在 {addr} 上启动预览（{exc.strerror or exc}）；换一个端口试试，例如 --addr 127.0.0.1:8001"


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def _error_page(site_dir: Path, code: int) -> bytes | None:
    page = site_dir / f"{code}.html"
    return page.read_bytes() if code in (404, 500) and page.is_file() else None
