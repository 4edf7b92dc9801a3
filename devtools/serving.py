"""The one local HTTP server for built sites (audits, benchmarks, browser tests):
127.0.0.1 on a free port, serving one folder under a path prefix, nothing outside it."""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit


def base_path(site: Path) -> str:
    """The path the site is built for (from its canonical address); its 404 page links from there."""
    try:
        home = (site / "index.html").read_text(encoding="utf-8")
    except OSError:
        return "/"
    found = re.search(r'<link rel="canonical" href="([^"]+)"', home)
    path = urlsplit(found.group(1)).path if found else "/"
    return path if path.endswith("/") else path + "/"


class _Handler(SimpleHTTPRequestHandler):
    prefix = "/"

    def translate_path(self, path: str) -> str:
        inside = path.startswith(self.prefix)
        return super().translate_path("/" + path[len(self.prefix):] if inside else "/.outside-the-site")

    def log_message(self, *args) -> None:
        pass


@contextmanager
def served(site: Path, prefix: str = "/") -> Iterator[str]:
    """The folder over HTTP on 127.0.0.1 under prefix (base_path(site): where it is built for); the base URL."""
    handler = functools.partial(type("Handler", (_Handler,), {"prefix": prefix}), directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()
