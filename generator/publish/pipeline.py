"""The whole build, top to bottom: check → generate (generation.py) → compare → engine → swap."""

from __future__ import annotations

import gc
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from ..model.problems import Report
from ..stamps import stats
from ..website.write import Written
from . import changes, sitefolder, spare, unchanged
from .generation import STAGING, Generated, generate
from .outputs import site_problem

if TYPE_CHECKING:  # names for the annotations only
    from ..website.view import View

# Modules that take long to import (Jinja2, Pillow, pypinyin, MkDocs) are imported where they
# are used: a build that finds nothing changed is over before it needs any of them.

SIDE_FOLDERS = ("cards", "qr")  # made by the side job, linked in whole after the engine
ENGINE_NAMES = {"mkdocs": "MkDocs", "zensical": "Zensical"}
SPARE = spare.SPARE  # the published site's hard-linked twin, for the next edit (spare.py)
RECORD_CACHE = "records"  # a folder of shards (recordcache.py)
SLUGS = "slugs.marshal"  # the pinyin slugs made so far (slugs.recall)
PHASES = ("检查", "生成页面", "比较", "复制网站", "MkDocs", "二维码和分享卡片", "发布")  # as the clock names them
# Told where a build is: progress(phase, step, done, total); done and total only where counted.
Progress = Callable[[str, str, int | None, int | None], None]


@dataclass
class BuildResult:
    """What a build did, for the summary and the benchmark."""

    report: Report
    view: View | None = None
    pages: int = 0
    written: Written | None = None
    seconds: dict[str, float] = field(default_factory=dict)
    mkdocs_warnings: list[str] = field(default_factory=list)
    site_dir: Path | None = None
    refused: str | None = None
    skipped: list[str] = field(default_factory=list)
    cards_drawn: int = 0
    up_to_date: bool = False  # nothing changed since the last build: the site was kept
    rebuilt: int | None = None  # pages the engine built when only some changed; None: all of them
    full_reason: str = ""

    @property
    def ok(self) -> bool:
        return self.refused is None and (self.view is not None or self.up_to_date)


class _Clock:
    """Times each phase, and tells `progress` (if any) which phase starts when one ends."""

    def __init__(self, seconds: dict[str, float], progress: Progress | None = None) -> None:
        self.seconds, self.start = seconds, time.perf_counter()
        self.progress = progress or (lambda phase, step, done, total: None)
        self.progress(PHASES[0], "", None, None)

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.seconds[stage] = self.seconds.get(stage, 0.0) + now - self.start
        self.start = now
        following = PHASES[PHASES.index(stage) + 1:]
        if following:
            self.progress(following[0], "", None, None)

    def counting(self, phase: str, step: str | None = None) -> Callable:
        """A callback for counts within a phase: (step, done, total), or (done, total) when step is given."""
        if step is None:
            return lambda step, done, total: self.progress(phase, step, done, total)
        return lambda done, total: self.progress(phase, step, done, total)


def work_dir(site_dir: Path) -> Path:
    """Generated Markdown and config live beside the site, one folder per output."""
    return site_dir.parent / ".build" / site_dir.name


def build(content: Path, site_dir: Path, preview: bool = False, strict: bool = False,
          engine_name: str = "mkdocs", incremental: bool = True, progress: Progress | None = None) -> BuildResult:
    """Build the site into site_dir; on any failure site_dir stays as it was.

    incremental: when only records changed, build only their pages (same bytes as a full build);
    when nothing did, say so from the files' bytes and times alone (unchanged.py).
    progress: told as each phase starts, and how far the pages, MkDocs and the drawing are (the workbench shows it)."""
    content, site_dir = content.absolute(), site_dir.absolute()
    outcome = BuildResult(report=Report(), site_dir=site_dir)
    clock = _Clock(outcome.seconds, progress)
    # Refuse outputs that are not ours to replace, before anything is created (outputs.py).
    outcome.refused = site_problem(site_dir, content, preview)
    if outcome.refused:
        return outcome
    work = work_dir(site_dir)
    options = f"{content}|{site_dir}|{preview}|{strict}"
    # Only MkDocs builds are incremental; Zensical always builds everything (README).
    hashed: dict[str, tuple] = {}  # the record files' digests, taken once for both uses
    inputs = unchanged.inputs(content, options, engine_name, hashed) if engine_name == "mkdocs" and content.is_dir() else None
    if inputs and incremental and work.is_dir():
        with sitefolder.locked(work):
            recalled = unchanged.recall(work, site_dir, inputs)
        if recalled:
            unchanged.replay(recalled, outcome.report)
            outcome.pages, outcome.skipped = recalled.pages, recalled.skipped
            outcome.written = Written(unchanged=recalled.files)
            outcome.up_to_date = True
            clock.lap("检查")
            return outcome
    with _collector_paused():
        return _build_all(content, site_dir, preview, strict, engine_name, incremental, outcome, clock, inputs, progress,
                          hashed if inputs else {})


