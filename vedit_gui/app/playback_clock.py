"""Where playback is in time: the shuttle speeds of J/K/L and the two clocks that say which
timeline frame is due now.

The audio clock is the master when sound plays: the frame shown is derived from the sound
the output has actually played, so picture follows sound and never drifts from it. Without
sound (no output device, a silent timeline, reverse or fast shuttle) a monotonic clock
(``time.perf_counter``) stands in. Both count in timeline frames as floats.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from fractions import Fraction
from typing import Protocol

MAX_SHUTTLE = 8.0
"""The fastest J/L shuttle speed (1×, 2×, 4×, 8×)."""

MAX_SOUND_SPEED = 2.0
"""Above this speed, or backwards, playback is picture only."""


def shuttle_forward(speed: float) -> float:
    """The speed after pressing L: start forward at 1×, else double up to 8×."""
    if speed <= 0:
        return 1.0
    return min(speed * 2, MAX_SHUTTLE)


def shuttle_backward(speed: float) -> float:
    """The speed after pressing J: start backwards at 1×, else double up to 8×."""
    if speed >= 0:
        return -1.0
    return max(speed * 2, -MAX_SHUTTLE)


def plays_sound(speed: float) -> bool:
    """Whether sound accompanies the picture at ``speed`` (forward, at most 2×)."""
    return 0 < speed <= MAX_SOUND_SPEED


class PlaybackClock(Protocol):
    kind: str

    def position(self) -> float:
        """The timeline frame (fractional) due on screen now."""
        ...


class MonotonicClock:
    """Frames from wall time: ``start`` at the moment of creation, moving at ``speed``."""

    kind = "monotonic"

    def __init__(
        self,
        start: float,
        speed: float,
        rate: Fraction,
        now: Callable[[], float] = time.perf_counter,
    ) -> None:
        self._start = start
        self._speed = speed
        self._rate = float(rate)
        self._now = now
        self._t0 = now()

    def position(self) -> float:
        return self._start + self._speed * (self._now() - self._t0) * self._rate


def played_frames(
    processed_usecs: int, buffered_bytes: int, bytes_per_frame: int, sample_rate: int
) -> int:
    """Audio frames (samples per channel) heard so far: what the output has processed,
    less what still sits in its buffer waiting to be played."""
    processed = processed_usecs * sample_rate // 1_000_000
    return max(0, processed - max(0, buffered_bytes) // bytes_per_frame)


class AudioOutputState(Protocol):
    """What the audio clock reads from a ``QAudioSink``-like output."""

    def processedUSecs(self) -> int: ...  # noqa: N802 - Qt's name

    def bufferSize(self) -> int: ...  # noqa: N802 - Qt's name

    def bytesFree(self) -> int: ...  # noqa: N802 - Qt's name


class AudioClock:
    """Frames from the sound played so far.

    ``real_frames`` maps audio frames handed to the output to frames of real sound (the
    feed pads underruns with silence, which must not move the picture). An output reports
    progress in periods of some milliseconds; between reports the clock runs on wall time
    for at most ``max_glide`` seconds, so the picture moves smoothly but never outruns sound.
    """

    kind = "audio"

    def __init__(
        self,
        output: AudioOutputState,
        *,
        start: float,
        speed: float,
        rate: Fraction,
        sample_rate: int,
        bytes_per_frame: int,
        real_frames: Callable[[int], int],
        max_glide: float = 0.04,
        now: Callable[[], float] = time.perf_counter,
    ) -> None:
        self._output = output
        self._start = start
        self._speed = speed
        self._rate = float(rate)
        self._sample_rate = sample_rate
        self._bytes_per_frame = bytes_per_frame
        self._real_frames = real_frames
        self._max_glide = max_glide
        self._now = now
        self._last_heard = -1
        self._last_heard_at = now()
        self._last_position = start

    def heard(self) -> int:
        """Audio frames of real sound played so far."""
        buffered = self._output.bufferSize() - self._output.bytesFree()
        played = played_frames(
            self._output.processedUSecs(), buffered, self._bytes_per_frame, self._sample_rate
        )
        return self._real_frames(played)

    def position(self) -> float:
        heard = self.heard()
        now = self._now()
        if heard != self._last_heard:
            self._last_heard, self._last_heard_at = heard, now
            glide = 0.0
        else:
            glide = min(now - self._last_heard_at, self._max_glide) if heard > 0 else 0.0
        seconds = heard / self._sample_rate + glide
        position = self._start + self._speed * seconds * self._rate
        # The output's reports jitter; the picture must never step backwards.
        if (position - self._last_position) * self._speed < 0:
            position = self._last_position
        self._last_position = position
        return position
