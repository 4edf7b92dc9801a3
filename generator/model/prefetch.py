"""Record files parsed on every core when many must be read afresh (a first build, a new
generator version): load.load_file runs in worker processes, and each file's result and
problems are handed back to be reported in the order the files are read, as if read one by one.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from .problems import Problem, Report

PARALLEL_FROM = 200  # files; below this, starting workers costs more than it saves


def parse_all(jobs: list[tuple[Path, str]]) -> dict[Path, tuple[Any, list[Problem]]]:
    """load_file's result and problems for each (path, kind); empty when not worth it or not
    possible here (see can_fork: the caller then reads the files itself)."""
    if len(jobs) < PARALLEL_FROM or not can_fork():
        return {}
    try:
        fork = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=min(os.cpu_count() or 1, 4), mp_context=fork) as pool:
            results = list(pool.map(_parse, jobs, chunksize=32))
    except (OSError, BrokenProcessPool):  # no workers to be had: read them in this process
        return {}
    return {path: result for (path, _), result in zip(jobs, results)}


def can_fork() -> bool:
    """A second core, fork, and the main thread of a command: never from the workbench's or
    serve's worker threads, where a lock another thread holds would stay locked in the child."""
    return ((os.cpu_count() or 1) > 1 and "fork" in multiprocessing.get_all_start_methods()
            and threading.current_thread() is threading.main_thread())


def _parse(job: tuple[Path, str]) -> tuple[Any, list[Problem]]:
    from .load import load_file  # the module is loaded already: workers are forked

    path, kind = job
    report = Report()
    return load_file(path, kind, report), report.problems
