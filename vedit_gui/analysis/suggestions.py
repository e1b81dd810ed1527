"""Detector results as timeline suggestions: what the editor shows, decides and saves."""

from __future__ import annotations

from collections.abc import Iterable

from ..timeline import CUT, FrameRange, Suggestion
from .transitions import Transition


def cut_suggestions(source: str, transitions: Iterable[Transition], producer: str) -> tuple[Suggestion, ...]:
    """One ``cut`` suggestion per transition on ``source``; the kind (cut, dissolve, fade,
    wipe) and the score curve around it travel in ``params`` for the inspector."""
    return tuple(
        Suggestion(
            kind=CUT,
            source=source,
            source_range=FrameRange.from_bounds(t.start, t.end + 1),
            confidence=min(1.0, max(0.0, float(t.confidence))),
            producer=producer,
            params={
                "transition": t.kind,
                "curve_start": int(t.curve_start),
                "curve": [round(float(v), 3) for v in t.curve],
            },
        )
        for t in transitions
    )
