"""Stabilisation: a shot's camera path, smoothed, and the warp that moves each frame onto it.

A shaky shot's camera path (:class:`CameraPath`, measured by ``analysis.shake``) is the
picture's position and tilt frame by frame, relative to the shot's first frame: x and y in
widths of the picture (so one path serves the 48-pixel analysis frame, the 1280-pixel
preview and the 4K render alike), the tilt in radians. Stabilising follows a smoothed copy
of that path: each frame is moved by what separates the two and enlarged just enough, the
same for the whole shot, that no edge shows. One function (:func:`stabilize`) warps a frame;
the preview and the render both call it, through :class:`Stabilization`.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import cv2
import numpy as np

# How long a stretch of the path the smoothing averages over, by default (one standard
# deviation of its Gaussian): slow enough to keep a deliberate pan, fast enough to drop a
# hand's tremor.
DEFAULT_SMOOTHING_S = 0.5
MIN_SMOOTHING_S = 0.1
MAX_SMOOTHING_S = 3.0
# The most a stabilised shot is enlarged (crop of 1 − 1/MAX_ZOOM of each side's length):
# beyond this the picture softens visibly and the frame loses too much of its edges.
MAX_ZOOM = 1.25


class StabilizationError(ValueError):
    """Stabilisation parameters that cannot be used (a damaged or foreign project)."""


@dataclass(frozen=True, eq=False)
class CameraPath:
    """Per frame (from ``start``, a source frame): x, y (in picture widths) and tilt
    (radians, as ``cv2.estimateAffinePartial2D`` measures it: clockwise on screen) of the
    picture's content relative to the first frame of the path."""

    start: int
    xya: np.ndarray  # (frames, 3) float64

    def __post_init__(self) -> None:
        if self.xya.ndim != 2 or self.xya.shape[1] != 3 or len(self.xya) == 0:
            raise StabilizationError(f"a camera path is frames × 3, not {self.xya.shape}")
        if not np.isfinite(self.xya).all():
            raise StabilizationError("the camera path has a missing value")

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, CameraPath) and self.start == other.start
                and np.array_equal(self.xya, other.xya))

    __hash__ = None  # type: ignore[assignment]  # compared by value, and mutable underneath

    @property
    def frames(self) -> int:
        return len(self.xya)

    def encode(self) -> str:
        """The path as text for a project file: float32, little-endian, base64."""
        return base64.b64encode(self.xya.astype("<f4").tobytes()).decode("ascii")

    @classmethod
    def decode(cls, start: int, text: str) -> CameraPath:
        try:
            raw = base64.b64decode(text.encode("ascii"), validate=True)
        except (ValueError, UnicodeEncodeError) as exc:
            raise StabilizationError(f"the camera path is not readable: {exc}") from exc
        if len(raw) % 12:
            raise StabilizationError("the camera path is cut short")
        return cls(int(start), np.frombuffer(raw, dtype="<f4").reshape(-1, 3).astype(np.float64))


def smooth_path(xya: np.ndarray, sigma_frames: float) -> np.ndarray:
    """A Gaussian-smoothed copy of a path. Its ends are extended point-symmetrically, so a
    steady pan stays itself to the last frame (mirroring would fold it back on itself)."""
    if sigma_frames <= 0 or len(xya) < 2:
        return xya.copy()
    radius = int(min(3 * sigma_frames, len(xya) - 1))
    taps = np.exp(-0.5 * (np.arange(-radius, radius + 1) / sigma_frames) ** 2)
    taps /= taps.sum()
    padded = np.pad(xya, ((radius, radius), (0, 0)), mode="reflect", reflect_type="odd")
    return np.stack([np.convolve(padded[:, k], taps, mode="valid") for k in range(xya.shape[1])], axis=1)


def zoom_needed(corrections: np.ndarray, aspect: float) -> float:
    """The least enlargement that hides every corrected frame's edges: the output's corners,
    taken back through each frame's move, must land inside the picture. ``aspect`` is
    height / width; corrections are x, y (widths) and tilt per frame. All frames at once: the
    inspector asks on the GUI thread, for shots of thousands of frames."""
    dx, dy, da = (np.asarray(corrections, dtype=np.float64).reshape(-1, 3).T)
    room_x, room_y = 0.5 - np.abs(dx), 0.5 * aspect - np.abs(dy)
    if (room_x <= 0).any() or (room_y <= 0).any():
        return float("inf")
    c, s = np.cos(da), np.sin(da)
    zoom = 1.0
    for py in (0.5 * aspect, -0.5 * aspect):  # two corners; ± covers all four
        # A corner p of the output shows source point R(−a)·p / zoom − t.
        turned_x, turned_y = np.abs(0.5 * c + py * s), np.abs(-0.5 * s + py * c)
        zoom = max(zoom, float((turned_x / room_x).max()), float((turned_y / room_y).max()))
    return zoom


