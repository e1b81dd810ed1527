"""Which shots shake, and their camera paths: the evidence behind ``effect:stabilize``.

This is measurement, not a learnt model, on purpose: every stabiliser editors use (Resolve's,
Premiere's Warp Stabilizer, FFmpeg's vidstab) tracks points from frame to frame and fits the
camera's move to them, and a network trained on synthetic shake would have to learn that
geometry back. Per pair of frames, corners found in the earlier one are followed into the
later one (pyramidal Lucas–Kanade) and a move (shift, tilt, scale) is fitted to them with
RANSAC, so things moving through the picture do not count. The shake of a shot is what is
left of its path once a smooth copy of it (the camera's intended move) is taken away: its
root mean square over its shakiest two seconds, in percent of the picture's width. Its threshold was chosen on synthetic
shots (``bench/stabilize.py``): above every steady camera move and below light handheld
shake.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import cv2
import numpy as np

from ..media import FrameReader
from ..media.lowres import small_luma
from ..media.stabilize import DEFAULT_SMOOTHING_S, CameraPath, Stabilization, smooth_path
from ..timeline import STABILIZE, FrameRange, Suggestion, SuggestionStatus
from . import results_cache
from .errors import AnalysisError
from .operating_point import calibrated_confidence

PRODUCER = "vedit-shake"
# Width the motion is measured at: corners are found reliably and following them costs
# about 3 ms a frame (bench/stabilize.py).
MEASURE_WIDTH = 320
# Shake (RMS in % of the width) at which a shot is suggested (confidence 0.5), and at which
# the suggestion is sure (confidence 1.0): see the module's docstring.
SHAKE_THRESHOLD = 0.25
SHAKE_SURE = 1.0
# Shots shorter than this (seconds) have no path worth smoothing.
MIN_SHOT_S = 1.0
# A shot's shake is that of its shakiest stretch this long (seconds).
SHAKE_WINDOW_S = 2.0
_MIN_POINTS = 8
# Lucas–Kanade's window and pyramid (moves up to ~60 pixels at the measuring width).
_LK = {"winSize": (21, 21), "maxLevel": 3}
# How far (pixels) a point followed there and back may land from where it started.
_ROUND_TRIP_PX = 0.5
# The share of the followed points the fitted move must explain.
_MIN_AGREEING = 0.5
# The points that agree must spread over this share of the picture's width and of its height.
_MIN_SPREAD = 0.3
# The results cache's name for this measure: change it with anything that changes what a
# shot measures (frame_move's rules, shake_of's window).
_CACHE_VERSION = "shake1"


class ShakeAnalysisCancelled(AnalysisError):
    """The caller's cancel event was set while measuring shots."""


@dataclass(frozen=True)
class ShotShake:
    """A shot's measured camera path and how much it shakes."""

    range: FrameRange
    path: CameraPath
    shake: float  # RMS of the path's unsteady part, % of the width
    rate: float
    aspect: float

    @property
    def confidence(self) -> float:
        """The shake on the one confidence scale: SHAKE_THRESHOLD at 0.5, SHAKE_SURE at 1."""
        probability = np.clip(self.shake / SHAKE_SURE, 0.0, 1.0)
        return float(calibrated_confidence(probability, SHAKE_THRESHOLD / SHAKE_SURE))

    def stabilization(self, smoothing_s: float = DEFAULT_SMOOTHING_S) -> Stabilization:
        return Stabilization(self.path, smoothing_s, self.rate, self.aspect)

    @property
    def followed(self) -> bool:
        """Whether any move was measured (a flat or black shot has nothing to follow)."""
        return bool(np.any(self.path.xya))

    def suggestion(self, source: str, producer: str = PRODUCER,
                   status: SuggestionStatus = SuggestionStatus.PENDING) -> Suggestion:
        """An ``effect:stabilize`` suggestion steadying this shot of ``source``."""
        return Suggestion(
            kind=STABILIZE,
            source=source,
            source_range=self.range,
            confidence=round(self.confidence, 3),
            producer=producer,
            params={**self.stabilization().to_params(), "shake": round(self.shake, 3)},
            status=status,
        )


def measure_size(width: int, height: int) -> tuple[int, int]:
    """The (even) size motion is measured at, keeping the picture's shape."""
    if width <= MEASURE_WIDTH:
        return width - width % 2 or 2, height - height % 2 or 2
    return MEASURE_WIDTH, max(2, round(height * MEASURE_WIDTH / width / 2) * 2)


