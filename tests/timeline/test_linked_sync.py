"""Linked picture and sound stay in sync through the edits that move them (review 2).

Each test is one reviewed defect's reproduction: a shot out of line with its sound (a J or L
cut), a clip laid over a linked shot, a paste after the tracks changed, a ripple on footage
laid over the edit, a cut accepted on a source at another rate."""

from __future__ import annotations

from collections import Counter
from fractions import Fraction

import pytest

from vedit_gui.timeline import (
    CUT,
    AddSuggestions,
    Clip,
    ClipboardClips,
    DecideSuggestions,
    EditError,
    FrameRange,
    Gap,
    History,
    Insert,
    InsertMedia,
    MediaReference,
    Move,
    MoveToTrack,
    OverlayMedia,
    RemoveEmptyTracks,
    RippleDelete,
    Roll,
    SetLinks,
    Slip,
    Split,
    Suggestion,
    SuggestionStatus,
    Timeline,
    TrackKind,
    TrackSlot,
    TrimIn,
    TrimOut,
    timeline_from_media,
)
from vedit_gui.timeline.edits import Lift, cut_starts, rippled_tracks
from vedit_gui.timeline.mapping import SourceMap

RATE = Fraction(30000, 1001)
SOURCE = MediaReference("shots/a.mp4", RATE, 300)


def layout(timeline: Timeline, track: int) -> list[tuple[str | None, int, int]]:
    """Each item of a track as (clip id or None for a gap, start, duration)."""
    return [(item.id if isinstance(item, Clip) else None, rng.start, rng.duration)
            for _, item, rng in timeline.tracks[track].ranges()]


def out_of_sync(timeline: Timeline) -> dict[tuple[str, str], set[int]]:
    """Link groups whose clips of one source are not in sync: by (link, path), each clip's
    timeline start less its source start (one value when in sync)."""
    offsets: dict[tuple[str, str], set[int]] = {}
    for track in timeline.tracks:
        for _, item, rng in track.ranges():
            if isinstance(item, Clip) and item.link:
                offsets.setdefault((item.link, item.media.path), set()).add(rng.start - item.source_range.start)
    return {key: found for key, found in offsets.items() if len(found) > 1}


def duplicate_ids(timeline: Timeline) -> list[str]:
    ids = Counter(item.id for track in timeline.tracks for item in track.items)
    return [item_id for item_id, count in ids.items() if count > 1]


def shown(timeline: Timeline, track: int, frame: int) -> tuple[str, int] | None:
    """(path, source frame) a track plays at a timeline frame; None in a gap or past its end."""
    hit = timeline.tracks[track].item_at(frame)
    if hit is None or isinstance(hit[1], Gap):
        return None
    _, clip, rng = hit
    return clip.media.path, clip.source_range.start + frame - rng.start


def l_cut(cuts: tuple[int, ...] = (100,)) -> tuple[Timeline, list[Clip], list[Clip]]:
    """The source split at ``cuts``; the first shot unlinked and its picture cut rolled 10
    frames later, so the second shot's sound starts 10 frames before its picture (still
    linked and in sync): what the editor makes with Unlink and a roll."""
    timeline = timeline_from_media(SOURCE)
    for frame in cuts:
        timeline = Split(frame).apply(timeline)
    first = timeline.tracks[0].items[0]
    timeline = SetLinks((first.id,), linked=False).apply(timeline)
    timeline = Roll(first.id, 10).apply(timeline)
    pictures = list(timeline.tracks[0].items)
    sounds = list(timeline.tracks[1].items)
    assert timeline.tracks[0].range_of(pictures[1].id).start == 110
    assert timeline.tracks[1].range_of(sounds[1].id).start == 100
    return timeline, pictures, sounds


