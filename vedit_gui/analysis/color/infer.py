"""The colour model's inference in NumPy, so the editor and ``vedit analyze`` never import
torch (as the cut model's ``cut_infer``). Importing torch took about 1.5 s holding the
interpreter lock, which stalled the GUI thread mid-playback; torch is for training only.

The same arithmetic as :mod:`.inputs`, :mod:`.torch_grade` and :class:`.model.ColorNet` in
eval mode (batch norm folded into the convolutions), in the same precision, step for step,
so the 8-bit rounding of the corrected frames lands the same way; a test pins it to the
torch model. The weights are read from the ``.npz`` written beside the ``.pt`` checkpoint
(:func:`.model.export_numpy`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ...media.grade import DEFAULT_PIVOT, LUMA_709, PARAM_SPECS
from ..errors import ModelLoadError
from .classical import classical_estimate
from .layout import (
    GATE_OF_PARAM,
    LUMA_BINS,
    MODEL_VERSION,
    N_FEATURES,
    NUMPY_NAME,
    OUTPUT_PARAMS,
    PERCENTILES,
)

_LUMA32 = np.asarray(LUMA_709, np.float32)


@dataclass(frozen=True)
class NumpyColorNet:
    """Folded convolutions (weight (O, I, 3, 3), bias (O,)) and the head's two layers."""

    convs: tuple[tuple[np.ndarray, np.ndarray], ...]
    head: tuple[tuple[np.ndarray, np.ndarray], ...]
    meta: dict

    def __call__(self, images: np.ndarray, features: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(B, 6) corrections, (B, 3) gates and (B,) confidence logit for images
        (B, 3, S, S) in [0, 1] and features (B, F)."""
        x = images * np.float32(2.0) - np.float32(1.0)
        for weight, bias in self.convs:
            x = np.maximum(_conv3x3_stride2(x, weight, bias), np.float32(0.0))
        pooled = np.concatenate([x.mean(axis=(2, 3)), x.max(axis=(2, 3))], axis=1)
        h = np.concatenate([pooled, features], axis=1)
        (w1, b1), (w2, b2) = self.head
        out = np.maximum(h @ w1.T + b1, np.float32(0.0)) @ w2.T + b2
        n = len(OUTPUT_PARAMS)
        return out[:, :n], _sigmoid(out[:, n:-1]), out[:, -1]


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return (1.0 / (1.0 + np.exp(-x))).astype(x.dtype)


def _conv3x3_stride2(x: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    """A 3×3 convolution, stride 2, padding 1, of (B, I, H, W) by (O, I, 3, 3)."""
    b, c, h, w = x.shape
    padded = np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1)))
    oh, ow = (h + 1) // 2, (w + 1) // 2
    # The nine shifted, strided views, stacked as (B, I, 3, 3, oh, ow).
    patches = np.stack([
        np.stack([padded[:, :, dy:dy + 2 * oh:2, dx:dx + 2 * ow:2] for dx in range(3)], axis=2)
        for dy in range(3)
    ], axis=2)
    out = np.einsum("bcyxhw,ocyx->bohw", patches, weight, optimize=True)
    return out + bias[None, :, None, None]


def default_numpy_weights() -> Path:
    return Path(__file__).resolve().parents[3] / "models" / NUMPY_NAME


def numpy_model(arrays: dict[str, np.ndarray], meta: dict) -> NumpyColorNet:
    try:
        convs = tuple((arrays[f"conv{i}.weight"], arrays[f"conv{i}.bias"]) for i in range(4))
        head = tuple((arrays[f"head{i}.weight"], arrays[f"head{i}.bias"]) for i in range(2))
    except KeyError as exc:
        raise ModelLoadError(f"the weights do not fit the colour model: missing {exc}") from exc
    return NumpyColorNet(convs, head, meta)


def load_numpy_model(path: Path) -> NumpyColorNet:
    """The model from ``path`` (an ``.npz`` beside the ``.pt`` weights)."""
    try:
        with np.load(path, allow_pickle=False) as data:
            header = json.loads(str(data["header"]))
            arrays = {key: data[key].astype(np.float32) for key in data.files if key != "header"}
    except FileNotFoundError as exc:
        raise ModelLoadError(f"colour model weights not found at {path}") from exc
    except Exception as exc:  # noqa: BLE001 - a damaged file raises many kinds of error
        raise ModelLoadError(f"colour model weights at {path} are damaged: {exc}") from exc
    if header.get("version") != MODEL_VERSION:
        raise ModelLoadError(f"{path.name} is not colour model version {MODEL_VERSION}")
    meta = header.get("meta")
    return numpy_model(arrays, meta if isinstance(meta, dict) else {})


def _linear(v: np.ndarray) -> np.ndarray:
    return np.where(v <= 0.04045, v / 12.92, np.maximum((v + 0.055) / 1.055, 1e-8) ** 2.4).astype(v.dtype)


def _encode(v: np.ndarray) -> np.ndarray:
    v = np.maximum(v, np.float32(0.0))  # above white kept, as the torch copy (clipped at the end)
    return np.where(v <= 0.0031308, v * np.float32(12.92),
                    np.float32(1.055) * np.maximum(v, np.float32(1e-8)) ** np.float32(1 / 2.4) - np.float32(0.055))


def _white_balanced(image: np.ndarray, estimate: np.ndarray) -> np.ndarray:
    """:func:`.torch_grade.grade_tensor` with (estimate, 1, 1, 1), step for step in float32."""
    exposure, temperature, tint = (np.float32(v) for v in estimate)
    log_gains = np.array([exposure + temperature / 2 - tint / 3, exposure + 2 * tint / 3,
                          exposure - temperature / 2 - tint / 3], np.float32)
    v = _encode(_linear(image) * np.exp2(log_gains)[None, :, None, None])
    v = np.maximum(v, np.float32(1e-6)) ** np.float32(1.0)
    pivot = np.float32(DEFAULT_PIVOT)
    v = np.clip(pivot + (v - pivot) * np.float32(1.0), 0.0, 1.0)
    luma = (v * _LUMA32[None, :, None, None]).sum(axis=1, keepdims=True)
    return np.clip(luma + (v - luma) * np.float32(1.0), 0.0, 1.0)


def frame_features(corrected: np.ndarray, estimate: np.ndarray) -> np.ndarray:
    """:func:`.inputs.frame_features` for (B, 3, S, S) corrected frames."""
    b = len(corrected)
    v = corrected.reshape(b, 3, -1).transpose(0, 2, 1)
    luma = v @ _LUMA32
    chroma = np.abs(v - luma[..., None]).mean(axis=(1, 2))
    luma_q = np.quantile(luma, (0.02, 0.5, 0.98), axis=1).T
    bins = np.clip((luma * LUMA_BINS).astype(np.int64), 0, LUMA_BINS - 1)
    histogram = np.stack([np.bincount(row, minlength=LUMA_BINS) for row in bins]).astype(np.float32) / bins.shape[1]
    channel_q = np.quantile(v, PERCENTILES, axis=1)  # (Q, B, 3)
    brightest = v.max(axis=2)
    out = np.concatenate([
        np.broadcast_to(estimate, (b, 3)),
        v.mean(axis=1),
        v.std(axis=1),
        luma_q,
        np.stack([chroma, (brightest > 0.98).mean(axis=1), (brightest < 0.02).mean(axis=1)], axis=1),
        histogram,
        channel_q.transpose(1, 2, 0).reshape(b, -1),
    ], axis=1).astype(np.float32)
    assert out.shape[1] == N_FEATURES
    return out


def prepare(frames: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(corrected frames (N, 3, S, S), features, the shot's estimate) for one shot's small
    uint8 frames (S×S×3): :func:`.inputs.prepare` with ``one_shot``, the estimate being
    :func:`.classical.classical_estimate` (the one the torch side is tested against)."""
    found = classical_estimate(frames)
    estimate = np.array([found.exposure, found.temperature, found.tint], np.float32)
    small = np.stack(frames).transpose(0, 3, 1, 2).astype(np.float32) / np.float32(255.0)
    corrected = np.round(_white_balanced(small, estimate) * np.float32(255.0)) / np.float32(255.0)
    return corrected, frame_features(corrected, estimate), estimate


def predict(model: NumpyColorNet, frames: list[np.ndarray]) -> tuple[dict[str, float], float]:
    """(grade parameters by name, confidence before the threshold) for one shot's small
    uint8 frames: outputs averaged over the frames and their mirror images."""
    images, features, estimate = prepare(frames)
    delta, gates, sure = model(np.concatenate([images, images[..., ::-1]]), np.concatenate([features, features]))
    delta, gates = delta.mean(axis=0), gates.mean(axis=0)
    a = gates[list(GATE_OF_PARAM)]
    params = np.concatenate([a[:3] * (estimate + delta[:3]), np.exp(a[3:] * delta[3:])])
    low = np.array([PARAM_SPECS[n].low for n in OUTPUT_PARAMS], np.float32)
    high = np.array([PARAM_SPECS[n].high for n in OUTPUT_PARAMS], np.float32)
    params = np.clip(params, low, high)
    confidence = float(_sigmoid(np.float32(sure.mean())))
    return {name: float(v) for name, v in zip(OUTPUT_PARAMS, params, strict=True)}, confidence
