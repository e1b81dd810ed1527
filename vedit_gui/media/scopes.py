"""Video scopes: what a colourist reads a grade by, rather than by eye on one screen.

Each scope is computed from the R'G'B' picture the viewer shows (graded, or before, or the
split wipe), in BT.709 terms as the grade itself is (:mod:`vedit_gui.media.grade`):

- **waveform**: for each column of the picture, where its luma Y' lies (0 at the bottom,
  1 at the top), so crushed blacks and clipped whites show as lines along the edges;
- **parade**: the same for R', G' and B' side by side, where a cast shows as one channel
  sitting higher than the others on something neutral;
- **vectorscope**: hue as the angle and saturation as the distance of each pixel's Cb, Cr
  from the centre, where neutrals sit; the targets for 75 % bars and the skin-tone line are
  :data:`VECTOR_TARGETS` and :data:`SKIN_ANGLE`;
- **histogram**: how many pixels have each level, per channel.

The functions return arrays (densities scaled to 0..1, and an RGB picture of the traces); the
UI draws them with their scales. Pictures are read at a reduced size first: a scope is a
few hundred columns wide, so a 1080p frame says no more than a 320-pixel one.
"""

from __future__ import annotations

import math
from enum import Enum

import cv2
import numpy as np

from .grade import LUMA_709

# The picture is reduced to this width before counting (the viewer's frames are larger).
READ_WIDTH = 320
LEVELS = 128  # vertical resolution of the waveform and parade
_WAVE_ROWS = 360  # the most picture rows a waveform column counts
_KB, _KR = LUMA_709[2], LUMA_709[0]
# Cb and Cr span ±0.5; the vectorscope's edge is at this saturation, as on broadcast scopes.
VECTOR_EDGE = 0.5


class ScopeKind(Enum):
    WAVEFORM = "Waveform"
    PARADE = "RGB Parade"
    VECTORSCOPE = "Vectorscope"
    HISTOGRAM = "Histogram"


def reduced(rgb: np.ndarray, width: int = READ_WIDTH, rows: int | None = None) -> np.ndarray:
    """``rgb`` (H×W×3 uint8) no wider than ``width`` (area-averaged), and no taller than
    ``rows`` where given, else in proportion."""
    if rgb.ndim != 3 or rgb.shape[2] != 3 or rgb.dtype != np.uint8:
        raise ValueError(f"a scope reads an H×W×3 uint8 picture, not {rgb.shape} {rgb.dtype}")
    height, w = rgb.shape[:2]
    size = (min(w, width), min(height, rows) if rows else max(1, round(height * min(w, width) / w)))
    if size == (w, height):
        return rgb
    return cv2.resize(rgb, size, interpolation=cv2.INTER_AREA)


def luma(rgb: np.ndarray) -> np.ndarray:
    """BT.709 Y' of encoded R'G'B' (0..1), as the grade's saturation keeps it."""
    return rgb.astype(np.float32) @ np.asarray(LUMA_709, np.float32) / 255.0


