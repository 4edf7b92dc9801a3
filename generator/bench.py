"""`bench`: figures for the performance goals, printed, never asserted (machines are noisy)."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from .check import check_content
from .problems import Report
from .synth import synthesize


def bench_handout(stops: int = 20) -> dict[str, float]:
    """Seconds to check, lay out and write the PDF of a meeting with `stops` stops."""
    from .handout import find_meeting, render_html, write_pdf

    with tempfile.TemporaryDirectory() as temp:
        content = synthesize(Path(temp) / "content", brands=stops, stops=stops)
        times, started = {}, time.perf_counter()
        catalogue = check_content(content, Report())
        times["检查"] = time.perf_counter() - started
        started = time.perf_counter()
        html = render_html(find_meeting(catalogue, "bench"), catalogue, content)
        times["排版 HTML"] = time.perf_counter() - started
        started = time.perf_counter()
        pages = write_pdf(html, Path(temp) / "bench.pdf")
        times["生成 PDF"] = time.perf_counter() - started
        times["页数"] = pages
    return times


def print_handout(stops: int) -> None:
    times = bench_handout(stops)
    total = sum(v for k, v in times.items() if k != "页数")
    print(f"观摩手册：{stops} 个观摩点，{int(times['页数'])} 页")
    for stage, seconds in times.items():
        if stage != "页数":
            print(f"  {stage:<8} {seconds:6.2f} 秒")
    print(f"  {'合计':<8} {total:6.2f} 秒（目标 ≤ 5 秒）")
