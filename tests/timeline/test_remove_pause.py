"""Accepting a pause takes its frames out of the edit wherever they play, in sync."""

from __future__ import annotations

from fractions import Fraction

from vedit_gui.timeline import (
    REMOVE_PAUSE,
    AddSuggestions,
    DecideSuggestions,
    FrameRange,
    MediaReference,
    OverlayMedia,
    Suggestion,
    SuggestionStatus,
    footage_cut_by,
    timeline_from_media,
)
from vedit_gui.timeline.mapping import SourceMap

TALK = MediaReference("talk.mp4", Fraction(25), 200)
MUSIC = MediaReference("music.wav", Fraction(25), 300, has_video=False)


def _pause(start: int, duration: int, keep: int = 0) -> Suggestion:
    return Suggestion(REMOVE_PAUSE, TALK.path, FrameRange(start, duration), 0.9, "test", {"keep": keep})


def test_removed_range_leaves_two_thirds_of_the_breath_before_and_a_third_after():
    assert _pause(50, 30, keep=9).removed_range == FrameRange(56, 21)
    assert _pause(50, 30, keep=7).removed_range == FrameRange(55, 23)
    assert _pause(50, 30).removed_range == FrameRange(50, 30)
    assert _pause(50, 5, keep=8).removed_range.duration == 0
    # A damaged project's keep takes out the whole pause rather than failing.
    damaged = Suggestion(REMOVE_PAUSE, TALK.path, FrameRange(50, 30), 0.9, "test", {"keep": "lots"})
    assert damaged.removed_range == FrameRange(50, 30)


def test_a_pause_at_an_edge_of_the_file_keeps_its_breath_next_to_the_speech_only():
    """Room tone to the end (or from the start) goes to that edge: a breath kept on the outer
    side would be a last (or first) flash of a few frames, a jump cut from the rest."""
    tail = Suggestion(REMOVE_PAUSE, TALK.path, FrameRange(123, 77), 0.9, "test", {"keep": 8, "to_end": True})
    assert tail.removed_range == FrameRange(131, 69)  # the whole breath after the last word
    head = Suggestion(REMOVE_PAUSE, TALK.path, FrameRange(0, 40), 0.9, "test", {"keep": 8, "from_start": True})
    assert head.removed_range == FrameRange(0, 32)  # the whole breath before the first word
    both = Suggestion(REMOVE_PAUSE, TALK.path, FrameRange(0, 200), 0.9, "test",
                      {"keep": 8, "from_start": True, "to_end": True})
    assert both.removed_range == FrameRange(0, 200)
    timeline = AddSuggestions((tail,)).apply(timeline_from_media(TALK))
    decided = DecideSuggestions((tail.id,), SuggestionStatus.ACCEPTED).apply(timeline)
    for track in decided.tracks:
        assert [(c.source_range.start, c.source_range.end_exclusive) for c in track.clips()] == [(0, 131)]


def test_accepting_a_pause_closes_it_on_picture_and_sound_alike():
    pause = _pause(50, 30, keep=10)
    timeline = AddSuggestions((pause,)).apply(timeline_from_media(TALK))
    decided = DecideSuggestions((pause.id,), SuggestionStatus.ACCEPTED).apply(timeline)
    assert decided.suggestions[0].status is SuggestionStatus.ACCEPTED
    assert decided.duration == 200 - 20
    for track in decided.tracks:
        assert [(c.source_range.start, c.source_range.end_exclusive) for c in track.clips()] == [(0, 57), (77, 200)]
    # The two pieces of picture stay linked to the two pieces of sound beside them.
    video, audio = (list(track.clips()) for track in decided.tracks)
    assert [v.link for v in video] == [a.link for a in audio]
    assert video[0].link != video[1].link
    assert not SourceMap(decided).ranges_for(TALK.path, pause.removed_range)


def test_the_sound_crossfades_over_the_join_from_what_was_taken_out():
    """80 ms of crossfade on the sound (2 frames at 25 fps), none on the picture: the mix uses
    the pause's own frames either side of the join (its room tone)."""
    pause = _pause(50, 30, keep=10)
    decided = DecideSuggestions((pause.id,), SuggestionStatus.ACCEPTED).apply(
        AddSuggestions((pause,)).apply(timeline_from_media(TALK)))
    video, audio = decided.tracks
    assert video.transitions == ()
    (fade,) = audio.transitions
    incoming = list(audio.clips())[1]
    assert fade.clip_id == incoming.id and (fade.in_offset, fade.out_offset) == (1, 1)
    # A pause at the very start leaves no join: nothing to crossfade, and no error.
    first = _pause(0, 20)
    decided = DecideSuggestions((first.id,), SuggestionStatus.ACCEPTED).apply(
        AddSuggestions((first,)).apply(timeline_from_media(TALK)))
    assert decided.duration == 180 and all(t.transitions == () for t in decided.tracks)