def chroma(rgb: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """BT.709 Cb and Cr (each −0.5..0.5) of encoded R'G'B'."""
    values = rgb.astype(np.float32) / 255.0
    y = values @ np.asarray(LUMA_709, np.float32)
    cb = (values[..., 2] - y) / (2 * (1 - _KB))
    cr = (values[..., 0] - y) / (2 * (1 - _KR))
    return cb, cr


def _density(counts: np.ndarray, pixels_per_column: float) -> np.ndarray:
    """Counts as a scope's glow (0..1): a square root, so that a few pixels still show
    beside a flat area holding most of a column."""
    return np.sqrt(np.minimum(1.0, counts / max(1.0, pixels_per_column * 0.25))).astype(np.float32)


def level_columns(values: np.ndarray, columns: int, levels: int = LEVELS) -> np.ndarray:
    """(levels × columns) density of ``values`` (H×W in 0..1): row 0 is the top (level 1).
    No more columns than the picture has."""
    height, width = values.shape
    columns = min(columns, width)
    column = (np.arange(width) * columns // width).astype(np.int64)
    level = np.clip(np.rint(values * (levels - 1)), 0, levels - 1).astype(np.int64)
    index = (levels - 1 - level) * columns + column[None, :]
    counts = np.bincount(index.ravel(), minlength=levels * columns).reshape(levels, columns)
    return _density(counts, height * width / columns)


def waveform(rgb: np.ndarray, columns: int = 256) -> np.ndarray:
    """Luma waveform: (LEVELS × columns) density, top row white."""
    # One picture column per scope column: uneven shares would stripe the traces.
    return level_columns(luma(reduced(rgb, columns, _WAVE_ROWS)), columns)


def parade(rgb: np.ndarray, columns: int = 128) -> np.ndarray:
    """R', G' and B' waveforms: (3 × LEVELS × columns) density."""
    small = reduced(rgb, columns, _WAVE_ROWS).astype(np.float32) / 255.0
    return np.stack([level_columns(small[..., c], columns) for c in range(3)])


def vectorscope(rgb: np.ndarray, size: int = 128) -> np.ndarray:
    """(size × size) density of Cb (left to right) and Cr (bottom to top); the centre is
    neutral and the edge is Cb or Cr ±VECTOR_EDGE."""
    cb, cr = chroma(reduced(rgb))
    scale = (size - 1) / (2 * VECTOR_EDGE)
    x = np.clip(np.rint((cb + VECTOR_EDGE) * scale), 0, size - 1).astype(np.int64)
    y = np.clip(np.rint((VECTOR_EDGE - cr) * scale), 0, size - 1).astype(np.int64)
    counts = np.bincount((y * size + x).ravel(), minlength=size * size).reshape(size, size)
    # Neutral pixels pile into a few cells at the centre: scaled so that the busier cells
    # of the rest glow fully, or the hues would hardly show beside them.
    used = counts[counts > 0]
    full = float(np.percentile(used, 90)) if used.size else 1.0
    return np.sqrt(np.minimum(1.0, counts / max(1.0, full))).astype(np.float32)


def histogram(rgb: np.ndarray, bins: int = 256) -> np.ndarray:
    """Pixels per level for R', G', B': (3 × bins) counts, each scaled so its tallest is 1."""
    small = reduced(rgb)
    counts = np.stack([np.bincount((small[..., c].astype(np.int64).ravel() * bins) // 256, minlength=bins) for c in range(3)])
    return (counts / np.maximum(1, counts.max(axis=1, keepdims=True))).astype(np.float32)


def vector_position(r: float, g: float, b: float) -> tuple[float, float]:
    """Where the colour (R', G', B' in 0..1) lands on the vectorscope, as fractions of its
    width from the left and of its height from the top."""
    cb, cr = chroma(np.array([[[r * 255, g * 255, b * 255]]], np.float32).clip(0, 255))
    return float((cb[0, 0] + VECTOR_EDGE) / (2 * VECTOR_EDGE)), float((VECTOR_EDGE - cr[0, 0]) / (2 * VECTOR_EDGE))


# The 75 % colour bars' positions (the boxes on a vectorscope's graticule).
VECTOR_TARGETS = {
    name: vector_position(*(0.75 * c for c in colour))
    for name, colour in {
        "R": (1, 0, 0), "Mg": (1, 0, 1), "B": (0, 0, 1), "Cy": (0, 1, 1), "G": (0, 1, 0), "Yl": (1, 1, 0),
    }.items()
}
# The skin-tone (flesh) line: about 123° counter-clockwise from the +Cb axis, whatever the
# complexion; a face off this line carries a cast.
SKIN_ANGLE = math.radians(123.0)

_TRACE = np.array([[140, 255, 160]], np.float32)  # a phosphor green
_CHANNELS = np.array([[255, 70, 70], [70, 255, 70], [90, 140, 255]], np.float32)


def scope_picture(rgb: np.ndarray, kind: ScopeKind) -> np.ndarray:
    """The traces of ``kind`` for the picture, as an RGB uint8 image on black (the UI scales
    it and draws the graticule over it)."""
    if kind is ScopeKind.WAVEFORM:
        glow = waveform(rgb)[..., None]
        return (glow * _TRACE).astype(np.uint8)
    if kind is ScopeKind.PARADE:
        channels = parade(rgb)
        gap = np.zeros((LEVELS, 4, 3), np.float32)
        parts = []
        for c in range(3):
            parts += [channels[c][..., None] * _CHANNELS[c], gap]
        return np.concatenate(parts[:-1], axis=1).astype(np.uint8)
    if kind is ScopeKind.VECTORSCOPE:
        glow = vectorscope(rgb, 192)[..., None]
        return (glow * 235).repeat(3, axis=2).astype(np.uint8)
    counts = histogram(rgb)
    height = LEVELS
    rows = np.arange(height, 0, -1, dtype=np.float32)[:, None] / height  # top row is 1
    picture = np.zeros((height, counts.shape[1], 3), np.float32)
    for c in range(3):
        filled = (rows <= counts[c][None, :]).astype(np.float32)
        picture += filled[..., None] * (_CHANNELS[c] * 0.55)  # overlaps add up towards white
    return np.clip(picture, 0, 255).astype(np.uint8)
