"""Read content/ into raw records: plain values plus the line of every field.

Scalars are kept as the text the user typed (no YAML 1.1 guessing of numbers, dates or
booleans); the schema decides what each field means.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import yaml

from .layout import misnamed, notice_unknown
from .plaintext import INVISIBLE, UndecodableText, decode
from .prefetch import Parsed, Read, parse_all
from .problems import Problem, Report, os_reason
from .yamlerrors import explain_yaml_error, reader_line, tab_line

NULL_TAG = "tag:yaml.org,2002:null"

STR_TAG = "tag:yaml.org,2002:str"
_NULL = re.compile(r"(?:~|null|Null|NULL|)\Z")  # YAML's plain nulls (yaml.resolver)


class _AsTyped:
    """Scalars are kept as typed and only null is told apart, so PyYAML's regular expressions
    for numbers, dates and booleans need not run on every value (a third of the parsing)."""

    def resolve(self, kind, value, implicit):
        if kind is yaml.ScalarNode:
            return NULL_TAG if implicit[0] and _NULL.match(value) else STR_TAG
        return super().resolve(kind, value, implicit)


class PythonLoader(_AsTyped, yaml.SafeLoader):
    """PyYAML's own parser, in Python: the reference the C parser is held to (test_yaml_parsers)."""


if getattr(yaml, "__with_libyaml__", False):
    class CLoader(_AsTyped, yaml.CSafeLoader):
        """libyaml's parser: several times faster, with the same nodes, marks and errors."""

    _TextLoader = CLoader
else:  # pragma: no cover - depends on how PyYAML was built
    _TextLoader = PythonLoader


MAX_FILE_BYTES = 5 * 1024 * 1024
ALIAS_BUDGET = 2000  # values YAML aliases (*name) may add: room to share a list, none for a bomb
SITE_WORDS = "词典.txt"  # a site's own words for search, one per line

FieldPath = tuple  # a field's position: keys and list indexes from the record's root


