"""serve's site: MkDocs' config, files, nav and theme environment kept in memory between saves,
so that a save converts only the pages whose Markdown changed.

A page's HTML depends on other pages only through the nav (partial.py says why), so the
published build's incremental rule holds here too: with the same config and theme, rebuilding
the changed pages gives what a full build would. A changed mkdocs.yml or theme, or a build that
failed, means a full build with the config read again; pages added or removed mean the files and
nav are gathered again. The steps follow mkdocs.commands.build.build (MkDocs 1.6).

Material's search plugin keeps one index entry list for the whole site; a save replaces the
entries of the rebuilt pages, in the pages' order (Material's own dirty-reload merge handles
one page per save and appends it), and serialises only theirs (LiveIndex).
"""

from __future__ import annotations

import json
import shutil
from contextlib import contextmanager
from pathlib import Path

from ..stamps import stats
from ..website.addresses import served
from .partial import dest_of

SEARCH_PLUGINS = ("material/search", "search")


class LiveSite:
    """The docs folder beside config_file, built into site_dir as served from serve_url (None:
    the site's own address, as a published build)."""

    def __init__(self, config_file: Path, site_dir: Path, serve_url: str | None) -> None:
        self.config_file, self.site_dir, self.serve_url = config_file, site_dir, serve_url
        self.docs_dir = config_file.parent / "docs"
        self.config = None  # None: the next build reads the config and builds everything
        self.files = self.env = self.nav = None
        self.index: LiveIndex | None = None
        self.built: dict[str, list[int]] = {}  # the docs files' stamps as last built
        self.inputs: dict[str, list[int]] = {}  # mkdocs.yml's and the theme overrides' stamps

    def build(self) -> int | None:
        """Bring the site up to date with the docs folder: how many of its files changed (pages
        converted, files copied or removed), None when everything was built."""
        docs, inputs = stats(self.docs_dir), self._inputs()
        try:
            if self.config is None or inputs != self.inputs or not self._index_intact():
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

    def _index_intact(self) -> bool:
        """Material's search plugin is one object per process: another build may have reset it."""
        return search_index(self.config) is (self.index.material if self.index else None)

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
        if self.serve_url:  # as MkDocs' serve: links and the sitemap point at the local server
            config.site_url = self.serve_url
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
        material = search_index(config)
        self.index = LiveIndex(material) if material else None
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
        index = self.index
        if index:
            index.material.entries = []  # what the rebuilt pages add
        for file in todo:
            mkdocs_build._populate_page(file.page, config, self.files)
        for file in todo:
            mkdocs_build._build_page(file.page, config, pages, self.nav, self.env)
        if index:
            rebuilt = {served(path) for path in changed if path.endswith(".md")}
            with index.updated(rebuilt, [served(file.src_uri) for file in pages]):
                config.plugins.on_post_build(config=config)
        else:
            config.plugins.on_post_build(config=config)
        return len(changed)


def search_index(config):
    """Material's search plugin's index of the site, if the plugin is on (None otherwise).

    Its entry list is Material's internal state; a Material without it stops serve loudly
    (tests/test_livesite.py) rather than serving a search that finds stale pages."""
    plugin = next((config.plugins[name] for name in SEARCH_PLUGINS if name in config.plugins), None)
    if plugin is None:
        return None
    index = getattr(plugin, "search_index", None)
    if not isinstance(getattr(index, "entries", None), list):
        raise RuntimeError("Material 的搜索插件已改版（没有 search_index.entries），serve 需要随之修改")
    return index


class LiveIndex:
    """Material's index of the served site, kept per page with each page's entries as JSON, so
    a save serialises only the rebuilt pages' entries (the whole index is 12 MB at 1000 records)
    and writes the same bytes as Material's generate_search_index."""

    def __init__(self, material) -> None:
        self.material = material  # Material's SearchIndex
        self.pages: dict[str, tuple[list[dict], str]] = {}
        self._add(material.entries)

    def _add(self, entries: list[dict]) -> None:
        grouped: dict[str, list[dict]] = {}
        for entry in entries:  # `location`: the page's address, then #section
            grouped.setdefault(entry["location"].split("#")[0], []).append(entry)
        for page, group in grouped.items():
            self.pages[page] = (group, ",".join(json.dumps(e, separators=(",", ":"), default=str) for e in group))

    @contextmanager
    def updated(self, rebuilt: set[str], order: list[str]):
        """The rebuilt pages' new entries (material.entries) replace their old ones, in the pages'
        order as a full build indexes them; Material writes this text as its index meanwhile."""
        for page in rebuilt:
            self.pages.pop(page, None)
        self._add(self.material.entries)
        pages = [page for page in order if page in self.pages] + sorted(self.pages.keys() - set(order))
        self.material.entries = [entry for page in pages for entry in self.pages[page][0]]
        config = {key: self.material.config[key] for key in ("lang", "separator", "pipeline", "fields")}
        text = ('{"config":' + json.dumps(config, separators=(",", ":"), default=str) + ',"docs":['
                + ",".join(self.pages[page][1] for page in pages if self.pages[page][1]) + "]}")
        self.material.generate_search_index = lambda prev: text
        try:
            yield
        finally:
            del self.material.generate_search_index
