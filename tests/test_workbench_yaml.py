"""Round-trip editing of every demo record: each field changed alone reads back as typed, and
no other top-level field's lines move by a byte."""

import copy

import pytest

from conftest import DEMO
from generator.model.fieldtypes import Group, ListOf, Text
from generator.model.load import parse_yaml
from generator.model.problems import Report
from generator.model.schema import KINDS
from generator.workbench.yamldoc import Document

RECORDS = [(kind, path) for kind in KINDS.values() if kind.folder
           for path in sorted((DEMO / kind.folder).glob("*.yml"))]


def _read(text, path):
    return parse_yaml(text, path, Report())[0]


def _blocks(text: str, keys) -> dict:
    """Each top-level key's lines, as typed."""
    lines, found, current = text.splitlines(), {}, None
    for line in lines:
        key = line.split(":", 1)[0]
        if not line.startswith((" ", "#", "-")) and key in keys:
            current = key
        if current:
            found.setdefault(current, []).append(line)
    return found


@pytest.mark.parametrize("kind, path", RECORDS, ids=[p.name for _, p in RECORDS])
def test_each_field_changed_alone_touches_only_its_own_lines(kind, path):
    text = path.read_text("utf-8")
    raw = _read(text, path)
    keys = [f.key for f in kind.group.fields]
    for f in kind.group.fields:
        if isinstance(f.kind, Group):
            continue
        new = copy.deepcopy(raw)
        if isinstance(f.kind, ListOf):
            if not isinstance(f.kind.item, Text):
                continue
            new[f.key] = ["改过的第一项", "第二项：含冒号"]
        else:
            new[f.key] = "改过的值\n\n第二段" if getattr(f.kind, "multiline", False) else "改过的值 # 不是注释"
        written = Document(text, raw).rewrite(kind.group, raw, new)
        back = _read(written, path)
        assert {k: v for k, v in back.items() if k != f.key} == {k: v for k, v in raw.items() if k != f.key}
        assert (back[f.key] == new[f.key]) or back[f.key].rstrip("\n") == new[f.key]
        before, after = _blocks(text, keys), _blocks(written, keys)
        assert {k: v for k, v in after.items() if k != f.key} == {k: v for k, v in before.items() if k != f.key}, f.key
