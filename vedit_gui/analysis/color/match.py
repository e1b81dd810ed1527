"""Shot match: the grade that brings a shot's colour statistics to a reference shot's.

Colour-statistics transfer fitted to the grade's own parameters, so the result stays a set
of sliders: linear-light channel means give exposure, temperature and tint; the spread of
luma Y' gives contrast (around the shot's mean); the mean chroma gives saturation. Two
refinement passes re-measure the graded shot, since the steps interact through clipping.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ...media.grade import LUMA_709, Grade, apply_grade, srgb_to_linear
from .classical import gains_to_params, small_frame
from .errors import ColorError

_SIDE = 96
_REFINE = 4


def _pixels(frames: Sequence[np.ndarray]) -> np.ndarray:
    return np.concatenate([f.reshape(-1, 3) for f in frames]).astype(np.float64) / 255.0


def _channel_means(pixels: np.ndarray) -> np.ndarray:
    return srgb_to_linear(pixels).mean(axis=0) + 1e-4


def _luma_chroma(pixels: np.ndarray) -> tuple[float, float, float]:
    luma = pixels @ np.asarray(LUMA_709)
    chroma = np.abs(pixels - luma[:, None]).mean()
    return float(luma.mean()), float(luma.std() + 1e-4), float(chroma + 1e-4)


def match_grade(frames: Sequence[np.ndarray], reference_frames: Sequence[np.ndarray]) -> Grade:
    """The grade that makes ``frames`` (one shot) look like ``reference_frames`` (another)."""
    if not frames or not reference_frames:
        raise ColorError("shot match needs frames of both the shot and the reference")
    shot = [small_frame(f, _SIDE) for f in frames]
    ref = _pixels([small_frame(f, _SIDE) for f in reference_frames])
    ref_means = _channel_means(ref)
    ref_mean, ref_std, ref_chroma = _luma_chroma(ref)
    params = {"exposure": 0.0, "temperature": 0.0, "tint": 0.0}
    grade = Grade.identity()
    for _ in range(_REFINE + 1):
        # Exposure and white balance first, measured with tone and saturation applied.
        now = _pixels([apply_grade(f, grade) for f in shot])
        ev, temperature, tint = gains_to_params(ref_means / _channel_means(now))
        params = {
            "exposure": params["exposure"] + ev,
            "temperature": params["temperature"] + temperature,
            "tint": params["tint"] + tint,
        }
        balanced = _pixels([apply_grade(f, Grade.clamped(**params)) for f in shot])
        mean, std, _ = _luma_chroma(balanced)
        contrast = ref_std / std
        toned_grade = Grade.clamped(**params, contrast=contrast, pivot=mean)
        toned = _pixels([apply_grade(f, toned_grade) for f in shot])
        _, _, chroma = _luma_chroma(toned)
        grade = Grade.clamped(
            **params, contrast=contrast, pivot=mean, saturation=ref_chroma / chroma
        )
    return grade
