"""The classical colour estimate the model corrects: shades-of-gray white balance and auto
exposure, fitted to a shot's frames as grade parameters.

Shades-of-gray (Finlayson & Trezzi, 2004) takes the Minkowski p-mean of each linear channel
as the illuminant; p = 6 sits between gray-world (p = 1) and max-RGB. Exposure brings the
geometric-mean luminance to mid grey. Both are pooled over all frames, so a shot gets one
estimate.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from ...media.grade import LUMA_709, PARAM_SPECS, srgb_to_linear
from .errors import ColorError

SHADES_P = 6.0
MID_GREY = 0.18
ANALYSIS_SIDE = 64


@dataclass(frozen=True)
class WhiteExposure:
    """Exposure, temperature and tint (grade units) that neutralise and expose a shot."""

    exposure: float
    temperature: float
    tint: float


def small_frame(frame: np.ndarray, side: int = ANALYSIS_SIDE) -> np.ndarray:
    """``frame`` shrunk to ``side``×``side`` (area averaging) for analysis."""
    if frame.dtype != np.uint8 or frame.ndim != 3 or frame.shape[2] != 3:
        raise ColorError(f"frames must be H×W×3 uint8 RGB, not {frame.shape} {frame.dtype}")
    return cv2.resize(frame, (side, side), interpolation=cv2.INTER_AREA)


def _clip(name: str, value: float) -> float:
    spec = PARAM_SPECS[name]
    return float(min(max(value, spec.low), spec.high))


def gains_to_params(gains: np.ndarray) -> tuple[float, float, float]:
    """(exposure, temperature, tint) of linear (R, G, B) gains: the inverse of ``Grade.gains``."""
    lr, lg, lb = np.log2(np.maximum(gains, 1e-6))
    return float((lr + lg + lb) / 3), float(lr - lb), float(lg - (lr + lb) / 2)


def shades_of_gray(frames: Sequence[np.ndarray], p: float = SHADES_P) -> np.ndarray:
    """The linear (R, G, B) illuminant estimate of the frames, normalised to mean 1."""
    if not frames:
        raise ColorError("no frames to estimate the colour of")
    linear = np.concatenate([srgb_to_linear(f.reshape(-1, 3) / 255.0) for f in frames])
    # Clipped pixels carry no colour information about the light.
    keep = linear.max(axis=1) < 0.98
    if keep.sum() > 64:
        linear = linear[keep]
    illuminant = np.mean(linear**p, axis=0) ** (1.0 / p) + 1e-4
    return illuminant / illuminant.mean()


def classical_estimate(frames: Sequence[np.ndarray]) -> WhiteExposure:
    """Shades-of-gray white balance plus geometric-mean auto exposure for a shot."""
    small = [small_frame(f) for f in frames]
    illuminant = shades_of_gray(small)
    gains = 1.0 / illuminant
    linear = np.concatenate([srgb_to_linear(f.reshape(-1, 3) / 255.0) for f in small]) * gains
    luma = np.clip(linear @ np.asarray(LUMA_709), 1e-4, None)
    exposure = float(np.log2(MID_GREY / np.exp(np.mean(np.log(luma)))))
    ev, temperature, tint = gains_to_params(gains)
    return WhiteExposure(
        _clip("exposure", exposure + ev),
        _clip("temperature", temperature),
        _clip("tint", tint),
    )


def gray_world(frame: np.ndarray) -> np.ndarray:
    """The gray-world baseline (p = 1 in linear light, no exposure change), for comparison."""
    gains = 1.0 / shades_of_gray([frame], p=1.0)
    linear = srgb_to_linear(frame / 255.0) * gains
    v = np.clip(linear, 0.0, 1.0)
    encoded = np.where(v <= 0.0031308, v * 12.92, 1.055 * v ** (1 / 2.4) - 0.055)
    return np.round(encoded * 255.0).astype(np.uint8)
