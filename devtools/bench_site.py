"""`bench --records`: the site build at scale, stage by stage, against the bare MkDocs floor.

Every build runs in a child process so that its peak memory is its own. Figures are
printed, never asserted: these machines are noisy.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from .synth import synthesize

PROJECT = Path(__file__).resolve().parent.parent

CASE_SHARE = 0.2  # of the records, this many are cases
ACTIVITY_SHARE = 1 / 6  # this many activities (500 of 3000)
ALLIANCE_SHARE = 1 / 60  # this many alliances (50 of 3000); the rest are brands


def _child(code: str, cwd: Path) -> tuple[dict, float, float]:
    """Run Python code in a child; its JSON output, wall seconds and peak memory (MB)."""
    started = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    done = subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-2000:])
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    last = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else "{}"
    return json.loads(last), seconds, max(peak, before) / 1024


BUILD = """
import json, sys
sys.path.insert(0, {project!r})
from pathlib import Path
from generator.publish import pipeline
outcome = pipeline.build(Path({content!r}), Path({site!r}))
assert outcome.ok, [p.format() for p in outcome.report.errors]
print(json.dumps({{"stages": outcome.seconds, "written": outcome.written.written, "pages": outcome.pages,
                  "rebuilt": outcome.rebuilt, "up_to_date": outcome.up_to_date}}))
