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
UI draws them with their scales. Every pixel of the picture given is counted as it is, never
averaged with its neighbours first: a one-pixel clipped highlight must still reach 100 and a
histogram must hold only levels the picture has (larger pictures than the viewer's are read
every n-th pixel, see :func:`sampled`). The viewer's own picture is the footage scaled to at
most 1280 pixels wide, so detail finer than that in 4K footage is averaged there already.
"""

from __future__ import annotations

import math
from enum import Enum
from functools import lru_cache

import cv2
import numpy as np

from .grade import LUMA_709

# Pictures with more pixels than this are read every n-th pixel (a 4K still).
MAX_PIXELS = 2_000_000
LEVELS = 128  # vertical resolution of the waveform and parade
_KB, _KR = LUMA_709[2], LUMA_709[0]
# Cb and Cr span ±0.5; the vectorscope's edge is at this saturation, as on broadcast scopes.
VECTOR_EDGE = 0.5


class ScopeKind(Enum):
    WAVEFORM = "Waveform"
    PARADE = "RGB Parade"
    VECTORSCOPE = "Vectorscope"
    VECTORSCOPE_ZOOMED = "Vectorscope ×2"  # most footage sits in the inner third of the circle
    HISTOGRAM = "Histogram"

    @property
    def zoom(self) -> int:
        """How much the vectorscope is magnified (1 for the other scopes)."""
        return 2 if self is ScopeKind.VECTORSCOPE_ZOOMED else 1


def sampled(rgb: np.ndarray) -> np.ndarray:
    """``rgb`` (H×W×3 uint8) as it is, or every n-th pixel of each n-th row when it holds
    more than :data:`MAX_PIXELS`: real pixel values either way, none averaged."""
    if rgb.ndim != 3 or rgb.shape[2] != 3 or rgb.dtype != np.uint8:
        raise ValueError(f"a scope reads an H×W×3 uint8 picture, not {rgb.shape} {rgb.dtype}")
    step = int(np.ceil(np.sqrt(rgb.shape[0] * rgb.shape[1] / MAX_PIXELS)))
    return rgb if step <= 1 else rgb[::step, ::step]


# Counting runs in OpenCV (cv2.LUT, cv2.transform, cv2.calcHist): fast, and it lets go of the
# interpreter lock, so a scope read on its worker never stalls the GUI thread.
# An 8-bit value's row in a (LEVELS)-row scope, the top row (white) first.
_ROW_OF = (LEVELS - 1 - np.rint(np.arange(256) * (LEVELS - 1) / 255)).astype(np.uint8)
# Y' of 8-bit R'G'B' (the pictures are RGB: the weights in R, G, B order).
_LUMA_ROW = np.array([LUMA_709], np.float32)


@lru_cache(maxsize=4)
def _column_map(height: int, width: int, columns: int) -> tuple[np.ndarray, np.ndarray]:
    """(H×W uint8 scope column of each pixel, pixels per scope column)."""
    column = (np.arange(width) * columns // width).astype(np.uint8)
    return np.ascontiguousarray(np.broadcast_to(column, (height, width))), np.bincount(column, minlength=columns) * height


def _level_columns(channel: np.ndarray, columns: int) -> np.ndarray:
    """(LEVELS × columns) density of the 8-bit ``channel`` (H×W): row 0 is the top (255)."""
    height, width = channel.shape
    columns = min(columns, width)
    where, share = _column_map(height, width, columns)
    rows = cv2.LUT(channel, _ROW_OF)
    counts = cv2.calcHist([rows, where], [0, 1], None, [LEVELS, columns], [0, LEVELS, 0, columns])
    # Each column's count against its share of the picture (shares differ by one picture
    # column where the widths do not divide), as a square root, so that a few pixels still
    # show beside a flat area holding most of a column.
    return np.sqrt(np.minimum(1.0, counts / np.maximum(1.0, share * 0.25))).astype(np.float32)


def waveform(rgb: np.ndarray, columns: int = 256) -> np.ndarray:
    """Luma waveform: (LEVELS × columns) density, top row white. No more columns than the
    picture has."""
    return _level_columns(cv2.transform(sampled(rgb), _LUMA_ROW), columns)


def parade(rgb: np.ndarray, columns: int = 128) -> np.ndarray:
    """R', G' and B' waveforms: (3 × LEVELS × columns) density."""
    return np.stack([_level_columns(channel, columns) for channel in cv2.split(sampled(rgb))])


