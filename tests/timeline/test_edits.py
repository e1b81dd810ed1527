from __future__ import annotations

from dataclasses import replace
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vedit_gui.timeline import (
    MUTE_DB,
    AddMarker,
    AddOwnSuggestion,
    AddSuggestions,
    Clip,
    DecideSuggestions,
    EditError,
    FrameRange,
    Gap,
    History,
    Insert,
    InsertMedia,
    Lift,
    Marker,
    MediaReference,
    Move,
    OverlayMedia,
    PasteGrade,
    RelinkMedia,
    RemoveEmptyTracks,
    RenameTrack,
    RippleDelete,
    Roll,
    SetClipGain,
    SetClipGains,
    SetLinks,
    SetSuggestionStatus,
    SetTrackEnabled,
    Slip,
    Split,
    Suggestion,
    SuggestionStatus,
    Timeline,
    TrackKind,
    TrimIn,
    TrimOut,
    UpdateMarker,
    UpdateSuggestion,
    merge_suggestions,
    timeline_from_media,
)
from vedit_gui.timeline.edits import MAX_TRACK_NAME, near_duplicates, rippled_tracks
from vedit_gui.timeline.history import MERGE_PAUSE_S

RATE = Fraction(30000, 1001)
SOURCE = MediaReference("shots/a.mp4", RATE, 300)
OTHER = MediaReference("shots/b.mp4", RATE, 120, has_audio=False)


def frames(timeline: Timeline, track_index: int = 0) -> list[tuple[str, int] | None]:
    """What each timeline frame of a track shows: (source path, source frame) or None for a gap."""
    shown: list[tuple[str, int] | None] = []
    for item in timeline.tracks[track_index].items:
        if isinstance(item, Gap):
            shown.extend([None] * item.duration)
        else:
            shown.extend((item.media.path, f) for f in item.source_range)
    return shown


def linked_clips_aligned(timeline: Timeline) -> bool:
    ranges: dict[str, set[FrameRange]] = {}
    for track in timeline.tracks:
        for _, item, rng in track.ranges():
            if isinstance(item, Clip) and item.link:
                ranges.setdefault(item.link, set()).add(rng)
    return all(len(r) == 1 for r in ranges.values())


def test_new_timeline_links_picture_and_sound():
    tl = timeline_from_media(SOURCE)
    assert [t.kind for t in tl.tracks] == [TrackKind.VIDEO, TrackKind.AUDIO]
    assert tl.duration == 300 and tl.rate == RATE
    assert tl.tracks[0].items[0].link == tl.tracks[1].items[0].link
    assert [t.kind for t in timeline_from_media(OTHER).tracks] == [TrackKind.VIDEO]


def test_split_cuts_every_track_and_keeps_links():
    tl = Split(100).apply(timeline_from_media(SOURCE))
    for track in tl.tracks:
        assert [c.source_range for c in track.items] == [FrameRange(0, 100), FrameRange(100, 200)]
    assert frames(tl) == frames(timeline_from_media(SOURCE))
    assert linked_clips_aligned(tl)
    assert tl.tracks[0].items[1].link == tl.tracks[1].items[1].link != tl.tracks[0].items[0].link


@pytest.mark.parametrize("frame", [0, 300, 1000], ids=["start", "end", "past-end"])
def test_split_at_an_edge_is_refused(frame):
    with pytest.raises(EditError):
        Split(frame).apply(timeline_from_media(SOURCE))


def test_ripple_delete_closes_the_gap_on_linked_tracks():
    tl = Split(200).apply(Split(100).apply(timeline_from_media(SOURCE)))
    middle = tl.tracks[0].items[1]
    out = RippleDelete((middle.id,)).apply(tl)
    assert out.duration == 200
    assert frames(out) == [("shots/a.mp4", f) for f in [*range(100), *range(200, 300)]]
    assert frames(out, 1) == frames(out)


def test_trims_ripple_and_respect_the_source():
    tl = Split(100).apply(timeline_from_media(SOURCE))
    first = tl.tracks[0].items[0]
    trimmed = TrimIn(first.id, 10).apply(tl)
    assert frames(trimmed)[:2] == [("shots/a.mp4", 10), ("shots/a.mp4", 11)]
    assert trimmed.duration == 290 and linked_clips_aligned(trimmed)
    shortened = TrimOut(first.id, -50).apply(tl)
    assert frames(shortened)[49:51] == [("shots/a.mp4", 49), ("shots/a.mp4", 100)]
    with pytest.raises(EditError, match="before the start"):
        TrimIn(first.id, -1).apply(tl)
    with pytest.raises(EditError, match="past the end"):
        TrimOut(tl.tracks[0].items[1].id, 1).apply(tl)
    with pytest.raises(EditError, match="one frame"):
        TrimOut(first.id, -100).apply(tl)


def test_trimming_an_unlinked_clip_keeps_other_tracks_in_sync():
    tl = Insert(((0, Clip(OTHER, FrameRange(0, 20), "b")),), 100).apply(timeline_from_media(SOURCE))
    inserted = tl.tracks[0].items[1]
    longer = TrimOut(inserted.id, 5).apply(tl)
    assert frames(longer)[125] == frames(longer, 1)[125] == ("shots/a.mp4", 100)
    shorter = TrimIn(inserted.id, 5).apply(tl)
    assert frames(shorter)[115] == frames(shorter, 1)[115] == ("shots/a.mp4", 100)


def test_move_reorders_shots():
    tl = Split(200).apply(Split(100).apply(timeline_from_media(SOURCE)))
    last = tl.tracks[0].items[2]
    out = Move(last.id, 0).apply(tl)
    expected = [("shots/a.mp4", f) for f in [*range(200, 300), *range(200)]]
    assert frames(out) == expected and frames(out, 1) == expected
    assert linked_clips_aligned(out)
    with pytest.raises(EditError):
        Move(tl.tracks[0].items[0].id, 0).apply(tl)


