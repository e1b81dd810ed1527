"""A synthetic piece to camera: a still room, and a speaker who talks, sways and shifts.

The picture for :func:`~vedit_gui.samples.talk.synthetic_talk`'s sound, used by the tests and
``bench/punch_in.py``: a locked-off camera on a wall with shelves, and a head and shoulders
whose mouth opens with the speech, which sways a little all the time and shifts posture in
each pause, as speakers do (so a jump cut over a pause shows as a jump). Where the head is,
frame by frame, is known (:meth:`TalkingHead.head_at`).
"""

from __future__ import annotations

from fractions import Fraction

import cv2
import numpy as np

from .talk import RATE, Talk


class TalkingHead:
    """Pictures of ``width`` × ``height`` at ``rate`` for ``talk`` (call it with a frame number)."""

    def __init__(self, talk: Talk, width: int, height: int, rate: Fraction, seed: int = 0) -> None:
        self.talk, self.width, self.height, self.rate, self.seed = talk, width, height, rate, seed
        rng = np.random.default_rng(seed)
        w, h = width, height
        room = np.empty((h, w, 3), np.float32)
        room[:] = rng.uniform(90, 190, 3)
        room *= np.linspace(0.8, 1.1, w)[None, :, None]  # light from one side
        for _ in range(int(rng.integers(3, 7))):  # shelves, frames, a plant: still things
            x0, y0 = int(rng.uniform(0, w)), int(rng.uniform(0, h * 0.7))
            x1, y1 = x0 + int(rng.uniform(0.05, 0.25) * w), y0 + int(rng.uniform(0.05, 0.2) * h)
            cv2.rectangle(room, (x0, y0), (x1, y1), tuple(float(c) for c in rng.uniform(20, 235, 3)), -1)
        self._room = np.clip(room, 0, 255).astype(np.uint8)
        self._home = (rng.uniform(0.25, 0.75) * w, rng.uniform(0.32, 0.42) * h)  # on a third, or between
        self._skin = tuple(float(c) for c in rng.uniform([150, 100, 80], [235, 190, 160]))
        self._shirt = tuple(float(c) for c in rng.uniform(20, 200, 3))
        # Each pause moves the speaker to a new posture, held until the next pause.
        self._shifts = rng.normal(0, [0.04 * w, 0.015 * h], (len(talk.pauses), 2))
        hop = RATE // 100
        envelope = np.abs(talk.samples)
        levels = envelope[: len(envelope) // hop * hop].reshape(-1, hop).max(axis=1)
        self._levels = levels / max(float(levels.max()), 1e-9)

    @property
    def frames(self) -> int:
        return int(self.talk.seconds * self.rate)

    def head_at(self, frame: int) -> tuple[float, float, float]:
        """The head's centre (x, y) and radius in pixels at ``frame``."""
        t = frame / float(self.rate)
        posture = sum(1 for start, _ in self.talk.pauses if start <= t) - 1
        dx, dy = self._shifts[max(posture, 0)]
        x = self._home[0] + dx + 0.006 * self.width * np.sin(2 * np.pi * 0.3 * t)
        y = self._home[1] + dy + 0.004 * self.height * np.sin(2 * np.pi * 0.23 * t + 1.0)
        return float(x), float(y), 0.13 * self.height

    def __call__(self, frame: int) -> np.ndarray:
        picture = self._room.copy()
        x, y, r = self.head_at(frame)
        h = self.height
        # Shoulders and body, then the head on top with eyes and a mouth that opens with the sound.
        cv2.ellipse(picture, (int(x), int(y + 2.6 * r)), (int(2.2 * r), int(1.5 * r)), 0, 180, 360, self._shirt, -1)
        cv2.rectangle(picture, (int(x - 2.2 * r), int(y + 2.6 * r)), (int(x + 2.2 * r), h), self._shirt, -1)
        cv2.ellipse(picture, (int(x), int(y)), (int(0.8 * r), int(r)), 0, 0, 360, self._skin, -1)
        for side in (-1, 1):
            cv2.circle(picture, (int(x + side * 0.35 * r), int(y - 0.2 * r)), max(1, int(0.1 * r)), (30, 30, 30), -1)
        level = float(self._levels[min(int(frame / float(self.rate) * 100), len(self._levels) - 1)])
        cv2.ellipse(picture, (int(x), int(y + 0.5 * r)), (int(0.3 * r), max(1, int(0.25 * r * level))),
                    0, 0, 360, (90, 30, 30), -1)
        noise = np.random.default_rng(self.seed * 100_003 + frame).normal(0, 2.0, picture.shape)
        return np.clip(picture + noise, 0, 255).astype(np.uint8)


__all__ = ["TalkingHead"]