def _vector_matrix(size: int, zoom: int) -> np.ndarray:
    """The 2×4 affine map from 8-bit R'G'B' to (row, column) on a size × size vectorscope
    whose edge is at ±VECTOR_EDGE / zoom."""
    y = np.asarray(LUMA_709)
    cb = (np.array([0.0, 0.0, 1.0]) - y) / (2 * (1 - _KB)) / 255  # per 8-bit step
    cr = (np.array([1.0, 0.0, 0.0]) - y) / (2 * (1 - _KR)) / 255
    scale = (size - 1) / (2 * VECTOR_EDGE)
    row = np.append(-cr * scale * zoom, VECTOR_EDGE * scale)  # Cr up: the top row is +VECTOR_EDGE
    column = np.append(cb * scale * zoom, VECTOR_EDGE * scale)
    return np.stack([row, column]).astype(np.float32)


def vectorscope(rgb: np.ndarray, size: int = 128, zoom: int = 1) -> np.ndarray:
    """(size × size) density of Cb (left to right) and Cr (bottom to top); the centre is
    neutral and the edge is Cb or Cr ±VECTOR_EDGE / ``zoom`` (colours beyond it are drawn on
    the circle). ``size`` at most 256."""
    pixels = sampled(rgb)
    if zoom == 1:
        places = cv2.transform(pixels, _vector_matrix(size, zoom))  # rounded, within 0..size-1
    else:
        # Magnified, colours past the edge are drawn on the circle where their hue points
        # (in 8 bits they would pile up in a corner on two sides and be lost on the others).
        at = cv2.transform(pixels.astype(np.float32), _vector_matrix(size, zoom)) - (size - 1) / 2
        radius = np.hypot(at[..., 0], at[..., 1])
        at *= np.minimum(1.0, (size - 1) / 2 / np.maximum(radius, 1e-6))[..., None]
        places = np.rint(at + (size - 1) / 2).astype(np.uint8)
    counts = cv2.calcHist([places], [0, 1], None, [size, size], [0, size, 0, size])
    # Neutral pixels pile into a few cells at the centre: scaled so that the busier cells
    # of the rest glow fully, or the hues would hardly show beside them.
    used = counts[counts > 0]
    full = float(np.percentile(used, 90)) if used.size else 1.0
    return np.sqrt(np.minimum(1.0, counts / max(1.0, full))).astype(np.float32)


def histogram(rgb: np.ndarray, bins: int = 256) -> np.ndarray:
    """Pixels per level for R', G', B': (3 × bins) counts, each scaled to the channel's
    busiest levels but one spike (a crushed black, a blown sky) runs off the top rather than
    flattening the rest."""
    counts = np.stack([
        cv2.calcHist([channel], [0], None, [bins], [0, 256]).ravel() for channel in cv2.split(sampled(rgb))
    ])
    top = np.maximum(1.0, np.sort(counts, axis=1)[:, -3:-2] * 1.25)  # a little above the third busiest
    return np.minimum(1.0, counts / top).astype(np.float32)


def vector_position(r: float, g: float, b: float) -> tuple[float, float]:
    """Where the colour (R', G', B' in 0..1) lands on the vectorscope, as fractions of its
    width from the left and of its height from the top."""
    # The scope's own map, on a 2 × 2 grid: its rows and columns are then fractions.
    row, column = _vector_matrix(2, 1) @ np.array([r * 255, g * 255, b * 255, 1.0])
    return float(column), float(row)


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
    if kind in (ScopeKind.VECTORSCOPE, ScopeKind.VECTORSCOPE_ZOOMED):
        glow = vectorscope(rgb, 192, kind.zoom)[..., None]
        return (glow * 235).repeat(3, axis=2).astype(np.uint8)
    counts = histogram(rgb)
    height = LEVELS
    rows = np.arange(height, 0, -1, dtype=np.float32)[:, None] / height  # top row is 1
    picture = np.zeros((height, counts.shape[1], 3), np.float32)
    for c in range(3):
        filled = (rows <= counts[c][None, :]).astype(np.float32)
        picture += filled[..., None] * (_CHANNELS[c] * 0.55)  # overlaps add up towards white
    return np.clip(picture, 0, 255).astype(np.uint8)