def test_lift_leaves_gaps_and_moves_nothing():
    tl = Split(200).apply(Split(100).apply(timeline_from_media(SOURCE)))
    middle = tl.tracks[0].items[1]
    out = Lift((middle.id,)).apply(tl)
    for track in (0, 1):  # its sound went with it
        shown = frames(out, track)
        assert shown[:100] == [("shots/a.mp4", f) for f in range(100)]
        assert shown[100:200] == [None] * 100 and shown[200] == ("shots/a.mp4", 200)
    # Lifting next to a gap makes one gap; at the end, the gap goes (the edit is shorter).
    first = Lift((out.tracks[0].items[0].id,)).apply(out)
    assert [type(i).__name__ for i in first.tracks[0].items] == ["Gap", "Clip"] and first.tracks[0].items[0].duration == 200
    last = Lift((out.tracks[0].items[2].id,)).apply(out)
    assert last.duration == 100
    with pytest.raises(EditError, match="no clip"):
        Lift((out.tracks[0].items[1].id,)).apply(out)  # a gap


def test_insert_splits_and_pads():
    tl = timeline_from_media(SOURCE)
    clip = Clip(OTHER, FrameRange(0, 10), "b")
    out = Insert(((0, clip),), 50).apply(tl)
    assert frames(out)[49:52] == [("shots/a.mp4", 49), ("shots/b.mp4", 0), ("shots/b.mp4", 1)]
    # Sync lock: the audio track makes room too, so later sound stays under its picture.
    assert out.tracks[0].duration == out.tracks[1].duration == 310
    assert frames(out, 1)[50:60] == [None] * 10 and frames(out, 1)[60] == ("shots/a.mp4", 50)
    padded = Insert(((1, Clip(SOURCE, FrameRange(0, 5))),), 320).apply(tl)
    assert isinstance(padded.tracks[1].items[1], Gap) and padded.tracks[1].duration == 325
    with pytest.raises(EditError, match="past the end"):
        Insert(((0, Clip(OTHER, FrameRange(100, 30))),), 0).apply(tl)


def test_added_footage_goes_on_the_end_linked_and_in_sync():
    tl = timeline_from_media(SOURCE)
    added = MediaReference("shots/c.mp4", RATE, 40)
    out = InsertMedia((added,), 10_000).apply(tl)  # past the end: appended
    assert frames(out)[299:301] == [("shots/a.mp4", 299), ("shots/c.mp4", 0)]
    assert frames(out, 1)[300:] == [("shots/c.mp4", f) for f in range(40)]
    picture, sound = out.tracks[0].items[1], out.tracks[1].items[1]
    assert picture.link == sound.link and picture.link != tl.tracks[0].items[0].link
    assert linked_clips_aligned(out)
    assert InsertMedia((added,), 300).description == "Add c.mp4"


def test_added_footage_in_the_middle_splits_and_several_go_in_order():
    tl = timeline_from_media(SOURCE)
    out = InsertMedia((OTHER, MediaReference("shots/c.mp4", RATE, 40)), 100).apply(tl)
    shown = frames(out)
    assert shown[99] == ("shots/a.mp4", 99) and shown[100] == ("shots/b.mp4", 0)
    assert shown[220] == ("shots/c.mp4", 0) and shown[260] == ("shots/a.mp4", 100)
    # b has no sound: its picture goes over silence, and a's sound stays under a's picture.
    assert frames(out, 1)[100:220] == [None] * 120 and frames(out, 1)[260] == ("shots/a.mp4", 100)
    assert linked_clips_aligned(out)
    assert InsertMedia((OTHER, OTHER), 0).description == "Add 2 Clips"


def test_added_footage_brings_the_track_it_needs():
    music = MediaReference("music.wav", Fraction(30), 90, has_video=False)
    out = InsertMedia((music,), 120).apply(timeline_from_media(OTHER))
    assert [t.kind for t in out.tracks] == [TrackKind.VIDEO, TrackKind.AUDIO]
    assert frames(out, 1)[:120] == [None] * 120 and len(frames(out, 1)) == 120 + 90
    picture = InsertMedia((SOURCE,), 0).apply(timeline_from_media(music))
    assert [t.kind for t in picture.tracks] == [TrackKind.VIDEO, TrackKind.AUDIO]
    assert [t.name for t in picture.tracks] == ["V1", "A1"]
    assert frames(picture)[:300] == [("shots/a.mp4", f) for f in range(300)] and linked_clips_aligned(picture)


def test_added_footage_at_another_rate_keeps_its_length_in_seconds():
    pal = MediaReference("pal.mov", Fraction(25), 50)  # two seconds
    out = InsertMedia((pal,), 300).apply(timeline_from_media(SOURCE))
    assert out.rate == RATE and out.duration == 300 + 60
    with pytest.raises(EditError, match="shorter than one frame"):
        InsertMedia((MediaReference("blip.wav", Fraction(1000), 10, has_video=False),), 0).apply(
            timeline_from_media(MediaReference("slow.mp4", Fraction(1), 5))
        )


def test_an_editors_own_suggestion_is_added_last_and_never_merged():
    tl = timeline_from_media(SOURCE)
    model = _cut(0, 100, 0.9, kind="grade")
    tl = AddSuggestions((model,)).apply(tl)
    own = replace(_cut(0, 100, 1.0, kind="grade"), producer="editor", status=SuggestionStatus.ACCEPTED)
    edit = AddOwnSuggestion(own, "Grade by Hand")
    out = edit.apply(tl)
    assert out.suggestions == (model, own) and edit.description == "Grade by Hand"
    with pytest.raises(EditError, match="there already"):
        edit.apply(out)


