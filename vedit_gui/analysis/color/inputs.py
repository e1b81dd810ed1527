"""The colour model's inputs, computed in torch for many pictures at once.

For each group of small frames (a shot at inference, one degraded view in training): the
classical estimate of :mod:`.classical` (shades-of-gray white balance and geometric-mean auto
exposure over the group's pixels), the frames with it applied (rounded to 8 bits, as the
grade function would), and colour statistics of each corrected frame. One implementation
serves training and inference, so the model sees the same numbers in both; it matches
:func:`.classical.classical_estimate` (tested).
"""

from __future__ import annotations

import torch

from ...media.grade import LUMA_709, PARAM_SPECS
from .classical import MID_GREY, SHADES_P
from .layout import LUMA_BINS, PERCENTILES
from .torch_grade import grade_tensor

_ESTIMATE_PARAMS = ("exposure", "temperature", "tint")


def _linear(v: torch.Tensor) -> torch.Tensor:
    return torch.where(v <= 0.04045, v / 12.92, ((v + 0.055) / 1.055).clamp_min(1e-8) ** 2.4)


def classical_tensor(pixels: torch.Tensor) -> torch.Tensor:
    """(G, 3) exposure, temperature, tint for groups of sRGB pixels (G, P, 3) in [0, 1]."""
    linear = _linear(pixels.double())
    # Clipped pixels carry no colour information about the light (unless nearly all are).
    keep = (linear.amax(dim=2) < 0.98).double()
    keep = torch.where(keep.sum(dim=1, keepdim=True) > 64, keep, torch.ones_like(keep))
    power = (linear**SHADES_P * keep[..., None]).sum(dim=1) / keep.sum(dim=1)[:, None]
    illuminant = power ** (1.0 / SHADES_P) + 1e-4
    illuminant = illuminant / illuminant.mean(dim=1, keepdim=True)
    gains = 1.0 / illuminant
    luma = ((linear * gains[:, None, :]) @ torch.tensor(LUMA_709, dtype=linear.dtype)).clamp_min(1e-4)
    exposure = torch.log2(MID_GREY / torch.exp(torch.log(luma).mean(dim=1)))
    lr, lg, lb = torch.log2(gains.clamp_min(1e-6)).unbind(dim=1)
    params = torch.stack(
        [exposure + (lr + lg + lb) / 3, lr - lb, lg - (lr + lb) / 2], dim=1
    )
    low = torch.tensor([PARAM_SPECS[n].low for n in _ESTIMATE_PARAMS], dtype=params.dtype)
    high = torch.tensor([PARAM_SPECS[n].high for n in _ESTIMATE_PARAMS], dtype=params.dtype)
    return torch.maximum(torch.minimum(params, high), low).float()


def frame_features(corrected: torch.Tensor, classical: torch.Tensor) -> torch.Tensor:
    """(B, :data:`N_FEATURES`) statistics of corrected frames (B, 3, S, S) and their estimate
    (B, 3): channel means and spreads, luma percentiles and histogram, chroma, clipping and
    per-channel percentiles."""
    v = corrected.flatten(2).transpose(1, 2)  # (B, P, 3)
    luma = v @ torch.tensor(LUMA_709, dtype=v.dtype)
    chroma = (v - luma[..., None]).abs().mean(dim=(1, 2))
    quantiles = torch.tensor((0.02, 0.5, 0.98), dtype=v.dtype)
    luma_q = torch.quantile(luma, quantiles, dim=1).T
    bins = (luma * LUMA_BINS).long().clamp(0, LUMA_BINS - 1)
    histogram = torch.nn.functional.one_hot(bins, LUMA_BINS).to(v.dtype).mean(dim=1)
    channel_q = torch.quantile(v, torch.tensor(PERCENTILES, dtype=v.dtype), dim=1)  # (Q, B, 3)
    return torch.cat(
        [
            classical,
            v.mean(dim=1),
            v.std(dim=1, correction=0),
            luma_q,
            torch.stack([chroma, (v.amax(dim=2) > 0.98).to(v.dtype).mean(dim=1),
                         (v.amax(dim=2) < 0.02).to(v.dtype).mean(dim=1)], dim=1),
            histogram,
            channel_q.permute(1, 2, 0).flatten(1),
        ],
        dim=1,
    )


def prepare(small: torch.Tensor, *, one_shot: bool) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """(corrected frames, features, classical estimate per frame) for small frames
    (N, 3, S, S) in [0, 1]: all N one shot (one estimate) or each frame its own."""
    pixels = small.flatten(2).transpose(1, 2)
    if one_shot:
        estimate = classical_tensor(pixels.reshape(1, -1, 3)).expand(len(small), 3)
    else:
        estimate = classical_tensor(pixels)
    params = torch.cat([estimate, torch.ones_like(estimate)], dim=1)
    # The frames the grade function would produce: 8-bit values.
    corrected = torch.round(grade_tensor(small, params) * 255.0) / 255.0
    return corrected, frame_features(corrected, estimate), estimate
