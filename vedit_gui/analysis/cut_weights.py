"""The cut network's shape, constants and weights file — readable without torch.

Weights ship as ``models/cutnet.npz`` (half-precision arrays named as the torch module's
state, plus a JSON header with the config, version and operating point), so the editor and
``vedit analyze`` can run the network with NumPy alone (``cut_infer.py``) and never pay the
two CPU-seconds of importing torch; training (``cut_model.py``) reads and writes the same file.
"""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TypeVar

import numpy as np

from .errors import ModelLoadError

# NumPy arrays (analysis) or torch tensors (training): both slice and reshape alike.
_Array = TypeVar("_Array")

MODEL_PATH = Path(__file__).resolve().parents[2] / "models" / "cutnet.npz"
# Bump when the network, its training or its post-processing change: results caches key on it.
MODEL_VERSION = "cutnet-4"
KINDS = ("cut", "dissolve", "fade", "wipe")
# Frame offsets compared in both directions: short ones see cuts, long ones see slow dissolves.
OFFSETS = (1, 2, 3, 4, 6, 8, 12, 16)
HIST_LEVELS = 4
THUMB = (7, 12)
# Motion-compensated differences (as an encoder's scene-cut test weighs inter- against intra-
# prediction): luma at MOTION_SIZE, MOTION_BLOCK-pixel blocks each matched within
# ±MOTION_SEARCH pixels (±8 % of the width) in the frame MOTION_OFFSETS back. A camera move
# or a moving object leaves a small residual, a cut a large one.
MOTION_SIZE = (12, 24)
MOTION_BLOCK = 4
MOTION_SEARCH = 2
MOTION_OFFSETS = (1, 2)


@dataclass(frozen=True)
class CutNetConfig:
    """Shape of the network; saved beside the weights so a file describes itself."""

    width: int = 48
    height: int = 27
    embed: int = 64
    channels: int = 64
    dilations: tuple[int, ...] = (1, 2, 4, 8, 16, 1)

    def thumbnails(self, feats: _Array) -> _Array:
        """N×3×cells colour thumbnails (0..1) out of N frame feature vectors (NumPy or torch)."""
        start = self.embed + HIST_LEVELS**3
        return feats[:, start : start + 3 * THUMB[0] * THUMB[1]].reshape(len(feats), 3, -1)

    @property
    def receptive_half(self) -> int:
        """Frames of context each side that influence one output frame."""
        return sum(self.dilations) + max(OFFSETS)


@dataclass(frozen=True)
class CutWeights:
    """What a weights file holds; ``version`` adds a hash of the file to the model version, so
    results cached from other weights are never reused."""

    config: CutNetConfig
    state: dict[str, np.ndarray]
    operating_point: float
    version: str
    meta: dict


def model_path() -> Path:
    """The weights to use: ``VEDIT_CUT_MODEL`` (a checkpoint being evaluated) or the shipped ones."""
    return Path(os.environ.get("VEDIT_CUT_MODEL") or MODEL_PATH)


def read_weights(path: Path) -> CutWeights:
    path = Path(path)
    if not path.is_file():
        raise ModelLoadError(f"model weights not found: {path}")
    try:
        raw = path.read_bytes()
        with np.load(path, allow_pickle=False) as data:
            header = json.loads(str(data["header"]))
            state = {k[len("state/"):]: data[k].astype(np.float32) for k in data.files if k.startswith("state/")}
        cfg = header["config"]
        config = CutNetConfig(**{**cfg, "dilations": tuple(cfg["dilations"])})
        operating_point = float(header["meta"].get("operating_point", 0.5))
        if not 0.0 < operating_point < 1.0:
            raise ValueError(f"operating point {operating_point} outside (0, 1)")
    except (OSError, KeyError, TypeError, ValueError, EOFError, zipfile.BadZipFile) as exc:
        raise ModelLoadError(f"{path.name}: damaged or incompatible model weights ({exc})") from exc
    version = f"{header['version']}-{hashlib.blake2b(raw, digest_size=4).hexdigest()}"
    return CutWeights(config, state, operating_point, version, header["meta"])


def write_weights(path: Path, config: CutNetConfig, state: dict[str, np.ndarray], *,
                  version: str, meta: dict) -> None:
    """Half-precision arrays plus the header, written to a temp file and renamed."""
    path = Path(path)
    header = {"version": version, "config": asdict(config), "meta": meta}
    arrays = {f"state/{k}": np.asarray(v, np.float16) for k, v in state.items()}
    tmp = path.with_name(path.name + ".tmp.npz")
    np.savez(tmp, header=np.array(json.dumps(header)), **arrays)
    tmp.replace(path)
