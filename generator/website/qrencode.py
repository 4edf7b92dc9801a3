"""segno's error correction and codeword placement, done with tables and arrays: the same QR codes.

segno computes Reed-Solomon error words one coefficient at a time, walks the symbol module by
module to place each bit and writes the bit stream one bit at a time, in pure Python. Here a
block's error words come from a shift register of whole Python integers (one table per
generator polynomial), the placement order is worked out once per version by segno's own walk,
then applied with numpy, and bits are appended a field at a time.
test_qrencode compares the codes with segno's own on many addresses; Micro QR goes to segno.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from itertools import zip_longest

import numpy as np
from segno import consts, encoder

_segno_message = encoder.make_final_message
_segno_placement = encoder.add_codewords
_segno_append_bits = encoder.Buffer.append_bits
_BITS = bytes.maketrans(b"01", b"\0\1")
_REMAINDER = {**dict.fromkeys(range(2, 7), 7), **dict.fromkeys([*range(14, 21), *range(28, 35)], 3),
              **dict.fromkeys(range(21, 28), 4)}  # bits after the last codeword (ISO/IEC 18004 7.6)


@functools.lru_cache(maxsize=None)
def _products(error_words: int) -> tuple[int, ...]:
    """For each coefficient, the generator polynomial times it, as one integer of error_words bytes."""
    log, exp, generator = consts.GALIOS_LOG, consts.GALIOS_EXP, consts.GEN_POLY[error_words]
    return (0, *(int.from_bytes(bytes(exp[log[c] + g] for g in generator), "big") for c in range(1, 256)))


def _error_block(data: bytes, error_words: int) -> bytes:
    products, shift, keep = _products(error_words), 8 * (error_words - 1), (1 << 8 * error_words) - 1
    remainder = 0
    for byte in data:
        remainder = ((remainder << 8) & keep) ^ products[byte ^ (remainder >> shift)]
    return remainder.to_bytes(error_words, "big")


def make_final_message(version, error, buff):
    """encoder.make_final_message: data and error codewords, interleaved, as bits."""
    if version < 1:
        return _segno_message(version, error, buff)
    codewords = np.packbits(np.frombuffer(bytes(buff.getbits()), dtype=np.uint8)).tobytes()
    data_blocks, error_blocks, at = [], [], 0
    for info in consts.ECC[version][error]:
        for _ in range(info.num_blocks):
            block = codewords[at:at + info.num_data]
            at += info.num_data
            data_blocks.append(block)
            error_blocks.append(_error_block(block, info.num_total - info.num_data))
    interleaved = bytes(x for blocks in (data_blocks, error_blocks)
                        for column in zip_longest(*blocks) for x in column if x is not None)
    bits = np.unpackbits(np.frombuffer(interleaved, dtype=np.uint8)).tobytes()
    return encoder.Buffer(bits + b"\0" * _REMAINDER.get(version, 0))


@functools.lru_cache(maxsize=None)
def _placement(version: int) -> np.ndarray:
    """The matrix positions (row-major) the codeword bits go to, in order: segno's own walk."""
    size = encoder.calc_matrix_size(version)
    matrix = encoder.make_matrix(size, size)
    encoder.add_finder_patterns(matrix, size, size)
    encoder.add_alignment_patterns(matrix, size, size)
    free = sum(row.count(0x2) for row in matrix)
    numbered = [list(row) for row in matrix]  # every free module gets its bit's number, from 1000
    _segno_placement(numbered, range(1000, 1000 + free), version)
    cells = np.array(numbered).ravel()
    spots = np.flatnonzero(cells >= 1000)
    return spots[np.argsort(cells[spots])]


def add_codewords(matrix, codewords, version):
    """encoder.add_codewords: each bit into its module, in place."""
    bits = bytes(codewords.getbits()) if isinstance(codewords, encoder.Buffer) else bytes(codewords)
    if version < 1 or len(bits) != len(_placement(version)):
        return _segno_placement(matrix, codewords, version)
    size = len(matrix)
    cells = np.frombuffer(b"".join(matrix), dtype=np.uint8).copy()
    cells[_placement(version)] = np.frombuffer(bits, dtype=np.uint8)
    for i, row in enumerate(matrix):
        row[:] = cells[i * size:(i + 1) * size].tobytes()
    return None


def append_bits(self, val, length):
    """encoder.Buffer.append_bits: val's lowest length bits, most significant first."""
    if length:
        self._data.extend(format(val & ((1 << length) - 1), f"0{length}b").encode().translate(_BITS))


def install() -> Callable[[], None]:
    """segno calls these through its module and its Buffer: use these from now on; the undo."""
    encoder.make_final_message = make_final_message
    encoder.add_codewords = add_codewords
    encoder.Buffer.append_bits = append_bits

    def undo() -> None:
        encoder.make_final_message = _segno_message
        encoder.add_codewords = _segno_placement
        encoder.Buffer.append_bits = _segno_append_bits
    return undo
