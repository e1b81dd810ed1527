"""The decoded frames a reader saw last, kept so that scrubbing back over them costs nothing.

A jump decodes every reference frame from the keyframe up to its target; scrubbing then
moves back and forth over the same few frames. Keeping them (as decoded, in the decoder's
pixel format) answers those requests without a seek. Bounded in bytes: a 1080p 4:2:0 frame
is 3 MB.
"""

from __future__ import annotations

from collections import OrderedDict

import av


def frame_nbytes(frame: av.VideoFrame) -> int:
    """Bytes the frame's pixel buffers hold."""
    return sum(int(plane.buffer_size) for plane in frame.planes)


class RecentFrames:
    """Decoded frames by presentation time, least recently used first out, under ``max_bytes``.

    Keys are the times the decoder gave the frames (callers may change ``frame.pts`` later,
    e.g. an encoder restamping it). Not thread-safe, like the reader that owns it.
    """

    def __init__(self, max_bytes: int) -> None:
        if max_bytes < 0:
            raise ValueError(f"cache size must not be negative, got {max_bytes}")
        self.max_bytes = int(max_bytes)
        self._frames: OrderedDict[int, tuple[av.VideoFrame, int]] = OrderedDict()
        self._nbytes = 0

    @property
    def nbytes(self) -> int:
        return self._nbytes

    def __len__(self) -> int:
        return len(self._frames)

    def __contains__(self, pts: int) -> bool:
        return pts in self._frames

    def get(self, pts: int) -> av.VideoFrame | None:
        entry = self._frames.get(pts)
        if entry is None:
            return None
        self._frames.move_to_end(pts)
        return entry[0]

    def put(self, pts: int, frame: av.VideoFrame) -> None:
        old = self._frames.pop(pts, None)
        if old is not None:
            self._nbytes -= old[1]
        size = frame_nbytes(frame)
        if size > self.max_bytes:
            return
        self._frames[pts] = (frame, size)
        self._nbytes += size
        while self._nbytes > self.max_bytes:
            _, (_, evicted) = self._frames.popitem(last=False)
            self._nbytes -= evicted

    def clear(self) -> None:
        self._frames.clear()
        self._nbytes = 0
