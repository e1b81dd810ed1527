"""Each shot of the sample, staged: its scene, camera move, moving things and grade.

A :class:`ShotRenderer` turns a frame number on the sample's axis into the finished
picture of its shot (before transitions mix it with a neighbour or with black).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import Protocol

import numpy as np

from .look import FLASH_CURVE, apply_cast, cast_table, flash, vignette
from .motion import CameraPath, Pose, shoot, world_size_for
from .overlays import Birds, Bubbles, NightSky, Steam
from .plan import PlacedShot
from .scenes import LakeScene, StillScene, ValleyScene, load_still


class Overlay(Protocol):
    def draw(self, world: np.ndarray, t: float) -> None: ...


@dataclass(frozen=True)
class Staging:
    """How one scene is filmed."""

    camera: CameraPath
    overlays: tuple[Overlay, ...]
    world: Callable[[float, float], np.ndarray]


class StagingError(KeyError):
    """A plan names a scene this module cannot stage."""


def _still(name: str, out: tuple[int, int], camera: CameraPath) -> Callable[[float, float], np.ndarray]:
    image = load_still(name)
    scene = StillScene(image, world_size_for((image.shape[1], image.shape[0]), out, camera.max_zoom * 1.02))
    return lambda t, progress: scene.world(t)


def stage(scene: str, out: tuple[int, int], seconds: float, rng: np.random.Generator, seed: int) -> Staging:
    """The camera, overlays and world for ``scene`` in a shot ``seconds`` long."""
    width, height = out
    if scene == "valley":
        camera = CameraPath(Pose(zoom=1.06), Pose(zoom=1.06), shake=0.8, seed=seed)
        valley = ValleyScene((round(width * 1.06), round(height * 1.06)), pan=0.3, rng=rng)
        birds = Birds(rng, 7, start=(0.12, 0.22), velocity=(0.05, -0.006), size=0.013)
        return Staging(camera, (birds,), lambda t, progress: valley.world(t, progress))
    if scene == "rocket":
        camera = CameraPath(Pose(0.42, 0.52, 1.08), Pose(0.40, 0.48, 1.32, 0.6), shake=0.6, seed=seed)
        return Staging(camera, (), _still("rocket.jpg", out, camera))
    if scene == "coffee":
        camera = CameraPath(Pose(0.48, 0.42, 1.12, -3.0), Pose(0.47, 0.37, 1.26, 2.0), shake=0.7, seed=seed)
        steam = Steam(rng, source=(0.47, 0.36), spread=0.07, rise=0.4, drift=-0.12)
        return Staging(camera, (steam,), _still("coffee.png", out, camera))
    if scene == "astronaut":
        camera = CameraPath(Pose(0.47, 0.3, 1.06), Pose(0.49, 0.37, 1.14, -0.8), shake=1.0, seed=seed)
        return Staging(camera, (), _still("astronaut.png", out, camera))
    if scene == "chelsea":
        camera = CameraPath(Pose(0.60, 0.5, 1.12), Pose(0.42, 0.47, 1.16), shake=0.8, seed=seed)
        bubbles = Bubbles(rng, 9)
        return Staging(camera, (bubbles,), _still("chelsea.png", out, camera))
    if scene == "hubble":
        camera = CameraPath(Pose(0.5, 0.5, 1.1, -4.0), Pose(0.53, 0.47, 1.4, 4.0), shake=0.3, seed=seed)
        sky = NightSky(rng, meteor_at=0.7 * seconds)
        return Staging(camera, (sky,), _still("hubble_deep_field.jpg", out, camera))
    if scene == "lake":
        camera = CameraPath(Pose(0.5, 0.5, 1.0), Pose(0.46, 0.5, 1.18, 0.5), shake=0.5, seed=seed)
        lake = LakeScene((round(width * 1.2), round(height * 1.2)), rng)
        birds = Birds(rng, 5, start=(0.85, 0.3), velocity=(-0.045, 0.002), size=0.011, colour=(24, 18, 30))
        return Staging(camera, (birds,), lambda t, progress: lake.world(t))
    raise StagingError(f"no staging for scene {scene!r}")


class ShotRenderer:
    """Finished frames of one shot, addressed by frame number on the sample's axis."""

    def __init__(self, shot: PlacedShot, out: tuple[int, int], rate: Fraction, seed: int,
                 flash_frames: tuple[int, int] | None = None) -> None:
        self.shot = shot
        self.out = out
        self.rate = rate
        rng = np.random.default_rng(seed)
        self.staging = stage(shot.spec.scene, out, float(shot.render_frames / rate), rng, seed)
        self.table = cast_table(shot.spec.cast)
        self.vignette = vignette(*out)
        self.flash_frames = flash_frames

    def render(self, frame: int) -> np.ndarray:
        local = frame - self.shot.render_first
        if not 0 <= local < self.shot.render_frames:
            raise ValueError(f"frame {frame} is not in shot {self.shot.spec.scene!r}")
        t = float(local / self.rate)
        progress = local / max(1, self.shot.render_frames - 1)
        world = self.staging.world(t, progress)
        for overlay in self.staging.overlays:
            overlay.draw(world, t)
        picture = shoot(world, self.staging.camera.pose(progress, t), self.out)
        picture = apply_cast(picture, self.table)
        if self.flash_frames and self.flash_frames[0] <= frame <= self.flash_frames[1]:
            step = frame - self.flash_frames[0]
            picture = flash(picture, FLASH_CURVE[min(step, len(FLASH_CURVE) - 1)])
        return (picture * self.vignette).astype(np.uint8)