def _build_all(content: Path, site_dir: Path, preview: bool, strict: bool, engine_name: str, incremental: bool,
               outcome: BuildResult, clock: _Clock, inputs: str | None, progress: Progress | None,
               hashed: dict[str, tuple]) -> BuildResult:
    """Every record read (unchanged files from the cache), then the pages, the engine, the swap."""
    from ..model import slugs
    from ..model.check import check_content
    from ..model.recordcache import RecordCache
    from ..website import cards
    from ..website.drawing import DrawingJob
    from ..website.view import View
    from . import engine

    kind = "preview" if preview else "public"
    # Read and check every record (unchanged files from the cache): all mistakes at once; a
    # draft's mistakes do not stop the public site (drafts.py).
    slugs.recall(work_dir(site_dir) / SLUGS)
    cache = RecordCache(work_dir(site_dir) / RECORD_CACHE, content, hashed=hashed)
    catalogue = check_content(content, outcome.report, cache, drafts_block=preview)
    clock.lap("检查")
    if catalogue is None or outcome.report.failed(strict):
        return outcome  # nothing written, not even the cache
    work = work_dir(site_dir)
    work.mkdir(parents=True, exist_ok=True)
    cache.save()
    for stale in ("records.pickle", "search-pages.json", "pages.marshal", "search-pages.marshal"):  # earlier versions'
        (work / stale).unlink(missing_ok=True)
    with sitefolder.locked(work):
        unchanged.forget(work)
        # Never replace a folder we did not build, nor a public site with a preview; checked under
        # the lock, since another build may have published since we looked.
        try:
            sitefolder.check_target(site_dir, preview)
        except sitefolder.UnsafeTarget as exc:
            outcome.refused = str(exc)
            return outcome
        view = View(catalogue, preview)
        # Share cards and QR codes: drawn on the spare core while MkDocs builds (pages are generated on both).
        drawing = DrawingJob(_side_tasks(view, content), work / "side-cache")
        try:
            # Records → Markdown, search index and mkdocs.yml in .build/ (only changed files written).
            generated = generate(catalogue, content, work, preview, engine_name, view=view, digests=cache.digests(),
                                 on_page=clock.counting("生成页面", "生成") if progress else None)
            outcome.view, outcome.pages, outcome.written = view, generated.pages, generated.written
            outcome.skipped = generated.skipped
            slugs.keep(work / SLUGS)
            clock.lap("生成页面")
            # Compare with what the published site was built from: nothing, some pages, or all.
            todo, remember = _compare(work, site_dir, generated.config_file, engine_name, kind, incremental)
            outcome.full_reason = todo.reason
            published = None  # the published files' stamps, once taken
            if todo.nothing:
                outcome.up_to_date = True
            else:
                clock.lap("比较")
                _publish(work, site_dir, kind, engine_name, generated, todo, drawing, outcome, clock, bool(progress))
                drawing = None
                published = remember()
            if inputs:  # the next build with the same inputs needs none of the above
                fonts = [str(cards.font_path(w)) for w in ("regular", "bold")] if cards.fonts_available() else None
                files = generated.written.written + generated.written.unchanged
                unchanged.keep(work, site_dir, inputs, outcome.report, generated.skipped, generated.pages, files, fonts,
                               published)
            if outcome.up_to_date:
                return outcome
        except engine.EngineFailed as exc:
            outcome.refused = f"{ENGINE_NAMES[engine_name]} 生成失败：{exc}"
        except sitefolder.PublishFailed as exc:
            outcome.refused = str(exc)
        finally:
            if drawing:
                drawing.cancel()
            outcome.skipped += sitefolder.clear_leftovers(site_dir)
        clock.lap("发布")
    return outcome


