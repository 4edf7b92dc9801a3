"""The same checks as `check`, run over the whole content folder, each problem placed at the
form field it concerns (by its field label, refined by its line)."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from ..model.check import cross_check, read_catalogue
from ..model.load import Marks, RawContent, load_content
from ..model.problems import Problem, Report
from ..model.schema import KINDS


class Checker:
    """`check` over the folder, run again only when a file below it changed."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._lock = threading.Lock()
        self._seen: dict | None = None
        self.report = Report()
        self.raw = RawContent(root=root)  # every file's values as typed, for lists and selects

    def run(self) -> Report:
        with self._lock:
            now = _snapshot(self.root)
            if now != self._seen:
                # check_content's steps, keeping the raw values the lists and selects show; every
                # problem stays as found (a draft's are errors here: they block its approval)
                report = Report()
                self.raw = load_content(self.root, report, {k.name: k.folder for k in KINDS.values() if k.folder})
                catalogue = read_catalogue(self.raw, report)
                if catalogue is not None:
                    cross_check(catalogue, report)
                self.report, self._seen = report, now
            return self.report

    def problems_of(self, path: Path) -> list[Problem]:
        path = path.resolve()
        return [p for p in self.run().sorted() if p.file and Path(p.file).resolve() == path and p.level != "提示"]

    def errors_of(self, path: Path) -> list[Problem]:
        return [p for p in self.problems_of(path) if p.level == "错误"]

    def count_by_file(self) -> dict[Path, tuple[int, int]]:
        counts: dict[Path, tuple[int, int]] = {}
        for p in self.run().problems:
            if p.file and p.level != "提示":
                key = Path(p.file).resolve()
                errors, warnings = counts.get(key, (0, 0))
                counts[key] = (errors + (p.level == "错误"), warnings + (p.level == "警告"))
        return counts


def describe(problem: Problem, root: Path) -> str:
    """错误 brands/x.yml 第3行 党组织：… — the file named as it sits in the content folder."""
    where = ""
    if problem.file:
        path = Path(problem.file)
        where = path.resolve().relative_to(root.resolve()).as_posix() if path.resolve().is_relative_to(root.resolve()) else str(path)
        where += f" 第{problem.line}行" if problem.line else ""
    subject = f"{problem.field}：{problem.message}" if problem.field else problem.message
    return " ".join(part for part in (problem.level, where, subject) if part)


def _snapshot(root: Path) -> dict:
    found = {}
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            try:
                stat = os.stat(os.path.join(folder, name))
            except OSError:
                continue
            found[os.path.join(folder, name)] = (stat.st_size, stat.st_mtime_ns)
    return found


def place(problems: list[Problem], marks: Marks | None, paths: set[tuple]) -> dict[tuple, list[Problem]]:
    """Problems by the form path they concern; () holds those no field owns."""
    placed: dict[tuple, list[Problem]] = {}
    by_line: dict[int, list[tuple]] = {}
    for path, line in (marks.lines.items() if marks else ()):
        by_line.setdefault(line, []).append(path)
    for problem in problems:
        at = field_path(problem.field)
        candidates = [p for p in by_line.get(problem.line or -1, []) if p in paths and p[:len(at)] == at]
        if candidates:
            at = max(candidates, key=len)
        elif at not in paths:
            at = ()
        placed.setdefault(at, []).append(problem)
    return placed


def field_path(label: str) -> tuple:
    """主要措施 › 第2项 › 标题 → ("主要措施", 1, "标题")."""
    if not label:
        return ()
    parts = []
    for part in label.split(" › "):
        if part.startswith("第") and part.endswith("项") and part[1:-1].isdigit():
            parts.append(int(part[1:-1]) - 1)
        else:
            parts.append(part)
    return tuple(parts)
