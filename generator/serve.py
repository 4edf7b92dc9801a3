"""`serve`: MkDocs' live-reload server over the generated pages, regenerated on every save.

A thread watches content/; when a record changes it is checked and the Markdown pages are
regenerated (only changed files are written), and MkDocs, watching those pages, rebuilds
and reloads the browser. A record with mistakes keeps the last good pages on screen.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
from pathlib import Path

from .check import check_content
from .pipeline import RECORD_CACHE, generate, work_dir
from .recordcache import RecordCache
from .problems import Report

POLL_SECONDS = 0.3


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """Every file below root with its size and mtime: cheap to compare."""
    found = {}
    for folder, _, files in os.walk(root):
        for name in files:
            path = os.path.join(folder, name)
            try:
                stat = os.stat(path)
            except OSError:
                continue
            found[path] = (stat.st_size, stat.st_mtime_ns)
    return found


def regenerate(content: Path, work: Path, preview: bool) -> bool:
    """Check and regenerate the pages; print the problems. True when the pages were updated."""
    report = Report()
    cache = RecordCache(work / RECORD_CACHE, content)  # a save re-reads the one file saved
    catalogue = check_content(content, report, cache)
    for problem in report.sorted():
        print(problem.format(), file=sys.stderr)
    if catalogue is None:
        print("记录有错误，页面保持上一次的内容；改正后保存即可自动刷新。", file=sys.stderr)
        return False
    cache.save()
    generate(catalogue, content, work, preview, serve=True, digests=cache.digests())
    return True


def _watch(content: Path, work: Path, preview: bool, stop: threading.Event) -> None:
    seen = snapshot(content)
    while not stop.wait(POLL_SECONDS):
        now = snapshot(content)
        if now != seen:
            seen = now
            started = time.perf_counter()
            if regenerate(content, work, preview):
                print(f"已重新生成页面（{time.perf_counter() - started:.2f} 秒）", file=sys.stderr)


def serve(content: Path, preview: bool = False, addr: str = "127.0.0.1:8000") -> int:
    content = content.absolute()
    work = work_dir(Path(".serve-preview" if preview else ".serve").absolute())
    if not regenerate(content, work, preview):
        return 1
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.serve import serve as mkdocs_serve

    stop = threading.Event()
    watcher = threading.Thread(target=_watch, args=(content, work, preview, stop), daemon=True)
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
