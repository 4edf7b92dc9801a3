"""The 预览页面 button: serve's way of building (publish/serve.py, publish/livesite.py), so the page
of a record just saved is ready in about as long as under `serve`: only the changed records
read, only the changed pages regenerated and converted, MkDocs' state kept between previews.

The pages are those of `build --preview` (the same templates, records and checks), built from
the pages `serve` writes: Material's own search index, QR codes beside the pages, no share cards.
The public build runs in a process of its own (builder.py), so nothing else in this process
resets Material's search plugin between previews; if something did, the next preview is built whole.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from ..model.problems import Report


@dataclass
class Previewed:
    """What pages.preview needs of a preview: as pipeline.BuildResult."""

    report: Report
    refused: str | None = None
    updated: bool = True

    @property
    def ok(self) -> bool:
        return self.refused is None and self.updated


class LivePreview:
    def __init__(self, content: Path, work: Path, site_dir: Path) -> None:
        from ..publish.livesite import LiveSite
        from ..publish.generation import Kept

        self.content, self.work = content, work
        self.session = Kept()
        self.site = LiveSite(work / "mkdocs.yml", site_dir, None)

    def update(self) -> Previewed:
        """The preview site brought up to date with content/; the caller holds the preview lock."""
        import jieba

        from ..publish.engine import Collected
        from ..publish.serve import update_pages
        from ..publish.themecache import compile_once

        report = Report()
        if not update_pages(self.content, self.work, True, self.session, report):
            return Previewed(report, updated=False)
        jieba.setLogLevel(logging.WARNING)
        compile_once()
        said = Collected()  # MkDocs' messages stay out of the terminal; a failure is said in Chinese
        logger = logging.getLogger("mkdocs")
        logger.addHandler(said)
        try:
            self.site.build()
        except Exception as exc:  # the workbench shows it and keeps running; the next preview builds whole
            detail = "；".join(said.messages[-3:]) or f"{type(exc).__name__}：{exc}"
            return Previewed(report, refused=f"生成预览时出错：{detail}")
        finally:
            logger.removeHandler(said)
        return Previewed(report)
