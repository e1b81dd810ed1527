"""The shot-transition network: per-frame features of small frames, temporal dilated convolutions.

``CutNet`` works in two halves so streaming inference computes each frame's features once:
:meth:`CutNet.frame_features` maps frames (N×H×W×3 uint8) to per-frame vectors (a learned
embedding, a colour histogram, a tiny thumbnail, brightness); :meth:`CutNet.temporal` turns a
window of those vectors into per-frame logits: *event* (a transition is centred here — for a
hard cut, the first frame of the new shot), *extent* (the frame belongs to a transition) and
*kind* (cut, dissolve, fade, wipe). Frame-to-frame similarities at several offsets (embedding
cosine, histogram intersection, thumbnail difference) are computed inside the window and are
the network's main evidence, as in TransNetV2's similarity branch; beside them, each frame's
difference from the previous ones after block motion compensation: a camera move or an object
crossing the frame is explained by shifted blocks, a new shot is not.
"""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

from .cut_weights import HIST_LEVELS as _HIST_LEVELS
from .cut_weights import (
    KINDS,
    MOTION_BLOCK,
    MOTION_OFFSETS,
    MOTION_SEARCH,
    MOTION_SIZE,
    OFFSETS,
    CutNetConfig,
    read_weights,
    write_weights,
)
from .cut_weights import THUMB as _THUMB
from .errors import ModelLoadError
from .operating_point import calibrated_confidence

__all__ = ["KINDS", "OFFSETS", "CutNet", "CutNetConfig", "load_model", "save_model"]


class _FrameEncoder(nn.Module):
    def __init__(self, embed: int) -> None:
        super().__init__()
        self.convs = nn.Sequential(
            nn.Conv2d(3, 16, 3, stride=2, padding=1),
            nn.ReLU(inplace=True),
            nn.Conv2d(16, 32, 3, stride=2, padding=1),
            nn.ReLU(inplace=True),
            nn.Conv2d(32, 64, 3, stride=2, padding=1),
            nn.ReLU(inplace=True),
        )
        # A 2×3 grid keeps the layout of the picture: two shots can share colours, not layout.
        self.pool = nn.AdaptiveAvgPool2d((2, 3))
        self.proj = nn.Linear(64 * 6, embed)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.proj(self.pool(self.convs(x)).flatten(1))


