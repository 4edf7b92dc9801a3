"""Observation-meeting handouts: the PDF is made, opened and read back."""

import re
import shutil
import subprocess
import sys

import pytest
import yaml

from conftest import DEMO, PROJECT, SECRETS, brand, meeting, write_content

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
DEMO_URL = "https://dangjian.example.gov.cn/"


def run(*args, cwd):
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True,
                          env={"PYTHONPATH": str(PROJECT), "PATH": "/usr/bin:/bin"})


def pdf_text(pdf, *options):
    return subprocess.run(["pdftotext", *options, str(pdf), "-"], capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def demo_handout(tmp_path_factory):
    out = tmp_path_factory.mktemp("handout") / "guanmo.pdf"
    result = run("handout", "2024-guanmo", "--content", str(DEMO), "-o", str(out), cwd=out.parent)
    assert result.returncode == 0, result.stderr
    assert "已生成观摩手册" in result.stdout
    return out


def route_of_demo():
    record = yaml.safe_load((DEMO / "meetings" / "2024-guanmo.yml").read_text(encoding="utf-8"))
    return record["观摩点"]


NUMERALS = "一二三四五六七八九十"
STOPS = len(route_of_demo())


def test_booklet_has_cover_contents_route_and_a_page_per_stop_in_order(demo_handout):
    text = pdf_text(demo_handout)
    assert text.index("内部学习资料") < text.index("目") < text.index("参观路线")
    assert "2024年12月10日" in text
    assert STOPS == 6 and any("联盟" in stop for stop in route_of_demo())  # five brands and an alliance
    stops = [text.index(f"第{n}站") for n in NUMERALS[:STOPS]]
    assert stops == sorted(stops)
    pages = text.split("\f")
    for stop in route_of_demo():
        assert stop["讲解人"] in text
    titles = [i for i, page in enumerate(pages) if re.search(f"第[{NUMERALS}]站", page) and "目" not in page[:40]]
    assert len(titles) >= STOPS
    assert demo_handout.with_suffix(".html").is_file()


def test_page_numbers_running_header_and_contents(demo_handout):
    pages = pdf_text(demo_handout).split("\f")[:-1]
    assert len(pages) >= 7
    meeting_name = "2024年县直机关党建特色品牌现场观摩会"
    assert not re.search(r"—\s*1\s*—", pages[0]) and "观摩手册" in pages[0].replace(" ", "")
    for number, page in enumerate(pages[1:], start=2):
        assert re.search(rf"—\s*{number}\s*—", page), number
        assert meeting_name in page, number
    contents = pages[1]
    entries = re.findall(r"第(.)站\s+[^.]*?\.{3,}(\d+)", contents)
    assert [e[0] for e in entries] == list(NUMERALS[:STOPS])
    for n, entry in enumerate(entries, start=1):
        stop_page = int(entry[1])
        assert f"第{entry[0]}站" in pages[stop_page - 1], (n, stop_page)


def test_fonts_are_embedded_real_fonts(demo_handout):
    fonts = subprocess.run(["pdffonts", str(demo_handout)], capture_output=True, text=True, check=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows and any("Noto-Sans-CJK-SC" in row for row in rows)
    for row in rows:
        assert "Type 3" not in row
        assert " yes " in row.split("Identity-H")[-1] or row.split()[-5] == "yes", row


def test_every_qr_code_opens_its_brand_page(demo_handout, tmp_path):
    zxingcpp = pytest.importorskip("zxingcpp")
    from PIL import Image

    subprocess.run(["pdftoppm", "-r", "150", "-png", str(demo_handout), str(tmp_path / "p")], check=True)
    found = []
    for png in sorted(tmp_path.glob("p-*.png")):
        found += [r.text for r in zxingcpp.read_barcodes(Image.open(png))]
    expected = []
    for stop in route_of_demo():
        if "联盟" in stop:
            expected.append(f"{DEMO_URL}alliances/{stop['联盟']}/")
            continue
        slug = {"四小工作法": "si-xiao-gong-zuo-fa"}.get(stop["品牌"], stop["品牌"])
        expected.append(f"{DEMO_URL}brands/{slug}/")
    assert found == expected


def test_without_an_address_no_qr_code_is_printed(tmp_path):
    from conftest import SITE

    settings = {k: v for k, v in SITE.items() if k != "网址"}
    write_content(tmp_path / "content", site=settings, brands={"bishui": brand()}, meetings={"m": meeting()})
    result = run("handout", "m", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "不印二维码" in result.stderr
    html = (tmp_path / "handouts" / "m.html").read_text(encoding="utf-8")
    assert "<svg" not in html and SECRETS["presenter"] in html


@pytest.mark.parametrize("stops,message", [
    ([{"品牌": "nothere"}], "找不到品牌"),
    ([{"品牌": "draft"}], "只有已认定的品牌可以观摩"),
    ([{"示范点": "不存在的示范点", "品牌": "bishui"}], "不存在的示范点"),
    ([], "观摩点：不能为空"),
])
def test_bad_routes_are_refused_with_file_and_line(tmp_path, stops, message):
    write_content(tmp_path / "content", brands={"bishui": brand(), "draft": brand("培育品牌", 状态="培育", 认定日期=None)},
                  meetings={"m": meeting(观摩点=stops)})
    result = run("handout", "m", cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert re.search(r"content/meetings/m\.yml:\d+ ", result.stderr) and message in result.stderr
    assert not (tmp_path / "handouts").exists()


def test_unknown_meeting_lists_the_known_ones(tmp_path):
    write_content(tmp_path / "content", brands={"bishui": brand()}, meetings={"m": meeting()})
    result = run("handout", "nope", cwd=tmp_path)
    assert result.returncode == 1 and "找不到观摩会“nope”" in result.stderr and "m" in result.stderr
    assert not (tmp_path / "handouts").exists()


def test_benchmark_content_is_valid_and_the_benchmark_runs(tmp_path):
    from devtools.bench_handout import bench_handout
    from generator.model.check import check_content
    from generator.model.problems import Report
    from devtools.synth import synthesize

    report = Report()
    catalogue = check_content(synthesize(tmp_path / "c", brands=7, cases=3, stops=4), report)
    assert not report.errors and len(catalogue.brands) == 7 and len(catalogue.meetings["bench"].stops) == 4
    times = bench_handout(stops=2)
    assert times["页数"] >= 5 and times["生成 PDF"] > 0


def test_an_alliance_stop_lists_its_latest_activities_up_to_the_meeting_day(demo_handout):
    text = re.sub(r"\s+", "", pdf_text(demo_handout))
    assert "“六联”活动内容" in text and "扫码查看联盟详情" in text
    assert "2024年9月10日职工身边办实事暖心服务日" in text and "新年第一课联学" in text
    assert "青年理论宣讲走进联盟成员单位" not in text  # 13 December: after the meeting of 10 December