"""

# The floor: the same pages as MkDocs indexes them itself (Material's search plugin, jieba), as
# `serve` writes them, built by bare MkDocs.
FLOOR_MARKDOWN = """
import sys
sys.path.insert(0, {project!r})
from pathlib import Path
from generator.publish import generation
from generator.model.check import check_content
from generator.model.problems import Report
catalogue = check_content(Path({content!r}), Report())
generation.generate(catalogue, Path({content!r}), Path({work!r}), preview=False, serve=True)
"""

BARE = """
import json, os
from mkdocs.commands.build import build
from mkdocs.config import load_config
config = load_config({config!r}, site_dir={site!r})
config.plugins.on_startup(command="build", dirty=False)
build(config)
print("{{}}")
"""


SAVES = 5  # serve_reload: the median of this many saves, a few seconds apart


def serve_reload(content: Path, root: Path) -> float:
    """Seconds from saving one record to `serve` showing the change: the median of SAVES saves."""
    import statistics
    import socket
    import urllib.request

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--content", str(content),
                               "--addr", f"127.0.0.1:{port}"], cwd=root, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True, encoding="utf-8",
                              env={**os.environ, "PYTHONPATH": str(PROJECT)})
    url = f"http://127.0.0.1:{port}/brands/brand-00000/"
    # The printed address carries serve's token: its pages need it as a cookie.
    token = next((line.split("token=", 1)[1].split("（", 1)[0].strip() for line in server.stderr if "token=" in line), None)
    if token is None:
        raise RuntimeError("serve did not start")
    threading.Thread(target=server.stderr.read, daemon=True).start()  # the rest of what it says, unread
    cookie = {"Cookie": f"serve_token_{port}={token}"}

    def page() -> str:
        try:
            return urllib.request.urlopen(urllib.request.Request(url, headers=cookie), timeout=2).read().decode("utf-8")
        except OSError:
            return ""

    try:
        deadline = time.monotonic() + 60  # the address is printed just before the server listens
        while not page():
            if time.monotonic() > deadline:
                raise RuntimeError("serve did not answer")
            time.sleep(0.2)
        time.sleep(3)  # let the first build settle
        record = content / "brands" / "brand-00000.yml"
        text = record.read_text(encoding="utf-8")
        times = []
        for save in range(SAVES):
            mark = f"刚刚保存{save}次"
            saved = time.perf_counter()
            record.write_text(text.replace("口号: ", f"口号: {mark}", 1), encoding="utf-8")
            while mark not in page():
                if time.perf_counter() - saved > 300:
                    raise RuntimeError("serve did not reload")
                time.sleep(0.1)
            times.append(time.perf_counter() - saved)
            time.sleep(1)
        record.write_text(text, encoding="utf-8")
        return statistics.median(times)
    finally:
        server.terminate()
        server.wait(timeout=30)


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def _site_writes(site: Path, before: dict) -> int:
    """Files of the published site that are new or changed since `before` (changes.stats)."""
    from generator.stamps import stats

    after = stats(site)
    return sum(after.get(path) != before.get(path) for path in after.keys() | before.keys())


def measure(records: int, root: Path, serve: bool) -> dict:
    from generator.stamps import stats

    project = str(PROJECT)
    cases, activities, alliances = (int(records * share) for share in (CASE_SHARE, ACTIVITY_SHARE, ALLIANCE_SHARE))
    brands = records - cases - activities - alliances
    content = synthesize(root / "content", brands=brands, cases=cases, alliances=alliances, activities=activities)
    site = root / "site"
    build = BUILD.format(project=project, content=str(content), site=str(site))
    first, first_s, first_mb = _child(build, root)
    before = stats(site)
    again, again_s, _ = _child(build, root)
    again_files = _site_writes(site, before)
    record = content / "brands" / "brand-00001.yml"
    record.write_text(record.read_text(encoding="utf-8").replace("口号: ", "口号: 改过的", 1), encoding="utf-8")
    edited, edited_s, _ = _child(build, root)
    _child(FLOOR_MARKDOWN.format(project=project, content=str(content), work=str(root / "floor")), root)
    _, bare_s, bare_mb = _child(BARE.format(config=str(root / "floor" / "mkdocs.yml"), site=str(root / "bare")), root)
    pages = list((site / "brands").glob("*/index.html"))
    return {
        "records": records, "brands": brands, "cases": cases, "alliances": alliances, "activities": activities,
        "pages": first["pages"],
        "stages": first["stages"], "build_s": first_s, "build_mb": first_mb,
        "again_s": again_s, "again_files": again_files, "again_up_to_date": again["up_to_date"],
        "edited_s": edited_s, "edited_rebuilt": edited["rebuilt"], "edited_stages": edited["stages"],
        "bare_s": bare_s, "bare_mb": bare_mb,
        "site_mb": _size(site) / 1e6, "page_kb": sum(p.stat().st_size for p in pages) / len(pages) / 1e3,
        "index_mb": (site / "search" / "search_index.json").stat().st_size / 1e6,
        "site": site,
        "reload_s": serve_reload(content, root) if serve else None,
    }


GENERATOR_STAGES = ("检查", "生成页面")


def generator_per_thousand(m: dict) -> float:
    return sum(m["stages"].get(s, 0) for s in GENERATOR_STAGES) / m["records"] * 1000


def report(m: dict) -> str:
    stages = m["stages"]
    ratio = m["build_s"] / m["bare_s"]
    edited = m["edited_stages"]
    lines = [
        f"== {m['records']} 条记录（品牌 {m['brands']}，案例 {m['cases']}，联盟 {m['alliances']}，动态 {m['activities']}），"
        f"{m['pages']} 页 ==",
        "  首次生成各阶段：" + "，".join(f"{k} {v:.2f} 秒" for k, v in stages.items()),
        f"  完整首次生成：{m['build_s']:.1f} 秒，峰值内存 {m['build_mb']:.0f} MB；"
        f"MkDocs 带搜索插件生成同样的 Markdown：{m['bare_s']:.1f} 秒，峰值内存 {m['bare_mb']:.0f} MB；"
        f"比值 {ratio:.2f}（目标 ≤ 0.6）",
        f"  改动一条记录后再生成：{m['edited_s']:.1f} 秒，重新生成 {m['edited_rebuilt']} 页（目标 ≤ 3 秒，3000 条时）；"
        + "，".join(f"{k} {v:.2f}" for k, v in edited.items()),
        f"  内容不变再生成：{m['again_s']:.1f} 秒，网站写入 {m['again_files']} 个文件"
        f"{'（未运行 MkDocs）' if m['again_up_to_date'] else ''}（目标 ≤ 1 秒、0 个文件，3000 条时）",
        f"  生成器（读取+检查+生成+写入）首次：每 1000 条 {generator_per_thousand(m):.2f} 秒（目标 ≤ 1.0）",
        f"  网站 {m['site_mb']:.1f} MB，品牌页平均 {m['page_kb']:.1f} KB，搜索索引 {m['index_mb']:.2f} MB",
    ]
    if m["reload_s"] is not None:
        lines.append(f"  serve：保存一条记录到页面更新 {m['reload_s']:.2f} 秒（{SAVES} 次保存的中位数；目标 ≤ 1 秒，1000 条时）")
    return "\n".join(lines)


def run(sizes: list[int], search: bool, serve: bool = True) -> list[dict]:
    results = []
    for records in sizes:
        root = Path(tempfile.mkdtemp(prefix=f"bench-{records}-"))
        try:
            m = measure(records, root, serve)
            if search:
                from .bench_search import measure_search

                m["search"] = measure_search(m["site"])
            print(report(m) + (("\n" + m["search"]["text"]) if search else ""), flush=True)
            results.append(m)
        finally:
            shutil.rmtree(root, ignore_errors=True)
    if len(results) > 1:
        a, b = results[0], results[-1]
        ratio = (b["build_s"] / b["records"]) / (a["build_s"] / a["records"])
        print(f"线性：每条记录用时 {b['records']} 条 / {a['records']} 条 = {ratio:.2f}（目标 ≤ 1.1）；"
              f"品牌页大小 {b['page_kb']:.1f} KB / {a['page_kb']:.1f} KB")
    return results
