"""MkDocs over some pages only, into a copy of the published site.

When only records changed, the nav, theme and config are the same as in the last build:
every page's HTML depends on other pages only through the nav (whose titles are fixed in
engine.NAV), so rebuilding the pages whose Markdown changed, plus the sitemap and 404
page, gives the same bytes as a full build (tests/test_incremental.py compares them).
The steps follow mkdocs.commands.build.build (MkDocs 1.6), skipping unchanged pages.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from ..website.addresses import served

ALWAYS_WRITTEN = ("404.html", "sitemap.xml", "sitemap.xml.gz", "search/search_index.json")


def dest_of(docs_path: str) -> str:
    """Where MkDocs (use_directory_urls) writes a docs file: brands/x.md → brands/x/index.html."""
    return served(docs_path) + "index.html" if docs_path.endswith(".md") else docs_path


def link_copy(published: Path, staging: Path, leave_out: set[str], leave_out_folders: tuple[str, ...]) -> int:
    """Hard-link every file of the published site into staging, but those about to be rewritten.

    Files are never written in place (MkDocs and our writers replace them after unlink), so
    the published site is never touched through a link. Returns the files linked."""
    linked = 0
    into = os.fspath(staging)  # paths as text: a Path per file costs more than the link
    for folder, dirs, files in os.walk(published):
        rel_folder = os.path.relpath(folder, published)
        rel_folder = "" if rel_folder == "." else rel_folder.replace(os.sep, "/") + "/"
        if rel_folder and rel_folder.split("/")[0] in leave_out_folders:
            dirs[:] = []
            continue
        os.makedirs(os.path.join(into, rel_folder), exist_ok=True)
        for name in files:
            rel = rel_folder + name
            if rel in leave_out:
                continue
            target = os.path.join(into, rel)
            try:
                os.link(os.path.join(folder, name), target)
            except OSError:  # a file system without hard links: copy
                shutil.copy2(os.path.join(folder, name), target)
            linked += 1
    return linked


def build_pages(config, only: set[str] | None, counter=None) -> None:
    """mkdocs build (many pages: on two processes, twoway.py), or only the docs files `only`
    (the staging folder holds the rest). counter: engine._PageCount, if any."""
    from mkdocs.commands import build as mkdocs_build
    from mkdocs.structure.pages import Page

    from . import twoway

    if only is None:
        twoway.build(config, counter)
        return
    # Config and file collection, exactly as a full build.
    config = config.plugins.on_config(config)
    config.plugins.on_pre_build(config=config)
    files, env, nav = twoway.collect(config)
    # Every page exists (for the sitemap); only changed ones are read and converted.
    pages = files.documentation_pages()
    for file in pages:
        if file.page is None:
            Page(None, file, config)
        if file.src_uri in only:
            mkdocs_build._populate_page(file.page, config, files)
    env = config.plugins.on_env(env, config=config, files=files)
    # What is rewritten is unlinked first: never written in place through a hard link.
    site = Path(config.site_dir)
    for rel in [*config.theme.static_templates, *ALWAYS_WRITTEN]:
        (site / rel).unlink(missing_ok=True)
    for file in files:
        if file.src_uri in only:
            (site / file.dest_uri).unlink(missing_ok=True)
    # Changed pictures, feeds and other docs files; the theme's own files are unchanged.
    for file in files.static_pages():
        if file.src_uri in only:
            file.copy_file()
    for template in config.theme.static_templates:
        mkdocs_build._build_theme_template(template, env, files, config, nav)
    for file in pages:
        if file.src_uri in only:
            mkdocs_build._build_page(file.page, config, pages, nav, env)
    config.plugins.on_post_build(config=config)
