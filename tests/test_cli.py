"""The command line as a user runs it: messages in Chinese, exit codes, scaffolds."""

import subprocess
import sys

import yaml

from generator.__main__ import main

from conftest import PROJECT, brand, full_content, write_content


def run(*args, cwd):
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True,
                          text=True, encoding="utf-8", env={"PYTHONPATH": str(PROJECT), "PATH": "/usr/bin:/bin"})


def test_check_reports_every_mistake_with_file_and_line_and_no_traceback(tmp_path):
    write_content(tmp_path / "content", brands={
        "a": brand(党组织="nobody"),
        "b": "品牌名称: 甲\n主要措施: 强化学习\n",
        "c": "品牌名称: [\n",
    })
    result = run("check", cwd=tmp_path)
    assert result.returncode == 1
    err = result.stderr
    assert "Traceback" not in err
    assert "content/brands/a.yml:3 党组织：找不到党组织“nobody”" in err
    assert "content/brands/b.yml:2 主要措施：应为列表" in err
    assert "content/brands/c.yml:2" in err
    assert "发现" in err and "个错误" in err


def test_check_passes_and_strict_turns_warnings_into_errors(tmp_path):
    write_content(tmp_path / "content", brands={"x": brand("一二三四五六七八九十一二三四五六")})
    ok = run("check", cwd=tmp_path)
    assert ok.returncode == 0 and "警告" in ok.stderr
    strict = run("check", "--strict", cwd=tmp_path)
    assert strict.returncode == 1 and "--strict" in strict.stderr


def test_build_prints_a_summary(tmp_path):
    full_content(tmp_path / "content")
    result = run("build", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "已生成网站：品牌 1 个" in result.stdout and "案例 1 个" in result.stdout
    assert (tmp_path / "site" / "index.html").is_file()
    preview = run("build", "--preview", cwd=tmp_path)
    assert preview.returncode == 0 and "预览版" in preview.stdout
    assert (tmp_path / "site-preview" / "brands" / "peiyu" / "index.html").is_file()


def test_failed_build_says_the_site_was_kept(tmp_path):
    write_content(tmp_path / "content", brands={"x": brand(状态="已认")})
    result = run("build", cwd=tmp_path)
    assert result.returncode == 1 and "保持原样" in result.stderr and not (tmp_path / "site").exists()


def test_new_scaffold_fails_check_until_filled_in_then_passes(tmp_path, capsys):
    content = write_content(tmp_path / "content")
    for kind in ("brand", "case", "meeting"):
        assert main(["new", kind, f"new-{kind}", "--content", str(content)]) == 0
    text = (content / "brands" / "new-brand.yml").read_text(encoding="utf-8")
    assert "# 品牌名称，一般不超过15个字（必填）" in text and "批次: 第二批" in text
    assert "（内部信息，不会公开）" in text
    assert main(["check", "--content", str(content)]) == 1
    assert main(["new", "brand", "new-brand", "--content", str(content)]) == 1  # never overwrites

    filled = yaml.safe_load(text)
    filled.update(品牌名称="新品牌", 党组织="water", 创建背景="背景。")
    filled["主要措施"][0].update(标题="措施", 要点=["一点。"])
    filled["工作成效"]["综述"] = "成效。"
    (content / "brands" / "new-brand.yml").write_text(yaml.safe_dump(filled, allow_unicode=True), encoding="utf-8")
    case = yaml.safe_load((content / "cases" / "new-case.yml").read_text(encoding="utf-8"))
    case.update(标题="案例", 发布单位="工委", 发布日期="2024-01-01", 工作背景="背景。")
    case["主要做法"][0].update(标题="做法")
    case["主要做法"][0]["要点"][0].update(内容="内容。")
    case["工作成效"][0].update(标题="成效", 内容="内容。")
    (content / "cases" / "new-case.yml").write_text(yaml.safe_dump(case, allow_unicode=True), encoding="utf-8")
    meeting = yaml.safe_load((content / "meetings" / "new-meeting.yml").read_text(encoding="utf-8"))
    meeting.update(名称="观摩会", 日期="2024-12-10", 主办单位="工委")
    meeting["观摩点"][0]["品牌"] = "new-brand"
    (content / "meetings" / "new-meeting.yml").write_text(yaml.safe_dump(meeting, allow_unicode=True), encoding="utf-8")
    capsys.readouterr()
    assert main(["check", "--content", str(content)]) == 1  # the new brand is only 申报: no meeting stop
    assert "只有已认定的品牌可以观摩" in capsys.readouterr().err
    filled.update(状态="已认定", 认定日期="2024-12-05")
    (content / "brands" / "new-brand.yml").write_text(yaml.safe_dump(filled, allow_unicode=True), encoding="utf-8")
    assert main(["check", "--content", str(content)]) == 0, capsys.readouterr().err


def test_schema_command_writes_json_schemas(tmp_path):
    assert main(["schema", "--out", str(tmp_path)]) == 0
    assert {p.name for p in tmp_path.iterdir()} == {
        "site.schema.json", "units.schema.json", "brand.schema.json", "case.schema.json", "meeting.schema.json",
        "alliance.schema.json", "activity.schema.json", "campaign.schema.json"}
