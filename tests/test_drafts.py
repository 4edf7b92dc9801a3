"""A draft's problems never block publishing what is approved, and public addresses never
depend on records that are not public."""

import pytest

from generator.__main__ import main
from generator.model.check import check_content
from generator.model.problems import Report
from generator.publish import pipeline

from conftest import SECRETS, brand, case, write_content

BROKEN_DRAFTS = {
    "bishui": brand(),
    "peiyu": brand(SECRETS["draft_brand"], 状态="培育", 认定日期=None, 党组织="nobody", 主要措施="还没写"),
    "shenbao": brand("申报中的品牌", 状态="申报", 认定日期=None, 批次="第九批"),
}
DRAFT_CASE = {"liuzhua": case(), "caogao": case(SECRETS["draft_case"], 状态="草稿", 相关品牌=["nothere"])}


def test_public_build_publishes_approved_records_and_warns_about_drafts(tmp_path):
    content = write_content(tmp_path / "content", brands=BROKEN_DRAFTS, cases=DRAFT_CASE)
    outcome = pipeline.build(content, tmp_path / "site")
    assert outcome.ok, [p.format() for p in outcome.report.errors]
    warned = {p.file.name for p in outcome.report.warnings if "未公开的记录" in p.message}
    assert warned == {"peiyu.yml", "shenbao.yml", "caogao.yml"}
    assert (tmp_path / "site" / "brands" / "bishui" / "index.html").is_file()
    every = "".join(p.read_text(encoding="utf-8", errors="ignore") for p in (tmp_path / "site").rglob("*.html"))
    assert SECRETS["draft_brand"] not in every and SECRETS["draft_case"] not in every


def test_preview_and_check_treat_draft_problems_as_errors(tmp_path, capsys):
    content = write_content(tmp_path / "content", brands=BROKEN_DRAFTS, cases=DRAFT_CASE)
    preview = pipeline.build(content, tmp_path / "preview", preview=True)
    assert not preview.ok and {p.file.name for p in preview.report.errors} >= {"peiyu.yml", "shenbao.yml", "caogao.yml"}
    assert main(["check", "--content", str(content)]) == 1
    assert main(["check", "--public", "--content", str(content)]) == 0
    assert "未公开的记录" in capsys.readouterr().err


@pytest.mark.parametrize("text, words", [
    ("品牌名称: [\n", ""),  # broken YAML: the status cannot be read
    ("", "空"),  # empty file
    ("品牌名称: 甲\n状态: 快认定了\n", "已认定"),  # an unknown status might be meant as public
    ("品牌名称: 甲\n", "缺少"),  # no status at all
])
def test_records_whose_status_cannot_be_read_still_block(tmp_path, text, words):
    content = write_content(tmp_path / "content", brands={"bishui": brand(), "x": text})
    outcome = pipeline.build(content, tmp_path / "site")
    assert not outcome.ok and any(p.file.name == "x.yml" and words in p.message for p in outcome.report.errors)


def test_problems_in_public_records_still_block(tmp_path):
    content = write_content(tmp_path / "content", brands={"bishui": brand(党组织="nobody"),
                                                          "peiyu": brand(状态="培育", 认定日期=None)})
    assert not pipeline.build(content, tmp_path / "site").ok


def test_check_layer_keeps_broken_drafts_out_of_the_catalogue():
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        content = write_content(Path(folder) / "content", brands=BROKEN_DRAFTS, cases=DRAFT_CASE)
        catalogue = check_content(content, Report(), drafts_block=False)
        assert set(catalogue.brands) == {"bishui"} and set(catalogue.cases) == {"liuzhua"}


def test_a_draft_only_tag_never_moves_a_public_tags_address(tmp_path):
    """示范店 (public) and 师范店 (draft only) share a pinyin; 师 sorts first."""
    public_only = write_content(tmp_path / "a", brands={"bishui": brand(标签=["示范店"])})
    with_draft = write_content(tmp_path / "b", brands={
        "bishui": brand(标签=["示范店"]), "peiyu": brand("培育品牌", 状态="培育", 认定日期=None, 标签=["师范店"])})
    for content, site in ((public_only, tmp_path / "site-a"), (with_draft, tmp_path / "site-b")):
        assert pipeline.build(content, site).ok
        assert (site / "tags" / "shi-fan-dian" / "index.html").is_file()
        assert not (site / "tags" / "shi-fan-dian-2").exists()
    assert pipeline.build(with_draft, tmp_path / "preview", preview=True).ok
    page = (tmp_path / "preview" / "tags" / "shi-fan-dian" / "index.html").read_text(encoding="utf-8")
    assert "示范店" in page  # the preview shows the public tag at its public address