def test_moving_a_shot_with_an_l_cut_moves_its_whole_sound_in_sync():
    timeline, (x, y), (x_sound, y_sound) = l_cut()
    moved = Move(y.id, 0).apply(timeline)
    assert not duplicate_ids(moved) and not out_of_sync(moved)
    # The sound that led the picture leads it still; the first shot's frames are all there.
    assert layout(moved, 1) == [(y_sound.id, 0, 200), (x_sound.id, 200, 100)]
    assert layout(moved, 0) == [(None, 0, 10), (y.id, 10, 190), (x.id, 200, 110)]


def test_ripple_deleting_a_shot_with_an_l_cut_keeps_the_shot_before_whole():
    timeline, (x, y, z), (x_sound, y_sound, z_sound) = l_cut((100, 200))
    out = RippleDelete((y.id, y_sound.id)).apply(timeline)
    # Closed up by the 90 frames picture and sound share: the first shot keeps its rolled
    # picture, the 10 frames its sound led with are left empty, and the last shot stays in sync.
    assert layout(out, 0) == [(x.id, 0, 110), (z.id, 110, 100)]
    assert layout(out, 1) == [(x_sound.id, 0, 100), (None, 100, 10), (z_sound.id, 110, 100)]
    assert not out_of_sync(out) and not duplicate_ids(out)
    assert shown(out, 0, 150) == shown(out, 1, 150) == ("shots/a.mp4", 240)


def test_a_shot_rolled_against_a_gap_moves_whole_and_keeps_the_tracks_level():
    timeline = Split(200).apply(Split(100).apply(timeline_from_media(SOURCE)))
    timeline = Lift((timeline.tracks[0].items[1].id,)).apply(timeline)
    gap, last = timeline.tracks[0].items[1:]
    timeline = Roll(gap.id, 5).apply(timeline)  # a Ctrl-drag of the last shot's in edge: V1 alone
    moved = Move(last.id, 0).apply(timeline)
    assert not duplicate_ids(moved) and not out_of_sync(moved)
    assert moved.tracks[0].duration == moved.tracks[1].duration == 200
    assert [shown(moved, 1, f) for f in (0, 99, 100)] == [("shots/a.mp4", 200), ("shots/a.mp4", 299),
                                                          ("shots/a.mp4", 0)]


def test_a_shot_whose_picture_and_sound_share_no_frame_is_refused_not_cut():
    timeline, (x, y), _ = l_cut()
    # Roll the picture cut on until the shot's picture starts after its sound's last frame.
    history = History(timeline)
    history.apply(Split(250))
    y_tail = history.timeline.tracks[0].items[2]
    history.apply(SetLinks((y_tail.id,), linked=False))
    history.apply(Roll(y.id, 50))   # the shot's own cut, picture alone: kept to end at 299
    history.apply(Roll(x.id, 185))  # its picture starts at 295; its sound ends at 250
    y_now = history.timeline.find_item(y.id)[2]
    with pytest.raises(EditError, match="share no frame"):
        RippleDelete((y_now.id,)).apply(history.timeline)


def test_a_move_back_where_it_was_is_refused_and_an_aligned_shot_moves_as_before():
    timeline = Split(200).apply(Split(100).apply(timeline_from_media(SOURCE)))
    middle = timeline.tracks[0].items[1]
    with pytest.raises(EditError, match="already there"):
        Move(middle.id, 100).apply(timeline)
    moved = Move(middle.id, 200).apply(timeline)
    assert [shown(moved, 0, f) for f in (99, 100, 199, 200)] == [
        ("shots/a.mp4", 99), ("shots/a.mp4", 200), ("shots/a.mp4", 299), ("shots/a.mp4", 100)]
    assert not out_of_sync(moved)


def test_trims_after_a_j_cut_keep_the_next_shot_in_sync():
    timeline, (x, y, z), _ = l_cut((100, 200))
    for edit in (TrimIn(y.id, 5), TrimOut(y.id, -5), TrimOut(y.id, 5)):
        out = edit.apply(timeline)
        assert not out_of_sync(out)
        assert shown(out, 0, out.tracks[0].range_of(z.id).start) == shown(out, 1, out.tracks[0].range_of(z.id).start)



