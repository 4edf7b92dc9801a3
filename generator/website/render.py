"""Pages → Markdown text through the Jinja2 templates in templates/.

Every `{{ value }}` is escaped as plain text (markup.inline) unless it is already
Markdown or macro output, the way HTML autoescaping works: user text never becomes markup.
"""

from __future__ import annotations

import functools
import json
import multiprocessing
import posixpath
import re
from urllib.parse import quote
from pathlib import Path
from typing import Callable

import jinja2
from jinja2.compiler import CodeGenerator

from ..model.fieldtypes import URL_PATTERN
from ..model.prefetch import can_fork
from . import addresses, markup, search
from .view import Page

TEMPLATES = Path(__file__).parent / "templates"


def _finalize(value: object) -> markup.Markdown:
    """Runs on every {{ }} output: plain values become escaped Markdown."""
    if value is None:
        return markup.Markdown("")
    return markup.inline(value)


@jinja2.pass_context
def _href(context: jinja2.runtime.Context, target: object) -> markup.Markdown:
    """A relative link from the current page to a record's page, a docs path or an image."""
    path = target if isinstance(target, str) else addresses.page_of(target)
    relative = _relative(path, _folder(context["here"]))
    return markup.Markdown(relative if _PLAIN_PATH.fullmatch(relative) else quote(relative, safe="/"))


_PLAIN_PATH = re.compile(r"[A-Za-z0-9/._-]+")  # anything else (# ? % spaces, Chinese) is quoted
_folder = functools.lru_cache(maxsize=1024)(posixpath.dirname)  # a page links many times from one folder


def _relative(path: str, folder: str) -> str:
    """posixpath.relpath for the site's shallow layout, without its cost on every link."""
    if not folder:
        return path
    if path.startswith(folder + "/") and "/" not in path[len(folder) + 1:]:
        return path[len(folder) + 1:]
    return "../" * (folder.count("/") + 1) + path


@jinja2.pass_context
def _page_url(context: jinja2.runtime.Context, path: str) -> markup.Markdown:
    """A file's address relative to the page's own address (brands/x.md is served at brands/x/)."""
    return markup.Markdown(quote(addresses.relative(context["here"], path), safe="/"))


@jinja2.pass_context
def _link(context: jinja2.runtime.Context, text: object, target: object) -> markup.Markdown:
    return markup.Markdown(f"[{markup.inline(text)}]({_href(context, target)})")


def _front_matter(meta: dict) -> markup.Markdown:
    """YAML front matter; strings are HTML-escaped because the theme prints them raw."""
    clean = {k: (markup.html_text(v) if isinstance(v, str) else v) for k, v in meta.items() if v is not None}
    # JSON is YAML too, and many times faster to write than PyYAML's emitter.
    return markup.Markdown("---\n" + json.dumps(clean, ensure_ascii=False) + "\n---\n")


class _Generator(CodeGenerator):
    """Compiles `{{ value }}` to finalize(value) alone: _finalize returns Markdown (a Markup)
    already, which Jinja's escape() around it would only copy (a sixth of the rendering)."""

    def _output_child_pre(self, node, frame, finalize) -> None:
        if frame.eval_ctx.autoescape and not frame.eval_ctx.volatile and finalize.src is not None:
            self.write("(" + finalize.src)
        else:
            super()._output_child_pre(node, frame, finalize)


class _Environment(jinja2.Environment):
    code_generator_class = _Generator


@functools.lru_cache(maxsize=None)  # one per process: serve and the workbench render again and again
def environment() -> jinja2.Environment:
    env = _Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        # Compiled templates kept in the user's temporary folder (checked against the source):
        # compiling the templates costs as much as rendering a few hundred pages. Their own
        # file names: code compiled by _Generator differs from plain Jinja's.
        bytecode_cache=jinja2.FileSystemBytecodeCache(pattern="__jinja2_markdown_%s.cache"),
        finalize=_finalize,
        autoescape=True,  # never HTML-escapes in practice: _finalize already made every value Markdown
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        paragraphs=markup.paragraphs,
        cn=markup.cn_number,
        cn_date=markup.cn_date,
        with_stop=markup.with_stop,
        href=_href,
        safe_url=_safe_url,
        page_url=_page_url,
    )
    env.globals.update(link=_link, front_matter=_front_matter, first_paragraph=_first_paragraph)
    return env


