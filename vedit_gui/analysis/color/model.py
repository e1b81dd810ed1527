"""The colour model: a small CNN that corrects the classical estimate, and its weights.

Input: the shot's frames after the classical white balance and exposure (:mod:`.classical`),
shrunk to :data:`INPUT_SIDE` squared, plus colour statistics of them. Output: corrections to
exposure, temperature and tint, log contrast, log saturation and log gamma, and a gate
``alpha`` in [0, 1] that scales the whole grade towards "no change" — the model's confidence.
:func:`grade_tensor` is a differentiable copy of :func:`vedit_gui.media.grade.grade_float`
(pivot, black and white levels left neutral) so training can score the corrected picture.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import torch
from torch import nn

from ...media.grade import DEFAULT_PIVOT, LUMA_709, PARAM_SPECS
from ..errors import ModelLoadError

INPUT_SIDE = 64
MODEL_VERSION = 1
MODEL_NAME = "color-v1.pt"
# Order of the predicted grade parameters (log-scaled ones are multiplicative).
OUTPUT_PARAMS = ("exposure", "temperature", "tint", "contrast", "saturation", "gamma")
N_FEATURES = 15


def default_weights() -> Path:
    return Path(__file__).resolve().parents[3] / "models" / MODEL_NAME


def image_features(corrected: np.ndarray, classical: tuple[float, float, float]) -> np.ndarray:
    """Colour statistics of a classically corrected small frame (uint8) and the estimate."""
    v = corrected.reshape(-1, 3).astype(np.float32) / 255.0
    luma = v @ np.asarray(LUMA_709, np.float32)
    chroma = v - luma[:, None]
    lo, mid, hi = np.percentile(luma, (2, 50, 98))
    feats = [
        *classical,
        *v.mean(axis=0),
        *v.std(axis=0),
        lo, mid, hi,
        float(np.abs(chroma).mean()),
        float((v.max(axis=1) > 0.98).mean()),
        float((v.max(axis=1) < 0.02).mean()),
    ]
    return np.asarray(feats, np.float32)


class ColorNet(nn.Module):
    """Four strided convolutions, pooled, joined with the statistics, then a small MLP."""

    def __init__(self) -> None:
        super().__init__()
        layers: list[nn.Module] = []
        channels = [3, 16, 32, 48, 64]
        for cin, cout in zip(channels, channels[1:], strict=False):
            layers += [nn.Conv2d(cin, cout, 3, stride=2, padding=1), nn.BatchNorm2d(cout), nn.ReLU()]
        self.conv = nn.Sequential(*layers)
        self.head = nn.Sequential(
            nn.Linear(64 * 2 + N_FEATURES, 96), nn.ReLU(), nn.Linear(96, len(OUTPUT_PARAMS) + 1)
        )
        # Start at "the classical estimate, fully applied".
        nn.init.zeros_(self.head[-1].weight)
        nn.init.zeros_(self.head[-1].bias)
        with torch.no_grad():
            self.head[-1].bias[-1] = 2.0

    def forward(self, image: torch.Tensor, features: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """(B, 6) corrections and (B,) gate for images (B, 3, S, S) in [0, 1]."""
        x = self.conv(image * 2.0 - 1.0)
        pooled = torch.cat([x.mean(dim=(2, 3)), x.amax(dim=(2, 3))], dim=1)
        out = self.head(torch.cat([pooled, features], dim=1))
        return out[:, :-1], torch.sigmoid(out[:, -1])


def combine(classical: torch.Tensor, delta: torch.Tensor, alpha: torch.Tensor) -> torch.Tensor:
    """Grade parameters (B, 6) in :data:`OUTPUT_PARAMS` order: gate × (classical + delta)."""
    a = alpha[:, None]
    additive = a * (classical + delta[:, :3])
    multiplicative = torch.exp(a * delta[:, 3:])
    params = torch.cat([additive, multiplicative], dim=1)
    low = torch.tensor([PARAM_SPECS[n].low for n in OUTPUT_PARAMS], dtype=params.dtype)
    high = torch.tensor([PARAM_SPECS[n].high for n in OUTPUT_PARAMS], dtype=params.dtype)
    return torch.maximum(torch.minimum(params, high), low)


def _srgb_to_linear(v: torch.Tensor) -> torch.Tensor:
    return torch.where(v <= 0.04045, v / 12.92, ((v + 0.055) / 1.055).clamp_min(1e-8) ** 2.4)


def _linear_to_srgb(v: torch.Tensor) -> torch.Tensor:
    v = v.clamp(0.0, 1.0)
    return torch.where(v <= 0.0031308, v * 12.92, 1.055 * v.clamp_min(1e-8) ** (1 / 2.4) - 0.055)


def grade_tensor(image: torch.Tensor, params: torch.Tensor) -> torch.Tensor:
    """Grade images (B, 3, H, W) in [0, 1] with parameters (B, 6), differentiably."""
    exposure, temperature, tint, contrast, saturation, gamma = params.unbind(dim=1)
    log_gains = torch.stack(
        [
            exposure + temperature / 2 - tint / 3,
            exposure + 2 * tint / 3,
            exposure - temperature / 2 - tint / 3,
        ],
        dim=1,
    )
    v = _linear_to_srgb(_srgb_to_linear(image) * torch.exp2(log_gains)[:, :, None, None])
    v = v.clamp_min(1e-6) ** (1.0 / gamma)[:, None, None, None]
    v = (DEFAULT_PIVOT + (v - DEFAULT_PIVOT) * contrast[:, None, None, None]).clamp(0.0, 1.0)
    weights = torch.tensor(LUMA_709, dtype=v.dtype)[None, :, None, None]
    luma = (v * weights).sum(dim=1, keepdim=True)
    return (luma + (v - luma) * saturation[:, None, None, None]).clamp(0.0, 1.0)


def save_model(model: ColorNet, path: Path, meta: dict[str, object]) -> None:
    """Weights and training facts, written to a temp file and renamed (atomic)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    torch.save({"version": MODEL_VERSION, "state": model.state_dict(), "meta": meta}, tmp)
    tmp.replace(path)


def load_model(path: Path | None = None) -> ColorNet:
    path = path or default_weights()
    try:
        saved = torch.load(path, map_location="cpu", weights_only=True)
    except FileNotFoundError as exc:
        raise ModelLoadError(f"colour model weights not found at {path}") from exc
    except Exception as exc:  # torch raises many types for a damaged file
        raise ModelLoadError(f"colour model weights at {path} are damaged: {exc}") from exc
    if not isinstance(saved, dict) or saved.get("version") != MODEL_VERSION:
        raise ModelLoadError(f"{path.name} is not colour model version {MODEL_VERSION}")
    model = ColorNet()
    try:
        model.load_state_dict(saved["state"])
    except (RuntimeError, KeyError) as exc:
        raise ModelLoadError(f"{path.name} does not fit the colour model: {exc}") from exc
    model.eval()
    return model
