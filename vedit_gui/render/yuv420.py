"""Quick R'G'B' ↔ Y'CbCr 4:2:0 conversions for the render's processed frames (graded,
letterboxed), done with OpenCV on the decoding thread instead of swscale on the encoder's.

OpenCV's I420 conversions use the BT.601 matrix at limited range, which is exactly what
swscale does for frames whose matrix is BT.601 or unspecified (FFmpeg's default), so a
processed frame gets the same colours as before, only sooner: a 1080p frame converts in
about a millisecond each way instead of several. Frames in any other matrix or range keep
the reader's conversion (:func:`fast_rgb` returns None for them).
"""

from __future__ import annotations

import av
import cv2
import numpy as np

# FFmpeg's AVColorSpace values whose matrix is BT.601 (or unspecified, which swscale reads as
# BT.601): unspecified 2, BT.470BG 5, SMPTE 170M 6.
_BT601_SPACES = frozenset({2, 5, 6})
# AVColorRange: unspecified 0 and MPEG (limited) 1; JPEG (full) range is another formula.
_LIMITED_RANGES = frozenset({0, 1})


def fast_rgb(frame: av.VideoFrame) -> np.ndarray | None:
    """``frame`` as H×W×3 uint8 R'G'B' when it is 8-bit 4:2:0 in BT.601 limited range (as
    swscale would convert it, within chroma-upsampling rounding), else None."""
    if (
        frame.format.name != "yuv420p"
        or int(frame.colorspace or 2) not in _BT601_SPACES
        or int(frame.color_range or 0) not in _LIMITED_RANGES
        or frame.width % 2
        or frame.height % 2
    ):
        return None
    # One (H·3/2)×W array holding the three planes, as OpenCV's I420 layout wants.
    return cv2.cvtColor(frame.to_ndarray(), cv2.COLOR_YUV2RGB_I420)


def yuv420_frame(picture: np.ndarray) -> av.VideoFrame:
    """An H×W×3 uint8 R'G'B' picture (even size) as a yuv420p frame, BT.601 limited range:
    what the encoder's swscale would make of it, without the encoder thread's time."""
    planes = cv2.cvtColor(np.ascontiguousarray(picture), cv2.COLOR_RGB2YUV_I420)
    return av.VideoFrame.from_ndarray(planes, format="yuv420p")
