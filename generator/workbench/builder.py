"""The public build in a process of its own, kept for the next one.

The workbench answers requests on threads, and a build from a thread cannot fork (prefetch.can_fork):
it would read, render and convert on one core. A process of its own runs builds on its main thread, on every core, and keeps its modules loaded between builds, so a later 发布 starts
as fast as from the workbench itself. Progress and the outcome come back through a pipe.
"""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import threading
import time
from multiprocessing.connection import Connection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..model.problems import Report

PROGRESS_EVERY = 0.1  # seconds between the counts sent back (phases are always sent)


@dataclass
class Published:
    """What the workbench shows of a finished build (pipeline.BuildResult, without its view)."""

    report: Report
    ok: bool
    refused: str | None = None
    up_to_date: bool = False
    pages: int = 0
    counts: list[tuple[str, int, str]] = field(default_factory=list)  # (what, how many, measure word)
    site_dir: Path | None = None

    @classmethod
    def of(cls, outcome) -> Published:
        view = outcome.view
        shown = [(view.brands, "品牌", "个"), (view.cases, "案例", "个"), (view.alliances, "党建联盟", "个"),
                 (view.activities, "工作动态", "条"), (view.campaigns, "专项工作", "项")] if view else []
        return cls(outcome.report, outcome.ok, outcome.refused, outcome.up_to_date, outcome.pages,
                   [(label, len(items), unit) for items, label, unit in shown if items or label in ("品牌", "案例")],
                   outcome.site_dir)


class BuildFailed(Exception):
    """The build stopped with an exception, or its process ended: the message is for the clerk."""


class Builder:
    """One build at a time, in the kept process (started on first use, again if it ended).

    Where a build cannot fork anyway (Windows, one core) it runs on the calling thread as it is."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._process = None
        self._pipe = None

    @staticmethod
    def apart() -> bool:
        """Whether a process of its own gains anything here (and can be given its pipe)."""
        from ..model.prefetch import forking_helps

        return os.name == "posix" and forking_helps()

    def build(self, content: Path, site_dir: Path, progress: Callable | None = None) -> Published:
        if not self.apart():
            from ..publish import pipeline

            with self._lock:
                return Published.of(pipeline.build(content, site_dir, progress=progress))
        with self._lock:
            pipe = self._started()
            try:
                pipe.send((content, site_dir))
                while True:
                    message = pipe.recv()
                    if message[0] == "progress":
                        if progress:
                            progress(*message[1:])
                    elif message[0] == "done":
                        return message[1]
                    else:
                        raise BuildFailed(message[1])
            except (EOFError, OSError):  # the process ended (killed, out of memory): a new one next time
                self._stopped()
                raise BuildFailed("生成网站的进程意外结束，公开网站保持原样。请再点一次“发布网站”；"
                                  "如果反复出现，可能是电脑内存不足，请关闭其他程序后再试") from None

    def close(self) -> None:
        """The workbench is closing: an idle process is let go, a busy one stopped."""
        if self._lock.acquire(blocking=False):
            try:
                self._stopped()
            finally:
                self._lock.release()
        elif self._process is not None:
            self._process.kill()  # the waiting build says so; its leftovers are cleared by the next build

    def _started(self):
        if self._process is None or self._process.poll() is not None:
            self._stopped()
            self._pipe, theirs = multiprocessing.Pipe()
            # A fresh interpreter, not multiprocessing's spawn: that would run the caller's own script again.
            code = f"from generator.workbench.builder import serve; serve({theirs.fileno()})"
            package_home = str(Path(__file__).resolve().parents[2])
            path = os.pathsep.join(p for p in (package_home, os.environ.get("PYTHONPATH")) if p)
            self._process = subprocess.Popen([sys.executable, "-c", code], pass_fds=(theirs.fileno(),),
                                             env={**os.environ, "PYTHONPATH": path}, stdin=subprocess.DEVNULL)
            theirs.close()
        return self._pipe

    def _stopped(self) -> None:
        """Let the process go (it ends when its pipe closes)."""
        if self._pipe is not None:
            self._pipe.close()
        if self._process is not None:
            try:
                self._process.wait(timeout=5)
            except subprocess.TimeoutExpired:  # still busy with a build nobody waits for
                self._process.kill()
                self._process.wait()
        self._process = self._pipe = None


def serve(fd: int) -> None:
    """The kept process's main: builds what it is sent through the pipe `fd` until it closes."""
    _serve(Connection(fd))


def _serve(pipe) -> None:
    """The kept process: builds what it is sent, on its main thread, until the pipe closes."""
    from ..publish import pipeline

    while True:
        try:
            content, site_dir = pipe.recv()
        except (EOFError, OSError):
            return
        told = _Progress(pipe)
        try:
            outcome = pipeline.build(content, site_dir, progress=told)
            pipe.send(("done", Published.of(outcome)))
        except Exception as exc:  # said in the page; the process stays for the next build
            pipe.send(("failed", f"生成网站时出错：{exc}"))


class _Progress:
    """pipeline.Progress sent through the pipe: every new phase or step, counts at most every PROGRESS_EVERY."""

    def __init__(self, pipe) -> None:
        self.pipe, self.last, self.sent = pipe, None, 0.0

    def __call__(self, phase: str, step: str, done: int | None, total: int | None) -> None:
        now = time.monotonic()
        if (phase, step) != self.last or done == total or now - self.sent >= PROGRESS_EVERY:
            self.pipe.send(("progress", phase, step, done, total))
            self.last, self.sent = (phase, step), now
