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

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import torch
from torch import nn

from ...media.grade import PARAM_SPECS, Grade
from ..errors import ModelLoadError
from .classical import small_frame
from .inputs import prepare
from .layout import (
    GATE_OF_PARAM,
    GATES,
    INPUT_SIDE,
    MODEL_NAME,
    MODEL_VERSION,
    N_FEATURES,
    OUTPUT_PARAMS,
)
from .torch_grade import delta_e, grade_tensor, srgb_to_lab

__all__ = [
    "INPUT_SIDE", "OUTPUT_PARAMS", "ColorNet", "combine", "default_weights", "delta_e", "export_numpy",
    "grade_tensor", "load_checkpoint", "load_model", "numpy_arrays", "predict_torch", "save_model", "srgb_to_lab",
]


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
    a = gates[:, list(GATE_OF_PARAM)]
    additive = a[:, :3] * (classical + delta[:, :3])
    multiplicative = torch.exp(a[:, 3:] * delta[:, 3:])
    params = torch.cat([additive, multiplicative], dim=1)
    low = torch.tensor([PARAM_SPECS[n].low for n in OUTPUT_PARAMS], dtype=params.dtype)
    high = torch.tensor([PARAM_SPECS[n].high for n in OUTPUT_PARAMS], dtype=params.dtype)
    return torch.maximum(torch.minimum(params, high), low)


def save_model(model: ColorNet, path: Path, meta: dict[str, object]) -> None:
    """Weights and training facts, written to a temp file and renamed (atomic); the NumPy
    copy inference reads goes beside them (:func:`export_numpy`)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    torch.save({"version": MODEL_VERSION, "state": model.state_dict(), "meta": meta}, tmp)
    tmp.replace(path)
    export_numpy(model, meta, path.with_name(path.name.replace(".pt", ".npz")))


def numpy_arrays(model: ColorNet) -> dict[str, np.ndarray]:
    """The eval-mode model as plain arrays, batch norm folded into each convolution: what
    :mod:`.infer` computes with."""
    model = model.eval()
    arrays: dict[str, np.ndarray] = {}
    convs = [m for m in model.conv if isinstance(m, nn.Conv2d)]
    norms = [m for m in model.conv if isinstance(m, nn.BatchNorm2d)]
    with torch.no_grad():
        for i, (conv, norm) in enumerate(zip(convs, norms, strict=True)):
            scale = norm.weight / torch.sqrt(norm.running_var + norm.eps)
            arrays[f"conv{i}.weight"] = (conv.weight * scale[:, None, None, None]).numpy()
            arrays[f"conv{i}.bias"] = ((conv.bias - norm.running_mean) * scale + norm.bias).numpy()
        linears = [m for m in model.head if isinstance(m, nn.Linear)]
        for i, linear in enumerate(linears):
            arrays[f"head{i}.weight"] = linear.weight.numpy().copy()
            arrays[f"head{i}.bias"] = linear.bias.numpy().copy()
    return arrays


def export_numpy(model: ColorNet, meta: dict[str, object], path: Path) -> None:
    """:func:`numpy_arrays` and a JSON header (version, training facts) to ``path``, atomically."""
    header = json.dumps({"version": MODEL_VERSION, "meta": meta})
    tmp = path.with_name(path.name + ".tmp.npz")
    np.savez(tmp, header=np.array(header), **numpy_arrays(model))
    tmp.replace(path)


def model_inputs(frames: Sequence[np.ndarray]) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """(corrected images (N, 3, S, S), features (N, F), classical (N, 3)) for a shot's frames."""
    small = np.stack([small_frame(f, INPUT_SIDE) for f in frames]).transpose(0, 3, 1, 2)
    return prepare(torch.from_numpy(small.astype(np.float32) / 255.0), one_shot=True)


def predict_torch(model: ColorNet, frames: Sequence[np.ndarray]) -> tuple[Grade, float]:
    """The torch model's grade for a shot and its confidence (training calibrates with it;
    the app uses :func:`.suggest.predict`, pinned to this by a test)."""
    with torch.no_grad():
        images, features, classical = model_inputs(frames)
        # Mirrored frames are as likely as the originals: averaging both steadies the answer.
        delta, alpha, sure = model(torch.cat([images, images.flip(3)]), features.repeat(2, 1))
        # One grade per shot: average the per-frame outputs before combining them.
        params = combine(classical[:1], delta.mean(dim=0, keepdim=True), alpha.mean(dim=0, keepdim=True))[0]
        confidence = float(torch.sigmoid(sure.mean()))
    values = {name: float(v) for name, v in zip(OUTPUT_PARAMS, params, strict=True)}
    return Grade.clamped(**values), confidence


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