def test_an_accepted_look_goes_last_so_the_latest_decision_decides_its_frames():
    tl = timeline_from_media(SOURCE)
    model = _cut(0, 100, 0.9, kind="grade")
    cut = _cut(50, 2, 0.9)
    tl = AddSuggestions((model, cut)).apply(tl)
    pasted = PasteGrade({"temperature": 0.5}, ((SOURCE.path, FrameRange(0, 100)),), "editor").apply(tl)
    assert [s.id for s in pasted.suggestions][:2] == [model.id, cut.id]  # the paste last: it decides
    accepted = DecideSuggestions((model.id, cut.id), SuggestionStatus.ACCEPTED).apply(pasted)
    assert accepted.suggestions[-1].id == model.id  # accepted after the paste: now it decides
    assert accepted.suggestions[0].id == cut.id  # a cut's place in the list means nothing
    rejected = DecideSuggestions((model.id,), SuggestionStatus.REJECTED).apply(pasted)
    assert [s.id for s in rejected.suggestions] == [s.id for s in pasted.suggestions]
    # Accepted again (a selection of rows holding it): nothing moves, the paste still decides.
    again = PasteGrade({"temperature": -0.5}, ((SOURCE.path, FrameRange(0, 50)),), "editor").apply(accepted)
    assert DecideSuggestions((model.id,), SuggestionStatus.ACCEPTED).apply(again).suggestions == again.suggestions


def test_a_pasted_grade_lands_last_on_each_span_and_replaces_an_earlier_paste_there():
    tl = timeline_from_media(SOURCE)
    model = replace(_cut(0, 100, 0.9, kind="grade"), status=SuggestionStatus.ACCEPTED)  # the model's, kept
    tl = AddSuggestions((model,)).apply(tl)
    warm, cool = {"temperature": 0.5}, {"temperature": -0.5}
    spans = ((SOURCE.path, FrameRange(0, 40)), (SOURCE.path, FrameRange(60, 40)))
    once = PasteGrade(warm, spans, "editor").apply(tl)
    assert once.suggestions[0] == model
    assert [(s.source_range, s.params, s.status, s.producer) for s in once.suggestions[1:]] == [
        (FrameRange(0, 40), warm, SuggestionStatus.ACCEPTED, "editor"),
        (FrameRange(60, 40), warm, SuggestionStatus.ACCEPTED, "editor"),
    ]
    again = PasteGrade(cool, spans[:1], "editor").apply(once)  # the first span's paste replaced
    assert [(s.source_range, s.params) for s in again.suggestions[1:]] == [
        (FrameRange(60, 40), warm), (FrameRange(0, 40), cool)]
    assert PasteGrade(cool, spans[:1], "editor").description == "Paste Grade"
    with pytest.raises(EditError, match="no clip"):
        PasteGrade(cool, (), "editor").apply(tl)


def test_a_clips_volume_is_set_kept_by_splits_and_bounded():
    tl = timeline_from_media(SOURCE)
    sound = tl.tracks[1].items[0]
    quiet = SetClipGain((sound.id,), -6.0).apply(tl)
    assert quiet.tracks[1].items[0].gain_db == -6.0 and quiet.tracks[0].items[0].gain_db == 0.0
    assert [c.gain_db for c in Split(100).apply(quiet).tracks[1].items] == [-6.0, -6.0]
    assert SetClipGain((sound.id,), MUTE_DB).description == "Mute"
    for bad in (MUTE_DB - 1, 12.5, float("nan")):
        with pytest.raises(EditError, match="volume goes from"):
            SetClipGain((sound.id,), bad).apply(tl)
    with pytest.raises(EditError, match="that already"):
        SetClipGain((sound.id,), -6.0).apply(quiet)
    with pytest.raises(EditError, match="no such clip"):
        SetClipGain(("missing",), -6.0).apply(tl)


def test_clips_take_a_volume_each_in_one_step():
    tl = Split(100).apply(timeline_from_media(SOURCE))
    first, second = tl.tracks[1].items
    edit = SetClipGains(((first.id, -4.5), (second.id, 3.0)), "Match Loudness")
    out = edit.apply(tl)
    assert [c.gain_db for c in out.tracks[1].items] == [-4.5, 3.0] and edit.description == "Match Loudness"
    assert [c.gain_db for c in out.tracks[0].items] == [0.0, 0.0]  # the pictures are not touched
    with pytest.raises(EditError, match="volume goes from"):
        SetClipGains(((first.id, -4.5), (second.id, 13.0))).apply(tl)
    with pytest.raises(EditError, match="those already"):
        edit.apply(out)
    with pytest.raises(EditError, match="no such clip"):
        SetClipGains((("missing", -6.0),)).apply(tl)


def test_a_track_switches_off_and_on_keeping_its_clips():
    tl = timeline_from_media(SOURCE)
    picture, sound = tl.tracks
    off = SetTrackEnabled((sound.id,), False).apply(tl)
    assert not off.tracks[1].enabled and off.tracks[1].items == sound.items and off.tracks[0] is picture
    assert off.playing_tracks_of(TrackKind.AUDIO) == [] and off.tracks_of(TrackKind.AUDIO) == [off.tracks[1]]
    assert SetTrackEnabled((sound.id,), False).description == "Switch Track Off"
    both = SetTrackEnabled((picture.id, sound.id), False).apply(tl)
    assert [t.enabled for t in both.tracks] == [False, False]
    assert [t.enabled for t in SetTrackEnabled((picture.id, sound.id), True).apply(off).tracks] == [True, True]
    # Edits on a switched-off track still work, and keep it off.
    assert not Split(100).apply(off).tracks[1].enabled
    with pytest.raises(EditError, match="off already"):
        SetTrackEnabled((sound.id,), False).apply(off)
    with pytest.raises(EditError, match="no such track"):
        SetTrackEnabled(("missing",), False).apply(tl)


def test_a_track_takes_a_name_and_gives_it_back():
    tl = timeline_from_media(SOURCE)
    picture, sound = tl.tracks
    named = RenameTrack(sound.id, "  Interview,\tcam B ").apply(tl)
    assert named.tracks[1].name == "Interview, cam B" and named.track_label(1) == "Interview, cam B"
    assert named.tracks[1].items == sound.items and named.tracks[0] is picture
    assert RenameTrack(sound.id, "x").description == "Rename Track"
    # An empty name gives the track its number back.
    assert RenameTrack(sound.id, " ").apply(named).track_label(1) == "A1"
    with pytest.raises(EditError, match="that name already"):
        RenameTrack(sound.id, "Interview, cam B").apply(named)
    with pytest.raises(EditError, match="at most"):
        RenameTrack(sound.id, "x" * (MAX_TRACK_NAME + 1)).apply(tl)
    with pytest.raises(EditError, match="no such track"):
        RenameTrack("missing", "B-roll").apply(tl)


