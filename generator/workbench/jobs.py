"""Builds run for the workbench: the public site in the background (its progress polled by the
page), the preview (serve's way: livepreview.py) and handouts on request."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from .builder import Builder, BuildFailed, Published
from .inline import describe
from .livepreview import LivePreview, Previewed
from .store import Refused


# What each phase of the build does (pipeline.PHASES, in order), and what its counts count, as the clerk reads it.
PHASE_TEXT = {"检查": "检查全部记录", "生成页面": "生成页面内容", "比较": "比较与已发布网站的差别",
              "复制网站": "复制已发布的网站", "MkDocs": "生成网页", "二维码和分享卡片": "完成二维码和分享卡片",
              "发布": "换上新网站"}
COUNTED = {"生成页面": "页", "MkDocs": "页", "二维码和分享卡片": "项"}
STEP_TEXT = {"生成": "已生成", "转换": "已转换", "写出": "已写出", "绘制": "已绘制"}


@dataclass
class PublishJob:
    started: float = field(default_factory=time.monotonic)
    finished: float | None = None
    outcome: Published | None = None
    failure: str | None = None
    where: tuple = ("", "", None, None)  # a pipeline.PHASES name, its step, done and total: set in one go

    def progressed(self, phase: str, step: str, done: int | None, total: int | None) -> None:
        """Told by the build (in its thread) as it goes; read by `state`."""
        self.where = (phase, step, done, total)

    def running(self, elapsed: float) -> dict:
        phase, step, done, total = self.where
        text = "正在准备生成网站……"
        if phase in PHASE_TEXT:
            text = f"正在{PHASE_TEXT[phase]}（第 {list(PHASE_TEXT).index(phase) + 1} 步，共 {len(PHASE_TEXT)} 步）……"
        counted = total is not None and done is not None and total > 0
        detail = f"{STEP_TEXT.get(step, '已完成')} {done} / {total} {COUNTED.get(phase, '项')}，" if counted else ""
        return {"state": "running", "seconds": round(elapsed, 1), "text": text, "phase": phase,
                "done": done if counted else None, "total": total if counted else None,
                "detail": detail + f"已用时 {elapsed:.0f} 秒"}

    def lines(self, level: str, store) -> list[dict]:
        """The build's problems of one level, each with a link to its record."""
        problems = [p for p in self.outcome.report.sorted() if p.level == level] if self.outcome else []
        return [{"text": describe(p, store.root), "href": store.address(p.file)} for p in problems[:100]]

    def state(self, store) -> dict:
        elapsed = (self.finished or time.monotonic()) - self.started
        if self.finished is None:
            return self.running(elapsed)
        outcome = self.outcome
        if self.failure or outcome is None or not outcome.ok:
            problems = self.lines("错误", store)
            reason = self.failure or (outcome.refused if outcome else None) or "内容有错误，网站没有更新，公开网站保持原样。"
            return {"state": "failed", "seconds": round(elapsed, 1), "text": reason, "problems": problems}
        counts = "，".join(f"{label} {count} {unit}" for label, count, unit in outcome.counts)
        text = (f"发布完成：{counts}，共 {outcome.pages} 页，用时 {elapsed:.1f} 秒。" if not outcome.up_to_date
                else f"内容没有变化，网站已是最新（用时 {elapsed:.1f} 秒）。")
        return {"state": "done", "seconds": round(elapsed, 1), "text": text, "problems": self.lines("警告", store), "href": "/site/",
                "site": str(outcome.site_dir)}


class Jobs:
    def __init__(self, app) -> None:
        self.app = app
        self.publishing: PublishJob | None = None
        self._lock = threading.Lock()
        self._preview_lock = threading.Lock()
        self.preview_dir = app.private / "preview-site"
        self._live: LivePreview | None = None  # made at the first preview
        self.builder = Builder()  # the public build, on every core (builder.py)

    def publish(self) -> PublishJob:
        with self._lock:
            if self.publishing and self.publishing.finished is None:
                return self.publishing  # one public build at a time
            job = self.publishing = PublishJob()
        threading.Thread(target=self._run, args=(job,), daemon=True).start()
        return job

    def _run(self, job: PublishJob) -> None:
        try:
            job.outcome = self.builder.build(self.app.store.root, self.app.site_dir, progress=job.progressed)
        except BuildFailed as exc:  # shown in the page; the workbench keeps running
            job.failure = str(exc)
        except Exception as exc:
            job.failure = f"生成网站时出错：{exc}"
        finally:
            job.finished = time.monotonic()

    def preview(self) -> Previewed:
        """The preview site as `serve` keeps it: a saved record's page ready in under a second."""
        with self._preview_lock:
            if self._live is None:
                self._live = LivePreview(self.app.store.root, self.app.private / "preview-build", self.preview_dir)
            return self._live.update()

    def handout(self, meeting_id: str) -> bytes:
        from ..handout.booklet import make

        output = self.app.private / "handouts" / "handout.pdf"
        with self._preview_lock:
            result = make(self.app.store.root, meeting_id, output)
            if result.error or result.pdf is None:
                errors = "；".join(describe(p, self.app.store.root) for p in result.report.errors[:5])
                raise Refused(f"不能生成手册：{result.error or ''}{errors}")
            return result.pdf.read_bytes()
