"""What a form save writes: pasted text kept whole, files the form cannot rewrite faithfully
opened as text, list items removed or moved with their comments and other keys, values of the
wrong shape kept, and files from Windows editors written back in their encoding and line ends."""

import re

import pytest

from generator.model.check import check_content
from generator.model.problems import Report
from workbench_client import BRAND, save_pairs


@pytest.mark.parametrize("field", ["口号", "创建背景"])
@pytest.mark.parametrize("pasted", ["\u2028", "\u2029", "\x85", "\x0b", "\x1c"])
def test_pasted_separators_and_control_characters_never_cut_the_text_or_break_the_file(bench, field, pasted):
    """Word and web pages paste line separators (U+2028, U+2029, NEL) and stray control characters:
    the save keeps every word and a file that reads; a control character is then the checker's
    error to show, not a broken file."""
    client, content = bench
    value = f"第一句。{pasted}第二句。" + ("\n第二段。" if field == "创建背景" else "")
    assert client.post("/save/brand/xianfeng-shuihui", save_pairs(content, "brand", "xianfeng-shuihui", {field: value}))[0] == 303
    report = Report()
    catalogue = check_content(content, report)
    problems = [p for p in report.problems if p.file and p.file.name == "xianfeng-shuihui.yml"]
    assert all(p.field.startswith(field) for p in problems), [p.format() for p in problems]
    if pasted in "\u2028\u2029\x85":  # line breaks by meaning
        assert not problems
        read = catalogue.brands["xianfeng-shuihui"]
        text = read.slogan if field == "口号" else read.background
        assert "第一句。" in text and "第二句。" in text
    else:
        assert problems and "第二句" in (content / BRAND).read_text("utf-8")


@pytest.mark.parametrize("change, words", [
    (lambda text: text.replace("口号:", "口号: &slogan", 1) + "备注: *slogan\n", "锚点和别名"),
    (lambda text: text + "口号: 又一个口号\n", "重复的字段名"),
    (lambda text: "- " + text.replace("\n", "\n  "), "最外层是一串列表"),
])
def test_files_the_form_cannot_rewrite_faithfully_open_as_text(bench, change, words):
    """Shared values (& and *), a field twice, a list at the top: a form save would change other
    places or lose fields, so the page offers the file's text and a form post is refused."""
    client, content = bench
    path = content / BRAND
    path.write_text(change(path.read_text("utf-8")), "utf-8")
    before = path.read_bytes()
    status, _, page = client.get("/edit/brand/xianfeng-shuihui")
    assert status == 200 and words in page and 'name="_text"' in page and "record-form" not in page
    version = re.search(r'name="_version" value="([^"]+)"', page).group(1)
    status, _, answer = client.post("/save/brand/xianfeng-shuihui", [("_version", version), ("口号", "新的口号")])
    assert words in answer and path.read_bytes() == before


def _unitsave_pairs(content, order):
    """The units form posted with its items in `order` (their places in the file), as the page
    sends them after the clerk removed or moved some."""
    pairs = save_pairs(content, "units", "units")
    items = {}
    for name, value in pairs[1:]:
        items.setdefault(name.split(".", 1)[0], []).append((name, value))
    return pairs[:1] + [pair for i in order for pair in items[str(i)]]


def test_removed_and_moved_list_items_take_their_comments_and_other_keys_along(bench):
    client, content = bench
    path = content / "units.yml"
    text = path.read_text("utf-8")
    text = text.replace("  上级: 中共青岚县直属机关工作委员会\n", "  上级: 中共青岚县直属机关工作委员会\n  成立日期: 1985-07-01\n", 1)
    text = text.replace("  名称: 中共青岚县水利局直属机关委员会\n", "  名称: 中共青岚县水利局直属机关委员会  # 2024年改名\n", 1)
    path.write_text(text, "utf-8")

    def unit_of(line: str) -> str:  # the 编号 of the unit a line belongs to
        lines = path.read_text("utf-8").splitlines()
        at = next(i for i, l in enumerate(lines) if line in l)
        return next(l for l in reversed(lines[:at + 1]) if l.startswith("- 编号:")).split(": ")[1]

    count = path.read_text("utf-8").count("\n- 编号:")
    assert client.post("/save/units/units", _unitsave_pairs(content, [1, 0, *range(2, count)]))[0] == 303
    assert unit_of("成立日期: 1985-07-01") == "committee-office" and unit_of("# 2024年改名") == "water-committee"
    assert path.read_text("utf-8").index("water-committee") < path.read_text("utf-8").index("committee-office")
    assert client.post("/save/units/units", _unitsave_pairs(content, [0, *range(2, count)]))[0] == 303  # the moved-down one removed
    assert "committee-office" not in path.read_text("utf-8") and "成立日期" not in path.read_text("utf-8")
    assert unit_of("# 2024年改名") == "water-committee"
    report = Report()
    check_content(content, report)
    assert not [p for p in report.errors if p.file and p.file.name == "units.yml"]


