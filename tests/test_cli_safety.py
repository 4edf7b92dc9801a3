"""The command line under misuse and bad luck: Chinese messages, non-zero exits, and writes only
where they belong (record ids are simple names, handouts stay out of content/ and sites,
imports apply all or nothing, Ctrl-C and a full disk leave nothing half-written)."""

import errno
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from generator.__main__ import main
from generator.changeset import write_whole
from generator.publish import pipeline

from conftest import PROJECT, dump, full_content, meeting, write_content

ENGLISH = ("usage:", "options:", "error:", "the following arguments", "invalid choice", "unrecognized", "Traceback")


def cli(*args, cwd):
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True,
                          encoding="utf-8", errors="replace", stdin=subprocess.DEVNULL,
                          env={"PYTHONPATH": str(PROJECT), "PATH": os.environ.get("PATH", "/usr/bin:/bin")})


@pytest.mark.parametrize("args, words", [
    ((), "缺少参数"),
    (("new",), "缺少参数"),
    (("new", "thing", "x"), "无效的选择"),
    (("build", "--preveiw"), "无法识别的参数"),
    (("build", "--site-dir"), "缺少值"),
    (("bench", "--handout-stops", "many"), "无效"),
    (("-h",), "用法："),
    (("build", "-h"), "选项"),
])
def test_argument_mistakes_and_help_are_in_chinese(tmp_path, args, words):
    result = cli(*args, cwd=tmp_path)
    said = result.stdout + result.stderr
    assert words in said and not [w for w in ENGLISH if w in said], said
    assert result.returncode == (0 if "-h" in args else 2)


def test_unknown_argparse_messages_still_read_as_chinese():
    from generator.cli import chinese_error

    assert chinese_error("something new").startswith("参数有误")


@pytest.mark.parametrize("record_id", ["../../x", "/tmp/abs", "a/b", "..", ".hidden", "a\\b", " x", "con:"])
def test_new_refuses_ids_that_are_not_simple_names(tmp_path, record_id, capsys):
    content = write_content(tmp_path / "work" / "content")
    before = sorted(tmp_path.rglob("*"))
    assert main(["new", "brand", record_id, "--content", str(content)]) == 1
    assert "记录编号" in capsys.readouterr().err
    assert sorted(tmp_path.rglob("*")) == before and not Path("/tmp/abs.yml").exists()


def test_new_in_read_only_content_says_so(tmp_path, monkeypatch, capsys):
    content = write_content(tmp_path / "content")

    def read_only(self, data):
        raise OSError(errno.EROFS, "Read-only file system", str(self))

    monkeypatch.setattr(Path, "write_bytes", read_only)
    assert main(["new", "brand", "x", "--content", str(content)]) == 1
    err = capsys.readouterr().err
    assert "没有权限写入" in err and "brands" in err
    assert not (content / "brands" / "x.yml").exists()


def test_ctrl_c_says_cancelled_and_exits_130(tmp_path, monkeypatch, capsys):
    content = write_content(tmp_path / "content")

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "build", interrupted)
    assert main(["build", "--content", str(content), "--site-dir", str(tmp_path / "site")]) == 130
    err = capsys.readouterr().err
    assert "已取消" in err and "Traceback" not in err


def test_a_full_disk_gets_a_chinese_message(tmp_path, monkeypatch, capsys):
    content = write_content(tmp_path / "content")

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "site"))

    monkeypatch.setattr(pipeline, "build", full)
    assert main(["build", "--content", str(content), "--site-dir", str(tmp_path / "site")]) == 1
    err = capsys.readouterr().err
    assert "磁盘空间不足" in err and "Errno" not in err


