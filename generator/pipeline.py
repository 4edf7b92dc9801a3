"""The whole build, top to bottom: load → check → plan → render → write → MkDocs → swap."""

from __future__ import annotations

import hashlib
import json
import os
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import yaml

try:
    import fcntl
except ImportError:  # Windows: builds are not locked
    fcntl = None

from . import __version__, cards, images
from . import site as mkdocs_site
from .check import check_content
from .outputs import site_problem
from .pages import View, plan
from .promote import SKIPPED_WITHOUT_ADDRESS, promotion_files, qr_tasks
from .problems import Report
from .records import Catalogue
from .render import render
from .sidework import SideJob
from .search import compact_index, dictionary_text, labels, user_words
from .write import Written, sync_tree, write_text


@dataclass
class Outcome:
    """What a build did, for the summary and the benchmark."""

    report: Report
    view: View | None = None
    pages: int = 0
    written: Written | None = None
    seconds: dict[str, float] = field(default_factory=dict)
    mkdocs_warnings: list[str] = field(default_factory=list)
    site_dir: Path | None = None
    refused: str | None = None
    skipped: list[str] = field(default_factory=list)  # outputs left out, said once
    cards_drawn: int = 0
    up_to_date: bool = False  # nothing changed since the last build: the site was kept

    @property
    def ok(self) -> bool:
        return self.refused is None and self.view is not None


class _Clock:
    def __init__(self, seconds: dict[str, float]) -> None:
        self.seconds, self.start = seconds, time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.seconds[stage] = now - self.start
        self.start = now


def work_dir(site_dir: Path) -> Path:
    """Generated Markdown and config live beside the site, one folder per output."""
    return site_dir.parent / ".build" / site_dir.name


PROBLEMS = "serve-problems.json"


def generate(catalogue: Catalogue, content: Path, work: Path, preview: bool, outcome: Outcome,
             serving: bool = False) -> Path:
    """Checked records → Markdown pages and a derived mkdocs.yml in work/; the config's path.

    serving: QR codes go into the pages' folder too (`serve` builds no site of its own)."""
    clock = _Clock(outcome.seconds)
    work.mkdir(parents=True, exist_ok=True)
    view = outcome.view = View(catalogue, preview)
    pages = plan(view)
    texts = render(pages)
    outcome.pages = len(pages)
    clock.lap("生成页面")
    files: dict[str, str | bytes] = {**texts, **promotion_files(view)}
    if not catalogue.site.url:
        outcome.skipped.append(f"site.yml 没有填写“网址”，已跳过：{SKIPPED_WITHOUT_ADDRESS}")
    if not cards.fonts_available():
        outcome.skipped.append("找不到 Noto CJK 中文字体（fonts-noto-cjk），已跳过分享卡片")
    cache = work / "image-cache"  # published pictures carry no metadata (images.py)
    copies = {rel: images.cleaned_copy(content / rel, cache) for rel in view.images()}
    images.prune(cache, set(copies.values()))
    if serving:
        copies.update(SideJob(qr_tasks(view), work / "side-cache").cached())
        files[PROBLEMS] = "[]"  # serve shows a save's problems from here
    outcome.written = sync_tree(work / "docs", files, copies)
    dictionary = work / "jieba_user_dict.txt"
    write_text(dictionary, dictionary_text(user_words(view)))
    config = mkdocs_site.mkdocs_config(view, mkdocs_site.base_config(), work / "docs",
                                       mkdocs_site.staging_dir(outcome.site_dir), dictionary,
                                       has_cards=cards.fonts_available())
    config["extra"]["serving"] = serving
    config_file = work / "mkdocs.yml"
    write_text(config_file, "# 由 generator 生成，请勿手工修改\n" + yaml.safe_dump(config, allow_unicode=True, sort_keys=False))
    clock.lap("写入")
    return config_file