def test_a_clip_laid_down_onto_a_shot_cuts_its_sound_too_so_a_trim_keeps_sync():
    broll = MediaReference("shots/broll.mp4", RATE, 120, has_audio=False)
    timeline = OverlayMedia((broll,), 100).apply(timeline_from_media(SOURCE))
    down = MoveToTrack((timeline.tracks[1].items[1].id,), steps=-1).apply(timeline)
    head, _, tail = down.tracks[0].items
    sounds = down.tracks[2].items
    # Each piece of the shot's picture has a sound of its own length, linked to it alone.
    assert [(item.source_range, item.link) for item in sounds] == [
        (FrameRange(0, 100), head.link), (FrameRange(100, 120), sounds[1].link), (FrameRange(220, 80), tail.link)]
    assert len({head.link, sounds[1].link, tail.link}) == 3
    trimmed = TrimOut(head.id, -10).apply(down)
    assert not out_of_sync(trimmed)
    assert [shown(trimmed, 0, f) for f in (240, 280)] == [shown(trimmed, 2, f) for f in (240, 280)]
    assert Slip(head.id, 10).apply(down)  # limited by its own sound's handles, not the whole shot's


def test_picture_and_sound_laid_down_together_cut_the_shot_under_them_alike():
    broll = MediaReference("shots/c.mp4", RATE, 50)
    timeline = OverlayMedia((broll,), 100).apply(timeline_from_media(SOURCE))  # V1 V2 A1 A2
    ids = tuple(item.id for t in (1, 3) for item in timeline.tracks[t].items if isinstance(item, Clip))
    down = MoveToTrack(ids, steps=-1).apply(timeline)
    assert not out_of_sync(down) and not duplicate_ids(down)
    assert [item.link for item in down.tracks[0].items] == [item.link for item in down.tracks[2].items]


def test_a_paste_after_a_picture_track_was_added_puts_sound_on_the_sound_track():
    broll = MediaReference("shots/broll.mp4", RATE, 120, has_audio=False)
    timeline = Split(100).apply(timeline_from_media(SOURCE))
    shot = timeline.tracks[0].items[0]
    copied = ClipboardClips.of(timeline, [item.id for _, _, item in timeline.linked_items(shot.id)])
    timeline = OverlayMedia((broll,), 200).apply(timeline)  # a picture track V2 goes in at index 1
    pasted = copied.fresh()
    out = Insert(pasted, 0).apply(timeline)
    (_, picture), (_, sound) = pasted
    assert [item.id for item in out.tracks[0].items][0] == picture.id  # V1
    assert [item.id for item in out.tracks[2].items][0] == sound.id  # A1, not the new V2
    assert not out_of_sync(out)


def test_a_paste_after_its_tracks_were_deleted_makes_them_again():
    broll = MediaReference("shots/broll.mp4", RATE, 100)  # B-roll with its own sound
    timeline = OverlayMedia((broll,), 50).apply(timeline_from_media(SOURCE))
    ids = [item.id for _, _, item in timeline.linked_items(timeline.tracks[1].items[1].id)]
    copied = ClipboardClips.of(timeline, ids)
    timeline = RemoveEmptyTracks().apply(RippleDelete(tuple(ids)).apply(timeline))
    assert [t.kind for t in timeline.tracks] == [TrackKind.VIDEO, TrackKind.AUDIO]
    out = Insert(copied.fresh(), 10).apply(timeline)
    assert [t.kind for t in out.tracks] == [TrackKind.VIDEO, TrackKind.VIDEO, TrackKind.AUDIO, TrackKind.AUDIO]
    assert [shown(out, t, 10) for t in (1, 3)] == [("shots/broll.mp4", 0)] * 2
    assert out.tracks[0] is timeline.tracks[0]  # laid over the edit: the edit under it stays
    silent = MediaReference("shots/silent.mp4", RATE, 100, has_audio=False)
    timeline = OverlayMedia((silent,), 50).apply(timeline_from_media(SOURCE))
    copied = ClipboardClips.of(timeline, [timeline.tracks[1].items[1].id])
    timeline = RemoveEmptyTracks().apply(RippleDelete((timeline.tracks[1].items[1].id,)).apply(timeline))
    out = Insert(copied.fresh(), 10).apply(timeline)
    assert shown(out, 1, 10) == ("shots/silent.mp4", 0) and out.tracks[2] is timeline.tracks[1]


