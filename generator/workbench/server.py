"""The local server: 127.0.0.1 only, a secret token on every request (set as a cookie from
the printed address, as Jupyter does), the Host and Origin checked, every failure a page in
Chinese while the server keeps running."""

from __future__ import annotations

import email.parser
import email.policy
import http.cookies
import secrets
import sys
import traceback
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

COOKIE = "workbench_token"
MAX_BODY = 60 * 1024 * 1024
CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
       "frame-ancestors 'none'; form-action 'self'; base-uri 'none'")


@dataclass
class Request:
    method: str
    path: str                      # decoded, without the query
    query: dict[str, str]
    form: list[tuple[str, str]] = field(default_factory=list)
    files: list[tuple[str, str, bytes]] = field(default_factory=list)  # (field, file name, bytes)

    def value(self, name: str, default: str = "") -> str:
        return next((v for k, v in self.form if k == name), self.query.get(name, default))


@dataclass
class Response:
    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)


class Refusal(Exception):
    """A request refused before any route saw it."""


class WorkbenchServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, app, port: int = 0) -> None:
        self.app = app
        self.token = secrets.token_urlsafe(24)
        super().__init__(("127.0.0.1", port), Handler)  # never another interface
        self.port = self.server_address[1]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/?token={self.token}"

    def allowed_hosts(self) -> set[str]:
        return {f"127.0.0.1:{self.port}", f"localhost:{self.port}"}

    def server_close(self) -> None:
        super().server_close()
        self.app.jobs.builder.close()  # the kept build process ends with the workbench


class Handler(BaseHTTPRequestHandler):
    server: WorkbenchServer
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self._serve("GET")

    def do_HEAD(self) -> None:
        self._serve("HEAD")

    def do_POST(self) -> None:
        self._serve("POST")

    def log_message(self, *args) -> None:
        pass  # the console shows what the clerk needs, not every request

    def _serve(self, method: str) -> None:
        app = self.server.app
        try:
            url = urlsplit(self.path)
            query = dict(parse_qsl(url.query, keep_blank_values=True))
            self._guard(method)
            if query.get("token") and secrets.compare_digest(query["token"], self.server.token):
                rest = [(k, v) for k, v in parse_qsl(url.query) if k != "token"]
                target = url.path + ("?" + urlencode(rest) if rest else "")
                return self._send(Response(303, headers={
                    "Location": target,
                    "Set-Cookie": f"{COOKIE}={self.server.token}; HttpOnly; SameSite=Strict; Path=/"}), method)
            if not self._has_token():
                raise Refusal("缺少访问口令：请用启动工作台时显示的完整地址（带 token）打开。")
            request = Request(method, unquote(url.path), query)
            if method == "POST":
                self._read_body(request)
            response = app.handle(request)
        except Refusal as exc:
            self.close_connection = True  # a refused request's body may be unread
            response = app.refused(str(exc))
        except Exception as exc:  # the clerk sees a message and the server keeps running
            print(f"工作台内部错误：{type(exc).__name__}: {exc}", file=sys.stderr)
            traceback.print_exc(limit=3, file=sys.stderr)
            response = app.failed()
            self.close_connection = True
        try:
            self._send(response, method)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the browser went away; nothing to tell it

    def _guard(self, method: str) -> None:
        host = self.headers.get("Host", "")
        if host not in self.server.allowed_hosts():
            raise Refusal("拒绝访问：地址不对。请用启动工作台时显示的地址（127.0.0.1）打开。")
        if method == "POST":
            origin = self.headers.get("Origin")
            if origin is not None and origin not in {f"http://{h}" for h in self.server.allowed_hosts()}:
                raise Refusal("拒绝访问：请求来自其他网站，工作台只接受本页面提交的操作。")
            if self.headers.get("Sec-Fetch-Site") in ("cross-site", "same-site"):
                raise Refusal("拒绝访问：请求来自其他网站，工作台只接受本页面提交的操作。")

    def _has_token(self) -> bool:
        cookies = http.cookies.SimpleCookie()
        try:
            cookies.load(self.headers.get("Cookie", ""))
        except http.cookies.CookieError:
            return False
        given = cookies[COOKIE].value if COOKIE in cookies else ""
        return bool(given) and secrets.compare_digest(given, self.server.token)

    def _read_body(self, request: Request) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            self.close_connection = True
            raise Refusal(f"上传的内容太大（超过 {MAX_BODY // 1024 // 1024} MB）")
        body = self.rfile.read(length) if length else b""
        kind = self.headers.get("Content-Type", "")
        if kind.startswith("multipart/form-data"):
            message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
                f"Content-Type: {kind}\r\n\r\n".encode("latin-1") + body)
            for part in message.iter_parts():
                name = part.get_param("name", header="content-disposition") or ""
                data = part.get_payload(decode=True) or b""
                if part.get_filename() is not None:
                    request.files.append((name, Path(part.get_filename().replace("\\", "/")).name, data))
                else:
                    request.form.append((name, data.decode("utf-8", "replace")))
        else:
            request.form = parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)

    def _send(self, response: Response, method: str) -> None:
        self.send_response(response.status)
        headers = {"Content-Type": response.content_type, "Content-Length": str(len(response.body)),
                   "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff",
                   "Referrer-Policy": "same-origin", "X-Frame-Options": "DENY"}
        if response.content_type.startswith("text/html") and "Content-Security-Policy" not in response.headers:
            headers["Content-Security-Policy"] = CSP
        headers.update(response.headers)
        for name, value in headers.items():
            if value:
                self.send_header(name, value)
        self.end_headers()
        if method != "HEAD":
            self.wfile.write(response.body)
