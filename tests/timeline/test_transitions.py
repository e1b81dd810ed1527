"""Dissolves on the timeline: kept from accepted gradual transitions, tied to their clip's head."""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction

import pytest

from vedit_gui.timeline import (
    CUT,
    DIP_TO_BLACK,
    DIP_TO_WHITE,
    DISSOLVE,
    AddSuggestions,
    DecideSuggestions,
    EditError,
    FrameRange,
    Gap,
    MediaReference,
    RemoveTransition,
    RippleDelete,
    SetTransitionKind,
    Split,
    Suggestion,
    SuggestionStatus,
    TrackKind,
    Transition,
    timeline_from_media,
)

SOURCE = MediaReference("shots/a.mp4", Fraction(25), 100)
ACCEPT = SuggestionStatus.ACCEPTED


def _dissolve(start: int = 36, frames: int = 8) -> Suggestion:
    return Suggestion(CUT, SOURCE.path, FrameRange(start, frames), 0.8, "test", {"transition": "dissolve"})


def _accepted(suggestion: Suggestion, *, dissolves: bool = True):
    timeline = AddSuggestions((suggestion,)).apply(timeline_from_media(SOURCE))
    return DecideSuggestions((suggestion.id,), ACCEPT, dissolves=dissolves).apply(timeline)


def test_a_kept_dissolve_covers_the_mixed_frames_on_the_video_track_only():
    timeline = _accepted(_dissolve(36, 8))  # frames 36..43 mix; the cut is at their middle, 40
    video, audio = timeline.tracks
    assert [c.source_range for c in video.clips()] == [FrameRange(0, 40), FrameRange(40, 60)]
    (window,) = video.transition_windows()
    assert (window.range, window.cut) == (FrameRange(36, 8), 40)
    assert window.incoming.id == video.items[1].id and window.outgoing.id == video.items[0].id
    assert audio.kind is TrackKind.AUDIO and audio.transitions == ()


def test_without_dissolves_or_for_a_hard_cut_only_the_split_is_made():
    assert all(track.transitions == () for track in _accepted(_dissolve(), dissolves=False).tracks)
    hard = Suggestion(CUT, SOURCE.path, FrameRange(39, 2), 0.9, "test", {"transition": "cut"})
    assert all(track.transitions == () for track in _accepted(hard).tracks)


def test_accepting_again_keeps_one_dissolve():
    suggestion = _dissolve()
    timeline = _accepted(suggestion)
    again = DecideSuggestions((suggestion.id,), ACCEPT, dissolves=True).apply(timeline)
    assert len(again.tracks[0].transitions) == 1


def test_the_dissolve_stays_at_its_clip_head_when_the_outgoing_clip_is_split():
    timeline = Split(10).apply(_accepted(_dissolve(36, 8)))
    (window,) = timeline.tracks[0].transition_windows()
    assert (window.range, window.cut) == (FrameRange(36, 8), 40)
    assert window.outgoing.source_range == FrameRange(10, 30)


def test_a_window_is_shortened_to_fit_its_clips():
    from vedit_gui.timeline.edits import split_at

    # A trim or a cut accepted inside it (the Split edit itself refuses there): the outgoing clip is now 38..39.
    timeline = split_at(_accepted(_dissolve(36, 8)), [38])
    (window,) = timeline.tracks[0].transition_windows()
    assert window.range == FrameRange(38, 6)


def test_after_a_gap_or_with_its_clip_gone_a_dissolve_does_not_play_and_undo_restores_it():
    timeline = _accepted(_dissolve(36, 8))
    first = timeline.tracks[0].items[0]
    gapped = timeline.with_track(0, replace(timeline.tracks[0], items=(Gap(40),) + timeline.tracks[0].items[1:]))
    assert gapped.tracks[0].transition_windows() == []
    deleted = RippleDelete((timeline.tracks[0].items[1].id,)).apply(timeline)
    assert deleted.tracks[0].transition_windows() == []
    assert timeline.tracks[0].transition_windows()[0].outgoing is first  # the old value is untouched


def test_remove_transition():
    timeline = _accepted(_dissolve())
    transition = timeline.tracks[0].transitions[0]
    removed = RemoveTransition(transition.id).apply(timeline)
    assert removed.tracks[0].transitions == ()
    with pytest.raises(EditError):
        RemoveTransition(transition.id).apply(removed)


def test_a_dissolve_becomes_a_dip_and_back_keeping_its_frames():
    timeline = _accepted(_dissolve())
    (window,) = timeline.tracks[0].transition_windows()
    dip = SetTransitionKind(window.transition.id, DIP_TO_WHITE).apply(timeline)
    (dipped,) = dip.tracks[0].transition_windows()
    assert dipped.transition.kind == DIP_TO_WHITE and (dipped.range, dipped.cut) == (window.range, window.cut)
    assert dip.tracks[0].items == timeline.tracks[0].items
    assert SetTransitionKind(window.transition.id, DISSOLVE).apply(dip) == timeline
    with pytest.raises(EditError, match="no transition kind"):
        SetTransitionKind(window.transition.id, "iris").apply(timeline)
    with pytest.raises(EditError, match="no transition"):
        SetTransitionKind("gone", DIP_TO_BLACK).apply(timeline)


