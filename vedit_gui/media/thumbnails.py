"""Filmstrip thumbnails: pictures spread evenly over a file, from keyframes only.

Only keyframes are decoded (``skip_frame = "NONKEY"``), one seek per thumbnail, so a
two-hour file costs as many keyframe decodes as thumbnails asked for (and one more: the
first, which primes the decoder as :class:`~vedit_gui.media.decode.FrameReader` does).
"""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

from .decode import prime_decoder
from .errors import MediaError
from .index import VideoIndex
from .probe import open_container, probe_with_index, video_stream
from .ycbcr import to_rgb24


def thumbnails(
    path: str | Path, count: int, height: int, rate: Fraction | None = None
) -> Iterator[tuple[int, np.ndarray]]:
    """Up to ``count`` (grid frame, RGB picture ``height`` pixels tall) pairs, in time order;
    a variable-rate file's frames on its grid at ``rate`` (see :func:`.probe.probe`).

    Each picture is the keyframe at or before an evenly spaced point; the frame number is
    the first grid frame that shows it (or, where a variable-rate grid skips it, the picture
    after it). Keyframes shared by two points appear once.
    """
    path = Path(path)
    if count < 1 or height < 1:
        raise MediaError(path, f"cannot make {count} thumbnails {height} pixels tall")
    info, index = probe_with_index(path, rate)
    if info.video is None or index is None:
        raise MediaError(path, "the file has no video to make thumbnails of")
    video = info.video
    width = max(1, round(height * video.display_width / video.display_height))
    coded = (height, width) if video.rotation in (90, 270) else (width, height)
    # The middle of each of ``count`` equal stretches (floor keeps it inside the clip).
    points = [(2 * i + 1) * index.frame_count // (2 * count) for i in range(count)]
    seen: set[int] = set()
    with open_container(path) as container:
        stream = video_stream(container)
        assert stream is not None
        stream.thread_type = "AUTO"
        stream.codec_context.skip_frame = "NONKEY"
        prime_decoder(container, stream, index.first_pts)
        for point in points:
            key = index.keyframe_at_or_before(int(index.pts[index.source_position(point)]))
            if key in seen:
                continue
            seen.add(key)
            found = _decode_keyframe(path, container, stream, index, key)
            if found is None:
                continue
            frame, shown = found
            # A variable-rate grid skips some source frames, keyframes among them.
            grid_frame = min(index.first_grid_frame(index.position_of_pts(shown)), index.frame_count - 1)
            rgb = to_rgb24(frame, coded[0], coded[1])
            if video.rotation:
                rgb = np.ascontiguousarray(np.rot90(rgb, k=-video.rotation // 90))
            yield grid_frame, rgb


def _decode_keyframe(
    path: Path, container, stream, index: VideoIndex, key: int
) -> tuple[av.VideoFrame, int] | None:
    """(the keyframe at ``key``, the time it is shown at), or None past damage.

    MPEG program streams can land a GOP late after a seek: then seek again a keyframe
    earlier and decode keyframes forward to ``key``. A picture is taken as a keyframe when
    the decoder says so or its time is a keyframe's in the index (Microsoft Video 1 never
    says so); one at a time the index does not know (shifted timestamps) is trusted as
    the keyframe asked for."""
    target = key
    try:
        for _attempt in range(3):
            container.seek(target, stream=stream, backward=True, any_frame=False)
            stream.codec_context.flush_buffers()
            for frame in _decoded(container, stream):
                if frame.pts is None or index.keyframe_at_or_before(frame.pts) != frame.pts:
                    if frame.key_frame:
                        return frame, key
                    continue
                if frame.pts < key:
                    continue
                if frame.pts == key or target == index.first_pts:
                    return frame, int(frame.pts)
                break
            else:
                return None
            target = index.keyframe_at_or_before(target - 1)
    except av.error.FFmpegError as exc:
        raise MediaError(path, f"cannot read a thumbnail ({exc})") from exc
    return None


def _decoded(container, stream) -> Iterator[av.VideoFrame]:
    for packet in container.demux(stream):
        yield from packet.decode()
