"""qrmask chooses exactly the mask segno would: the same QR codes, bit for bit."""

from __future__ import annotations

import random

import segno
from segno import encoder

from generator.website import qrmask


def test_the_mask_and_every_module_are_segnos_own(monkeypatch):
    rng = random.Random(14)
    addresses = [f"https://example.gov.cn/dangjian/brands/brand-{i:05d}/" for i in range(60)]
    addresses += ["https://x.cn/" + "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789-/") for _ in range(rng.randint(1, 260)))
                  for _ in range(60)]
    addresses += [f"https://例子.cn/品牌/{i}" for i in range(20)]
    monkeypatch.setattr(encoder, "find_and_apply_best_mask", qrmask._segno_choice)
    theirs = [segno.make(a, error="m", micro=False) for a in addresses]
    monkeypatch.setattr(encoder, "find_and_apply_best_mask", qrmask.find_and_apply_best_mask)
    ours = [segno.make(a, error="m", micro=False) for a in addresses]
    assert {code.version for code in theirs} >= {3, 5, 7, 10}  # alignment patterns and version areas
    assert [(c.mask, c.matrix) for c in ours] == [(c.mask, c.matrix) for c in theirs]
    assert len({c.mask for c in theirs}) >= 4  # the choice is not always the same mask
