"""The theme's static files (CSS, JavaScript, fonts) for MkDocs' file collection, as
Files.add_files_from_theme finds them, without walking the 15 000 files of Material's
templates (its icons) on every build: the list is kept in the work folder, keyed by the
theme's folders, the engines' versions and the size and mtime of every file of our own
theme folder (custom_dir). An installed theme's files are known by its version, as
changes.fingerprint already trusts for the published pages.
"""

from __future__ import annotations

import hashlib
import marshal
from pathlib import Path

from ..changeset import write_whole
from ..stamps import stats
from .changes import engine_versions

KEPT = "theme-files.marshal"


def add(files, env, config) -> None:
    """files.add_files_from_theme(env, config), the theme's part from the kept list when still valid."""
    from mkdocs.structure.files import File

    kept = Path(config.config_file_path).parent / KEPT
    key = _key(config)
    found = _recall(kept, key)
    if found is None:
        found = _found(env, config)
        write_whole(kept, marshal.dumps((key, found)))
    for path, folder in found:
        if files.get_file_from_path(path) is None:  # theme files do not override docs files
            files.append(File(path, folder, config.site_dir, config.use_directory_urls))


def _key(config) -> str:
    own = config.theme.custom_dir
    parts = [engine_versions("mkdocs"), repr(list(config.theme.dirs)), repr(sorted(config.theme.static_templates)),
             repr(sorted(stats(Path(own)).items())) if own else ""]
    return hashlib.sha256("\n".join(parts).encode("utf-8", "surrogateescape")).hexdigest()


def _recall(kept: Path, key: str) -> list[tuple[str, str]] | None:
    try:
        stored_key, found = marshal.loads(kept.read_bytes())
    except Exception:  # none yet, damaged, or from another Python: the theme is walked
        return None
    if stored_key != key or not isinstance(found, list):
        return None
    if not all(isinstance(item, tuple) and len(item) == 2 and all(type(x) is str for x in item) for item in found):
        return None
    return found


def _found(env, config) -> list[tuple[str, str]]:
    """What add_files_from_theme adds to a collection with no docs file of the same path."""
    from mkdocs.structure.files import Files

    alone = Files([])
    alone.add_files_from_theme(env, config)
    return [(file.src_uri, file.src_dir) for file in alone]
