"""Random degrading grades and augmentations for self-supervised training and the bench."""

from __future__ import annotations

import cv2
import numpy as np

from ....media.grade import Grade


def random_degrading_grade(rng: np.random.Generator, identity_share: float = 0.0) -> Grade:
    """A plausible camera/grading mistake: exposure, white balance, contrast, saturation,
    gamma — each drawn independently (the inverse task the model learns)."""
    if rng.random() < identity_share:
        return Grade.identity()
    return Grade(
        exposure=float(rng.uniform(-1.5, 1.5)),
        temperature=float(rng.uniform(-1.0, 1.0)),
        tint=float(rng.uniform(-0.5, 0.5)),
        contrast=float(np.exp(rng.uniform(np.log(0.7), np.log(1.4)))),
        saturation=float(np.exp(rng.uniform(np.log(0.6), np.log(1.5)))),
        gamma=float(np.exp(rng.uniform(np.log(0.75), np.log(1.33)))),
    )


def random_intended_look(rng: np.random.Generator) -> Grade:
    """A look a film may want: darker (night, interiors, low key), a little brighter, softer
    or punchier, less saturated. Training targets get one now and then, so the model learns
    that a dark shot is not always an under-exposed one: wallpapers, its photographs, are
    nearly all bright and well exposed, and v2 brightened every dark shot it saw."""
    return Grade(
        exposure=float(rng.uniform(-1.5, 0.3)),
        contrast=float(np.exp(rng.uniform(np.log(0.85), np.log(1.25)))),
        saturation=float(np.exp(rng.uniform(np.log(0.75), np.log(1.15)))),
    )


def rotate_hue(image: np.ndarray, degrees: float) -> np.ndarray:
    """Rotate hues in CIELAB around the neutral axis: greys stay grey, lightness is kept."""
    lab = cv2.cvtColor(image, cv2.COLOR_RGB2LAB).astype(np.float32)
    a, b = lab[..., 1] - 128.0, lab[..., 2] - 128.0
    c, s = np.cos(np.radians(degrees)), np.sin(np.radians(degrees))
    lab[..., 1] = np.clip(128.0 + c * a - s * b, 0, 255)
    lab[..., 2] = np.clip(128.0 + s * a + c * b, 0, 255)
    return cv2.cvtColor(np.round(lab).astype(np.uint8), cv2.COLOR_LAB2RGB)


def random_view(image: np.ndarray, rng: np.random.Generator, side: int) -> np.ndarray:
    """A random crop (15–100% of the area), maybe flipped and hue-rotated, at side×side."""
    h, w = image.shape[:2]
    area = rng.uniform(0.15, 1.0)
    ch = int(np.clip(h * np.sqrt(area) * rng.uniform(0.8, 1.25), 16, h))
    cw = int(np.clip(w * np.sqrt(area) * rng.uniform(0.8, 1.25), 16, w))
    y, x = int(rng.integers(0, h - ch + 1)), int(rng.integers(0, w - cw + 1))
    crop = cv2.resize(image[y : y + ch, x : x + cw], (side, side), interpolation=cv2.INTER_AREA)
    if rng.random() < 0.5:
        crop = crop[:, ::-1]
    if rng.random() < 0.5:
        crop = rotate_hue(np.ascontiguousarray(crop), float(rng.uniform(-180, 180)))
    return np.ascontiguousarray(crop)


def random_mosaic(images: list[np.ndarray], rng: np.random.Generator, side: int) -> np.ndarray:
    """Two to four views of different pictures side by side in one side×side picture: each part
    is a well-exposed neutral photograph, so the whole is one too, and the model meets
    combinations of content it cannot have learnt picture by picture."""
    out = np.empty((side, side, 3), np.uint8)
    cut_x = int(side * rng.uniform(0.3, 0.7))
    cut_y = int(side * rng.uniform(0.3, 0.7))
    layout = rng.integers(3)
    if layout == 0:  # left and right
        boxes = [(0, 0, cut_x, side), (cut_x, 0, side, side)]
    elif layout == 1:  # top and bottom
        boxes = [(0, 0, side, cut_y), (0, cut_y, side, side)]
    else:  # four quarters
        boxes = [(0, 0, cut_x, cut_y), (cut_x, 0, side, cut_y), (0, cut_y, cut_x, side), (cut_x, cut_y, side, side)]
    for x0, y0, x1, y1 in boxes:
        view = random_view(images[int(rng.integers(len(images)))], rng, max(x1 - x0, y1 - y0))
        out[y0:y1, x0:x1] = view[: y1 - y0, : x1 - x0]
    return out
