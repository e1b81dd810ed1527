"""The render's processed frames in Y'CbCr 4:2:0, in the render's one output matrix
(:mod:`vedit_gui.media.ycbcr`): graded without leaving 4:2:0 where the picture is used as
decoded (:func:`graded_yuv420`), else R'G'B' ↔ 4:2:0 conversions done with OpenCV on the
decoding thread instead of swscale on the encoder's.

For BT.601 (untagged SD frames too; :mod:`~vedit_gui.media.ycbcr` says how untagged ones
read) OpenCV's I420 conversions are exactly swscale's matrix at limited range, about a
millisecond each way for a 1080p frame; BT.709 pictures are converted with the matrix here
(a few milliseconds), and frames in any other matrix or range keep the reader's swscale
conversion (:func:`fast_rgb` returns None for them).
"""

from __future__ import annotations

from functools import lru_cache

import av
import cv2
import numpy as np

from ..media.grade import Grade
from ..media.grade_yuv import Planes, apply_grade_yuv420
from ..media.punch_in import FrameMove
from ..media.stabilize import stabilize
from ..media.title import Title, title_layer
from ..media.ycbcr import BT601, BT709, BT709_SPACE, VideoMatrix, frame_matrix, untagged_writing

# AVColorRange: unspecified 0 and MPEG (limited) 1; JPEG (full) range is another formula.
_LIMITED_RANGES = frozenset({0, 1})


def video_matrix(frame: av.VideoFrame) -> VideoMatrix | None:
    """The Y'CbCr matrix of an 8-bit 4:2:0 limited-range frame of even size (an untagged one
    read by its size, :func:`~vedit_gui.media.ycbcr.is_hd`), or None for any other frame."""
    if (
        frame.format.name != "yuv420p"
        or int(frame.color_range or 0) not in _LIMITED_RANGES
        or frame.width % 2
        or frame.height % 2
    ):
        return None
    return frame_matrix(frame)


def fast_rgb(frame: av.VideoFrame) -> np.ndarray | None:
    """``frame`` as H×W×3 uint8 R'G'B' when it is 8-bit 4:2:0 in BT.601 limited range (as
    swscale would convert it, within chroma-upsampling rounding), else None."""
    if video_matrix(frame) is not BT601:
        return None
    # One (H·3/2)×W array holding the three planes, as OpenCV's I420 layout wants.
    return cv2.cvtColor(frame.to_ndarray(), cv2.COLOR_YUV2RGB_I420)


def graded_yuv420(frame: av.VideoFrame, grade: Grade, matrix: VideoMatrix) -> av.VideoFrame | None:
    """A new frame: ``frame`` with ``grade`` applied without leaving 4:2:0 (as
    :mod:`vedit_gui.media.grade_yuv` does it), when :func:`video_matrix` reads it as
    ``matrix``; else None."""
    if video_matrix(frame) is not matrix:
        return None
    graded = av.VideoFrame(frame.width, frame.height, "yuv420p")
    graded.colorspace, graded.color_range = frame.colorspace, frame.color_range
    apply_grade_yuv420(_planes(frame), _planes(graded), (frame.width, frame.height), grade, matrix)
    return graded


