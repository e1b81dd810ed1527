"""The grade on Y'CbCr 4:2:0 planes, for the render: :func:`~.grade.apply_grade` without turning
every frame into R'G'B' and back.

Why: a render is 4:2:0 from decoder to encoder. Converting a graded 1080p frame to R'G'B',
grading it and converting back costs about 16 ms of CPU, a third of what decoding and
encoding the frame cost. Here the whole chain (Y'CbCr → R'G'B' → ``apply_grade`` → Y'CbCr) is
worked out once per grade for every colour a frame can hold, into two tables, and a frame
costs one table lookup per pixel.

This is not a second grade: the tables are ``apply_grade`` itself, run on a picture of all
the colours they sample (so they follow every later change to the grade). What is added is
only the video matrix (BT.601 or BT.709, limited range, as the decoder reads the frame) and
how finely the tables sample:

- luma: for each chroma pair (Cb, Cr each in one of 128 bins) and each 8-bit Y', the graded Y';
- chroma: for each chroma pair and each Y' (to 6 bits), the graded Cb, Cr; a 2×2 block's
  chroma is the mean of its four pixels' (OpenCV's own R'G'B' → 4:2:0 takes one pixel's).

The chroma bins are two values wide, except near neutral (120-136), where each value is its
own: grades that lift the shadows (gamma, exposure, a raised black) steepen the curve there,
and a grey read half a step off neutral (128.5) came out of the render several levels
magenta where the viewer showed grey. Past legal chroma (below 16, above 240) they are wider.

Against grading in R'G'B' and converting back with OpenCV, the result is within a level or
two where a grade does not clip, closer to the full-resolution grade where it does (the
chroma of a clipped block is averaged, not picked), and a 1080p frame costs about 4 ms of
CPU instead of 16.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import cv2
import numpy as np

from .grade import Grade, GradeError, apply_grade
from .ycbcr import OFFSET, VideoMatrix

CHROMA_BITS = 7  # Cb and Cr in both tables: 128 bins each
LUMA_BITS = 6  # Y' in the chroma table
_EXACT = (120, 136)  # chroma values each binned alone: neutral and what lies near it


def _chroma_bins() -> tuple[np.ndarray, np.ndarray]:
    """(the bin of each 8-bit Cb or Cr value, the value each bin is sampled at: its middle)."""
    low, high = _EXACT
    edges = [0, 8]  # below legal chroma (16): two wide bins
    edges += range(16, low, 2)
    edges += range(low, high + 1)
    edges += range(high + 1, 241, 2)
    edges += [241, 249, 256]  # above legal chroma (240)
    bins = np.repeat(np.arange(len(edges) - 1, dtype=np.uint32), np.diff(edges))
    middles = (np.array(edges[:-1]) + np.array(edges[1:]) - 1) / 2
    return bins, middles


CHROMA_BIN, _CHROMA_MIDDLE = _chroma_bins()
assert len(_CHROMA_MIDDLE) <= 1 << CHROMA_BITS and CHROMA_BIN.size == 256


@lru_cache(maxsize=2)
def _samples(matrix: VideoMatrix) -> tuple[np.ndarray, np.ndarray]:
    """The 8-bit R'G'B' colours the (luma, chroma) tables sample, which no grade changes:
    luma rows are chroma pairs ``p = bin(cb) << 7 | bin(cr)`` holding every Y'; chroma rows
    are the pairs again, holding Y' in steps of four (centred). Rows of bins past the last
    are never looked up."""
    levels = np.zeros(1 << CHROMA_BITS, np.float32)
    levels[: len(_CHROMA_MIDDLE)] = _CHROMA_MIDDLE
    step = 256 >> LUMA_BITS
    to_rgb = matrix.to_rgb().astype(np.float32)
    offset = np.asarray(OFFSET, np.float32)
    # R'G'B' is a sum of a Y' term and a (Cb, Cr) term: a table is one broadcast add of the two,
    # not a matrix product over every entry (a tenth of the time and memory).
    cb, cr = np.meshgrid(levels - offset[1], levels - offset[2], indexing="ij")
    chroma = (cb.reshape(-1, 1) * to_rgb[:, 1] + cr.reshape(-1, 1) * to_rgb[:, 2])[:, None, :]
    tables = []
    for luma in (np.arange(256, dtype=np.float32), np.arange(0, 256, step, dtype=np.float32) + (step - 1) // 2):
        rgb = chroma + ((luma - offset[0])[:, None] * to_rgb[:, 0])[None, :, :]
        np.rint(rgb, out=rgb)
        tables.append(np.clip(rgb, 0, 255, out=rgb).astype(np.uint8))  # as a decoder hands R'G'B' over
    return tables[0], tables[1]


@lru_cache(maxsize=4)
def grade_tables(grade: Grade, matrix: VideoMatrix) -> tuple[np.ndarray, np.ndarray]:
    """(luma, chroma) tables of ``grade`` for frames in ``matrix`` (rows as in
    :func:`_samples`), flat: ``luma[p << 8 | y]`` is a pixel's graded Y', ``chroma[p << 6 |
    y >> 2]`` its graded Cb and Cr packed as ``cb | cr << 16``, so the kernel sums a 2×2
    block's four in one add. Made by
    ``apply_grade`` on the sampled colours (as the render would: 8-bit R'G'B' in and out; OpenCV
    rounds and saturates), about 50 ms and 8 MB per grade; the render keeps the last few."""
    luma_rgb, chroma_rgb = _samples(matrix)
    to_ycbcr = matrix.to_ycbcr_offset()
    luma = cv2.transform(apply_grade(luma_rgb, grade), to_ycbcr[:1])
    cbcr = cv2.transform(apply_grade(chroma_rgb, grade), to_ycbcr[1:])
    packed = cbcr[..., 0].astype(np.uint32) | (cbcr[..., 1].astype(np.uint32) << 16)
    return np.ascontiguousarray(luma).reshape(-1), packed.reshape(-1)


Planes = tuple[np.ndarray, np.ndarray, np.ndarray]


def apply_grade_yuv420(
    planes: Planes, out: Planes, size: tuple[int, int], grade: Grade, matrix: VideoMatrix
) -> None:
    """Grade one 4:2:0 picture of ``size`` (width, height; both even), given as its uint8
    planes (Y', Cb, Cr; rows may be padded, as decoders lay them out), into ``out``'s planes."""
    w, h = size
    if (
        h % 2 or w % 2
        or any(p.dtype != np.uint8 or p.ndim != 2 for p in (*planes, *out))
        or any(p.shape[0] < h or p.shape[1] < w for p in (planes[0], out[0]))
        or any(p.shape[0] < h // 2 or p.shape[1] < w // 2 for p in (*planes[1:], *out[1:]))
    ):
        raise GradeError(f"a {w}×{h} 4:2:0 picture to grade needs even sizes and uint8 planes that fit")
    luma, chroma = grade_tables(grade, matrix)
    _kernel()(*planes, *out, h, w, luma, chroma, CHROMA_BIN)


@lru_cache(maxsize=1)
def _kernel() -> Any:
    """:func:`_grade_planes` compiled. Numba, because each lookup's index mixes a pixel's Y'
    with its block's chroma, which no OpenCV or numpy call does in one pass. Imported on first
    use, compiled once and cached on disk; ``nogil`` so the encoder thread runs beside it."""
    import numba

    options = {"nogil": True, "error_model": "numpy"}
    try:
        return numba.njit(cache=True, **options)(_grade_planes)
    except RuntimeError:  # nowhere to keep the cache (read-only install and home): compile per run
        return numba.njit(**options)(_grade_planes)


def _grade_planes(
    y: np.ndarray, cb: np.ndarray, cr: np.ndarray,
    y_out: np.ndarray, cb_out: np.ndarray, cr_out: np.ndarray,
    h: int, w: int, luma: np.ndarray, chroma: np.ndarray, bins: np.ndarray,
) -> None:
    """The per-pixel loop (see :func:`grade_tables` for the tables' layout); plain Python
    until :func:`_kernel` compiles it."""
    quarter = 8 - LUMA_BITS
    for i in range(h // 2):
        top, bottom = y[2 * i], y[2 * i + 1]
        top_out, bottom_out = y_out[2 * i], y_out[2 * i + 1]
        cb_row, cr_row, cb_row_out, cr_row_out = cb[i], cr[i], cb_out[i], cr_out[i]
        for j in range(w // 2):
            pair = (bins[cb_row[j]] << CHROMA_BITS) | bins[cr_row[j]]
            row, chroma_row = pair << 8, pair << LUMA_BITS
            a, b = top[2 * j], top[2 * j + 1]
            c, d = bottom[2 * j], bottom[2 * j + 1]
            top_out[2 * j] = luma[row + a]
            top_out[2 * j + 1] = luma[row + b]
            bottom_out[2 * j] = luma[row + c]
            bottom_out[2 * j + 1] = luma[row + d]
            block = (
                chroma[chroma_row | (a >> quarter)] + chroma[chroma_row | (b >> quarter)]
                + chroma[chroma_row | (c >> quarter)] + chroma[chroma_row | (d >> quarter)]
            )
            cb_row_out[j] = ((block & 0xFFFF) + 2) >> 2
            cr_row_out[j] = ((block >> 16) + 2) >> 2
