"""The rebuild after editing one record reuses what the last build worked out (pinyin slugs,
the theme's file list, record digests, a hard-linked twin of the published site) and still
gives the files, folders and problems of a full build."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from conftest import full_content
from generator.model import slugs
from generator.publish import pipeline
from test_incremental import assert_same_tree, edit, full_build


@pytest.fixture(autouse=True)
def fixed_date(monkeypatch):
    """MkDocs dates the sitemap (and its .gz header) by the build day: pin it across midnight."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1733400000")


@pytest.fixture
def fresh_slugs(monkeypatch):
    """This process's slugs forgotten, as in a new process."""
    monkeypatch.setattr(slugs, "_MADE", {})
    monkeypatch.setattr(slugs, "_ON_DISK", {})


def no_pinyin(monkeypatch) -> list[str]:
    """pypinyin's lazy_pinyin replaced by one that notes what it was asked."""
    import pypinyin

    asked: list[str] = []
    original = pypinyin.lazy_pinyin
    monkeypatch.setattr(pypinyin, "lazy_pinyin", lambda text, **kw: asked.append(text) or original(text, **kw))
    return asked


def test_kept_slugs_are_the_slugs_pypinyin_makes(tmp_path, fresh_slugs, monkeypatch):
    file = tmp_path / "slugs.marshal"
    made = {text: slugs.slug(text) for text in ("四小工作法", "示范", "师范", "河湖长制")}
    slugs.keep(file)
    monkeypatch.setattr(slugs, "_MADE", {})
    slugs.recall(file)
    asked = no_pinyin(monkeypatch)
    assert {text: slugs.slug(text) for text in made} == made and asked == []


@pytest.mark.parametrize("damage", ["garbage", "other generator", "wrong types"])
def test_stale_or_damaged_kept_slugs_are_made_again(tmp_path, fresh_slugs, monkeypatch, damage):
    import marshal

    file = tmp_path / "slugs.marshal"
    if damage == "garbage":
        file.write_bytes(b"\x80garbage")
    elif damage == "other generator":
        file.write_bytes(marshal.dumps(("another stamp", {"四小工作法": "wrong"})))
    else:
        file.write_bytes(marshal.dumps((slugs._stamp(), {"四小工作法": 3})))
    slugs.recall(file)
    asked = no_pinyin(monkeypatch)
    assert slugs.slug("四小工作法") == "si-xiao-gong-zuo-fa" and asked == ["四小工作法"]
    slugs.keep(file)  # the bad file is replaced
    monkeypatch.setattr(slugs, "_MADE", {})
    slugs.recall(file)
    assert slugs._MADE == {"四小工作法": "si-xiao-gong-zuo-fa"}


def test_an_edit_needs_no_pinyin_and_gives_a_full_build(tmp_path, fresh_slugs, monkeypatch):
    content = full_content(tmp_path / "content")
    site = tmp_path / "site"
    assert pipeline.build(content, site).ok
    monkeypatch.setattr(slugs, "_MADE", {})  # a new process
    asked = no_pinyin(monkeypatch)
    edit(content / "brands" / "bishui.yml", "一心为民治水", "一心为民治水护河")
    assert pipeline.build(content, site).ok and asked == []
    edit(content / "brands" / "bishui.yml", "河湖长制", "河湖长制新标签")  # a new tag: its slug is made
    assert pipeline.build(content, site).ok and asked == ["河湖长制新标签"]
    assert_same_tree(site, full_build(content, tmp_path))


def theme_files(config_file: Path) -> list[tuple[str, str]]:
    """What MkDocs' own add_files_from_theme and ours (themefiles.add) put in a collection."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files

    from generator.publish import themefiles

    found = []
    for add in (lambda files, env, config: files.add_files_from_theme(env, config), themefiles.add):
        config = load_config(str(config_file))
        files = get_files(config)
        add(files, config.theme.get_env(), config)
        found.append([(f.src_uri, f.src_dir, f.dest_uri, f.url) for f in files])
    assert found[0] == found[1]
    return found[1]


def test_the_kept_theme_file_list_is_mkdocs_own_and_follows_the_theme(tmp_path):
    from generator.publish import themefiles

    content = full_content(tmp_path / "content")
    assert pipeline.build(content, tmp_path / "site").ok
    work = tmp_path / ".build" / "site"
    config_file = work / "mkdocs.yml"
    kept = work / themefiles.KEPT
    assert kept.is_file()
    before = theme_files(config_file)
    assert any(path.startswith("assets/") for path, *_ in before)
    (work / "theme" / "assets").mkdir(parents=True, exist_ok=True)
    (work / "theme" / "assets" / "extra.css").write_text("body {}", encoding="utf-8")  # a new file of our theme
    after = theme_files(config_file)
    assert len(after) == len(before) + 1 and ("assets/extra.css", str(work / "theme")) in [f[:2] for f in after]
    kept.write_bytes(b"\x80garbage")
    assert theme_files(config_file) == after


def test_an_edit_loads_no_pinyin_qr_or_jieba_module(tmp_path):
    """An edit that adds no name and no QR code needs neither pypinyin nor segno; Material's search
    plugin imports jieba, but our builds never cut text with it (their index is ours)."""
    import os
    import subprocess
    import sys

    content = full_content(tmp_path / "content")
    site = tmp_path / "site"
    assert pipeline.build(content, site).ok
    edit(content / "brands" / "bishui.yml", "一心为民治水", "一心为民治水护河")
    code = f"""
