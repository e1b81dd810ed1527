"""Whether the picture at a timeline frame comes from a damaged stretch of its footage.

Decoding conceals damage (:mod:`vedit_gui.media.damage`): the viewer shows the last good
picture, or one decoded from a damaged one, where the file could not give the right one.
The editor is told once in a box; the viewer says it again on each such frame, so a frame
that looks wrong there is not taken for a fault of the edit or the grade.
"""

from __future__ import annotations

from fractions import Fraction

from ..media.damage import KNOWN, PICTURE
from .conform import TimelineVideo, source_frame


def damage_at(video: TimelineVideo, frame: int) -> str | None:
    """What to say of the damaged picture shown at timeline frame ``frame`` (either side of
    a dissolve), as found so far by any reader of this process; None where none is known."""
    segment = video.segment_at(frame)
    sides = (segment.outgoing_side, segment.incoming_side) if segment.window is not None else (segment,)
    for side in sides:
        clip = side.clip
        if clip is None:
            continue
        index = source_frame(clip, side.offset - side.range.start + frame, video.rate)
        note = KNOWN.note_at(clip.media.path, Fraction(index) / clip.media.rate, PICTURE)
        if note is not None:
            return note
    return None
