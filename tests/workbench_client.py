"""A workbench on a copy of the demo content, and a client that speaks to it as a browser would."""

from __future__ import annotations

import http.client
import json
import shutil
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote, urlencode

from conftest import DEMO
from generator.workbench import start


@contextmanager
def workbench(tmp_path: Path, source: Path = DEMO):
    content = tmp_path / "content"
    if not content.exists():
        shutil.copytree(source, content)
    server = start(content, tmp_path / "site")
    try:
        yield Client(server), content
    finally:
        server.shutdown()
        server.server_close()


class Client:
    def __init__(self, server) -> None:
        self.server, self.port, self.token = server, server.port, server.token
        self.host = f"127.0.0.1:{self.port}"

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None,
                cookie: bool = True) -> tuple[int, dict, str]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        sent = {"Host": self.host}
        if cookie:
            sent["Cookie"] = f"workbench_token={self.token}"
        if method == "POST":
            sent["Origin"] = f"http://{self.host}"
        sent.update(headers or {})
        connection.putrequest(method, quote(path, safe="/?=&%"), skip_host=True, skip_accept_encoding=True)
        for name, value in sent.items():
            if value is not None:
                connection.putheader(name, value)
        if body is not None:
            connection.putheader("Content-Length", str(len(body)))
        connection.endheaders(body)
        response = connection.getresponse()
        data = response.read()
        connection.close()
        kind = response.getheader("Content-Type", "")
        text = data.decode("utf-8") if "charset=utf-8" in kind else data.decode("latin-1")
        return response.status, dict(response.getheaders()), text

    def get(self, path: str, **kw):
        return self.request("GET", path, **kw)

    def post(self, path: str, pairs: list[tuple[str, str]], **kw):
        headers = {"Content-Type": "application/x-www-form-urlencoded", **kw.pop("headers", {})}
        return self.request("POST", path, urlencode(pairs).encode("utf-8"), headers=headers, **kw)

    def upload(self, path: str, field: str, name: str, data: bytes) -> tuple[int, dict]:
        boundary = "----workbench-test-boundary"
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{name}\"\r\n"
                f"Content-Type: application/octet-stream\r\n\r\n").encode("utf-8") + data + f"\r\n--{boundary}--\r\n".encode()
        status, _, text = self.request("POST", path, body, {"Content-Type": f"multipart/form-data; boundary={boundary}"})
        return status, json.loads(text)


BRAND = "brands/xianfeng-shuihui.yml"


def save_pairs(content, kind: str, record_id: str, change=None):
    """What the record's form posts (its version first), with `change` typed over some fields."""
    from generator.model.schema import KINDS
    from generator.workbench import forms
    from generator.workbench.app import App
    from generator.workbench.listing import options

    app = App(content, content.parent / "site")
    loaded = app.store.read(KINDS[kind], record_id)
    control = forms.form(KINDS[kind].group, loaded.data, options(app.store, app.checker, KINDS[kind]), {})
    pairs = form_pairs(control)
    if change:
        pairs = [(k, change.get(k, v)) for k, v in pairs]
    return [("_version", loaded.version)] + pairs


def form_pairs(control) -> list[tuple[str, str]]:
    """What a browser posts for a form: every list's marker and every control's value, in page order."""
    pairs = []
    for c in control.walk():
        if c.widget == "list" and c.name:
            pairs.append((c.name, ""))
        elif c.widget not in ("group", "list", "readonly"):
            pairs.append((c.name, c.value))
    return pairs


@contextmanager
def workbench_page():
    """Chromium with downloads; page scripts run as the workbench's CSP allows, test scripts too."""
    from browser import CHROMIUM, CHROMIUM_ARGS, require_chromium

    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS + ["--lang=zh-CN"])
        context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True, accept_downloads=True, locale="zh-CN")
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        try:
            yield page
        finally:
            browser.close()


def publish(client) -> dict:
    """Press 发布网站 and wait for the build: its final state, as the page polls it."""
    client.post("/publish", [])
    for _ in range(600):
        state = json.loads(client.get("/publish/status")[2])
        if state["state"] != "running":
            return state
        time.sleep(0.3)
    raise AssertionError("publishing did not finish")
