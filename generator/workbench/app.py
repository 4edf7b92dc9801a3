"""The workbench application: its state (content folder, checker, jobs, messages) and the
table from addresses to the functions that answer them."""

from __future__ import annotations

import json
import re
import secrets
import tempfile
import threading
from pathlib import Path
from urllib.parse import quote

import jinja2

from ..model.schema import KINDS
from .inline import Checker, describe
from .jobs import Jobs
from .server import Request, Response
from .store import Refused, Store

HERE = Path(__file__).parent
NAV_ORDER = ("brand", "case", "meeting", "units")


class App:
    def __init__(self, content: Path, site_dir: Path) -> None:
        self.store = Store(content)
        self.checker = Checker(self.store.root)
        self.site_dir = site_dir.absolute()
        self.private = Path(tempfile.mkdtemp(prefix="workbench-"))  # previews and handouts
        self.jobs = Jobs(self)
        threading.Thread(target=self.checker.run, daemon=True).start()  # the first form opens without waiting
        self.messages: dict[str, list[str]] = {}
        self.env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                                      trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
        self.env.filters["u"] = lambda text: quote(str(text), safe="")
        self.env.globals.update(nav=self.nav)
        self.env.filters["describe"] = lambda problem: describe(problem, self.store.root)
        from . import actions, pages, uploads

        self.routes = [
            ("GET", r"/", pages.home),
            ("GET", r"/static/(?P<name>[\w.-]+)", pages.static),
            ("GET", r"/list/(?P<kind>\w+)", pages.kind_list),
            ("GET", r"/edit/(?P<kind>\w+)/(?P<id>[^/]+)", pages.record),
            ("GET", r"/recycle", pages.recycle),
            ("GET", r"/import", uploads.import_page),
            ("GET", r"/publish", pages.publish),
            ("GET", r"/publish/status", pages.publish_status),
            ("GET", r"/preview/(?P<kind>\w+)/(?P<id>[^/]+)", pages.preview),
            ("GET", r"/preview-site/(?P<rest>.*)", pages.preview_file),
            ("GET", r"/site/(?P<rest>.*)", pages.published_file),
            ("GET", r"/handout/(?P<id>[^/]+)", pages.handout),
            ("POST", r"/save/(?P<kind>\w+)/(?P<id>[^/]+)", actions.save),
            ("POST", r"/save-text/(?P<kind>\w+)/(?P<id>[^/]+)", actions.save_text),
            ("POST", r"/new/(?P<kind>\w+)", actions.create),
            ("POST", r"/delete/(?P<kind>\w+)/(?P<id>[^/]+)", actions.delete),
            ("POST", r"/restore", actions.restore),
            ("POST", r"/status/(?P<kind>\w+)/(?P<id>[^/]+)/(?P<action>\w+)", actions.status),
            ("POST", r"/new-unit/(?P<kind>\w+)/(?P<id>[^/]+)", actions.add_unit),
            ("POST", r"/approve-batch/(?P<kind>\w+)", actions.approve_batch),
            ("POST", r"/import", uploads.import_files),
            ("POST", r"/upload-image", uploads.image),
            ("POST", r"/publish", actions.publish),
        ]

    def nav(self) -> list[tuple[str, str]]:
        """品牌, 案例, 观摩会, 党组织, then kinds added later, then 导入 and 发布."""
        kinds = [KINDS[k] for k in NAV_ORDER if k in KINDS]
        kinds += [k for k in KINDS.values() if k.name not in NAV_ORDER and k.name != "site"]
        links = [(k.label, f"/list/{k.name}") for k in kinds]
        return links + [("导入", "/import"), ("发布", "/publish"), (KINDS["site"].label, "/list/site"),
                        ("回收站", "/recycle")]

    def handle(self, request: Request) -> Response:
        for method, pattern, answer in self.routes:
            match = re.fullmatch(pattern, request.path)
            if match and method == ("GET" if request.method == "HEAD" else request.method):
                try:
                    return answer(self, request, **match.groupdict())
                except Refused as exc:
                    return self.page("message.html.j2", 400, title="无法完成", message=str(exc), request=request)
        return self.page("message.html.j2", 404, title="找不到页面", message="没有这个页面。请从上方的导航进入。",
                         request=request)

    def page(self, template: str, code: int = 200, **context) -> Response:
        context.setdefault("flash", [])
        context.setdefault("current", "")
        body = self.env.get_template(template).render(**context).encode("utf-8")
        return Response(code, body)

    def refused(self, message: str) -> Response:
        return self.page("message.html.j2", 403, title="拒绝访问", message=message)

    def failed(self) -> Response:
        return self.page("message.html.j2", 500, title="出了点问题",
                         message="工作台处理这个请求时出错，没有改动任何文件。请返回上一页重试；如果反复出现，请把终端窗口里的提示发给技术人员。")

    def redirect(self, target: str, *messages: str) -> Response:
        if messages:
            key = secrets.token_urlsafe(8)
            self.messages[key] = list(messages)
            target += ("&" if "?" in target else "?") + f"m={key}"
        return Response(303, headers={"Location": target})

    def flash(self, request: Request) -> list[str]:
        return self.messages.pop(request.query.get("m", ""), [])

    @staticmethod
    def json(data: dict, status: int = 200) -> Response:
        return Response(status, json.dumps(data, ensure_ascii=False).encode("utf-8"), "application/json; charset=utf-8")
