"""The colour model: a small CNN that corrects the classical estimate, and its weights.

Input: the shot's frames after the classical white balance and exposure (:mod:`.classical`),
shrunk to :data:`INPUT_SIDE` squared, plus colour statistics of them. Output: corrections to
exposure, temperature and tint, log contrast, log saturation and log gamma (a residual on the
classical estimate), three gates in [0, 1] — white balance, exposure, tone — that each scale
their part of the grade towards "no change", and the logit of the model's confidence that its
grade improves the picture. Separate gates let the model keep a white-balance correction it
is sure of while leaving an exposure it cannot judge alone (a dark shot may be meant dark).
:mod:`.torch_grade` holds the differentiable grade and colour difference that training
scores the corrected picture with; :mod:`.inputs` computes the model's inputs.
"""

from __future__ import annotations

from pathlib import Path

import torch
from torch import nn

from ...media.grade import PARAM_SPECS
from ..errors import ModelLoadError
from .inputs import N_FEATURES
from .torch_grade import delta_e, grade_tensor, srgb_to_lab

__all__ = [
    "ColorNet", "combine", "default_weights", "delta_e", "grade_tensor", "load_checkpoint",
    "load_model", "save_model", "srgb_to_lab",
]

INPUT_SIDE = 64
MODEL_VERSION = 3
MODEL_NAME = "color-v3.pt"
# Order of the predicted grade parameters (log-scaled ones are multiplicative).
OUTPUT_PARAMS = ("exposure", "temperature", "tint", "contrast", "saturation", "gamma")
# The gates, in output order, and which gate scales each of OUTPUT_PARAMS.
GATES = ("white balance", "exposure", "tone")
_GATE_OF_PARAM = (1, 0, 0, 2, 2, 2)


def default_weights() -> Path:
    return Path(__file__).resolve().parents[3] / "models" / MODEL_NAME


class ColorNet(nn.Module):
    """Four strided convolutions, pooled, joined with the statistics, then a small MLP."""

    def __init__(self) -> None:
        super().__init__()
        layers: list[nn.Module] = []
        channels = [3, 24, 48, 64, 96]
        for cin, cout in zip(channels, channels[1:], strict=False):
            layers += [nn.Conv2d(cin, cout, 3, stride=2, padding=1), nn.BatchNorm2d(cout), nn.ReLU()]
        self.conv = nn.Sequential(*layers)
        self.head = nn.Sequential(
            nn.Linear(96 * 2 + N_FEATURES, 128), nn.ReLU(),
            nn.Linear(128, len(OUTPUT_PARAMS) + len(GATES) + 1),
        )
        # Start at "the classical estimate, fully applied".
        nn.init.zeros_(self.head[-1].weight)
        nn.init.zeros_(self.head[-1].bias)
        with torch.no_grad():
            self.head[-1].bias[len(OUTPUT_PARAMS) : -1] = 2.0

    def forward(
        self, image: torch.Tensor, features: torch.Tensor
    ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """(B, 6) corrections, (B, 3) gates and (B,) confidence logit for images
        (B, 3, S, S) in [0, 1]."""
        x = self.conv(image * 2.0 - 1.0)
        pooled = torch.cat([x.mean(dim=(2, 3)), x.amax(dim=(2, 3))], dim=1)
        out = self.head(torch.cat([pooled, features], dim=1))
        n = len(OUTPUT_PARAMS)
        return out[:, :n], torch.sigmoid(out[:, n:-1]), out[:, -1]


def combine(classical: torch.Tensor, delta: torch.Tensor, gates: torch.Tensor) -> torch.Tensor:
    """Grade parameters (B, 6) in :data:`OUTPUT_PARAMS` order: each its gate × (classical +
    delta); gates (B, 3) in :data:`GATES` order."""
    a = gates[:, list(_GATE_OF_PARAM)]
    additive = a[:, :3] * (classical + delta[:, :3])
    multiplicative = torch.exp(a[:, 3:] * delta[:, 3:])
    params = torch.cat([additive, multiplicative], dim=1)
    low = torch.tensor([PARAM_SPECS[n].low for n in OUTPUT_PARAMS], dtype=params.dtype)
    high = torch.tensor([PARAM_SPECS[n].high for n in OUTPUT_PARAMS], dtype=params.dtype)
    return torch.maximum(torch.minimum(params, high), low)


def save_model(model: ColorNet, path: Path, meta: dict[str, object]) -> None:
    """Weights and training facts, written to a temp file and renamed (atomic)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    torch.save({"version": MODEL_VERSION, "state": model.state_dict(), "meta": meta}, tmp)
    tmp.replace(path)


def load_model(path: Path | None = None) -> ColorNet:
    return load_checkpoint(path)[0]


def load_checkpoint(path: Path | None = None) -> tuple[ColorNet, dict[str, object]]:
    """The model (in eval mode) and its training facts (``meta``) from ``path``."""
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
    meta = saved.get("meta")
    return model, meta if isinstance(meta, dict) else {}
