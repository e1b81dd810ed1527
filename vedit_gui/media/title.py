"""Titles: text over the picture, on a source's frames (a name and a role under a speaker,
a caption over a shot), faded in and out.

A title is drawn once per picture size into a transparent layer (Pillow's scalable default
font, so nothing needs installing or downloading) and laid over each frame it covers by
:func:`draw_title`, which the preview and the render both call, after the grade: the grade
changes the footage's colour, never the title's.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from PIL import Image, ImageDraw, ImageFont

PLACES = ("lower-third", "centre", "top")
DEFAULT_SIZE = 0.055  # the first line's height, as a share of the picture's
MIN_SIZE, MAX_SIZE = 0.02, 0.2
MAX_CHARACTERS = 200


class TitleError(ValueError):
    """Title settings that cannot be used (a damaged or foreign project)."""


@dataclass(frozen=True)
class Title:
    """``text`` (and a smaller ``second`` line: a role under a name) over source frames
    ``start`` to ``start + frames``, at ``place``, fading in and out over ``fade`` frames."""

    text: str
    start: int
    frames: int
    second: str = ""
    place: str = "lower-third"
    size: float = DEFAULT_SIZE
    fade: int = 0

    def __post_init__(self) -> None:
        if self.frames <= 0 or self.start < 0:
            raise TitleError(f"a title needs frames to cover, not {self.frames} from {self.start}")
        if not self.text.strip():
            raise TitleError("a title needs words")
        if self.place not in PLACES:
            raise TitleError(f"a title goes {', '.join(PLACES)}, not {self.place!r}")
        if not MIN_SIZE <= self.size <= MAX_SIZE:
            raise TitleError(f"title size {self.size:g} outside {MIN_SIZE:g}–{MAX_SIZE:g}")
        if len(self.text) + len(self.second) > MAX_CHARACTERS or "\n" in self.text + self.second:
            raise TitleError(f"a title is two lines of at most {MAX_CHARACTERS} characters in all")
        if self.fade < 0:
            raise TitleError("a title's fade cannot be negative")

    def covers(self, source_frame: int) -> bool:
        return self.start <= source_frame < self.start + self.frames

    def opacity(self, source_frame: int) -> float:
        """1 while fully shown; less in its first and last ``fade`` frames; 0 outside it."""
        if not self.covers(source_frame):
            return 0.0
        if self.fade <= 0:
            return 1.0
        into, left = source_frame - self.start + 1, self.start + self.frames - source_frame
        return min(1.0, into / (self.fade + 1), left / (self.fade + 1))

    def to_params(self) -> dict[str, Any]:
        return {"text": self.text, "second": self.second, "start": self.start, "frames": self.frames,
                "place": self.place, "size": round(self.size, 4), "fade": self.fade}

    @classmethod
    def from_params(cls, params: dict[str, Any]) -> Title:
        try:
            return cls(str(params["text"]), int(params["start"]), int(params["frames"]), str(params.get("second", "")),
                       str(params.get("place", "lower-third")), float(params.get("size", DEFAULT_SIZE)),
                       int(params.get("fade", 0)))
        except (KeyError, TypeError, ValueError, OverflowError) as exc:
            if isinstance(exc, TitleError):
                raise
            raise TitleError(f"title settings are incomplete: {exc}") from exc


@lru_cache(maxsize=16)
def title_layer(title: Title, width: int, height: int) -> tuple[np.ndarray, np.ndarray, tuple[int, int]]:
    """The title drawn for a ``width`` × ``height`` picture: (its pixels, H×W×3 float32; their
    opacity, H×W×1 float32; where the layer's top left goes). Only the title's box is drawn."""
    big = max(8, round(title.size * height))
    small = max(6, round(big * 0.62))
    fonts = [ImageFont.load_default(size=big), ImageFont.load_default(size=small)]
    # (A title always has words: Title refuses a blank first line.)
    lines = [(text, font) for text, font in zip((title.text, title.second), fonts, strict=True) if text.strip()]
    pad = round(big * 0.45)
    boxes = [font.getbbox(text) for text, font in lines]
    line_heights = [round(font.size * 1.25) for _, font in lines]
    text_width = max(box[2] for box in boxes)
    # Even sizes and places, so a 4:2:0 render can lay it over its planes as they are.
    layer_w = min(width - width % 2, text_width + 2 * pad + (text_width % 2))
    layer_h = min(height - height % 2, sum(line_heights) + 2 * pad + (sum(line_heights) % 2))
    layer = Image.new("RGBA", (layer_w, layer_h), (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    # A dark plate keeps white text readable over any picture.
    draw.rounded_rectangle((0, 0, layer_w - 1, layer_h - 1), radius=max(2, pad // 2), fill=(12, 12, 14, 150))
    y = pad
    for (text, font), line_height in zip(lines, line_heights, strict=True):
        x = pad if title.place == "lower-third" else (layer_w - font.getbbox(text)[2]) // 2
        shade = (255, 255, 255, 255) if font is fonts[0] else (225, 225, 230, 255)
        draw.text((x, y), text, font=font, fill=shade)
        y += line_height
    rgba = np.asarray(layer, dtype=np.float32) / 255.0
    margin = round(0.06 * width)
    if title.place == "lower-third":
        at = (min(margin, width - layer_w), max(0, round(height * 0.82) - layer_h))
    elif title.place == "top":
        at = ((width - layer_w) // 2, min(round(height * 0.08), height - layer_h))
    else:
        at = ((width - layer_w) // 2, (height - layer_h) // 2)
    at = (max(0, at[0] - at[0] % 2), max(0, at[1] - at[1] % 2))
    return rgba[..., :3] * 255.0, rgba[..., 3:], at


def draw_title(picture: np.ndarray, title: Title, source_frame: int) -> np.ndarray:
    """``picture`` (H×W×3 uint8) with ``title`` laid over it as it shows at ``source_frame``
    (a new array; the same one where the title does not show)."""
    opacity = title.opacity(source_frame)
    if opacity <= 0:
        return picture
    height, width = picture.shape[:2]
    pixels, alpha, (x, y) = title_layer(title, width, height)
    h, w = pixels.shape[:2]
    out = picture.copy()
    region = out[y : y + h, x : x + w].astype(np.float32)
    a = alpha * opacity
    out[y : y + h, x : x + w] = np.clip(region * (1 - a) + pixels * a + 0.5, 0, 255).astype(np.uint8)
    return out


__all__ = ["DEFAULT_SIZE", "PLACES", "Title", "TitleError", "draw_title", "title_layer"]
