"""`import`, piece by piece: headings, points and the conservation report on tiny inputs."""

from __future__ import annotations


import pytest

from generator.importers.conservation import lost_characters
from generator.importers.draft import split_points
from generator.importers.markers import lead_of, part_heading
from generator.importers.paragraphs import Paragraph
from generator.importers.structure import outline



# ---------------------------------------------------------------- the pieces


@pytest.mark.parametrize("line, key", [
    ("一、创建背景", "background"), ("一、工作背景", "background"), ("品牌背景", "background"),
    ("二、具体做法", "practices"), ("二、主要措施", "practices"), ("三、取得成效", "outcomes"),
    ("四、经验启示", "lessons"), ("第三部分 工作成效", "outcomes"), ("工作成效：通过……", "outcomes"),
])
def test_part_headings_and_their_synonyms(line, key):
    assert part_heading(line).key == key


@pytest.mark.parametrize("line", ["启示一：成效来自坚持", "（三）工作成效", "背景说明文字很长，不是标题。", "一是加强学习",
                                  "成效明显，群众满意。", "背景。", "1.强化成效"])
def test_items_and_prose_are_not_part_headings(line):
    found = part_heading(line)
    assert found is None or found.key is None


def test_points_run_together_and_their_lead_phrases():
    intro, points = split_points([Paragraph("总的说明。一是深入调研、明确目标。说明一。二是加强培训，"
                                            "抓实班子。三是规范制度。统一是关键。")], arabic=False)
    assert [p.text for p in intro] == ["总的说明。"]
    assert points == ["深入调研、明确目标。说明一。", "加强培训，抓实班子。", "规范制度。统一是关键。"]
    assert lead_of(points[0]) == ("深入调研、明确目标", "说明一。")
    assert lead_of(points[1]) == ("加强培训，", "抓实班子。")
    assert lead_of("只有一句话。") == (None, "只有一句话。")


def test_the_report_names_characters_a_record_would_lack():
    paragraphs = [Paragraph("一、工作背景"), Paragraph("水利局党员分散。"), Paragraph("二、主要做法"), Paragraph("（一）抓学习")]
    found = outline(paragraphs)
    assert lost_characters(paragraphs, found, "工作背景: 水利局党员分散。\n主要做法:\n  - 标题: 抓学习") == ""
    assert lost_characters(paragraphs, found, "水利局。") == "党员分散抓学习"
