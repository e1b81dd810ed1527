"""Waveform overview: min/max peaks of the mono mix, streamed so memory stays bounded."""

from __future__ import annotations

import math
import threading
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

from .audio import SoundClock
from .damage import KNOWN, SOUND
from .errors import MediaError
from .fold_down import FoldDown
from .probe import audio_stream, open_container, probe


class WaveformCancelled(MediaError):
    """The caller's cancel event was set before the waveform was finished."""


def waveform_peaks(
    path: str | Path,
    peaks_per_second: int = 100,
    *,
    cancel: threading.Event | None = None,
    progress: Callable[[float], None] | None = None,
) -> np.ndarray:
    """float32 (n, 2) of (min, max) of the mono mix per 1/``peaks_per_second`` s of media time.

    ``n`` covers the sound from media time 0; a file without sound gives ``(0, 2)``.
    ``progress`` gets the fraction done (0..1) now and then; setting ``cancel`` raises
    :class:`WaveformCancelled`.
    """
    path = Path(path)
    if peaks_per_second < 1:
        raise MediaError(path, f"peaks per second must be at least 1, got {peaks_per_second}")
    info = probe(path)
    if info.audio is None:
        return np.zeros((0, 2), np.float32)
    sample_rate = info.audio.sample_rate
    end_seconds = info.start_time + info.audio.duration
    total_peaks = max(1, math.ceil((end_seconds - info.start_time) * peaks_per_second))
    peaks = np.empty((total_peaks, 2), np.float32)
    peaks[:, 0], peaks[:, 1] = np.inf, -np.inf
    # Sample s (on the media clock, at the file's own rate) falls into peak s * pps // rate.
    resampler = av.AudioResampler(format="flt", rate=sample_rate)  # interleaved: PyAV crashes on 8 planes
    mono = FoldDown(1)  # the mono mix as the reader folds it down, as the mix plays it
    position: int | None = None
    reported = 0.0
    with open_container(path) as container:
        stream = audio_stream(container)
        assert stream is not None
        clock = SoundClock(stream.time_base)
        for packet in container.demux(stream):
            if cancel is not None and cancel.is_set():
                raise WaveformCancelled(path, "waveform cancelled")
            try:
                frames = packet.decode()
            except av.error.FFmpegError:
                # A damaged packet leaves a flat stretch, as it would sound, and is recorded
                # (the editor hears of damaged sound when the waveform is drawn, not at export).
                if packet.pts is not None:
                    start = max(packet.pts * stream.time_base - info.start_time, Fraction(0))
                    KNOWN.add(path, SOUND, start, start + (packet.duration or 0) * stream.time_base)
                continue
            for frame in frames:
                if position is None:
                    if frame.pts is None:
                        continue
                    position = round((frame.pts * stream.time_base - info.start_time) * sample_rate)
                # After a dropout the sound goes on where its timestamps say, as it plays.
                position += round(clock.step(frame) * sample_rate)
                for out in resampler.resample(frame):
                    samples = mono(out)[0]
                    _accumulate(peaks, samples, position, sample_rate, peaks_per_second)
                    position += samples.shape[0]
            if progress is not None and position is not None:
                done = min(1.0, position / (total_peaks * sample_rate / peaks_per_second))
                # Report each whole percent once: a two-hour file has ~300k packets.
                if done - reported >= 0.01:
                    reported = done
                    progress(done)
    # Stretches no sample reached (gaps, a late start) are silence.
    peaks[~np.isfinite(peaks)] = 0.0
    if progress is not None:
        progress(1.0)
    return peaks


def _accumulate(peaks: np.ndarray, samples: np.ndarray, first: int, rate: int, pps: int) -> None:
    """Widen each peak's (min, max) by the samples that fall in it."""
    bins = (np.arange(first, first + samples.shape[0], dtype=np.int64) * pps) // rate
    keep = (bins >= 0) & (bins < peaks.shape[0])
    if not keep.any():
        return
    bins, samples = bins[keep], samples[keep]
    # Bins rise monotonically through a block: reduce each run of equal bins at once.
    starts = np.concatenate([[0], np.flatnonzero(np.diff(bins)) + 1])
    where = bins[starts]
    peaks[where, 0] = np.minimum(peaks[where, 0], np.minimum.reduceat(samples, starts))
    peaks[where, 1] = np.maximum(peaks[where, 1], np.maximum.reduceat(samples, starts))
