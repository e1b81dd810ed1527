"""Synthetic shots with a known camera path: a steady move with or without hand-held shake.

Used to choose the shake threshold and to measure stabilisation (``bench/stabilize.py``) and
by the tests. A window slides over a larger picture (a still, or textured noise); the path of
the picture's content is known exactly, so what the measurement finds and what the
stabiliser leaves can both be scored.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from .scenes import value_noise


def textured_world(width: int, height: int, seed: int) -> np.ndarray:
    """A colourful picture with detail at every scale (something to follow everywhere)."""
    rng = np.random.default_rng(seed)
    channels = [value_noise(height, width, cell=rng.uniform(20, 60), rng=rng) for _ in range(3)]
    world = np.stack(channels, axis=2) * 255
    for _ in range(40):  # hard-edged shapes: corners, like the things a real scene holds
        colour = rng.integers(0, 256, 3).tolist()
        x, y = int(rng.integers(0, width)), int(rng.integers(0, height))
        w, h = int(rng.integers(8, width // 8)), int(rng.integers(8, height // 8))
        cv2.rectangle(world, (x, y), (x + w, y + h), colour, -1)
    return world.astype(np.uint8)


@dataclass(frozen=True)
class HandheldShot:
    """``frames`` pictures of ``size`` cut from ``world``: a steady pan of ``pan`` (in widths
    of the shot, over the whole shot) plus shake of ``shake`` (standard deviation, in % of the
    width, per axis; smooth over ``wobble_frames``, as a hand moves) and a matching tilt."""

    world: np.ndarray
    size: tuple[int, int]
    frames: int
    pan: float = 0.1
    shake: float = 1.0
    wobble_frames: float = 2.0
    seed: int = 0

    def content_path(self) -> np.ndarray:
        """(frames, 3): x, y (widths) and tilt (radians, clockwise on screen) of the content
        relative to the first frame, the form :class:`vedit_gui.media.stabilize.CameraPath` takes."""
        rng = np.random.default_rng(self.seed)
        noise = rng.normal(0.0, 1.0, (self.frames + 8, 3))
        if self.wobble_frames > 0:
            taps = np.exp(-0.5 * (np.arange(-8, 9) / self.wobble_frames) ** 2)
            taps /= np.sqrt((taps**2).sum())  # the filtered noise keeps unit deviation
            noise = np.stack([np.convolve(noise[:, k], taps, mode="same") for k in range(3)], axis=1)
        noise = noise[4 : 4 + self.frames]
        jitter = noise * np.array([self.shake / 100, self.shake / 100, self.shake / 100 * 0.3])
        steady = np.zeros((self.frames, 3))
        steady[:, 0] = -np.linspace(0.0, self.pan, self.frames)
        path = steady + jitter
        return path - path[0]

    def pictures(self) -> list[np.ndarray]:
        width, height = self.size
        world_h, world_w = self.world.shape[:2]
        path = self.content_path()
        cx, cy = world_w / 2 - self.pan * width / 2, world_h / 2
        shots = []
        for dx, dy, da in path:
            # Content moves by (dx, dy) and turns by da about the frame's centre.
            turn = np.array([[np.cos(da), -np.sin(da)], [np.sin(da), np.cos(da)]])
            centre = np.array([width / 2, height / 2])
            offset = centre + np.array([dx, dy]) * width - turn @ np.array([cx, cy])
            shots.append(cv2.warpAffine(self.world, np.hstack([turn, offset[:, None]]), (width, height),
                                        flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT))
        return shots


__all__ = ["HandheldShot", "textured_world"]
