"""The handout as a reader holds it: nothing a visitor needs is abridged away, titles and table
headers break only between words, and each stop fills its pages by the rule in README."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import DEMO, PROJECT, brand, meeting, write_content
from generator.handout.abridge import gist
from generator.handout.fitting import _setting
from generator.model.check import check_content
from generator.model.problems import Report

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
PT_PER_MM = 72 / 25.4
TOP, BOTTOM = 22 * PT_PER_MM, 20 * PT_PER_MM  # handout.css @page margins
HEADINGS = {"一、创建背景", "二、主要措施", "三、工作成效", "四、经验启示", "党建示范点", "观摩摘要"}
MEETING_WORDS = ["2024年", "县直机关", "党建", "特色", "品牌", "现场", "观摩会"]  # as a reader cuts the name


def make_handout(content: Path, meeting_id: str, out: Path) -> Path:
    result = subprocess.run([sys.executable, "-m", "generator", "handout", meeting_id, "--content", str(content),
                             "-o", str(out)], capture_output=True, text=True,
                            env={"PYTHONPATH": str(PROJECT), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def demo_pdf(tmp_path_factory):
    return make_handout(DEMO, "2024-guanmo", tmp_path_factory.mktemp("layout") / "demo.pdf")


def lines_by_page(pdf: Path) -> list[list[tuple[float, float, str]]]:
    """Each page's text lines as (top, bottom, text), from the PDF's own text positions."""
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True,
                         check=True).stdout
    namespace = {"x": "http://www.w3.org/1999/xhtml"}
    root = ET.fromstring(re.sub(r"<!DOCTYPE[^>]*>", "", xml))
    pages = []
    for page in root.iterfind(".//x:page", namespace):
        lines = []
        for line in page.iterfind(".//x:line", namespace):
            text = "".join(word.text or "" for word in line.iterfind("x:word", namespace))
            lines.append((round(float(line.get("yMin"))), float(line.get("xMin")), float(line.get("yMax")), text))
        pages.append([(top, bottom, text) for top, _, bottom, text in sorted(lines)])  # reading order
    return pages


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def cuts_inside_a_word(lines: list[str], words: list[str]) -> list[str]:
    """The line ends that fall inside one of the words (the lines together spell the words)."""
    boundaries, position = {0}, 0
    for word in words:
        position += len(word)
        boundaries.add(position)
    bad, position = [], 0
    for line in lines[:-1]:
        position += len(line)
        if position not in boundaries:
            bad.append(line)
    return bad


def title_lines(page: list[tuple[float, float, str]], title: str) -> list[str]:
    texts = [flat(text) for _, _, text in page]
    for start in range(len(texts)):
        joined = ""
        for end in range(start, len(texts)):
            joined += texts[end]
            if joined == title:
                return texts[start: end + 1]
            if not title.startswith(joined):
                break
    raise AssertionError(f"{title} is not on the page")


# ---------------------------------------------------------------- words stay whole


def test_the_cover_title_breaks_between_words(demo_pdf):
    lines = title_lines(lines_by_page(demo_pdf)[0], "".join(MEETING_WORDS))
    assert len(lines) >= 2  # long enough to need a break at 26pt
    assert not cuts_inside_a_word(lines, MEETING_WORDS), lines


def test_a_long_meeting_name_breaks_between_words(tmp_path):
    words = ["2025年度", "全县", "机关", "党建", "品牌", "创建", "示范", "单位", "现场", "观摩", "推进会"]
    content = write_content(tmp_path / "content", brands={"bishui": brand()},
                            meetings={"m": meeting(名称="".join(words))})
    pdf = make_handout(content, "m", tmp_path / "m.pdf")
    lines = title_lines(lines_by_page(pdf)[0], "".join(words))
    assert len(lines) >= 2 and not cuts_inside_a_word(lines, words), lines


def test_a_long_stop_title_breaks_between_words(tmp_path):
    words = ["城南", "社区", "党群", "服务中心", "党员", "志愿", "服务", "示范", "岗位", "实训", "基地", "（", "碧水先锋", "）"]
    site = "".join(words[:11])  # 24 characters: a line of 18 pt holds 26, so a break by characters splits 碧水先锋
    content = write_content(tmp_path / "content", brands={"bishui": brand("碧水先锋", 示范点=[{"名称": site}])},
                            meetings={"m": meeting(观摩点=[{"示范点": site, "品牌": "bishui"}])})
    pdf = make_handout(content, "m", tmp_path / "m.pdf")
    lines = title_lines(lines_by_page(pdf)[3], "".join(words))  # cover, contents, route, then the stop
    assert len(lines) >= 2 and not cuts_inside_a_word(lines, words), lines


def test_route_table_headers_are_whole_words(demo_pdf):
    route = next(page for page in lines_by_page(demo_pdf) if any(flat(t) == "参观路线" for _, _, t in page))
    texts = [flat(text) for _, _, text in route]
    for header in ("站", "时间", "地点", "观摩内容", "党组织", "讲解人"):
        assert any(header in text for text in texts), (header, texts[:20])
    assert "讲解" not in texts and "人" not in texts  # the "讲解 / 人"


@pytest.mark.parametrize("words", [
    ["县城", "人民路", "“红色", "驿家”", "服务站"],                  # the fifth stop's place, as a reader cuts it
    ["中共", "青岚县", "溪口", "工业园区", "工作", "委员会"],        # the fourth stop's party organisation
])
def test_route_table_cells_break_between_words(demo_pdf, words):
    xml = subprocess.run(["pdftotext", "-bbox-layout", "-f", "3", "-l", "3", str(demo_pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    namespace = {"x": "http://www.w3.org/1999/xhtml"}
    lines = sorted((float(line.get("yMin")), float(line.get("xMin")), "".join(w.text or "" for w in line.iterfind("x:word", namespace)))
                   for line in ET.fromstring(re.sub(r"<!DOCTYPE[^>]*>", "", xml)).iterfind(".//x:line", namespace))
    whole = "".join(words)
    top, left, first = next(line for line in lines if line[2].startswith(words[0]) and whole.startswith(line[2]))
    cell = [first]
    for y, x, text in lines:  # the cell's next lines: below, in the same column
        if y > top and abs(x - left) < 1 and len("".join(cell)) < len(whole):
            cell.append(text)
    assert "".join(cell) == whole and len(cell) >= 2, cell  # a narrow column: the text wraps
    assert not cuts_inside_a_word(cell, words), cell


# ---------------------------------------------------------------- nothing a visitor needs is dropped


def test_every_measure_headline_and_point_lead_is_printed(demo_pdf):
    printed = flat(subprocess.run(["pdftotext", str(demo_pdf), "-"], capture_output=True, text=True).stdout)
    catalogue = check_content(DEMO, Report())
    checked = 0
    for stop in catalogue.meetings["2024-guanmo"].stops:
        if stop.alliance_id:  # an alliance's stop: each of its 六联 headings and the gist of each
            for work in catalogue.alliances[stop.alliance_id].joint_work:
                assert flat(work.heading) in printed and flat(re.split("[，。；：]", work.text)[0]) in printed
            continue
        record = catalogue.brands[stop.brand_id] if stop.brand_id else next(
            b for b in catalogue.brands.values() if any(s.name == stop.demo_site for s in b.demo_sites))
        for measure in record.measures:
            assert flat(measure.title) in printed, measure.title
            for point in list(measure.points) + [p for p in (measure.text or "").split("\n\n") if p.strip()]:
                lead = re.split("[，。；：！？,;:]", point.strip())[0]
                assert flat(lead) in printed, (measure.title, lead)
                checked += 1
    assert checked >= 20


def test_a_brands_own_visit_summary_is_printed_instead(tmp_path):
    summary = "本站请重点看党员认领河段的台账。\n\n讲解约十五分钟，随后到堤坝现场。"
    content = write_content(tmp_path / "content", brands={"bishui": brand(观摩摘要=summary)},
                            meetings={"m": meeting()})
    pdf = make_handout(content, "m", tmp_path / "m.pdf")
    printed = flat(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout)
    assert flat("本站请重点看党员认领河段的台账。") in printed and flat("随后到堤坝现场") in printed
    assert "二、主要措施" not in printed


def test_a_points_gist_is_its_first_sentence_cut_only_between_clauses():
    assert gist("建立学习制度。每月集中学习一次。") == "建立学习制度。"
    long = "围绕全县水利中心工作，组织党员骨干深入一线开展调查研究，形成调研报告三份，提出意见建议二十条，" \
           "推动解决群众反映强烈的问题十余个，并建立了长效机制。后续说明。"
    cut = gist(long)
    assert cut.endswith("……") and long.startswith(cut[:-2]) and cut[-3] != "，"
    assert len(cut) <= 62 and cut[:-2] in long


# ---------------------------------------------------------------- the page-filling rule


def stops_pages(pages: list[list[tuple[float, float, str]]]) -> dict[int, list[int]]:
    """Stop number → its pages (a stop's page opens with its kicker 第N站 under the running header)."""
    numerals = "一二三四五六七八九十"
    found: dict[int, list[int]] = {}
    current = None
    for index, page in enumerate(pages):
        body = [flat(t) for top, _, t in page if TOP - 2 < top]
        opening = re.match(f"第([{numerals}])站", body[0]) if body else None
        if opening and index > 1:
            current = numerals.index(opening.group(1)) + 1
            found[current] = []
        if current is not None and index > 1:
            found[current].append(index)
    return found


def test_stops_fill_their_pages_by_the_rule(demo_pdf):
    pages = lines_by_page(demo_pdf)
    height = 841.89
    by_stop = stops_pages(pages)
    assert sorted(by_stop) == [1, 2, 3, 4, 5, 6]
    for page in pages[1:]:
        body = [(top, bottom, flat(t)) for top, bottom, t in page if TOP - 2 < top and bottom < height - BOTTOM]
        assert body and body[-1][2] not in HEADINGS, body[-1]  # a heading never ends a page
    for number, indexes in by_stop.items():
        if len(indexes) == 1:
            continue
        last = [bottom for top, bottom, _ in pages[indexes[-1]] if TOP - 2 < top and bottom < height - BOTTOM]
        fill = (max(last) - TOP) / (height - TOP - BOTTOM)
        assert fill >= 1 / 3, (number, round(fill, 2))
    assert sum(len(indexes) == 1 for indexes in by_stop.values()) >= 3  # these fit one page when set tighter


@pytest.mark.parametrize("fills, chosen", [
    ({0: 0.2, 1: 1.6}, 1),            # fits one page when tighter: the loosest that fits
    ({0: 0.2, 1: 1.3, 2: 1.5}, 1),
    ({0: 0.5, 1: 0.1, 2: 0.2}, 0),    # never fits: the loosest with a fair last page
    ({0: 0.1, 1: 0.2, 2: 0.4}, 2),
])
def test_the_setting_rule(fills, chosen):
    assert _setting(fills) == chosen


@pytest.mark.parametrize("title, keep, whole", [
    ("2024年县直机关党建特色品牌现场观摩会", ["现场观摩会", "观摩会"], "现场观摩会"),
    ("先锋领航·水惠民生党建示范点（先锋领航·水惠民生）", ["先锋领航·水惠民"], "示范点"),  # a name cut mid-word is not kept
    ("政务“四小”工作法", ["政务“四小”工作法"], "政务“四小”工作法"),
])
def test_word_groups_keep_every_character_and_names_whole(title, keep, whole):
    from generator.handout.words import word_groups

    groups = word_groups([title], keep)[title]
    assert "".join(groups) == title and any(whole in group for group in groups)