class _Residual(nn.Module):
    def __init__(self, channels: int, dilation: int) -> None:
        super().__init__()
        self.conv = nn.Conv1d(channels, channels, 3, padding=dilation, dilation=dilation)
        self.mix = nn.Conv1d(channels, channels, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x + self.mix(F.relu(self.conv(F.relu(x))))


class CutNet(nn.Module):
    """Per-frame transition logits for a window of frames (see the module docstring)."""

    def __init__(self, config: CutNetConfig | None = None) -> None:
        super().__init__()
        self.config = config or CutNetConfig()
        # The event score at which a transition is as likely as not (set by calibration).
        self.operating_point = 0.5
        c = self.config
        self.encoder = _FrameEncoder(c.embed)
        n_sim = 3 * 2 * (len(OFFSETS) + len(MOTION_OFFSETS))
        self.embed_proj = nn.Linear(c.embed, 32)
        self.inp = nn.Conv1d(n_sim + 32 + 2, c.channels, 1)
        self.blocks = nn.Sequential(*[_Residual(c.channels, d) for d in c.dilations])
        self.head = nn.Conv1d(c.channels, 2 + len(KINDS), 1)

    @property
    def feature_size(self) -> int:
        return self.config.embed + _HIST_LEVELS**3 + _THUMB[0] * _THUMB[1] * 3 + MOTION_SIZE[0] * MOTION_SIZE[1] + 2

    def frame_features(self, frames: torch.Tensor) -> torch.Tensor:
        """N×H×W×3 uint8 frames → N×feature_size float vectors (independent per frame)."""
        x = frames.permute(0, 3, 1, 2).float().div_(255.0)
        embed = self.encoder(x)
        hist = _histogram(frames)
        thumb = F.adaptive_avg_pool2d(x, _THUMB).flatten(1)
        luma = x.mean(1)
        small = F.adaptive_avg_pool2d(luma[:, None], MOTION_SIZE).flatten(1)
        luma = luma.flatten(1)
        light = torch.stack([luma.mean(1), luma.std(1)], 1)
        return torch.cat([embed, hist, thumb, small, light], 1)

    def temporal(self, feats: torch.Tensor) -> torch.Tensor:
        """B×T×feature_size → B×T×(2 + kinds) logits: event, extent, kind scores."""
        e = self.config.embed
        h = _HIST_LEVELS**3
        m = e + h + _THUMB[0] * _THUMB[1] * 3
        embed = feats[..., :e]
        # Everything but the embedding is measured, not learned: autograd need not carry a
        # gradient back through it (that took a third of a training step; the gradient that
        # reaches the weights is the same to the bit, as only zeros are left out).
        measured = feats.detach()
        hist, thumb = measured[..., e : e + h], measured[..., e + h : m]
        small, light = measured[..., m:-2].unflatten(-1, MOTION_SIZE), measured[..., -2:]
        unit = F.normalize(embed, dim=-1)
        sims = []
        for d in OFFSETS:
            for shift in (d, -d):
                sims.append((unit * _shifted(unit, shift)).sum(-1))
                sims.append(torch.minimum(hist, _shifted(hist, shift)).sum(-1))
                sims.append((thumb - _shifted(thumb, shift)).abs().mean(-1) * 4.0)
        for d in MOTION_OFFSETS:
            back = _motion_measures(small, d)
            sims += [*back.unbind(-1), *_shifted(back, d).unbind(-1)]
        x = torch.cat([torch.stack(sims, -1), self.embed_proj(embed), light], -1)
        x = self.blocks(self.inp(x.transpose(1, 2)))
        return self.head(F.relu(x)).transpose(1, 2)

    def confidence(self, event: np.ndarray) -> np.ndarray:
        """Event probabilities mapped monotonically onto [0, 1] so the operating point is 0.5."""
        return calibrated_confidence(event, self.operating_point)

    def forward(self, frames: torch.Tensor) -> torch.Tensor:
        """B×T×H×W×3 uint8 → B×T×(2 + kinds) logits."""
        b, t = frames.shape[:2]
        feats = self.frame_features(frames.reshape(b * t, *frames.shape[2:]))
        return self.temporal(feats.reshape(b, t, -1))


def _histogram(frames: torch.Tensor) -> torch.Tensor:
    """N×H×W×3 uint8 → N×HIST_LEVELS³ share of pixels in each RGB bin.

    Counted, then each count looked up in :func:`_equal_sums`: the float32 sums that adding
    1/(H·W) once per pixel gives (a sum of equal terms does not depend on their order). Six
    times faster than that scatter-add, which cutnet-4 was trained with, and identical to it
    to the bit, so the training command still rebuilds the shipped weights exactly.
    """
    n, h, w = frames.shape[:3]
    levels = _HIST_LEVELS**3
    q = frames // (256 // _HIST_LEVELS)  # HIST_LEVELS divides 256; uint8 is cheaper than int64
    bins = ((q[..., 0] * _HIST_LEVELS + q[..., 1]) * _HIST_LEVELS + q[..., 2]).flatten(1).long()
    bins += torch.arange(n, device=frames.device)[:, None] * levels
    counts = torch.bincount(bins.flatten(), minlength=n * levels).reshape(n, levels)
    return _equal_sums(h * w).to(frames.device)[counts]


@functools.lru_cache(maxsize=4)
def _equal_sums(pixels: int) -> torch.Tensor:
    """Entry k: float32 1/pixels added to zero k times, one addition after another."""
    share = np.full(pixels, np.float32(1.0 / pixels), np.float32)
    return torch.from_numpy(np.concatenate([[0.0], np.add.accumulate(share, dtype=np.float32)]).astype(np.float32))


def _shifted(x: torch.Tensor, shift: int) -> torch.Tensor:
    """``x`` along time moved by ``shift`` (x[t + shift]), edge frames repeated past the ends."""
    t = x.shape[1]
    index = torch.clamp(torch.arange(t, device=x.device) + shift, 0, t - 1)
    return x[:, index]


def _motion_measures(luma: torch.Tensor, back: int) -> torch.Tensor:
    """Each frame (B×T×H×W luma) against the frame ``back`` before it → B×T×3: the mean block
    residual after the best displacement, the share of blocks that still changed, and the mean
    difference without compensation (the network weighs one against the other)."""
    b, t, h, w = luma.shape
    r, k = MOTION_SEARCH, MOTION_BLOCK
    ref = _shifted(luma, -back).reshape(b * t, 1, h, w)
    ref = F.pad(ref, (r, r, r, r), mode="replicate").reshape(b, t, h + 2 * r, w + 2 * r)
    best = raw = None
    for dy in range(2 * r + 1):
        for dx in range(2 * r + 1):
            diff = (luma - ref[..., dy : dy + h, dx : dx + w]).abs()
            blocks = diff.reshape(b, t, h // k, k, w // k, k).mean((3, 5)).flatten(2)
            best = blocks if best is None else torch.minimum(best, blocks)
            if dy == dx == r:
                raw = blocks
    return torch.stack([best.mean(-1) * 4.0, (best * 10.0).clamp(max=1.0).mean(-1), raw.mean(-1) * 4.0], -1)


def save_model(model: CutNet, path: Path, *, version: str, meta: dict | None = None) -> None:
    """Weights (half precision, well under a MB) plus config and version, written atomically in
    the torch-free format analysis reads (``cut_weights.py``)."""
    state = {k: v.detach().cpu().numpy() for k, v in model.state_dict().items()}
    write_weights(path, model.config, state, version=version,
                  meta={**(meta or {}), "operating_point": model.operating_point})


def load_model(path: Path) -> tuple[CutNet, str]:
    """The network at ``path`` in eval mode (for training and calibration), and its version."""
    weights = read_weights(path)
    model = CutNet(weights.config)
    try:
        model.load_state_dict({k: torch.from_numpy(v) for k, v in weights.state.items()})
    except RuntimeError as exc:
        raise ModelLoadError(f"{Path(path).name}: weights do not fit the network ({exc})") from exc
    model.operating_point = weights.operating_point
    return model.eval(), weights.version