@dataclass
class Marks:
    """Line numbers (1-based) of the fields of one file, by their path."""

    lines: dict[FieldPath, int] = field(default_factory=dict)

    def line(self, path: FieldPath) -> int:
        """The line of the field, or of its nearest parent that has one."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)


@dataclass
class RawRecord:
    kind: str
    id: str
    path: Path
    data: Any
    marks: Marks


@dataclass
class RawContent:
    root: Path
    site: RawRecord | None = None
    units: RawRecord | None = None
    records: dict[str, list[RawRecord]] = field(default_factory=dict)
    unreadable: dict[str, set[str]] = field(default_factory=dict)  # ids of files that did not parse
    words: list[str] = field(default_factory=list)  # the site's own search words (词典.txt)
    read: dict[Path, Parsed] = field(default_factory=dict)  # records read by prefetch's workers


def load_content(root: Path, report: Report, folders: dict[str, str], cache=None, read: Read | None = None,
                 meanwhile: Callable[[], None] | None = None) -> RawContent:
    """Read every record file below root, kind by kind from its folder; problems go to report.

    cache: a recordcache.RecordCache, which gives unchanged files as they were read last time.
    read: check's reading of a record, done by the workers too when files are parsed on every
    core (RawContent.read keeps what they gave). meanwhile: work for this process while they do."""
    content = RawContent(root=root)
    if not root.is_dir():
        report.error(root, None, "", "找不到内容文件夹，请用 --content 指定正确的文件夹")
        return content
    for name, attr in (("site", "site"), ("units", "units")):
        path = _find(root, name)
        if path is None:
            report.error(root / f"{name}.yml", None, "", "缺少这个文件")
            continue
        setattr(content, attr, load_file(path, name, report))
    # What each folder holds, decided first; then the files to read afresh are parsed on every
    # core at once (prefetch.py), and everything is reported in the order of the files.
    plans = {kind: _plan_folder(root / folder) for kind, folder in folders.items()}
    fresh = [(path, kind) for kind, plan in plans.items() for path, _, load in plan
             if load and not (cache and cache.probably_known(path, kind))]
    parsed = parse_all(fresh, read, root, meanwhile)

    def load_parsed(path: Path, kind: str, into: Report) -> RawRecord | None:
        if path not in parsed:
            return load_file(path, kind, into)
        raw, problems, reading = parsed.pop(path)
        into.extend(problems)
        if reading is not None:
            content.read[path] = reading
        return raw

    for kind, plan in plans.items():
        content.records[kind], content.unreadable[kind] = _load_folder(plan, kind, report, cache, load_parsed)
    notice_unknown(root, report, list(folders.values()))
    words = root / SITE_WORDS
    if words.is_file():
        text = read_text(words, report) or ""
        content.words = [w.split()[0] for w in text.splitlines() if w.strip() and not w.startswith("#")]
    return content


def _plan_folder(folder: Path) -> list[tuple[Path, list[Problem], bool]]:
    """Each entry of a record folder: what to say about it, and whether to read it."""
    plan, seen = [], {}
    for path in sorted(folder.iterdir()) if folder.is_dir() else []:
        said = Report()
        load = False
        if path.name.startswith(".") or misnamed(path, said):
            pass
        elif not path.is_file():
            said.warning(path, None, "", f"{folder.name}/ 里的子文件夹不会被读取；记录要直接放在 {folder.name}/ 里")
        elif path.suffix.lower() not in (".yml", ".yaml"):
            said.warning(path, None, "", "不是 .yml 文件，不会被读取")
        elif path.stem in seen:
            said.error(path, None, "", f"与 {seen[path.stem].name} 的编号相同（文件名相同），请删除或改名其中一个")
        else:
            seen[path.stem] = path
            load = True
        plan.append((path, said.problems, load))
    return plan


def _load_folder(plan: list, kind: str, report: Report, cache, load) -> tuple[list[RawRecord], set[str]]:
    records, unreadable = [], set()
    for path, said, wanted in plan:
        report.extend(said)
        if not wanted:
            continue
        record = cache.load(path, kind, report, load) if cache else load(path, kind, report)
        if record is None:
            unreadable.add(path.stem)
        else:
            records.append(record)
    return records, unreadable


def _find(root: Path, name: str) -> Path | None:
    for suffix in (".yml", ".yaml"):
        if (root / f"{name}{suffix}").is_file():
            return root / f"{name}{suffix}"
    return None


def load_file(path: Path, kind: str, report: Report) -> RawRecord | None:
    text = read_text(path, report)
    if text is None:
        return None
    parsed = parse_yaml(text, path, report)
    if parsed is None:
        return None
    data, marks = parsed
    return RawRecord(kind=kind, id=path.stem, path=path, data=data, marks=marks)


def read_text(path: Path, report: Report) -> str | None:
    """Decode UTF-8 (with or without BOM) or GB18030/GBK, and say which was read."""
    try:
        size = path.stat().st_size  # a huge file is refused before it is read
        if size > MAX_FILE_BYTES:
            report.error(path, None, "", f"文件过大（{size // 1024 // 1024} MB），一条记录不应超过 5 MB")
            return None
        raw = path.read_bytes()
    except OSError as exc:
        report.error(path, None, "", f"无法读取文件（{os_reason(exc)}）")
        return None
    try:
        decoded = decode(raw)
    except UndecodableText as exc:
        report.error(path, exc.line, "", "无法识别文件编码，请用 UTF-8 编码另存此文件")
        return None
    if decoded.label:
        advice = "" if decoded.encoding.startswith("utf") else "；建议另存为 UTF-8"
        report.note(path, None, "", f"按 {decoded.label} 编码读取{advice}")
    return decoded.text


def parse_yaml(text: str, path: Path, report: Report, loader: type | None = None) -> tuple[Any, Marks] | None:
    """loader: a PyYAML loader class (CLoader when PyYAML has libyaml, else PythonLoader)."""
    stray = text.find("\ufeff")
    if stray >= 0:  # Windows editors leave BOMs where files were pasted together
        report.warning(path, text[:stray].count("\n") + 1, "", "有不可见的 BOM 字符（U+FEFF），已忽略；建议删除")
        text = text.replace("\ufeff", "")
    try:
        node = _compose(text, loader or _TextLoader)
    except yaml.MarkedYAMLError as exc:
        scanning = (exc.context or "").startswith("while scanning")  # an unclosed quote, a key without ':'
        mark = (exc.context_mark if scanning else None) or exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        report.error(path, tab_line(text, line) or line, "", explain_yaml_error(exc, text, line))
        return None
    except yaml.YAMLError as exc:  # reader errors: bad characters
        report.error(path, reader_line(exc, text), "", explain_yaml_error(exc, text, None))
        return None
    marks = Marks()
    if node is None:
        return None, marks
    marks.lines[()] = node.start_mark.line + 1
    try:
        # Without an anchor (&) no node is met twice: nothing for _Aliases to count.
        aliases = _Aliases() if "&" in text else None
        return _value(node, (), marks, path, report, text, aliases), marks
    except _AliasTrouble as exc:
        report.error(path, exc.line, "", str(exc))
        return None


def _compose(text: str, loader: type) -> yaml.Node | None:
    try:
        return yaml.compose(text, Loader=loader)
    except UnicodeEncodeError:  # libyaml reads UTF-8, which a lone surrogate is not: PyYAML names it
        if loader is PythonLoader:
            raise
        return yaml.compose(text, Loader=PythonLoader)


class _AliasTrouble(Exception):
    """Aliases that expand too far or into themselves; the message is for the user."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