def frame_move(previous: np.ndarray, current: np.ndarray) -> tuple[float, float, float] | None:
    """How the content moved from ``previous`` to ``current`` (grey pictures): x, y in pixels
    and tilt in radians; None when too little in the picture can be followed (a flat sky,
    black, a cut) or when what can be followed does not agree on one move.

    A point counts only if following it back from ``current`` returns it to where it was (a
    changing digit or a reflection does not); the fitted move must explain at least half of
    those points, and they must spread across the picture: a camera move moves all of it."""
    corners = cv2.goodFeaturesToTrack(previous, maxCorners=200, qualityLevel=0.01, minDistance=7, blockSize=7)
    if corners is None or len(corners) < _MIN_POINTS:
        return None
    moved, found, _err = cv2.calcOpticalFlowPyrLK(previous, current, corners, None, **_LK)
    back, returned, _err = cv2.calcOpticalFlowPyrLK(current, previous, moved, None, **_LK)
    round_trip = np.linalg.norm((back - corners).reshape(-1, 2), axis=1)
    ok = (found.ravel() == 1) & (returned.ravel() == 1) & (round_trip < _ROUND_TRIP_PX)
    if ok.sum() < _MIN_POINTS:
        return None
    fit, inliers = cv2.estimateAffinePartial2D(
        corners[ok], moved[ok], method=cv2.RANSAC, ransacReprojThreshold=1.0, maxIters=500, refineIters=10
    )
    if fit is None or inliers is None or inliers.sum() < max(_MIN_POINTS, _MIN_AGREEING * ok.sum()):
        return None
    agreeing = corners[ok].reshape(-1, 2)[inliers.ravel() == 1]
    height, width = previous.shape[:2]
    if np.ptp(agreeing[:, 0]) < _MIN_SPREAD * width or np.ptp(agreeing[:, 1]) < _MIN_SPREAD * height:
        return None  # a move seen in one corner of the picture (a caption, a sign) is no camera's
    return float(fit[0, 2]), float(fit[1, 2]), float(np.arctan2(fit[1, 0], fit[0, 0]))


def camera_path(greys: Iterable[np.ndarray], start: int = 0) -> CameraPath:
    """The path of a run of grey pictures: each frame's move added up from the first. A pair
    whose move cannot be measured counts as no move (a held camera, not a jump)."""
    rows: list[tuple[float, float, float]] = []
    previous: np.ndarray | None = None
    x = y = a = 0.0
    width = 1
    for grey in greys:
        if previous is not None:
            move = frame_move(previous, grey)
            if move is not None:
                x += move[0] / width
                y += move[1] / width
                a += move[2]
        else:
            width = grey.shape[1]
        rows.append((x, y, a))
        previous = grey
    if not rows:
        raise ValueError("a camera path needs at least one frame")
    return CameraPath(start, np.asarray(rows, dtype=np.float64))


def shake_of(path: CameraPath, rate: float, aspect: float) -> float:
    """RMS of the path's unsteady part (the path less its smooth copy over the default
    smoothing), in % of the width, over the shot's shakiest :data:`SHAKE_WINDOW_S` (or all of
    a shorter shot): a long shot that shakes for a moment still shakes. A tilt counts by how
    far it moves the picture's corners."""
    unsteady = path.xya - smooth_path(path.xya, DEFAULT_SMOOTHING_S * rate)
    lever = 0.5 * float(np.hypot(1.0, aspect))  # centre to corner, in widths
    moved = np.hypot(unsteady[:, 0], unsteady[:, 1]) + np.abs(unsteady[:, 2]) * lever
    window = max(1, round(SHAKE_WINDOW_S * rate))
    if len(moved) <= window:
        return float(100.0 * np.sqrt(np.mean(moved**2)))
    running = np.convolve(moved**2, np.ones(window) / window, mode="valid")
    return float(100.0 * np.sqrt(running.max()))


