"""The inline patterns taken out of the MkDocs run (publish/lean.py) change no page: every
generated page of the demo (public and preview), of a folder with every kind and of the
RECORDS.md examples converts to the same HTML with and without them."""

from __future__ import annotations

import markdown
import pytest
from mkdocs.config import load_config
from mkdocs.utils.meta import get_data

from conftest import DEMO, joint_content
from generator.model.check import check_content
from generator.model.problems import Report
from generator.publish import lean
from generator.publish.generation import generate
from test_unseen import documented_folder


def pages_both_ways(content, work, preview: bool) -> list[tuple[str, str, str]]:
    work.mkdir(parents=True)
    generated = generate(check_content(content, Report(), drafts_block=preview), content, work, preview)
    config = load_config(str(generated.config_file))
    found = []
    for path in sorted((work / "docs").rglob("*.md")):
        body, _ = get_data(path.read_text(encoding="utf-8"))
        html = [markdown.Markdown(extensions=config.markdown_extensions + extra,
                                  extension_configs=config.mdx_configs).convert(body)
                for extra in ([], [lean.LeanInline()])]
        found.append((path.relative_to(work).as_posix(), *html))
    return found


@pytest.mark.parametrize("folder, preview", [("demo", False), ("demo", True), ("joint", True), ("documented", False)])
def test_every_page_converts_to_the_same_html_without_the_patterns(tmp_path, folder, preview):
    content = {"demo": lambda: DEMO, "joint": lambda: joint_content(tmp_path / "content"),
               "documented": lambda: documented_folder(tmp_path / "content")}[folder]()
    pages = pages_both_ways(content, tmp_path / "work", preview)
    assert len(pages) > 20
    assert [path for path, full, lean_html in pages if full != lean_html] == []


def test_the_patterns_left_are_the_ones_the_pages_use(tmp_path):
    """Without autolink a case's source link would change: the test above can tell."""
    md = markdown.Markdown(extensions=[lean.LeanInline()])
    assert not any(name in md.inlinePatterns for name in lean.NEVER_TRIGGERED)
    assert all(name in md.inlinePatterns for name in ("autolink", "linebreak", "link", "html", "entity"))
    assert "<a href" in md.convert("原文链接：<https://example.gov.cn/a/>")
