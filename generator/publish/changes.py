"""What changed since the published site was built: nothing, some pages, or everything.

After each publish, the work folder keeps what the site was built from: a fingerprint of
everything but the pages (the derived config, the generator's own files, the engine's
version), the size and mtime of every generated docs file (write.py keeps the mtimes of
unchanged files), and of every published file. A build whose fingerprint and published
files match needs only the changed pages; anything else, a full build.
"""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from .. import __version__
from ..changeset import write_whole
from ..stamps import package_digest, stats

RECORD = "published.json"


@dataclass
class Plan:
    full: bool  # build everything (and why, for the summary)
    reason: str = ""
    changed: frozenset[str] = frozenset()  # docs paths added, changed or removed

    @property
    def nothing(self) -> bool:
        return not self.full and not self.changed


def fingerprint(config_file: Path, engine: str, kind: str) -> str:
    """Everything a page's HTML depends on besides its own Markdown."""
    digest = hashlib.sha256(f"{__version__}|{engine}|{kind}|{engine_versions(engine)}\n".encode())
    digest.update(config_file.read_bytes())
    digest.update(package_digest().encode())
    return digest.hexdigest()


@functools.lru_cache(maxsize=None)  # the modules a process runs are those it imported first
def engine_versions(engine: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    names = ("mkdocs", "mkdocs-material", "pymdown-extensions", "markdown", "jinja2")
    found = []
    for name in names + ((engine,) if engine not in names else ()):
        try:
            found.append(version(name))
        except PackageNotFoundError:
            found.append("-")
    return "|".join(found)


def compare(work: Path, site_dir: Path, fingerprint_now: str, docs: dict[str, list[int]]) -> Plan:
    """How much of the site to build, given the published site and what it was built from."""
    try:
        before = json.loads((work / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Plan(True, "第一次生成")
    if before.get("fingerprint") != fingerprint_now:
        return Plan(True, "配置、模板、主题或程序版本有变化")
    if not site_dir.is_dir() or stats(site_dir) != before.get("site"):
        return Plan(True, "已发布的网站被改动过")
    old = before.get("docs", {})
    changed = {path for path in docs.keys() | old.keys() if docs.get(path) != old.get(path)}
    return Plan(False, changed=frozenset(changed))


def remember(work: Path, site_dir: Path, fingerprint_now: str, docs: dict[str, list[int]]) -> dict[str, list[int]]:
    """Note what the just-published site was built from (written last: a crash means a full build);
    the published files' stamps, for unchanged.keep."""
    record = {"fingerprint": fingerprint_now, "docs": docs, "site": stats(site_dir)}
    write_whole(work / RECORD, json.dumps(record, separators=(",", ":")).encode("utf-8"))
    return record["site"]

