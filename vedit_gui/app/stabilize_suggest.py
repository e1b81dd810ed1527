"""Stabilisation suggestions for the open edit: the background work that measures each shot's
camera path (:mod:`vedit_gui.analysis.shake`) and hands suggestions back.

Shots are the grade suggestions' (:func:`.grade_suggest.timeline_shots`): between accepted
cuts and pending ones. The work runs in a job's worker thread; results join the document on
the GUI thread through :meth:`.session.Session.add_suggestions`, whose merge never duplicates
a shot's suggestion nor overrides a decision.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from ..analysis.shake import ShotShake, analyze_shake, stabilize_suggestions
from ..timeline import FrameRange, Suggestion, Timeline
from .grade_suggest import timeline_shots

Deliver = Callable[[tuple[Suggestion, ...]], None]


@dataclass(frozen=True)
class ShakeRequest:
    """Measure the shots ``shots`` of ``source`` (counted on its grid at ``rate``: its media
    reference's)."""

    source: str
    shots: tuple[FrameRange, ...]
    rate: Fraction | None = None


def shake_requests(
    timeline: Timeline, min_confidence: float = 0.0, sources: Sequence[str] | None = None
) -> list[ShakeRequest]:
    """Each picture source of the timeline (or of ``sources``) with its shots now."""
    by_source: dict[str, list[FrameRange]] = {}
    for shot in timeline_shots(timeline, min_confidence):
        if sources is None or shot.source in sources:
            by_source.setdefault(shot.source, []).append(shot.range)
    return [ShakeRequest(source, tuple(shots), timeline.source_rate(source)) for source, shots in by_source.items()]


def suggest_stabilization(
    requests: Sequence[ShakeRequest],
    deliver: Deliver,
    progress: Callable[[float], None],
    cancel: threading.Event,
) -> int:
    """A stabilisation suggestion for each shot that shakes, delivered shot by shot (so a
    file damaged part way keeps what was found before the damage); returns how many."""
    total = 0
    for n, request in enumerate(requests):
        for shake in analyze_shake(
            request.source,
            list(request.shots),
            progress=lambda f, n=n: progress((n + f) / len(requests)),
            cancel=cancel,
            rate=request.rate,
        ):
            found = stabilize_suggestions(request.source, [shake])
            if found:
                deliver(found)
                total += len(found)
    progress(1.0)
    return total


def measure_clip(
    source: str, span: FrameRange, progress: Callable[[float], None], cancel: threading.Event,
    rate: Fraction | None = None,
) -> ShotShake | None:
    """The camera of source frames ``span`` of ``source`` (on its grid at ``rate``) as one
    shot (a clip the editor chose to stabilize), or None when it is too short to smooth."""
    return next(iter(analyze_shake(source, [span], progress, cancel, rate=rate)), None)


__all__ = ["ShakeRequest", "measure_clip", "shake_requests", "suggest_stabilization"]
