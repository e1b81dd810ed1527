"""Suggestion places kept across edits answer as a map made afresh does."""

from __future__ import annotations

import contextlib
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from vedit_gui.timeline import (
    EditError,
    FrameRange,
    InsertMedia,
    MediaReference,
    Move,
    OverlayMedia,
    RippleDelete,
    Split,
    Timeline,
    TrimIn,
    timeline_from_media,
)
from vedit_gui.timeline.mapping import SourceMap
from vedit_gui.timeline.placement import SuggestionPlaces, suggestion_places

RATE = Fraction(30000, 1001)
A = MediaReference("a.mp4", RATE, 120)
B = MediaReference("b.mp4", RATE, 90)
SLOW = MediaReference("slow.mp4", Fraction(25), 100)  # mapped through seconds
PATHS = (A.path, B.path, SLOW.path, "gone.mp4")
QUERIES = [FrameRange(start, duration) for start in range(0, 125, 9) for duration in (0, 1, 7, 40)]


def edit_of_three() -> Timeline:
    timeline = timeline_from_media(A)
    return InsertMedia((B, SLOW), timeline.duration).apply(timeline)


def assert_answers_as_afresh(places: SuggestionPlaces, timeline: Timeline) -> None:
    fresh = SourceMap(timeline)
    for path in PATHS:
        for wanted in QUERIES:
            assert list(places.ranges_for(path, wanted)) == fresh.ranges_for(path, wanted), (path, wanted)
            assert list(places.frames_for(path, wanted.start)) == fresh.frames_for(path, wanted.start), (path, wanted)


edits = st.one_of(
    st.builds(lambda f: ("split", f), st.integers(1, 300)),
    st.builds(lambda f: ("delete", f), st.integers(0, 300)),
    st.builds(lambda f, to: ("move", f, to), st.integers(0, 300), st.integers(0, 320)),
    st.builds(lambda f, d: ("trim", f, d), st.integers(0, 300), st.integers(1, 20)),
    st.builds(lambda f: ("overlay", f), st.integers(0, 300)),
)


def apply(timeline: Timeline, edit: tuple) -> Timeline:
    found = timeline.tracks[0].item_at(min(edit[1], max(0, timeline.duration - 1)))
    with contextlib.suppress(EditError):
        if edit[0] == "split":
            return Split(edit[1]).apply(timeline)
        if edit[0] == "overlay":
            return OverlayMedia((B,), edit[1]).apply(timeline)
        if found is None:
            return timeline
        if edit[0] == "delete":
            return RippleDelete((found[1].id,)).apply(timeline)
        if edit[0] == "move":
            return Move(found[1].id, edit[2]).apply(timeline)
        return TrimIn(found[1].id, edit[2]).apply(timeline)
    return timeline


@settings(max_examples=60, deadline=None)
@given(st.lists(edits, min_size=1, max_size=6))
def test_places_kept_across_edits_and_undo_answer_as_a_fresh_map(steps):
    history = [edit_of_three()]
    places = SuggestionPlaces(history[0])
    assert_answers_as_afresh(places, history[0])
    for step in steps:
        history.append(apply(history[-1], step))
        places = SuggestionPlaces(history[-1], places)
        assert_answers_as_afresh(places, history[-1])
    # Undo all the way, each timeline placed from the one after it.
    for timeline in reversed(history[:-1]):
        places = SuggestionPlaces(timeline, places)
        assert_answers_as_afresh(places, timeline)


def test_a_ripple_delete_moves_the_sources_after_it_and_places_its_own_again():
    timeline = edit_of_three()  # a 0-120, b 120-210, slow after
    split = Split(60).apply(timeline)
    before = SuggestionPlaces(split)
    for path in PATHS:  # answers made on the timeline before are the ones taken over
        before.ranges_for(path, FrameRange(10, 5))
    deleted = RippleDelete((split.tracks[0].items[1].id,)).apply(split)  # a's 60-120 goes
    after = SuggestionPlaces(deleted, before)
    moves = after.moves_since(before)
    assert moves[A.path] is None  # reshaped: placed again
    assert moves[B.path] == moves[SLOW.path] == -60
    assert after.ranges_for(B.path, FrameRange(10, 5)) == (FrameRange(70, 5),)
    assert SuggestionPlaces(Split(30).apply(split), before).moves_since(before) == dict.fromkeys(
        (A.path, B.path, SLOW.path), 0)  # a split moves nothing


def test_the_shared_places_of_a_timeline_are_made_once():
    timeline = edit_of_three()
    places = suggestion_places(timeline)
    assert suggestion_places(timeline) is places
    split = Split(50).apply(timeline)
    assert suggestion_places(split) is not places
    assert suggestion_places(timeline) is places  # the undo finds it again
