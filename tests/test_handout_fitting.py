"""The handout's one layout: titles cut as jieba cuts them from a small part of its dictionary, each
stop's setting chosen from its estimated size, and the layout correcting any estimate it contradicts."""

from __future__ import annotations

import pytest

from conftest import DEMO
from generator.handout import booklet
from generator.handout.fitting import first_setting, next_setting, stop_extents
from generator.handout.stopsize import estimate
from generator.handout.words import tokenizer_for
from generator.model.check import check_content
from generator.model.problems import Report

MEETING = "2024-guanmo"


@pytest.fixture(scope="module")
def catalogue():
    return check_content(DEMO, Report())


def test_titles_are_cut_as_jiebas_whole_dictionary_cuts_them(catalogue):
    import jieba

    texts = [m.name for m in catalogue.meetings.values()] + [b.name for b in catalogue.brands.values()]
    texts += [u.name for u in catalogue.units.values()] + [a.name for a in catalogue.alliances.values()]
    texts += ["2025年度全县机关党建品牌创建示范单位现场观摩推进会", "政务“四小”工作法（Web 2.0 版）", "党建+业务 双融合"]
    small = tokenizer_for(texts)
    assert len(small.FREQ) < 5000  # a few thousand entries at most, not jieba's 350,000
    for text in texts:
        assert small.lcut(text) == jieba.lcut(text), text


@pytest.fixture(scope="module")
def demo_layouts(catalogue, tmp_path_factory):
    """The demo booklet as laid out, and how many layouts it took."""
    from weasyprint import HTML

    renders = []
    original = HTML.render

    def counted(self, *args, **kwargs):
        renders.append(1)
        return original(self, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(HTML, "render", counted)
        html, document = booklet.lay_out(catalogue.meetings[MEETING], catalogue, DEMO, tmp_path_factory.mktemp("fit"))
    return html, document, len(renders)


def test_the_demo_booklet_takes_one_layout(demo_layouts):
    assert demo_layouts[2] == 1


def test_estimates_are_within_a_twentieth_of_a_page_of_the_layout(catalogue, tmp_path):
    from weasyprint import HTML

    made = booklet.Booklet(catalogue.meetings[MEETING], catalogue, DEMO)
    document = HTML(string=made.html(), base_url=str(tmp_path)).render()  # every stop at the normal setting
    measured = stop_extents(document, range(1, len(made.stops) + 1))
    for view in made.stops:
        pages, tail = estimate(view, made.picture_ratio)
        assert abs(pages + tail - sum(measured[view.number])) < 0.05, (view.title, (pages, tail), measured[view.number])


@pytest.mark.parametrize("wrong", [(1, 0.5), (2, 0.2), (2, 0.3), (3, 0.9)])
def test_a_wrong_estimate_costs_layouts_never_the_booklet(catalogue, demo_layouts, tmp_path, monkeypatch, wrong):
    monkeypatch.setattr(booklet, "estimate", lambda view, ratio: wrong)
    html, document = booklet.lay_out(catalogue.meetings[MEETING], catalogue, DEMO, tmp_path)
    assert html == demo_layouts[0] and len(document.pages) == len(demo_layouts[1].pages)


@pytest.mark.parametrize("pages, tail, level", [
    (1, 0.9, 0), (2, 0.01, 0),  # fits, or so nearly that the layout decides
    (2, 0.1, 1), (2, 0.3, 2), (2, 0.6, 0), (3, 0.2, 0),
])
def test_the_first_setting_follows_the_estimated_overrun(pages, tail, level):
    assert first_setting(pages, tail) == level


@pytest.mark.parametrize("levels, level", [
    ({0: 1.9}, 0),                 # fits at the normal setting
    ({0: 0.1}, 1), ({0: 0.3}, 2),  # runs over a little: tighter
    ({2: 1.8}, 2),                 # the estimate's setting fits
    ({2: 1.6}, 0), ({1: 1.8}, 0),  # with room to spare: the normal setting may fit too
    ({0: 0.05, 1: 1.8}, 1),        # it does not
    ({1: 0.1}, 2),                 # it does not: tighter still
    ({2: 0.2}, 0),                 # nor at the tightest: the normal setting's last page decides
    ({0: 0.5, 2: 0.2}, 0), ({0: 0.1, 1: 0.1, 2: 0.2}, 2),
])
def test_the_next_setting(levels, level):
    assert next_setting(levels) == level
