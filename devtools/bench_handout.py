"""`bench`: the handout's figures for its performance goal, printed, never asserted (machines are noisy)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from .synth import synthesize


def bench_handout(stops: int = 20) -> dict[str, float]:
    """Seconds to check, lay out and write the PDF of a meeting with `stops` stops (the CLI's flow)."""
    from generator.handout.booklet import make

    with tempfile.TemporaryDirectory() as temp:
        content = synthesize(Path(temp) / "content", brands=stops, stops=stops)
        result = make(content, "bench", Path(temp) / "bench.pdf")
        if result.error:
            raise RuntimeError(result.error)
    return {**result.times, "页数": result.pages}


def print_handout(stops: int) -> None:
    times = bench_handout(stops)
    total = sum(v for k, v in times.items() if k != "页数")
    print(f"观摩手册：{stops} 个观摩点，{int(times['页数'])} 页")
    for stage, seconds in times.items():
        if stage != "页数":
            print(f"  {stage:<8} {seconds:6.2f} 秒")
    print(f"  {'合计':<8} {total:6.2f} 秒（目标 ≤ 5 秒）")
