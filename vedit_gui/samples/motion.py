"""Camera moves over a world picture: pans, zooms, a slight roll, and a hand-held wobble.

A pose says where the camera looks (centre as a fraction of the world), how close (zoom 1
frames the whole world's short side) and how it is rolled. A path eases from one pose to
another over the shot and adds a small, smooth shake so a still looks filmed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np


@dataclass(frozen=True)
class Pose:
    x: float = 0.5
    y: float = 0.5
    zoom: float = 1.1
    angle: float = 0.0


@dataclass(frozen=True)
class CameraPath:
    start: Pose
    end: Pose
    shake: float = 1.0
    seed: int = 0

    @property
    def max_zoom(self) -> float:
        return max(self.start.zoom, self.end.zoom)

    def pose(self, progress: float, t: float) -> Pose:
        """The pose ``progress`` (0..1) through the shot, ``t`` seconds in."""
        # A gentle ease: the camera is already moving when the shot starts (cut in on action).
        u = 0.25 * progress + 0.75 * (progress * progress * (3 - 2 * progress))
        a, b = self.start, self.end
        rng = np.random.default_rng(self.seed)
        freq = rng.uniform(0.3, 1.1, (3, 3))
        phase = rng.uniform(0, 2 * math.pi, (3, 3))
        wobble = [float(np.sum(np.sin(2 * math.pi * freq[k] * t + phase[k]) / (1 + np.arange(3)))) for k in range(3)]
        return Pose(
            x=a.x + (b.x - a.x) * u + 0.0025 * self.shake * wobble[0],
            y=a.y + (b.y - a.y) * u + 0.0025 * self.shake * wobble[1],
            zoom=a.zoom + (b.zoom - a.zoom) * u,
            angle=a.angle + (b.angle - a.angle) * u + 0.12 * self.shake * wobble[2],
        )


def framing(pose: Pose, world: tuple[int, int], out: tuple[int, int]) -> np.ndarray:
    """The 2×3 matrix taking output pixels to world pixels for ``pose``."""
    world_w, world_h = world
    out_w, out_h = out
    # Output pixels per world pixel at zoom 1: the world just covers the output.
    cover = max(out_w / world_w, out_h / world_h)
    scale = 1.0 / (cover * pose.zoom)
    theta = math.radians(pose.angle)
    cos, sin = math.cos(theta) * scale, math.sin(theta) * scale
    cx, cy = pose.x * world_w, pose.y * world_h
    ox, oy = out_w / 2, out_h / 2
    return np.float32([
        [cos, -sin, cx - cos * ox + sin * oy],
        [sin, cos, cy - sin * ox - cos * oy],
    ])


def shoot(world: np.ndarray, pose: Pose, out: tuple[int, int]) -> np.ndarray:
    """The output frame the camera at ``pose`` sees of ``world``."""
    matrix = framing(pose, (world.shape[1], world.shape[0]), out)
    return cv2.warpAffine(world, matrix, out, flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
                          borderMode=cv2.BORDER_REFLECT101)


def world_size_for(image_size: tuple[int, int], out: tuple[int, int], zoom: float) -> tuple[int, int]:
    """How big to resample a still so the tightest framing still has a pixel per output pixel."""
    width, height = image_size
    out_w, out_h = out
    cover = max(out_w / width, out_h / height) * zoom
    return max(2, round(width * cover)), max(2, round(height * cover))