def test_an_insert_refuses_a_clip_on_a_track_its_source_cannot_fill():
    silent = MediaReference("shots/silent.mp4", RATE, 100, has_audio=False)
    timeline = timeline_from_media(SOURCE)
    with pytest.raises(EditError, match="no sound to put on A1"):
        Insert(((1, Clip(silent, FrameRange(0, 10))),), 0).apply(timeline)
    music = MediaReference("shots/music.wav", RATE, 100, has_video=False)
    with pytest.raises(EditError, match="no picture to put on V2"):
        Insert(((TrackSlot(TrackKind.VIDEO, 1), Clip(music, FrameRange(0, 10))),), 0).apply(timeline)


def test_closing_the_gap_before_b_roll_moves_its_sound_on_its_own_track_too():
    broll = MediaReference("shots/broll.mp4", RATE, 200)
    timeline = OverlayMedia((broll,), 50).apply(timeline_from_media(SOURCE))  # V1 V2 A1 A2
    out = RippleDelete((timeline.tracks[1].items[0].id,)).apply(timeline)
    assert shown(out, 1, 0) == shown(out, 3, 0) == ("shots/broll.mp4", 0)
    assert out.tracks[0] is timeline.tracks[0] and out.tracks[2] is timeline.tracks[2]  # the edit stays


def test_a_ripple_on_laid_over_footage_keeps_the_b_roll_after_it_in_sync():
    silent = MediaReference("shots/silent.mp4", RATE, 100, has_audio=False)
    broll = MediaReference("shots/broll.mp4", RATE, 200)
    timeline = OverlayMedia((silent, broll), 50).apply(timeline_from_media(SOURCE))
    first = timeline.tracks[1].items[1]
    assert first.media is silent and first.link is not None
    for edit in (RippleDelete((first.id,)), TrimOut(first.id, -10), TrimIn(first.id, 10),
                 Insert(((1, Clip(silent, FrameRange(0, 20))),), 60)):
        out = edit.apply(timeline)
        assert not out_of_sync(out), edit
        start = out.tracks[1].range_of(timeline.tracks[1].items[2].id).start
        assert shown(out, 1, start) == shown(out, 3, start) == ("shots/broll.mp4", 0), edit
        assert out.tracks[0] is timeline.tracks[0], edit


def test_rippled_tracks_follow_links_only_from_what_moves():
    broll = MediaReference("shots/broll.mp4", RATE, 200)
    timeline = OverlayMedia((broll,), 50).apply(timeline_from_media(SOURCE))
    assert rippled_tracks(timeline, {1}) == {1, 3}
    assert rippled_tracks(timeline, {1}, 250) == {1}  # nothing of the B-roll moves after its end
    assert rippled_tracks(timeline, {0}) == {0, 1, 2, 3}


