"""What the command line says when things go wrong: argparse in Chinese, and Chinese
messages with exit codes for Ctrl-C, a full disk and folders that cannot be written."""

from __future__ import annotations

import argparse
import errno
import re
import sys
from pathlib import Path
from typing import Callable

from .model.problems import display_path, os_reason

CANCELLED = 130  # the shell's code for a command stopped by Ctrl-C

_ARGPARSE_ERRORS = (
    (r"the following arguments are required: (.*)", r"缺少参数：\1"),
    (r"argument (\S+): invalid choice: '?(.*?)'? \(choose from (.*)\)", r"参数 \1：无效的选择“\2”（可选：\3）"),
    (r"unrecognized arguments: (.*)", r"无法识别的参数：\1"),
    (r"argument (\S+): expected one argument", r"参数 \1 后面缺少值"),
    (r"argument (\S+): expected at least one argument", r"参数 \1 后面至少要有一个值"),
    (r"argument (\S+): invalid (\w+) value: '?(.*?)'?$", r"参数 \1 的值“\3”无效"),
    (r"argument (\S+): ignored explicit argument '?(.*?)'?$", r"参数 \1 不需要值（多了“\2”）"),
    (r"argument (\S+): not allowed with argument (\S+)", r"参数 \1 不能与 \2 同时使用"),
    (r"ambiguous option: (\S+) could match (.*)", r"选项 \1 不明确，可能是：\2"),
)


def chinese_error(message: str) -> str:
    for english, chinese in _ARGPARSE_ERRORS:
        if re.fullmatch(english, message):
            return re.sub(english, chinese, message)
    return f"参数有误（{message}）"


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None) -> None:
        super().add_usage(usage, actions, groups, prefix if prefix is not None else "用法：")


class ChineseParser(argparse.ArgumentParser):
    """argparse with Chinese headings, help and errors (subcommands inherit it)."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help="显示本帮助并退出")

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(2, f"错误 {chinese_error(message)}\n请运行 {self.prog} -h 查看用法。\n")


def run_guarded(command: Callable[[], int]) -> int:
    """Run a command; Ctrl-C and file-system failures end with a Chinese message, never a trace.

    Everything the commands write goes through a temporary file and a rename, so stopping
    here leaves each file either as it was or complete."""
    try:
        return command()
    except KeyboardInterrupt:
        print("\n已取消。已经写好的文件保持完整，没有写完的都没有留下。", file=sys.stderr)
        return CANCELLED
    except OSError as exc:
        print(f"错误 {os_problem(exc)}", file=sys.stderr)
        return 1


def os_problem(exc: OSError) -> str:
    where = display_path(Path(exc.filename)) if exc.filename else "文件"
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"磁盘空间不足，无法写入 {where}；请清理磁盘后重试。原来的文件保持不变。"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"没有权限写入 {where}（文件夹只读或权限不足）；请检查权限后重试。"
    if exc.errno == errno.ENAMETOOLONG:
        return f"文件名太长：{where}"
    return f"无法读写 {where}（{os_reason(exc)}）"