def test_rejecting_a_pause_changes_only_its_status():
    pause = _pause(50, 30)
    timeline = AddSuggestions((pause,)).apply(timeline_from_media(TALK))
    decided = DecideSuggestions((pause.id,), SuggestionStatus.REJECTED).apply(timeline)
    assert decided.tracks == timeline.tracks
    assert decided.suggestions[0].status is SuggestionStatus.REJECTED


def test_several_pauses_in_one_decision_each_come_out_once():
    pauses = (_pause(20, 10), _pause(100, 25), _pause(150, 12, keep=2))
    timeline = AddSuggestions(pauses).apply(timeline_from_media(TALK))
    decided = DecideSuggestions(tuple(p.id for p in pauses), SuggestionStatus.ACCEPTED).apply(timeline)
    assert decided.duration == 200 - 10 - 25 - 10
    kept = [(c.source_range.start, c.source_range.end_exclusive) for c in decided.tracks[0].clips()]
    assert kept == [(0, 20), (30, 100), (125, 152), (162, 200)]


def test_tracks_over_and_under_the_edit_close_up_with_it_as_a_ripple_delete_does():
    """Music on a track of its own loses the same frames as the edit over it, so what follows
    stays in sync, as a ripple delete does; a second use of the talk's frames laid over as
    B-roll loses the pause as well, and closes up alone."""
    timeline = OverlayMedia((MUSIC,), frame=0).apply(timeline_from_media(TALK))
    timeline = OverlayMedia((TALK,), frame=220).apply(timeline)
    pause = _pause(50, 30)
    decided = DecideSuggestions((pause.id,), SuggestionStatus.ACCEPTED).apply(
        AddSuggestions((pause,)).apply(timeline))
    assert not SourceMap(decided).ranges_for(TALK.path, pause.removed_range)
    spans = {}
    for track in decided.tracks:
        for _, item, rng in track.ranges():
            if hasattr(item, "media"):
                spans.setdefault(item.media.path, []).append((rng.start, rng.end_exclusive))
    assert sorted(spans[MUSIC.path]) == [(0, 50), (50, 270)]
    # The edit's picture and sound, then the B-roll's picture and sound (moved up 30, then
    # shortened 30 by its own copy of the pause).
    assert sorted(spans[TALK.path]) == [(0, 50), (0, 50), (50, 170), (50, 170),
                                        (190, 240), (190, 240), (240, 360), (240, 360)]


def test_what_the_ripple_takes_from_footage_laid_over_the_edit_is_counted_before_it_is_taken():
    """B-roll over frames 40–114 of the talk: pauses at 30–59 and 100–139 take its first 20
    and last 15 frames, picture and sound alike; music under all of it loses all 70. A copy of
    the talk laid over plays the pause itself: what it loses is the pause, not counted."""
    broll = MediaReference("broll.mp4", Fraction(25), 75)
    timeline = OverlayMedia((broll,), frame=40).apply(timeline_from_media(TALK))
    timeline = OverlayMedia((MUSIC,), frame=0).apply(timeline)
    timeline = OverlayMedia((TALK,), frame=220).apply(timeline)
    pauses = (_pause(30, 30), _pause(100, 40))
    cut = footage_cut_by(timeline, [(TALK.path, p.removed_range) for p in pauses])
    labels = {(timeline.track_label(c.track), c.path): c.frames for c in cut}
    assert labels == {("V2", "broll.mp4"): 35, ("A2", "broll.mp4"): 35, ("A3", "music.wav"): 70}
    decided = DecideSuggestions(tuple(p.id for p in pauses), SuggestionStatus.ACCEPTED).apply(
        AddSuggestions(pauses).apply(timeline))
    for c in cut:  # what was counted is what went
        before = sum(x.duration for x in timeline.tracks[c.track].clips() if x.media.path == c.path)
        after = sum(x.duration for x in decided.tracks[c.track].clips() if x.media.path == c.path)
        assert before - after == c.frames
    assert footage_cut_by(timeline_from_media(TALK), [(TALK.path, pauses[0].removed_range)]) == ()
