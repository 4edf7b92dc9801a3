"""Record files parsed on every core when many must be read afresh (a first build, a new
generator version): load.load_file runs in worker processes, and each file's result and
problems are handed back to be reported in the order the files are read, as if read one by one.
Given `read` (check's reading through the schema), the workers read each record too, and its
result and problems wait (load.RawContent.read) until the checker asks for them.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from dataclasses import dataclass
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any, Callable

from .problems import Problem, Report

PARALLEL_FROM = 200  # files; below this, starting workers costs more than it saves


# A record's reading: read(raw record, kind, content root, report) -> what check keeps.
Read = Callable[[Any, str, Path, Report], Any]


def parse_all(jobs: list[tuple[Path, str]], read: Read | None = None, root: Path | None = None,
              meanwhile: Callable[[], None] | None = None) -> dict[Path, tuple[Any, list[Problem], Any]]:
    """load_file's result and problems for each (path, kind), and the record as `read` read it
    (a Parsed, or None without read or record); empty when not worth it or not possible here
    (see can_fork: the caller then reads the files itself). meanwhile: run here while the
    workers parse (after they are forked)."""
    if len(jobs) < PARALLEL_FROM or not can_fork():
        return {}
    try:
        fork = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=min(os.cpu_count() or 1, 4), mp_context=fork) as pool:
            parsing = pool.map(_parse, [(path, kind, read, root) for path, kind in jobs], chunksize=32)
            if meanwhile:
                meanwhile()
            results = list(parsing)
    except (OSError, BrokenProcessPool):  # no workers to be had: read them in this process
        return {}
    return {path: result for (path, _), result in zip(jobs, results)}


@dataclass
class Parsed:
    """A record as a worker read it: what `read` gave, and the problems it reported."""

    record: Any
    read: Any
    problems: list[Problem]

    def replay(self, report: Report) -> Any:
        report.extend(self.problems)
        return self.read


def forking_helps() -> bool:
    """A second core, and fork to put it to work."""
    return (os.cpu_count() or 1) > 1 and "fork" in multiprocessing.get_all_start_methods()


def can_fork() -> bool:
    """forking_helps, from the main thread of a command: never from the workbench's or serve's
    worker threads, where a lock another thread holds would stay locked in the child."""
    return forking_helps() and threading.current_thread() is threading.main_thread()


def _parse(job: tuple[Path, str, Read | None, Path | None]) -> tuple[Any, list[Problem], Parsed | None]:
    from .load import load_file  # the module is loaded already: workers are forked

    path, kind, read, root = job
    report = Report()
    record = load_file(path, kind, report)
    if read is None or record is None:
        return record, report.problems, None
    reading = Report()
    return record, report.problems, Parsed(record, read(record, kind, root, reading), reading.problems)