def test_a_markers_name_note_and_colour_change_but_not_its_frame():
    marker = Marker(40, "Marker 1")
    tl = AddMarker(marker).apply(timeline_from_media(SOURCE))
    named = replace(marker, name="fix the sky", note="too blue", color="blue")
    out = UpdateMarker(named).apply(tl)
    assert out.marker(marker.id) == named and out.markers == (named,)
    with pytest.raises(EditError, match="like that already"):
        UpdateMarker(named).apply(out)
    with pytest.raises(EditError, match="frame is not changed"):
        UpdateMarker(replace(named, frame=41)).apply(out)
    with pytest.raises(EditError, match="no marker"):
        UpdateMarker(Marker(1)).apply(out)


def test_relinking_points_clips_and_suggestions_at_the_file_found_again():
    tl = Split(100).apply(timeline_from_media(SOURCE))
    cut = _cut(49, 2, 0.9)
    tl = AddSuggestions((cut,)).apply(tl)
    moved = replace(SOURCE, path="elsewhere/a.mp4")
    out = RelinkMedia(((SOURCE.path, moved),)).apply(tl)
    assert {clip.media.path for track in out.tracks for clip in track.clips()} == {"elsewhere/a.mp4"}
    assert out.suggestions[0].source == "elsewhere/a.mp4" and out.suggestions[0].id == cut.id
    assert frames(out)[:2] == [("elsewhere/a.mp4", 0), ("elsewhere/a.mp4", 1)]
    for other, message in (
        (replace(moved, rate=Fraction(25)), "runs at 25 fps"),
        (replace(moved, duration=250), "shorter than the part"),
        (replace(moved, has_audio=False), "no sound"),
    ):
        with pytest.raises(EditError, match=message):
            RelinkMedia(((SOURCE.path, other),)).apply(tl)
    with pytest.raises(EditError, match="no clip uses"):
        RelinkMedia((("nowhere.mp4", moved),)).apply(tl)


def test_a_roll_moves_a_cut_within_the_handles_and_nothing_else():
    b = MediaReference("shots/b.mp4", RATE, 300)
    tl = Insert(((0, Clip(b, FrameRange(50, 100), link="b")), (1, Clip(b, FrameRange(50, 100), link="b"))), 100).apply(
        Split(100).apply(timeline_from_media(SOURCE))
    )
    first = tl.tracks[0].items[0]
    rolled = Roll(first.id, 20).apply(tl)
    for track in (0, 1):  # the sound's cut rolled with its picture's
        shown = frames(rolled, track)
        assert shown[119] == ("shots/a.mp4", 119) and shown[120] == ("shots/b.mp4", 70)
        assert len(shown) == len(frames(tl, track))  # nothing else moved
    assert Roll(first.id, -80).apply(tl).tracks[0].items[1].source_range.start == 0  # b's handle: 50 frames
    with pytest.raises(EditError, match="no cut after .* on V1"):
        Roll(tl.tracks[0].items[-1].id, 5).apply(tl)


def test_unlinked_sound_rolls_alone_into_a_j_cut_and_links_back_when_aligned():
    b = MediaReference("shots/b.mp4", RATE, 300)
    tl = Insert(((0, Clip(b, FrameRange(50, 100), link="b")), (1, Clip(b, FrameRange(50, 100), link="b"))), 100).apply(
        Split(100).apply(timeline_from_media(SOURCE))
    )
    sound = tl.tracks[1].items[0]
    unlinked = SetLinks((sound.id,), linked=False).apply(tl)
    assert unlinked.tracks[0].items[0].link is None and unlinked.tracks[1].items[0].link is None
    j_cut = Roll(sound.id, -10).apply(unlinked)  # b's sound comes in ten frames early
    assert frames(j_cut, 0)[100] == ("shots/b.mp4", 50) and frames(j_cut, 1)[90] == ("shots/b.mp4", 40)
    picture = j_cut.tracks[0].items[0]
    with pytest.raises(EditError, match="same frames"):
        SetLinks((picture.id, j_cut.tracks[1].items[0].id), linked=True).apply(j_cut)
    relinked = SetLinks((picture.id, sound.id), linked=True).apply(unlinked)
    assert relinked.tracks[0].items[0].link == relinked.tracks[1].items[0].link is not None


def test_unlinking_the_incoming_clip_is_enough_for_its_sound_cut_to_roll_alone():
    """The editor unlinks the clip coming in and Ctrl-drags the sound cut: the outgoing clip,
    still linked, used to roll its picture cut too (third editor pass)."""
    b = MediaReference("shots/b.mp4", RATE, 300)
    tl = Insert(((0, Clip(b, FrameRange(50, 100), link="b")), (1, Clip(b, FrameRange(50, 100), link="b"))), 100).apply(
        Split(100).apply(timeline_from_media(SOURCE))
    )
    incoming_sound = tl.tracks[1].items[1]
    unlinked = SetLinks((incoming_sound.id,), linked=False).apply(tl)
    outgoing_sound = unlinked.tracks[1].items[0]
    assert outgoing_sound.link is not None  # a's picture and sound still go together
    roll = Roll(outgoing_sound.id, -10)
    assert [track for track, _, _ in roll.rolled(unlinked)] == [1]
    assert roll.limits(unlinked) == (-50, 99)  # b's sound has 50 frames before its in point
    l_cut = roll.apply(unlinked)
    assert l_cut.tracks[0] == unlinked.tracks[0]  # the picture cut stays at 100
    assert frames(l_cut, 1)[90] == ("shots/b.mp4", 40)
    # Linked on both sides, the two cuts are one cut and roll together.
    assert [track for track, _, _ in Roll(tl.tracks[1].items[0].id, -10).rolled(tl)] == [0, 1]


