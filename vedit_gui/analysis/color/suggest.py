"""One suggested grade per shot: the classical estimate corrected by the colour model.

Frames sampled across the shot are pooled into one estimate and the model's outputs are
averaged over them, so a shot gets a single grade (no flicker). A gate below
``min_confidence`` returns the identity grade: "no change" is the safe answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np
import torch

from ...media.grade import Grade, apply_grade
from .classical import classical_estimate, small_frame
from .errors import ColorError
from .model import INPUT_SIDE, ColorNet, combine, image_features, load_model

MAX_FRAMES = 8
# Chosen on the held-out bench: lower thresholds gain more on average but make more
# pictures worse (see models/color-v1.md).
MIN_CONFIDENCE = 0.8


@lru_cache(maxsize=2)
def _cached_model(path: Path | None) -> ColorNet:
    return load_model(path)


def sample_frames(frames: Sequence[np.ndarray], count: int = MAX_FRAMES) -> list[np.ndarray]:
    """Up to ``count`` frames spread evenly across the shot."""
    if not frames:
        raise ColorError("a shot needs at least one frame to suggest a grade")
    picks = np.linspace(0, len(frames) - 1, min(count, len(frames))).round().astype(int)
    return [frames[i] for i in sorted(set(picks.tolist()))]


def model_inputs(frames: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(images (N, 3, S, S) float32, features (N, F), classical (3,)) for a shot's frames."""
    small = [small_frame(f, INPUT_SIDE) for f in frames]
    est = classical_estimate(small)
    classical = (est.exposure, est.temperature, est.tint)
    base = Grade.clamped(exposure=est.exposure, temperature=est.temperature, tint=est.tint)
    corrected = [apply_grade(f, base) for f in small]
    images = np.stack([c.transpose(2, 0, 1) for c in corrected]).astype(np.float32) / 255.0
    features = np.stack([image_features(c, classical) for c in corrected])
    return images, features, np.asarray(classical, np.float32)


def predict(model: ColorNet, frames: Sequence[np.ndarray]) -> tuple[Grade, float]:
    """The model's grade for the shot and its gate, before the confidence threshold."""
    images, features, classical = model_inputs(frames)
    with torch.no_grad():
        delta, alpha = model(torch.from_numpy(images), torch.from_numpy(features))
        # One grade per shot: average the per-frame outputs before combining them.
        params = combine(
            torch.from_numpy(classical)[None], delta.mean(dim=0, keepdim=True), alpha.mean()[None]
        )[0]
    names = ("exposure", "temperature", "tint", "contrast", "saturation", "gamma")
    values = {name: float(v) for name, v in zip(names, params, strict=True)}
    return Grade.clamped(**values), float(alpha.mean())


def suggest_grade(
    frames: Sequence[np.ndarray],
    *,
    weights: Path | None = None,
    min_confidence: float = MIN_CONFIDENCE,
) -> tuple[Grade, float]:
    """(grade, confidence) correcting a shot's exposure, colour cast and tone.

    ``frames`` are H×W×3 uint8 RGB frames of one shot (up to :data:`MAX_FRAMES` are used,
    spread evenly). Below ``min_confidence`` the grade is the identity.
    """
    sampled = sample_frames(frames)
    grade, confidence = predict(_cached_model(weights), sampled)
    if confidence < min_confidence:
        return Grade.identity(), confidence
    return grade, confidence
