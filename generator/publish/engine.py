"""The engine side: one self-contained mkdocs.yml per build, and the engines that read it.

The base config and theme overrides ship inside the package (generator/publish/theme/). Each
build folder gets a copy of the overrides and a merged mkdocs.yml with relative paths
only (no INHERIT), so MkDocs (the default) or Zensical builds it as it stands, from any
installed copy of this package.
"""

from __future__ import annotations

import gc
import logging
import os
import shutil
import subprocess
import types
from pathlib import Path
from typing import Callable

import yaml

from ..website.markup import html_text
from ..website.view import View
from ..website.write import Written, sync_tree, write_text

THEME = Path(__file__).resolve().parent / "theme"
ENGINES = ("mkdocs", "zensical")
NAV = [
    {"首页": "index.md"},
    {"品牌清单": "brands/index.md"},
    {"案例库": "cases/index.md"},
    {"党组织": "units/index.md"},
    {"标签": "tags/index.md"},
    {"认定公示": "announcements/index.md"},
]
# Entries for the optional kinds, shown when the content folder has such records.
ALLIANCES_NAV, ACTIVITIES_NAV, CAMPAIGNS_NAV = ({"党建联盟": "alliances/index.md"}, {"工作动态": "activities/index.md"},
                                                {"专项工作": "campaigns/index.md"})
HEADER = "# 由 generator 生成，请勿手工修改\n"


class PythonTag:
    """A `!!python/…` value of the base config (the toc slugify), kept as written."""

    def __init__(self, tag: str, value: dict) -> None:
        self.tag, self.value = tag, value


class _Loader(yaml.SafeLoader):
    pass


class _Dumper(yaml.SafeDumper):
    pass


_Loader.add_multi_constructor("tag:yaml.org,2002:python/",
                              lambda loader, suffix, node: PythonTag("tag:yaml.org,2002:python/" + suffix,
                                                                     loader.construct_mapping(node, deep=True)))
_Dumper.add_representer(PythonTag, lambda dumper, tag: dumper.represent_mapping(tag.tag, tag.value))


def read_config(path: Path) -> dict:
    """A mkdocs.yml as data, its `!!python/…` values kept as PythonTag."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)


def base_config() -> dict:
    return read_config(THEME / "mkdocs.yml")


def derived_config(view: View, site_dir: str, serve_words: Path | None = None, has_cards: bool = True,
                   search_worker: bool = True) -> dict:
    """The base config with this site's names, address and nav; site_dir relative to the config.

    serve_words: `serve` keeps Material's own index (cut by jieba with these words)."""
    site = view.catalogue.site
    config = base_config()
    config.update({
        "site_name": html_text(f"{site.name}（预览）" if view.preview else site.name),
        "docs_dir": "docs",
        "site_dir": site_dir,
        "copyright": html_text(f"主办单位：{site.organiser}"),
        "nav": NAV + [entry for entry, shown in ((ALLIANCES_NAV, view.alliances), (ACTIVITIES_NAV, view.activities),
                                                 (CAMPAIGNS_NAV, view.campaigns)) if shown],
        "extra": {"preview": view.preview, "organiser": html_text(site.organiser), "cards": has_cards,
                  "feeds": bool(site.url), "search_worker": search_worker, "serving": serve_words is not None},
    })
    config["theme"]["custom_dir"] = "theme"
    config["plugins"] = {"search": {}}
    if serve_words:
        config["plugins"]["search"] = {"lang": "zh", "jieba_dict_user": str(serve_words)}
    if site.url:
        config["site_url"] = site.url
    return {k: config[k] for k in sorted(config, key=list(_ORDER).index)}


_ORDER = ("site_name", "site_url", "copyright", "docs_dir", "site_dir", "use_directory_urls", "nav", "theme",
          "extra", "extra_css", "extra_javascript", "plugins", "markdown_extensions", "validation")


# Material 9.8's search partial with accessibility fixes: Zensical's search box has other markup.
MATERIAL_ONLY = {"partials/search.html"}


def write_config(work: Path, config: dict, engine_name: str = "mkdocs") -> tuple[Path, Written]:
    """mkdocs.yml and the theme overrides into work/; only changed files are written."""
    overrides = THEME / "overrides"
    files = {p.relative_to(overrides).as_posix(): p for p in overrides.rglob("*") if p.is_file()}
    if engine_name != "mkdocs":
        files = {rel: path for rel, path in files.items() if rel not in MATERIAL_ONLY}
    theme = sync_tree(work / "theme", {}, files)
    config_file = work / "mkdocs.yml"
    text = HEADER + yaml.dump(config, Dumper=_Dumper, allow_unicode=True, sort_keys=False)
    theme.written += write_text(config_file, text)
    return config_file, theme


