"""segno's choice of QR mask, scored with numpy: the same mask, found several times faster.

segno tries all eight masks and scores each in pure Python (ISO/IEC 18004 7.8.3), which is most
of the time a QR code takes. Here the same penalties (N1 runs, N2 blocks, N3 finder-like
patterns, N4 balance) are counted on arrays; the lowest score wins, the first of equals, as in
segno, and segno itself applies the chosen mask. test_qrmask compares the two on many addresses.
"""

from __future__ import annotations

import functools

import numpy as np
from segno import encoder

_N3_PATTERN = bytes((0x1, 0x0, 0x1, 0x1, 0x1, 0x0, 0x1))


@functools.lru_cache(maxsize=None)
def _mask_layers(width: int, height: int) -> tuple[np.ndarray, ...]:
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
    return tuple(layers)


def _runs(matrix: np.ndarray) -> int:
    """N1 along rows: every run of five or more equal modules scores its length minus two."""
    height, width = matrix.shape
    edges = np.ones((height, width + 1), dtype=bool)
    edges[:, 1:-1] = matrix[:, 1:] != matrix[:, :-1]
    lengths = np.diff(np.flatnonzero(edges.ravel()))
    long = lengths[lengths >= 5]
    return int(long.sum() - 2 * long.size)


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


def _score(matrix: np.ndarray) -> int:
    size = matrix.shape[0]
    n1 = _runs(matrix) + _runs(matrix.T)
    same = ((matrix[1:, 1:] == matrix[1:, :-1]) & (matrix[1:, 1:] == matrix[:-1, 1:])
            & (matrix[1:, 1:] == matrix[:-1, :-1]))
    n2 = 3 * int(same.sum())
    n3 = sum(_n3(row.tobytes(), size) for row in matrix) + sum(_n3(col.tobytes(), size) for col in matrix.T)
    percent = float(int(matrix.sum(dtype=np.int64))) / (size ** 2)
    n4 = 10 * int(abs(percent * 100 - 50) / 5)
    return n1 + n2 + n3 + n4


_segno_choice = encoder.find_and_apply_best_mask


def find_and_apply_best_mask(matrix, width, height, proposed_mask=None):
    """encoder.find_and_apply_best_mask, for QR codes (Micro QR and a given mask go to segno)."""
    if proposed_mask is not None or width != height or width < 21:
        return _segno_choice(matrix, width, height, proposed_mask)
    unmasked = np.array([list(row) for row in matrix], dtype=np.uint8)
    scores = [_score(np.ascontiguousarray(unmasked ^ layer)) for layer in _mask_layers(width, height)]
    best = scores.index(min(scores))
    return _segno_choice(matrix, width, height, best)


def install() -> None:
    """segno calls the function through its module: use this one from now on."""
    encoder.find_and_apply_best_mask = find_and_apply_best_mask
