"""The sound of playback: a worker mixes the timeline ahead of the output into a bounded
PCM buffer, and a ``QIODevice`` hands that buffer to a ``QAudioSink`` that pulls from it.

The mix is :class:`~vedit_gui.render.AudioMix`, the same one the render writes, so preview
and export sound the same. The output pulls on the GUI thread and never waits: when the
worker falls behind, the device pads with silence and records where, so the audio clock
counts only real sound and the picture holds still through the gap.
"""

from __future__ import annotations

import bisect
import threading
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QIODevice, QObject
from PySide6.QtMultimedia import QAudioFormat, QAudioSink, QMediaDevices

from ..render import AudioMix
from ..timeline import Timeline
from .latest_job_worker import LatestJobWorker

BLOCK_SECONDS = 0.02
"""How much sound the worker mixes at a time."""

AHEAD_SECONDS = 0.25
"""How far the worker mixes ahead of the output (bounds memory and the latency of an edit)."""

_PEAKS_KEPT = 512
"""Blocks whose peaks a buffer remembers for the level meter (about 10 s of 20 ms blocks: far
more than lies between what is mixed and what is heard)."""


@dataclass(frozen=True)
class PcmFormat:
    """Interleaved PCM as the output takes it: float32 or int16, little-endian."""

    sample_rate: int = 48000
    channels: int = 2
    float_samples: bool = True

    @property
    def bytes_per_frame(self) -> int:
        return self.channels * (4 if self.float_samples else 2)

    def encode(self, block: np.ndarray) -> bytes:
        """(channels, n) float32 in [-1, 1] to interleaved bytes."""
        interleaved = np.ascontiguousarray(block.T)
        if self.float_samples:
            return interleaved.astype("<f4").tobytes()
        return (np.clip(interleaved, -1.0, 1.0) * 32767).round().astype("<i2").tobytes()

    def decode(self, data: bytes) -> np.ndarray:
        """Interleaved bytes back to (channels, n) float32 (for tests and meters)."""
        dtype = "<f4" if self.float_samples else "<i2"
        samples = np.frombuffer(data, dtype=dtype).reshape(-1, self.channels).T
        if self.float_samples:
            return samples.astype(np.float32)
        return (samples / 32767).astype(np.float32)

    def qt_format(self) -> QAudioFormat:
        fmt = QAudioFormat()
        fmt.setSampleRate(self.sample_rate)
        fmt.setChannelCount(self.channels)
        fmt.setSampleFormat(
            QAudioFormat.SampleFormat.Float if self.float_samples else QAudioFormat.SampleFormat.Int16
        )
        return fmt


def shuttle_block(block: np.ndarray, speed: float) -> np.ndarray:
    """Sound played at 2× as tape would: pairs of samples averaged (pitch goes up)."""
    if speed == 1:
        return block
    step = round(speed)
    usable = block.shape[1] - block.shape[1] % step
    return block[:, :usable].reshape(block.shape[0], -1, step).mean(axis=2).astype(np.float32)


class PcmBuffer:
    """Bytes between the mixing worker and the output, safe across the two threads.

    ``take`` never blocks: it pads a shortfall with silence and remembers where (in frames
    handed out), so :meth:`real_frames` can tell sound from padding. Each block written keeps
    its peak per channel, for the level meter (:meth:`peak_at`).
    """

    def __init__(self, fmt: PcmFormat, capacity_frames: int) -> None:
        self.format = fmt
        self.capacity = capacity_frames * fmt.bytes_per_frame
        self._data = bytearray()
        self._lock = threading.Lock()
        self._space = threading.Condition(self._lock)
        self._handed_out = 0  # bytes given to the output, sound and padding
        self._padding: list[tuple[int, int]] = []  # (byte offset handed out, length)
        self._finished = False
        self._closed = False
        self._written = 0  # frames of sound written
        self._peak_starts: list[int] = []  # the first sound frame of each block written
        self._peaks: list[np.ndarray] = []  # its peak per channel, 0–1

    @property
    def buffered_frames(self) -> int:
        with self._lock:
            return len(self._data) // self.format.bytes_per_frame

    @property
    def finished(self) -> bool:
        """The worker has written the last of the sound (the timeline's end)."""
        with self._lock:
            return self._finished

    def write(self, data: bytes, timeout: float | None = None) -> bool:
        """Append ``data`` when there is room; False if closed or the wait timed out."""
        samples = self.format.decode(data)
        peaks = np.abs(samples).max(axis=1) if samples.size else np.zeros(self.format.channels, np.float32)
        with self._space:
            if not self._space.wait_for(
                lambda: self._closed or len(self._data) + len(data) <= self.capacity
                or not self._data,
                timeout,
            ):
                return False
            if self._closed:
                return False
            self._data += data
            self._peak_starts.append(self._written)
            self._peaks.append(peaks)
            self._written += samples.shape[1]
            if len(self._peaks) > 2 * _PEAKS_KEPT:
                del self._peak_starts[:_PEAKS_KEPT], self._peaks[:_PEAKS_KEPT]
            return True

    def peak_at(self, sound_frame: int) -> np.ndarray | None:
        """The peak per channel (0–1) of the block that holds frame ``sound_frame`` of the sound
        written (what :meth:`real_frames` counts as heard); None before the first or long gone."""
        with self._lock:
            index = bisect.bisect_right(self._peak_starts, sound_frame) - 1
            if index < 0 or sound_frame >= self._written:
                return None
            return self._peaks[index]

    def finish(self) -> None:
        with self._lock:
            self._finished = True

    def close(self) -> None:
        """Wake and refuse the writer (the run is over)."""
        with self._space:
            self._closed = True
            self._space.notify_all()

    def take(self, max_bytes: int) -> bytes:
        """Up to ``max_bytes`` whole frames for the output: sound, padded with silence on an
        underrun; nothing once the sound has ended and been played out."""
        bpf = self.format.bytes_per_frame
        want = max_bytes - max_bytes % bpf
        with self._space:
            out = bytes(self._data[:want])
            del self._data[: len(out)]
            if len(out) < want and not self._finished:
                pad = want - len(out)
                self._padding.append((self._handed_out + len(out), pad))
                out += bytes(pad)
            self._handed_out += len(out)
            self._space.notify_all()
            return out

    def available(self) -> int:
        """Bytes the output may take now (sound, or padding while the sound is running)."""
        with self._lock:
            if self._finished or self._closed:
                return len(self._data)
            return max(len(self._data), self.format.bytes_per_frame * 1024)

    def real_frames(self, played_frames: int) -> int:
        """Of the first ``played_frames`` frames handed out, how many were sound."""
        bpf = self.format.bytes_per_frame
        played = min(played_frames * bpf, self._handed_out)
        with self._lock:
            padding = sum(max(0, min(start + length, played) - start) for start, length in self._padding)
        return (played - padding) // bpf


