"""Nothing changed since the last build: told before any record is read or heavy module loaded.

After every successful build, the work folder keeps what the build read (the bytes of every
record and settings file, the size and mtime of every other content file, the generator's own
files, the engines' versions, the options, the fonts the cards were drawn with), what the
published site looked like (size and mtime of every file) and what the build reported. When all
of that is as it was, the build is over: the same problems are reported again, nothing is written.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from ..changeset import write_whole
from ..model.problems import Problem, Report
from ..stamps import file_names, package_digest, stats
from .changes import engine_versions

SNAPSHOT = "unchanged.json"
READ_WHOLE = (".yml", ".yaml", ".txt")  # records, settings and 词典.txt: compared by their bytes
READ_UP_TO = 5 * 1024 * 1024  # load.MAX_FILE_BYTES: a larger file is refused unread, so never read here


@dataclass
class Recalled:
    """What the last build of the same inputs reported."""

    problems: list[Problem]
    skipped: list[str]
    pages: int
    files: int  # in the generated docs folder, all of them unchanged


def inputs(content: Path, options: str, engine: str, hashed: dict[str, tuple] | None = None) -> str | None:
    """Everything a build reads, as one digest; taken before the build reads any of it. None
    when some file cannot be read: then the build reads everything and reports it.
    hashed: filled with the files read whole, by path: (size, mtime, SHA-256 of the bytes read)."""
    digest = hashlib.sha256(_bytes(f"{options}|{engine}|{engine_versions(engine)}|{package_digest()}\n"))
    found = stats(content)
    top = os.fspath(content)
    try:
        for rel in sorted(file_names(content)):
            if rel not in found:  # a dangling link: the full build says what it is, in Chinese
                return None
            size, mtime = found[rel]
            if rel.lower().endswith(READ_WHOLE) and size <= READ_UP_TO:
                path = os.path.join(top, rel)
                with open(path, "rb") as handle:
                    whole = hashlib.sha256(handle.read())
                digest.update(_bytes(f"{rel}|{size}|") + whole.digest() + b"\n")
                if hashed is not None:
                    hashed[path] = (size, mtime, whole.hexdigest())
            else:
                digest.update(_bytes(f"{rel}|{size}|{mtime}\n"))
    except OSError:  # a file that cannot be read (or vanished): the full build says which
        return None
    return digest.hexdigest()


def _bytes(text: str) -> bytes:
    return text.encode("utf-8", "surrogateescape")  # file names that are not UTF-8 (test_cli_safety)


def _site_digest(site_dir: Path, found: dict[str, list[int]] | None = None) -> str:
    """found: the site's stamps when just taken (stats)."""
    return hashlib.sha256(json.dumps(sorted((stats(site_dir) if found is None else found).items())).encode()).hexdigest()


def _fonts_digest(fonts: list[str]) -> str:
    """The font files the cards were drawn with, as they are now."""
    found = []
    for font in fonts:
        try:
            stat = os.stat(font)
            found.append(f"{font}|{stat.st_size}|{stat.st_mtime_ns}")
        except OSError:
            found.append(f"{font}|gone")
    return "\n".join(found)


def recall(work: Path, site_dir: Path, digest: str) -> Recalled | None:
    """The last build's report, when it read exactly these inputs and its site is untouched."""
    try:
        kept = json.loads((work / SNAPSHOT).read_text(encoding="utf-8"))
        if kept["inputs"] != digest or kept["fonts"] != _fonts_digest(kept["font_files"]):
            return None
        if not site_dir.is_dir() or kept["site"] != _site_digest(site_dir):
            return None
        problems = [Problem(level, Path(file) if file is not None else None, line, field, message)
                    for level, file, line, field, message in kept["problems"]]
        return Recalled(problems, kept["skipped"], kept["pages"], kept["files"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def keep(work: Path, site_dir: Path, digest: str, report: Report, skipped: list[str], pages: int, files: int,
         font_files: list[str] | None, site_stats: dict[str, list[int]] | None = None) -> None:
    """After a successful build: what it read, reported and left. font_files None: cards were
    skipped for want of fonts, and fonts found later must not be missed, so nothing is kept.
    site_stats: the published site's stamps, when just taken."""
    (work / SNAPSHOT).unlink(missing_ok=True)
    if font_files is None:
        return
    problems = [[p.level, str(p.file) if p.file is not None else None, p.line, p.field, p.message]
                for p in report.problems]
    record = {"inputs": digest, "site": _site_digest(site_dir, site_stats), "font_files": font_files,
              "fonts": _fonts_digest(font_files), "problems": problems, "skipped": skipped, "pages": pages,
              "files": files}
    write_whole(work / SNAPSHOT, json.dumps(record).encode("ascii"))  # ASCII: names that are not UTF-8 survive


def forget(work: Path) -> None:
    """A build that failed or was refused: the next one reads everything."""
    (work / SNAPSHOT).unlink(missing_ok=True)


def replay(recalled: Recalled, report: Report) -> None:
    report.extend(recalled.problems)