def stabilized_yuv420(frame: av.VideoFrame, move: FrameMove, index: int) -> av.VideoFrame | None:
    """A new frame: ``frame`` (source frame ``index``) moved by ``move`` (a stabilisation, a
    punch-in or both) plane by plane, with the same :func:`~vedit_gui.media.stabilize.stabilize`
    at each plane's size (moves are in fractions of the picture); None when it is not 8-bit
    4:2:0 of an even size.
    Moving the planes as decoded costs a third of a round trip through R'G'B'."""
    width, height = frame.width, frame.height
    if frame.format.name not in ("yuv420p", "yuvj420p") or width % 2 or height % 2:
        return None
    moved = av.VideoFrame(width, height, frame.format.name)
    moved.colorspace, moved.color_range = frame.colorspace, frame.color_range
    for plane, (source, target) in enumerate(zip(_planes(frame), _planes(moved), strict=True)):
        w, h = (width, height) if plane == 0 else (width // 2, height // 2)
        stabilize(source[:h, :w], move.matrix(index, w, h), out=target[:h, :w])
    return moved


def _planes(frame: av.VideoFrame) -> Planes:
    """The frame's three planes as arrays over its own buffers (rows padded to line size)."""
    views = []
    for plane in frame.planes:
        data = np.frombuffer(plane, np.uint8)
        views.append(data[: plane.height * plane.line_size].reshape(plane.height, plane.line_size))
    return views[0], views[1], views[2]


def camera_matrix(stream: av.video.stream.VideoStream) -> VideoMatrix:
    """The matrix to write R'G'B' pictures into ``stream`` in (with :func:`yuv420_frame`), as
    a camera does (:func:`~vedit_gui.media.ycbcr.untagged_writing`), the stream tagged to
    match. Read back by vedit or any player, the pictures keep their colours."""
    matrix, tag = untagged_writing((stream.width, stream.height))
    if tag is not None:
        stream.codec_context.colorspace = tag
        stream.codec_context.color_range = 1  # AVColorRange MPEG (limited)
    return matrix


def titled_yuv420(frame: av.VideoFrame, titles: list[Title], index: int, matrix: VideoMatrix) -> av.VideoFrame | None:
    """A new frame: ``frame`` (source frame ``index``) with ``titles`` laid over its planes,
    when :func:`video_matrix` reads it as ``matrix``; else None. Blending commutes with the
    matrix, so Y' is blended as R'G'B' would be; chroma takes each 2×2 block's mean opacity
    (the title's layer is placed on even pixels), within about a level of the R'G'B' path
    (:func:`~vedit_gui.media.title.draw_title`) at the letters' edges."""
    if video_matrix(frame) is not matrix:
        return None
    width, height = frame.width, frame.height
    out = av.VideoFrame(width, height, "yuv420p")
    out.colorspace, out.color_range = frame.colorspace, frame.color_range
    planes = _planes(out)
    for plane, (source, target) in enumerate(zip(_planes(frame), planes, strict=True)):
        w, h = (width, height) if plane == 0 else (width // 2, height // 2)
        target[:h, :w] = source[:h, :w]
    for title in titles:
        opacity = title.opacity(index)
        if opacity <= 0:
            continue
        luma_layer, chroma_layers, alpha, half_alpha, (x, y) = _title_planes(title, width, height, matrix)
        h, w = alpha.shape
        a, half = alpha * opacity, half_alpha * opacity
        luma = planes[0][y : y + h, x : x + w]
        luma[:] = np.clip(luma * (1 - a) + luma_layer * a + 0.5, 0, 255).astype(np.uint8)
        for plane, values in zip(planes[1:], chroma_layers, strict=True):
            region = plane[y // 2 : y // 2 + h // 2, x // 2 : x // 2 + w // 2]
            region[:] = np.clip(region * (1 - half) + values * half + 0.5, 0, 255).astype(np.uint8)
    return out


@lru_cache(maxsize=16)
def _title_planes(
    title: Title, width: int, height: int, matrix: VideoMatrix
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, tuple[int, int]]:
    """A title's layer as Y'CbCr in ``matrix`` (its luma, its two chroma planes) with its
    opacity at full and at chroma resolution, and where it goes: made once per title, picture
    size and matrix, not once per frame."""
    pixels, alpha, at = title_layer(title, width, height)
    h, w = alpha.shape[:2]
    layer = yuv420_frame(np.clip(pixels + 0.5, 0, 255).astype(np.uint8), matrix).to_ndarray().astype(np.float32)
    opacity = alpha[..., 0]
    return layer[:h], layer[h:].reshape(2, h // 2, w // 2), opacity, opacity.reshape(h // 2, 2, w // 2, 2).mean(axis=(1, 3)), at


def yuv420_frame(picture: np.ndarray, matrix: VideoMatrix = BT601) -> av.VideoFrame:
    """An H×W×3 uint8 R'G'B' picture (even size) as a yuv420p frame in ``matrix`` at limited
    range: what the encoder's swscale would make of it, without the encoder thread's time."""
    picture = np.ascontiguousarray(picture)
    if matrix is BT601:
        planes = cv2.cvtColor(picture, cv2.COLOR_RGB2YUV_I420)
    else:
        # One 3×4 transform to full-size Y'CbCr (OpenCV rounds and saturates), then each 2×2
        # block's chroma averaged.
        ycbcr = cv2.transform(picture, matrix.to_ycbcr_offset())
        h, w = picture.shape[:2]
        chroma = cv2.resize(ycbcr, (w // 2, h // 2), interpolation=cv2.INTER_AREA)
        planes = np.empty((h * 3 // 2, w), np.uint8)
        planes[:h] = ycbcr[..., 0]
        planes[h:].reshape(2, h // 2, w // 2)[:] = np.moveaxis(chroma[..., 1:], -1, 0)
    frame = av.VideoFrame.from_ndarray(planes, format="yuv420p")
    if matrix is BT709:
        frame.colorspace = BT709_SPACE
    return frame