def test_a_slip_shows_other_frames_in_the_same_place_within_the_source():
    tl = Split(200).apply(Split(100).apply(timeline_from_media(SOURCE)))
    middle = tl.tracks[0].items[1]
    slipped = Slip(middle.id, 30).apply(tl)
    for track in (0, 1):  # its sound slips with it
        shown = frames(slipped, track)
        assert shown[100] == ("shots/a.mp4", 130) and shown[199] == ("shots/a.mp4", 229) and len(shown) == 300
    assert Slip(middle.id, 500).apply(tl).tracks[0].items[1].source_range.start == 200  # the source's end
    with pytest.raises(EditError, match="all the source"):
        Slip(tl.tracks[0].items[0].id, -1).apply(tl)


def test_suggestion_decisions_survive_reanalysis():
    tl = timeline_from_media(SOURCE)
    cut = Suggestion("cut", SOURCE.path, FrameRange(99, 2), 0.9, "test-model 1")
    tl = AddSuggestions((cut,)).apply(tl)
    tl = SetSuggestionStatus(cut.id, SuggestionStatus.REJECTED).apply(tl)
    again = Suggestion("cut", SOURCE.path, FrameRange(99, 2), 0.95, "test-model 2")
    new = Suggestion("cut", SOURCE.path, FrameRange(199, 2), 0.8, "test-model 2")
    tl = AddSuggestions((again, new)).apply(tl)
    assert len(tl.suggestions) == 2
    assert tl.suggestion(cut.id).status is SuggestionStatus.REJECTED
    assert tl.suggestion(cut.id).confidence == 0.9
    refreshed = AddSuggestions((Suggestion("cut", SOURCE.path, FrameRange(200, 1), 0.85, "m"),)).apply(tl)
    assert len(refreshed.suggestions) == 2
    assert refreshed.suggestion(new.id).confidence == 0.85  # refreshed in place, same id
    weaker = AddSuggestions((Suggestion("cut", SOURCE.path, FrameRange(200, 1), 0.7, "m"),)).apply(refreshed)
    assert weaker.suggestion(new.id).confidence == 0.85  # the more confident one stays


def _cut(start: int, duration: int, confidence: float, kind: str = "cut", source: str = SOURCE.path) -> Suggestion:
    return Suggestion(kind, source, FrameRange(start, duration), confidence, "m")


@pytest.mark.parametrize(
    ("a", "b", "near"),
    [
        ((99, 2), (99, 2), True),
        ((99, 2), (102, 2), True),  # 100 and 102: two frames apart
        ((99, 2), (103, 2), False),  # three frames apart
        ((102, 2), (99, 2), True),  # either order
        ((103, 2), (99, 2), False),
        ((90, 30), (121, 2), True),  # a gradual transition and a cut at its tail
        ((50, 0), (52, 2), True),  # a zero-length range counts as its start
    ],
    ids=["same", "2-apart", "3-apart", "2-apart-reversed", "3-apart-reversed", "gradual-tail", "empty-range"],
)
def test_near_duplicates_are_within_two_frames(a, b, near):
    assert near_duplicates(_cut(*a, 0.5), _cut(*b, 0.5)) is near


def test_near_duplicates_need_the_same_kind_and_source():
    assert not near_duplicates(_cut(99, 2, 0.5), _cut(99, 2, 0.5, kind="grade"))
    assert not near_duplicates(_cut(99, 2, 0.5), _cut(99, 2, 0.5, source=OTHER.path))


def test_merge_prunes_near_duplicates_keeping_the_most_confident():
    first = _cut(99, 2, 0.6)
    merged = merge_suggestions((first,), [_cut(100, 2, 0.9), _cut(101, 2, 0.7), _cut(300, 2, 0.5)])
    assert [(s.source_range.start, s.confidence) for s in merged] == [(100, 0.9), (300, 0.5)]
    assert merged[0].id == first.id  # the place and id of the one already shown
    # Duplicates inside one batch (overlapping detector windows) are pruned too.
    batch = merge_suggestions((), [_cut(10, 2, 0.5), _cut(11, 2, 0.8), _cut(12, 2, 0.4)])
    assert [(s.source_range.start, s.confidence) for s in batch] == [(11, 0.8)]


def test_neighbouring_shots_grades_stay_apart_and_a_rerun_refreshes_them():
    first, second = _cut(0, 150, 0.6, kind="grade"), _cut(150, 129, 0.6, kind="grade")
    merged = merge_suggestions((), [first, second])
    assert len(merged) == 2  # abutting shots are two proposals, not near-duplicates
    rerun = merge_suggestions(merged, [_cut(0, 150, 0.4, kind="grade")])
    assert rerun[0].confidence == 0.4 and rerun[0].id == first.id


def test_merge_never_drops_a_decision():
    decided = _cut(99, 2, 0.3).with_status(SuggestionStatus.ACCEPTED)
    rejected = _cut(200, 2, 0.4).with_status(SuggestionStatus.REJECTED)
    merged = merge_suggestions((decided, rejected), [_cut(100, 2, 0.99), _cut(201, 2, 0.95)])
    assert merged == (decided, rejected)


def test_merge_of_a_long_rerun_stays_fast():
    existing = tuple(_cut(10 * i, 2, 0.5) for i in range(3000))
    again = [_cut(10 * i + 1, 2, 0.6) for i in range(3000)]
    merged = merge_suggestions(existing, again)
    assert len(merged) == 3000 and all(s.confidence == 0.6 for s in merged)
    assert [s.id for s in merged] == [s.id for s in existing]


def test_suggestion_validation():
    with pytest.raises(ValueError):
        Suggestion("nonsense", "a", FrameRange(0, 1), 0.5, "m")
    with pytest.raises(ValueError):
        Suggestion("cut", "a", FrameRange(0, 1), 1.5, "m")
    assert Suggestion("effect:zoom", "a", FrameRange(0, 1), 0.5, "m").kind == "effect:zoom"


def test_transaction_is_one_step_and_rolls_back():
    history = History(timeline_from_media(SOURCE))
    start = history.timeline
    seen: list[int] = []
    history.subscribe(lambda old, new: seen.append(new.duration))
    with history.transaction("Cut twice"):
        history.apply(Split(100))
        history.apply(Split(200))
    assert history.undo_description == "Cut twice"
    assert history.undo() and history.timeline is start
    assert history.redo() and len(history.timeline.tracks[0].items) == 3
    before = history.timeline
    with pytest.raises(EditError), history.transaction("Broken"):
        history.apply(Split(50))
        history.apply(Split(0))
    assert history.timeline is before
    assert history.undo_description == "Cut twice"
    assert seen  # listeners heard every change


