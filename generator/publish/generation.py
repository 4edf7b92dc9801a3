"""Checked records → the work folder: Markdown pages, the search index and a self-contained
mkdocs.yml (the build's second step, pipeline.py; serve's every save, serve.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from ..website.write import Written, write_text

if TYPE_CHECKING:  # names for the annotations only
    from ..model.recordcache import RecordCache
    from ..model.records import Catalogue
    from ..website.pagecache import PageCache
    from ..website.view import View

PAGE_CACHE = "pages"  # a folder of shards (shards.py), as the one below
SEARCH_PAGES = "search-pages"  # each page's part of the index, by the digest of its Markdown
STAGING = "site"  # inside the work folder (Zensical builds only there), swapped in when complete
PROBLEMS = "serve-problems.json"  # under serve, the problems of the last save (serve.py)


@dataclass
class Kept:
    """What serve keeps in memory between saves, so that a save reads and writes only what changed."""

    records: RecordCache | None = None
    pages: PageCache | None = None
    written: dict[str, str | bytes] | None = None  # the docs files as last written
    qr: tuple[list, dict[str, Path]] | None = None  # the QR codes' tasks and files, as last made


@dataclass
class Generated:
    """What `generate` made in the work folder."""

    view: View
    pages: int
    written: Written
    config_file: Path
    index: str  # the search index (search.index_text)
    skipped: list[str] = field(default_factory=list)  # outputs left out, said once


def generate(catalogue: Catalogue, content: Path, work: Path, preview: bool, engine_name: str = "mkdocs",
             serve: bool = False, view: View | None = None, digests: dict[str, str] | None = None,
             on_page: Callable[[int, int], None] | None = None, kept: Kept | None = None) -> Generated:
    """Checked records → Markdown pages, search index and a self-contained mkdocs.yml in work/.

    The index replaces Material's, except under `serve` (MkDocs' live server rebuilds Material's
    index page by page) and Zensical (its own index and search). digests: the record files'
    SHA-256 by path (RecordCache.digests), to reuse record pages whose records are unchanged.
    serve: QR codes go into the pages' folder too (`serve` builds no site of its own).
    on_page(done, total): told as each page's Markdown is ready. kept: serve's pages and files
    from the last save, brought up to date."""
    from ..website import cards, images, search
    from ..website.pages import plan
    from ..website.promote import SKIPPED_WITHOUT_ADDRESS, promotion_files, qr_tasks
    from ..website.view import View
    from ..website.write import sync_tree
    from . import engine

    view = view or View(catalogue, preview)
    pages = plan(view)
    kinds = search.labels(view) if engine_name == "mkdocs" and not serve else None  # None: no index of ours
    texts = _render(pages, view, work, digests, kinds, on_page, kept)
    index = search.kept_index(texts, kinds, work / SEARCH_PAGES) if kinds is not None else ""
    if kinds is not None:
        texts = {path: search.without_material_index(text) for path, text in texts.items()}
    skipped = []
    if not catalogue.site.url:
        skipped.append(f"site.yml 没有填写“网址”，已跳过：{SKIPPED_WITHOUT_ADDRESS}")
    if not cards.fonts_available():
        skipped.append("找不到 Noto CJK 中文字体（fonts-noto-cjk），已跳过分享卡片")
    cache = work / "image-cache"  # published pictures carry no metadata (images.py)
    copies = {rel: images.cleaned_copy(content / rel, cache) for rel in view.images()}
    images.prune(cache, set(copies.values()))
    files = {**texts, **promotion_files(view)}
    if serve:
        copies.update(_qr_codes(qr_tasks(view), work, kept))
        files[PROBLEMS] = "[]"
    written = sync_tree(work / "docs", files, copies, kept.written if kept else None)
    if kept:
        kept.written = files
    words = work / "jieba_user_dict.txt"  # for serve's jieba; the records' names and 词典.txt
    write_text(words, search.dictionary_text(search.user_words(view)))
    config = engine.derived_config(view, STAGING, serve_words=words if serve else None, has_cards=cards.fonts_available(),
                                   search_worker=engine_name == "mkdocs")
    config_file, _ = engine.write_config(work, config, engine_name)
    return Generated(view, len(pages), written, config_file, index, skipped)


def _qr_codes(tasks: list, work: Path, kept: Kept | None) -> dict[str, Path]:
    """serve's QR codes (in the pages' folder): the same tasks as at the last save need no look at the cache."""
    from ..website.drawing import DrawingJob

    keys = [(task.paths, task.key) for task in tasks]
    if kept and kept.qr and kept.qr[0] == keys:
        return kept.qr[1]
    made = DrawingJob(tasks, work / "side-cache").cached()
    if kept:
        kept.qr = (keys, made)
    return made


def _render(pages: list, view: View, work: Path, digests: dict[str, str] | None, index: dict | None,
            on_page: Callable[[int, int], None] | None = None, kept: Kept | None = None) -> dict[str, str]:
    """Markdown of every page; pages whose records show the same come from pagecache.
    index: the search labels when our search index is wanted (its parts are made where the pages are rendered)."""
    from ..website import pagecache
    from ..website.render import render

    if digests is None:
        return render(pages, on_page and (lambda done: on_page(done, len(pages))), index)
    cache = pagecache.PageCache(work / PAGE_CACHE, kept.pages if kept else None)
    if kept:
        kept.pages = cache
    page_keys = pagecache.PageKeys(view, digests)
    keys = {page.path: page_keys.of(page) for page in pages}
    reused = {page.path: text for page in pages if (text := cache.get(page.path, keys[page.path])) is not None}
    fresh = render([page for page in pages if page.path not in reused],
                   on_page and (lambda done: on_page(len(reused) + done, len(pages))), index)
    for path, text in fresh.items():
        cache.put(path, keys[path], text)
    cache.save()
    return {page.path: reused[page.path] if page.path in reused else fresh[page.path] for page in pages}