def analyze_shake(
    source: str | Path,
    shots: list[FrameRange],
    progress: Callable[[float], None] | None = None,
    cancel: threading.Event | None = None,
    *,
    use_cache: bool = True,
    rate: Fraction | None = None,
) -> Iterator[ShotShake]:
    """Camera path and shake of each shot of ``source`` long enough to smooth, one decode
    pass over each, yielded as each is measured (in order): a file that stops decoding early
    has given the shots before the damage when its ``MediaError`` arrives. Shots measured
    before (this content, this measure) come from the results cache, as cuts do, so
    reopening an edit does not decode it again."""
    cache = _ShakeCache(Path(source), rate) if use_cache else None
    try:
        with FrameReader(source, rate=rate) as reader:
            video = reader.info.video
            assert video is not None  # FrameReader refuses files without video
            width, height = video.display_width, video.display_height
            rate = float(reader.rate)
            size = measure_size(width, height)
            # Luma is shrunk as coded, then turned upright as the reader turns its pictures.
            coded = (size[1], size[0]) if video.rotation in (90, 270) else size
            turns = -video.rotation // 90
            aspect = height / width
            total = sum(s.duration for s in shots) or 1
            done = 0
            last = reader.frame_count
            for shot in sorted(shots, key=lambda s: s.start):
                if cancel is not None and cancel.is_set():
                    raise ShakeAnalysisCancelled("analysis cancelled")
                stop = min(shot.end_exclusive, last)
                if stop - shot.start < MIN_SHOT_S * rate:
                    done += shot.duration
                    continue
                known = cache.get(shot.start, stop) if cache is not None else None
                if known is None:
                    lumas = _lumas(reader, shot.start, stop, coded, turns, cancel)
                    if progress is not None:
                        lumas = _reporting(lumas, lambda n, done=done: progress(min(1.0, (done + n) / total)))
                    path = camera_path(lumas, shot.start)
                    known = ShotShake(FrameRange(shot.start, path.frames), path, shake_of(path, rate, aspect), rate, aspect)
                    if cache is not None:
                        cache.put(shot.start, stop, known)
                done += shot.duration
                yield known
    finally:
        if cache is not None:
            cache.save()
    if progress is not None:
        progress(1.0)


class _ShakeCache:
    """The shots of one source measured before, by (start, stop): one results-cache entry per
    source content, read once and written back once (hashing the file reads a megabyte)."""

    def __init__(self, source: Path, rate: Fraction | None) -> None:
        self._source = source
        self._rate = rate
        stored = results_cache.load_cached(source, _CACHE_VERSION, rate)
        self._shots: dict[str, dict] = stored.get("shots", {}) if isinstance(stored, dict) else {}
        self._changed = False

    def get(self, start: int, stop: int) -> ShotShake | None:
        entry = self._shots.get(f"{start}:{stop}")
        if entry is None:
            return None
        try:
            path = CameraPath.decode(start, entry["path"])
            return ShotShake(FrameRange(start, path.frames), path, float(entry["shake"]),
                             float(entry["rate"]), float(entry["aspect"]))
        except (KeyError, TypeError, ValueError):
            return None  # a damaged entry: measure again and overwrite it

    def put(self, start: int, stop: int, shot: ShotShake) -> None:
        self._shots[f"{start}:{stop}"] = {"path": shot.path.encode(), "shake": shot.shake,
                                          "rate": shot.rate, "aspect": shot.aspect}
        self._changed = True

    def save(self) -> None:
        if not self._changed:
            return
        # A full disk or a read-only cache loses the memory, not the results.
        with contextlib.suppress(OSError):
            results_cache.store(self._source, _CACHE_VERSION, {"shots": self._shots}, self._rate)
        self._changed = False


def _lumas(
    reader: FrameReader, start: int, stop: int, coded: tuple[int, int], turns: int, cancel: threading.Event | None
) -> Iterator[np.ndarray]:
    """Frames ``start`` to ``stop`` of ``reader`` as small luma pictures, upright."""
    for _index, frame in reader.av_frames(start, stop):
        if cancel is not None and cancel.is_set():
            raise ShakeAnalysisCancelled("analysis cancelled")
        luma = small_luma(frame, *coded)
        yield np.ascontiguousarray(np.rot90(luma, k=turns)) if turns else luma


def _reporting(items: Iterable[np.ndarray], report: Callable[[int], None], every: int = 32) -> Iterator[np.ndarray]:
    for n, item in enumerate(items):
        if n % every == 0:
            report(n)
        yield item


def stabilize_suggestions(source: str, shakes: Iterable[ShotShake], producer: str = PRODUCER) -> tuple[Suggestion, ...]:
    """A pending ``effect:stabilize`` suggestion for every shot that shakes enough to be worth
    it (confidence at or above the lowest shown: the panel greys those below its threshold)."""
    return tuple(s.suggestion(source, producer) for s in shakes if s.shake >= SHAKE_THRESHOLD / 2)


__all__ = [
    "MEASURE_WIDTH",
    "PRODUCER",
    "SHAKE_THRESHOLD",
    "ShakeAnalysisCancelled",
    "ShotShake",
    "analyze_shake",
    "camera_path",
    "frame_move",
    "measure_size",
    "shake_of",
    "stabilize_suggestions",
]
