"""One suggested grade per shot: the classical estimate corrected by the colour model.

Frames sampled across the shot are pooled into one estimate and the model's outputs are
averaged over them, so a shot gets a single grade (no flicker). The confidence is the model's
estimate of the chance that its grade brings the shot closer to a neutral, well-exposed
picture. :func:`suggest_grade` answers "no change" below ``min_confidence`` (by default the
threshold calibrated when the weights were trained): the safe answer for a batch. The editor
gets :func:`propose_grade` instead: the model's grade always, with a confidence on the shared
scale (the calibrated threshold at 0.5), so an unsure grade is shown greyed, below the review
threshold, where the editor can still look at it and take it, and nothing accepts it unasked.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from ...media.grade import Grade
from ..operating_point import calibrated_confidence
from .classical import small_frame
from .errors import ColorError
from .infer import NumpyColorNet, default_numpy_weights, load_numpy_model, numpy_model
from .infer import predict as infer_predict
from .layout import INPUT_SIDE

MAX_FRAMES = 8
# Used when the weights carry no calibrated threshold of their own.
MIN_CONFIDENCE = 0.5


@lru_cache(maxsize=2)
def _cached_model(path: Path | None) -> tuple[NumpyColorNet, float]:
    model = _load(path or default_numpy_weights())
    threshold = model.meta.get("min_confidence", MIN_CONFIDENCE)
    return model, float(threshold) if isinstance(threshold, (int, float)) else MIN_CONFIDENCE


def _load(path: Path) -> NumpyColorNet:
    """The NumPy model from an ``.npz``, or from a ``.pt`` checkpoint: the ``.npz`` beside it
    where training wrote one, else converted in memory (other weights under evaluation)."""
    if path.suffix == ".pt":
        beside = path.with_suffix(".npz")
        if beside.exists():
            return load_numpy_model(beside)
        from .model import load_checkpoint, numpy_arrays  # torch, only for such weights

        model, meta = load_checkpoint(path)
        return numpy_model(numpy_arrays(model), meta)
    return load_numpy_model(path)


def calibrated_threshold(weights: Path | None = None) -> float:
    """The confidence below which the weights' suggestions become "no change"."""
    return _cached_model(weights)[1]


def sample_frames(frames: Sequence[np.ndarray], count: int = MAX_FRAMES) -> list[np.ndarray]:
    """Up to ``count`` frames spread evenly across the shot."""
    if not frames:
        raise ColorError("a shot needs at least one frame to suggest a grade")
    picks = np.linspace(0, len(frames) - 1, min(count, len(frames))).round().astype(int)
    return [frames[i] for i in sorted(set(picks.tolist()))]


def predict(model: NumpyColorNet, frames: Sequence[np.ndarray]) -> tuple[Grade, float]:
    """The model's grade for the shot and its confidence, before the threshold: one grade
    from the outputs averaged over the frames and their mirror images."""
    params, confidence = infer_predict(model, [small_frame(f, INPUT_SIDE) for f in frames])
    return Grade.clamped(**params), confidence


def suggest_grade(
    frames: Sequence[np.ndarray],
    *,
    weights: Path | None = None,
    min_confidence: float | None = None,
) -> tuple[Grade, float]:
    """(grade, confidence) correcting a shot's exposure, colour cast and tone.

    ``frames`` are H×W×3 uint8 RGB frames of one shot (up to :data:`MAX_FRAMES` are used,
    spread evenly). Below ``min_confidence`` (default: the weights' calibrated threshold)
    the grade is the identity.
    """
    sampled = sample_frames(frames)
    model, threshold = _cached_model(weights)
    grade, confidence = predict(model, sampled)
    if confidence < (threshold if min_confidence is None else min_confidence):
        return Grade.identity(), confidence
    return grade, confidence


def propose_grade(frames: Sequence[np.ndarray], *, weights: Path | None = None) -> tuple[Grade, float]:
    """(the model's grade for the shot, its confidence with the calibrated threshold at 0.5).
    Below 0.5 the grade is one the model would not vouch for: show it, do not apply it."""
    model, threshold = _cached_model(weights)
    grade, confidence = predict(model, sample_frames(frames))
    return grade, float(calibrated_confidence(confidence, threshold))
