"""Property-based tests: any structure and any Unicode text never crash the checker, and
valid records with arbitrary text always build and show the text."""

import unicodedata

from hypothesis import HealthCheck, given, settings, strategies as st

from generator.model.check import check_content
from generator.model.plaintext import INVISIBLE, join_lines
from generator.model.problems import Report
from generator.model.schema import BRAND

from conftest import brand, built, dump, write_content
from sitecheck import active_content

KEYS = [f.key for f in BRAND.fields] + ["标题", "内容", "要点", "综述", "条目", "数据", "指标", "数值"]
SCALARS = st.none() | st.text(max_size=30) | st.integers() | st.floats(allow_nan=False) | st.booleans() | st.dates()
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=6), inner, max_size=5), max_leaves=25)
TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40).filter(
    lambda t: INVISIBLE.sub("", t).strip())


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(record=st.dictionaries(st.sampled_from(KEYS), VALUES, max_size=12) | VALUES)
def test_check_never_raises(tmp_path_factory, record):
    root = write_content(tmp_path_factory.mktemp("c"), brands={"x": dump(record)})
    report = Report()
    check_content(root, report)
    assert all(p.format() for p in report.problems)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=TEXT, slogan=TEXT, background=TEXT)
def test_valid_records_with_any_text_build(tmp_path_factory, name, slogan, background):
    base = tmp_path_factory.mktemp("b")
    content = write_content(base / "content", brands={"x": brand(name, 口号=slogan, 创建背景=background)})
    built(content, base / "site")
    html = (base / "site" / "brands" / "x" / "index.html").read_text(encoding="utf-8")
    assert active_content(html) == []
    # The slogan as the schema reads a one-line text: hidden characters gone, NFC, lines joined
    # (spaces inside a line are kept: "0 佘" stays "0 佘").
    typed = unicodedata.normalize("NFC", INVISIBLE.sub("", slogan).replace("\r\n", "\n").replace("\r", "\n")).strip()
    shown = join_lines(typed.split("\n"))
    assert shown.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") in html.replace("&quot;", '"').replace("&#39;", "'") or not shown


@settings(max_examples=300, deadline=None)
@given(text=st.text(st.characters(max_codepoint=127), max_size=30))
def test_ascii_names_get_the_slug_pinyin_would_give(text):
    """slugs.slug skips pypinyin for ASCII text: it must be what pypinyin gives back whole."""
    from pypinyin import lazy_pinyin

    assert lazy_pinyin(text, errors="default") == ([text] if text else [])
