"""The package holds the whole product: laid out as `pip install` lays it out (only its Python
files and declared package data), it builds a site from any folder, and `init` starts one."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

from conftest import PROJECT


def installed_copy(target: Path) -> Path:
    """generator/ as an install holds it: Python files plus pyproject's package-data, nothing else."""
    setup = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    for package in setup["packages"]:
        folder = PROJECT / package.replace(".", "/")
        patterns = ["*.py", *setup.get("package-data", {}).get(package, [])]
        for pattern in patterns:
            for source in folder.glob(pattern):
                if source.is_file():
                    copy = target / source.relative_to(PROJECT)
                    copy.parent.mkdir(parents=True, exist_ok=True)
                    copy.write_bytes(source.read_bytes())
    return target


def run(args: list[str], cwd: Path, lib: Path) -> subprocess.CompletedProcess:
    env = {"PYTHONPATH": str(lib), "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(cwd)}
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True,
                          text=True, encoding="utf-8", env=env)


def test_init_then_build_from_the_installed_layout_in_any_folder(tmp_path):
    lib = installed_copy(tmp_path / "lib")
    assert not (lib / "content").exists() and not (lib / "mkdocs.yml").exists()
    done = run(["init", "新网站"], tmp_path, lib)
    assert done.returncode == 0, done.stderr
    folder = tmp_path / "新网站"
    kinds = {p.parent.name for p in (folder / "content").glob("*/*.yml")}
    assert {"brands", "cases", "meetings", "alliances", "activities", "campaigns"} <= kinds
    checked = run(["check", "--strict"], folder, lib)
    assert checked.returncode == 0, checked.stderr
    built = run(["build"], folder, lib)
    assert built.returncode == 0, built.stderr
    site = folder / "site"
    assert "示例品牌" in (site / "brands" / "example-brand" / "index.html").read_text(encoding="utf-8")
    assert (site / "assets" / "javascripts" / "search-worker.js").is_file()
    assert "example-brand" in (site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "张某" not in (site / "brands" / "example-brand" / "index.html").read_text(encoding="utf-8")


def test_init_never_overwrites_a_content_folder(tmp_path):
    lib = installed_copy(tmp_path / "lib")
    (tmp_path / "old" / "content").mkdir(parents=True)
    (tmp_path / "old" / "content" / "site.yml").write_text("站点名称: 旧的\n", encoding="utf-8")
    done = run(["init", "old"], tmp_path, lib)
    assert done.returncode == 1 and "不会覆盖" in done.stderr
    assert (tmp_path / "old" / "content" / "site.yml").read_text(encoding="utf-8") == "站点名称: 旧的\n"
