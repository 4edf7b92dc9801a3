"""The page cache keeps a listing page (home, the lists, unit and tag pages, announcements, the
activity feed) while the listed fields of its records are the same: so every other field must
leave those pages' Markdown exactly as it was. Each field not in LISTED is changed, in every
record of its kind, and the listing pages are rendered again and compared."""

from __future__ import annotations

import dataclasses
import datetime as dt
import typing

import pytest

from conftest import joint_content
from generator.model import records as r
from generator.model.check import check_content
from generator.model.problems import Report
from generator.website import pagecache
from generator.website.pages import plan
from generator.website.render import render
from generator.website.view import View

KINDS = {"Brand": "brands", "Case": "cases", "Alliance": "alliances", "Activity": "activities", "Campaign": "campaigns"}
NOT_SHOWN = ("source",)  # where the record stands in its file: no page shows it


def _sample(hint):
    """A value of the annotated type, for fields that are empty in the fixture."""
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    origin = typing.get_origin(hint)
    if origin in (list, tuple) and hint is not None:
        item = _sample(typing.get_args(hint)[0])
        return [item] if origin is list else tuple(1 for _ in typing.get_args(hint))
    if args:
        return _sample(args[0])
    if hint is str:
        return "新写的内容"
    if hint in (int, float):
        return hint(7)
    if hint is dt.date:
        return dt.date(2024, 3, 3)
    if hint is r.JointWork:  # its heading must be one of the 六联
        return r.JointWork(r.JOINT_HEADINGS[0], "新写的内容")
    if dataclasses.is_dataclass(hint):
        hints = typing.get_type_hints(hint)
        return hint(**{f.name: _sample(hints[f.name]) for f in dataclasses.fields(hint)
                       if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING})
    raise AssertionError(f"no sample for {hint}")


def _changed(value, hint):
    """Another value of the same type."""
    if value is None or value == [] or value == ():
        return _sample(hint)
    if isinstance(value, bool):
        return not value
    if isinstance(value, str):
        return value + "改"
    if isinstance(value, (int, float)):
        return value + 1
    if isinstance(value, dt.date):
        return value + dt.timedelta(days=1)
    if isinstance(value, list):
        return value[:-1] if len(value) > 1 else [_changed(value[0], typing.get_args(hint)[0] if typing.get_args(hint) else None)]
    if isinstance(value, tuple):
        return tuple(x + 1 for x in value)
    if dataclasses.is_dataclass(value):  # its last field: the first is often a key others are checked against
        hints = typing.get_type_hints(type(value))
        last = dataclasses.fields(value)[-1]
        return dataclasses.replace(value, **{last.name: _changed(getattr(value, last.name), hints[last.name])})
    raise AssertionError(f"cannot change {value!r}")


def _listing_pages(catalogue) -> dict[str, str]:
    """The listing pages of the public site and of the preview (which lists drafts, with their status)."""
    texts = {}
    for preview in (False, True):
        view = View(catalogue, preview)
        pages = [p for p in plan(view) if p.template in pagecache.WHOLE + pagecache.LISTING]
        texts.update({f"{preview}:{path}": text for path, text in render(pages).items()})
    return texts


def _unlisted_fields():
    for kind, folder in KINDS.items():
        cls = getattr(r, kind)
        for f in dataclasses.fields(cls):
            if f.name not in pagecache.LISTED[kind] and f.name not in NOT_SHOWN:
                yield kind, folder, f.name


@pytest.fixture(scope="module")
def catalogues(tmp_path_factory):
    from conftest import DEMO

    joint = joint_content(tmp_path_factory.mktemp("joint") / "content")
    return [check_content(folder, Report()) for folder in (joint, DEMO)]


@pytest.mark.parametrize("kind, folder, name", list(_unlisted_fields()))
def test_a_field_that_no_list_shows_leaves_every_listing_page_as_it_was(catalogues, kind, folder, name):
    hint = typing.get_type_hints(getattr(r, kind))[name]
    changed_any = False
    for catalogue in catalogues:
        before = _listing_pages(catalogue)
        records = getattr(catalogue, folder)
        changed = {key: dataclasses.replace(record, **{name: _changed(getattr(record, name), hint)})
                   for key, record in records.items()}
        changed_any = changed_any or bool(changed)
        setattr(catalogue, folder, changed)
        try:
            after = _listing_pages(catalogue)
        finally:
            setattr(catalogue, folder, records)
        assert [path for path in before if after.get(path) != before[path]] == [], f"{kind}.{name} is shown"
    assert changed_any


def test_the_check_finds_a_listed_field_left_out(catalogues, monkeypatch):
    """The test above fails when a field a list shows is missing from LISTED."""
    catalogue = catalogues[0]
    before = _listing_pages(catalogue)
    records = catalogue.brands
    catalogue.brands = {key: dataclasses.replace(b, name=b.name + "改") for key, b in records.items()}
    try:
        assert _listing_pages(catalogue) != before
    finally:
        catalogue.brands = records


def test_listing_keys_follow_listed_fields_only(catalogues):
    catalogue = catalogues[0]
    key = pagecache.PageKeys(View(catalogue), {}).listing
    records = catalogue.brands
    try:
        catalogue.brands = {k: dataclasses.replace(b, slogan="另一句口号") for k, b in records.items()}
        assert pagecache.PageKeys(View(catalogue), {}).listing == key
        catalogue.brands = {k: dataclasses.replace(b, name=b.name + "改") for k, b in records.items()}
        assert pagecache.PageKeys(View(catalogue), {}).listing != key
    finally:
        catalogue.brands = records