def test_an_edit_that_changes_nothing_is_no_undo_step():
    history = History(timeline_from_media(SOURCE))
    history.mark_saved()
    applied: list[Timeline] = []

    class Counted(Split):
        def apply(self, timeline: Timeline) -> Timeline:
            applied.append(timeline)
            return super().apply(timeline)

    assert history.apply_if_changed(Counted(100), "Cut")
    assert history.undo_description == "Cut" and history.is_dirty
    assert len(applied) == 1  # the edit ran once, not once to compare and again to apply
    after = history.timeline

    class Unchanged:  # as accepting a cut accepted already: an equal timeline
        description = "Accept Cut"

        def apply(self, timeline: Timeline) -> Timeline:
            return replace(timeline)

    unchanged = Unchanged()
    assert not history.apply_if_changed(unchanged, "Cut again")
    assert history.timeline is after and history.undo_description == "Cut"
    history.mark_saved()
    assert not history.apply_if_changed(unchanged, "Cut again") and not history.is_dirty


def test_dirty_tracking():
    history = History(timeline_from_media(SOURCE))
    assert not history.is_dirty
    history.apply(Split(10))
    assert history.is_dirty
    history.mark_saved()
    assert not history.is_dirty
    history.undo()
    assert history.is_dirty


# --- property tests: any edits, then undo all, give back the first timeline exactly -----

edit_intent = st.one_of(
    st.tuples(st.just("split"), st.floats(0, 1)),
    st.tuples(st.just("trim_in"), st.integers(0, 50), st.integers(-20, 20)),
    st.tuples(st.just("trim_out"), st.integers(0, 50), st.integers(-20, 20)),
    st.tuples(st.just("delete"), st.integers(0, 50)),
    st.tuples(st.just("move"), st.integers(0, 50), st.floats(0, 1)),
    st.tuples(st.just("insert"), st.integers(0, 1), st.floats(0, 1.2), st.integers(1, 40)),
    st.tuples(st.just("marker"), st.floats(0, 1)),
    st.tuples(st.just("suggest"), st.integers(0, 299), st.sampled_from(list(SuggestionStatus))),
)


def resolve(intent: tuple, tl: Timeline):
    """Turn a random intent into a concrete edit on the current timeline."""
    kind, *args = intent
    items = [item for track in tl.tracks for item in track.items]
    pick = (lambda i: items[i % len(items)].id) if items else (lambda i: "missing")
    at = lambda f: int(f * max(tl.duration, 1))  # noqa: E731
    match kind:
        case "split":
            return Split(at(args[0]))
        case "trim_in":
            return TrimIn(pick(args[0]), args[1])
        case "trim_out":
            return TrimOut(pick(args[0]), args[1])
        case "delete":
            return RippleDelete((pick(args[0]),))
        case "move":
            return Move(pick(args[0]), at(args[1]))
        case "insert":
            return Insert(((args[0] % len(tl.tracks), Clip(OTHER, FrameRange(0, args[2]))),), at(args[1]))
        case "marker":
            return AddMarker(Marker(at(args[0]), "m"))
        case "suggest":
            s = Suggestion("cut", SOURCE.path, FrameRange(args[0], 1), 0.5, "m")
            return AddSuggestions((s,)), SetSuggestionStatus(s.id, args[1])
    raise AssertionError(kind)


@settings(max_examples=150, deadline=None)
@given(st.lists(edit_intent, min_size=1, max_size=25))
def test_undo_all_restores_the_first_timeline_and_redo_the_last(intents):
    history = History(timeline_from_media(SOURCE))
    first = history.timeline
    states = [first]
    for intent in intents:
        edits = resolve(intent, history.timeline)
        edits = edits if isinstance(edits, tuple) else (edits,)
        try:
            with history.transaction("step"):
                for edit in edits:
                    history.apply(edit)
        except EditError:
            assert history.timeline == states[-1]
            continue
        assert linked_clips_aligned(history.timeline)
        assert all(item.duration > 0 for t in history.timeline.tracks for item in t.items)
        states.append(history.timeline)
    last = history.timeline
    undone = 0
    while history.undo():
        undone += 1
        assert history.timeline == states[-1 - undone]
    assert history.timeline == first
    while history.redo():
        pass
    assert history.timeline == last


def test_analysis_results_survive_undo_and_redo():
    history = History(timeline_from_media(SOURCE))
    history.apply(Split(100))
    history.apply(Split(200))
    history.undo()
    cut = Suggestion("cut", SOURCE.path, FrameRange(49, 2), 0.8, "model")
    history.mark_saved()
    history.amend_all(AddSuggestions((cut,)))
    assert history.timeline.suggestion(cut.id) is not None and not history.is_dirty
    history.redo()
    assert history.timeline.suggestion(cut.id) is not None
    while history.undo():
        assert history.timeline.suggestion(cut.id) is not None
    assert len(history.timeline.tracks[0].items) == 1


def test_the_revision_moves_with_the_editors_steps_not_with_analysis_results():
    # A job started at one revision (Match Other Shots) tells an edit, undo or redo made
    # meanwhile from news arriving, and from Redo merely holding a step.
    history = History(timeline_from_media(SOURCE))
    history.apply(Split(100))
    history.undo()
    start = history.revision
    history.amend_all(AddSuggestions((Suggestion("cut", SOURCE.path, FrameRange(49, 2), 0.8, "model"),)))
    assert history.revision == start and history.can_redo
    for change in (lambda: history.redo(), lambda: history.undo(), lambda: history.apply(Split(50))):
        before = history.revision
        change()
        assert history.revision > before
    with pytest.raises(EditError):
        history.apply(Split(0))  # refused: nothing changed
    assert history.revision == before + 1


