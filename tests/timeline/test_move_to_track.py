"""Moving clips to the next or previous track of their kind: an overwrite at the same time."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_edits import OTHER, SOURCE, frames

from vedit_gui.timeline import (
    AddTransition,
    Clip,
    EditError,
    FrameRange,
    Gap,
    MediaReference,
    Move,
    MoveToTrack,
    OverlayMedia,
    Split,
    Track,
    TrackKind,
    timeline_from_media,
)

A = [("shots/a.mp4", f) for f in range(300)]


def cut_in_three():
    return Split(200).apply(Split(100).apply(timeline_from_media(SOURCE)))


def test_a_shot_and_its_sound_go_to_new_tracks_as_a_cutaway_and_nothing_else_moves():
    tl = cut_in_three()
    video, audio = tl.tracks[0].items[1], tl.tracks[1].items[1]
    out = MoveToTrack((video.id, audio.id)).apply(tl)
    assert [t.kind for t in out.tracks] == [TrackKind.VIDEO] * 2 + [TrackKind.AUDIO] * 2  # V1 V2 A1 A2
    assert frames(out, 0) == A[:100] + [None] * 100 + A[200:]
    assert frames(out, 1) == [None] * 100 + A[100:200]
    assert frames(out, 2) == A[:100] + [None] * 100 + A[200:]
    assert frames(out, 3) == [None] * 100 + A[100:200]
    assert out.duration == tl.duration
    assert out.tracks[1].items[1].link == out.tracks[3].items[1].link == video.link  # still in sync
    assert MoveToTrack((video.id,)).description == "Move Clip to Next Track"


def test_back_down_a_clip_covers_what_it_lands_on():
    tl = OverlayMedia((OTHER,), 50).apply(timeline_from_media(SOURCE))
    broll = tl.tracks[1].items[1]
    assert frames(tl, 1) == [None] * 50 + [("shots/b.mp4", f) for f in range(120)]  # B-roll on V2
    down = MoveToTrack((broll.id,), steps=-1).apply(tl)
    assert frames(down, 0) == A[:50] + [("shots/b.mp4", f) for f in range(120)] + A[170:]
    assert not down.tracks[1].items  # V2 is left empty (and kept)
    assert down.duration == tl.duration


def test_a_clip_on_the_first_track_has_nowhere_back_to_and_a_gap_is_not_a_clip():
    tl = cut_in_three()
    with pytest.raises(EditError, match="on V1"):
        MoveToTrack((tl.tracks[0].items[0].id,), steps=-1).apply(tl)
    with pytest.raises(EditError, match="on A1"):
        MoveToTrack((tl.tracks[1].items[0].id,), steps=-1).apply(tl)
    out = MoveToTrack((tl.tracks[0].items[1].id,)).apply(tl)
    with pytest.raises(EditError, match="no clip"):
        MoveToTrack((out.tracks[0].items[1].id,)).apply(out)  # the gap it left


def test_a_moved_clip_leaves_its_dissolve_and_a_pair_moved_together_keeps_its_own():
    tl = AddTransition(200, 10).apply(AddTransition(100, 10).apply(cut_in_three()))
    first, middle, last = tl.tracks[0].items
    up = MoveToTrack((middle.id,)).apply(tl)
    assert [t.clip_id for t in up.tracks[0].transitions] == [last.id]  # into the clip after it: kept
    assert not up.tracks[0].transition_windows() and not up.tracks[1].transitions  # (after a gap: idle)
    # Back down at the end of the edit, nothing mixes it with a clip it never met.
    back = MoveToTrack((middle.id,), steps=-1, offset=200).apply(up)
    assert [w.transition.clip_id for w in back.tracks[0].transition_windows()] == []
    pair = MoveToTrack((middle.id, last.id)).apply(tl)
    assert [w.transition.clip_id for w in pair.tracks[1].transition_windows()] == [last.id]  # went with them
    assert pair.tracks[0].transitions == ()


def test_a_clip_laid_over_the_head_of_a_linked_one_leaves_the_rest_linked():
    broll_media = MediaReference("shots/c.mp4", SOURCE.rate, 100)
    tl = OverlayMedia((broll_media,), 200).apply(timeline_from_media(SOURCE))  # V1 V2 A1 A2
    cover = Clip(OTHER, FrameRange(0, 50), "cover")  # a picture without sound, on a V3 above
    tracks = list(tl.tracks)
    tracks.insert(2, Track(TrackKind.VIDEO, (Gap(180), cover)))
    down = MoveToTrack((cover.id,), steps=-1).apply(replace(tl, tracks=tuple(tracks)))
    assert frames(down, 1)[180:230] == [("shots/b.mp4", f) for f in range(50)]
    assert frames(down, 1)[230:300] == [("shots/c.mp4", f) for f in range(30, 100)]
    rest, sound = down.tracks[1].items[-1], down.tracks[4].items[-1]
    assert rest.link == sound.link is not None  # the B-roll's picture left keeps its sound


def test_picture_and_sound_cut_where_a_clip_lands_stay_linked():
    broll_media = MediaReference("shots/c.mp4", SOURCE.rate, 50)
    tl = OverlayMedia((broll_media,), 100).apply(timeline_from_media(SOURCE))  # B-roll with its sound
    assert [t.kind for t in tl.tracks] == [TrackKind.VIDEO, TrackKind.VIDEO, TrackKind.AUDIO, TrackKind.AUDIO]
    broll = [item.id for t in (1, 3) for item in tl.tracks[t].items if isinstance(item, Clip)]
    down = MoveToTrack(tuple(broll), steps=-1).apply(tl)
    assert frames(down, 0)[100:151] == [("shots/c.mp4", f) for f in range(50)] + [A[150]]
    tails = [down.tracks[t].items[-1] for t in (0, 2)]
    assert tails[0].link == tails[1].link and tails[0].link is not None  # the interview's tail
    moved = Move(tails[0].id, 0).apply(down)  # a later edit moves the tail's picture and sound together
    assert frames(moved, 0)[:20] == frames(moved, 2)[:20]


@given(st.integers(1, 298), st.integers(1, 298))
def test_next_then_back_gives_the_edit_back(a, b):
    tl = Split(max(a, b) + 1).apply(Split(min(a, b)).apply(timeline_from_media(SOURCE)))
    piece = tl.tracks[0].items[1]
    there_and_back = MoveToTrack((piece.id,), steps=-1).apply(MoveToTrack((piece.id,)).apply(tl))
    assert frames(there_and_back, 0) == frames(tl, 0) and frames(there_and_back, 2) == frames(tl, 1)


def test_a_drag_two_tracks_up_and_later_makes_the_tracks_it_needs():
    tl = cut_in_three()
    video = tl.tracks[0].items[1]
    out = MoveToTrack((video.id,), steps=2, offset=40).apply(tl)
    assert [t.kind for t in out.tracks] == [TrackKind.VIDEO] * 3 + [TrackKind.AUDIO]
    assert frames(out, 2) == [None] * 140 + A[100:200] and not out.tracks[1].items
    assert frames(out, 3) == A  # its sound, not selected, stays
    assert out.duration == 300 and MoveToTrack((video.id,), steps=2).description == "Move Clip to Another Track"
    with pytest.raises(EditError, match="before the start"):
        MoveToTrack((video.id,), offset=-101).apply(tl)
    with pytest.raises(EditError, match="already"):
        MoveToTrack((video.id,), steps=0).apply(tl)
