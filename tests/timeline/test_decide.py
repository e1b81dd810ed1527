"""Deciding suggestions: the one edit the editor's accept and ``vedit auto`` share."""

from __future__ import annotations

from fractions import Fraction

from vedit_gui.timeline import (
    CUT,
    GRADE,
    AddSuggestions,
    DecideSuggestions,
    FrameRange,
    MediaReference,
    Suggestion,
    SuggestionStatus,
    timeline_from_media,
)
from vedit_gui.timeline.edits import near_duplicates

SOURCE = MediaReference("shots/a.mp4", Fraction(25), 100)


def _timeline_with(*suggestions: Suggestion):
    return AddSuggestions(suggestions).apply(timeline_from_media(SOURCE))


def test_accepting_a_cut_splits_every_track_and_a_grade_only_changes_status():
    cut = Suggestion(CUT, SOURCE.path, FrameRange(39, 2), 0.9, "test")
    grade = Suggestion(GRADE, SOURCE.path, FrameRange(40, 60), 0.9, "test", {"exposure": 0.5})
    timeline = _timeline_with(cut, grade)
    decided = DecideSuggestions((cut.id, grade.id), SuggestionStatus.ACCEPTED).apply(timeline)
    assert all(s.status is SuggestionStatus.ACCEPTED for s in decided.suggestions)
    for track in decided.tracks:
        assert [c.source_range.start for c in track.clips()] == [0, 40]
    # Accepting again changes nothing more (the cut is already there).
    again = DecideSuggestions((cut.id,), SuggestionStatus.ACCEPTED).apply(decided)
    assert again.tracks == decided.tracks


def test_rejecting_a_cut_does_not_split():
    cut = Suggestion(CUT, SOURCE.path, FrameRange(39, 2), 0.9, "test")
    decided = DecideSuggestions((cut.id,), SuggestionStatus.REJECTED).apply(_timeline_with(cut))
    assert decided.suggestions[0].status is SuggestionStatus.REJECTED
    assert [len(list(track.clips())) for track in decided.tracks] == [1, 1]


def test_grades_of_neighbouring_shots_are_not_duplicates():
    first = Suggestion(GRADE, SOURCE.path, FrameRange(0, 40), 0.9, "test")
    second = Suggestion(GRADE, SOURCE.path, FrameRange(40, 60), 0.8, "test")
    assert not near_duplicates(first, second)
    assert len(_timeline_with(first, second).suggestions) == 2
