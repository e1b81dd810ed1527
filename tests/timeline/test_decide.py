"""Deciding suggestions: the one edit the editor's accept and ``vedit auto`` share."""

from __future__ import annotations

import contextlib
from dataclasses import replace
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from vedit_gui.timeline import (
    CUT,
    GRADE,
    AddSuggestions,
    DecideSuggestions,
    EditError,
    FrameRange,
    MediaReference,
    SetSuggestionStatus,
    Split,
    Suggestion,
    SuggestionStatus,
    Timeline,
    Transition,
    timeline_from_media,
)
from vedit_gui.timeline.edits import cut_starts, near_duplicates, split_at
from vedit_gui.timeline.mapping import SourceMap
from vedit_gui.timeline.time import rescale

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


def _shape(timeline: Timeline) -> tuple:
    """The timeline with ids and link ids renamed in order of appearance: what an editor sees."""
    names: dict[str, int] = {}

    def name(key: str | None) -> int | None:
        return None if key is None else names.setdefault(key, len(names))

    tracks = []
    for track in timeline.tracks:
        items = tuple(
            (type(item).__name__, rng.start, rng.duration, name(getattr(item, "id", None)),
             name(getattr(item, "link", None)), getattr(item, "source_range", None))
            for _, item, rng in track.ranges()
        )
        transitions = tuple(sorted((name(t.clip_id), t.in_offset, t.out_offset, t.kind) for t in track.transitions))
        tracks.append((items, transitions))
    return tuple(tracks), tuple((s.id, s.status) for s in timeline.suggestions)


@settings(max_examples=80, deadline=None)
@given(
    rate=st.sampled_from([Fraction(25), Fraction(30000, 1001)]),
    blades=st.lists(st.integers(1, 119), max_size=4),
    cuts=st.lists(st.tuples(st.integers(1, 99), st.integers(0, 8)), min_size=1, max_size=12),
    dissolves=st.booleans(),
)
def test_deciding_many_at_once_is_deciding_them_one_by_one(rate, blades, cuts, dissolves):
    """The batch accept (one pass, for a film's 1500 cuts) against the one-at-a-time edit."""
    # At 29.97 the 25 fps source is mapped through seconds, as a mixed-rate edit is.
    timeline = replace(timeline_from_media(replace(SOURCE, duration=120)), rate=rate)
    for frame in blades:
        with contextlib.suppress(EditError):
            timeline = Split(frame).apply(timeline)
    suggestions = tuple(
        Suggestion(CUT, SOURCE.path, FrameRange(start, length + 2), 0.9, "test",
                   {"transition": "dissolve" if length else "cut"})
        for start, length in cuts
    )
    timeline = replace(timeline, suggestions=suggestions)
    ids = tuple(s.id for s in reversed(suggestions))
    together = DecideSuggestions(ids, SuggestionStatus.ACCEPTED, dissolves).apply(timeline)
    # The reference: one status at a time, one blade (Split) per frame, and each gradual cut's
    # dissolve into the clips that start at its middle, as OpenTimelineIO offsets.
    one_by_one = timeline
    for suggestion_id in ids:
        one_by_one = SetSuggestionStatus(suggestion_id, SuggestionStatus.ACCEPTED).apply(one_by_one)
        suggestion = one_by_one.suggestion(suggestion_id)
        # Where the cut frame starts showing: at 29.97 one 25 fps frame in five shows for two
        # timeline frames, and the shot starts at the first (a blade at both, as this reference
        # once made, leaves a one-frame clip: review 2's finding).
        starts = {rng.start for track in one_by_one.tracks for _, _, rng in track.ranges()}
        frames = cut_starts(SourceMap(one_by_one).frames_for(suggestion.source, suggestion.cut_frame), starts)
        # The blade itself (the Split edit refuses inside a dissolve; accepting a cut there cuts).
        one_by_one = split_at(one_by_one, frames)
        if dissolves and suggestion.is_gradual:
            video = one_by_one.tracks[0]
            kept = {t.clip_id: t for t in video.transitions}
            for _, item, rng in video.ranges():
                if rng.start in frames:
                    cut, source = suggestion.cut_frame, suggestion.source_range
                    before = rescale(cut - source.start, item.media.rate, rate)
                    after = rescale(source.end_exclusive - cut, item.media.rate, rate)
                    if before + after:
                        kept[item.id] = Transition(item.id, before, after)
            one_by_one = one_by_one.with_track(0, replace(video, transitions=tuple(kept.values())))
    assert _shape(together) == _shape(one_by_one)