class AudioFeed(QIODevice):
    """The read-only sequential device a ``QAudioSink`` pulls playback sound from (open
    from the start)."""

    def __init__(self, buffer: PcmBuffer, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.buffer = buffer
        # Unbuffered: QIODevice's own read-ahead would pad an underrun with extra silence.
        self.open(QIODevice.OpenModeFlag.ReadOnly | QIODevice.OpenModeFlag.Unbuffered)

    def readData(self, maxlen: int) -> bytes:  # noqa: N802 - Qt's name
        return self.buffer.take(maxlen)

    def writeData(self, data: bytes) -> int:  # noqa: N802 - Qt's name
        return -1

    def isSequential(self) -> bool:  # noqa: N802 - Qt's name
        return True

    def bytesAvailable(self) -> int:  # noqa: N802 - Qt's name
        return self.buffer.available() + super().bytesAvailable()


@dataclass(frozen=True)
class AudioJob:
    """Mix ``timeline`` from output sample ``start`` at ``speed`` into ``buffer``."""

    timeline: Timeline
    start: int
    speed: float
    buffer: PcmBuffer


class AudioPump(LatestJobWorker[AudioJob]):
    """The mixing worker: one thread, one :class:`AudioMix` per timeline, latest job wins."""

    def __init__(
        self,
        fmt: PcmFormat,
        on_error: Callable[[str], None],
        open_mix: Callable[[Timeline, PcmFormat], AudioMix] | None = None,
    ) -> None:
        self.format = fmt
        self._on_error = on_error
        self._open_mix = open_mix or (lambda t, f: AudioMix(t, f.sample_rate, f.channels))
        self._mix: tuple[Timeline, AudioMix] | None = None
        super().__init__("vedit-playback-audio")

    def play(self, job: AudioJob) -> None:
        self._post(job)

    def _replaced(self, previous: AudioJob) -> None:
        if isinstance(previous, AudioJob):
            previous.buffer.close()

    def _finish(self) -> None:
        self._close_mix()

    def _work(self, job: AudioJob) -> None:
        self._fill(job)

    def _fill(self, job: AudioJob) -> None:
        fmt = self.format
        try:
            mix = self._mix_for(job.timeline)
            step = round(job.speed)
            block = max(1, round(BLOCK_SECONDS * fmt.sample_rate)) * step
            position = job.start
            while position < mix.length and not self.changed(job):
                count = min(block, mix.length - position)
                data = fmt.encode(shuttle_block(mix.read(position, count), job.speed))
                while not job.buffer.write(data, timeout=0.05):
                    if self.changed(job):
                        return
                position += count
            job.buffer.finish()
        except Exception as error:  # noqa: BLE001 - a source that fails to mix leaves silence, reported
            job.buffer.finish()
            self._on_error(f"sound: {error}" if str(error) else type(error).__name__)

    def _mix_for(self, timeline: Timeline) -> AudioMix:
        if self._mix is None or self._mix[0] is not timeline:
            # Every edit while playing is a new timeline: the old mix's readers are released
            # before the new one opens its own.
            self._close_mix()
            self._mix = (timeline, self._open_mix(timeline, self.format))
        return self._mix[1]

    def _close_mix(self) -> None:
        """Close the mix in hand (worker thread, which alone reads it). Dropping it is not
        enough: its limiter reads it, a reference cycle, so its readers' files would stay
        open until a full cyclic GC pass, one more set for every edit made while playing."""
        if self._mix is not None:
            mix, self._mix = self._mix[1], None
            mix.close()


def ahead_frames(fmt: PcmFormat) -> int:
    return round(AHEAD_SECONDS * fmt.sample_rate)


def open_default_output(fmt: PcmFormat) -> tuple[QAudioSink, PcmFormat] | None:
    """A sink on the system's default output, in ``fmt`` or int16 if the device wants it;
    None where there is no output device (headless machines, CI)."""
    device = QMediaDevices.defaultAudioOutput()
    if device.isNull():
        return None
    for candidate in (fmt, PcmFormat(fmt.sample_rate, fmt.channels, float_samples=False)):
        if device.isFormatSupported(candidate.qt_format()):
            return QAudioSink(device, candidate.qt_format()), candidate
    return None
