"""Fast sequential decode at a small size, for analysis: one pass, frames in display order.

Unlike :class:`~vedit_gui.media.FrameReader` there is no constant-rate grid: every picture
the probe counts is yielded once, numbered 0, 1, 2, … in display order (what evaluation
truth and players count); one that cannot be decoded is the last good one again. Scaling happens inside the decode loop (swscale), so
no full-size RGB picture is ever made.
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Generator, Iterator
from fractions import Fraction
from pathlib import Path

import av
import cv2
import numpy as np

from .damage import KNOWN, DamageLog, picture_lost
from .errors import MediaError
from .index import VideoIndex
from .probe import open_container, probe_with_index, video_stream
from .ycbcr import BT601, frame_matrix, to_rgb24


class TruncatedMediaError(MediaError):
    """No picture of the stream can be decoded; ``frames_read`` pictures came before."""

    def __init__(self, path: str | Path, reason: str, frames_read: int) -> None:
        super().__init__(path, reason)
        self.frames_read = frames_read


def iter_small_frames(
    path: str | Path, width: int, height: int, *, threads: int = 0
) -> Iterator[np.ndarray]:
    """Every decoded picture of the main video stream as a height×width×3 uint8 RGB array.

    Pictures are scaled as coded (rotation metadata is not applied). Errors as
    :func:`iter_decoded_frames`.
    """
    for frame in iter_decoded_frames(path, threads=threads):
        yield to_small(frame, width, height)


def to_small(frame: av.VideoFrame, width: int, height: int) -> np.ndarray:
    """One decoded picture scaled to height×width×3 uint8 RGB (what :func:`iter_small_frames` gives).

    Shrinking 1080p to a thumbnail with swscale reads every pixel and costs about as much as
    decoding the picture did; averaging a regular sample of at least 8×8 pixels per output
    pixel looks the same at this size (noise is averaged just as well) for a tenth of the work.
    """
    if frame.format.name in _PLANAR_420 and frame.width >= 16 * width and frame.height >= 16 * height:
        return _small_from_420(frame, width, height)
    return to_rgb24(frame, width, height, interpolation="AREA")


def small_luma(frame: av.VideoFrame, width: int, height: int) -> np.ndarray:
    """One decoded picture's brightness (Y' as coded, or grey from R'G'B') at height×width,
    as coded (not turned): what motion is followed on. For 8-bit Y'CbCr it is read from the
    luma plane alone, from a regular sample as :func:`to_small` does, so nothing is converted."""
    if frame.format.name in _PLANAR_8BIT_YUV:
        step = max(1, min(frame.width // (4 * width), frame.height // (4 * height)))
        return cv2.resize(_plane(frame, 0, step), (width, height), interpolation=cv2.INTER_AREA)
    return cv2.cvtColor(to_rgb24(frame, width, height, interpolation="AREA"), cv2.COLOR_RGB2GRAY)


_PLANAR_420 = {"yuv420p", "yuvj420p"}
_PLANAR_8BIT_YUV = _PLANAR_420 | {"yuv422p", "yuvj422p", "yuv444p", "yuvj444p", "nv12"}
# (Kr, Kb) of BT.2020 (FFmpeg's colorspaces 9 and 10), which vedit's matrices leave to swscale.
_BT2020 = (0.2627, 0.0593)


def _plane(frame: av.VideoFrame, index: int, step: int) -> np.ndarray:
    plane = frame.planes[index]
    full = np.frombuffer(plane, np.uint8).reshape(plane.height, plane.line_size)[:, : plane.width]
    return full[step // 2 :: step, step // 2 :: step]


def _small_from_420(frame: av.VideoFrame, width: int, height: int) -> np.ndarray:
    # At least 8 samples each way per output pixel; even, so chroma samples sit on luma ones.
    step = max(2, min(frame.width // (8 * width), frame.height // (8 * height)) // 2 * 2)
    size = (width, height)
    y = cv2.resize(_plane(frame, 0, step), size, interpolation=cv2.INTER_AREA).astype(np.float32)
    cb = cv2.resize(_plane(frame, 1, step // 2), size, interpolation=cv2.INTER_AREA).astype(np.float32)
    cr = cv2.resize(_plane(frame, 2, step // 2), size, interpolation=cv2.INTER_AREA).astype(np.float32)
    full_range = frame.format.name == "yuvj420p" or frame.color_range == 2
    if full_range:
        y, cb, cr = y, cb - 128.0, cr - 128.0
    else:
        y, cb, cr = (y - 16.0) * (255 / 219), (cb - 128.0) * (255 / 224), (cr - 128.0) * (255 / 224)
    matrix = frame_matrix(frame)
    kr, kb = (matrix.kr, matrix.kb) if matrix is not None else _BT2020 if frame.colorspace in (9, 10) else (BT601.kr, BT601.kb)
    kg = 1.0 - kr - kb
    r = y + 2 * (1 - kr) * cr
    b = y + 2 * (1 - kb) * cb
    g = (y - kr * r - kb * b) / kg
    return np.clip(np.dstack([r, g, b]) + 0.5, 0, 255).astype(np.uint8)


def iter_decoded_frames(
    path: str | Path, *, threads: int = 0, deblock: bool = True, damage: DamageLog | None = None,
    rate: Fraction | None = None,
) -> Iterator[av.VideoFrame]:
    """Every picture of the main video stream, in display order, not converted (so a consumer
    on another thread can scale it while the decoder goes on).

    ``deblock=False`` skips the codecs' in-loop deblocking filter (H.264, HEVC, VP9): about
    15 % less decoding work, and invisible once a picture is shrunk to a thumbnail — for
    analysis only, never for pictures anyone looks at.

    The pictures given are the ones the probe counts (:mod:`.probe`: what the file holds, not
    what its header promises), each once. What is left of a packet cut off with the file
    (flagged damaged, not counted) is never sent to the decoder, whose frame threads would
    lose the pictures before it, as :class:`~.decode.FrameReader` does. A picture that cannot
    be decoded (a file damaged in the middle) is given as the last good one before it, as
    the reader shows it, and recorded in ``damage`` and :data:`.damage.KNOWN`.

    ``rate``: a variable-rate file's pictures are given on its grid at that rate instead
    (:mod:`.index`: each grid frame the picture on screen at its start, some given twice, some
    not at all), numbered as :class:`~.decode.FrameReader` numbers them, so analysis finds
    its cuts at the frames the viewer and the render show.

    Raises :class:`MediaError` if the file cannot be opened, and :class:`TruncatedMediaError`
    when no picture at all can be decoded.
    """
    path = Path(path)
    _info, index = probe_with_index(path, rate)
    if index is None:
        raise MediaError(path, "the file has no video to show")
    pictures = _pictures(path, index, threads, deblock, damage)
    if rate is None or not index.variable_frame_rate:
        yield from pictures
    else:
        yield from _on_grid(pictures, index)


def _on_grid(pictures: Generator[av.VideoFrame, None, None], index: VideoIndex) -> Iterator[av.VideoFrame]:
    """The pictures (one per source frame, in display order) as the grid frames showing them."""
    shows = np.bincount(index.grid, minlength=index.pts.size)
    with contextlib.closing(pictures):  # the decoder's container closes with the walk
        for position, picture in enumerate(pictures):
            yield from itertools.repeat(picture, int(shows[position]))


def _pictures(
    path: Path, index: VideoIndex, threads: int, deblock: bool, damage: DamageLog | None
) -> Generator[av.VideoFrame, None, None]:
    """Every picture the probe counts, once each, in display order (see above)."""
    log = damage if damage is not None else KNOWN
    container = open_container(path)
    try:
        stream = video_stream(container)
        if stream is None:
            raise MediaError(path, "the file has no video to show")
        stream.thread_type = "AUTO"
        stream.thread_count = threads
        if not deblock:
            stream.codec_context.options = {"skip_loop_filter": "all"}
        expected = int(index.pts.size)
        last_pts = int(index.pts[-1])
        position = 0  # the next picture to give, in the probe's display order
        held: av.VideoFrame | None = None  # the last good picture
        lost: list[int] = []  # lost before any picture came out: given as the first good one
        packets = container.demux(stream)
        while position < expected:
            try:
                packet = next(packets, None)
            except av.error.FFmpegError:
                packet = None  # the demuxer can go no further: the rest is lost
            if packet is not None and packet.size and packet.is_corrupt and not index.holds(packet.pts):
                continue  # what is left of a picture cut off with the file: not one the probe counts
            try:
                decoded = stream.decode(packet)
            except av.error.FFmpegError:
                # A damaged packet: the pictures it costs are found missing below. A decoder
                # that fails while draining gives nothing more.
                decoded = []
            for frame in decoded:
                pts = frame.pts
                if pts is not None and pts > last_pts:
                    continue  # past the picture's end as the probe counts it (a file cut short)
                at = index.position_of_pts(pts) if pts is not None and index.holds(pts) else position
                if at < position:
                    continue  # one given already
                for missing in range(position, at):
                    picture_lost(log, path, index, missing)
                    if held is None:
                        lost.append(missing)
                    else:
                        yield held
                for _ in lost:
                    yield frame
                lost = []
                held = frame
                yield frame
                position = at + 1
            if packet is None:
                break
        if held is None:
            raise TruncatedMediaError(path, "the video is damaged: no picture in it can be decoded", 0)
        for missing in range(position, expected):
            picture_lost(log, path, index, missing)
            yield held
    finally:
        container.close()