def test_a_transition_needs_frames():
    with pytest.raises(ValueError):
        Transition("clip", 0, 0)
    with pytest.raises(ValueError):
        Transition("clip", -1, 3)


def test_a_dissolve_moves_with_its_clip():
    from vedit_gui.timeline import Move

    timeline = Split(70).apply(_accepted(_dissolve(36, 8)))  # clips 0..39, 40..69, 70..99
    incoming = timeline.tracks[0].items[1]
    moved = Move(incoming.id, 70).apply(timeline)  # after the third clip: 0..39, 70..99, 40..69
    (window,) = moved.tracks[0].transition_windows()
    assert window.incoming.id == incoming.id and window.cut == 70
    assert window.outgoing.source_range == FrameRange(70, 30)


def test_a_dissolve_given_a_clip_without_footage_past_the_cut_says_which_frames_it_holds():
    from vedit_gui.timeline import Move, TrimIn
    from vedit_gui.timeline.edits import held_frames, held_frames_text

    timeline = Split(70).apply(_accepted(_dissolve(36, 8)))  # clips 0..39, 40..69, 70..99
    (window,) = timeline.tracks[0].transition_windows()
    assert held_frames(timeline, window) == (0, 0)  # added within the handles
    incoming = timeline.tracks[0].items[1]
    moved = Move(incoming.id, 70).apply(timeline)  # 0..39, 70..99, 40..69: 70..99 ends the source
    (window,) = moved.tracks[0].transition_windows()
    assert held_frames(moved, window) == (0, 4)  # its last frame, held for the 4 after the cut
    opened = TrimIn(incoming.id, -38).apply(timeline)  # its in point pulled back to source frame 2
    (window,) = opened.tracks[0].transition_windows()
    assert window.incoming.source_range.start == 2 and held_frames(opened, window) == (2, 0)
    assert held_frames_text(opened, window, TrackKind.VIDEO) == [
        "The incoming clip, a.mp4, has too little footage before its in point: the source's first frame is held for 2 frames"]
    assert held_frames_text(opened, window, TrackKind.AUDIO) == [
        "The incoming clip, a.mp4, has too little sound before its in point: silence for 2 frames"]
    # A dip shows neither clip beyond the cut: it holds nothing.
    dip = SetTransitionKind(window.transition.id, DIP_TO_BLACK).apply(opened)
    (window,) = dip.tracks[0].transition_windows()
    assert held_frames(dip, window) == (0, 0) and held_frames_text(dip, window, TrackKind.VIDEO) == []


def test_a_dissolve_left_with_no_clip_before_its_own_goes_and_never_comes_back_by_itself():
    from vedit_gui.timeline import History, Insert, Lift, Move

    timeline = Split(70).apply(_accepted(_dissolve(36, 8)))  # 0..39, 40..69 (its head mixed), 70..99
    head = timeline.tracks[0].items[1]
    history = History(timeline)
    moved = history.apply(Move(head.id, 0))  # the mixed clip first: nothing before it to mix with
    assert moved.tracks[0].items[0].id == head.id and moved.tracks[0].transitions == ()
    # A clip put in front of it later meets it with a plain cut, as the editor saw it.
    pasted = history.apply(Insert(((0, replace(timeline.tracks[0].items[2], id="again")),), 0))
    assert pasted.tracks[0].transition_windows() == []
    assert history.undo() and history.undo()
    assert history.timeline.tracks[0].transitions == timeline.tracks[0].transitions  # undo brings it back

    # Lifted out from before it, the clip follows a gap: its dissolve goes too.
    lifted = history.apply(Lift((timeline.tracks[0].items[0].id,)))
    assert lifted.tracks[0].transitions == ()
    # One that still plays stays.
    assert History(timeline).apply(Split(80)).tracks[0].transitions == timeline.tracks[0].transitions
    # A project from an older version may hold one that cannot play: opening it drops it.
    kept = Move(head.id, 0).apply(timeline)  # the edit alone, as the old history saved it
    assert kept.tracks[0].transitions != ()
    history.reset(kept)
    assert history.timeline.tracks[0].transitions == ()


