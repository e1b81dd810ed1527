"""Cut analysis of one source: decode once at the model's size, detect, stream, cache.

Decoding runs in a producer thread feeding a bounded queue; the detector consumes it on the
calling thread (PyAV and NumPy both release the GIL, so the two overlap on two cores).
A file damaged in the middle is analysed whole: a picture that cannot be decoded counts as
the last good one (``media.lowres``), and the result says where (``warnings``, kept in the
cache with it). A file that cannot be read on ends the analysis with what was found before,
flagged ``complete=False`` with the reason; such partial results are not cached.
"""

from __future__ import annotations

import base64
import contextlib
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

from ..media import MediaError, probe
from ..media.damage import PICTURE, DamageLog
from ..media.lowres import iter_decoded_frames, to_small
from . import results_cache
from .cut_detector import CutDetector
from .errors import AnalysisError
from .transitions import Transition

# Peaks down to this score are kept (and cached); callers filter by their own threshold.
KEEP_THRESHOLD = 0.1
# Decoded 1080p frames are about 3 MB each: a short queue is enough to keep both busy.
_QUEUE_FRAMES = 16
# A partial score curve goes to ``on_scores`` this often (frames): the UI draws it as it grows.
_SCORES_EVERY = 256
_END = object()


class AnalysisCancelled(AnalysisError):
    """The caller's cancel event was set."""


@dataclass(frozen=True)
class CutAnalysis:
    """What ``vedit analyze`` reports for one source."""

    source: str
    fps: Fraction
    frames: int
    transitions: tuple[Transition, ...]
    version: str
    complete: bool = True
    error: str | None = None  # why it stopped early: a media error, which names the file
    cached: bool = field(default=False, compare=False)
    # Where the source's picture is damaged (each names the file, the timecodes and seconds):
    # the analysis went on past it, with the last good picture in the place of lost ones.
    warnings: tuple[str, ...] = field(default=(), compare=False)
    damage: tuple[tuple[Fraction, Fraction], ...] = field(default=(), compare=False, repr=False)
    # The per-frame transition score (float32, one per frame analysed) for the UI's curve;
    # None from an old cache entry that did not keep it.
    scores: np.ndarray | None = field(default=None, compare=False, repr=False)

    def above(self, min_confidence: float) -> tuple[Transition, ...]:
        return tuple(t for t in self.transitions if t.confidence >= min_confidence)

    def to_json(self, min_confidence: float = 0.0) -> dict:
        data = {
            "source": self.source,
            "fps": f"{self.fps.numerator}/{self.fps.denominator}",
            "frames": self.frames,
            "transitions": [t.to_dict() for t in self.above(min_confidence)],
            "model": self.version,
        }
        if not self.complete:
            data["complete"] = False
            data["error"] = self.error
        if self.warnings:
            data["warnings"] = list(self.warnings)
        return data


def analyze_cuts(
    source: str | Path,
    *,
    detector: CutDetector | None = None,
    progress: Callable[[float], None] | None = None,
    on_transitions: Callable[[list[Transition]], None] | None = None,
    cancel: threading.Event | None = None,
    use_cache: bool = True,
    on_frame: Callable[[int, av.VideoFrame], None] | None = None,
    on_scores: Callable[[np.ndarray], None] | None = None,
    rate: Fraction | None = None,
) -> CutAnalysis:
    """Detect the shot transitions of ``source`` (all of them with confidence ≥ KEEP_THRESHOLD).

    ``on_transitions`` receives batches as they become certain (every few hundred frames);
    ``progress`` gets fractions in [0, 1]. Raises :class:`MediaError` when the file cannot be
    opened at all, :class:`AnalysisCancelled` when ``cancel`` is set. ``on_frame`` sees every
    decoded frame with its number (other analyses sample the one decode pass); it is not
    called when the result comes from the cache. ``on_scores`` gets the score curve so far
    (a new array each time, growing to one score per frame; from the cache, once).
    Frames are counted on the source's grid (a variable-rate file's at ``rate``, the rate its
    media reference has; None: its average rate), as the viewer and the render count them.
    """
    path = Path(source)
    info = probe(path, rate)
    if info.video is None:
        raise MediaError(path, "the file has no video to analyze")
    detector = detector or CutDetector(threshold=KEEP_THRESHOLD)
    if use_cache:
        hit = results_cache.load_cached(path, detector.version, rate)
        if hit is not None:
            result = _from_cache(str(path), hit, detector.version)
            if on_scores is not None and result.scores is not None:
                on_scores(result.scores)
            if on_transitions is not None and result.transitions:
                on_transitions(list(result.transitions))
            if progress is not None:
                progress(1.0)
            return result
    expected = max(1, info.video.frame_count)
    found: list[Transition] = []

    def emit(batch: list[Transition]) -> None:
        if batch:
            found.extend(batch)
            if on_transitions is not None:
                on_transitions(batch)

    width, height = detector.size
    error: str | None = None
    damage = DamageLog()
    frames = _FrameFeed(path, cancel, damage, info.video.rate)
    try:
        for n, frame in enumerate(frames, 1):
            if on_frame is not None:
                on_frame(n - 1, frame)
            # Scaling here, not in the decoding thread, lets the decoder run ahead meanwhile.
            emit(detector.push(to_small(frame, width, height)))
            if progress is not None and n % 32 == 0:
                progress(min(0.99, n / expected))
            if on_scores is not None and n % _SCORES_EVERY == 0:
                on_scores(detector.scores())
    except MediaError as exc:
        error = str(exc)
    finally:
        frames.close()
    if cancel is not None and cancel.is_set():
        raise AnalysisCancelled("analysis cancelled")
    emit(detector.finish())
    scores = detector.scores().astype(np.float32)
    if on_scores is not None:
        on_scores(scores)
    if progress is not None:
        progress(1.0)
    # A file cut short (said when it is opened) is read to where it ends: every frame the probe
    # counts is one the decode gives (``iter_decoded_frames``), so it is a whole analysis.
    frames_seen = detector.frames_seen
    result = CutAnalysis(str(path), info.video.rate, frames_seen, tuple(found),
                         detector.version, complete=error is None, error=error, scores=scores,
                         warnings=tuple(damage.notes()),
                         damage=tuple((s.start, s.end) for s in damage.stretches()))
    if use_cache and result.complete:
        results_cache.store(path, detector.version, _to_cache(result), rate)
    return result


