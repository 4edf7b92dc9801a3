"""segno's choice of QR mask, scored with numpy: the same mask, found several times faster.

segno tries all eight masks and scores each in pure Python (ISO/IEC 18004 7.8.3), which is most
of the time a QR code takes. Here the same penalties (N1 runs, N2 blocks, N3 finder-like
patterns, N4 balance) are counted on arrays, all eight masks at once; the lowest score wins,
the first of equals, as in segno. test_qrmask compares the two on many addresses.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import numpy as np
from segno import encoder

_N3_PATTERN = bytes((0x1, 0x0, 0x1, 0x1, 0x1, 0x0, 0x1))


@functools.lru_cache(maxsize=None)
def _mask_layers(width: int, height: int) -> np.ndarray:
    """For each mask, the modules it flips: its pattern, inside the encoding region only."""
    function_matrix = encoder.make_matrix(width, height)
    encoder.add_finder_patterns(function_matrix, width, height)
    encoder.add_alignment_patterns(function_matrix, width, height)
    function_matrix[-8][8] = 0x1
    region = np.array([list(row) for row in function_matrix]) > 0x1
    rows, cols = np.indices((height, width))
    layers = []
    for pattern in encoder.get_data_mask_functions(False):
        flips = np.array([[pattern(i, j) for j in range(width)] for i in range(height)], dtype=np.uint8)
        layers.append(np.where(region, flips, 0).astype(np.uint8))
    return np.stack(layers)


def _runs(lines: np.ndarray, per: int) -> np.ndarray:
    """N1 along rows, per mask (each `per` rows): a run of five or more equal modules scores its length minus two."""
    count, width = lines.shape
    edges = np.ones((count, width + 1), dtype=bool)
    edges[:, 1:-1] = lines[:, 1:] != lines[:, :-1]
    at = np.flatnonzero(edges.ravel())
    lengths = np.diff(at)
    long = lengths >= 5
    return np.bincount(at[:-1][long] // ((width + 1) * per), weights=lengths[long] - 2, minlength=count // per)


def _n3(seq: bytes, size: int) -> int:
    """segno's count of finder-like patterns in one row or column, as segno counts them."""
    count = 0
    idx = seq.find(_N3_PATTERN)
    while idx != -1:
        offset = idx + 7
        if idx in (0, size - 7) or not any(seq[max(idx - 4, 0):min(idx, size)]) \
                or not any(seq[max(offset, 0):min(offset + 4, size)]):
            count += 40
        else:
            offset = idx + 4
        idx = seq.find(_N3_PATTERN, offset)
    return count


def _finder_like(lines: np.ndarray, per: int) -> np.ndarray:
    """N3 per mask (each `per` lines), counted on arrays: 40 for each 1011101 with four light
    modules on one side or at an edge. segno skips a pattern overlapping one it counted (a line
    like 10111011101); the rare lines with overlapping patterns are counted as segno does."""
    count, size = lines.shape
    code = np.zeros((count, size - 6), dtype=np.uint8)
    for k in range(7):
        code |= lines[:, k:size - 6 + k] << (6 - k)
    found = code == 0b1011101
    line, at = np.nonzero(found)
    darks = np.zeros((count, size + 1), dtype=np.int32)
    np.cumsum(lines, axis=1, out=darks[:, 1:])
    light_before = darks[line, at] == darks[line, np.maximum(at - 4, 0)]
    light_after = darks[line, np.minimum(at + 11, size)] == darks[line, at + 7]
    counted = (at == 0) | (at == size - 7) | light_before | light_after
    overlapping = np.zeros(count, dtype=bool)
    overlapping[line[(at >= 4) & found[line, np.maximum(at - 4, 0)]]] = True
    overlapping[line[(at >= 6) & found[line, np.maximum(at - 6, 0)]]] = True
    plain = ~overlapping[line]
    scores = 40 * np.bincount(line[plain & counted] // per, minlength=count // per)
    for each in np.flatnonzero(overlapping):
        scores[each // per] += _n3(lines[each].tobytes(), size)
    return scores


def _scores(masked: np.ndarray) -> list[int]:
    """segno's penalty score (ISO/IEC 18004 7.8.3) of each of a stack of masked matrices."""
    masks, size, _ = masked.shape
    lines = np.concatenate((masked.reshape(-1, size), masked.transpose(0, 2, 1).reshape(-1, size)))
    n1 = _runs(lines, size)
    same = ((masked[:, 1:, 1:] == masked[:, 1:, :-1]) & (masked[:, 1:, 1:] == masked[:, :-1, 1:])
            & (masked[:, 1:, 1:] == masked[:, :-1, :-1]))
    n2 = 3 * same.sum(axis=(1, 2))
    n3 = _finder_like(lines, size)
    rows_n3 = n3[:masks] + n3[masks:]
    darks = masked.sum(axis=(1, 2), dtype=np.int64)
    n4 = [10 * int(abs(float(int(d)) / (size ** 2) * 100 - 50) / 5) for d in darks]
    return [int(a) + int(b) + int(c) + d for a, b, c, d in zip(n1[:masks] + n1[masks:], n2, rows_n3, n4)]


_segno_choice = encoder.find_and_apply_best_mask


def find_and_apply_best_mask(matrix, width, height, proposed_mask=None):
    """encoder.find_and_apply_best_mask, for QR codes (Micro QR and a given mask go to segno)."""
    if proposed_mask is not None or width != height or width < 21:
        return _segno_choice(matrix, width, height, proposed_mask)
    unmasked = np.frombuffer(b"".join(matrix), dtype=np.uint8).reshape(height, width)
    layers = _mask_layers(width, height)
    masked = unmasked[None] ^ layers
    scores = _scores(masked)
    best = scores.index(min(scores))
    return best, tuple(bytearray(row.tobytes()) for row in masked[best])


def install() -> Callable[[], None]:
    """segno calls the function through its module: use this one from now on; the undo."""
    encoder.find_and_apply_best_mask = find_and_apply_best_mask
    return lambda: setattr(encoder, "find_and_apply_best_mask", _segno_choice)
