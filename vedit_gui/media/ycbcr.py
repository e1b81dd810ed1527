"""Y'CbCr matrices: how a video's 8-bit planes map to R'G'B' and back.

FFmpeg tags frames and streams with an ``AVColorSpace`` number. An untagged picture is read
as players read it (mpv, VLC, browsers): BT.709 when it is HD-sized (:func:`is_hd`), BT.601
otherwise. swscale alone would read every untagged picture as BT.601, so an untagged HD
source would look different in vedit's viewer than in any player, and so would its render.
Every conversion in vedit — viewer, thumbnails, analysis, render — asks this module.
"""

from __future__ import annotations

from dataclasses import dataclass

import av
import cv2
import numpy as np
from av.video.reformatter import Colorspace

# AVColorSpace values: BT.709 1, unspecified 2, BT.470BG 5, SMPTE 170M 6 (the last two are
# BT.601's matrix).
BT709_SPACE = 1
UNSPECIFIED_SPACE = 2
_BT601_SPACES = frozenset({UNSPECIFIED_SPACE, 5, 6})
OFFSET = np.array([16.0, 128.0, 128.0])
# Bump when pictures are read differently: analysis results cached from the old reading are
# then made again (2: Y'CbCr through swscale's planar output, exact; green was 1.5 levels low).
READING_REVISION = 2


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


def is_hd(width: int, height: int) -> bool:
    """Whether an untagged picture this size is read as BT.709 (mpv's rule: at least 1280
    wide, or taller than PAL's 576 lines)."""
    return width >= 1280 or height > 576


def matrix_for(colorspace: int | None, size: tuple[int, int]) -> VideoMatrix | None:
    """The matrix of an ``AVColorSpace`` tag for a coded picture of ``size`` (width, height),
    an untagged one by :func:`is_hd`; None for the ones vedit does not convert itself
    (BT.2020 and others: swscale reads those)."""
    space = int(colorspace or UNSPECIFIED_SPACE)
    if space == UNSPECIFIED_SPACE:
        return BT709 if is_hd(*size) else BT601
    return BT601 if space in _BT601_SPACES else BT709 if space == BT709_SPACE else None


def untagged_writing(size: tuple[int, int]) -> tuple[VideoMatrix, int | None]:
    """(matrix, ``AVColorSpace`` tag) for writing R'G'B' pictures of ``size`` that came with no
    tag, so that every reader agrees: HD in BT.709 and tagged so (FFmpeg's tools would read an
    untagged file as BT.601), smaller in BT.601 and untagged (read so everywhere)."""
    matrix = matrix_for(UNSPECIFIED_SPACE, size)
    return matrix, BT709_SPACE if matrix is BT709 else None


def frame_matrix(frame: av.VideoFrame) -> VideoMatrix | None:
    """:func:`matrix_for` a decoded frame."""
    return matrix_for(frame.colorspace, (frame.width, frame.height))


def to_rgb24(frame: av.VideoFrame, width: int | None = None, height: int | None = None, **options) -> np.ndarray:
    """``frame`` as H×W×3 uint8 R'G'B' through swscale (scaled to ``width``×``height`` where
    given), an untagged frame read by :func:`is_hd` rather than swscale's BT.601 default.

    Y'CbCr goes through swscale's planar G'B'R' output, which computes each sample: its packed
    R'G'B' output reads green 1.4–1.5 levels low (lookup tables that round down; saturated
    colours up to 3 off), for every source, 8- or 10-bit, scaled or not. The planar output
    costs the same or less, except at an 8-bit picture's own size, where swscale takes the
    tables for 8-bit planar output too: there it is asked for 12 bits (4 ms a 1080p frame
    instead of 0.5; pictures wider than the viewer's 1280 pixels are read at full size only
    by renders, for frames they cannot pass on as decoded).

    The array is the caller's own. A frame decoded as R'G'B' at its size would come back as a
    view of the decoder's buffer, which codecs such as Cinepak and QuickTime Animation predict
    the next frame from: a caller writing into it (the render grades in place) would change
    every later frame."""
    untagged = int(frame.colorspace or UNSPECIFIED_SPACE) == UNSPECIFIED_SPACE
    source = Colorspace.ITU709 if untagged and is_hd(frame.width, frame.height) else None
    own_size = (width or frame.width, height or frame.height) == (frame.width, frame.height)
    if _is_ycbcr(frame.format):
        if own_size and frame.format.components[0].bits == 8:
            # Here swscale would take its tables for 8-bit planar output too: ask for 12 bits.
            planar = frame.reformat(format="gbrp12le", src_colorspace=source, **options)
            g, b, r = (_plane(p, np.uint16) for p in planar.planes)
            return cv2.convertScaleAbs(cv2.merge([r, g, b]), alpha=1 / 16)
        planar = frame.reformat(width=width, height=height, format="gbrp", src_colorspace=source, **options)
        g, b, r = (_plane(p, np.uint8) for p in planar.planes)
        return cv2.merge([r, g, b])
    rgb = frame.to_ndarray(format="rgb24", width=width, height=height, src_colorspace=source, **options)
    return rgb.copy() if frame.format.name == "rgb24" and own_size else rgb


def _plane(plane: av.video.plane.VideoPlane, dtype: type) -> np.ndarray:
    """A plane's samples as rows, without the padding FFmpeg leaves at each row's end."""
    samples = np.frombuffer(plane, dtype)
    return samples.reshape(plane.height, -1)[:, : plane.width]


def _is_ycbcr(pixel_format: av.VideoFormat) -> bool:
    """Colour Y'CbCr (not R'G'B', a palette or grey)."""
    return not pixel_format.is_rgb and not pixel_format.has_palette and len(pixel_format.components) >= 3


def describe(colorspace: int | None, size: tuple[int, int], pix_fmt: str = "") -> str:
    """The matrix of a tag for a picture of ``size`` in words, as ``vedit probe`` prints it."""
    if _is_rgb(pix_fmt):
        # Microsoft Video 1, Cinepak, PNG: no Y'CbCr matrix to read, whatever the tag says.
        return "R'G'B'"
    matrix = matrix_for(colorspace, size)
    if int(colorspace or UNSPECIFIED_SPACE) == UNSPECIFIED_SPACE:
        return f"untagged colour (read as {matrix.name}, as players read this size)"
    return matrix.name if matrix is not None else f"colour matrix {colorspace} (converted by FFmpeg)"


def _is_rgb(pix_fmt: str) -> bool:
    try:
        return bool(pix_fmt) and av.VideoFormat(pix_fmt).is_rgb
    except ValueError:
        return False
