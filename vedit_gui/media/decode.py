"""Frame-exact random access to a video stream.

A :class:`FrameReader` answers "the picture at grid frame *i*" with the same pixels a
sequential decode from the start gives. It seeks to the keyframe at or before the frame and
decodes forward by presentation time, or, when the frame lies a little ahead of where the
decoder already is, just decodes forward. Frames decoded on the way are never converted to
RGB, non-reference frames before the target are not decoded at all (``skip_frame``), and
after a jump the decoder is drained as soon as the target's packet is in, so nothing past
the target is decoded either. The frames decoded on the way are kept (bounded in bytes), so
scrubbing back over them needs no decoding. Before its first seek a decoder is given the
stream's first packet (:func:`prime_decoder`), as a decode from the start would be.
"""

from __future__ import annotations

import operator
from collections import deque
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

from .damage import KNOWN, DamageLog, picture_lost
from .deinterlace import progressive
from .errors import MediaError
from .index import VideoIndex
from .probe import MediaInfo, open_container, probe_with_index, video_stream
from .recent_frames import RecentFrames
from .ycbcr import to_rgb24

# Decoding this many frames forward costs about what a seek and decoder flush cost.
_FORWARD_SLACK = 4
# Demuxers whose timestamps after a seek differ from a read from the start (MPEG program and
# transport streams interpolate them in the parser): random access re-reads from the start.
_UNRELIABLE_SEEK_FORMATS = frozenset(
    {"mpeg", "mpegts", "mpegvideo", "h264", "hevc", "m4v", "rawvideo"}
)
# A forward request at most this many frames past the last one is a step (playback, the →
# key, a slow drag): decode on from there instead of draining at each step.
_SCRUB_STEPS = 5
"""How many frames a drag may decode forward for an exact picture (~4 ms each at 1080p)."""

_STEP_FRAMES = 8
# Decoded frames kept for scrubbing back: about ten 1080p frames, per reader.
_RECENT_BYTES = 32 * 1024 * 1024
# Frame threading (AUTO): with two idle cores a 1080p seek takes ~55 ms instead of ~67 ms
# for ~15 % more CPU; under full load every setting ties (bench/scrub.py --compare). Files
# coded in one slice a frame (x264's default) gain nothing from SLICE threading.
_THREAD_TYPE = "AUTO"


def prime_decoder(container: av.container.InputContainer, stream: av.VideoStream, first_pts: int) -> None:
    """Give the decoder the stream's first packet, as a decode from the start would.

    Some streams say how they were encoded in their first packet only, and the decoder
    decodes differently once it knows: FFmpeg's H.264 decoder reads x264's version there and
    predicts pixels as x264 builds before 151 did in lossless 4:4:4 (MPEG-4 part 2 decoders
    read Xvid's and DivX's the same way). A seek skips that packet, and every picture after
    it comes out wrong (imageio's sample ``cockatoo.mp4`` turns green). Decoders keep what
    they learnt through the flush of the seek that follows, so once per decoder is enough."""
    try:
        container.seek(first_pts, stream=stream, backward=True, any_frame=False)
        for packet in container.demux(stream):
            if packet.size:
                stream.codec_context.decode(packet)
                return
    except av.error.FFmpegError:
        # A damaged first packet teaches nothing: the seek that follows reports real damage.
        return


class FrameIndexError(MediaError, IndexError):
    """A frame number outside the file (or not an integer)."""


class _SeekMissed(Exception):
    """The demuxer landed after the target frame; seek again from an earlier keyframe."""


