"""The editor's in and out marks as part of the edit's value, so that setting one is an undo
step (as in Premiere and Resolve) and undo, redo, saved-or-not and crash recovery follow them
as they follow every other change.

They ride in the timeline's metadata (``vedit.marks``: ``[in, out]``, frames or null), as the
start timecode does; ``timeline/`` knows no metadata key. The project file keeps them where it
always has, in its editor state (``extra["marks"]``): :func:`without_marks` before a save and
:func:`with_marks` after an open move them across, so the file format is unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..timeline import Timeline

MARKS = "vedit.marks"

Marks = tuple[int | None, int | None]


def marks_from(value: object) -> Marks:
    """``[in, out]`` read from a file or metadata ((None, None): none, or unreadable)."""
    if isinstance(value, (list, tuple)) and len(value) == 2 and all(m is None or type(m) is int for m in value):
        return value[0], value[1]
    return None, None


def stored_marks(timeline: Timeline) -> Marks:
    """The marks as the editor last set them, whatever the timeline's length is now."""
    return marks_from(timeline.metadata.get(MARKS))


def shown_marks(timeline: Timeline) -> Marks:
    """The marks as the editor sees them: one past the timeline's end (an edit shortened it)
    is none, and an in after the out is none, as the playback controller leaves them. The
    stored value is kept, so undoing the edit that shortened the timeline brings it back."""
    in_point, out_point = stored_marks(timeline)
    last = timeline.duration - 1
    in_point = in_point if in_point is not None and 0 <= in_point <= last else None
    out_point = out_point if out_point is not None and 0 <= out_point <= last else None
    if in_point is not None and out_point is not None and in_point > out_point:
        in_point = None
    return in_point, out_point


def with_marks(timeline: Timeline, marks: Marks) -> Timeline:
    """``timeline`` holding ``marks`` (both None: holding none)."""
    metadata = {key: value for key, value in timeline.metadata.items() if key != MARKS}
    if marks != (None, None):
        metadata[MARKS] = list(marks)
    if metadata == timeline.metadata:
        return timeline
    return replace(timeline, metadata=metadata)


def without_marks(timeline: Timeline) -> Timeline:
    """``timeline`` without its marks: what a project file's timeline holds (they go in its
    editor state), and what tells an untitled edit's real changes from marks alone."""
    return with_marks(timeline, (None, None))


@dataclass(frozen=True)
class SetMarks:
    """Set the in and out marks: one undo step per I, O or Clear In and Out."""

    in_point: int | None
    out_point: int | None
    description: str = "Set In and Out"

    def apply(self, timeline: Timeline) -> Timeline:
        return with_marks(timeline, (self.in_point, self.out_point))


def marks_description(before: Marks, after: Marks) -> str:
    """The undo step's name for a change of marks from ``before`` to ``after``."""
    if after == (None, None):
        return "Clear In and Out"
    if after[0] != before[0]:
        return "Mark In"
    return "Mark Out"