@pytest.mark.parametrize("transition", ["cut", "dissolve"])
def test_a_cut_accepted_on_a_25_fps_source_in_a_29_97_edit_cuts_once(transition):
    pal = MediaReference("shots/pal.mp4", Fraction(25), 250)
    timeline = InsertMedia((pal,), 300).apply(timeline_from_media(SOURCE))
    # Source frame 10 shows at timeline frames 312 and 313 (one 25 fps frame in five shows twice).
    assert SourceMap(timeline).frames_for(pal.path, 10) == [312, 313]
    length = 2 if transition == "cut" else 6
    cut = Suggestion(CUT, pal.path, FrameRange(10 - length // 2, length), 0.9, "test", {"transition": transition})
    timeline = AddSuggestions((cut,)).apply(timeline)
    out = DecideSuggestions((cut.id,), SuggestionStatus.ACCEPTED, dissolves=True).apply(timeline)
    for track in (0, 1):
        assert layout(out, track)[1:] == [(out.tracks[track].items[1].id, 300, 12),
                                          (out.tracks[track].items[2].id, 312, 288)]
    assert len(out.tracks[0].transitions) == (transition == "dissolve")


def test_cut_starts_keeps_the_first_of_each_run_and_item_starts():
    assert cut_starts([312, 313], set()) == [312]
    assert cut_starts([5, 6, 40, 41, 90], {41}) == [5, 40, 41, 90]
    assert cut_starts([], set()) == []


def test_the_cut_into_a_silent_clip_at_the_end_rolls_with_the_shots_sound():
    silent = MediaReference("shots/silent.mp4", RATE, 120, has_audio=False)
    timeline = timeline_from_media(SOURCE)
    shot = timeline.tracks[0].items[0]
    timeline = TrimOut(shot.id, -50).apply(timeline)
    timeline = InsertMedia((silent,), timeline.duration).apply(timeline)  # A1 ends with the shot
    later = Roll(shot.id, 10).apply(timeline)
    assert layout(later, 1) == [(timeline.tracks[1].items[0].id, 0, 260)]
    assert later.tracks[0].items[1].source_range == FrameRange(10, 110) and not out_of_sync(later)
    back = Roll(shot.id, -5).apply(later)
    assert layout(back, 1)[0][2] == 255 and not out_of_sync(back)
    with pytest.raises(EditError, match="no cut after"):
        Roll(timeline.tracks[0].items[1].id, 5).apply(timeline)


def test_a_blade_through_a_gap_leaves_one_gap_to_close():
    broll = MediaReference("shots/broll.mp4", RATE, 300, has_audio=False)
    timeline = Split(200).apply(Split(100).apply(timeline_from_media(SOURCE)))
    timeline = OverlayMedia((broll,), 0).apply(timeline)
    timeline = Lift((timeline.tracks[0].items[1].id,)).apply(timeline)
    timeline = Split(150).apply(timeline)  # cuts the B-roll on V2, not the gap on V1
    assert [rng for _, item, rng in timeline.tracks[0].ranges() if isinstance(item, Gap)] == [FrameRange(100, 100)]
    gap = timeline.tracks[0].items[1]
    closed = RippleDelete((gap.id,)).apply(timeline)
    assert layout(closed, 0)[1][1:] == (100, 100) and all(isinstance(i, Clip) for i in closed.tracks[0].items)


def test_deleting_an_unlinked_shots_picture_and_sound_together_closes_their_common_stretch():
    """Sixth editor pass: after unlinking a shot and rolling its sound in 24 frames early,
    Delete on its picture and sound (both selected) took them out one by one, and the second
    took the last 24 frames of the shot before's picture."""
    b = MediaReference("shots/b.mp4", RATE, 300)
    timeline = timeline_from_media(SOURCE)
    timeline = Split(225).apply(timeline)
    timeline = RippleDelete((timeline.tracks[0].items[1].id,)).apply(timeline)  # a: 0-225
    timeline = Insert(((0, Clip(b, FrameRange(25, 175), link="b")), (1, Clip(b, FrameRange(25, 175), link="b"))),
                      225).apply(timeline)  # b from its frame 25: 225-400
    pictures, sounds = timeline.tracks[0].items, timeline.tracks[1].items
    timeline = SetLinks((pictures[1].id,), linked=False).apply(timeline)
    timeline = Roll(sounds[0].id, -24).apply(timeline)  # b's sound comes in under the end of a
    assert layout(timeline, 1)[1][1] == 201 and layout(timeline, 0)[1][1] == 225
    out = RippleDelete((pictures[1].id, sounds[1].id)).apply(timeline)
    assert layout(out, 0) == [(pictures[0].id, 0, 225)]  # a's picture whole
    assert layout(out, 1) == [(sounds[0].id, 0, 201)]  # the lead-in's 24 frames: empty at the end
    assert not out_of_sync(out)
