"""How each shot is "graded": its colour cast, a lens vignette and a photographer's flash.

Casts are deliberate and differ between shots, as footage from different cameras and
light does, so that the colour-correction suggestions have something to find.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np


@dataclass(frozen=True)
class Cast:
    """Per-channel gain, gamma and lift (R, G, B), applied to values in 0..1."""

    gain: tuple[float, float, float] = (1.0, 1.0, 1.0)
    gamma: tuple[float, float, float] = (1.0, 1.0, 1.0)
    lift: tuple[float, float, float] = (0.0, 0.0, 0.0)

    def table(self) -> np.ndarray:
        """A 256-entry lookup table, shape (1, 256, 3), for :func:`cv2.LUT`."""
        x = np.linspace(0, 1, 256, dtype=np.float64)
        channels = [np.clip(np.power(np.clip(x * g, 0, 1), gm) + lf, 0, 1) for g, gm, lf in zip(self.gain, self.gamma, self.lift, strict=True)]
        return np.round(np.stack(channels, axis=-1) * 255).astype(np.uint8)[None, :, :]


CASTS: dict[str, Cast] = {
    "neutral": Cast(gamma=(0.97, 0.97, 0.97)),
    "warm": Cast(gain=(1.08, 1.0, 0.8), lift=(0.02, 0.01, 0.0)),
    "cool": Cast(gain=(0.8, 0.95, 1.18), lift=(0.0, 0.01, 0.05)),
    "green": Cast(gain=(0.9, 1.1, 0.86), gamma=(1.05, 0.95, 1.05)),
    "under-exposed": Cast(gain=(0.62, 0.6, 0.6), gamma=(1.3, 1.3, 1.25)),
    "teal": Cast(gain=(0.85, 1.05, 1.1), lift=(0.0, 0.03, 0.04)),
    "magenta": Cast(gain=(1.06, 0.88, 1.04), lift=(0.02, 0.0, 0.02)),
}


class CastError(KeyError):
    """An unknown colour cast name."""


def cast_table(name: str) -> np.ndarray:
    if name not in CASTS:
        raise CastError(f"unknown colour cast {name!r}; known: {', '.join(sorted(CASTS))}")
    return CASTS[name].table()


def apply_cast(frame: np.ndarray, table: np.ndarray) -> np.ndarray:
    return cv2.LUT(frame, table)


def vignette(width: int, height: int, strength: float = 0.3) -> np.ndarray:
    """A lens fall-off mask, shape (H, W, 1): 1 in the centre, ``1 - strength`` in the corners."""
    y = np.linspace(-1, 1, height, dtype=np.float32)[:, None]
    x = np.linspace(-1, 1, width, dtype=np.float32)[None, :]
    radius = (x * x + y * y) / 2
    return (1 - strength * radius**1.5)[..., None].astype(np.float32)


def flash(frame: np.ndarray, strength: float) -> np.ndarray:
    """The frame lit by a camera flash: everything pushed toward white by ``strength`` (0..1)."""
    lit = frame.astype(np.float32)
    lit += (255 - lit) * strength
    return lit.astype(np.uint8)


# The flash's decay over its frames: a burst, then the afterglow.
FLASH_CURVE = (0.85, 0.5, 0.2)
