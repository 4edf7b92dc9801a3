"""Builds run for the workbench: the public site in the background (its progress polled by the
page), the preview and handouts on request. All through the real build."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .inline import describe
from .store import Refused

if TYPE_CHECKING:  # the build (MkDocs and all) is imported when first used: the workbench starts fast
    from ..publish import pipeline


@dataclass
class PublishJob:
    started: float = field(default_factory=time.monotonic)
    finished: float | None = None
    outcome: pipeline.BuildResult | None = None
    failure: str | None = None

    def lines(self, level: str, store) -> list[dict]:
        """The build's problems of one level, each with a link to its record."""
        problems = [p for p in self.outcome.report.sorted() if p.level == level] if self.outcome else []
        return [{"text": describe(p, store.root), "href": store.address(p.file)} for p in problems[:100]]

    def state(self, store) -> dict:
        elapsed = (self.finished or time.monotonic()) - self.started
        if self.finished is None:
            return {"state": "running", "seconds": round(elapsed, 1), "text": f"正在生成网站……已用时 {elapsed:.0f} 秒"}
        outcome = self.outcome
        if self.failure or outcome is None or not outcome.ok:
            problems = self.lines("错误", store)
            reason = self.failure or (outcome.refused if outcome else None) or "内容有错误，网站没有更新，公开网站保持原样。"
            return {"state": "failed", "seconds": round(elapsed, 1), "text": reason, "problems": problems}
        view = outcome.view
        text = (f"发布完成：品牌 {len(view.brands)} 个，案例 {len(view.cases)} 个，共 {outcome.pages} 页，"
                f"用时 {elapsed:.1f} 秒。" if not outcome.up_to_date else f"内容没有变化，网站已是最新（用时 {elapsed:.1f} 秒）。")
        return {"state": "done", "seconds": round(elapsed, 1), "text": text, "problems": self.lines("警告", store), "href": "/site/",
                "site": str(outcome.site_dir)}


class Jobs:
    def __init__(self, app) -> None:
        self.app = app
        self.publishing: PublishJob | None = None
        self._lock = threading.Lock()
        self._preview_lock = threading.Lock()
        self.preview_dir = app.private / "preview-site"

    def publish(self) -> PublishJob:
        with self._lock:
            if self.publishing and self.publishing.finished is None:
                return self.publishing  # one public build at a time
            job = self.publishing = PublishJob()
        threading.Thread(target=self._run, args=(job,), daemon=True).start()
        return job

    def _run(self, job: PublishJob) -> None:
        from ..publish import pipeline

        try:
            job.outcome = pipeline.build(self.app.store.root, self.app.site_dir)
        except Exception as exc:  # shown in the page; the workbench keeps running
            job.failure = f"生成网站时出错：{exc}"
        finally:
            job.finished = time.monotonic()

    def preview(self) -> pipeline.BuildResult:
        from ..publish import pipeline

        with self._preview_lock:
            return pipeline.build(self.app.store.root, self.preview_dir, preview=True)

    def handout(self, meeting_id: str) -> bytes:
        from ..handout.booklet import make

        output = self.app.private / "handouts" / "handout.pdf"
        with self._preview_lock:
            result = make(self.app.store.root, meeting_id, output)
            if result.error or result.pdf is None:
                errors = "；".join(describe(p, self.app.store.root) for p in result.report.errors[:5])
                raise Refused(f"不能生成手册：{result.error or ''}{errors}")
            return result.pdf.read_bytes()
