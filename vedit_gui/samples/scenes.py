"""What the sample's cameras look at: bundled public-domain stills and painted landscapes.

A scene hands out a *world* picture for time ``t`` (seconds into the shot); the camera then
frames part of it. Stills are fixed pictures; the painted valley moves its layers at
different speeds (parallax) and the dusk lake ripples, so those shots hold real motion.
The stills come from scikit-image's wheel, read straight from its folder, so nothing is
ever fetched.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources

import cv2
import numpy as np

# The images shipped inside scikit-image's wheel that the sample uses (see resources/LICENSES.md).
BUNDLED_STILLS = ("rocket.jpg", "coffee.png", "astronaut.png", "chelsea.png", "hubble_deep_field.jpg", "grass.png")


class StillMissingError(FileNotFoundError):
    """A bundled still is not in the installed scikit-image."""


def load_still(name: str) -> np.ndarray:
    """One of scikit-image's bundled pictures as RGB uint8 (grey ones come back as RGB)."""
    try:
        folder = resources.files("skimage") / "data"
    except ModuleNotFoundError as exc:
        raise StillMissingError("the sample generator needs scikit-image: pip install -e '.[dev]'") from exc
    path = folder / name
    if not path.is_file():
        raise StillMissingError(f"scikit-image has no bundled picture {name!r}; it must ship in the wheel")
    data = np.frombuffer(path.read_bytes(), np.uint8)
    image = cv2.imdecode(data, cv2.IMREAD_COLOR)
    if image is None:
        raise StillMissingError(f"could not decode scikit-image's {name!r}")
    return cv2.cvtColor(image, cv2.COLOR_BGR2RGB)


def value_noise(height: int, width: int, cell: float, rng: np.random.Generator, octaves: int = 4) -> np.ndarray:
    """Smooth fractal noise in [0, 1], shape (height, width), features about ``cell`` pixels."""
    total = np.zeros((height, width), np.float32)
    amplitude, weight = 1.0, 0.0
    for _ in range(octaves):
        grid_h = max(2, int(height / cell) + 2)
        grid_w = max(2, int(width / cell) + 2)
        grid = rng.random((grid_h, grid_w), dtype=np.float32)
        total += amplitude * cv2.resize(grid, (width, height), interpolation=cv2.INTER_CUBIC)
        weight += amplitude
        amplitude *= 0.5
        cell = max(1.0, cell / 2)
    total /= weight
    low, high = float(total.min()), float(total.max())
    return (total - low) / max(high - low, 1e-6)


def ridge(width: int, base: float, spread: float, cell: float, rng: np.random.Generator) -> np.ndarray:
    """A hill line: for each column, the row (in pixels) where the hill starts."""
    line = value_noise(1, width, cell, rng, octaves=5)[0]
    return base + (line - 0.5) * 2 * spread


def gradient(height: int, width: int, stops: list[tuple[float, tuple[int, int, int]]]) -> np.ndarray:
    """A vertical colour gradient (float32 RGB) through ``(position 0..1, colour)`` stops."""
    y = np.linspace(0, 1, height, dtype=np.float32)
    positions = [p for p, _ in stops]
    column = np.stack([np.interp(y, positions, [c[ch] for _, c in stops]) for ch in range(3)], axis=-1)
    return np.repeat(column[:, None, :], width, axis=1).astype(np.float32)


def hill_alpha(height: int, width: int, line: np.ndarray) -> np.ndarray:
    """Coverage of a hill whose top edge is ``line``: 1 below it, 0 above, anti-aliased."""
    rows = np.arange(height, dtype=np.float32)[:, None]
    return np.clip(rows - line[None, :] + 0.5, 0.0, 1.0)


def over(base: np.ndarray, colour: np.ndarray, alpha: np.ndarray) -> np.ndarray:
    a = alpha[..., None]
    return base * (1.0 - a) + colour * a


class StillScene:
    """A still picture scaled once to the size the camera needs; every frame is that picture."""

    def __init__(self, image: np.ndarray, size: tuple[int, int]) -> None:
        width, height = size
        shrink = width < image.shape[1]
        interpolation = cv2.INTER_AREA if shrink else cv2.INTER_LANCZOS4
        self.image = cv2.resize(image, (width, height), interpolation=interpolation)

    @property
    def size(self) -> tuple[int, int]:
        return self.image.shape[1], self.image.shape[0]

    def world(self, t: float) -> np.ndarray:
        return self.image.copy()


@dataclass
class _Layer:
    rgb: np.ndarray
    alpha: np.ndarray
    speed: float
    drift: float = 0.0
    offset_y: float = 0.0
    cache: dict[str, np.ndarray] = field(default_factory=dict)


