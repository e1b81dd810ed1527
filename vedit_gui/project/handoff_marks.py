"""Which suggestions a hand-off to another editor marks: an EDL's locators (``* LOC``) and a
Final Cut Pro XML's clip markers. OpenTimelineIO, vedit's own round trip, keeps them all.

An editor handing off a cut wants the receiving editor's marker list to hold what still needs
a hand there, and nothing else. An editor pass found an EDL with a locator for every
suggestion, rejected and below-threshold ones included (21 on a 30 s edit), burying the
project's own markers. A suggestion is marked when it is:

- accepted, and vedit's render draws it where the cut cannot carry it (a title, a punch-in, a
  steadied shot): the receiving editor must make it again. Accepted cuts and pause removals
  are in the cut itself; accepted grades travel as a ``.cube`` (a marker per shot says little);
- pending at or above the review threshold (what the Suggestions list shows to review, and
  Accept All takes), unless the cut already has it: a pending cut where the edit already cuts
  (the editor split there by hand).

Rejected suggestions, and pending ones below the threshold, are never marked.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from ..timeline import CUT, Clip, Suggestion, SuggestionStatus, Timeline, TrackKind
from ..timeline.edits import cut_starts
from ..timeline.mapping import SourceMap
from ..timeline.suggestion import PUNCH_IN, STABILIZE, TITLE

REVIEW_THRESHOLD = 0.5
"""The review threshold the Suggestions list opens at and ``vedit auto`` accepts at: the
hand-off's default where the caller gives none."""

DRAWN_BY_VEDIT = frozenset({TITLE, PUNCH_IN, STABILIZE})
"""Accepted looks that vedit's render draws and an EDL or XML does not carry."""


def marked_suggestions(timeline: Timeline, review_threshold: float = REVIEW_THRESHOLD) -> list[Suggestion]:
    """The suggestions of ``timeline`` a hand-off marks (see the module), in its order."""
    pictures = SourceMap(replace(timeline, tracks=tuple(timeline.tracks_of(TrackKind.VIDEO))))
    cuts = {(start, clip.media.path) for start, clip in _picture_clips(timeline)}

    def marked(suggestion: Suggestion) -> bool:
        if suggestion.status is SuggestionStatus.ACCEPTED:
            return suggestion.kind in DRAWN_BY_VEDIT
        return (suggestion.status is SuggestionStatus.PENDING and suggestion.confidence >= review_threshold
                and not (suggestion.kind == CUT and _cut_already(suggestion, pictures, cuts)))

    return [suggestion for suggestion in timeline.suggestions if marked(suggestion)]


def _picture_clips(timeline: Timeline) -> Iterator[tuple[int, Clip]]:
    """(timeline frame, clip) of each clip on a picture track."""
    for track in timeline.tracks_of(TrackKind.VIDEO):
        for _, item, rng in track.ranges():
            if isinstance(item, Clip):
                yield rng.start, item


def _cut_already(suggestion: Suggestion, pictures: SourceMap, cuts: set[tuple[int, str]]) -> bool:
    """Whether the edit already cuts where ``suggestion`` would: every picture frame showing
    its next shot's first frame starts a clip of that source."""
    frames = pictures.frames_for(suggestion.source, suggestion.cut_frame)
    # A source at another rate shows some frames twice: the shot starts at the first of them.
    return bool(frames) and all((frame, suggestion.source) in cuts for frame in cut_starts(sorted(frames), set()))
