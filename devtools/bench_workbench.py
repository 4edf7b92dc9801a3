"""`bench --workbench`: the workbench's start, a form at 1000 records, and publishing 100 records
from the 发布网站 button to the page on disk. Figures are printed, never asserted."""

from __future__ import annotations

import http.client
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .synth import synthesize


def _get(server, path: str, method: str = "GET") -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=600)
    headers = {"Host": f"127.0.0.1:{server.port}", "Cookie": f"workbench_token={server.token}",
               "Origin": f"http://127.0.0.1:{server.port}", "Content-Length": "0"}
    connection.request(method, path, headers=headers)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, body


def start_seconds(content: Path) -> float:
    """From the command to the first page served: the clerk's wait after double-clicking."""
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "generator", "workbench", "--content", str(content),
                              "--port", "0", "--no-browser"], stdout=subprocess.PIPE, text=True)
    try:
        url = next(line.strip() for line in child.stdout if "token=" in line)
        port, token = url.split(":")[2].split("/")[0], url.split("token=")[1]
        connection = http.client.HTTPConnection("127.0.0.1", int(port), timeout=600)
        connection.request("GET", "/list/brand", headers={"Cookie": f"workbench_token={token}"})
        assert connection.getresponse().status == 200
        return time.perf_counter() - started
    finally:
        child.terminate()
        child.wait()


def form_seconds(content: Path) -> dict[str, float]:
    from generator.workbench import start

    server = start(content, content.parent / "site")
    try:
        times = {}
        for label, record in (("首次打开表单（含检查全部记录）", "brand-00500"), ("再次打开表单", "brand-00501")):
            started = time.perf_counter()
            status, _ = _get(server, f"/edit/brand/{record}")
            times[label] = time.perf_counter() - started
            assert status == 200
        (content / "brands" / "brand-00500.yml").touch()
        started = time.perf_counter()
        _get(server, "/edit/brand/brand-00500")
        times["保存一条后打开表单"] = time.perf_counter() - started
        return times
    finally:
        server.shutdown()
        server.server_close()


def publish_seconds(content: Path, edit: str | None = None) -> list[float]:
    """From the 发布网站 button's request to the record's page written in the public site; with
    edit (a brand's id), once more after changing that brand's 口号 (the build kept warm in between)."""
    from generator.workbench import start

    site = content.parent / "site"
    server = start(content, site)
    try:
        times = [_publish_once(server, site)]
        if edit:
            record = content / "brands" / f"{edit}.yml"
            record.write_text(record.read_text(encoding="utf-8").replace("口号: ", "口号: 改过的", 1), encoding="utf-8")
            times.append(_publish_once(server, site))
        return times
    finally:
        server.shutdown()
        server.server_close()


def preview_seconds(content: Path, brand: str = "brand-00000", saves: int = 5) -> tuple[float, float]:
    """The 预览页面 button: the first preview, then the median from saving the brand's 口号 to its
    preview page served, over `saves` saves."""
    import statistics

    from generator.workbench import start

    server = start(content, content.parent / "site")
    record = content / "brands" / f"{brand}.yml"
    text = record.read_text(encoding="utf-8")
    try:
        started = time.perf_counter()
        assert _get(server, f"/preview/brand/{brand}")[0] == 303
        first, times = time.perf_counter() - started, []
        for save in range(saves):
            record.write_text(text.replace("口号: ", f"口号: 预览{save}", 1), encoding="utf-8")
            started = time.perf_counter()
            assert _get(server, f"/preview/brand/{brand}")[0] == 303
            status, page = _get(server, f"/preview-site/brands/{brand}/")
            times.append(time.perf_counter() - started)
            assert status == 200 and f"预览{save}".encode() in page
        return first, statistics.median(times)
    finally:
        record.write_text(text, encoding="utf-8")
        server.shutdown()
        server.server_close()


def _publish_once(server, site: Path) -> float:
    started = time.perf_counter()
    _get(server, "/publish", "POST")
    while True:
        state = json.loads(_get(server, "/publish/status")[1])
        if state["state"] != "running":
            break
        time.sleep(0.1)
    seconds = time.perf_counter() - started
    assert state["state"] == "done" and (site / "brands" / "brand-00050" / "index.html").is_file(), state
    return seconds


def run() -> None:
    with tempfile.TemporaryDirectory() as temp:
        root = Path(temp)
        small = synthesize(root / "small" / "content", 10)
        print(f"工作台启动（命令到第一页）：{start_seconds(small):.2f} 秒")
        large = synthesize(root / "large" / "content", 1000)
        for label, seconds in form_seconds(large).items():
            print(f"1000 条记录，{label}：{seconds:.2f} 秒")
        hundred = synthesize(root / "hundred" / "content", 100)
        print(f"100 条记录，从点击“发布网站”到公开页面生成：{publish_seconds(hundred)[0]:.1f} 秒")
        first, saved = preview_seconds(large)
        print(f"1000 条记录，点击“预览页面”：首次 {first:.1f} 秒；保存一条记录后到预览页面打开 {saved:.2f} 秒"
              "（5 次的中位数，目标 ≤ 1 秒）")
        first, edited = publish_seconds(large, edit="brand-00001")
        print(f"1000 条记录，点击“发布网站”：首次 {first:.1f} 秒；改动一条记录后再发布 {edited:.1f} 秒")