def _publish(work: Path, site_dir: Path, kind: str, engine_name: str, generated: Generated, todo, drawing,
             outcome: BuildResult, clock: _Clock, counted: bool) -> None:
    """Build the changed pages (or all) with the engine, add the side files, swap the site in."""
    drawing.start()
    # Only some pages changed: start from a hard-linked copy of the published site.
    outcome.skipped += sitefolder.clear_leftovers(site_dir) + sitefolder.discard_replaced(work)
    for stale in (STAGING, SPARE) if todo.full else (STAGING,):  # the site replaced last time, a twin
        if (work / stale).exists() or (work / stale).is_symlink():
            outcome.skipped += sitefolder.discard(work / stale)
    staging, present = _staging(work, site_dir, todo, outcome)
    clock.lap("复制网站")
    # The engine turns the Markdown into HTML: every page, or the changed ones.
    outcome.mkdocs_warnings = _run_engine(engine_name, generated.config_file, todo,
                                          clock.counting("MkDocs") if counted else None)
    outcome.rebuilt = None if todo.full else sum(p.endswith(".md") for p in todo.changed)
    clock.lap("MkDocs")
    # Cards, QR codes and the search index join the built site.
    outcome.cards_drawn = drawing.finish(staging, clock.counting("二维码和分享卡片", "绘制") if counted else None, present)
    if generated.index:
        _put_index(staging, generated.index)
    clock.lap("二维码和分享卡片")
    # Swap the new site in, in one rename; remember what it was built from.
    sitefolder.publish(staging, site_dir, kind)
    if todo.full:  # the site just replaced is deleted (what cannot be is set aside); the next edit's twin is made
        outcome.skipped += sitefolder.discard(staging) if staging.exists() else []
        if engine_name == "mkdocs":  # the only incremental engine
            spare.make(site_dir, work)
    elif staging.exists():  # the site just replaced: mostly links to the new site's files, the next edit's twin
        spare.keep(staging, work)


def _side_tasks(view: View, content: Path) -> list:
    from ..website import cards
    from ..website.promote import qr_tasks

    return qr_tasks(view) + (cards.tasks(view, content) if cards.fonts_available() else [])


def _compare(work: Path, site_dir: Path, config_file: Path, engine_name: str, kind: str, incremental: bool):
    """What to build, and how to note afterwards what the published site was built from."""
    docs = stats(work / "docs")
    fingerprint = changes.fingerprint(config_file, engine_name, kind)
    todo = changes.compare(work, site_dir, fingerprint, docs)
    if not todo.full and (not incremental or engine_name != "mkdocs" or sitefolder.site_kind(site_dir) != kind):
        todo = changes.Plan(True, "完整生成")
    return todo, lambda: changes.remember(work, site_dir, fingerprint, docs)


def _staging(work: Path, site_dir: Path, todo: changes.Plan, outcome: BuildResult) -> tuple[Path, dict[str, int]]:
    """The folder the engine builds into (empty, or the published site minus what is rebuilt); its side files."""
    from .partial import ALWAYS_WRITTEN, dest_of, link_copy

    staging = work / STAGING
    if todo.full:
        return staging, {}
    leave_out = {dest_of(path) for path in todo.changed} | {*ALWAYS_WRITTEN, sitefolder.MARKER}
    present = spare.take(work, site_dir, staging, leave_out, SIDE_FOLDERS)  # from the twin the last build kept
    if present is None:  # no twin, or one not to be used: gone, and the copy linked afresh
        for unusable in (staging, work / SPARE):
            if unusable.exists() or unusable.is_symlink():
                outcome.skipped += sitefolder.discard(unusable)
        link_copy(site_dir, staging, leave_out, SIDE_FOLDERS)
        present = {}
    spare.prune(staging, leave_out)
    return staging, present


def _run_engine(name: str, config_file: Path, todo: changes.Plan, on_page: Callable | None) -> list[str]:
    from . import engine, themecache

    if name == "zensical":
        return engine.run_zensical(config_file)
    themecache.compile_once()
    return engine.run_mkdocs(config_file, None if todo.full else set(todo.changed), on_page)


def _put_index(site: Path, index: str) -> None:
    path = site / "search" / "search_index.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)  # never written through a hard link to the published site
    path.write_text(index, encoding="utf-8")


@contextmanager
def _collector_paused():
    """Reading and generating make millions of objects that stay alive: the cycle collector's
    passes over them cost a sixth of the time and free nothing; MkDocs runs with it on (engine.py)."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()
