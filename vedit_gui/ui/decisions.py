"""What a decision on suggestions says in the status bar, in the inspector's words.

Every way of accepting or rejecting (A / R, the inspector's buttons, the Suggestions list's)
goes through :meth:`.main_window.MainWindow.decide`, which shows :func:`decided_text`; the
frames are written as the inspector writes them (:func:`frames_text`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from ..timeline import (
    CUT,
    GRADE,
    STABILIZE,
    Suggestion,
    SuggestionStatus,
    Timeline,
    frame_to_timecode,
    kind_title,
)

# Kinds that belong to one shot: "grade for shot 00:00:01;00 – 00:00:04;12".
_PER_SHOT = {GRADE, STABILIZE}


def frames_text(timeline: Timeline, suggestion: Suggestion) -> str:
    """Its source frames, first to last, as source timecode, and its file: the inspector's
    Frames row."""
    rate = timeline.source_rate(suggestion.source)  # its frames are the source's own
    span = suggestion.source_range
    return (f"{frame_to_timecode(span.start, rate)} – {frame_to_timecode(span.end_inclusive, rate)}"
            f" of {Path(suggestion.source).name}")


def _noun(suggestion: Suggestion) -> str:
    """A cut by the transition the model saw (cut, dissolve, fade, wipe), else its kind."""
    if suggestion.kind == CUT:
        return str(suggestion.params.get("transition", CUT))
    return kind_title(suggestion.kind).lower()


def _what(timeline: Timeline, s: Suggestion) -> str:
    """"grade for shot 00:00:01;00 – 00:00:04;12 of clip.mp4", "cut at 00:00:04;12 in clip.mp4"."""
    if s.kind == CUT and not s.is_gradual:  # a hard cut is a point: where the next shot starts
        at = frame_to_timecode(s.cut_frame, timeline.source_rate(s.source))
        return f"{_noun(s)} at {at} in {Path(s.source).name}"
    where = "for shot " if s.kind in _PER_SHOT else "over " if s.kind == CUT else ""
    return f"{_noun(s)} {where}{frames_text(timeline, s)}"


def decided_text(timeline: Timeline, suggestions: Sequence[Suggestion], status: SuggestionStatus) -> str:
    """"Accepted grade for shot 00:00:01;00 – 00:00:04;12 of clip.mp4", "Rejected cut at
    00:00:04;12 in clip.mp4", "Accepted 12 suggestions: 8 cuts, 4 grades"."""
    verb = "Accepted" if status is SuggestionStatus.ACCEPTED else "Rejected"
    if len(suggestions) != 1:
        counts = Counter(map(_noun, suggestions))
        kinds = ", ".join(f"{n} {noun}{'s' * (n != 1)}" for noun, n in counts.most_common())
        return f"{verb} {len(suggestions)} suggestions: {kinds}."
    return f"{verb} {_what(timeline, suggestions[0])}."


def unchanged_text(timeline: Timeline, suggestions: Sequence[Suggestion], status: SuggestionStatus) -> str:
    """What a decision that changed nothing says: "Already accepted: cut at 00:00:04;12 in clip.mp4"."""
    verb = "accepted" if status is SuggestionStatus.ACCEPTED else "rejected"
    if len(suggestions) != 1:
        return f"Already {verb}: all {len(suggestions)} suggestions."
    return f"Already {verb}: {_what(timeline, suggestions[0])}."


__all__ = ["decided_text", "frames_text", "unchanged_text"]