def build(content: Path, site_dir: Path, preview: bool = False, strict: bool = False,
          full: bool = False) -> Outcome:
    """Build the site into site_dir; on any failure site_dir stays as it was.

    full: run MkDocs even when nothing changed (the fingerprint is not trusted)."""
    content, site_dir = content.absolute(), site_dir.absolute()
    outcome = Outcome(report=Report(), site_dir=site_dir)
    clock = _Clock(outcome.seconds)
    outcome.refused = site_problem(site_dir, content, preview)  # before anything is created
    if outcome.refused:
        return outcome
    catalogue = check_content(content, outcome.report, drafts_block=preview)  # drafts.py
    clock.lap("检查")
    if catalogue is None or outcome.report.failed(strict):
        return outcome
    work = work_dir(site_dir)
    work.mkdir(parents=True, exist_ok=True)
    with _lock(work):
        try:  # under the lock: another build may have published since we looked
            mkdocs_site.check_target(site_dir, preview)
        except mkdocs_site.UnsafeTarget as exc:
            outcome.refused = str(exc)
            return outcome
        config_file = generate(catalogue, content, work, preview, outcome)
        fingerprint = _fingerprint(work, config_file)
        if not full and _up_to_date(site_dir, work, fingerprint, preview):
            outcome.up_to_date = True
            return outcome
        _publish_new(content, site_dir, work, config_file, preview, outcome)
    return outcome


def _publish_new(content: Path, site_dir: Path, work: Path, config_file: Path, preview: bool,
                 outcome: Outcome) -> None:
    """MkDocs into the staging folder (cards drawn beside it), then the swap."""
    clock = _Clock(outcome.seconds)
    outcome.skipped += mkdocs_site.clear_leftovers(site_dir)
    staging = mkdocs_site.staging_dir(site_dir)
    tasks = qr_tasks(outcome.view) + (cards.tasks(outcome.view, content) if cards.fonts_available() else [])
    drawing = SideJob(tasks, work / "side-cache")  # on the other core, while MkDocs builds
    try:
        outcome.mkdocs_warnings = mkdocs_site.run_mkdocs(config_file)
        clock.lap("MkDocs")
        if drawing:
            outcome.cards_drawn = drawing.finish(staging)
            drawing = None
        clock.lap("二维码和分享卡片")
        index = staging / "search" / "search_index.json"
        if index.is_file():
            compact_index(index, labels(outcome.view))
        (work / FINGERPRINT).unlink(missing_ok=True)  # stale from here until the new one is written
        mkdocs_site.publish(staging, site_dir, "preview" if preview else "public")
        write_text(work / MANIFEST, json.dumps(site_manifest(site_dir), ensure_ascii=False, sort_keys=True))
        (work / FINGERPRINT).write_text(_fingerprint(work, config_file), encoding="utf-8")
    except mkdocs_site.MkDocsFailed as exc:
        outcome.refused = f"MkDocs 生成失败：{exc}"
    except mkdocs_site.PublishFailed as exc:
        outcome.refused = str(exc)
    finally:
        if drawing:
            drawing.cancel()
        outcome.skipped += mkdocs_site.clear_leftovers(site_dir)
    clock.lap("发布")


MANIFEST = "site-manifest.json"


def site_manifest(site: Path) -> dict[str, list[int]]:
    """Every published file with its size and mtime: what the fingerprint vouches for."""
    found = {}
    for folder, _, names in os.walk(site):
        for name in names:
            path = os.path.join(folder, name)
            stat = os.lstat(path)
            found[os.path.relpath(path, site)] = [stat.st_size, stat.st_mtime_ns]
    return found


FINGERPRINT = "site-fingerprint.txt"


def _fingerprint(work: Path, config_file: Path) -> str:
    """Everything MkDocs would build from: unchanged files keep their mtimes (write.py)."""
    digest = hashlib.sha256()
    theme = mkdocs_site.base_config().parent
    folders = [work / "docs", work / "side-cache", theme / "theme_overrides"]
    for path in [config_file, mkdocs_site.base_config(), *(p for f in folders for p in sorted(f.rglob("*")))]:
        if path.is_file():
            stat = path.stat()
            digest.update(f"{path}|{stat.st_size}|{stat.st_mtime_ns}\n".encode())
    digest.update(f"{__version__}|{_versions()}".encode())
    return digest.hexdigest()


def _versions() -> str:
    from importlib.metadata import version

    return "|".join(version(name) for name in ("mkdocs", "mkdocs-material", "pymdown-extensions"))


def _up_to_date(site_dir: Path, work: Path, fingerprint: str, preview: bool) -> bool:
    """The site was built from exactly these files: no need to run MkDocs again."""
    try:
        built = (work / FINGERPRINT).read_text(encoding="utf-8")
        published = json.loads((work / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return (built == fingerprint and mkdocs_site.site_kind(site_dir) == ("preview" if preview else "public")
            and site_manifest(site_dir) == published)  # files deleted or edited by hand: build again


@contextmanager
def _lock(work: Path):
    """One build per output folder at a time (where the system can lock files)."""
    if fcntl is None:
        yield
        return
    with open(work / ".lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
