"""The suggestion lane's entries, mended edit by edit, are the entries made afresh."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from PySide6.QtCore import QPointF

from vedit_gui.timeline import (
    CUT,
    GRADE,
    REMOVE_PAUSE,
    AddSuggestions,
    DecideSuggestions,
    FrameRange,
    InsertMedia,
    MediaReference,
    RippleDelete,
    Split,
    Suggestion,
    SuggestionStatus,
    Timeline,
    timeline_from_media,
)
from vedit_gui.timeline.placement import SuggestionPlaces
from vedit_gui.ui.timeline_lane import LaneEntries, LaneShapes, lane_changes, lane_entries
from vedit_gui.ui.timeline_scale import TimeScale

RATE = Fraction(30000, 1001)
SOURCES = [MediaReference(f"s{i}.mp4", RATE, 600) for i in range(3)]


def edit() -> Timeline:
    """Three sources end to end, each with cuts (some sure), grades and pauses."""
    timeline = timeline_from_media(SOURCES[0])
    timeline = InsertMedia(tuple(SOURCES[1:]), timeline.duration).apply(timeline)
    found = []
    for source in SOURCES:
        found += [Suggestion(CUT, source.path, FrameRange(40 * k + 19, 2), 0.9 if k % 2 else 0.3, "t",
                             {"transition": "cut"}) for k in range(1, 14)]
        found += [Suggestion(CUT, source.path, FrameRange(300, 20), 0.8, "t", {"transition": "dissolve"})]
        found += [Suggestion(GRADE, source.path, FrameRange(100 * k, 100), 0.6, "t") for k in range(6)]
        found += [Suggestion(REMOVE_PAUSE, source.path, FrameRange(70 * k + 5, 20), 0.8, "t", {"keep": 4})
                  for k in range(1, 8)]
    return AddSuggestions(tuple(found)).apply(timeline)


def assert_as_made_afresh(entries: LaneEntries, timeline: Timeline, show_rejected: bool = False) -> None:
    fresh = lane_entries(timeline, SuggestionPlaces(timeline), show_rejected)
    assert len(entries) == len(fresh)
    assert [s for s in entries.suggestions] == [s for s in fresh.suggestions]
    assert all(a is b for a, b in zip(entries.suggestions, fresh.suggestions, strict=True))
    compared = [i for i in range(entries.table.shape[1]) if i != 12]  # the source column numbers its own way
    assert np.array_equal(entries.table[:, compared], fresh.table[:, compared], equal_nan=True)
    assert entries.halves == fresh.halves


def test_entries_mended_through_edits_and_undo_are_made_afresh():
    start = edit()
    sure = tuple(s.id for s in start.suggestions if s.kind == CUT and s.confidence >= 0.5)
    accepted = DecideSuggestions(sure, SuggestionStatus.ACCEPTED).apply(start).without_idle_transitions()
    pause = next(s for s in accepted.suggestions if s.kind == REMOVE_PAUSE)
    tightened = DecideSuggestions((pause.id,), SuggestionStatus.ACCEPTED).apply(accepted)  # moves to the end, ripples
    split = Split(tightened.duration // 2 + 3).apply(tightened)
    deleted = RippleDelete((split.tracks[0].items[2].id,)).apply(split)
    rejected = DecideSuggestions((deleted.suggestions[5].id,), SuggestionStatus.REJECTED).apply(deleted)
    more = AddSuggestions(tuple(Suggestion(CUT, SOURCES[1].path, FrameRange(f, 2), 0.7, "t", {"transition": "cut"})
                                for f in (33, 77, 555))).apply(rejected)
    entries, places = None, None
    for timeline in (start, accepted, tightened, split, deleted, rejected, more, split, accepted, start, more):
        # Places handed on from the timeline before, as the view does: rows of a source that
        # only moved are shifted, not placed again.
        places = SuggestionPlaces(timeline, places)
        entries = lane_entries(timeline, places, False, entries)
        assert_as_made_afresh(entries, timeline)
    shown = lane_entries(more, SuggestionPlaces(more), True, entries)  # rejected ones shown too
    assert_as_made_afresh(shown, more, show_rejected=True)


def test_the_lane_changes_where_a_decision_is_and_nowhere_after_a_split():
    start = edit()
    entries = lane_entries(start, SuggestionPlaces(start), False)
    cut = next(s for s in start.suggestions if s.kind == CUT and s.source == SOURCES[1].path)
    split = Split(5).apply(start)
    assert lane_changes(entries, lane_entries(split, SuggestionPlaces(split), False, entries)) is None
    decided = DecideSuggestions((cut.id,), SuggestionStatus.REJECTED).apply(start)
    after = lane_entries(decided, SuggestionPlaces(decided), False, entries)
    first, last = lane_changes(entries, after)
    where = 600 + cut.source_range.start  # the second source starts at 600
    assert first <= where and last >= where + cut.source_range.duration
    assert last - first <= cut.source_range.duration + 1


def test_shapes_are_made_when_asked_for_and_the_topmost_is_hit():
    start = edit()
    entries = lane_entries(start, SuggestionPlaces(start), False)
    shapes = LaneShapes(entries, TimeScale(2.0, 0.0, 100.0), ruler_height=26, lane_height=30)
    assert len(shapes) == len(entries) and len(list(shapes)) == len(entries)
    last = shapes[-1]
    assert last.suggestion is entries.suggestions[-1] and last.is_point  # cuts are drawn last, on top
    centre = last.rect.center()
    assert shapes[shapes.index_at(centre)].suggestion.kind == CUT
    assert shapes.index_at(QPointF(centre.x(), 500)) is None
    inside = [shapes[i] for i in shapes.indices_within(centre.x() - 1, centre.x() + 1)]
    assert any(shape.suggestion is last.suggestion for shape in inside)