class FrameReader:
    """Random and sequential access to the frames of one file, on its constant frame grid.

    Not thread-safe: use one reader per thread (each holds its own decoder).
    MPEG program/transport streams and raw elementary streams give different timestamps
    after a seek, so going backward in them decodes again from the start (exact, slower).
    ``size`` is (width, height) of the pictures :meth:`read` returns; by default the
    display size (sample aspect ratio and rotation applied). ``threads`` = 0 lets FFmpeg
    choose the decoder thread count. A frame that cannot be decoded (a file damaged in the
    middle) is shown as the last good one before it, as players conceal it, and recorded in
    ``damage`` (a render's log) and :data:`.damage.KNOWN` (see :mod:`.damage`). ``rate``:
    the grid a variable-rate file is read on (its media reference's rate; None: its average
    rate's), ignored for a constant-rate file.
    """

    def __init__(
        self, path: str | Path, *, size: tuple[int, int] | None = None, threads: int = 0,
        damage: DamageLog | None = None, rate: Fraction | None = None,
    ) -> None:
        self.path = Path(path)
        self.damage = damage if damage is not None else KNOWN
        info, index = probe_with_index(self.path, rate)
        if info.video is None or index is None:
            raise MediaError(self.path, "the file has no video to show")
        self.info: MediaInfo = info
        self._index: VideoIndex = index
        video = info.video
        if size is None:
            size = (video.display_width, video.display_height)
        width, height = (int(size[0]), int(size[1]))
        if width < 1 or height < 1:
            raise MediaError(self.path, f"cannot scale pictures to {width}x{height}")
        self.size = (width, height)
        self._rotation = video.rotation
        # Scale in coded orientation, then turn: a 90/270 rotation swaps the axes.
        self._coded_size = (height, width) if video.rotation in (90, 270) else (width, height)
        self._threads = threads
        self._reopen_to_seek = info.format_name in _UNRELIABLE_SEEK_FORMATS
        self._open()
        self._pending: deque[av.VideoFrame] = deque()
        self._eof = False
        self._drained = False
        self._drain_at: int | None = None
        self._target_sent = False
        self._last: av.VideoFrame | None = None
        self._last_pts: int | None = None
        self._recent = RecentFrames(_RECENT_BYTES)
        self._closed = False

    def _open(self) -> None:
        self._container = open_container(self.path)
        stream = video_stream(self._container)
        if stream is None:
            raise MediaError(self.path, "the file has no video to show")
        self._stream = stream
        stream.thread_type = _THREAD_TYPE
        stream.thread_count = self._threads
        self._codec = stream.codec_context
        self._skipping = False
        self._primed = False
        self._packets: Iterator[av.Packet] = self._container.demux(stream)

    @property
    def rate(self) -> Fraction:
        return self._index.rate

    @property
    def frame_count(self) -> int:
        return self._index.frame_count

    def __enter__(self) -> FrameReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._pending.clear()
            self._recent.clear()
            self._last = None
            self._container.close()

    def read(self, index: int) -> np.ndarray:
        """Grid frame ``index`` as an H×W×3 uint8 RGB array, upright and at ``size``."""
        return self.to_rgb(self.read_av(index))

    def read_av(self, index: int) -> av.VideoFrame:
        """Grid frame ``index`` as decoded: not rotated, not scaled, not converted.

        The frame may be handed out again by a later call: do not change it in place."""
        return self._read_av(self._check_index(index), sequential=False)

    def scrub_read(self, index: int) -> tuple[int, np.ndarray]:
        """A picture for ``index`` while the playhead is dragged: (frame shown, RGB).

        The exact frame when it is kept or at most ``_SCRUB_STEPS`` decodes ahead of the
        decoder; further ahead in the same run, the frame ``_SCRUB_STEPS`` on; otherwise the
        keyframe at or before it, which decodes alone. Neither drains
        the decoder, so the next request of a forward drag continues from here. The exact
        frame is asked for with :meth:`read` when the drag ends."""
        frame_no = self._check_index(index)
        target = int(self._index.pts[self._index.source_position(frame_no)])
        if self._last_pts == target or target in self._recent:
            pass
        elif self._can_decode_forward_to(target):
            # Decode forward at most _SCRUB_STEPS frames: exact when that reaches the target,
            # else the furthest frame on the way (a fast drag still shows new pictures).
            here = self._index.position_of_pts(self._last_pts)
            reach = min(self._index.position_of_pts(target), here + _SCRUB_STEPS)
            frame_no = min(self._index.first_grid_frame(reach), frame_no)
        else:
            position = self._index.position_of_pts(self._index.keyframe_at_or_before(target))
            frame_no = min(self._index.first_grid_frame(position), frame_no)
        return frame_no, self.to_rgb(self._read_av(frame_no, sequential=True))

    def _read_av(self, frame_no: int, *, sequential: bool) -> av.VideoFrame:
        target = int(self._index.pts[self._index.source_position(frame_no)])
        if self._last is not None and self._last_pts == target:
            return self._last
        recent = self._recent.get(target)
        if recent is not None:
            # Served without touching the decoder, which stays where it was.
            return self._progressive(recent)
        if not self._can_decode_forward_to(target):
            # A jump drains the decoder as soon as the target's packet is in, so nothing past
            # it is decoded; a step forward after such a jump starts playback: no drain.
            drain = not (
                sequential or self._reopen_to_seek or self._steps_forward_to(target)
            )
            return self._seek_and_decode(frame_no, target, drain=drain)
        return self._decode_until(frame_no, target, fresh_seek=False)

    def frames(self, start: int = 0, stop: int | None = None) -> Iterator[tuple[int, np.ndarray]]:
        """Frames ``start`` to ``stop`` (exclusive) in order, decoding each once."""
        for frame_no, frame in self.av_frames(start, stop):
            yield frame_no, self.to_rgb(frame)

    def av_frames(
        self, start: int = 0, stop: int | None = None
    ) -> Iterator[tuple[int, av.VideoFrame]]:
        stop = self.frame_count if stop is None else stop
        if start == stop:
            return
        self._check_index(start)
        self._check_index(stop - 1)
        for frame_no in range(start, stop):
            if self._closed:
                raise MediaError(self.path, "the reader is closed")
            # The whole run is wanted: even its first frame needs no drain.
            yield frame_no, self._read_av(frame_no, sequential=True)

    def to_rgb(self, frame: av.VideoFrame) -> np.ndarray:
        """A decoded frame as this reader's RGB picture: scaled, then turned upright."""
        width, height = self._coded_size
        rgb = to_rgb24(frame, width, height)
        if self._rotation:
            # np.rot90 turns counter-clockwise for positive k; the rotation is clockwise.
            rgb = np.ascontiguousarray(np.rot90(rgb, k=-self._rotation // 90))
        return rgb

    # -- decoding ---------------------------------------------------------------------------

    def _check_index(self, index: int) -> int:
        if self._closed:
            raise MediaError(self.path, "the reader is closed")
        try:
            frame_no = operator.index(index)
        except TypeError:
            raise FrameIndexError(
                self.path, f"frame number must be an integer, got {index!r}"
            ) from None
        if not 0 <= frame_no < self.frame_count:
            raise FrameIndexError(
                self.path, f"frame {frame_no} is outside the clip (0 to {self.frame_count - 1})"
            )
        return frame_no

    def _can_decode_forward_to(self, target: int) -> bool:
        if self._last_pts is None or target < self._last_pts:
            return False
        if self._drained:
            # A drained decoder takes no more packets: only the frames it gave out remain.
            # (frames between them that come later in decode order were never decoded).
            return any(frame.pts == target for frame in self._pending)
        if self._eof and not self._pending:
            return False
        key_position = self._index.position_of_pts(self._index.keyframe_at_or_before(target))
        return self._index.position_of_pts(self._last_pts) >= key_position - _FORWARD_SLACK

    def _steps_forward_to(self, target: int) -> bool:
        if self._last_pts is None or target <= self._last_pts:
            return False
        steps = self._index.position_of_pts(target) - self._index.position_of_pts(self._last_pts)
        return steps <= _STEP_FRAMES

    def _seek_and_decode(self, frame_no: int, target: int, *, drain: bool) -> av.VideoFrame:
        key = self._index.keyframe_at_or_before(target)
        if self._reopen_to_seek:
            key = self._index.first_pts
        for _attempt in range(3):
            self._seek(key)
            self._drain_at = target if drain else None
            try:
                return self._decode_until(frame_no, target, fresh_seek=key != self._index.first_pts)
            except _SeekMissed:
                if key == self._index.first_pts:
                    break
                key = self._index.keyframe_at_or_before(key - 1)
        # The demuxer cannot land before the frame: decode from the very start instead.
        self._seek(self._index.first_pts)
        try:
            return self._decode_until(frame_no, target, fresh_seek=False)
        except _SeekMissed:
            raise MediaError(self.path, f"cannot seek to frame {frame_no}") from None

    def _seek(self, pts: int) -> None:
        if self._last_pts is not None:
            # Decoded after a keyframe and past the last answer: good pictures, kept.
            for frame in self._pending:
                if frame.pts is not None:
                    self._recent.put(frame.pts, frame)
        self._pending.clear()
        self._last = None
        self._last_pts = None
        self._eof = False
        self._drained = False
        self._drain_at = None
        self._target_sent = False
        if self._reopen_to_seek:
            self._container.close()
            self._open()
            return
        if not self._primed and pts != self._index.first_pts:
            self._set_skipping(False)
            prime_decoder(self._container, self._stream, self._index.first_pts)
        self._primed = True
        try:
            self._container.seek(pts, stream=self._stream, backward=True, any_frame=False)
        except av.error.FFmpegError as exc:
            raise MediaError(self.path, f"cannot seek in the file ({exc})") from exc
        # PyAV's seek has flushed the decoder already (a second flush costs a thread sync).
        self._packets = self._container.demux(self._stream)

    def _decode_until(self, frame_no: int, target: int, *, fresh_seek: bool) -> av.VideoFrame:
        """Decode forward to the frame presented at ``target``; after a seek, frames before
        the first keyframe are leftovers of an earlier GOP and are dropped."""
        waiting_for_key = fresh_seek
        # Decoding on from the frame shown last: it is what was on screen before the target.
        # (By its pts as decoded: an encoder given the frame renumbers it.)
        held = self._last_pts is not None and self._last_pts < target
        previous, previous_pts = (self._last, self._last_pts) if held else (None, None)
        while True:
            frame = self._next_frame(target)
            if frame is None:
                if waiting_for_key:
                    raise _SeekMissed
                if previous is not None:
                    # The decoder gave out before the target (damage): show what came before it.
                    return self._lost(target, previous, previous_pts)
                raise MediaError(
                    self.path,
                    f"frame {frame_no} cannot be decoded: the file ends or is damaged before it",
                )
            pts = frame.pts
            if pts is None:
                continue
            if waiting_for_key:
                if not frame.key_frame:
                    continue
                waiting_for_key = False
                if pts > target:
                    raise _SeekMissed
            # Leftovers of an earlier GOP are dropped above: this one is right, keep it.
            self._recent.put(pts, frame)
            if pts == target:
                return self._keep(frame)
            if pts > target:
                # The target itself is missing (damaged): show what was on screen before it.
                self._pending.appendleft(frame)
                if previous is not None:
                    return self._lost(target, previous, previous_pts)
                return self._lost(target, frame, pts)
            previous, previous_pts = frame, pts

    def _lost(self, target: int, shown: av.VideoFrame, shown_pts: int | None) -> av.VideoFrame:
        """The frame at ``target`` could not be decoded: record it, and show ``shown``
        (decoded with ``shown_pts``)."""
        if self._index.holds(target):
            picture_lost(self.damage, self.path, self._index, self._index.position_of_pts(target))
        return self._keep(shown, shown_pts)

    def _keep(self, frame: av.VideoFrame, pts: int | None = None) -> av.VideoFrame:
        pts = frame.pts if pts is None else pts
        frame = self._progressive(frame)
        self._last = frame
        self._last_pts = pts
        # The drain belongs to the request now answered: a decoder without output delay (one
        # thread, no B-frames) gives the target before any drain, and stays able to go on.
        self._drain_at = None
        self._target_sent = False
        return frame

    def _progressive(self, frame: av.VideoFrame) -> av.VideoFrame:
        """The frame handed out: interlaced ones made progressive once (kept so), since
        frames decoded on the way to a target are never shown and need not be."""
        shown = progressive(frame)
        if shown is not frame and frame.pts is not None:
            self._recent.put(frame.pts, shown)
        return shown

    def _next_frame(self, target: int) -> av.VideoFrame | None:
        """The next frame in presentation order, or None at the end of the stream."""
        while not self._pending:
            if self._eof:
                return None
            if self._target_sent:
                # The target's packet is in: draining gives it out without decoding further.
                packet = None
                self._drained = True
            else:
                packet = next(self._packets, None)
                if packet is not None and packet.is_corrupt and not self._index.holds(packet.pts):
                    # What is left of a frame cut off with the file: the probe does not count it,
                    # and decoding it can lose the frames before it (frame threads).
                    continue
            if packet is None or packet.size == 0:
                # Flush the frames the decoder still holds for reordering.
                self._eof = packet is None
                packet = None
            else:
                self._set_skipping(packet.pts is not None and packet.pts < target)
                self._target_sent = self._drain_at is not None and packet.pts == self._drain_at
            try:
                self._pending.extend(self._codec.decode(packet))
            except av.error.EOFError:
                self._eof = True
            except av.error.FFmpegError:
                # A damaged packet: conceal it as players do (the frames it costs are shown as
                # the one before them, and recorded). A decoder that fails while draining gives
                # out nothing more.
                if packet is None:
                    self._eof = True
        return self._pending.popleft()

    def _set_skipping(self, skip: bool) -> None:
        if skip != self._skipping:
            # Non-reference frames before the target are never shown: skip decoding them.
            self._codec.skip_frame = "NONREF" if skip else "DEFAULT"
            self._skipping = skip
