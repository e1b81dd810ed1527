"""The render's processed frames in Y'CbCr 4:2:0: graded without leaving it where the picture
is used as decoded (:func:`graded_yuv420`), else quick R'G'B' ↔ 4:2:0 conversions (graded and
letterboxed pictures), done with OpenCV on the decoding thread instead of swscale on the
encoder's.

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

from ..media.grade import Grade
from ..media.grade_yuv import BT601, BT709, Planes, VideoMatrix, apply_grade_yuv420

# FFmpeg's AVColorSpace values whose matrix is BT.601 (or unspecified, which swscale reads as
# BT.601): unspecified 2, BT.470BG 5, SMPTE 170M 6.
_BT601_SPACES = frozenset({2, 5, 6})
_BT709 = 1
# AVColorRange: unspecified 0 and MPEG (limited) 1; JPEG (full) range is another formula.
_LIMITED_RANGES = frozenset({0, 1})


def video_matrix(frame: av.VideoFrame) -> VideoMatrix | None:
    """The Y'CbCr matrix of an 8-bit 4:2:0 limited-range frame of even size (untagged counts
    as BT.601, as swscale reads it), or None for any other frame."""
    if (
        frame.format.name != "yuv420p"
        or int(frame.color_range or 0) not in _LIMITED_RANGES
        or frame.width % 2
        or frame.height % 2
    ):
        return None
    space = int(frame.colorspace or 2)
    return BT601 if space in _BT601_SPACES else BT709 if space == _BT709 else None


def fast_rgb(frame: av.VideoFrame) -> np.ndarray | None:
    """``frame`` as H×W×3 uint8 R'G'B' when it is 8-bit 4:2:0 in BT.601 limited range (as
    swscale would convert it, within chroma-upsampling rounding), else None."""
    if video_matrix(frame) is not BT601:
        return None
    # One (H·3/2)×W array holding the three planes, as OpenCV's I420 layout wants.
    return cv2.cvtColor(frame.to_ndarray(), cv2.COLOR_YUV2RGB_I420)


def graded_yuv420(frame: av.VideoFrame, grade: Grade) -> av.VideoFrame | None:
    """A new frame: ``frame`` with ``grade`` applied in its own Y'CbCr (BT.601 or BT.709), as
    :mod:`vedit_gui.media.grade_yuv` does it, or None where :func:`video_matrix` declines it."""
    matrix = video_matrix(frame)
    if matrix is None:
        return None
    graded = av.VideoFrame(frame.width, frame.height, "yuv420p")
    graded.colorspace, graded.color_range = frame.colorspace, frame.color_range
    apply_grade_yuv420(_planes(frame), _planes(graded), (frame.width, frame.height), grade, matrix)
    return graded


def _planes(frame: av.VideoFrame) -> Planes:
    """The frame's three planes as arrays over its own buffers (rows padded to line size)."""
    views = []
    for plane in frame.planes:
        data = np.frombuffer(plane, np.uint8)
        views.append(data[: plane.height * plane.line_size].reshape(plane.height, plane.line_size))
    return views[0], views[1], views[2]


def yuv420_frame(picture: np.ndarray) -> av.VideoFrame:
    """An H×W×3 uint8 R'G'B' picture (even size) as a yuv420p frame, BT.601 limited range:
    what the encoder's swscale would make of it, without the encoder thread's time."""
    planes = cv2.cvtColor(np.ascontiguousarray(picture), cv2.COLOR_RGB2YUV_I420)
    return av.VideoFrame.from_ndarray(planes, format="yuv420p")
