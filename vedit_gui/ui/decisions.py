"""What a decision on suggestions says in the status bar, in the inspector's words.

Every way of accepting or rejecting (A / R, the inspector's buttons, the Suggestions list's)
goes through :meth:`.main_window.MainWindow.decide`, which shows :func:`decided_text`; the
frames are written as the inspector writes them (:func:`frames_text`). Accepting pauses
ripples every track, sync-locked, so what it takes from footage laid over the edit (B-roll,
music) is said too: the edit changes there without the editor having touched it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from ..timeline import (
    CUT,
    GRADE,
    REMOVE_PAUSE,
    STABILIZE,
    Suggestion,
    SuggestionStatus,
    Timeline,
    footage_cut_by,
    frame_to_timecode,
    suggestion_title,
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
    return suggestion_title(suggestion).lower()


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
    also = _footage_cut_text(timeline, suggestions) if status is SuggestionStatus.ACCEPTED else ""
    if len(suggestions) != 1:
        counts = Counter(map(_noun, suggestions))
        kinds = ", ".join(f"{n} {noun}{'s' * (n != 1)}" for noun, n in counts.most_common())
        return f"{verb} {len(suggestions)} suggestions: {kinds}{also}."
    return f"{verb} {_what(timeline, suggestions[0])}{also}."


def _footage_cut_text(timeline: Timeline, suggestions: Sequence[Suggestion]) -> str:
    """"; footage laid over them (broll.mp4 on V2, A2) shortened by 36 frames, sync-locked": what
    accepting the pauses among ``suggestions`` on ``timeline`` (the edit before) takes from
    footage that does not play them; empty where it takes nothing."""
    pauses = [s for s in suggestions if s.kind == REMOVE_PAUSE]
    cuts = footage_cut_by(timeline, [(s.source, s.removed_range) for s in pauses]) if pauses else ()
    if not cuts:
        return ""
    tracks: dict[tuple[str, int], list[str]] = {}  # a file's picture and sound usually lose the same
    for cut in cuts:
        tracks.setdefault((cut.path, cut.frames), []).append(timeline.track_label(cut.track))
    them = "them" if len(pauses) != 1 else "it"
    if len({frames for _, frames in tracks}) == 1:
        where = "; ".join(f"{Path(path).name} on {', '.join(labels)}" for (path, _), labels in tracks.items())
        frames = cuts[0].frames
        return f"; footage laid over {them} ({where}) shortened by {frames} frame{'s' * (frames != 1)}, sync-locked"
    each = "; ".join(f"{Path(path).name} on {', '.join(labels)} by {frames} frame{'s' * (frames != 1)}"
                     for (path, frames), labels in tracks.items())
    return f"; footage laid over {them} shortened, sync-locked: {each}"


def unchanged_text(timeline: Timeline, suggestions: Sequence[Suggestion], status: SuggestionStatus) -> str:
    """What a decision that changed nothing says: "Already accepted: cut at 00:00:04;12 in clip.mp4"."""
    verb = "accepted" if status is SuggestionStatus.ACCEPTED else "rejected"
    if len(suggestions) != 1:
        return f"Already {verb}: all {len(suggestions)} suggestions."
    return f"Already {verb}: {_what(timeline, suggestions[0])}."


def refused_text(reason: str) -> str:
    """Why an edit did not apply (the timeline's words, a clause) as a status-bar sentence.
    A reason that begins with a file's name keeps its case ("clip.mp4 is …", not "Clip.mp4")."""
    first = reason.split(" ", 1)[0]
    text = reason if "." in first.rstrip(".:,") else reason[:1].upper() + reason[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


__all__ = ["decided_text", "frames_text", "refused_text", "unchanged_text"]