def test_edits_with_one_merge_key_in_a_row_are_one_undo_step():
    # A slider stepped key by key: each press an edit, one undo step for the run.
    grade = Suggestion("grade", SOURCE.path, FrameRange(0, 100), 0.8, "model", {"exposure": 0.0})
    history = History(timeline_from_media(SOURCE), clock=lambda: 0.0)  # every press at once
    history.amend_all(AddSuggestions((grade,)))
    start = history.timeline

    def step(exposure: float, merge=("g", "exposure")) -> None:
        history.apply(UpdateSuggestion(replace(grade, params={"exposure": exposure})), merge)

    for exposure in (0.1, 0.2, 0.3):
        step(exposure)
    cut = Suggestion("cut", SOURCE.path, FrameRange(49, 2), 0.8, "model")
    history.amend_all(AddSuggestions((cut,)))  # results arriving mid-run do not break it
    step(0.4)
    assert history.timeline.suggestion(grade.id).params == {"exposure": 0.4}
    history.undo()
    assert history.timeline.suggestion(grade.id).params == {"exposure": 0.0}
    assert history.timeline.suggestion(cut.id) is not None and not history.can_undo
    # Another key, or none, starts a step of its own; so does a key press after an undo,
    # even on the slider of the step now last.
    history.redo()
    step(0.5, ("g", "contrast"))
    step(0.6, None)
    step(0.7, None)
    history.undo()
    history.undo()
    step(0.8, ("g", "contrast"))
    exposures = []
    while history.undo():
        exposures.append(history.timeline.suggestion(grade.id).params["exposure"])
    assert exposures == [0.5, 0.4, 0.0]
    assert history.timeline.suggestion(grade.id) == start.suggestion(grade.id)
    # A save ends a run: undo comes back to what was saved.
    step(0.1)
    history.mark_saved()
    step(0.2)
    assert history.is_dirty
    history.undo()
    assert not history.is_dirty and history.timeline.suggestion(grade.id).params == {"exposure": 0.1}


def test_a_pause_between_edits_with_one_merge_key_ends_the_undo_step():
    # As typing: presses on one slider minutes apart are steps of their own.
    grade = Suggestion("grade", SOURCE.path, FrameRange(0, 100), 0.8, "model", {"exposure": 0.0})
    now = [100.0]
    history = History(timeline_from_media(SOURCE), clock=lambda: now[0])
    history.amend_all(AddSuggestions((grade,)))

    def press(exposure: float, later: float) -> None:
        now[0] += later
        history.apply(UpdateSuggestion(replace(grade, params={"exposure": exposure})), ("g", "exposure"))

    press(0.1, 0)
    press(0.2, 0.4)
    press(0.3, MERGE_PAUSE_S - 0.1)  # the gap is measured from the previous press, not the first
    press(0.4, MERGE_PAUSE_S + 0.5)  # a pause: a new step
    press(0.5, 120)  # minutes later, nothing in between: a new step too
    exposures = []
    while history.undo():
        exposures.append(history.timeline.suggestion(grade.id).params["exposure"])
    assert exposures == [0.4, 0.3, 0.0]


def test_a_press_after_a_redo_or_a_saves_snapshot_starts_a_step_of_its_own():
    grade = Suggestion("grade", SOURCE.path, FrameRange(0, 100), 0.8, "model", {"exposure": 0.0})
    history = History(timeline_from_media(SOURCE), clock=lambda: 0.0)  # every press at once
    history.amend_all(AddSuggestions((grade,)))

    def press(exposure: float) -> None:
        history.apply(UpdateSuggestion(replace(grade, params={"exposure": exposure})), ("g", "exposure"))

    def exposure() -> float:
        return history.timeline.suggestion(grade.id).params["exposure"]

    press(0.1)
    history.undo()
    history.redo()
    press(0.2)  # as after an undo, a text editor starts a new group
    history.undo()
    assert exposure() == 0.1
    history.redo()
    press(0.25)  # after the redo, a step of its own
    # A background save takes its snapshot and ends the run; a press while it writes is new.
    snapshot = history.timeline
    history.end_run()
    press(0.3)
    history.mark_saved(snapshot)
    assert history.is_dirty
    history.undo()
    assert exposure() == 0.25 and not history.is_dirty  # undo still reaches what is on disk
    history.undo()
    assert exposure() == 0.2



def test_results_arriving_during_a_save_leave_the_document_saved():
    # A background save writes a snapshot; analysis results amend it while it is written.
    history = History(timeline_from_media(SOURCE))
    history.apply(Split(100))
    snapshot = history.timeline
    first = Suggestion("cut", SOURCE.path, FrameRange(49, 2), 0.8, "model")
    second = Suggestion("cut", SOURCE.path, FrameRange(149, 2), 0.8, "model")
    history.amend_all(AddSuggestions((first,)))
    history.amend_all(AddSuggestions((second,)))
    history.mark_saved(snapshot)
    assert not history.is_dirty
    # An edit of the user's while the save ran is still unsaved.
    history.apply(Split(150))
    snapshot = history.timeline
    history.apply(Split(160))
    history.amend_all(AddSuggestions((Suggestion("cut", SOURCE.path, FrameRange(9, 2), 0.8, "m"),)))
    history.mark_saved(snapshot)
    assert history.is_dirty


def _merged_by_scanning(existing, incoming):
    """merge_suggestions' rule applied by comparing each proposal with every suggestion."""
    merged = list(existing)
    for new in incoming:
        near = [i for i, old in enumerate(merged) if near_duplicates(old, new)]
        twins = sorted(near, key=lambda i: (merged[i].source_range.start, i))
        if not twins:
            merged.append(new)
        elif not any(merged[i].is_decided for i in twins):
            best = max(twins, key=lambda i: merged[i].confidence)
            if new.kind != "cut" or new.confidence >= merged[best].confidence:
                merged[best] = replace(new, id=merged[best].id)
    return tuple(merged)


proposals = st.lists(
    st.tuples(
        st.sampled_from(["cut", "grade"]),
        st.sampled_from(["a.mp4", "b.mp4"]),
        st.integers(0, 3000),
        st.one_of(st.integers(0, 6), st.integers(0, 3000)),  # cuts and shots, some very long
        st.sampled_from([0.3, 0.5, 0.5, 0.9]),
    ),
    max_size=40,
)


