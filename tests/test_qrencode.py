"""qrencode's error words and placement are segno's: the same QR codes, bit for bit."""

from __future__ import annotations

import random

import segno
from segno import encoder

from generator.website import qrencode


def codes(texts: list[str]) -> list[tuple]:
    made = [segno.make(t, error="m", micro=False) for t in texts] + [segno.make("12345", micro=True)]
    return [(c.version, c.error, c.mask, c.matrix) for c in made]


def test_every_module_is_segnos_own(monkeypatch):
    rng = random.Random(15)
    addresses = [f"https://example.gov.cn/dangjian/cases/case-{i:05d}/" for i in range(20)]
    addresses += ["https://x.cn/" + "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789-/") for _ in range(length))
                  for length in range(1, 1000, 12)]
    addresses += [f"https://例子.cn/品牌/{i}" for i in range(10)]
    monkeypatch.setattr(encoder, "make_final_message", qrencode._segno_message)
    monkeypatch.setattr(encoder, "add_codewords", qrencode._segno_placement)
    monkeypatch.setattr(encoder.Buffer, "append_bits", qrencode._segno_append_bits)
    theirs = codes(addresses)
    monkeypatch.setattr(encoder, "make_final_message", qrencode.make_final_message)
    monkeypatch.setattr(encoder, "add_codewords", qrencode.add_codewords)
    monkeypatch.setattr(encoder.Buffer, "append_bits", qrencode.append_bits)
    ours = codes(addresses)
    assert {c[0] for c in theirs} >= {2, 7, 10, 14, 21, 25}  # every remainder length, many block layouts
    assert ours == theirs


def test_bits_are_appended_as_segno_appends_them():
    ours, theirs = encoder.Buffer(), encoder.Buffer()
    for value, length in [(0, 0), (0, 4), (5, 3), (255, 8), (0x1234, 16), (7, 10), (0b101, 2)]:
        qrencode.append_bits(ours, value, length)
        qrencode._segno_append_bits(theirs, value, length)
    assert ours.getbits() == theirs.getbits()


def test_a_segno_whose_internals_changed_keeps_its_own_code(monkeypatch):
    """Were another segno to place bits differently, its own functions are put back."""
    from generator.website import qrdraw, qrmask

    monkeypatch.setattr(qrencode, "add_codewords", lambda matrix, codewords, version: None)  # places nothing
    monkeypatch.setattr(encoder, "add_codewords", qrencode._segno_placement)
    monkeypatch.setattr(encoder, "find_and_apply_best_mask", qrmask._segno_choice)
    assert qrdraw._faster_qr_codes() is False
    assert encoder.add_codewords is qrencode._segno_placement
    assert encoder.find_and_apply_best_mask is qrmask._segno_choice
    monkeypatch.undo()
    assert qrdraw._faster_qr_codes() is True
    assert encoder.add_codewords is qrencode.add_codewords
