"""Hearing pauses go before they go: the edit as accepting suggestions would leave it, and
where each of its frames lies in the edit as it is, so playback can play the jump cuts (Play
Around one pause, or the whole tightened edit) while the playhead follows on the real timeline,
skipping what would be taken out.

The preview is made by the same :class:`DecideSuggestions` the Accept button applies, so what
plays is exactly what accepting gives, crossfaded joins included.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from fractions import Fraction

from ..timeline import DecideSuggestions, FrameRange, Suggestion, SuggestionStatus, Timeline
from ..timeline.edits import first_tracks
from ..timeline.mapping import SourceMap, merged_ranges

# Seconds Play Around plays before and after its frame (Premiere's default pre- and post-roll).
PREROLL_S = Fraction(2)
POSTROLL_S = Fraction(2)


@dataclass(frozen=True)
class RemovalPreview:
    """``timeline``: an edit with ``removed`` (frames of the edit as it is: sorted, disjoint)
    taken out and closed up. With nothing removed it is the edit itself."""

    timeline: Timeline
    removed: tuple[FrameRange, ...] = ()

    def edit_frame(self, frame: int) -> int:
        """The frame of the edit as it is that ``frame`` of the preview shows."""
        for place in self.removed:
            if frame < place.start:
                break
            frame += place.duration
        return frame

    def preview_frame(self, frame: int) -> int:
        """Where the edit's ``frame`` plays in the preview (a frame taken out: at its join)."""
        gone = 0
        for place in self.removed:
            if frame < place.start:
                break
            gone += min(place.duration, frame - place.start)
        return frame - gone

    def span_around(self, frame: int) -> FrameRange:
        """The preview's frames Play Around plays for the edit's ``frame``: around the join
        nearest it (with nothing removed, around ``frame``)."""
        rate, centre = self.timeline.rate, self.preview_frame(self.nearest_join(frame))
        start = max(0, centre - round(PREROLL_S * rate))
        return FrameRange.from_bounds(start, max(start, min(self.timeline.duration, centre + round(POSTROLL_S * rate))))

    def nearest_join(self, frame: int) -> int:
        """The start (in the edit) of the removed place nearest ``frame``; ``frame`` without one."""
        return min((place.start for place in self.removed), key=lambda start: abs(start - frame), default=frame)


def preview_accepting(timeline: Timeline, suggestions: Sequence[Suggestion]) -> RemovalPreview:
    """The edit as accepting the pause ``suggestions`` would leave it (one that takes nothing
    out, or plays nowhere in the edit, leaves it as it is). ``removed`` holds only the places
    on the edit's own picture and sound tracks: taking those out closes up the whole edit,
    where a pause in footage laid over it (B-roll, music) closes up its own track alone and
    moves none of the edit's frames."""
    own = first_tracks(timeline)
    places = SourceMap(replace(timeline, tracks=tuple(
        track if index in own else replace(track, items=()) for index, track in enumerate(timeline.tracks))))
    removed = tuple(merged_ranges([place for s in suggestions if s.removed_range.duration
                                   for place in places.ranges_for(s.source, s.removed_range)]))
    if not removed:
        return RemovalPreview(timeline)
    accepted = DecideSuggestions(tuple(s.id for s in suggestions), SuggestionStatus.ACCEPTED).apply(timeline)
    return RemovalPreview(accepted, removed)


__all__ = ["POSTROLL_S", "PREROLL_S", "RemovalPreview", "preview_accepting"]
