"""Pauses in speech: the quiet stretches a talking-head edit takes out (``effect:remove-pause``).

Tightening an interview or a piece to camera means cutting out every pause longer than a
breath, one jump cut at a time: the most tedious job in editing speech. What tools editors use
for it do (Premiere's and Resolve's silence removal, auto-editor, Descript) is measure the
sound's level and call the stretches near the room tone pauses; this does the same, against
levels read off the recording itself rather than a fixed threshold, so a noisy room and a quiet
studio are both read right:

- the level of each 20 ms of the speech band (300–7000 Hz: voice and the hiss of s and f,
  without hum and rumble), in dB;
- the room tone is the 10th percentile of those levels, speech the 95th; a recording whose
  speech does not stand :data:`MIN_SPEECH_RANGE_DB` above its room tone has no pauses to find
  (music, wind, continuous noise);
- a stretch is quiet below a threshold :data:`THRESHOLD_SHARE` of the way from room tone to
  speech, after a 100 ms median that ignores clicks and the gaps inside words;
- a quiet stretch of at least :data:`MIN_PAUSE_S` is a pause. Its suggestion takes out all of
  it but a breath (:data:`KEEP_S`, editable; see ``Suggestion.removed_range``), and its
  confidence says how far under the threshold it stays: a pause with a sound in it (a cough,
  a rustle, a word half-said) is less sure.

Measurement, not a learnt model, on purpose, as for stabilization: levels against the
recording's own room tone are what the job is, and a network trained on synthetic sound would
have to learn that back.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from ..media import AudioReader
from ..media.errors import MediaError
from ..timeline import REMOVE_PAUSE, FrameRange, Rate, Suggestion
from .errors import AnalysisError

PRODUCER = "vedit-pauses"
RATE = 16000  # speech's band ends well under 8 kHz
STEP_S = 0.02
_STEP = round(STEP_S * RATE)
_BAND_HZ = (300.0, 7000.0)
_MEDIAN_STEPS = 5  # 100 ms
ROOM_PERCENTILE, SPEECH_PERCENTILE = 10, 95
MIN_SPEECH_RANGE_DB = 10.0
THRESHOLD_SHARE = 0.3
MIN_PAUSE_S = 0.75
KEEP_S = 0.3
# How fast a pause's confidence rises as its loudest moments stay under the threshold: the
# doubt left halves about every 4 dB (an e-fold per 6 dB).
_SURE_DEPTH_DB = 6.0
_PIECE = 60 * RATE  # samples read at a time


class PausesCancelled(Exception):
    """The job's cancel event was set."""


@dataclass(frozen=True)
class Pause:
    """A quiet stretch from ``start_s`` to ``end_s`` (seconds into the source); ``loud_db``:
    the level its loudest tenth stays under."""

    start_s: float
    end_s: float
    loud_db: float

    @property
    def duration_s(self) -> float:
        return self.end_s - self.start_s


@dataclass(frozen=True)
class PauseScan:
    """What the sound of one source measured: its room tone and speech levels, the threshold
    between them, and the pauses (none where the recording holds no speech to tell apart)."""

    room_db: float
    speech_db: float
    threshold_db: float
    pauses: tuple[Pause, ...]
    seconds: float = 0.0  # of sound measured (0: the source has none)

    @property
    def levels_measured(self) -> bool:
        return self.seconds > 0

    @property
    def has_speech(self) -> bool:
        return self.speech_db - self.room_db >= MIN_SPEECH_RANGE_DB

    def confidence(self, pause: Pause) -> float:
        """0.5 for a pause whose loudest moments reach the threshold, towards 1 the further
        under it they stay."""
        depth = max(0.0, self.threshold_db - pause.loud_db)
        return round(1.0 - 0.5 * math.exp(-depth / _SURE_DEPTH_DB), 3)

    def suggestions(self, source: str, rate: Rate, duration: int, keep_s: float = KEEP_S) -> tuple[Suggestion, ...]:
        """A pending suggestion per pause, on the source's frames (``rate``, ``duration``
        frames): the pause rounded inwards to whole frames. A pause that starts the sound runs
        from frame 0 (``from_start``), one that ends it runs to the last frame (``to_end``,
        also over picture the sound stops short of): its breath is kept next to the speech only
        (``Suggestion.removed_range``)."""
        found = []
        keep = round(keep_s * rate)
        for pause in self.pauses:
            first = math.ceil(pause.start_s * rate - 1e-6)
            last = min(duration, math.floor(pause.end_s * rate + 1e-6))
            if self.levels_measured and pause.end_s >= self.seconds - 1e-6:
                last = duration  # the quiet goes on to the end
            if last - first <= keep:
                continue  # nothing would be taken out
            edges = {"from_start": True} if first == 0 else {}
            if last == duration:
                edges["to_end"] = True
            found.append(Suggestion(
                kind=REMOVE_PAUSE, source=source, source_range=FrameRange(first, last - first),
                confidence=self.confidence(pause), producer=PRODUCER,
                params={"keep": keep, "loud_db": round(pause.loud_db, 1),
                        "threshold_db": round(self.threshold_db, 1), **edges},
            ))
        return tuple(found)


