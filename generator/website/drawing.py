"""Files made on the spare core while MkDocs builds the pages: share cards and QR codes.

Each task says which site files it makes and what they depend on (its key); files whose
key is unchanged are taken from the cache folder instead of being made again. The workers
write each file into the cache as they draw it; when MkDocs has finished, every file is
linked into the built site. A few tasks (an edit's) are drawn in the build's own process.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import shutil
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from ..changeset import write_whole
from ..stamps import entries, file_names

MANIFEST = "manifest.json"
PARALLEL_FROM = 40  # tasks; below this, starting worker processes costs more than it saves


@dataclass(frozen=True)
class Task:
    paths: tuple[str, ...]  # the site files it makes
    key: str  # what they depend on
    make: Callable[[Any], tuple[bytes, ...]]  # a module-level function, so workers can run it
    argument: Any


def _draw_into(job: tuple[Task, str]) -> None:
    """Draw a task's files into the cache folder: in a worker, beside MkDocs (the build only links them)."""
    task, folder = job
    made: set[str] = set()
    for path, data in zip(task.paths, task.make(task.argument)):
        cached = os.path.join(folder, path)
        parent = os.path.dirname(cached)
        if parent not in made:
            os.makedirs(parent, exist_ok=True)
            made.add(parent)
        write_whole(cached, data)  # a new file: the published site links the old one


def _start_worker() -> None:
    """The collector on (the build pauses its own: pipeline._collector_paused)."""
    gc.enable()


def _files(root: str) -> set[str]:
    """The plain files below root, relative with "/" (one scandir per folder, no stat per file)."""
    return {rel for rel, entry in entries(root) if entry.is_file()}


def _parents(path: str) -> list[str]:
    """qr/brands/x.png → qr/brands, qr."""
    parts = path.split("/")[:-1]
    return ["/".join(parts[:i]) for i in range(1, len(parts) + 1)]


class DrawingJob:
    def __init__(self, tasks: list[Task], cache: Path) -> None:
        self.tasks, self.cache = tasks, cache
        try:
            known = json.loads((cache / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            known = {}
        self.known = known
        there = _files(os.fspath(cache))
        self.todo = [t for t in tasks if any(known.get(p) != t.key or p not in there for p in t.paths)]
        self.pool: ProcessPoolExecutor | None = None
        self.results = None
        self.started = False

    def start(self) -> None:
        """Set the drawing going beside the caller (finish and cached wait for it, or draw here when few)."""
        if self.started:
            return
        self.started = True
        if len(self.todo) >= PARALLEL_FROM:
            self._forget_todo()  # the workers write each file as it is drawn, for as long as MkDocs runs
            # One core beside the build: at a lower priority, or on every core, the whole build took longer (BENCHMARKS.md).
            workers = max(1, (os.cpu_count() or 1) - 1)
            self.pool = ProcessPoolExecutor(max_workers=workers, initializer=_start_worker)
            folder = os.fspath(self.cache)
            self.results = self.pool.map(_draw_into, [(task, folder) for task in self.todo], chunksize=16)

    def finish(self, target: Path, on_done: Callable[[int, int], None] | None = None,
               present: dict[str, int] | None = None) -> int:
        """Wait for the work, update the cache, link every file into target; tasks run.

        on_done(done, total): told as each task's files come back. present: the files target's
        side folders hold already (path → inode, spare.take): the cache's own files stay, any
        other goes."""
        top = os.fspath(target)
        present = dict(present or {})
        folders: set[str] = set()  # made already: one mkdir per folder, not per file
        for path, cached in self._ready(on_done).items():
            destination = os.path.join(top, path)  # paths as text: 9000 Paths cost more than the links
            if path in present and present.pop(path) == os.stat(cached).st_ino:
                continue  # the very file (a link to it), held by target: its inode cannot be another's
            folder = os.path.dirname(destination)
            if folder not in folders:
                os.makedirs(folder, exist_ok=True)
                folders.add(folder)
            try:
                os.link(cached, destination)
            except FileExistsError:  # never write through a link to the published site
                os.unlink(destination)
                os.link(cached, destination)
            except OSError:  # a file system without hard links: copy
                if os.path.lexists(destination):
                    os.unlink(destination)
                shutil.copyfile(cached, destination)
        for path in present:  # no longer drawn: a record gone or not public
            os.unlink(os.path.join(top, path))
        emptied = {parent for path in present for parent in _parents(path)}
        for folder in sorted(emptied, key=len, reverse=True):  # deepest first, as a full build would leave none
            if not os.listdir(os.path.join(top, folder)):
                os.rmdir(os.path.join(top, folder))
        return len(self.todo)

    def cached(self, on_done: Callable[[int, int], None] | None = None) -> dict[str, Path]:
        """Wait for the work and update the cache; every file's place in the cache."""
        return {path: Path(file) for path, file in self._ready(on_done).items()}

    def _ready(self, on_done: Callable[[int, int], None] | None = None) -> dict[str, str]:
        """cached(), the places as text."""
        self.start()
        folder = os.fspath(self.cache)
        done = 0
        try:
            for _ in self.results if self.pool else (_draw_into((task, folder)) for task in self.todo):
                done += 1
                if on_done:
                    on_done(done, len(self.todo))
        except BaseException:
            with contextlib.suppress(OSError):
                self._forget_todo()
            raise
        finally:
            if self.pool:
                self.pool.shutdown()
        keys = {path: task.key for task in self.tasks for path in task.paths}
        if self.todo or keys != self.known:  # else the manifest and the files are as the last run left them
            self._keep_manifest(keys)
            for stale in set(file_names(self.cache)) - keys.keys() - {MANIFEST}:
                os.unlink(self.cache / stale)
        return {path: os.path.join(folder, path) for path in keys}

    def _forget_todo(self) -> None:
        """The files are redrawn in place: until they all are, the manifest vouches for none of them
        (else a drawing stopped halfway would leave new files that pass for the old ones)."""
        if any(path in self.known for task in self.todo for path in task.paths):
            for task in self.todo:
                for path in task.paths:
                    self.known.pop(path, None)
            self._keep_manifest(self.known)

    def _keep_manifest(self, keys: dict[str, str]) -> None:
        self.cache.mkdir(parents=True, exist_ok=True)
        write_whole(self.cache / MANIFEST, json.dumps(keys, ensure_ascii=False, indent=0).encode("utf-8"))

    def cancel(self) -> None:
        if self.pool:
            self.pool.shutdown(cancel_futures=True)
