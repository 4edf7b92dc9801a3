"""A full MkDocs build on two processes: the config, files and nav are made once, then a
forked copy of this process converts and writes the last pages while this one does the first,
the static files, the theme's templates (sitemap, 404) and the post-build events.

The steps are those of mkdocs.commands.build.build (MkDocs 1.6). A page's HTML depends on
other pages only through the nav (titles fixed in engine.NAV; both processes read the nav
pages' front matter) and the sitemap (every page's address and date, known before any page is
converted), as partial.py explains. What the child found that a full build uses later comes
back through a pipe: its log records, its search entries, its pages' anchors for the link
check and its progress. A child that fails or dies has its share redone here, so a page's
error is raised here, as in one process; the site is built into a staging folder and only
swapped in when complete (pipeline.py).
"""

from __future__ import annotations

import logging
import multiprocessing
import os

from ..model.prefetch import can_fork
from .engine import PAGE_COUNT

SHARED_FROM = 400  # pages; below this, a second process costs more than it saves
OWN_SHARE = 0.47  # of the pages' Markdown bytes: this process also copies files and writes the sitemap
# Plugins whose state across pages is known and carried back (search entries) or counted
# (engine._PageCount); with any other plugin, the build runs in one process.
KNOWN_PLUGINS = {"material/search", "search", PAGE_COUNT}

log = logging.getLogger(__name__)


def can_share(config, pages: int) -> bool:
    return pages >= SHARED_FROM and set(config.plugins) <= KNOWN_PLUGINS and can_fork()


def collect(config) -> tuple:
    """The docs and theme files, the theme's Jinja environment and the nav, as MkDocs' build()
    gathers them after on_pre_build (the plugins' on_files and on_nav included)."""
    from mkdocs.structure.files import get_files, set_exclusions
    from mkdocs.structure.nav import get_navigation

    from . import themefiles

    files = get_files(config)
    env = config.theme.get_env()
    themefiles.add(files, env, config)  # files.add_files_from_theme, the theme's list kept
    files = config.plugins.on_files(files, config=config)
    set_exclusions(files, config)
    nav = get_navigation(files, config)
    return files, env, config.plugins.on_nav(nav, config=config, files=files)


def build(config, counter=None) -> tuple[int, int]:
    """mkdocs build (not dirty), its pages shared with a forked process when worth it.

    counter: engine._PageCount, told the child's progress too. Returns the pages built here
    and in the child (0 when it did not run or failed and its pages were built here)."""
    from mkdocs import utils
    from mkdocs.commands import build as mkdocs_build
    from mkdocs.exceptions import Abort, BuildError
    from mkdocs.structure.files import InclusionLevel
    from mkdocs.structure.pages import Page

    logger = logging.getLogger("mkdocs")
    warning_counter = utils.CountHandler()
    warning_counter.setLevel(logging.WARNING)
    if config.strict:
        logger.addHandler(warning_counter)
    try:
        config = config.plugins.on_config(config)
        config.plugins.on_pre_build(config=config)
        mkdocs_build.log.info("Cleaning site directory")
        utils.clean_directory(config.site_dir)
        mkdocs_build.log.info(f"Building documentation to directory: {config.site_dir}")
        files, env, nav = collect(config)
        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
        for file in doc_files:
            if file.page is None and file.inclusion.is_not_in_nav():
                Page(None, file, config)
        mine, theirs = _shares(config, files, doc_files)
        child = _Child.start(config, files, nav, env, doc_files, mine, theirs, counter) if theirs else None
        if child is None:
            mine, theirs = doc_files, []
        try:
            theirs = _build_share(config, files, nav, env, doc_files, mine, theirs, child, counter)
        finally:
            if child:  # stopped if this process failed first: it must not write on after the build
                child.stop()
        for file in doc_files:
            file.page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
        config.plugins.on_post_build(config=config)
        if counts := warning_counter.get_counts():
            raise Abort(f"Aborted with {', '.join(f'{v} {k.lower()}s' for k, v in counts)} in strict mode!")
    except Exception as exc:
        config.plugins.on_build_error(error=exc)
        if isinstance(exc, BuildError):
            mkdocs_build.log.error(str(exc))
            raise Abort("Aborted with a BuildError!") from None
        raise
    finally:
        logger.removeHandler(warning_counter)
    return len(doc_files) - len(theirs), len(theirs)


def _build_share(config, files, nav, env, doc_files, mine, theirs, child, counter) -> list:
    """This process's pages, the static files and templates, then the child's outcome; the pages
    the child built (none if it failed: this process built them again)."""
    from mkdocs.commands import build as mkdocs_build
    from mkdocs.structure.files import InclusionLevel

    _read_nav_pages(config, nav, theirs)
    for file in mine:
        mkdocs_build._populate_page(file.page, config, files)
        if child:
            child.poll()
    env = config.plugins.on_env(env, config=config, files=files)
    files.copy_static_files(dirty=False, inclusion=InclusionLevel.is_included)
    for template in config.theme.static_templates:
        mkdocs_build._build_theme_template(template, env, files, config, nav)
    for template in config.extra_templates:
        mkdocs_build._build_extra_template(template, files, config, nav)
    for file in mine:
        mkdocs_build._build_page(file.page, config, doc_files, nav, env)
        if child:
            child.poll()
    if child is None or child.finish(config, files):
        return theirs
    if counter:
        counter.theirs.clear()
    for file in theirs:  # the child's share, again here: its errors are raised as usual
        mkdocs_build._populate_page(file.page, config, files)
    for file in theirs:
        mkdocs_build._build_page(file.page, config, doc_files, nav, env)
    return []