class ValleyScene:
    """A painted golden-hour valley: sky with sun and clouds, three hill ranges and trees.
    The camera pans by sliding nearer layers further (parallax); clouds drift on their own."""

    def __init__(self, size: tuple[int, int], pan: float, rng: np.random.Generator) -> None:
        width, height = size
        self._size = size
        self.pan = pan * width
        wide = int(width + self.pan + 4)
        sun = (0.72 * width, 0.40 * height)

        sky = gradient(height, wide, [(0, (72, 112, 178)), (0.42, (170, 176, 196)), (0.62, (250, 206, 150)), (1, (255, 196, 130))])
        yy, xx = np.mgrid[0:height, 0:wide].astype(np.float32)
        distance = np.hypot(xx - sun[0], yy - sun[1]) / height
        glow = np.exp(-distance * 4.0)[..., None]
        sky = sky * (1 - 0.55 * glow) + np.array([255, 226, 170], np.float32) * 0.55 * glow
        sky = over(sky, np.full(3, 255.0, np.float32), np.clip(1.4 - distance * 40, 0, 1))
        clouds = value_noise(height, wide, height * 0.35, rng, octaves=5)
        cloud_alpha = np.clip((clouds - 0.52) * 3.0, 0, 0.85) * np.clip(1.2 - yy / (0.55 * height), 0, 1)
        cloud_colour = np.array([255, 232, 205], np.float32) * (0.85 + 0.15 * clouds[..., None])
        sky = over(sky, cloud_colour, cloud_alpha)

        layers = [_Layer(sky, np.ones((height, wide), np.float32), 0.15, drift=0.01 * width)]
        specs = [
            (0.50, 0.07, 0.9, (112, 122, 168), 0.35),
            (0.64, 0.06, 0.6, (118, 124, 74), 0.65),
            (0.80, 0.05, 0.5, (72, 92, 38), 1.0),
        ]
        texture = cv2.cvtColor(load_still("grass.png"), cv2.COLOR_RGB2GRAY).astype(np.float32) / 255
        for base, spread, cell, colour, speed in specs:
            line = ridge(wide, base * height, spread * height, cell * height, rng)
            alpha = hill_alpha(height, wide, line)
            shade = value_noise(height, wide, height * 0.12, rng, octaves=4)
            rgb = np.array(colour, np.float32) * (0.8 + 0.35 * shade[..., None])
            depth = np.clip((yy - line[None, :]) / (0.4 * height), 0, 1)[..., None]
            rgb = rgb * (1.05 - 0.3 * depth)
            if speed == 1.0:
                scale = height / 360
                tex = cv2.resize(texture, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
                reps = (height // tex.shape[0] + 1, wide // tex.shape[1] + 1)
                tex = np.tile(tex, reps)[:height, :wide]
                rgb = rgb * (0.7 + 0.6 * tex[..., None])
                rgb, alpha = self._plant_trees(rgb, alpha, line, height, rng)
            # Haze: the farther a range, the more it takes the sky's colour near the horizon.
            haze = {0.35: 0.45, 0.65: 0.18, 1.0: 0.0}[speed]
            rgb = rgb * (1 - haze) + np.array([226, 196, 178], np.float32) * haze
            layers.append(_Layer(rgb.astype(np.float32), alpha.astype(np.float32), speed))
        self.layers = layers

    @staticmethod
    def _plant_trees(rgb: np.ndarray, alpha: np.ndarray, line: np.ndarray, height: int,
                     rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
        rgb, alpha = rgb.copy(), alpha.copy()
        wide = rgb.shape[1]
        x = float(rng.uniform(0, 40))
        while x < wide:
            size = height * float(rng.uniform(0.06, 0.13))
            foot = float(line[min(int(x), wide - 1)]) + size * 0.15
            tint = float(rng.uniform(0.7, 1.0))
            colour = (28 * tint, 48 * tint, 24 * tint)
            trunk = np.array([[x - size * 0.03, foot], [x + size * 0.03, foot],
                              [x + size * 0.03, foot - size * 0.2], [x - size * 0.03, foot - size * 0.2]], np.float32)
            cv2.fillPoly(rgb, [np.round(trunk * 16).astype(np.int32)], (40, 30, 22), cv2.LINE_AA, shift=4)
            cv2.fillPoly(alpha, [np.round(trunk * 16).astype(np.int32)], 1.0, cv2.LINE_AA, shift=4)
            # Three stacked tiers, widest at the bottom, so the silhouette reads as a fir.
            for tier in range(3):
                base_y = foot - size * (0.12 + tier * 0.26)
                top = base_y - size * (0.5 - tier * 0.06)
                half = size * (0.3 - 0.07 * tier)
                pts = np.array([[x, top], [x - half, base_y], [x + half, base_y]], np.float32)
                cv2.fillPoly(rgb, [np.round(pts * 16).astype(np.int32)], colour, cv2.LINE_AA, shift=4)
                cv2.fillPoly(alpha, [np.round(pts * 16).astype(np.int32)], 1.0, cv2.LINE_AA, shift=4)
            x += size * float(rng.uniform(0.5, 3.5))
        return rgb, alpha

    @property
    def size(self) -> tuple[int, int]:
        return self._size

    def world(self, t: float, progress: float = 0.0) -> np.ndarray:
        width, height = self._size
        out: np.ndarray | None = None
        for layer in self.layers:
            shift = layer.speed * self.pan * progress + layer.drift * t
            matrix = np.float32([[1, 0, shift], [0, 1, 0]])
            rgb = cv2.warpAffine(layer.rgb, matrix, (width, height), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT)
            if out is None:
                out = rgb
                continue
            alpha = cv2.warpAffine(layer.alpha, matrix, (width, height), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT)
            out = over(out, rgb, alpha)
        assert out is not None
        return np.clip(out, 0, 255).astype(np.uint8)


class LakeScene:
    """A painted lake at dusk: a glowing sky, mountains and their rippling reflection."""

    def __init__(self, size: tuple[int, int], rng: np.random.Generator) -> None:
        width, height = size
        self._size = size
        self.horizon = int(0.62 * height)
        top = self.horizon
        sky = gradient(top, width, [(0, (34, 40, 92)), (0.5, (128, 80, 132)), (0.85, (236, 128, 104)), (1, (252, 176, 110))])
        yy, xx = np.mgrid[0:top, 0:width].astype(np.float32)
        distance = np.hypot(xx - 0.3 * width, yy - top) / height
        glow = np.exp(-distance * 3.5)[..., None]
        self.sky = sky * (1 - 0.5 * glow) + np.array([255, 196, 120], np.float32) * 0.5 * glow
        clouds = value_noise(top, width * 2, height * 0.25, rng, octaves=5)
        band = np.clip(1 - np.abs(np.arange(top, dtype=np.float32) / top - 0.35) / 0.3, 0, 1)[:, None]
        self.cloud_alpha = np.clip((clouds - 0.5) * 2.5, 0, 0.8) * band
        self.cloud_rgb = (np.array([120, 70, 110], np.float32) + 90 * clouds[..., None]).astype(np.float32)
        mountains = np.zeros((top, width, 3), np.float32)
        cover = np.zeros((top, width), np.float32)
        for base, spread, colour in ((0.55, 0.22, (84, 62, 104)), (0.82, 0.12, (40, 32, 62))):
            line = ridge(width, base * top, spread * top, 0.5 * height, rng)
            alpha = hill_alpha(top, width, line)
            mountains = over(mountains, np.array(colour, np.float32), alpha)
            cover = np.maximum(cover, alpha)
        self.mountains, self.mountain_alpha = mountains, cover
        water_rows = height - top
        self.water_depth = (np.arange(water_rows, dtype=np.float32) / max(1, water_rows - 1))[:, None]
        self.phase = rng.uniform(0, 2 * np.pi, 3).astype(np.float32)

    @property
    def size(self) -> tuple[int, int]:
        return self._size

    def world(self, t: float) -> np.ndarray:
        width, height = self._size
        top = self.horizon
        shift = 0.015 * width * t
        matrix = np.float32([[1, 0, -shift], [0, 1, 0]])
        cloud_rgb = cv2.warpAffine(self.cloud_rgb, matrix, (width, top), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT)
        cloud_alpha = cv2.warpAffine(self.cloud_alpha, matrix, (width, top), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT)
        upper = over(self.sky, cloud_rgb, cloud_alpha)
        upper = over(upper, self.mountains, self.mountain_alpha)

        rows = height - top
        depth = self.water_depth
        # Ripples: each row of the mirrored sky slides sideways, more in the foreground.
        y = np.arange(rows, dtype=np.float32)[:, None]
        # Near ripples look bigger (perspective), so their rows repeat more slowly.
        scale = 720 / height
        wave = (np.sin(y * 0.45 * scale / (1 + 2 * depth) + 3.1 * t + self.phase[0])
                + 0.5 * np.sin(y * 0.19 * scale - 2.3 * t + self.phase[1]))
        map_x = (np.arange(width, dtype=np.float32)[None, :] + wave * (0.6 + 6 * depth) * height / 720).astype(np.float32)
        source_row = top - 1 - np.minimum(y * (1 + 0.3 * depth), top - 1)
        map_y = np.repeat(source_row, width, axis=1).astype(np.float32)
        map_x = np.broadcast_to(map_x, (rows, width)).astype(np.float32)
        lower = cv2.remap(upper, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT)
        lower = lower * (0.72 - 0.25 * depth[..., None]) + np.array([10, 20, 45], np.float32) * (0.2 + 0.3 * depth[..., None])
        world = np.concatenate([upper, lower], axis=0)
        return np.clip(world, 0, 255).astype(np.uint8)