class _FrameFeed:
    """Frames decoded in a producer thread; iterating re-raises its exceptions here."""

    def __init__(self, path: Path, cancel: threading.Event | None, damage: DamageLog, rate: Fraction) -> None:
        self._queue: queue.Queue = queue.Queue(maxsize=_QUEUE_FRAMES)
        self._stop = threading.Event()
        self._cancel = cancel
        self._thread = threading.Thread(
            target=self._run, args=(path, damage, rate), name="vedit-cut-decode", daemon=True
        )
        self._thread.start()

    def _run(self, path: Path, damage: DamageLog, rate: Fraction) -> None:
        try:
            # Deblocking is invisible at the model's 48×27 and costs ~15 % of decoding.
            for frame in iter_decoded_frames(path, deblock=False, damage=damage, rate=rate):
                if self._stop.is_set() or (self._cancel is not None and self._cancel.is_set()):
                    break
                self._put(frame)
            self._put(_END)
        except BaseException as exc:  # noqa: BLE001 - handed to the consumer, re-raised there
            self._put(exc)

    def _put(self, item: object) -> None:
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.1)
                return
            except queue.Full:
                continue

    def __iter__(self):
        while True:
            if self._cancel is not None and self._cancel.is_set():
                return
            item = self._queue.get()
            if item is _END:
                return
            if isinstance(item, BaseException):
                raise item
            yield item

    def close(self) -> None:
        self._stop.set()
        # Drain so a producer blocked on a full queue sees the stop and ends.
        while self._thread.is_alive():
            with contextlib.suppress(queue.Empty):
                self._queue.get(timeout=0.05)
        self._thread.join()


def _to_cache(result: CutAnalysis) -> dict:
    return {
        "fps": f"{result.fps.numerator}/{result.fps.denominator}",
        "frames": result.frames,
        "transitions": [
            {**t.to_dict(), "confidence": t.confidence, "curve": list(t.curve), "curve_start": t.curve_start}
            for t in result.transitions
        ],
        "scores": encode_scores(result.scores) if result.scores is not None else None,
        "damage": [[str(start), str(end)] for start, end in result.damage],
    }


def _from_cache(source: str, data: dict, version: str) -> CutAnalysis:
    transitions = tuple(
        Transition(int(t["start"]), int(t["end"]), str(t["kind"]), float(t["confidence"]),
                   tuple(float(v) for v in t["curve"]), int(t["curve_start"]))
        for t in data["transitions"]
    )
    # Damage found when it was analysed is said again, and known to the viewer, as if read now.
    log = DamageLog()
    for start, end in data.get("damage") or ():
        log.add(source, PICTURE, Fraction(start), Fraction(end))
    return CutAnalysis(source, Fraction(data["fps"]), int(data["frames"]), transitions, version, cached=True,
                       scores=decode_scores(data.get("scores")), warnings=tuple(log.notes()),
                       damage=tuple((s.start, s.end) for s in log.stretches()))


def encode_scores(scores: np.ndarray) -> dict:
    """A score curve for the cache: one byte a frame (1/255 steps are finer than a pixel of
    the curve), base64 — a two-hour source takes about 290 kB instead of megabytes of JSON."""
    quantized = np.round(np.clip(scores, 0.0, 1.0) * 255).astype(np.uint8)
    return {"encoding": "u8-base64", "frames": len(quantized), "data": base64.b64encode(quantized.tobytes()).decode()}


def decode_scores(data: object) -> np.ndarray | None:
    """The curve :func:`encode_scores` wrote, or None when absent or unreadable (an old or
    damaged entry: the UI then draws the curves the suggestions carry)."""
    if not isinstance(data, dict) or data.get("encoding") != "u8-base64":
        return None
    try:
        raw = np.frombuffer(base64.b64decode(str(data["data"]), validate=True), np.uint8)
    except (KeyError, ValueError):
        return None
    if len(raw) != data.get("frames"):
        return None
    return raw.astype(np.float32) / 255