def band_levels(samples: np.ndarray) -> np.ndarray:
    """The speech band's level (dB against full scale) of each 20 ms of mono ``samples`` at
    :data:`RATE` (a trailing part step is dropped)."""
    count = len(samples) // _STEP
    if count == 0:
        return np.zeros(0)
    frames = samples[: count * _STEP].reshape(count, _STEP).astype(np.float64)
    spectrum = np.abs(np.fft.rfft(frames * np.hanning(_STEP), axis=1)) ** 2
    freqs = np.fft.rfftfreq(_STEP, 1.0 / RATE)
    band = (freqs >= _BAND_HZ[0]) & (freqs <= _BAND_HZ[1])
    # Parseval with the window's power, so a full-scale sine in the band reads about −3 dB.
    power = 2.0 * spectrum[:, band].sum(axis=1) / (_STEP * np.sum(np.hanning(_STEP) ** 2))
    with np.errstate(divide="ignore"):
        return np.maximum(10.0 * np.log10(power), -120.0)


def find_pauses(levels: np.ndarray, min_pause_s: float = MIN_PAUSE_S) -> PauseScan:
    """The pauses in a recording whose 20 ms levels are ``levels`` (see the module)."""
    if levels.size == 0:
        return PauseScan(-120.0, -120.0, -120.0, ())
    room = float(np.percentile(levels, ROOM_PERCENTILE))
    speech = float(np.percentile(levels, SPEECH_PERCENTILE))
    threshold = room + THRESHOLD_SHARE * (speech - room)
    scan = PauseScan(room, speech, threshold, (), seconds=levels.size * STEP_S)
    if not scan.has_speech:
        return scan
    quiet = levels < threshold
    # A 100 ms median: a click does not end a pause, a gap inside a word does not make one.
    half = _MEDIAN_STEPS // 2
    padded = np.pad(quiet.astype(np.int8), half, mode="edge")
    votes = np.lib.stride_tricks.sliding_window_view(padded, _MEDIAN_STEPS).sum(axis=1)
    quiet = votes > half
    edges = np.flatnonzero(np.diff(np.concatenate([[0], quiet.astype(np.int8), [0]])))
    pauses = []
    shortest = math.ceil(min_pause_s / STEP_S - 1e-9)
    for a, b in zip(edges[::2], edges[1::2], strict=True):
        if b - a >= shortest:
            loud = float(np.percentile(levels[a:b], 90))
            pauses.append(Pause(a * STEP_S, b * STEP_S, loud))
    return replace(scan, pauses=tuple(pauses))


def measure_levels(
    path: str | Path, progress: Callable[[float], None], cancel: threading.Event
) -> np.ndarray:
    """The speech band's 20 ms levels over all of ``path``'s sound (empty with no sound)."""
    try:
        with AudioReader(path, RATE, 1) as reader:
            if not reader.has_audio:
                return np.zeros(0)
            assert reader.info.audio is not None
            # The reader pads past the end with silence: read to the sound's end, no further.
            total = round(float(reader.info.audio.duration or reader.info.duration) * RATE)
            levels = []
            for at in range(0, total, _PIECE):
                if cancel.is_set():
                    raise PausesCancelled()
                levels.append(band_levels(reader.read(at, min(_PIECE, total - at))[0]))
                progress(min(1.0, (at + _PIECE) / total))
    except MediaError as exc:
        raise AnalysisError(str(exc)) from exc
    progress(1.0)
    return np.concatenate(levels) if levels else np.zeros(0)


def scan_source(
    path: str | Path, progress: Callable[[float], None], cancel: threading.Event,
    min_pause_s: float = MIN_PAUSE_S,
) -> PauseScan:
    """The pauses in ``path``'s sound."""
    return find_pauses(measure_levels(path, progress, cancel), min_pause_s)


__all__ = [
    "KEEP_S", "MIN_PAUSE_S", "PRODUCER", "Pause", "PauseScan", "PausesCancelled", "band_levels",
    "find_pauses", "measure_levels", "scan_source",
]