@dataclass
class _Aliases:
    """Counts what aliases (*name) add while a file is read, and which nodes are open."""

    seen: set = field(default_factory=set)
    open: set = field(default_factory=set)
    added: int = 0

    def enter(self, node: yaml.Node, at: FieldPath, marks: Marks) -> None:
        """at, marks: where the node is read, for the line of a message (found only when needed)."""
        if id(node) in self.open:
            raise _AliasTrouble(_key_line(at, marks), "YAML 别名（*）引用了包含它自己的内容，会无限展开；请删除“&”和“*”，把内容直接写出来")
        if id(node) in self.seen:
            self.added += 1
            if self.added > ALIAS_BUDGET:
                raise _AliasTrouble(_key_line(at, marks), f"YAML 别名（*）展开后内容过多（超过 {ALIAS_BUDGET} 项），为安全起见不读取；"
                                          "请删除“&”和“*”，把内容直接写出来")
        self.seen.add(id(node))


def label_of(at: FieldPath) -> str:
    return " › ".join(f"第{p + 1}项" if isinstance(p, int) else str(p) for p in at)


def _unfold(text: str, node: yaml.ScalarNode) -> str:
    """The lines as typed: YAML folds line breaks into spaces, which Chinese text must not get.

    Paragraphs (blank lines) and line breaks are kept; fields decide how to join them.
    """
    lines = text[node.start_mark.index:node.end_mark.index].split("\n")
    if node.style == ">":
        lines = lines[1:]  # the header line holding ">"
    return "\n".join(line.strip() for line in lines).strip()


def _value(node: yaml.Node, at: FieldPath, marks: Marks, path: Path, report: Report, text: str,
           aliases: _Aliases | None) -> Any:
    """aliases: None when the file has no anchors (&), so no node can be met twice."""
    marks.lines.setdefault(at, node.start_mark.line + 1)
    if aliases is not None:
        aliases.enter(node, at, marks)
    if node.__class__ is yaml.ScalarNode:
        return _scalar(node, at, path, report, text)
    if aliases is None:
        return _collection(node, at, marks, path, report, text, aliases)
    aliases.open.add(id(node))
    try:
        return _collection(node, at, marks, path, report, text, aliases)
    finally:
        aliases.open.discard(id(node))


def _scalar(node: yaml.ScalarNode, at: FieldPath, path: Path, report: Report, text: str) -> str | None:
    tag = node.tag
    if tag == NULL_TAG:
        return None
    if tag != STR_TAG and not tag.startswith("tag:yaml.org,2002:"):
        report.error(path, node.start_mark.line + 1, label_of(at), "内容不能以“!”开头；请给整段内容加上引号")
    if node.style in (None, "", ">") and node.end_mark.line > node.start_mark.line:
        return _unfold(text, node)
    return node.value


def _key_line(at: FieldPath, marks: Marks) -> int:
    """The line of the innermost key: an aliased value's own marks point at its anchor."""
    keyed = next((at[:i] for i in range(len(at), 0, -1) if isinstance(at[i - 1], str)), ())
    return marks.lines.get(keyed, 1)


def _collection(node: yaml.Node, at: FieldPath, marks: Marks, path: Path, report: Report, text: str,
                aliases: _Aliases | None) -> Any:
    if node.__class__ is yaml.SequenceNode:
        return [_value(item, at + (i,), marks, path, report, text, aliases) for i, item in enumerate(node.value)]
    result: dict[str, Any] = {}
    lines = marks.lines
    for key_node, value_node in node.value:
        raw_key = str(key_node.value) if key_node.__class__ is yaml.ScalarNode else "?"
        key, hidden = _clean_key(raw_key)
        line = key_node.start_mark.line + 1
        if hidden:
            report.warning(path, line, key, "字段名里有不可见字符（如 BOM、零宽空格），已忽略；建议删除")
        if raw_key.startswith("\u3000"):
            report.error(path, line, key, "行首用了全角空格；YAML 只能用半角空格缩进")
        where = at + (key,)
        if key in result:
            report.error(path, line, key, f"字段重复出现（第一次在第 {lines.get(where)} 行），请合并为一个")
            continue
        lines[where] = line
        if value_node.__class__ is yaml.ScalarNode and aliases is None:  # the common case, without a call
            result[key] = _scalar(value_node, where, path, report, text)
        else:
            result[key] = _value(value_node, where, marks, path, report, text, aliases)
    return result


@functools.lru_cache(maxsize=4096)  # field names repeat in every file
def _clean_key(raw_key: str) -> tuple[str, bool]:
    """A key without invisible characters, and whether it had any."""
    return INVISIBLE.sub("", raw_key).strip(), bool(INVISIBLE.search(raw_key))