def test_footage_at_another_rate_reaches_as_far_as_the_render_shows_it():
    from vedit_gui.timeline import Move, TrimOut, seconds_to_frame
    from vedit_gui.timeline.edits import available_duration, transition_limits

    # 101 frames of film on a 30 fps edit: 4.21 s, 126.25 edit frames. The render shows, at
    # each edit frame, the film frame under its start, so edit frame 126 is film frame 100,
    # the last, and only 127 would need a frame the film lacks.
    film = MediaReference("shots/film.mov", Fraction(24), 101)
    timeline = timeline_from_media(film, rate=Fraction(30))
    (clip,) = timeline.tracks[0].clips()
    assert clip.duration == 126  # a new clip of it rounds, as a conform does
    assert [seconds_to_frame(Fraction(f, 30), film.rate) for f in (126, 127)] == [100, 101]
    assert available_duration(clip, timeline) == 127
    assert TrimOut(clip.id, 1).apply(timeline).duration == 127  # that last frame can be shown
    with pytest.raises(EditError):
        TrimOut(clip.id, 2).apply(timeline)
    # So a dissolve out of the film's end has that one frame to mix before it holds one.
    split = Split(100).apply(timeline)  # 0..99, 100..125
    tail = split.tracks[0].items[1]
    tail_first = Move(tail.id, 0).apply(split)  # 100..125, then 0..99
    outgoing, incoming = tail_first.tracks[0].clips()
    assert outgoing.source_range.end_exclusive == 126 and transition_limits(tail_first, outgoing, incoming)[1] == 1


def test_add_a_dissolve_at_any_cut_within_the_handles():
    from vedit_gui.timeline import AddTransition

    timeline = Split(40).apply(timeline_from_media(SOURCE))  # one source: handles both ways
    added = AddTransition(40, 25).apply(timeline)
    (window,) = added.tracks[0].transition_windows()
    assert (window.range, window.cut) == (FrameRange(28, 25), 40)
    assert added.tracks[1].transitions == ()  # sound is cut, not cross-faded
    # Again at the same cut replaces it, never stacks two.
    assert len(AddTransition(40, 10).apply(added).tracks[0].transitions) == 1


def test_a_dissolve_is_shortened_to_the_handles_and_refused_without_any():
    from vedit_gui.timeline import AddTransition, Insert
    from vedit_gui.timeline.model import Clip

    # The source's first 30 frames, then its last 10: 90 frames of handle before the second,
    # 70 after the first, but the second is only 10 frames long.
    head = Clip(SOURCE, FrameRange(0, 30), "head")
    tail = Clip(SOURCE, FrameRange(90, 10), "tail")
    empty = replace(timeline_from_media(SOURCE), tracks=(replace(timeline_from_media(SOURCE).tracks[0], items=()),))
    timeline = Insert(((0, head), (0, tail)), 0).apply(empty)
    (window,) = AddTransition(30, 40).apply(timeline).tracks[0].transition_windows()
    assert window.range == FrameRange(10, 30)  # 20 before (handles of tail: 90), 10 after (tail's length)
    whole = replace(head, source_range=FrameRange(0, 100))
    start = replace(tail, source_range=FrameRange(0, 10))
    none = Insert(((0, whole), (0, start)), 0).apply(empty)
    with pytest.raises(EditError, match="handles"):
        AddTransition(100, 20).apply(none)
    with pytest.raises(EditError, match="no cut"):
        AddTransition(5, 20).apply(timeline)


def test_a_dissolve_is_resized_no_further_than_its_handles():
    from vedit_gui.timeline import ResizeTransition

    timeline = Split(60).apply(_accepted(_dissolve(36, 8)))  # clips 0..39, 40..59, 60..99
    transition = timeline.tracks[0].transitions[0]
    # Before the cut the outgoing clip has 40 frames; after it the incoming clip only 20.
    wide = ResizeTransition(transition.id, 500, 500).apply(timeline)
    assert wide.tracks[0].transition_windows()[0].range == FrameRange(0, 60)
    assert ResizeTransition(transition.id, 2, 6).apply(timeline).tracks[0].transition_windows()[0].range == FrameRange(38, 8)
    with pytest.raises(EditError):
        ResizeTransition(transition.id, 0, 0).apply(timeline)
    with pytest.raises(EditError):
        ResizeTransition("gone", 2, 2).apply(timeline)


def test_a_split_inside_a_dissolve_is_refused_and_changes_nothing():
    from vedit_gui.timeline import AddTransition

    timeline = AddTransition(40, 25).apply(Split(40).apply(timeline_from_media(SOURCE)))  # plays 28..52
    for frame in (28, 35, 41, 52):
        with pytest.raises(EditError, match=f"frame {frame} is inside a dissolve \\(frames 28–52\\)"):
            Split(frame).apply(timeline)
    with pytest.raises(EditError, match="a cut there already"):
        Split(40).apply(timeline)
    before, after = Split(27).apply(timeline), Split(53).apply(timeline)  # just outside: cut, dissolve kept
    for split in (before, after):
        (window,) = split.tracks[0].transition_windows()
        assert (window.range, window.cut) == (FrameRange(28, 25), 40)
