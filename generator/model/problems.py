"""Problems found in the user's content, collected so that all are reported at once."""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass, field
from pathlib import Path

ERROR = "错误"
WARNING = "警告"
NOTE = "提示"


@dataclass(frozen=True)
class Problem:
    level: str
    file: Path | None
    line: int | None
    field: str
    message: str

    def format(self) -> str:
        where = display_path(self.file) if self.file else ""
        if where and self.line:
            where = f"{where}:{self.line}"
        subject = f"{self.field}：{self.message}" if self.field else self.message
        return f"{self.level} {where} {subject}" if where else f"{self.level} {subject}"


@dataclass
class Report:
    """Every problem found in one run, in the order found."""

    problems: list[Problem] = field(default_factory=list)

    def add(self, level: str, file: Path | None, line: int | None, field_name: str, message: str) -> None:
        problem = Problem(level, file, line, field_name, message)
        if problem not in self.problems:
            self.problems.append(problem)

    def extend(self, problems: list[Problem]) -> None:
        """Problems found earlier (a cache, a worker process, the last build) reported again."""
        for problem in problems:
            self.add(problem.level, problem.file, problem.line, problem.field, problem.message)

    def error(self, file: Path | None, line: int | None, field_name: str, message: str) -> None:
        self.add(ERROR, file, line, field_name, message)

    def warning(self, file: Path | None, line: int | None, field_name: str, message: str) -> None:
        self.add(WARNING, file, line, field_name, message)

    def note(self, file: Path | None, line: int | None, field_name: str, message: str) -> None:
        self.add(NOTE, file, line, field_name, message)

    def of(self, level: str) -> list[Problem]:
        return [p for p in self.problems if p.level == level]

    @property
    def errors(self) -> list[Problem]:
        return self.of(ERROR)

    @property
    def warnings(self) -> list[Problem]:
        return self.of(WARNING)

    def failed(self, strict: bool = False) -> bool:
        return bool(self.errors or (strict and self.warnings))

    def sorted(self) -> list[Problem]:
        rank = {ERROR: 0, WARNING: 1, NOTE: 2}
        return sorted(
            self.problems,
            key=lambda p: (rank[p.level], str(p.file or ""), p.line or 0),
        )

    def summary(self, strict: bool = False) -> str:
        errors, warnings = len(self.errors), len(self.warnings)
        if strict and warnings:
            return f"发现 {errors} 个错误、{warnings} 个警告（--strict：警告按错误处理）。"
        if errors:
            return f"发现 {errors} 个错误、{warnings} 个警告。请修改后重试。"
        if warnings:
            return f"检查通过，有 {warnings} 个警告。"
        return "检查通过，没有发现问题。"


def display_path(path: Path) -> str:
    """A path as the user would type it: relative to the working folder when inside it."""
    try:
        shown = os.path.relpath(path)
    except ValueError:
        shown = str(path)
    # names that are not UTF-8 (surrogate escapes) are shown with U+FFFD, never crash a print
    return shown.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


_REASONS = {errno.ENOSPC: "磁盘空间不足", errno.EDQUOT: "磁盘配额已用完", errno.EACCES: "没有权限",
            errno.EPERM: "没有权限", errno.EROFS: "文件夹是只读的", errno.ENOENT: "找不到", errno.EISDIR: "这是文件夹",
            errno.ENOTDIR: "路径中有一项不是文件夹", errno.EBUSY: "正在被占用", errno.EXDEV: "不在同一个磁盘上",
            errno.ENAMETOOLONG: "文件名太长", errno.EIO: "磁盘读写出错", errno.ENOTEMPTY: "文件夹不是空的"}


def os_reason(exc: OSError) -> str:
    """Why a file operation failed, in Chinese (the system's own words are English)."""
    return _REASONS.get(exc.errno, f"系统错误 {exc.errno}" if exc.errno else str(exc))
