"""Safe publishing: a build killed at any moment leaves the published site whole."""

import os
import random
import signal
import subprocess
import sys
import time

from generator.publish import pipeline

from conftest import PROJECT, full_content, tree_digest

TRIALS = 10


def digest(site):
    """The site's files, less the gzip copy of the sitemap (its header holds a timestamp)."""
    gz = site / "sitemap.xml.gz"
    saved = gz.read_bytes() if gz.exists() else None
    if saved is not None:
        gz.unlink()
    try:
        return tree_digest(site)
    finally:
        if saved is not None:
            gz.write_bytes(saved)


def complete(site) -> bool:
    return all((site / path).is_file() for path in (
        ".generator-site", "index.html", "brands/bishui/index.html", "search/search_index.json", "rss.xml"))


def test_killed_builds_never_break_the_published_site(tmp_path):
    content = full_content(tmp_path / "content")
    record = content / "brands" / "bishui.yml"
    site = tmp_path / "site"
    assert pipeline.build(content, site).ok
    moments = random.Random(2024)
    env = {"PYTHONPATH": str(PROJECT), "PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    outcomes = []
    for trial in range(TRIALS):
        before = digest(site)
        text = record.read_text(encoding="utf-8")
        record.write_text(text.replace(text.splitlines()[1], f"口号: 第{trial}次修改后的口号"), encoding="utf-8")
        build = subprocess.Popen([sys.executable, "-m", "generator", "build", "--content", str(content),
                                  "--site-dir", str(site)], cwd=tmp_path, env=env,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(0.3 + (trial + moments.random()) * 0.3)  # spread over start-up, generation, MkDocs, swap
        build.send_signal(signal.SIGKILL)
        build.wait()
        after_kill = digest(site)
        assert complete(site), trial
        assert pipeline.build(content, site).ok
        finished = digest(site)
        assert after_kill in (before, finished), trial  # the old site or the new one, never a mix
        outcomes.append("old" if after_kill == before else "new")
        leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".site.")]
        assert leftovers == [], leftovers
    print(f"\n{TRIALS} 次强行中断（SIGKILL）：{outcomes.count('old')} 次旧网站原样保留，{outcomes.count('new')} 次已完整换上新网站")
