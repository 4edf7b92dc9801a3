"""Pages → Markdown text through the Jinja2 templates in templates/.

Every `{{ value }}` is escaped as plain text (markup.inline) unless it is already
Markdown or macro output, the way HTML autoescaping works: user text never becomes markup.
"""

from __future__ import annotations

import json
import posixpath
import re
from urllib.parse import quote
from pathlib import Path
from typing import Callable

import jinja2

from ..model.fieldtypes import URL_PATTERN
from . import addresses, markup
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
    relative = _relative(path, posixpath.dirname(context["here"]))
    return markup.Markdown(relative if _PLAIN_PATH.fullmatch(relative) else quote(relative, safe="/"))


_PLAIN_PATH = re.compile(r"[A-Za-z0-9/._-]+")  # anything else (# ? % spaces, Chinese) is quoted


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


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
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


def _safe_url(url: str) -> markup.Markdown:
    """A URL the schema already checked (http(s), no spaces, quotes or angle brackets)."""
    return markup.Markdown(url) if re.fullmatch(URL_PATTERN, url) else markup.inline(url)


def _first_paragraph(text: str | None) -> str | None:
    found = markup.split_paragraphs(text or "")
    return found[0] if found else None


def render(pages: list[Page], on_page: Callable[[int], None] | None = None) -> dict[str, str]:
    """docs path → Markdown text, for every page; on_page(done) is told after each."""
    env = environment()
    texts = {}
    for page in pages:
        texts[page.path] = _tidy(env.get_template(page.template).render(page.context))
        if on_page:
            on_page(len(texts))
    return texts


def _tidy(text: str) -> str:
    """At most one blank line in a row, one newline at the end."""
    lines, blank = [], False
    for line in text.splitlines():
        if not line.strip():
            if not blank and lines:
                lines.append("")
            blank = True
            continue
        lines.append(line.rstrip())
        blank = False
    return "\n".join(lines).rstrip() + "\n"
