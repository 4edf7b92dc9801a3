"""The pages the workbench shows (GET): lists, a record's form, the recycle folder, publishing,
previews of the real build and handouts."""

from __future__ import annotations

import datetime as dt
import mimetypes
from pathlib import Path

from ..model.slugs import slug
from . import forms, lifecycle, listing, units
from .inline import describe, field_path, place
from .server import Request, Response
from .store import Refused

STATIC = Path(__file__).parent / "static"
# Kinds with a page of their own on the site, and its folder there.
PAGE_FOLDERS = {"brand": "brands", "case": "cases", "alliance": "alliances", "activity": "activities",
                "campaign": "campaigns"}
HIDDEN = {lifecycle.LOG_KEY}  # shown as the record's history, not edited
REVIEW_KEY = "待核对"  # what the importer was unsure of, when it says so


def home(app, request: Request) -> Response:
    return app.redirect("/list/brand")


def static(app, request: Request, name: str) -> Response:
    path = STATIC / name
    if not path.is_file():
        raise Refused("没有这个文件")
    kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return Response(200, path.read_bytes(), kind + ("; charset=utf-8" if kind.startswith("text/") or name.endswith(".js") else ""))


def listing_page(app, request: Request, kind) -> Response:
    rows = listing.rows(app.store, app.checker, kind)
    status, query = request.query.get("status", ""), request.query.get("q", "").strip()
    statuses = sorted({r.status for r in rows if r.status})
    field = lifecycle.status_field(kind)
    if field:
        statuses = list(field.kind.options)
    shown = [r for r in rows if (not status or r.status == status) and (not query or query in r.name or query in r.id)]
    return app.page("list.html.j2", kind=kind, rows=shown, total=len(rows), statuses=statuses, status=status,
                    query=query, batches=listing.batch_names(app.checker), today=dt.date.today().isoformat(),
                    columns=listing.columns(kind),
                    flash=app.flash(request), current=f"/list/{kind.name}",
                    approvable=lifecycle.offers(kind, "approve"))


def kind_list(app, request: Request, kind: str) -> Response:
    record_kind = app.store.kind(kind)
    if record_kind.folder is None:
        return app.redirect(f"/edit/{kind}/{kind}")
    return listing_page(app, request, record_kind)


def record(app, request: Request, kind: str, id: str, values=None, messages=(), version=None) -> Response:
    """A record's form with every problem at its field; `values` re-shows a refused save."""
    record_kind = app.store.kind(kind)
    loaded = app.store.read(record_kind, id)
    problems = app.checker.problems_of(loaded.path) + [p for p in loaded.report.problems if p.level == "错误"]
    problems = list(dict.fromkeys(problems))
    control, unplaced, anchors = _form(app, record_kind, loaded, problems, values)
    data = loaded.data if isinstance(loaded.data, dict) else {}
    key = listing.name_key(record_kind)
    log = data.get(lifecycle.LOG_KEY) if isinstance(data.get(lifecycle.LOG_KEY), list) else []
    errors = [p for p in problems if p.level == "错误"]
    return app.page(
        "record.html.j2", kind=record_kind, id=id, loaded=loaded, form=control, problems=problems,
        unplaced=unplaced, errors=errors, anchors=anchors, name=str(data.get(key) or "") or (record_kind.label if record_kind.folder is None else id),
        status=str(data.get("状态") or ""), actions=lifecycle.actions_for(record_kind, data.get("状态")),
        batches=listing.batch_names(app.checker), batch=str(data.get("批次") or ""),
        today=dt.date.today().isoformat(), log=[e for e in log if isinstance(e, dict)],
        flash=list(messages) + app.flash(request), version=version or loaded.version,
        current=f"/list/{kind}", review=_lines(data.get(REVIEW_KEY)),
        new_unit=units.guess_name(data) if units.needs_unit(app.store, data) else None,
        previewable=record_kind.name in PAGE_FOLDERS or record_kind.name == "site")