import sys
import hashlib
import shutil
from pathlib import Path
from generator.publish import pipeline
outcome = pipeline.build(Path({str(content)!r}), Path({str(site)!r}))
assert outcome.ok and outcome.rebuilt == 1, outcome.rebuilt
loaded = [name for name in ("pypinyin", "segno", "numpy", "jieba.finalseg") if name in sys.modules]
assert loaded == [], loaded
import jieba
assert list(jieba.cut("党建特色品牌")) == ["党建", "特色", "品牌"]
"""
    project = Path(__file__).resolve().parent.parent
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(project)})
    assert done.returncode == 0, done.stderr[-2000:]
    assert_same_tree(site, full_build(content, tmp_path))


def folders_of(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_dir())


def same_as_full(site: Path, content: Path, tmp_path: Path) -> None:
    """The site's files and folders are a full build's."""
    reference = full_build(content, tmp_path)
    assert_same_tree(site, reference)
    assert folders_of(site) == folders_of(reference)


def test_edits_in_a_row_through_the_twin_give_a_full_builds_site(tmp_path):
    from conftest import brand, dump

    content = full_content(tmp_path / "content")
    site = tmp_path / "site"
    assert pipeline.build(content, site).ok
    published = next(site.glob("assets/stylesheets/*.css"))  # in every site, never rebuilt by an edit
    before = published.read_bytes()
    steps = [
        lambda: edit(content / "brands" / "bishui.yml", "一心为民治水", "一心为民治水护河"),
        lambda: (content / "brands" / "xinpin.yml").write_text(dump(brand("新品牌名", 标签=["新标签"])), encoding="utf-8"),
        lambda: (content / "cases" / "liuzhua.yml").unlink(),  # its page, card and QR code go
        lambda: (content / "brands" / "xinpin.yml").unlink(),  # its tag's page and folder too
        lambda: edit(content / "brands" / "bishui.yml", "一心为民治水护河", "一心为民治水护河湖"),
    ]
    for step in steps:
        step()
        outcome = pipeline.build(content, site)
        assert outcome.ok and outcome.rebuilt is not None, outcome.full_reason
        same_as_full(site, content, tmp_path)
    assert published.read_bytes() == before  # never written through the twin's links


def _changed_file(twin: Path) -> None:
    page = twin / "units" / "water" / "index.html"  # not rebuilt by the edit
    text = page.read_bytes()
    page.unlink()
    page.write_bytes(text + b"<!-- not the published file -->")


def _side_file(twin: Path) -> None:
    code = next((twin / "qr").rglob("*.png"))
    code.unlink()
    code.write_bytes(b"not the drawn code")


DAMAGE = {
    "changed file": _changed_file,
    "extra file and folder": lambda twin: (twin / "extra").mkdir() or (twin / "extra" / "x.html").write_text("x"),
    "folder gone": lambda twin: shutil.rmtree(twin / "tags"),
    "side file changed": _side_file,
    "extra side file": lambda twin: (twin / "cards" / "gone").mkdir() or (twin / "cards" / "gone" / "x.jpg").write_text("x"),
    "a link": lambda twin: (twin / "link.html").symlink_to(twin / "index.html"),
    "not a folder": lambda twin: shutil.rmtree(twin) or twin.write_text("x"),
}


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_twin_not_as_kept_is_brought_back_or_not_used(tmp_path, damage):
    content = full_content(tmp_path / "content")
    site = tmp_path / "site"
    assert pipeline.build(content, site).ok
    DAMAGE[damage](pipeline.work_dir(site) / pipeline.SPARE)
    edit(content / "brands" / "bishui.yml", "一心为民治水", "一心为民治水护河")
    outcome = pipeline.build(content, site)
    assert outcome.ok and outcome.rebuilt is not None
    same_as_full(site, content, tmp_path)


def test_record_digests_taken_before_the_build_are_used_only_while_size_and_mtime_hold(tmp_path):
    from generator.model.check import check_content
    from generator.model.problems import Report
    from generator.model.recordcache import RecordCache
    from generator.publish import unchanged

    content = full_content(tmp_path / "content")
    assert pipeline.build(content, tmp_path / "site").ok
    record = content / "brands" / "bishui.yml"
    hashed: dict[str, tuple] = {}
    assert unchanged.inputs(content, "options", "mkdocs", hashed)
    assert hashed[str(record)][2] == hashlib.sha256(record.read_bytes()).hexdigest()
    edit(record, "一心为民治水", "一心为民治水护河")  # after the digests were taken: another size
    cache = RecordCache(tmp_path / ".build" / "site" / pipeline.RECORD_CACHE, content, hashed=hashed)
    catalogue = check_content(content, Report(), cache)
    assert catalogue.brands["bishui"].slogan == "一心为民治水护河"
    assert cache.digests()[str(record)] == hashlib.sha256(record.read_bytes()).hexdigest()


def _delete_referenced_brand(content: Path) -> None:
    (content / "brands" / "bishui.yml").unlink()  # the case and the meeting name it


CROSS_RECORD_EDITS = {
    "brand renamed": lambda c: edit(c / "brands" / "bishui.yml", "品牌名称: 碧水先锋", "品牌名称: 碧水先锋队"),
    "unit renamed": lambda c: edit(c / "units.yml", "测试县水利局机关党支部", "测试县水务局机关党支部"),
    "brand moved to another unit": lambda c: edit(c / "brands" / "bishui.yml", "党组织: water", "党组织: audit"),
    "referenced brand deleted": _delete_referenced_brand,
    "unknown unit": lambda c: edit(c / "cases" / "liuzhua.yml", "党组织: water", "党组织: nowhere"),
    "new warning": lambda c: edit(c / "brands" / "weitongguo.yml", "状态: 未通过\n", "状态: 未通过\n认定日期: 2024-12-05\n"),
}
EXPECTED = {"referenced brand deleted": "找不到品牌“bishui”", "unknown unit": "找不到党组织“nowhere”",
            "new warning": "认定日期不会显示"}


@pytest.mark.parametrize("change", CROSS_RECORD_EDITS)
def test_an_edit_across_records_gives_a_full_builds_site_and_problems(tmp_path, change):
    content = full_content(tmp_path / "content")
    site = tmp_path / "site"
    assert pipeline.build(content, site).ok
    before = {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    CROSS_RECORD_EDITS[change](content)
    edited = pipeline.build(content, site)
    full = pipeline.build(content, tmp_path / "reference" / "site", incremental=False)
    assert [p.format() for p in edited.report.problems] == [p.format() for p in full.report.problems]
    assert edited.ok == full.ok == (change not in EXPECTED or "warning" in change)
    assert EXPECTED.get(change, "") in "\n".join(p.format() for p in edited.report.problems)
    if full.ok:
        same_as_full(site, content, tmp_path)
    else:  # the published site is left as it was
        assert {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()} == before


def test_kept_shards_write_only_what_changed_and_survive_damage(tmp_path):
    from generator.website import shards

    folder = tmp_path / "kept"
    entries = {f"brands/b{i}.md": [f"key{i}", f"text {i}"] for i in range(200)}
    shards.save(folder, "v1", entries, {})
    assert len(list(folder.iterdir())) == shards.SHARDS
    loaded = shards.load(folder, "v1")
    assert loaded == entries and shards.load(folder, "v2") == {}
    stamps = {f.name: f.stat().st_ino for f in folder.iterdir()}  # a shard written again is a new file
    changed = dict(loaded, **{"brands/b7.md": ["new key", "new text"]})
    del changed["brands/b9.md"]
    shards.save(folder, "v1", changed, loaded)
    rewritten = {f.name for f in folder.iterdir() if f.stat().st_ino != stamps[f.name]}
    assert rewritten == {f"{shards._shard(p):02d}.marshal" for p in ("brands/b7.md", "brands/b9.md")}
    assert shards.load(folder, "v1") == changed
    shards.save(folder, "v1", changed, changed)  # nothing changed: nothing written
    damaged = folder / f"{shards._shard('brands/b7.md'):02d}.marshal"
    damaged.write_bytes(b"\x80garbage")
    survived = shards.load(folder, "v1")
    assert "brands/b7.md" not in survived and all(survived[p] == changed[p] for p in survived)
    assert len(survived) > len(changed) - 40
