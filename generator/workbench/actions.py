"""What the workbench changes (POST): saving a form, new records, the recycle folder, status
changes and publishing. Every refusal comes back as a message in the page."""

from __future__ import annotations

from urllib.parse import quote

from ..model.schema import dump
from . import forms, lifecycle, pages, units
from .server import Request, Response
from .store import Conflict, Refused
from .yamldoc import UNCHANGED


def _posted(request: Request) -> list[tuple[str, str]]:
    return [(k, v) for k, v in request.form if not k.startswith("_")]


def _edit(kind: str, record_id: str) -> str:
    return f"/edit/{kind}/{quote(record_id, safe='')}"


def save(app, request: Request, kind: str, id: str) -> Response:
    record_kind = app.store.kind(kind)
    values = forms.values(record_kind.group, _posted(request))
    if isinstance(values, dict):
        for key in pages.HIDDEN | {lifecycle.buttons_only(record_kind)}:  # changed by buttons, never by the form
            if key:
                values[key] = UNCHANGED
    try:
        app.store.save(record_kind, id, request.value("_version"), values)
    except Conflict as exc:
        return pages.record(app, request, kind, id, messages=[str(exc)])
    except Refused as exc:
        return pages.record(app, request, kind, id, values=values, messages=[str(exc)],
                            version=request.value("_version"))
    errors = app.checker.errors_of(app.store.path_of(record_kind, id))
    note = f"已保存。还有 {len(errors)} 个错误（已标在相应字段旁），改正前不能认定或发布。" if errors else "已保存。"
    return app.redirect(_edit(kind, id), note)


def save_text(app, request: Request, kind: str, id: str) -> Response:
    record_kind = app.store.kind(kind)
    try:
        app.store.save_text(record_kind, id, request.value("_version"), request.value("_text"))
    except Refused as exc:
        return pages.record(app, request, kind, id, messages=[str(exc)])
    return app.redirect(_edit(kind, id), "已保存文件内容。")


def create(app, request: Request, kind: str) -> Response:
    record_kind = app.store.kind(kind)
    record_id = request.value("_id").strip()
    if not record_id:
        raise Refused("请填写编号（也是文件名），例如 water-brand")
    defaults = {}
    field = lifecycle.status_field(record_kind)
    if field:
        defaults[field.attr] = field.default or field.kind.options[0]
    header = f"# 由工作台新建的{record_kind.label}记录。\n"
    app.store.create(record_kind, record_id, header + dump(kind, defaults))
    return app.redirect(_edit(kind, record_id), f"已新建{record_kind.label}“{record_id}”，请填写下面的各项后保存。")


def delete(app, request: Request, kind: str, id: str) -> Response:
    record_kind = app.store.kind(kind)
    where = app.store.recycle(record_kind, id)
    return app.redirect(f"/list/{kind}", f"已把“{id}”移到回收站（{where}），可以在回收站恢复。")


def restore(app, request: Request) -> Response:
    kind, record_id = app.store.restore(request.value("entry"))
    return app.redirect(_edit(kind.name, record_id), f"已从回收站恢复“{record_id}”。")


def status(app, request: Request, kind: str, id: str, action: str) -> Response:
    record_kind = app.store.kind(kind)
    chosen = next((a for a in lifecycle.ACTIONS if a.name == action), None)
    if chosen is None:
        raise Refused("没有这个操作")
    try:
        message = lifecycle.change(app.store, app.checker, record_kind, id, chosen, request.value("_version"),
                                   batch=request.value("batch"), date=request.value("date"))
    except Refused as exc:
        return pages.record(app, request, kind, id, messages=[str(exc)])
    return app.redirect(_edit(kind, id), message)


def add_unit(app, request: Request, kind: str, id: str) -> Response:
    record_kind = app.store.kind(kind)
    try:
        message = units.add_and_choose(app.store, record_kind, id, request.value("_version"), request.value("name"))
    except Refused as exc:
        return pages.record(app, request, kind, id, messages=[str(exc)])
    return app.redirect(_edit(kind, id), message)


def approve_batch(app, request: Request, kind: str) -> Response:
    record_kind = app.store.kind(kind)
    batch = request.value("batch")
    if not batch:
        raise Refused("请选择要认定的批次")
    messages = lifecycle.approve_batch(app.store, app.checker, record_kind, batch, request.value("date"))
    return app.redirect(f"/list/{kind}", *messages)


def publish(app, request: Request) -> Response:
    app.jobs.publish()
    return app.redirect("/publish")
