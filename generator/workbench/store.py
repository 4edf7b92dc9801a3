"""The content folder as the workbench sees it: record files by kind, read with their version
(a hash of the bytes), saved atomically and only where changed, recycled and restored."""

from __future__ import annotations

import codecs
import functools
import datetime as dt
import hashlib
import os
import re
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import yaml
from ruamel.yaml.constructor import DuplicateKeyError
from ruamel.yaml.error import YAMLError

from ..changeset import shortened, write_whole
from ..model.load import Marks, parse_yaml, read_text
from ..model.fieldtypes import Group
from ..model.problems import Report
from ..model.schema import KINDS, RecordKind
from .yamldoc import Document, new_text, parse

RECYCLE = ".回收站"        # deleted records, restorable; a dot folder the build never reads
CONFLICTS = ".冲突副本"    # a save refused because the file changed meanwhile keeps the user's version here
ID_PATTERN = re.compile(r"[^\s\x00-\x1f\x7f/\\:*?\"<>|.][^\s\x00-\x1f\x7f/\\:*?\"<>|]{0,80}")
NEW_ID_BYTES = 150  # a new record's id in UTF-8 (50 Chinese characters): room in a file name for copies' dates


class Refused(Exception):
    """A request the workbench will not carry out; the message is for the user."""


class Conflict(Refused):
    """The file changed since the form was opened; the user's version was kept beside."""


@dataclass
class Loaded:
    kind: RecordKind
    id: str
    path: Path
    version: str
    encoding: str
    text: str | None          # None when the file cannot be decoded
    data: Any = None          # the checker's reading: every scalar as typed
    marks: Marks | None = None
    report: Report | None = None  # problems found while reading this one file

    @property
    def parsed(self) -> bool:
        return self.marks is not None

    @functools.cached_property
    def form_refused(self) -> str | None:
        """Why the form may not rewrite this readable file (it is then edited as text), or None."""
        if not self.parsed:
            return None
        return _form_refusal(self.kind, self.text, self.data)


def _form_refusal(kind: RecordKind, text: str, data: Any) -> str | None:
    wanted = dict if isinstance(kind.group, Group) else list
    if data is not None and not isinstance(data, wanted):
        shape = "一串列表" if isinstance(data, list) else "一组字段" if isinstance(data, dict) else "一段文字"
        return f"这个文件的最外层是{shape}，和{kind.label}表单的格式不同，无法用表单编辑；请直接修改下面的文件内容。"
    if ("&" in text or "*" in text) and _shares_values(text):
        return ("这个文件用 YAML 的锚点和别名（& 和 *）让几处共用一个值，用表单改动其中一处会连带改动别处；"
                "请直接修改下面的文件内容。")
    try:
        parse(text)
    except DuplicateKeyError:
        return "这个文件里有重复的字段名，表单无法确定改哪一个；请直接修改下面的文件内容，把重复的字段合并为一个。"
    except YAMLError as exc:
        return f"这个文件无法按表单改写（{type(exc).__name__}）；请直接修改下面的文件内容。"
    return None


def _shares_values(text: str) -> bool:
    """Whether the YAML text names a value (&anchor) or refers to one (*alias)."""
    try:
        return any(isinstance(token, (yaml.AnchorToken, yaml.AliasToken)) for token in yaml.scan(text, Loader=yaml.SafeLoader))
    except yaml.YAMLError:
        return False


def version_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:20]


def encoding_of(raw: bytes) -> str:
    """The encoding a file was read in (load.read_text's order), to write it back the same way."""
    if raw.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        raw.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        return "gb18030"