def test_a_comment_above_a_list_item_stays_above_it_when_the_item_above_is_removed(bench):
    """ruamel keeps such a comment at the end of the item above: removing that item took it along."""
    client, content = bench
    path = content / BRAND
    text = path.read_text("utf-8")
    second = re.findall(r"^  - 标题: .*$", text, re.M)[1]
    path.write_text(text.replace(second, "  # 第二项是核心，请勿删除\n" + second, 1), "utf-8")
    pairs = save_pairs(content, "brand", "xianfeng-shuihui")
    kept = [(k, v) for k, v in pairs if not k.startswith("主要措施.0.")]
    assert client.post("/save/brand/xianfeng-shuihui", kept)[0] == 303
    lines = path.read_text("utf-8").splitlines()
    at = lines.index("  # 第二项是核心，请勿删除")
    assert lines[at + 1] == second and lines[at - 1] == "主要措施:"


@pytest.mark.parametrize("kind, record_id, name", [("brand", "xianfeng-shuihui", BRAND), ("units", "units", "units.yml")])
def test_a_post_carrying_no_field_changes_nothing(bench, kind, record_id, name):
    client, content = bench
    before = (content / name).read_bytes()
    version = save_pairs(content, kind, record_id)[0]
    assert client.post(f"/save/{kind}/{record_id}", [version])[0] == 303
    assert (content / name).read_bytes() == before


def test_a_value_of_the_wrong_shape_is_shown_and_kept(bench):
    client, content = bench
    path = content / BRAND
    text = path.read_text("utf-8")
    start = text.index("主要措施:")
    end = text.index("\n工作成效:")
    path.write_text(text[:start] + "主要措施: 一段没有分项的措施文字" + text[end:], "utf-8")
    before = path.read_bytes()
    status, _, page = client.get("/edit/brand/xianfeng-shuihui")
    assert "文件里现在写的是：“一段没有分项的措施文字”" in page and "应为列表" in page
    assert client.post("/save/brand/xianfeng-shuihui", save_pairs(content, "brand", "xianfeng-shuihui", {"口号": "新口号"}))[0] == 303
    after = path.read_bytes().decode("utf-8")
    assert "主要措施: 一段没有分项的措施文字" in after and "口号: 新口号" in after
    assert len(after.splitlines()) == len(before.decode("utf-8").splitlines())


def test_a_post_that_carries_only_some_fields_changes_only_those(bench):
    client, content = bench
    path = content / BRAND
    before = path.read_text("utf-8").splitlines()
    pairs = [p for p in save_pairs(content, "brand", "xianfeng-shuihui") if p[0] in ("_version", "口号")]
    assert client.post("/save/brand/xianfeng-shuihui", [(k, "只改口号" if k == "口号" else v) for k, v in pairs])[0] == 303
    after = path.read_text("utf-8").splitlines()
    assert [(a, b) for a, b in zip(before, after) if a != b] == [(next(l for l in before if l.startswith("口号:")), "口号: 只改口号")]
    assert len(before) == len(after)


def test_emptying_a_list_in_the_form_removes_it(bench):
    client, content = bench
    pairs = [(k, v) for k, v in save_pairs(content, "brand", "xianfeng-shuihui") if not k.startswith("标签.")]
    assert ("标签", "") in pairs  # the list's marker: the page sends it even with no items left
    assert client.post("/save/brand/xianfeng-shuihui", pairs)[0] == 303
    assert "标签:" not in (content / BRAND).read_text("utf-8")


@pytest.mark.parametrize("encoding, eol", [("utf-8-sig", "\r\n"), ("gb18030", "\n")])
def test_files_from_windows_editors_keep_their_encoding_and_line_ends(bench, encoding, eol):
    client, content = bench
    path = content / BRAND
    text = path.read_text("utf-8").replace("口号:", "# 注释\n口号:   ", 1).replace("\n", eol)
    path.write_bytes(text.encode(encoding))
    before = path.read_bytes()
    assert client.post("/save/brand/xianfeng-shuihui", save_pairs(content, "brand", "xianfeng-shuihui"))[0] == 303
    assert path.read_bytes() == before
    pairs = save_pairs(content, "brand", "xianfeng-shuihui", {"批次": "第一批"})
    assert client.post("/save/brand/xianfeng-shuihui", pairs)[0] == 303
    plain = "gb18030" if encoding == "gb18030" else "utf-8"  # the BOM only opens the file
    assert path.read_bytes() == before.replace("批次: 第二批".encode(plain), "批次: 第一批".encode(plain))


def test_lines_of_plain_text_stay_lines_when_another_field_changes(bench):
    client, content = bench
    path = content / BRAND
    text = path.read_text("utf-8")
    start, end = text.index("创建背景:"), text.index("\n主要措施:")
    path.write_text(text[:start] + "创建背景: 第一行\n  第二行接着写\n" + text[end + 1:], "utf-8")
    before = path.read_text("utf-8")
    assert client.post("/save/brand/xianfeng-shuihui", save_pairs(content, "brand", "xianfeng-shuihui", {"口号": "改"}))[0] == 303
    after = path.read_text("utf-8")
    assert "创建背景: 第一行\n  第二行接着写\n" in after
    assert [a for a, b in zip(before.splitlines(), after.splitlines()) if a != b] == [l for l in before.splitlines() if l.startswith("口号:")]
