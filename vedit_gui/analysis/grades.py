"""One grade suggestion per shot of a source: shots between detected transitions, a few frames
sampled across each at a small size, the colour model's grade for them, cached.

A shot runs from one transition to the next: after a hard cut ``[k-1, k]`` the new shot starts
at ``k``; a gradual transition's mixed frames ``[a, b]`` belong to neither shot (they are two
pictures at once, so neither shot's grade is right for them; the render passes from one grade
to the next across them, see :mod:`vedit_gui.render.grade`). Each shot gets one grade from
frames spread across it, so the picture does not flicker inside a shot.

Results are cached like cuts (:mod:`.results_cache`): keyed on the source's content, the
colour weights' content and the shots, so a different cut threshold grades again.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

from ..media import FrameReader
from ..media.grade import Grade, GradeError
from ..media.lowres import to_small
from ..media.ycbcr import READING_REVISION
from ..timeline import GRADE, FrameRange, Suggestion
from . import results_cache
from .errors import AnalysisError
from .transitions import Transition

# Frames read per shot; the colour model uses at most this many (suggest.MAX_FRAMES).
FRAMES_PER_SHOT = 8
# The colour model looks at 64×64 pictures. 80 wide lets to_small average planes directly
# (a tenth of swscale's cost) for sources 1280 wide and up.
SAMPLE_SIZE = (80, 45)
# Frames a ShotSampler keeps at most (about 28 KB each), and its densest sampling.
MAX_KEPT = 2000
MIN_STRIDE = 4
PRODUCER = "vedit-color"


class GradeAnalysisCancelled(AnalysisError):
    """The caller's cancel event was set while grading shots."""


@dataclass(frozen=True)
class ShotGrade:
    """The grade suggested for source frames ``start`` to ``end`` (inclusive) of one shot:
    the colour model's grade, and its confidence with the model's calibrated threshold at 0.5
    (below it the grade is shown but not applied by default; see ``color.suggest``)."""

    start: int
    end: int
    grade: Grade
    confidence: float

    @property
    def range(self) -> FrameRange:
        return FrameRange.from_bounds(self.start, self.end + 1)

    def to_dict(self) -> dict:
        return {
            "start": self.start,
            "end": self.end,
            "params": self.grade.to_dict(),
            "confidence": self.confidence,
        }

    @classmethod
    def from_dict(cls, data: dict) -> ShotGrade:
        return cls(int(data["start"]), int(data["end"]), Grade.from_dict(data["params"]),
                   float(data["confidence"]))


def shot_ranges(transitions: Sequence[Transition], frames: int) -> list[FrameRange]:
    """The shots of a source of ``frames`` frames between ``transitions`` (sorted by start)."""
    shots: list[FrameRange] = []
    start = 0
    for t in sorted(transitions, key=lambda t: t.start):
        # A hard cut's start frame is the old shot's last; a gradual one's frames are mixed.
        last = t.start if t.kind == "cut" else t.start - 1
        if last >= start:
            shots.append(FrameRange.from_bounds(start, last + 1))
        start = max(start, t.end if t.kind == "cut" else t.end + 1)
    if frames > start:
        shots.append(FrameRange.from_bounds(start, frames))
    return shots


def sample_positions(shot: FrameRange, count: int = FRAMES_PER_SHOT) -> list[int]:
    """Up to ``count`` frame numbers spread evenly across ``shot`` (ends included)."""
    picks = np.linspace(shot.start, shot.end_exclusive - 1, min(count, shot.duration))
    return sorted(set(picks.round().astype(int).tolist()))


def open_sample_reader(path: str | Path, rate: Fraction | None = None) -> FrameReader:
    """A reader giving frames at the colour model's sample size (one decoding thread: it runs
    beside the editor's own decoders), on the source's grid at ``rate`` (see ``FrameReader``)."""
    return FrameReader(path, size=SAMPLE_SIZE, threads=1, rate=rate)


def read_shot_frames(reader: FrameReader, shot: FrameRange) -> list[np.ndarray]:
    """The frames at :func:`sample_positions` of ``shot``, read from the file."""
    # The probed length can overstate what decodes; read what the reader has.
    last_frame = reader.frame_count - 1
    return [reader.read(min(p, last_frame)) for p in sample_positions(shot)]