def atomic_write(path: Path, text: str, encoding: str = "utf-8") -> None:
    """Readers see the old file or the new one, never half of one; a replaced file keeps its permissions."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_whole(path, text.encode(encoding), keep_mode=True)


class Store:
    def __init__(self, root: Path) -> None:
        self.root = root.absolute()
        self.writing = threading.RLock()  # a version check and its write happen as one step

    def kinds(self) -> list[RecordKind]:
        return list(KINDS.values())

    def kind(self, name: str) -> RecordKind:
        if name not in KINDS:
            raise Refused(f"没有“{name}”这类记录")
        return KINDS[name]

    def path_of(self, kind: RecordKind, record_id: str) -> Path:
        if kind.folder is None:
            return self.root / f"{kind.name}.yml"
        if not ID_PATTERN.fullmatch(record_id):
            raise Refused(f"编号“{record_id}”不能用作文件名：不能有空格和 / \\ : * ? \" < > | 等符号，也不能以“.”开头")
        return self.root / kind.folder / f"{record_id}.yml"

    def ids(self, kind: RecordKind) -> list[str]:
        if kind.folder is None:
            return [kind.name]
        folder = self.root / kind.folder
        return sorted(p.stem for p in folder.glob("*.y*ml") if p.is_file() and not p.name.startswith(".")) \
            if folder.is_dir() else []

    def address(self, path: Path | None) -> str | None:
        """The workbench page of a content file, if it is a record."""
        if path is None:
            return None
        path = Path(path).resolve()
        for kind in KINDS.values():
            folder = self.root / kind.folder if kind.folder else self.root
            if path.parent == folder.resolve() and (kind.folder or path.stem == kind.name):
                return f"/edit/{kind.name}/{quote(path.stem, safe='')}"
        return None

    def read(self, kind: RecordKind, record_id: str) -> Loaded:
        path = self.path_of(kind, record_id)
        if not path.is_file():
            raise Refused(f"找不到{kind.label}“{record_id}”（{path.relative_to(self.root)}），可能已被删除或改名")
        raw = path.read_bytes()
        report = Report()
        text = read_text(path, report)
        loaded = Loaded(kind, record_id, path, version_of(raw), encoding_of(raw), text, report=report)
        parsed = parse_yaml(text, path, report) if text is not None else None
        if parsed is not None:
            loaded.data, loaded.marks = parsed
        return loaded

    def save(self, kind: RecordKind, record_id: str, version: str, values: Any) -> Path:
        """Write the form's values where they differ from the file; refuse if the file changed."""
        with self.writing:
            return self._save(kind, record_id, version, values)

    def _save(self, kind: RecordKind, record_id: str, version: str, values: Any) -> Path:
        loaded = self.read(kind, record_id)
        if loaded.version != version:
            copy = self._keep_conflict(kind, record_id, new_text(kind.group, values))
            raise Conflict(f"保存没有完成：这条记录在您编辑期间已被修改（另一个标签页或其他程序）。"
                           f"文件里的版本保持不变；您填写的版本已另存为 {copy}。请核对两个版本后再修改。")
        if not loaded.parsed:
            raise Refused("文件的 YAML 格式有错误，无法按表单保存；请在下方直接修改文件内容")
        if loaded.form_refused:
            raise Refused(loaded.form_refused)
        text = Document(loaded.text, loaded.data).rewrite(kind.group, loaded.data, values)
        if text != loaded.text:
            atomic_write(loaded.path, text, loaded.encoding)
        return loaded.path

    def save_text(self, kind: RecordKind, record_id: str, version: str, text: str) -> None:
        """The file's text as typed, for a file too broken for the form."""
        with self.writing:
            self._save_text(kind, record_id, version, text)

    def _save_text(self, kind: RecordKind, record_id: str, version: str, text: str) -> None:
        loaded = self.read(kind, record_id)
        if loaded.version != version:
            copy = self._keep_conflict(kind, record_id, text)
            raise Conflict(f"保存没有完成：文件在您编辑期间已被修改。您填写的内容已另存为 {copy}。")
        atomic_write(loaded.path, text.replace("\r\n", "\n"), loaded.encoding)

    def create(self, kind: RecordKind, record_id: str, text: str) -> Path:
        path = self.path_of(kind, record_id)
        if len(record_id.encode("utf-8")) > NEW_ID_BYTES:
            raise Refused(f"编号太长：最多 {NEW_ID_BYTES // 3} 个汉字或 {NEW_ID_BYTES} 个字母数字，请改短一些")
        with self.writing:
            if path.exists() or self._taken(kind, record_id):
                raise Refused(f"编号“{record_id}”已被使用，请换一个")
            atomic_write(path, text)
        return path

    def _taken(self, kind: RecordKind, record_id: str) -> bool:
        return any(i.lower() == record_id.lower() for i in self.ids(kind))

    def _keep_conflict(self, kind: RecordKind, record_id: str, text: str) -> str:
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        target = self.root / CONFLICTS / (kind.folder or "") / f"{shortened(record_id, NEW_ID_BYTES)}-{stamp}.yml"
        atomic_write(target, text)
        return target.relative_to(self.root).as_posix()

    def recycle(self, kind: RecordKind, record_id: str) -> str:
        with self.writing:
            return self._recycle(kind, record_id)

    def _recycle(self, kind: RecordKind, record_id: str) -> str:
        if kind.folder is None:
            raise Refused(f"{kind.label}文件不能删除")
        path = self.path_of(kind, record_id)
        if not path.is_file():
            raise Refused(f"找不到{kind.label}“{record_id}”")
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        target = self.root / RECYCLE / stamp / kind.folder / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(path, target)
        return target.relative_to(self.root).as_posix()

    def recycled(self) -> list[tuple[str, RecordKind, str]]:
        """(entry, kind, id) of everything in the recycle folder, newest first."""
        found = []
        folders = {k.folder: k for k in KINDS.values() if k.folder}
        for stamp in sorted((self.root / RECYCLE).glob("*"), reverse=True):
            for path in sorted(stamp.glob("*/*.y*ml")):
                if path.parent.name in folders:
                    found.append((path.relative_to(self.root / RECYCLE).as_posix(), folders[path.parent.name], path.stem))
        return found

    def restore(self, entry: str) -> tuple[RecordKind, str]:
        """Put a recycled record back; never over a record of that id (two restores at once included)."""
        with self.writing:
            return self._restore(entry)

    def _restore(self, entry: str) -> tuple[RecordKind, str]:
        match = next(((e, k, i) for e, k, i in self.recycled() if e == entry), None)
        if match is None:
            raise Refused("回收站里没有这条记录")
        _, kind, record_id = match
        source = self.root / RECYCLE / entry
        target = self.path_of(kind, record_id)
        if target.exists():
            raise Refused(f"{kind.folder}/{target.name} 已经存在，不能恢复；请先把现有的记录改名或删除")
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(source, target)
        if not any(source.parent.parent.rglob("*.y*ml")):
            shutil.rmtree(source.parent.parent)
        return kind, record_id
