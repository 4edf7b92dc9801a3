"""qrmask chooses exactly the mask segno would: the same QR codes, bit for bit."""

from __future__ import annotations

import random

import numpy as np
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


def test_penalty_scores_are_segnos_on_random_matrices():
    rng = np.random.default_rng(14)
    for size in (21, 25, 33, 57):
        stack = (rng.random((8, size, size)) < rng.uniform(0.3, 0.7)).astype(np.uint8)
        stack[0, 3, :13] = (1, 0, 1, 1, 1, 0, 1, 1, 1, 0, 1, 0, 0)  # overlapping finder-like patterns
        stack[1, :13, 5] = (0, 1, 0, 1, 1, 1, 0, 1, 0, 1, 1, 1, 0)
        expected = [encoder.evaluate_mask(tuple(bytearray(row.tobytes()) for row in m), size, size) for m in stack]
        assert qrmask._scores(stack) == expected