def test_a_file_name_that_is_not_utf8_is_reported_not_crashed_on(tmp_path):
    content = full_content(tmp_path / "content")
    (content / "brands" / os.fsdecode(b"\xc6\xb7\xc5\xc6.yml")).write_text("品牌名称: 甲\n", encoding="utf-8")
    result = cli("build", "--content", "content", cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "不是 UTF-8" in result.stderr and "品牌" in result.stderr  # the GBK reading of the name is shown


def test_a_huge_record_is_refused_before_it_is_read(tmp_path, monkeypatch):
    content = full_content(tmp_path / "content")
    huge = content / "brands" / "huge.yml"
    with huge.open("wb") as handle:
        handle.truncate(2 * 1024 ** 3)  # 2 GB, sparse
    read = Path.read_bytes

    def guarded(self):
        assert self != huge, "the huge file was read"
        return read(self)

    monkeypatch.setattr(Path, "read_bytes", guarded)
    outcome = pipeline.build(content, tmp_path / "site")
    assert any("文件过大" in p.message and p.file == huge for p in outcome.report.errors)


# ---------------------------------------------------------------- handouts


@pytest.fixture
def meeting_content(tmp_path):
    content = full_content(tmp_path / "content")
    (content / "meetings" / "m.yml").write_text(dump(meeting()), encoding="utf-8")
    return content


@pytest.mark.parametrize("output, words", [
    ("content/site.yml", ".pdf"),
    ("content/brands/x.pdf", "内容文件夹"),
    ("site/x.pdf", "网站文件夹"),
    ("site/deep/x.pdf", "网站文件夹"),
])
def test_handout_refuses_content_and_site_folders(tmp_path, meeting_content, output, words, capsys):
    assert pipeline.build(meeting_content, tmp_path / "site").ok
    site_yml = (meeting_content / "site.yml").read_bytes()
    assert main(["handout", "m", "--content", str(meeting_content), "-o", str(tmp_path / output)]) == 1
    assert words in capsys.readouterr().err
    assert (meeting_content / "site.yml").read_bytes() == site_yml
    assert not list((tmp_path / "site").rglob("*.pdf")) and not list(meeting_content.rglob("*.pdf"))


def test_handout_files_get_the_users_usual_permissions(tmp_path, meeting_content):
    pytest.importorskip("weasyprint")
    old = os.umask(0o022)
    try:
        assert main(["handout", "m", "--content", str(meeting_content), "-o", str(tmp_path / "out" / "m.pdf")]) == 0
    finally:
        os.umask(old)
    for path in (tmp_path / "out" / "m.pdf", tmp_path / "out" / "m.html"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o644, oct(path.stat().st_mode)


# ---------------------------------------------------------------- all or nothing


def test_a_change_set_that_fails_halfway_puts_everything_back(tmp_path, monkeypatch):
    from generator.changeset import ChangeSet

    first, second = tmp_path / "units.yml", tmp_path / "brands" / "new.yml"
    first.write_text("原来的内容\n", encoding="utf-8")
    change = ChangeSet()
    change.put(first, "新的内容\n".encode("utf-8"))
    change.put(second, "记录\n".encode("utf-8"))
    real_replace = os.replace

    def failing(a, b):
        if str(b) == str(second):
            raise OSError(errno.EROFS, "Read-only file system", str(b))
        return real_replace(a, b)

    monkeypatch.setattr(os, "replace", failing)
    with pytest.raises(OSError):
        change.apply()
    assert first.read_text(encoding="utf-8") == "原来的内容\n" and not second.exists()
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == ["units.yml"]


def test_import_with_yes_applies_nothing_when_a_write_fails(tmp_path, monkeypatch, capsys):
    content = write_content(tmp_path / "content")
    sheet = tmp_path / "申报.xlsx"
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["单位", "品牌名称", "口号"])
    book.active.append(["测试县新成立的机关党支部", "新品牌", "新口号"])
    book.save(sheet)
    units = (content / "units.yml").read_bytes()
    real_replace = os.replace

    def failing(a, b):
        if "brands" in str(b):
            raise OSError(errno.EACCES, "Permission denied", str(b))
        return real_replace(a, b)

    monkeypatch.setattr(os, "replace", failing)
    assert main(["import", str(sheet), "--yes", "--content", str(content)]) == 1
    assert "无法写入" in capsys.readouterr().err
    assert (content / "units.yml").read_bytes() == units and not list((content / "brands").iterdir())


def test_two_writers_of_one_file_at_once_each_replace_it_whole(tmp_path):
    """A public and a preview build of one folder save the same caches at once: neither may trip
    over the other's temporary file, and a reader always finds one writer's whole text."""
    target = tmp_path / "cache.bin"
    texts = [bytes([n]) * 300_000 for n in (1, 2)]
    write_whole(target, texts[0])
    failures, seen = [], set()

    def writer(text):
        try:
            for _ in range(150):
                write_whole(target, text)
        except OSError as exc:
            failures.append(exc)

    threads = [threading.Thread(target=writer, args=(text,)) for text in texts]
    for thread in threads:
        thread.start()
    while any(thread.is_alive() for thread in threads):
        seen.add(target.read_bytes())
    assert not failures and seen <= set(texts) and target.read_bytes() in texts
    assert [p.name for p in tmp_path.iterdir()] == ["cache.bin"]


def test_a_file_written_whole_gets_the_usual_permissions(tmp_path):
    mask = os.umask(0o027)
    try:
        write_whole(tmp_path / "new.pdf", b"%PDF")
    finally:
        os.umask(mask)
    assert (tmp_path / "new.pdf").stat().st_mode & 0o777 == 0o640