@settings(max_examples=150, deadline=None)
@given(proposals, proposals)
def test_merging_finds_every_near_duplicate_whatever_the_lengths(first, second):
    def made(entries):
        return [Suggestion(k, s, FrameRange(a, d), c, "m") for k, s, a, d, c in entries]

    existing = merge_suggestions((), made(first))
    incoming = made(second)
    assert merge_suggestions(existing, incoming) == _merged_by_scanning(existing, incoming)


def test_footage_laid_over_the_edit_goes_on_new_tracks_and_moves_nothing():
    tl = timeline_from_media(SOURCE)
    music = MediaReference("sound/music.wav", RATE, 90, has_video=False)
    out = OverlayMedia((OTHER, SOURCE, music), 40).apply(tl)
    kinds = [(t.kind, [(type(i).__name__, i.duration) for i in t.items]) for t in out.tracks]
    assert kinds == [
        (TrackKind.VIDEO, [("Clip", 300)]),
        # The picture above: B from frame 40, then A; the music has none (a gap).
        (TrackKind.VIDEO, [("Gap", 40), ("Clip", 120), ("Clip", 300)]),
        (TrackKind.AUDIO, [("Clip", 300)]),
        # Its sound under the rest: nothing under B's silent picture, A's sound, the music.
        (TrackKind.AUDIO, [("Gap", 160), ("Clip", 300), ("Clip", 90)]),
    ]
    assert out.tracks[0] is tl.tracks[0] and out.tracks[2] is tl.tracks[1]  # nothing moved
    ids = [item.id for track in out.tracks for item in track.items]
    assert len(ids) == len(set(ids))  # each new track its own lead gap
    picture_a, sound_a = out.tracks[1].items[2], out.tracks[3].items[1]
    assert picture_a.link is not None and picture_a.link == sound_a.link
    assert out.duration == 40 + 120 + 300 + 90
    assert OverlayMedia((OTHER,), 0).description == "Add b.mp4 Above"
    only_picture = OverlayMedia((OTHER,), 0).apply(tl)
    assert [t.kind for t in only_picture.tracks] == [TrackKind.VIDEO, TrackKind.VIDEO, TrackKind.AUDIO]
    for bad, message in ((OverlayMedia((), 0), "nothing to add"), (OverlayMedia((OTHER,), -1), "before the start")):
        with pytest.raises(EditError, match=message):
            bad.apply(tl)


def test_footage_over_the_edit_trims_and_deletes_alone_and_rides_along_with_the_edit():
    tl = OverlayMedia((SOURCE,), 40).apply(timeline_from_media(SOURCE))  # V1 V2 A1 A2
    v1, v2, a1, a2 = tl.tracks
    broll = v2.items[1]
    # Trimming or deleting what lies over the edit never touches the edit under it.
    for edit in (TrimOut(broll.id, -100), TrimIn(broll.id, 30), RippleDelete((broll.id,)), Move(broll.id, 10)):
        out = edit.apply(tl)
        assert out.tracks[0] is v1 and out.tracks[2] is a1, edit
    assert [i.duration for i in TrimOut(broll.id, -100).apply(tl).tracks[3].items] == [40, 200]  # its sound too
    assert [type(i).__name__ for i in Move(broll.id, 10).apply(tl).tracks[1].items] == ["Gap", "Clip"]
    # An edit of the edit itself moves what lies over it, which stays in sync.
    out = RippleDelete((v1.items[0].id,)).apply(Split(20).apply(tl))
    assert [(type(i).__name__, i.duration) for i in out.tracks[1].items] == [("Gap", 20), ("Clip", 300)]
    assert rippled_tracks(tl, {1, 3}) == {1, 3} and rippled_tracks(tl, {0}) == {0, 1, 2, 3}


def test_empty_tracks_are_deleted_but_the_edits_own_picture_and_sound():
    tl = OverlayMedia((SOURCE,), 40).apply(timeline_from_media(SOURCE))  # V1 V2 A1 A2
    broll = tl.tracks[1].items[1]
    emptied = RippleDelete((broll.id,)).apply(tl)
    assert [len(list(t.clips())) for t in emptied.tracks] == [1, 0, 1, 0]
    out = RemoveEmptyTracks().apply(emptied)
    assert [t.id for t in out.tracks] == [tl.tracks[0].id, tl.tracks[2].id]
    with pytest.raises(EditError, match="no empty track"):
        RemoveEmptyTracks().apply(out)
    bare = RemoveEmptyTracks().apply(replace(emptied, tracks=tuple(replace(t, items=()) for t in emptied.tracks)))
    assert [t.kind for t in bare.tracks] == [TrackKind.VIDEO, TrackKind.AUDIO]  # V1 and A1 stay, empty


def test_a_split_that_cuts_nothing_says_why():
    timeline = Split(100).apply(timeline_from_media(SOURCE))
    said = {}
    for frame in (0, 100, timeline.duration):
        with pytest.raises(EditError) as error:
            Split(frame).apply(timeline)
        said[frame] = str(error.value)
    assert said[0].endswith("it is the start of the timeline")
    assert said[100].endswith("there is a cut there already")
    assert said[timeline.duration].endswith("it is the end of the timeline")
    with pytest.raises(EditError, match="the timeline is empty"):
        Split(0).apply(Timeline(rate=Fraction(25)))


def test_deciding_a_grade_leaves_the_tracks_as_they_were():
    """Views key on the tracks: a decision that cuts nothing must not make new ones."""
    timeline = timeline_from_media(SOURCE)
    grade = Suggestion("grade", SOURCE.path, FrameRange(0, 50), 0.9, "test", {})
    timeline = AddSuggestions((grade,)).apply(timeline)
    decided = DecideSuggestions((grade.id,), SuggestionStatus.ACCEPTED).apply(timeline)
    assert decided.suggestion(grade.id).status is SuggestionStatus.ACCEPTED
    assert decided.tracks is timeline.tracks
