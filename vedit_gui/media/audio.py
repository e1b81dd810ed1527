"""Sound on the media clock: sample-accurate reads, resampled to the rate the caller asks.

Sample 0 is media time 0 (the first video frame's presentation time; see :mod:`.probe`), so
a file whose sound starts late reads as silence first, and sound before the picture is
dropped. Where the file has no sound, reads return zeros. Read as stereo or mono, a source's
channels are folded down by :mod:`.fold_down` (mono on both sides at full level, surround as
ITU-R BS.775 does), the one table the preview, the render and the meters all hear through.
Sound that cannot be decoded (a file damaged in the middle) is silence, as players conceal
it, and is recorded with its place (:mod:`.damage`), so the editor is told where.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

from .damage import KNOWN, SOUND, DamageLog
from .errors import MediaError
from .fold_down import FoldDown
from .probe import MediaInfo, audio_stream, open_container, probe

# Seek this far before the wanted sample: decoders need a few frames to settle (AAC priming).
_PREROLL = Fraction(1, 5)
_KEEP_BEHIND_PER_S = 10  # a tenth of a second of what was read stays in the buffer
# The layout a read of that many channels gives, for reads of 3 to 8 channels (FFmpeg remaps).
_LAYOUTS = {1: "mono", 2: "stereo", 3: "2.1", 4: "quad", 5: "5.0", 6: "5.1", 7: "6.1", 8: "7.1"}
SYNC_TOLERANCE = Fraction(1, 100)
"""How far decoded sound may stray from its timestamps before it is put back on them: above
the rounding of millisecond timestamps, well under a frame."""


class SoundClock:
    """Keeps decoded sound on its timestamps. A stream's frames follow one another exactly, but
    where packets were lost (a dropout in a camera or a capture) the next one starts later:
    laid end to end, all the sound after it would play early by as much, out of sync with the
    picture. Frames without a time follow the one before."""

    def __init__(self, time_base: Fraction) -> None:
        self._time_base = time_base
        self._end: Fraction | None = None  # where the sound so far ends, in the stream's seconds

    def step(self, frame: av.AudioFrame) -> Fraction:
        """Seconds from the end of the sound so far to where ``frame`` starts, when more than
        :data:`SYNC_TOLERANCE` either way (positive: a gap, to be silence; negative: sound
        that overlaps, to be dropped), else 0; the first frame only sets the clock."""
        at = None if frame.pts is None else frame.pts * self._time_base
        length = Fraction(frame.samples, frame.sample_rate)
        jump = Fraction(0)
        if at is not None and (self._end is None or abs(at - self._end) > SYNC_TOLERANCE):
            jump = Fraction(0) if self._end is None else at - self._end
            self._end = at
        self._end = (self._end or Fraction(0)) + length
        return jump


def read_audio(
    path: str | Path,
    start: Fraction,
    duration: Fraction,
    *,
    sample_rate: int = 48000,
    channels: int = 2,
) -> np.ndarray:
    """``duration`` seconds of sound from media time ``start`` as float32 (channels, samples)."""
    if duration < 0:
        raise MediaError(Path(path), f"cannot read a negative duration ({duration} s)")
    with AudioReader(path, sample_rate=sample_rate, channels=channels) as reader:
        return reader.read(
            round(Fraction(start) * sample_rate), round(Fraction(duration) * sample_rate)
        )


class AudioReader:
    """Streaming reads of one file's sound at ``sample_rate`` with ``channels`` channels.

    Contiguous reads (each starting where the last ended) decode straight on; a read
    elsewhere seeks. Not thread-safe: one reader per thread. Damaged sound is recorded in
    ``damage`` (a render's log) and in :data:`.damage.KNOWN`.
    """

    def __init__(
        self, path: str | Path, sample_rate: int = 48000, channels: int = 2, *, damage: DamageLog | None = None
    ) -> None:
        self.path = Path(path)
        self.damage = damage if damage is not None else KNOWN
        if sample_rate < 1 or not 1 <= channels <= 8:
            raise MediaError(
                self.path, f"cannot read sound as {channels} channels at {sample_rate} Hz"
            )
        self.info: MediaInfo = probe(self.path)
        self.sample_rate = sample_rate
        self.channels = channels
        self._container = None
        self._stream = None
        if self.info.audio is not None:
            self._container = open_container(self.path)
            self._stream = audio_stream(self._container)
        self._buffer = np.zeros((channels, 0), np.float32)
        self._buffer_start: int | None = None
        self._decoded: list[np.ndarray] = []  # blocks decoded since the last read, not yet joined
        self._decoded_length = 0
        self._seeked_to = 0
        self._dropped_to = 0  # samples before it were read and let go: a read there seeks again
        self._frames: Iterator[np.ndarray] | None = None
        self._eof = False
        self._closed = False
        self._planar = FoldDown(self.channels)  # a resampled frame as (channels, n) float32

    @property
    def has_audio(self) -> bool:
        return self._stream is not None

    def __enter__(self) -> AudioReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            if self._container is not None:
                self._container.close()

    def read(self, start_sample: int, count: int) -> np.ndarray:
        """``count`` samples from media sample ``start_sample`` (at this reader's rate),
        float32 (channels, count); silence where the file has no sound."""
        if self._closed:
            raise MediaError(self.path, "the audio reader is closed")
        start_sample, count = int(start_sample), int(count)
        if count < 0:
            raise MediaError(self.path, f"cannot read {count} samples")
        out = np.zeros((self.channels, count), np.float32)
        if self._stream is None or count == 0:
            return out
        end = start_sample + count
        if end <= 0:
            return out
        wanted = max(start_sample, 0)
        if not self._holds(wanted):
            self._seek(wanted)
        while not self._eof and self._buffer_end() < end:
            self._decode_more()
        self._join_decoded()
        if self._buffer_start is None:
            return out
        # Copy the overlap of the buffer and the request; the rest stays silent.
        lo = max(start_sample, self._buffer_start)
        hi = min(end, self._buffer_end())
        if hi > lo:
            out[:, lo - start_sample : hi - start_sample] = self._buffer[
                :, lo - self._buffer_start : hi - self._buffer_start
            ]
        # Keep what a following contiguous read can still need, and a little behind it: reads
        # that step back by a few samples (rounding at a cut) need no seek.
        keep_from = max(0, end - self._buffer_start - self.sample_rate // _KEEP_BEHIND_PER_S)
        if keep_from:
            self._buffer = self._buffer[:, keep_from:]
            self._buffer_start += keep_from
            self._dropped_to = self._buffer_start
        return out

    def _buffer_end(self) -> int:
        if self._buffer_start is None:
            return -1
        return self._buffer_start + self._buffer.shape[1] + self._decoded_length

    def _holds(self, sample: int) -> bool:
        """Whether the current decode run can serve ``sample`` without a seek: it started at
        or before it (a buffer starting later means silence there), has not let it go already
        (a clip that plays the same sound again reads back), and is not a second past it."""
        if self._frames is None or sample < max(self._seeked_to, self._dropped_to):
            return False
        reached = self._seeked_to if self._buffer_start is None else self._buffer_end()
        return sample <= reached + self.sample_rate

    def _seek(self, sample: int) -> None:
        assert self._container is not None and self._stream is not None
        stream = self._stream
        target = self.info.start_time + Fraction(sample, self.sample_rate) - _PREROLL
        self._buffer = np.zeros((self.channels, 0), np.float32)
        self._decoded, self._decoded_length = [], 0
        self._buffer_start = None
        self._seeked_to = sample
        self._dropped_to = 0
        self._eof = False
        try:
            if sample > 0 and target > 0:
                self._container.seek(
                    math.floor(target / stream.time_base), stream=stream, backward=True
                )
            else:
                # From the start: a file opened afresh. Matroska's seek to 0 lands on the first
                # picture and drops sound before it (AAC's priming, Opus's pre-skip), the first
                # 20-40 ms of sound.
                self._container.close()
                self._container = open_container(self.path)
                self._stream = stream = audio_stream(self._container)
        except av.error.FFmpegError as exc:
            raise MediaError(self.path, f"cannot seek in the sound ({exc})") from exc
        self._frames = self._resampled(sample)

    def _decode_more(self) -> None:
        assert self._frames is not None
        block = next(self._frames, None)
        if block is None:
            self._eof = True
            return
        # Joined once per read (:meth:`_join_decoded`): joining each block as it came made one
        # long read quadratic (300 s of sound in one read took 205 s).
        self._decoded.append(block)
        self._decoded_length += block.shape[1]

    def _join_decoded(self) -> None:
        if self._decoded:
            self._buffer = np.concatenate([self._buffer, *self._decoded], axis=1)
            self._decoded, self._decoded_length = [], 0

    def _resampled(self, wanted: int) -> Iterator[np.ndarray]:
        """Resampled blocks after a seek; the first decoded frame's time places the buffer."""
        assert self._container is not None and self._stream is not None
        stream = self._stream
        stream.codec_context.flush_buffers()
        resampler = self._resampler()
        clock = SoundClock(stream.time_base)
        drop = 0  # samples still to leave out where the stream's sound overlaps itself
        placed = False
        for packet in self._container.demux(stream):
            try:
                frames = packet.decode()
            except av.error.FFmpegError:
                # A damaged packet is skipped, as players do: the clock puts silence in its place.
                # One before any sound after a seek may just be cut by the seek: not recorded.
                if (placed or wanted == 0) and packet.pts is not None:
                    start = packet.pts * stream.time_base - self.info.start_time
                    length = (packet.duration or 0) * stream.time_base
                    self.damage.add(self.path, SOUND, max(start, Fraction(0)), start + length)
                continue
            for frame in frames:
                if not placed:
                    if frame.pts is None:
                        continue
                    seconds = frame.pts * stream.time_base - self.info.start_time
                    self._buffer_start = round(seconds * self.sample_rate)
                    placed = True
                jump = clock.step(frame)
                if jump > 0:
                    # What the resampler holds comes before the silence; a new one starts after.
                    for out in resampler.resample(None):
                        yield self._planar(out)
                    resampler = self._resampler()
                    # A second at a time: a capture's timestamps may jump by hours.
                    silence = round(jump * self.sample_rate)
                    for _ in range(silence // self.sample_rate):
                        yield np.zeros((self.channels, self.sample_rate), np.float32)
                    yield np.zeros((self.channels, silence % self.sample_rate), np.float32)
                elif jump < 0:
                    drop += round(-jump * self.sample_rate)
                for out in resampler.resample(frame):
                    block = self._planar(out)
                    if drop:
                        cut = min(drop, block.shape[1])
                        block, drop = block[:, cut:], drop - cut
                    yield block
        if placed:
            for out in resampler.resample(None):
                yield self._planar(out)
        if not placed:
            self._buffer_start = wanted

    def _resampler(self) -> av.AudioResampler:
        """Float at the reader's rate: read as stereo or mono, in the source's own channels
        (folded down by ``_planar``, a :class:`.fold_down.FoldDown`); else in the layout asked for (FFmpeg remaps).
        Interleaved: PyAV 18 counts one plane too many for planar sound of 8 channels (7.1)
        and crashes reading it."""
        layout = None if self.channels <= 2 else _LAYOUTS[self.channels]
        return av.AudioResampler(format="flt", layout=layout, rate=self.sample_rate)

