"""MkDocs makes a new Jinja environment for every build and compiles its theme's templates
again (a third of a one-page rebuild); here they are kept compiled in Jinja's bytecode cache,
in the user's temporary folder, each checked against its template's text before use."""

from __future__ import annotations

import functools


@functools.lru_cache(maxsize=None)  # once per process: builds, the workbench and serve share it
def compile_once() -> None:
    import jinja2
    from mkdocs.theme import Theme

    cache = jinja2.FileSystemBytecodeCache()
    make_env = Theme.get_env

    @functools.wraps(make_env)
    def get_env(theme: Theme) -> jinja2.Environment:
        env = make_env(theme)
        env.bytecode_cache = cache
        return env

    Theme.get_env = get_env