class ShotSampler:
    """Small copies of every ``stride``-th frame of the cut analysis's decode pass, so shots
    can be graded without decoding the source again (pass :meth:`push` as ``on_frame``)."""

    def __init__(self, expected_frames: int) -> None:
        self.stride = max(MIN_STRIDE, -(-max(1, expected_frames) // MAX_KEPT))
        self._kept: dict[int, np.ndarray] = {}

    def push(self, index: int, frame: av.VideoFrame) -> None:
        if index % self.stride == 0 and len(self._kept) < 2 * MAX_KEPT:
            self._kept[index] = to_small(frame, *SAMPLE_SIZE)

    def frames_in(self, shot: FrameRange, count: int = FRAMES_PER_SHOT) -> list[np.ndarray]:
        """Up to ``count`` kept frames spread across ``shot`` (none if it fell between samples)."""
        first = -(-shot.start // self.stride) * self.stride
        inside = [i for i in range(first, shot.end_exclusive, self.stride) if i in self._kept]
        if not inside:
            return []
        picks = np.linspace(0, len(inside) - 1, min(count, len(inside))).round().astype(int)
        return [self._kept[inside[i]] for i in sorted(set(picks.tolist()))]


def _cache_version(shots: Sequence[FrameRange], weights: Path) -> str:
    from .color.layout import MODEL_VERSION

    digest = hashlib.blake2b(digest_size=8)
    digest.update(json.dumps([[s.start, s.duration] for s in shots]).encode())
    digest.update(results_cache.content_hash(weights).encode())
    # "p": proposals (the model's grade at any confidence), not the older "no change" below it;
    # "c": pictures read by media.ycbcr's rule (untagged HD as BT.709, as players read it),
    # "r": and its revision.
    return f"grades{MODEL_VERSION}pcr{READING_REVISION}-{digest.hexdigest()}"


def analyze_grades(
    source: str | Path,
    transitions: Sequence[Transition],
    frames: int,
    *,
    weights: Path | None = None,
    progress: Callable[[float], None] | None = None,
    cancel: threading.Event | None = None,
    use_cache: bool = True,
    sampler: ShotSampler | None = None,
    rate: Fraction | None = None,
) -> tuple[ShotGrade, ...]:
    """One :class:`ShotGrade` per shot of ``source`` (``frames`` frames long) between
    ``transitions``. Frames come from ``sampler`` where it kept some of the shot, else are
    read from the file at a few positions. Raises :class:`MediaError` when the file cannot
    be read, :class:`~vedit_gui.analysis.errors.ModelLoadError` when the colour weights cannot be loaded."""
    from .color.infer import default_numpy_weights
    from .color.suggest import propose_grade

    path = Path(source)
    weights = weights or default_numpy_weights()
    shots = shot_ranges(transitions, frames)
    version = _cache_version(shots, weights) if weights.is_file() else ""
    if use_cache and version:
        hit = results_cache.load_cached(path, version, rate)
        if hit is not None:
            try:
                return tuple(ShotGrade.from_dict(d) for d in hit["grades"])
            except (KeyError, TypeError, ValueError, GradeError):
                pass  # a damaged entry: grade again and overwrite it
    found: list[ShotGrade] = []
    reader: FrameReader | None = None
    try:
        for n, shot in enumerate(shots):
            if cancel is not None and cancel.is_set():
                raise GradeAnalysisCancelled("analysis cancelled")
            pictures = sampler.frames_in(shot) if sampler is not None else []
            if not pictures:
                reader = reader or open_sample_reader(path, rate)
                pictures = read_shot_frames(reader, shot)
            grade, confidence = propose_grade(pictures, weights=weights)
            # Four decimals read well in JSON and round-trip through the cache unchanged.
            grade = Grade.clamped(**{k: round(v, 4) for k, v in grade.to_dict().items()})
            found.append(ShotGrade(shot.start, shot.end_inclusive, grade, round(confidence, 4)))
            if progress is not None:
                progress((n + 1) / len(shots))
    finally:
        if reader is not None:
            reader.close()
    result = tuple(found)
    if use_cache and version:
        results_cache.store(path, version, {"grades": [g.to_dict() for g in result]}, rate)
    return result


def grade_suggestions(source: str, grades: Sequence[ShotGrade], producer: str = PRODUCER) -> tuple[Suggestion, ...]:
    """One pending ``grade`` suggestion per shot; the grade's sliders travel in ``params``."""
    return tuple(
        Suggestion(
            kind=GRADE,
            source=source,
            source_range=g.range,
            confidence=min(1.0, max(0.0, g.confidence)),
            producer=producer,
            params=g.grade.to_dict(),
        )
        for g in grades
    )


__all__ = [
    "FRAMES_PER_SHOT",
    "GradeAnalysisCancelled",
    "ShotGrade",
    "ShotSampler",
    "analyze_grades",
    "grade_suggestions",
    "sample_positions",
    "shot_ranges",
]