@dataclass(frozen=True)
class Stabilization:
    """A shot's stabilisation: its measured ``path`` followed along a copy smoothed over
    ``smoothing_s`` seconds, at ``rate`` frames a second; ``aspect`` is the source's
    height / width (for the enlargement that hides the edges)."""

    path: CameraPath
    smoothing_s: float
    rate: float
    aspect: float

    def __post_init__(self) -> None:
        if not MIN_SMOOTHING_S <= self.smoothing_s <= MAX_SMOOTHING_S:
            raise StabilizationError(f"smoothing {self.smoothing_s} s outside {MIN_SMOOTHING_S}–{MAX_SMOOTHING_S} s")
        if not (self.rate > 0 and self.aspect > 0):
            raise StabilizationError("stabilisation needs the source's rate and shape")

    @cached_property
    def _moves(self) -> tuple[np.ndarray, float]:
        raw = self.path.xya
        corrections = smooth_path(raw, self.smoothing_s * self.rate) - raw
        zoom = zoom_needed(corrections, self.aspect)
        if zoom > MAX_ZOOM:
            # More shake than the largest crop can hide: follow the camera part of the way.
            lo, hi = 0.0, 1.0
            for _ in range(20):
                mid = (lo + hi) / 2
                lo, hi = (mid, hi) if zoom_needed(corrections * mid, self.aspect) <= MAX_ZOOM else (lo, mid)
            corrections = corrections * lo
            zoom = max(1.0, zoom_needed(corrections, self.aspect))
        return corrections, zoom

    @property
    def zoom(self) -> float:
        """How much every frame of the shot is enlarged (1.0: not at all)."""
        return self._moves[1]

    def covers(self, source_frame: int) -> bool:
        return self.path.start <= source_frame < self.path.start + self.path.frames

    def matrix(self, source_frame: int, width: int, height: int) -> np.ndarray:
        """The 2×3 affine map from source pixels to output pixels for ``source_frame``,
        for a picture of ``width`` × ``height`` (any size: the path is in widths)."""
        corrections, zoom = self._moves
        offset = min(max(source_frame - self.path.start, 0), self.path.frames - 1)
        dx, dy, da = corrections[offset]
        # Output = zoom · R(tilt) · (source − centre + move) + centre: the inverse is the one
        # zoom_needed checks the corners with.
        c, s = np.cos(da), np.sin(da)
        turn = zoom * np.array([[c, -s], [s, c]])
        centre = np.array([width / 2.0, height / 2.0])
        return np.hstack([turn, (turn @ (np.array([dx, dy]) * width - centre) + centre)[:, None]])

    def to_params(self) -> dict[str, Any]:
        return {
            "start": self.path.start,
            "path": self.path.encode(),
            "smoothing_s": round(self.smoothing_s, 3),
            "rate": self.rate,
            "aspect": self.aspect,
        }

    @classmethod
    def from_params(cls, params: dict[str, Any]) -> Stabilization:
        try:
            return cls(
                CameraPath.decode(int(params["start"]), str(params["path"])),
                float(params.get("smoothing_s", DEFAULT_SMOOTHING_S)),
                float(params["rate"]),
                float(params["aspect"]),
            )
        except (KeyError, TypeError, ValueError) as exc:
            if isinstance(exc, StabilizationError):
                raise
            raise StabilizationError(f"stabilisation settings are incomplete: {exc}") from exc

    def with_smoothing(self, smoothing_s: float) -> Stabilization:
        return Stabilization(self.path, min(MAX_SMOOTHING_S, max(MIN_SMOOTHING_S, smoothing_s)), self.rate, self.aspect)


def stabilize(picture: np.ndarray, matrix: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """``picture`` (H×W×3 uint8, or one H×W plane of it) moved by ``matrix`` (from
    :meth:`Stabilization.matrix` for a picture of this size). Edges that would show are
    repeated outward rather than black (only where a shot shakes more than the largest crop
    hides)."""
    height, width = picture.shape[:2]
    return cv2.warpAffine(
        picture, matrix, (width, height), dst=out, flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
    )


__all__ = [
    "DEFAULT_SMOOTHING_S",
    "MAX_SMOOTHING_S",
    "MAX_ZOOM",
    "MIN_SMOOTHING_S",
    "CameraPath",
    "Stabilization",
    "StabilizationError",
    "smooth_path",
    "stabilize",
    "zoom_needed",
]