def _form(app, kind, loaded, problems: list, values):
    """The form with each problem at its field; the problems no field owns; each problem's field id."""
    if not loaded.parsed or loaded.form_refused:
        return None, problems, {}
    options = listing.options(app.store, app.checker, kind)
    paths = {c.path for c in forms.form(kind.group, loaded.data, options, {}).walk()}
    placed = place(problems, loaded.marks, paths)
    control = forms.form(kind.group, values if values is not None else loaded.data, options, placed)
    control.key = kind.label if control.widget == "list" else control.key  # a file that is one list: units.yml
    control.children = [c for c in control.children if c.key not in HIDDEN]
    for c in control.children:
        if c.key == lifecycle.buttons_only(kind):
            c.widget, c.help = "readonly", "状态用页面上方“状态操作”里的按钮改变：认定、发布前会检查，每次变化都会记入状态记录"
    by_path = {c.path: c for c in control.walk()}
    for entry in loaded.data.get(REVIEW_KEY) or [] if isinstance(loaded.data, dict) else []:
        if isinstance(entry, dict) and entry.get("字段"):  # 字段: 主要措施 › 第2项 › 标题, 原因: …
            target = by_path.get(field_path(str(entry["字段"])))
            if target is not None:
                target.notes.append(str(entry.get("原因") or "导入时推断的内容，请核对"))
    ids = {c.path: c.id for c in control.walk()}
    anchors = {p: ids[path] for path, found in placed.items() if path and path in ids for p in found}
    return control, placed.get((), []), anchors


def _lines(value) -> list[str]:
    """A review note as lines: a text, a list of texts, or a list of field/reason pairs."""
    if isinstance(value, list):
        return ["：".join(str(v) for v in item.values()) if isinstance(item, dict) else str(item)
                for item in value if item]
    return [line for line in str(value or "").splitlines() if line.strip()]


def recycle(app, request: Request) -> Response:
    return app.page("recycle.html.j2", entries=app.store.recycled(), flash=app.flash(request), current="/recycle")


def publish(app, request: Request) -> Response:
    job = app.jobs.publishing
    return app.page("publish.html.j2", job=job, state=job.state(app.store) if job else None, site_dir=app.site_dir,
                    flash=app.flash(request), current="/publish")


def publish_status(app, request: Request) -> Response:
    job = app.jobs.publishing
    return app.json(job.state(app.store) if job else {"state": "idle"})


def preview(app, request: Request, kind: str, id: str) -> Response:
    """Build the preview with the real build, then show the record's page in it."""
    record_kind = app.store.kind(kind)
    app.store.read(record_kind, id)
    outcome = app.jobs.preview()
    if not outcome.ok:
        problems = [describe(p, app.store.root) for p in outcome.report.sorted() if p.level == "错误"][:30]
        return app.page("message.html.j2", 409, title="无法预览", request=request,
                        message=outcome.refused or "内容还有错误，预览版网站没有生成。请先改正下列问题：",
                        details=problems)
    folder = PAGE_FOLDERS.get(kind)
    return app.redirect(f"/preview-site/{folder}/{slug(id)}/" if folder else "/preview-site/")


def preview_file(app, request: Request, rest: str) -> Response:
    return _site_file(app.jobs.preview_dir, rest, "预览里没有这个页面；请从记录页面点“预览页面”重新生成")


def published_file(app, request: Request, rest: str) -> Response:
    return _site_file(app.site_dir, rest, "发布的网站里没有这个页面；请先在“发布”页面发布网站")


def _site_file(folder: Path, rest: str, missing: str) -> Response:
    """A file of a built site, served as the site's own server would."""
    root = folder.resolve()
    path = (root / rest).resolve()
    if path.is_dir():
        path = path / "index.html"
    if not path.is_relative_to(root) or not path.is_file():
        raise Refused(missing)
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if kind.startswith("text/") or kind in ("application/javascript", "application/json"):
        kind += "; charset=utf-8"
    return Response(200, path.read_bytes(), kind, {"Content-Security-Policy": "frame-ancestors 'none'"})


def handout(app, request: Request, id: str) -> Response:
    pdf = app.jobs.handout(id)
    name = f"{id}-观摩手册.pdf"
    from urllib.parse import quote

    return Response(200, pdf, "application/pdf",
                    {"Content-Disposition": f"attachment; filename=\"handout.pdf\"; filename*=UTF-8''{quote(name)}"})