class Collected(logging.Handler):
    """The warnings a logger says while it is attached (MkDocs' messages, kept out of the terminal)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


PAGE_COUNT = "dangjian-page-count"  # its name among the plugins (twoway.py knows it)


class _PageCount:
    """A MkDocs plugin in all but name: counts pages converted and written, for a progress display."""

    def __init__(self, report: Callable, only: set[str] | None) -> None:
        self.report, self.only = report, only
        self.total = self.converted = self.written = 0
        self.theirs: dict[str, int] = {}  # step → pages a forked MkDocs process has done (twoway.py)

    def on_files(self, files, config):
        pages = files.documentation_pages()
        self.total = len(pages) if self.only is None else sum(f.src_uri in self.only for f in pages)
        self.report("转换", 0, self.total)

    def on_page_content(self, html, page, config, files):
        self.converted += 1
        self.report("转换", self.converted + self.theirs.get("转换", 0), self.total)

    def on_post_page(self, output, page, config):
        self.written += 1
        self.report("写出", self.written + self.theirs.get("写出", 0), self.total)

    def count_theirs(self, step: str, done: int) -> None:
        self.theirs[step] = done
        self.report(step, (self.converted if step == "转换" else self.written) + done, self.total)


class EngineFailed(Exception):
    """The engine stopped; its messages say why."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("\n".join(m for m in messages if m))


def run_mkdocs(config_file: Path, only: set[str] | None = None, on_page: Callable | None = None) -> list[str]:
    """Build with MkDocs as its CLI does, or only the pages `only` (docs paths); its warnings.

    on_page(step, done, total): told as each page is converted ("转换") and written ("写出")."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    from .lean import LeanInline
    from .partial import build_pages

    _jieba_on_first_use()
    collect = Collected()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collect)
    if only is None:  # a whole build's garbage is freed first; a few pages' run leaves it to later
        gc.collect()
    gc.freeze()  # the records and pages stay alive: keep the collector from walking them again and again
    paused = not gc.isenabled()  # by the pipeline, for its own work: MkDocs' garbage is collected
    gc.enable()
    try:
        config = load_config(str(config_file))
        config.markdown_extensions.append(LeanInline())  # the same HTML, less work per page (lean.py)
        counter = _PageCount(on_page, only) if on_page else None
        if counter:
            config.plugins[PAGE_COUNT] = counter
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build_pages(config, only, counter)
        finally:
            config.plugins.on_shutdown()
    except (MkDocsException, SystemExit) as exc:  # MkDocs' Abort is a SystemExit
        raise EngineFailed([*collect.messages, str(exc)]) from None
    finally:
        logger.removeHandler(collect)
        if paused:
            gc.disable()
        gc.unfreeze()
    return collect.messages


def _jieba_on_first_use() -> None:
    """Material's search plugin imports jieba (and pkg_resources: a fifth of a second) on loading,
    but cuts text with it only for `serve`, whose index is Material's: loaded when first used."""
    import importlib.util
    import sys

    if "jieba" not in sys.modules and importlib.util.find_spec("jieba") is not None:
        sys.modules["jieba"] = _LaterJieba("jieba")


class _LaterJieba(types.ModuleType):
    """Stands for jieba until one of its names is used: then imports it and passes every name on.
    (importlib's LazyLoader will not do: an `import` statement reads its __spec__, which loads it.)"""

    def __getattr__(self, name: str):
        import importlib
        import sys

        if sys.modules.get("jieba") is self:
            del sys.modules["jieba"]
        return getattr(importlib.import_module("jieba"), name)


def run_zensical(config_file: Path) -> list[str]:
    """Build with Zensical (`pip install .[zensical]`), in its own process; its warnings."""
    command = shutil.which("zensical")
    if command is None:
        raise EngineFailed(["找不到 Zensical，请先安装：pip install \"dangjian-showcase[zensical]\""])
    done = subprocess.run([command, "build", "--clean", "-f", config_file.name], cwd=config_file.parent,
                          capture_output=True, text=True, encoding="utf-8", errors="replace")
    lines = [line for line in (done.stdout + done.stderr).splitlines() if line.strip()]
    if done.returncode != 0:
        raise EngineFailed(lines[-20:])
    return [line for line in lines if "warning" in line.lower()]