def _shares(config, files, doc_files) -> tuple[list, list]:
    """The first pages (by Markdown bytes) for this process, the rest for the child; none for
    the child when not worth it, or when one of its pages would land on a file this process writes."""
    if not can_share(config, len(doc_files)):
        return doc_files, []
    sizes = [os.path.getsize(file.abs_src_path) for file in doc_files]
    total, running, cut = sum(sizes), 0, len(doc_files)
    for i, size in enumerate(sizes):
        running += size
        if running >= total * OWN_SHARE:
            cut = i + 1
            break
    mine, theirs = doc_files[:cut], doc_files[cut:]
    written_here = {f.dest_uri for f in files if not f.is_documentation_page()} | set(config.theme.static_templates)
    if any(file.dest_uri in written_here for file in theirs):
        return doc_files, []
    return mine, theirs


def _read_nav_pages(config, nav, others: list) -> None:
    """Front matter of the nav's pages the other process converts: the nav shows their meta."""
    theirs = {file.src_uri for file in others}
    for page in nav.pages:
        if page.file.src_uri in theirs:
            page.read_source(config)


class _Capture(logging.Handler):
    """The child's log records, to be handled by this process's loggers when it succeeds."""

    def __init__(self) -> None:
        super().__init__(logging.NOTSET)
        self.records: list[dict] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append({"name": record.name, "levelno": record.levelno, "levelname": record.levelname,
                             "msg": record.getMessage(), "pathname": record.pathname, "lineno": record.lineno,
                             "funcName": record.funcName, "created": record.created,
                             "exc_text": logging.Formatter().formatException(record.exc_info) if record.exc_info else None})


def _search_indexes(config) -> dict:
    return {name: plugin.search_index for name, plugin in config.plugins.items()
            if getattr(plugin, "search_index", None) is not None}


def _child_build(config, files, nav, env, doc_files, mine, theirs, counter, sending) -> None:
    """In the forked process: populate and write `theirs`, then send what the parent needs."""
    from mkdocs.commands import build as mkdocs_build

    capture = _Capture()
    root = logging.getLogger()
    root.handlers = [capture]  # nothing is printed here: the parent handles every record
    for name in list(logging.root.manager.loggerDict):
        existing = logging.getLogger(name)
        if existing.handlers:
            existing.handlers = []
        existing.propagate = True
    try:
        if counter:
            counter.report = lambda step, done, total: sending.send(("count", step, done))
        indexes = _search_indexes(config)
        before = {name: len(index.entries) for name, index in indexes.items()}
        _read_nav_pages(config, nav, mine)
        for file in theirs:
            mkdocs_build._populate_page(file.page, config, files)
        env = config.plugins.on_env(env, config=config, files=files)
        for file in theirs:
            mkdocs_build._build_page(file.page, config, doc_files, nav, env)
        anchors = {file.src_uri: (file.page.present_anchor_ids, None if file.page.links_to_anchors is None else
                                  {to.src_uri: links for to, links in file.page.links_to_anchors.items()})
                   for file in theirs}
        entries = {name: index.entries[before[name]:] for name, index in indexes.items()}
        sending.send(("done", capture.records, anchors, entries))
    except BaseException as exc:  # the parent builds these pages again and reports the error itself
        sending.send(("failed", f"{type(exc).__name__}: {exc}"))
    finally:
        sending.close()


class _Child:
    """The forked process that builds the last pages, and what it sends back."""

    def __init__(self, process, receiving, counter) -> None:
        self.process, self.receiving, self.counter = process, receiving, counter
        self.outcome = None

    @classmethod
    def start(cls, config, files, nav, env, doc_files, mine, theirs, counter) -> _Child | None:
        fork = multiprocessing.get_context("fork")
        receiving, sending = fork.Pipe(duplex=False)
        process = fork.Process(target=_child_build, daemon=True,
                               args=(config, files, nav, env, doc_files, mine, theirs, counter, sending))
        try:
            process.start()
        except OSError:
            receiving.close()
            return None
        finally:
            sending.close()
        return cls(process, receiving, counter)

    def stop(self) -> None:
        """The child ended (waited for when it has finished, ended when not); the pipe closed."""
        if self.outcome is None and self.process.is_alive():
            self.process.terminate()
        self.process.join()
        self.receiving.close()

    def poll(self) -> None:
        """Take what the child has sent so far (its progress), without waiting."""
        while self.outcome is None and self.receiving.poll():
            self._take()

    def _take(self) -> None:
        try:
            message = self.receiving.recv()
        except (EOFError, OSError):
            message = ("failed", "the process ended early")
        if message[0] == "count":
            if self.counter:
                self.counter.count_theirs(message[1], message[2])
        else:
            self.outcome = message

    def finish(self, config, files) -> bool:
        """Wait for the child; on success, its records, anchors and search entries join ours."""
        try:
            while self.outcome is None:
                self._take()
        finally:
            self.stop()
        if self.outcome[0] != "done":
            log.debug("MkDocs' second process failed (%s): its pages are built here", self.outcome[1])
            return False
        _, records, anchors, entries = self.outcome
        for record in records:
            logging.getLogger(record["name"]).handle(logging.makeLogRecord(record))
        by_uri = {file.src_uri: file for file in files}
        for uri, (present, links) in anchors.items():
            page = by_uri[uri].page
            page.present_anchor_ids = present
            if links is not None:
                page.links_to_anchors = {by_uri[to]: found for to, found in links.items()}
        indexes = _search_indexes(config)
        for name, found in entries.items():
            indexes[name].entries.extend(found)
        return True
