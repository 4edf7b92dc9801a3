"""Who `serve` answers: requests addressed to this computer (when it listens on 127.0.0.1), from
the browser that opened the printed address with its secret token.

The token in the address becomes a cookie (HttpOnly, SameSite=Strict, named after the port so
that two previews do not replace each other's) and the address is given again without it, so
neither the browser's history nor a link copied from the page carries it.
"""

from __future__ import annotations

import hmac
import secrets
from http.cookies import CookieError, SimpleCookie
from urllib.parse import parse_qs, quote, urlencode

LOCAL_NAMES = ("127.0.0.1", "localhost")


def new_token() -> str:
    return secrets.token_urlsafe(24)


def cookie_name(port: int) -> str:
    return f"serve_token_{port}"


def guard(server, host: str, port: int, token: str) -> None:
    """Wrap the live server's application in the Host and token checks."""
    app = server.get_app()
    hosts = {f"{name}{suffix}" for name in LOCAL_NAMES for suffix in (f":{port}", *([""] if port == 80 else []))}
    name = cookie_name(port)

    def checked(environ, start_response):
        if host in LOCAL_NAMES and environ.get("HTTP_HOST", "") not in hosts:  # DNS rebinding
            return _refused(start_response, "拒绝访问：地址不对。请用启动预览时显示的地址（127.0.0.1）打开。")
        if _same(_cookie(environ, name), token):
            return app(environ, start_response)
        query = parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)
        if _same((query.pop("token", None) or [""])[0], token):
            path = environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "/")
            location = quote(path.encode("latin-1", "replace"), safe="/") + ("?" + urlencode(query, doseq=True) if query else "")
            start_response("303 See Other", [("Location", location or "/"), ("Content-Length", "0"),
                                             ("Set-Cookie", f"{name}={token}; HttpOnly; SameSite=Strict; Path=/")])
            return [b""]
        return _refused(start_response, "拒绝访问：请用启动预览时显示的完整地址（含“token=”那一段）打开。")

    server.set_app(checked)


def _cookie(environ, name: str) -> str:
    try:
        cookies = SimpleCookie(environ.get("HTTP_COOKIE", ""))
    except CookieError:
        return ""
    return cookies[name].value if name in cookies else ""


def _same(given: str, token: str) -> bool:
    return bool(given) and hmac.compare_digest(given.encode("utf-8"), token.encode("utf-8"))


def _refused(start_response, message: str) -> list[bytes]:
    body = message.encode("utf-8")
    start_response("403 Forbidden", [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body)))])
    return [body]
