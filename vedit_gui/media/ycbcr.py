"""Y'CbCr matrices: how a video's 8-bit planes map to R'G'B' and back.

FFmpeg tags frames and streams with an ``AVColorSpace`` number; an untagged one is read as
BT.601 (swscale's default, and so the preview's), so the render keeps that reading too.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# AVColorSpace values: BT.709 1, unspecified 2, BT.470BG 5, SMPTE 170M 6 (the last two are
# BT.601's matrix).
BT709_SPACE = 1
UNSPECIFIED_SPACE = 2
_BT601_SPACES = frozenset({UNSPECIFIED_SPACE, 5, 6})
OFFSET = np.array([16.0, 128.0, 128.0])


@dataclass(frozen=True)
class VideoMatrix:
    """A Y'CbCr matrix at limited (studio) range: Y' 16–235, Cb and Cr 16–240."""

    name: str
    kr: float
    kb: float

    def to_ycbcr(self) -> np.ndarray:
        """3×3 from R'G'B' in 0–255 to (Y' − 16, Cb − 128, Cr − 128)."""
        kr, kb = self.kr, self.kb
        kg = 1.0 - kr - kb
        m = np.array(
            [
                [kr, kg, kb],
                [-kr / (1 - kb) / 2, -kg / (1 - kb) / 2, 0.5],
                [0.5, -kg / (1 - kr) / 2, -kb / (1 - kr) / 2],
            ]
        )
        return m * np.array([219.0, 224.0, 224.0])[:, None] / 255.0

    def to_rgb(self) -> np.ndarray:
        return np.linalg.inv(self.to_ycbcr())

    def to_ycbcr_offset(self) -> np.ndarray:
        """3×4 for ``cv2.transform``: R'G'B' in 0–255 to 8-bit (Y', Cb, Cr), offsets included."""
        return np.hstack([self.to_ycbcr(), OFFSET[:, None]])


BT601 = VideoMatrix("BT.601", 0.299, 0.114)
BT709 = VideoMatrix("BT.709", 0.2126, 0.0722)


def matrix_for(colorspace: int | None) -> VideoMatrix | None:
    """The matrix of an ``AVColorSpace`` tag (None or unspecified: BT.601), or None for the
    ones vedit does not convert itself (BT.2020 and others: swscale reads those)."""
    space = int(colorspace or UNSPECIFIED_SPACE)
    return BT601 if space in _BT601_SPACES else BT709 if space == BT709_SPACE else None


def describe(colorspace: int | None) -> str:
    """The matrix of a tag in words, as ``vedit probe`` prints it."""
    if int(colorspace or UNSPECIFIED_SPACE) == UNSPECIFIED_SPACE:
        return "untagged colour (read as BT.601)"
    matrix = matrix_for(colorspace)
    return matrix.name if matrix is not None else f"colour matrix {colorspace} (converted by FFmpeg)"
