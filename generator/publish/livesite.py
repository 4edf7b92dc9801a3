"""serve's site: MkDocs' config, files, nav and theme environment kept in memory between saves,
so that a save converts only the pages whose Markdown changed.

A page's HTML depends on other pages only through the nav (partial.py says why), so the
published build's incremental rule holds here too: with the same config and theme, rebuilding
the changed pages gives what a full build would. A changed mkdocs.yml or theme, or a build that
failed, means a full build with the config read again; pages added or removed mean the files and
nav are gathered again. The steps follow mkdocs.commands.build.build (MkDocs 1.6).

Material's search plugin keeps one index entry list for the whole site; a save replaces the
entries of the rebuilt pages, in the pages' order (Material's own dirty-reload merge handles
one page per save and appends it).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from ..stamps import stats
from ..website.addresses import served
from .partial import dest_of

SEARCH_PLUGINS = ("material/search", "search")


class LiveSite:
    """The docs folder beside config_file, built into site_dir as served from serve_url."""

    def __init__(self, config_file: Path, site_dir: Path, serve_url: str) -> None:
        self.config_file, self.site_dir, self.serve_url = config_file, site_dir, serve_url
        self.docs_dir = config_file.parent / "docs"
        self.config = None  # None: the next build reads the config and builds everything
        self.files = self.env = self.nav = None
        self.built: dict[str, list[int]] = {}  # the docs files' stamps as last built
        self.inputs: dict[str, list[int]] = {}  # mkdocs.yml's and the theme overrides' stamps

    def build(self) -> int | None:
        """Bring the site up to date with the docs folder: the pages converted, None for all."""
        docs, inputs = stats(self.docs_dir), self._inputs()
        try:
            if self.config is None or inputs != self.inputs:
                self._full()
                rebuilt = None
            else:
                changed = {path for path in docs.keys() | self.built.keys() if docs.get(path) != self.built.get(path)}
                rebuilt = self._some(changed, set(docs), docs.keys() != self.built.keys()) if changed else 0
        except BaseException:
            self.config = None  # half-built: the next save builds everything again
            raise
        self.built, self.inputs = docs, inputs
        return rebuilt

    def _inputs(self) -> dict[str, list[int]]:
        stamp = self.config_file.stat()
        return {"mkdocs.yml": [stamp.st_size, stamp.st_mtime_ns],
                **{f"theme/{path}": stamp for path, stamp in stats(self.config_file.parent / "theme").items()}}

    def _full(self) -> None:
        from mkdocs import utils
        from mkdocs.commands import build as mkdocs_build
        from mkdocs.config import load_config

        from .lean import LeanInline

        self.config = None
        config = load_config(str(self.config_file), site_dir=str(self.site_dir))
        config.site_url = self.serve_url  # as MkDocs' serve: links and the sitemap point at the local server
        config.markdown_extensions.append(LeanInline())  # the same HTML, less work per page (lean.py)
        config.plugins.on_startup(command="serve", dirty=False)
        config = config.plugins.on_config(config)
        config.plugins.on_pre_build(config=config)
        utils.clean_directory(config.site_dir)
        self._collect(config)
        pages = self.files.documentation_pages()
        for file in pages:
            mkdocs_build._populate_page(file.page, config, self.files)
        self.files.copy_static_files()
        for file in pages:
            mkdocs_build._build_page(file.page, config, pages, self.nav, self.env)
        config.plugins.on_post_build(config=config)
        self.config = config

    def _collect(self, config) -> None:
        """Files, nav and theme environment, and the sitemap and 404 page made from them."""
        from mkdocs.commands import build as mkdocs_build
        from mkdocs.structure.pages import Page

        from . import twoway

        self.files, env, self.nav = twoway.collect(config)
        for file in self.files.documentation_pages():
            if file.page is None:
                Page(None, file, config)
        self.env = config.plugins.on_env(env, config=config, files=self.files)
        for template in config.theme.static_templates:
            mkdocs_build._build_theme_template(template, self.env, self.files, config, self.nav)

    def _some(self, changed: set[str], present: set[str], recollect: bool) -> int:
        """Convert and write the changed pages, copy the changed files, drop the removed ones."""
        from mkdocs.commands import build as mkdocs_build

        config = self.config
        for path in changed - present:
            target = self.site_dir / dest_of(path)
            target.unlink(missing_ok=True)
            if path.endswith(".md") and target.parent.is_dir() and not any(target.parent.iterdir()):
                shutil.rmtree(target.parent, ignore_errors=True)
        if recollect:
            self._collect(config)
        pages = self.files.documentation_pages()
        todo = [file for file in pages if file.src_uri in changed]
        for file in self.files:
            if not file.is_documentation_page() and file.src_uri in changed:
                file.copy_file()
        index = search_index(config)
        before = index.entries if index else []
        if index:
            index.entries = []
        for file in todo:
            mkdocs_build._populate_page(file.page, config, self.files)
        for file in todo:
            mkdocs_build._build_page(file.page, config, pages, self.nav, self.env)
        if index:
            gone = {served(path) for path in changed if path.endswith(".md")}
            index.entries = merged(before, index.entries, gone, [served(file.src_uri) for file in pages])
        config.plugins.on_post_build(config=config)
        return len(todo)


def search_index(config):
    """Material's search plugin's index of the site, if the plugin is on (None otherwise).

    Its entry list is Material's internal state; a Material without it stops serve loudly
    (tests/test_serve.py) rather than serving a search that finds stale pages."""
    plugin = next((config.plugins[name] for name in SEARCH_PLUGINS if name in config.plugins), None)
    if plugin is None:
        return None
    index = getattr(plugin, "search_index", None)
    if not isinstance(getattr(index, "entries", None), list):
        raise RuntimeError("Material 的搜索插件已改版（没有 search_index.entries），serve 需要随之修改")
    return index


def merged(before: list[dict], fresh: list[dict], rebuilt: set[str], order: list[str]) -> list[dict]:
    """The index entries after a save: the rebuilt pages' new entries instead of their old ones,
    pages in `order` (their addresses, as a full build indexes them). An entry's `location` is
    its page's address, then #section."""
    by_page: dict[str, list[dict]] = {}
    for entry in before:
        page = entry["location"].split("#")[0]
        if page not in rebuilt:
            by_page.setdefault(page, []).append(entry)
    for entry in fresh:
        by_page.setdefault(entry["location"].split("#")[0], []).append(entry)
    return [entry for page in [*order, *(by_page.keys() - set(order))] for entry in by_page.get(page, [])]
