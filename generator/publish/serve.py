"""`serve`: MkDocs' live-reload server over the generated pages, regenerated on every save.

A thread watches content/; when a record changes it is checked and the Markdown pages are
regenerated (only changed files are written), and MkDocs, watching those pages, rebuilds
and reloads the browser. A record with mistakes keeps the last good pages on screen, with
the problems shown above every page until they are fixed.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import threading
import time
from pathlib import Path

from ..model.check import check_content
from ..model.problems import Report
from ..model.recordcache import RecordCache
from ..stamps import stats
from ..website.write import write_text
from .pipeline import PROBLEMS, RECORD_CACHE, Kept, generate, work_dir

POLL_SECONDS = 0.2  # a look at 1000 record files costs a few milliseconds


def regenerate(content: Path, work: Path, preview: bool, session: Kept | None = None) -> bool:
    """Check and regenerate the pages; print the problems. True when the pages were updated.

    With errors the pages stay as they were and every page shows the problems above it."""
    report = Report()
    cache = RecordCache(work / RECORD_CACHE, content, session.records if session else None)
    if session:  # a save re-reads the one file saved
        session.records = cache
    catalogue = check_content(content, report, cache, drafts_block=preview)
    for problem in report.sorted():
        print(problem.format(), file=sys.stderr)
    if catalogue is None:
        print("记录有错误，页面保持上一次的内容；改正后保存即可自动刷新。", file=sys.stderr)
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


def _watch(content: Path, work: Path, preview: bool, stop: threading.Event, session: Kept | None = None) -> None:
    seen = stats(content)
    while not stop.wait(POLL_SECONDS):
        now = stats(content)
        if now == seen:
            continue
        seen = now
        started = time.perf_counter()
        try:
            if regenerate(content, work, preview, session):
                print(f"已重新生成页面（{time.perf_counter() - started:.2f} 秒）", file=sys.stderr)
        except Exception as exc:  # the watcher must outlive any one save, whatever went wrong
            print(f"错误 重新生成页面时出错（{type(exc).__name__}：{exc}）；改正后保存即可重试。", file=sys.stderr)
            show_problems(work / "docs", [f"重新生成页面时出错：{exc}"])
            if session:
                session.written = None


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
        level = "错误" if record.levelno >= logging.ERROR else "警告"
        said = next((chinese for english, chinese in self.SAID.items() if english in message), None)
        print(f"{level} " + (said or f"网站生成工具（MkDocs）：{message}"), file=sys.stderr)


def serve(content: Path, preview: bool = False, addr: str = "127.0.0.1:8000") -> int:
    content = content.absolute()
    work = work_dir(Path(".serve-preview" if preview else ".serve").absolute())
    session = Kept()
    if not regenerate(content, work, preview, session):
        return 1
    root = logging.getLogger()
    root.handlers[:] = [ClerkLog()]
    root.setLevel(logging.INFO)
    import jieba

    jieba.setLogLevel(logging.WARNING)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.serve import serve as mkdocs_serve

    from .themecache import compile_once

    compile_once()

    stop = threading.Event()
    watcher = threading.Thread(target=_watch, args=(content, work, preview, stop, session), daemon=True)
    watcher.start()
    print(f"正在预览：http://{addr}/（按 Ctrl+C 停止）", file=sys.stderr)
    try:
        # dirty: only pages whose Markdown changed are rebuilt (write.py keeps the others' mtimes)
        mkdocs_serve(config_file=str(work / "mkdocs.yml"), livereload=True, build_type="dirty", dev_addr=addr)
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
    return 0
