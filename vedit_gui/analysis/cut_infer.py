"""The cut network's forward pass in NumPy: what analysis runs (training uses ``cut_model.py``).

Two implementations of one network on purpose: importing torch costs about two CPU-seconds,
which on a two-core machine is more than the whole network costs on a minute of 1080p, and
analysis is meant to run at the speed of decoding. ``tests/analysis/test_cut_infer.py`` pins
this forward pass to the torch module's on random weights and frames.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from .cut_weights import (
    HIST_LEVELS,
    MOTION_BLOCK,
    MOTION_OFFSETS,
    MOTION_SEARCH,
    MOTION_SIZE,
    OFFSETS,
    THUMB,
    CutWeights,
)


class CutNetInference:
    """``frame_features`` per frame, then ``temporal`` over a window — as ``CutNet``."""

    def __init__(self, weights: CutWeights) -> None:
        self.config = weights.config
        self.operating_point = weights.operating_point
        s = weights.state
        # Conv kernels as one C_in×C_out matrix per tap (row-major over the 3×3 taps).
        self._convs = [([s[f"encoder.convs.{i}.weight"][:, :, a, b].T.copy() for a in range(3) for b in range(3)],
                        s[f"encoder.convs.{i}.bias"]) for i in (0, 2, 4)]
        self._proj = (s["encoder.proj.weight"].T.copy(), s["encoder.proj.bias"])
        self._embed_proj = (s["embed_proj.weight"].T.copy(), s["embed_proj.bias"])
        self._inp = (s["inp.weight"][:, :, 0].T.copy(), s["inp.bias"])
        self._blocks = [
            (d, [s[f"blocks.{i}.conv.weight"][:, :, k].T.copy() for k in range(3)], s[f"blocks.{i}.conv.bias"],
             s[f"blocks.{i}.mix.weight"][:, :, 0].T.copy(), s[f"blocks.{i}.mix.bias"])
            for i, d in enumerate(self.config.dilations)
        ]
        self._head = (s["head.weight"][:, :, 0].T.copy(), s["head.bias"])

    def frame_features(self, frames: np.ndarray) -> np.ndarray:
        """N×H×W×3 uint8 frames → N×F float32 (embedding, histogram, thumbnail, brightness)."""
        n, h, w, _ = frames.shape
        x = frames.astype(np.float32) * (1 / 255)
        y = x
        for kernel, bias in self._convs:
            y = np.maximum(_conv3x3_stride2(y, kernel, bias), 0)
        pooled = _adaptive_avg(y, (2, 3)).transpose(0, 3, 1, 2).reshape(n, -1)  # channel-major, as torch
        embed = pooled @ self._proj[0] + self._proj[1]
        q = frames.astype(np.int64) * HIST_LEVELS // 256
        bins = ((q[..., 0] * HIST_LEVELS + q[..., 1]) * HIST_LEVELS + q[..., 2]).reshape(n, -1)
        levels = HIST_LEVELS**3
        hist = np.bincount((bins + levels * np.arange(n)[:, None]).ravel(), minlength=n * levels)
        hist = hist.reshape(n, levels).astype(np.float32) / (h * w)
        thumb = _adaptive_avg(x, THUMB).transpose(0, 3, 1, 2).reshape(n, -1)
        luma = (x.reshape(-1, 3) @ np.full(3, 1 / 3, np.float32)).reshape(n, h, w, 1)
        small = _adaptive_avg(luma, MOTION_SIZE).reshape(n, -1)
        luma = luma.reshape(n, -1)
        light = np.stack([luma.mean(1), luma.std(1, ddof=1)], 1)
        return np.concatenate([embed, hist, thumb, small, light], 1).astype(np.float32)

    def temporal(self, feats: np.ndarray) -> np.ndarray:
        """T×F features → T×(2 + kinds) logits: event, extent, kind scores."""
        e, hl = self.config.embed, HIST_LEVELS**3
        m = e + hl + THUMB[0] * THUMB[1] * 3
        embed, hist, thumb = feats[:, :e], feats[:, e : e + hl], feats[:, e + hl : m]
        small, light = feats[:, m:-2].reshape(-1, *MOTION_SIZE), feats[:, -2:]
        unit = embed / np.maximum(np.linalg.norm(embed, axis=1, keepdims=True), 1e-12)
        t = len(feats)
        sims = []
        for d in OFFSETS:
            for shift in (d, -d):
                index = np.clip(np.arange(t) + shift, 0, t - 1)
                sims.append((unit * unit[index]).sum(1))
                sims.append(np.minimum(hist, hist[index]).sum(1))
                sims.append(np.abs(thumb - thumb[index]).mean(1) * 4.0)
        for d in MOTION_OFFSETS:
            back = _motion_measures(small, d)
            ahead = back[np.minimum(np.arange(t) + d, t - 1)]
            sims += [*back.T, *ahead.T]
        x = np.concatenate([np.stack(sims, 1), embed @ self._embed_proj[0] + self._embed_proj[1], light], 1)
        x = x @ self._inp[0] + self._inp[1]
        for d, taps, bias, mix, mix_bias in self._blocks:
            r = np.pad(np.maximum(x, 0), ((d, d), (0, 0)))
            y = r[:t] @ taps[0] + r[d : d + t] @ taps[1] + r[2 * d : 2 * d + t] @ taps[2] + bias
            x = x + np.maximum(y, 0) @ mix + mix_bias
        return (np.maximum(x, 0) @ self._head[0] + self._head[1]).astype(np.float32)


def _motion_measures(luma: np.ndarray, back: int) -> np.ndarray:
    """T×H×W luma → T×3, as ``cut_model._motion_measures``: each frame against the one ``back``
    before it, after the best block displacement and without one. One displacement at a time:
    a frame-sized difference stays in cache, all of them at once would not."""
    t, h, w = luma.shape
    r, k = MOTION_SEARCH, MOTION_BLOCK
    ref = np.pad(luma[np.maximum(np.arange(t) - back, 0)], ((0, 0), (r, r), (r, r)), mode="edge")
    best = raw = None
    diff = np.empty_like(luma)
    for dy in range(2 * r + 1):
        for dx in range(2 * r + 1):
            np.subtract(luma, ref[:, dy : dy + h, dx : dx + w], out=diff)
            np.abs(diff, out=diff)
            blocks = _adaptive_avg(diff[..., None], (h // k, w // k)).reshape(t, -1)
            best = blocks if best is None else np.minimum(best, blocks, out=best)
            if dy == dx == r:
                raw = blocks
    return np.stack([best.mean(1) * 4.0, np.minimum(best * 10.0, 1.0).mean(1), raw.mean(1) * 4.0], 1)


def _conv3x3_stride2(x: np.ndarray, taps: list[np.ndarray], bias: np.ndarray) -> np.ndarray:
    """N×H×W×C → N×H'×W'×C_out, 3×3 kernel, stride 2, zero padding 1 (as ``nn.Conv2d``): one
    matrix product per kernel tap over every output pixel at once."""
    n, h, w, c = x.shape
    ho, wo = (h - 1) // 2 + 1, (w - 1) // 2 + 1
    padded = np.pad(x, ((0, 0), (1, 1), (1, 1), (0, 0)))
    out = np.broadcast_to(bias, (n * ho * wo, len(bias))).copy()
    for i in range(3):
        for j in range(3):
            tap = padded[:, i : i + 2 * ho - 1 : 2, j : j + 2 * wo - 1 : 2].reshape(-1, c)
            out += tap @ taps[i * 3 + j]
    return out.reshape(n, ho, wo, -1)


@lru_cache(maxsize=8)
def _pool_matrix(size: int, out: int) -> np.ndarray:
    """out×size averaging weights over the (possibly overlapping) cells ``AdaptiveAvgPool`` uses."""
    m = np.zeros((out, size), np.float32)
    for i in range(out):
        lo, hi = (i * size) // out, -(-(i + 1) * size // out)
        m[i, lo:hi] = 1.0 / (hi - lo)
    m.setflags(write=False)  # shared by every call (cached)
    return m


def _adaptive_avg(x: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """N×H×W×C → N×oh×ow×C adaptive average pooling, as two matrix products."""
    n, h, w, c = x.shape
    oh, ow = size
    rows = x.transpose(0, 2, 3, 1).reshape(-1, h) @ _pool_matrix(h, oh).T  # (n·w·c)×oh
    rows = rows.reshape(n, w, c, oh).transpose(0, 3, 2, 1).reshape(-1, w)  # (n·oh·c)×w
    return (rows @ _pool_matrix(w, ow).T).reshape(n, oh, c, ow).transpose(0, 1, 3, 2)