_URL = re.compile(URL_PATTERN)


def _safe_url(url: str) -> markup.Markdown:
    """A URL the schema already checked (http(s), no spaces, quotes or angle brackets)."""
    return markup.Markdown(url) if _URL.fullmatch(url) else markup.inline(url)


def _first_paragraph(text: str | None) -> str | None:
    found = markup.split_paragraphs(text or "")
    return found[0] if found else None


SHARED_FROM = 400  # pages; below this, a second process costs more than it saves


def render(pages: list[Page], on_page: Callable[[int], None] | None = None,
           index: dict[str, tuple[str, list[str]]] | None = None) -> dict[str, str]:
    """docs path → Markdown text, for every page; on_page(done) is told after each (after the
    pages rendered here, then once for those a forked process rendered, when many are shared).
    index: the search labels (search.labels) when the build writes our search index; when a
    forked process shares the work, both make their pages' parts of it too (search.made_ahead),
    which index_text then takes."""
    search.made_ahead.clear()  # only this build's pages: serve renders again and again
    if _can_share(pages):
        texts = _texts(pages[:len(pages) // 2], pages[len(pages) // 2:], on_page, index)
    else:
        texts = _render_all(pages, on_page)
    return {page.path: text for page, text in zip(pages, texts)}


def _render_all(pages: list[Page], on_page: Callable[[int], None] | None = None) -> list[str]:
    env = environment()
    texts = []
    for page in pages:
        texts.append(_tidy(env.get_template(page.template).render(page.context)))
        if on_page:
            on_page(len(texts))
    return texts


def _can_share(pages: list[Page]) -> bool:
    return len(pages) >= SHARED_FROM and can_fork()


def _texts(mine: list[Page], theirs: list[Page], on_page: Callable[[int], None] | None, index: dict | None) -> list[str]:
    """The first pages rendered here while a forked copy of this process renders the others.

    Forked, the child has the pages and templates already; only its texts come back. If it
    fails, its pages are rendered here (and a template's error is raised here, as usual)."""
    fork = multiprocessing.get_context("fork")
    receiving, sending = fork.Pipe(duplex=False)
    child = fork.Process(target=_render_into, args=(theirs, sending, index), daemon=True)
    try:
        child.start()
    except OSError:
        return _render_all(mine + theirs, on_page)
    sending.close()
    try:
        done = _render_all(mine, on_page)
        if index is not None:  # this half's part of the index while the other half is still on its way
            search.made_ahead.update((page.path, (text, search.page_part(page.path, text, index)))
                                     for page, text in zip(mine, done))
        try:
            rest, parts = receiving.recv()
        except (EOFError, OSError, TypeError, ValueError):
            rest, parts = None, None
    finally:
        receiving.close()
        child.join()
    if isinstance(rest, list) and len(rest) == len(theirs):
        if index is not None:
            search.made_ahead.update((page.path, (text, made)) for page, text, made in zip(theirs, rest, parts))
    else:
        rest = _render_all(theirs)
    if on_page:
        on_page(len(mine) + len(theirs))
    return done + rest


def _render_into(pages: list[Page], sending, index: dict | None) -> None:
    try:
        texts = _render_all(pages)
        parts = [search.page_part(page.path, text, index) for page, text in zip(pages, texts)] if index is not None else None
    except Exception:  # the parent renders these pages again and reports the error itself
        texts, parts = None, None
    sending.send((texts, parts))
    sending.close()


def _tidy(text: str) -> str:
    """At most one blank line in a row, one newline at the end."""
    lines, blank = [], False
    append = lines.append
    for line in text.splitlines():
        line = line.rstrip()
        if line:
            append(line)
            blank = False
        elif not blank:
            if lines:
                append("")
            blank = True
    return "\n".join(lines).rstrip() + "\n"
