"""A punch-in: a shot enlarged about a point, the same for all its frames.

Editors of talk punch in on every other piece of a take that has had its pauses taken out: the
jump cut between two pieces then reads as a cut to a second, closer camera. The window kept
is ``1 / zoom`` of the picture each way, centred on ``x``, ``y`` (fractions of the width and
height) and held inside the picture, so no edge ever shows. :meth:`PunchIn.matrix` is the
affine map the preview and the render both warp with (:func:`.stabilize.stabilize`), at any
picture size; a stabilised shot is moved first and then punched in
(:func:`combined_matrix`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

MIN_ZOOM = 1.0
# Past half as large again, a 1080p picture is upscaled from under 720 lines and softens.
MAX_ZOOM = 1.5
# Enough to read as another camera, little enough to keep the picture sharp (editors use 110–120 %).
DEFAULT_ZOOM = 1.15


class PunchInError(ValueError):
    """Punch-in settings that cannot be used (a damaged or foreign project)."""


class FrameMove(Protocol):
    """Anything that moves a source's frames: a stabilisation, a punch-in."""

    def covers(self, source_frame: int) -> bool: ...

    def matrix(self, source_frame: int, width: int, height: int) -> np.ndarray: ...


@dataclass(frozen=True)
class PunchIn:
    """Source frames ``start`` to ``start + frames`` enlarged ``zoom`` times about (x, y)."""

    start: int
    frames: int
    zoom: float
    x: float = 0.5
    y: float = 0.5

    def __post_init__(self) -> None:
        if self.frames <= 0 or self.start < 0:
            raise PunchInError(f"a punch-in needs frames to cover, not {self.frames} from {self.start}")
        if not MIN_ZOOM <= self.zoom <= MAX_ZOOM:
            raise PunchInError(f"zoom {self.zoom:g} outside {MIN_ZOOM:g}–{MAX_ZOOM:g}")
        if not (0.0 <= self.x <= 1.0 and 0.0 <= self.y <= 1.0):
            raise PunchInError(f"the punch-in's centre ({self.x:g}, {self.y:g}) is outside the picture")

    def covers(self, source_frame: int) -> bool:
        return self.start <= source_frame < self.start + self.frames

    @property
    def centre(self) -> tuple[float, float]:
        """The centre of the window kept (fractions), moved in as far as keeps it inside."""
        half = 0.5 / self.zoom
        return min(max(self.x, half), 1.0 - half), min(max(self.y, half), 1.0 - half)

    def matrix(self, source_frame: int, width: int, height: int) -> np.ndarray:
        """The 2×3 map from source pixels to output pixels (the same for every frame)."""
        cx, cy = self.centre
        z = self.zoom
        return np.array([[z, 0.0, width / 2.0 - z * cx * width],
                         [0.0, z, height / 2.0 - z * cy * height]])

    def with_zoom(self, zoom: float) -> PunchIn:
        return PunchIn(self.start, self.frames, min(MAX_ZOOM, max(MIN_ZOOM, zoom)), self.x, self.y)

    def to_params(self) -> dict[str, Any]:
        return {"start": self.start, "frames": self.frames, "zoom": round(self.zoom, 3),
                "x": round(self.x, 4), "y": round(self.y, 4)}

    @classmethod
    def from_params(cls, params: dict[str, Any]) -> PunchIn:
        try:
            return cls(int(params["start"]), int(params["frames"]), float(params["zoom"]),
                       float(params.get("x", 0.5)), float(params.get("y", 0.5)))
        except (KeyError, TypeError, ValueError, OverflowError) as exc:
            if isinstance(exc, PunchInError):
                raise
            raise PunchInError(f"punch-in settings are incomplete: {exc}") from exc


def combined_matrix(moves: list[FrameMove], source_frame: int, width: int, height: int) -> np.ndarray:
    """The one 2×3 map that applies ``moves`` in order (a stabilisation, then a punch-in), so a
    frame is resampled once."""
    total = np.eye(3)
    for move in moves:
        total = np.vstack([move.matrix(source_frame, width, height), [0.0, 0.0, 1.0]]) @ total
    return total[:2]


__all__ = ["DEFAULT_ZOOM", "MAX_ZOOM", "MIN_ZOOM", "FrameMove", "PunchIn", "PunchInError", "combined_matrix"]
