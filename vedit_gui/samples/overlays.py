"""Things that move inside a shot: birds, coffee steam, soap bubbles, a satellite, a meteor.

Each overlay is drawn onto the world picture (before the camera frames it) as a function of
time alone, so any frame can be rendered on its own and the sample is deterministic.
Positions and sizes are fractions of the world's width and height.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np

_SHIFT = 4  # sub-pixel bits for OpenCV drawing: smooth motion of small things
_ONE = 1 << _SHIFT


def _pt(x: float, y: float) -> tuple[int, int]:
    return round(x * _ONE), round(y * _ONE)


@dataclass(frozen=True)
class Bird:
    x: float
    y: float
    vx: float
    vy: float
    size: float
    flap_hz: float
    phase: float


class Birds:
    """A loose flock crossing the sky, wings beating."""

    def __init__(self, rng: np.random.Generator, count: int, start: tuple[float, float],
                 velocity: tuple[float, float], size: float, colour: tuple[int, int, int] = (34, 30, 36)) -> None:
        self.colour = colour
        self.birds = [
            Bird(
                x=start[0] + float(rng.normal(0, 0.06)),
                y=start[1] + float(rng.normal(0, 0.04)),
                vx=velocity[0] * float(rng.uniform(0.85, 1.15)),
                vy=velocity[1] + float(rng.normal(0, 0.004)),
                size=size * float(rng.uniform(0.7, 1.2)),
                flap_hz=float(rng.uniform(2.5, 4.0)),
                phase=float(rng.uniform(0, 2 * math.pi)),
            )
            for _ in range(count)
        ]

    def draw(self, world: np.ndarray, t: float) -> None:
        height, width = world.shape[:2]
        for bird in self.birds:
            cx = (bird.x + bird.vx * t) * width
            cy = (bird.y + bird.vy * t + 0.004 * math.sin(1.3 * t + bird.phase)) * height
            span = bird.size * height
            lift = math.sin(2 * math.pi * bird.flap_hz * t + bird.phase)
            tip_y = cy - lift * span * 0.45
            elbow_y = cy - lift * span * 0.1 - span * 0.12
            points = np.array([
                _pt(cx - span, tip_y), _pt(cx - span * 0.45, elbow_y), _pt(cx, cy),
                _pt(cx + span * 0.45, elbow_y), _pt(cx + span, tip_y),
            ], np.int32)
            thickness = max(1, round(span * 0.18))
            cv2.polylines(world, [points], False, self.colour, thickness, cv2.LINE_AA, _SHIFT)


class Steam:
    """Wisps rising from a hot cup: soft puffs that grow, drift and fade."""

    def __init__(self, rng: np.random.Generator, source: tuple[float, float], spread: float,
                 rise: float = 0.3, drift: float = 0.0, rate_hz: float = 7.0) -> None:
        self.source = source
        self.rise = rise
        self.drift = drift
        self.spread = spread
        self.rate_hz = rate_hz
        self.life = 2.4
        count = 200
        self.dx = rng.normal(0, 1, count)
        self.sway = rng.uniform(0, 2 * math.pi, count)
        self.strength = rng.uniform(0.5, 1.0, count)

    def draw(self, world: np.ndarray, t: float) -> None:
        height, width = world.shape[:2]
        small = (max(2, width // 4), max(2, height // 4))
        mask = np.zeros((small[1], small[0]), np.float32)
        scale = small[1]
        # Puff k is born at k / rate - life: some before the shot starts, so steam is already rising.
        for k in range(max(0, math.floor(t * self.rate_hz)), min(len(self.dx), math.floor((t + self.life) * self.rate_hz) + 1)):
            age = t + self.life - k / self.rate_hz
            if not 0 < age < self.life:
                continue
            life = age / self.life
            x = self.source[0] + self.spread * 0.4 * self.dx[k] + 0.03 * life * math.sin(2.2 * age + self.sway[k]) + self.drift * life
            y = self.source[1] - self.rise * life
            radius = (0.03 + 0.08 * life) * scale
            alpha = float(self.strength[k]) * math.sin(math.pi * life) * 0.6
            cv2.circle(mask, _pt(x * small[0], y * small[1]), max(1, round(radius * _ONE)), alpha, -1, cv2.LINE_AA, _SHIFT)
        mask = cv2.GaussianBlur(mask, (0, 0), max(0.8, 0.03 * scale))
        mask = cv2.resize(np.clip(mask, 0, 0.8), (width, height), interpolation=cv2.INTER_LINEAR)[..., None]
        lifted = world.astype(np.float32)
        world[...] = np.clip(lifted + (245.0 - lifted) * mask, 0, 255).astype(np.uint8)


class Bubbles:
    """Soap bubbles drifting up through the frame, each with a rim and a highlight."""

    def __init__(self, rng: np.random.Generator, count: int) -> None:
        self.x = rng.uniform(0.05, 0.95, count)
        self.y = rng.uniform(0.55, 1.25, count)
        self.vx = rng.normal(0.015, 0.01, count)
        self.vy = -rng.uniform(0.03, 0.07, count)
        self.r = rng.uniform(0.025, 0.06, count)
        self.phase = rng.uniform(0, 2 * math.pi, count)

    def draw(self, world: np.ndarray, t: float) -> None:
        height, width = world.shape[:2]
        fill, rim, shine = world.copy(), world.copy(), world.copy()
        for k in range(len(self.x)):
            cx = (self.x[k] + self.vx[k] * t + 0.01 * math.sin(1.7 * t + self.phase[k])) * width
            cy = (self.y[k] + self.vy[k] * t) * height
            radius = self.r[k] * height
            centre = _pt(cx, cy)
            hue = (0.5 + 0.5 * math.sin(t * 2 + self.phase[k]))
            rim_colour = (int(200 + 55 * hue), int(220 - 40 * hue), 255)
            cv2.circle(fill, centre, round(radius * _ONE), (235, 240, 255), -1, cv2.LINE_AA, _SHIFT)
            cv2.circle(rim, centre, round(radius * _ONE), rim_colour, max(1, round(radius * 0.08)), cv2.LINE_AA, _SHIFT)
            cv2.ellipse(shine, _pt(cx - radius * 0.35, cy - radius * 0.4),
                        (max(1, round(radius * 0.22 * _ONE)), max(1, round(radius * 0.12 * _ONE))),
                        -35, 0, 360, (255, 255, 255), -1, cv2.LINE_AA, _SHIFT)
        cv2.addWeighted(world, 0.88, fill, 0.12, 0, dst=world)
        cv2.addWeighted(world, 0.45, rim, 0.55, 0, dst=world)
        cv2.addWeighted(world, 0.3, shine, 0.7, 0, dst=world)


class NightSky:
    """A satellite gliding across the field and, once, a meteor streaking past."""

    def __init__(self, rng: np.random.Generator, meteor_at: float) -> None:
        self.sat_start = (float(rng.uniform(0.1, 0.2)), float(rng.uniform(0.2, 0.35)))
        self.sat_velocity = (0.05, 0.012)
        self.meteor_at = meteor_at
        self.meteor_start = (float(rng.uniform(0.55, 0.7)), float(rng.uniform(0.15, 0.25)))

    def draw(self, world: np.ndarray, t: float) -> None:
        height, width = world.shape[:2]
        sx = (self.sat_start[0] + self.sat_velocity[0] * t) * width
        sy = (self.sat_start[1] + self.sat_velocity[1] * t) * height
        glint = 200 + int(55 * (0.5 + 0.5 * math.sin(5 * t)))
        cv2.circle(world, _pt(sx, sy), max(_ONE, round(height * 0.004 * _ONE)), (glint, glint, glint), -1, cv2.LINE_AA, _SHIFT)
        age = t - self.meteor_at
        if 0 <= age < 0.5:
            head_x = (self.meteor_start[0] - 0.5 * age) * width
            head_y = (self.meteor_start[1] + 0.25 * age) * height
            fade = 1 - age / 0.5
            for seg in range(6):
                a = seg / 6 * 0.12 * height
                b = (seg + 1) / 6 * 0.12 * height
                value = int(255 * fade * (1 - seg / 6))
                cv2.line(world, _pt(head_x + a * 0.9, head_y - a * 0.45), _pt(head_x + b * 0.9, head_y - b * 0.45),
                         (value, value, min(255, value + 30)), max(1, round(height * 0.003)), cv2.LINE_AA, _SHIFT)
